/// The depthwise convolution (one filter per channel, `groups == inputChannels ==
/// outputChannels`) computed directly over NHWC windows. The general path would run one
/// im2col and one GEMM per channel with a single output column (mobilenet then took about
/// 5× vgg's time per image, docs/TRAINING.md); here each window tap is one multiply-add
/// across all channels, which vectorizes.
extension Convolution {

    /// OHWI depthwise weights (`[channel][tap]`) as `[tap][channel]`, so a tap's weights
    /// for consecutive channels are contiguous like the NHWC activations they multiply.
    private func tapMajorWeights(_ weights: UnsafePointer<Float>) -> UnsafeMutablePointer<Float> {
        let taps = window.kernelHeight * window.kernelWidth, channels = outputChannels
        let transposed = UnsafeMutablePointer<Float>.allocate(capacity: taps * channels)
        for channel in 0..<channels {
            for tap in 0..<taps { transposed[tap * channels + channel] = weights[channel * taps + tap] }
        }
        return transposed
    }

    func depthwiseForward(_ input: Tensor, outputShape: ActivationShape, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?) -> Tensor {
        var output = Tensor(zeros: outputShape, batch: input.batch)
        let channels = outputChannels
        let tapWeights = tapMajorWeights(weights)
        defer { tapWeights.deallocate() }
        input.values.withUnsafeBufferPointer { x in
            output.values.withUnsafeMutableBufferPointer { y in
                forEachWindow(window, input: input.shape, output: outputShape, batch: input.batch) { outputOffset, taps in
                    let sum = y.baseAddress! + outputOffset
                    if let bias {
                        for channel in 0..<channels { sum[channel] = bias[channel] }
                    }
                    for tap in taps {
                        let values = x.baseAddress! + tap.inputOffset, filter = tapWeights + tap.kernelIndex &* channels
                        for channel in 0..<channels { sum[channel] += values[channel] * filter[channel] }
                    }
                }
            }
        }
        return output
    }

    /// Accumulates the weight and bias gradients and returns the input gradient (nil when
    /// `needsInputGradient` is false).
    func depthwiseBackward(
        input: Tensor, outputGradient: Tensor, weights: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>?,
        needsInputGradient: Bool
    ) -> Tensor? {
        let channels = outputChannels, taps = window.kernelHeight * window.kernelWidth
        let tapWeights = tapMajorWeights(weights)
        let tapGradient = UnsafeMutablePointer<Float>.allocate(capacity: taps * channels)
        tapGradient.initialize(repeating: 0, count: taps * channels)
        defer {
            tapWeights.deallocate()
            tapGradient.deallocate()
        }
        var inputGradient = [Float](repeating: 0, count: needsInputGradient ? input.values.count : 0)
        input.values.withUnsafeBufferPointer { x in
            outputGradient.values.withUnsafeBufferPointer { dy in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    forEachWindow(window, input: input.shape, output: outputGradient.shape, batch: input.batch) { outputOffset, windowTaps in
                        let gradient = dy.baseAddress! + outputOffset
                        for tap in windowTaps {
                            let values = x.baseAddress! + tap.inputOffset
                            let filterGradient = tapGradient + tap.kernelIndex &* channels
                            for channel in 0..<channels { filterGradient[channel] += gradient[channel] * values[channel] }
                            guard needsInputGradient else { continue }
                            let filter = tapWeights + tap.kernelIndex &* channels, destination = dx.baseAddress! + tap.inputOffset
                            for channel in 0..<channels { destination[channel] += gradient[channel] * filter[channel] }
                        }
                    }
                }
                if let biasGradient {
                    sumRows(dy.baseAddress!, rows: dy.count / channels, columns: channels, into: biasGradient)
                }
            }
        }
        for channel in 0..<channels {
            for tap in 0..<taps { weightGradient[channel * taps + tap] += tapGradient[tap * channels + channel] }
        }
        return needsInputGradient ? Tensor(batch: input.batch, shape: input.shape, values: inputGradient) : nil
    }
}
