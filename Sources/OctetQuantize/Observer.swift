import Foundation

/// How calibration turns the values a tensor took into the range it is quantized to.
///
/// Every observer is deterministic: the same calibration images give the same ranges.
public enum Observer: Hashable, Sendable, CustomStringConvertible {
    /// The smallest and largest value seen: nothing is clipped, but one outlier coarsens
    /// the step for every other value.
    case minMax
    /// Clips `100 − p` percent of all values, half from each tail: `percentile(99.99)`
    /// clips at the 0.005th and the 99.995th percentile (a tail on the far side of 0, as
    /// for ReLU outputs, has nothing to clip).
    case percentile(Double)
    /// The range whose quantized distribution is closest in Kullback–Leibler divergence to
    /// the observed one (TensorRT's and ncnn's entropy calibration), per side of 0.
    case entropy
    /// The range with the least mean squared quantization error (rounding plus clipping)
    /// over the observed values.
    case meanSquaredError

    /// Parses `minmax`, `percentile` (99.99), `percentile:99.9`, `entropy`, `mse`.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "minmax", "min-max": self = .minMax
        case "entropy", "kl": self = .entropy
        case "mse": self = .meanSquaredError
        case "percentile": self = .percentile(99.99)
        default:
            let parts = text.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "percentile", let value = Double(parts[1]),
                  value > 50, value <= 100
            else { return nil }
            self = .percentile(value)
        }
    }

    public static let allNames = ["minmax", "percentile[:P]", "entropy", "mse"]

    public var description: String {
        switch self {
        case .minMax: "minmax"
        case .percentile(let value): "percentile:\(value)"
        case .entropy: "entropy"
        case .meanSquaredError: "mse"
        }
    }

    /// Whether the range is chosen from a histogram, which needs a second calibration pass
    /// (the first one finds the histogram's limits).
    var needsHistogram: Bool { self != .minMax }

    /// The range for a tensor whose values spanned `extremes` and filled `histogram`.
    func range(extremes: ActivationRange, histogram: Histogram?) -> ActivationRange {
        guard let histogram, histogram.total > 0 else { return extremes }
        switch self {
        case .minMax:
            return extremes
        case .percentile(let percentile):
            let clippedPerTail = Int((Double(histogram.total) * (100 - percentile) / 200).rounded(.down))
            return ActivationRange(
                -Float(Self.percentileThreshold(histogram.negative, clipping: clippedPerTail)),
                Float(Self.percentileThreshold(histogram.positive, clipping: clippedPerTail)))
        case .entropy:
            // A side alone gets all 256 levels; two sides share them.
            let bothSides = histogram.negative.total > 0 && histogram.positive.total > 0
            let levels = bothSides ? 128 : 256
            return ActivationRange(
                -Float(Self.entropyThreshold(histogram.negative, levels: levels)),
                Float(Self.entropyThreshold(histogram.positive, levels: levels)))
        case .meanSquaredError:
            return Self.meanSquaredErrorRange(histogram)
        }
    }

    // MARK: - Percentile

    /// The upper edge of the highest bin such that at most `clipping` values lie above it.
    static func percentileThreshold(_ side: Histogram.Side, clipping: Int) -> Double {
        var above = 0
        for bin in stride(from: Histogram.binCount - 1, through: 0, by: -1) {
            if above + side.counts[bin] > clipping { return Double(bin + 1) * side.binWidth }
            above += side.counts[bin]
        }
        return 0
    }

    // MARK: - Entropy

    /// TensorRT's entropy calibration on one side: for a candidate threshold of `i` bins, the
    /// reference distribution is the first `i` bins with everything beyond added to the last
    /// one; the candidate is those `i` bins merged into `levels` quantization levels and
    /// spread back over the bins that were non-empty. The threshold with the least KL
    /// divergence wins, at the middle of its last bin.
    ///
    /// Thresholds from `levels` to all bins are tried every 16 bins, then every bin around
    /// the best of those: about 150 candidates instead of 1,900, for the same choice on
    /// the smooth divergence curves of real activations.
    static func entropyThreshold(_ side: Histogram.Side, levels: Int) -> Double {
        let counts = side.counts.map(Double.init)
        guard side.limit > 0, counts.contains(where: { $0 > 0 }) else { return 0 }
        var suffix = [Double](repeating: 0, count: counts.count + 1)
        for bin in stride(from: counts.count - 1, through: 0, by: -1) { suffix[bin] = suffix[bin + 1] + counts[bin] }
        var candidate = [Double](repeating: 0, count: counts.count)

        func divergence(bins: Int) -> Double {
            let merged = bins / levels
            for level in 0..<levels {
                let start = level * merged
                let stop = level == levels - 1 ? bins : start + merged
                var sum = 0.0
                var nonEmpty = 0
                for bin in start..<stop where counts[bin] > 0 {
                    sum += counts[bin]
                    nonEmpty += 1
                }
                let spread = nonEmpty > 0 ? sum / Double(nonEmpty) : 0
                for bin in start..<stop { candidate[bin] = counts[bin] > 0 ? spread : 0 }
            }
            return klDivergence(counts, outliers: suffix[bins], candidate, bins: bins)
        }

        let first = Swift.min(levels, counts.count)
        let coarseStep = 16
        var best = (divergence: Double.infinity, bins: counts.count)
        func consider(_ bins: Int) {
            let value = divergence(bins: bins)
            if value < best.divergence { best = (value, bins) }
        }
        for bins in stride(from: first, through: counts.count, by: coarseStep) { consider(bins) }
        consider(counts.count)
        let center = best.bins
        for bins in Swift.max(first, center - coarseStep + 1)...Swift.min(counts.count, center + coarseStep - 1) where bins != center {
            consider(bins)
        }
        return (Double(best.bins) - 0.5) * side.binWidth
    }

    /// KL(P‖Q) where P is `reference[0..<bins]` with `outliers` added to its last bin and Q is
    /// `candidate[0..<bins]`, both unnormalized. Where Q is 0 but P is not (a bin only the
    /// outliers filled), Q is smoothed with a small share of its mass, as MXNet's
    /// calibration does.
    static func klDivergence(_ reference: [Double], outliers: Double, _ candidate: [Double], bins: Int) -> Double {
        let epsilon = 1e-4
        var pTotal = outliers
        var qTotal = 0.0
        var zeros = 0
        var nonZeros = 0
        for bin in 0..<bins {
            let p = bin == bins - 1 ? reference[bin] + outliers : reference[bin]
            pTotal += reference[bin]
            qTotal += candidate[bin]
            if candidate[bin] > 0 { nonZeros += 1 } else if p > 0 { zeros += 1 }
        }
        guard pTotal > 0 else { return 0 }
        guard qTotal > 0 else { return .infinity }
        // Smoothing moves epsilon · zeros of probability mass from non-empty to empty bins.
        let taken = epsilon * Double(zeros) / Double(nonZeros)
        var divergence = 0.0
        for bin in 0..<bins {
            let pCount = bin == bins - 1 ? reference[bin] + outliers : reference[bin]
            guard pCount > 0 else { continue }
            let p = pCount / pTotal
            let q = candidate[bin] > 0 ? candidate[bin] / qTotal - taken : epsilon
            divergence += p * log(p / Swift.max(q, 1e-12))
        }
        return divergence
    }

    // MARK: - Mean squared error

    /// Coordinate descent over the two bounds: the upper bound with the lower one at its
    /// extreme, then the lower bound, then the upper bound again. Each search tries every
    /// 8th of 256 fractions of the extreme, then every fraction around the best of those.
    /// The error of a bin is that of its center, weighted by its count.
    static func meanSquaredErrorRange(_ histogram: Histogram) -> ActivationRange {
        // Non-empty bins as (signed center, count): ReLU outputs leave half of them empty.
        var samples: [(value: Double, count: Double)] = []
        for bin in 0..<Histogram.binCount {
            if histogram.positive.counts[bin] > 0 {
                samples.append((histogram.positive.center(bin), Double(histogram.positive.counts[bin])))
            }
            if histogram.negative.counts[bin] > 0 {
                samples.append((-histogram.negative.center(bin), Double(histogram.negative.counts[bin])))
            }
        }
        func bestBound(limit: Double, error: (Double) -> Double) -> Double {
            guard limit > 0 else { return 0 }
            let fractions = 256
            let coarseStep = 8
            var best = (error: Double.infinity, step: fractions)
            func consider(_ step: Int) {
                let value = error(limit * Double(step) / Double(fractions))
                if value < best.error { best = (value, step) }
            }
            for step in stride(from: fractions, through: 1, by: -coarseStep) { consider(step) }
            let center = best.step
            for step in Swift.max(1, center - coarseStep + 1)...Swift.min(fractions, center + coarseStep - 1) where step != center {
                consider(step)
            }
            return limit * Double(best.step) / Double(fractions)
        }
        var upper = histogram.positive.limit
        var lower = histogram.negative.limit
        upper = bestBound(limit: histogram.positive.limit) { squaredError(samples, lower: lower, upper: $0) }
        lower = bestBound(limit: histogram.negative.limit) { squaredError(samples, lower: $0, upper: upper) }
        upper = bestBound(limit: histogram.positive.limit) { squaredError(samples, lower: lower, upper: $0) }
        return ActivationRange(-Float(lower), Float(upper))
    }

    /// Σ count · (x − dequantize(quantize(x)))² for the int8 grid of the range [−lower, upper].
    static func squaredError(_ samples: [(value: Double, count: Double)], lower: Double, upper: Double) -> Double {
        let parameters = QuantizationParameters(range: ActivationRange(-Float(lower), Float(upper)))
        let scale = Double(parameters.scale)
        let zeroPoint = Double(parameters.zeroPoint)
        var total = 0.0
        for sample in samples {
            let q = Swift.min(Swift.max((sample.value / scale).rounded(.toNearestOrAwayFromZero) + zeroPoint, -128), 127)
            let difference = sample.value - scale * (q - zeroPoint)
            total += sample.count * difference * difference
        }
        return total
    }
}
