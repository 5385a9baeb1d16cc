/// Max and average pooling over NHWC windows, with the border rules of the int8 runtime.
enum Pooling {
    /// Calls `body(outputIndex, inputIndices)` per output element, where `inputIndices`
    /// lists (in row-major window order) the flat input indices of the taps inside the input.
    private static func forEachWindow(
        _ window: Window, input: ActivationShape, output: ActivationShape, batch: Int,
        _ body: (Int, [Int]) -> Void
    ) {
        var taps: [Int] = []
        taps.reserveCapacity(window.kernelHeight * window.kernelWidth)
        for example in 0..<batch {
            for outputY in 0..<output.height {
                for outputX in 0..<output.width {
                    let pixelBase = ((example * output.height + outputY) * output.width + outputX) * output.channels
                    for channel in 0..<output.channels {
                        taps.removeAll(keepingCapacity: true)
                        for kernelY in 0..<window.kernelHeight {
                            let y = outputY * window.strideHeight - window.padding.top + kernelY * window.dilationHeight
                            guard y >= 0 && y < input.height else { continue }
                            for kernelX in 0..<window.kernelWidth {
                                let x = outputX * window.strideWidth - window.padding.left + kernelX * window.dilationWidth
                                guard x >= 0 && x < input.width else { continue }
                                taps.append(((example * input.height + y) * input.width + x) * input.channels + channel)
                            }
                        }
                        body(pixelBase + channel, taps)
                    }
                }
            }
        }
    }

    /// Returns the output and, for the backward pass, the input index that won each window.
    static func maxForward(_ input: Tensor, window: Window, outputShape: ActivationShape) -> (Tensor, [Int32]) {
        var output = Tensor(zeros: outputShape, batch: input.batch)
        var winners = [Int32](repeating: 0, count: output.values.count)
        input.values.withUnsafeBufferPointer { x in
            forEachWindow(window, input: input.shape, output: outputShape, batch: input.batch) { outputIndex, taps in
                // A window always has at least one tap inside the input (checked when shapes are computed).
                var best = taps[0]
                for tap in taps.dropFirst() where x[tap] > x[best] { best = tap }
                output.values[outputIndex] = x[best]
                winners[outputIndex] = Int32(best)
            }
        }
        return (output, winners)
    }

    static func maxBackward(outputGradient: Tensor, winners: [Int32], inputShape: ActivationShape) -> Tensor {
        var inputGradient = Tensor(zeros: inputShape, batch: outputGradient.batch)
        for (index, winner) in winners.enumerated() { inputGradient.values[Int(winner)] += outputGradient.values[index] }
        return inputGradient
    }

    static func averageForward(_ input: Tensor, window: Window, outputShape: ActivationShape) -> Tensor {
        var output = Tensor(zeros: outputShape, batch: input.batch)
        forEachWindow(window, input: input.shape, output: outputShape, batch: input.batch) { outputIndex, taps in
            output.values[outputIndex] = taps.reduce(0) { $0 + input.values[$1] } / Float(taps.count)
        }
        return output
    }

    static func averageBackward(outputGradient: Tensor, window: Window, inputShape: ActivationShape) -> Tensor {
        var inputGradient = Tensor(zeros: inputShape, batch: outputGradient.batch)
        forEachWindow(window, input: inputShape, output: outputGradient.shape, batch: outputGradient.batch) { outputIndex, taps in
            let share = outputGradient.values[outputIndex] / Float(taps.count)
            for tap in taps { inputGradient.values[tap] += share }
        }
        return inputGradient
    }

    static func globalAverageForward(_ input: Tensor) -> Tensor {
        let channels = input.shape.channels
        let pixels = input.shape.height * input.shape.width
        var output = Tensor(zeros: ActivationShape(height: 1, width: 1, channels: channels), batch: input.batch)
        input.values.withUnsafeBufferPointer { x in
            output.values.withUnsafeMutableBufferPointer { y in
                for example in 0..<input.batch {
                    sumRows(x.baseAddress! + example * input.exampleSize, rows: pixels, columns: channels, into: y.baseAddress! + example * channels)
                }
                for index in y.indices { y[index] /= Float(pixels) }
            }
        }
        return output
    }

    static func globalAverageBackward(outputGradient: Tensor, inputShape: ActivationShape) -> Tensor {
        let channels = inputShape.channels
        let pixels = inputShape.height * inputShape.width
        var inputGradient = Tensor(zeros: inputShape, batch: outputGradient.batch)
        for example in 0..<outputGradient.batch {
            for pixel in 0..<pixels {
                for channel in 0..<channels {
                    inputGradient.values[(example * pixels + pixel) * channels + channel] =
                        outputGradient.values[example * channels + channel] / Float(pixels)
                }
            }
        }
        return inputGradient
    }
}
