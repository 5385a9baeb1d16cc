import OctetFormat
import OctetRuntime

/// Weights quantized symmetrically per output channel (docs/QUANTIZATION.md): for channel `c`,
/// `scale[c] = max |w| / 127`, `q = round(w / scale[c])` in [−127, 127], zero point 0.
struct ChannelWeights: Equatable {
    var values: [Int8]
    var scales: [Float]

    /// `weights` is output-channel-major with `weights.count / channels` values per channel,
    /// split into `groups` groups of consecutive channels. With `correlation` (one matrix
    /// per group) the values are rounded by `CompensatedRounding`, else each to the nearest.
    init(_ weights: [Float], channels: Int, groups: Int = 1, correlation: InputCorrelation? = nil) {
        let perChannel = weights.count / channels
        let scales = (0..<channels).map { channel in
            let largest = weights[channel * perChannel..<(channel + 1) * perChannel].reduce(Float(0)) { Swift.max($0, abs($1)) }
            // An all-zero channel quantizes to zeros at any scale; 1/127 keeps it positive.
            return largest > 0 ? largest / 127 : 1 / 127
        }
        self.scales = scales
        guard let correlation else {
            values = weights.indices.map { CompensatedRounding.nearest(Double(weights[$0]), scale: scales[$0 / perChannel]) }
            return
        }
        precondition(correlation.size == perChannel && correlation.sums.count == groups, "the correlation does not fit the weights")
        let rows = channels / groups
        values = (0..<groups).flatMap { group in
            CompensatedRounding.round(
                weights[group * rows * perChannel..<(group + 1) * rows * perChannel], rows: rows, firstRow: group * rows,
                scales: scales, correlation: correlation.sums[group], size: perChannel)
        }
    }

    /// Int32 biases with scale `inputScale · scales[c]` and zero point 0; nil bias gives zeros.
    func biases(_ bias: [Float]?, inputScale: Float, node: String) throws(QuantizationError) -> [Int32] {
        var result: [Int32] = []
        for channel in scales.indices {
            let real = Double(bias?[channel] ?? 0)
            let q = (real / (Double(inputScale) * Double(scales[channel]))).rounded(.toNearestOrAwayFromZero)
            guard q >= Double(Int32.min), q <= Double(Int32.max) else {
                throw .valueOutOfRange(node: node, reason: "bias \(real) of channel \(channel) does not fit an int32 at scale \(Double(inputScale) * Double(scales[channel]))")
            }
            result.append(Int32(q))
        }
        return result
    }

    /// The Q31 requantization of each channel, `M = inputScale · scales[c] / outputScale`.
    func requantization(inputScale: Float, outputScale: Float, node: String) throws(QuantizationError) -> [QuantizedMultiplier] {
        var result: [QuantizedMultiplier] = []
        for (channel, scale) in scales.enumerated() {
            let real = Double(inputScale) * Double(scale) / Double(outputScale)
            guard let multiplier = QuantizedMultiplier(representing: real) else {
                throw .valueOutOfRange(
                    node: node, reason: "requantization multiplier \(real) of channel \(channel) (input scale \(inputScale) × "
                        + "weight scale \(scale) / output scale \(outputScale)) does not fit Q31 with a shift of at most 31")
            }
            result.append(multiplier)
        }
        return result
    }
}
