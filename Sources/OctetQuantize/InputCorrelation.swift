import OctetTrain

/// `Σ x xᵀ` over the vectors a weighted layer multiplies its weights with — the window of a
/// convolution group at one output pixel (in OHWI filter order, zeros over the padding),
/// or a dense layer's whole input — summed over calibration images. The quantization error
/// of a filter `Δw` adds `Δwᵀ (Σ x xᵀ) Δw` to the layer's squared output error, which is
/// what `CompensatedRounding` minimizes. One matrix per group (a depthwise conv has one
/// per channel).
struct InputCorrelation: Equatable {
    /// Length of the vectors (the filter size).
    let size: Int
    /// Row-major `size × size` sums, one per group.
    private(set) var sums: [[Double]]

    /// Output pixels sampled per example: enough to estimate the matrix, few enough that
    /// calibration stays fast (the sums cost size² per vector).
    static let pixelsPerExample = 8

    /// Empty sums for the inputs of `layer`; nil unless it is a conv or dense layer.
    init?(for layer: Layer) {
        switch layer {
        case .convolution(let convolution): size = convolution.filterSize; sums = Self.zeros(size, convolution.groups)
        case .dense(let dense): size = dense.inputFeatures; sums = Self.zeros(size, 1)
        default: return nil
        }
    }

    /// Given sums, one `size × size` matrix per group.
    init(size: Int, sums: [[Double]]) {
        self.size = size
        self.sums = sums
    }

    private static func zeros(_ size: Int, _ groups: Int) -> [[Double]] {
        [[Double]](repeating: [Double](repeating: 0, count: size * size), count: groups)
    }

    /// Adds the vectors `layer` (the one this was made for) reads from `input`, a batch, at
    /// a few pixels per example chosen by `generator`.
    mutating func add(_ input: Tensor, layer: Layer, outputShape: ActivationShape, generator: inout SeededGenerator) {
        var vector = [Double](repeating: 0, count: size)
        switch layer {
        case .convolution(let convolution):
            let window = convolution.window
            let groupChannels = convolution.inputChannels / convolution.groups
            let shape = input.shape
            for example in 0..<input.batch {
                for _ in 0..<Swift.min(Self.pixelsPerExample, outputShape.height * outputShape.width) {
                    let pixel = Int.random(in: 0..<outputShape.height * outputShape.width, using: &generator)
                    let (outputY, outputX) = pixel.quotientAndRemainder(dividingBy: outputShape.width)
                    for group in sums.indices {
                        var index = 0
                        for kernelY in 0..<window.kernelHeight {
                            let y = window.inputRow(outputY: outputY, kernelY: kernelY)
                            for kernelX in 0..<window.kernelWidth {
                                let x = window.inputColumn(outputX: outputX, kernelX: kernelX)
                                let inside = y >= 0 && y < shape.height && x >= 0 && x < shape.width
                                let base = ((example * shape.height + y) * shape.width + x) * shape.channels + group * groupChannels
                                for channel in 0..<groupChannels {
                                    vector[index] = inside ? Double(input.values[base + channel]) : 0
                                    index += 1
                                }
                            }
                        }
                        accumulate(vector, group: group)
                    }
                }
            }
        case .dense:
            for example in 0..<input.batch {
                for index in 0..<size { vector[index] = Double(input.values[example * size + index]) }
                accumulate(vector, group: 0)
            }
        default:
            preconditionFailure("only conv and dense layers have an input correlation")
        }
    }

    private mutating func accumulate(_ vector: [Double], group: Int) {
        sums[group].withUnsafeMutableBufferPointer { sum in
            for row in 0..<size where vector[row] != 0 {
                let value = vector[row]
                for column in 0..<size { sum[row * size + column] += value * vector[column] }
            }
        }
    }
}
