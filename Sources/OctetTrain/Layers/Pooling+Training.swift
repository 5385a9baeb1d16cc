/// Max and average pooling over NHWC windows, with the border rules of the int8 runtime.
enum Pooling {
    /// Calls `body(outputOffset, tapOffsets)` once per output pixel, where the offsets are
    /// flat indices of channel 0 of the output pixel and of each window tap inside the
    /// input (in row-major window order). Bodies loop over channels themselves, so the
    /// per-window bookkeeping is paid once per pixel, not per element.
    private static func forEachWindow(
        _ window: Window, input: ActivationShape, output: ActivationShape, batch: Int,
        _ body: (Int, [Int]) -> Void
    ) {
        var taps: [Int] = []
        taps.reserveCapacity(window.kernelHeight * window.kernelWidth)
        for example in 0..<batch {
            for outputY in 0..<output.height {
                for outputX in 0..<output.width {
                    taps.removeAll(keepingCapacity: true)
                    for kernelY in 0..<window.kernelHeight {
                        let y = outputY * window.strideHeight - window.padding.top + kernelY * window.dilationHeight
                        guard y >= 0 && y < input.height else { continue }
                        for kernelX in 0..<window.kernelWidth {
                            let x = outputX * window.strideWidth - window.padding.left + kernelX * window.dilationWidth
                            guard x >= 0 && x < input.width else { continue }
                            taps.append(((example * input.height + y) * input.width + x) * input.channels)
                        }
                    }
                    body(((example * output.height + outputY) * output.width + outputX) * output.channels, taps)
                }
            }
        }
    }

    /// Returns the output and, for the backward pass, the input index that won each window.
    /// A window always has a tap inside the input (shape validation ensures it).
    static func maxForward(_ input: Tensor, window: Window, outputShape: ActivationShape) -> (Tensor, [Int32]) {
        var output = Tensor(zeros: outputShape, batch: input.batch)
        var winners = [Int32](repeating: 0, count: output.values.count)
        let channels = outputShape.channels
        input.values.withUnsafeBufferPointer { x in
            output.values.withUnsafeMutableBufferPointer { y in
                winners.withUnsafeMutableBufferPointer { winners in
                    forEachWindow(window, input: input.shape, output: outputShape, batch: input.batch) { outputOffset, taps in
                        let best = y.baseAddress! + outputOffset
                        let winner = winners.baseAddress! + outputOffset
                        for channel in 0..<channels {
                            best[channel] = x[taps[0] &+ channel]
                            winner[channel] = Int32(truncatingIfNeeded: taps[0] &+ channel)
                        }
                        for tap in taps.dropFirst() {
                            for channel in 0..<channels where x[tap &+ channel] > best[channel] {
                                best[channel] = x[tap &+ channel]
                                winner[channel] = Int32(truncatingIfNeeded: tap &+ channel)
                            }
                        }
                    }
                }
            }
        }
        return (output, winners)
    }

    static func maxBackward(outputGradient: Tensor, winners: [Int32], inputShape: ActivationShape) -> Tensor {
        var inputGradient = Tensor(zeros: inputShape, batch: outputGradient.batch)
        inputGradient.values.withUnsafeMutableBufferPointer { dx in
            for (index, winner) in winners.enumerated() { dx[Int(winner)] += outputGradient.values[index] }
        }
        return inputGradient
    }

    static func averageForward(_ input: Tensor, window: Window, outputShape: ActivationShape) -> Tensor {
        var output = Tensor(zeros: outputShape, batch: input.batch)
        let channels = outputShape.channels
        input.values.withUnsafeBufferPointer { x in
            output.values.withUnsafeMutableBufferPointer { y in
                forEachWindow(window, input: input.shape, output: outputShape, batch: input.batch) { outputOffset, taps in
                    let sum = y.baseAddress! + outputOffset
                    for tap in taps {
                        for channel in 0..<channels { sum[channel] += x[tap &+ channel] }
                    }
                    let scale = 1 / Float(taps.count)
                    for channel in 0..<channels { sum[channel] *= scale }
                }
            }
        }
        return output
    }

    static func averageBackward(outputGradient: Tensor, window: Window, inputShape: ActivationShape) -> Tensor {
        var inputGradient = Tensor(zeros: inputShape, batch: outputGradient.batch)
        let channels = inputShape.channels
        outputGradient.values.withUnsafeBufferPointer { dy in
            inputGradient.values.withUnsafeMutableBufferPointer { dx in
                forEachWindow(window, input: inputShape, output: outputGradient.shape, batch: outputGradient.batch) { outputOffset, taps in
                    let scale = 1 / Float(taps.count)
                    for tap in taps {
                        for channel in 0..<channels { dx[tap &+ channel] += dy[outputOffset &+ channel] * scale }
                    }
                }
            }
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
        outputGradient.values.withUnsafeBufferPointer { dy in
            inputGradient.values.withUnsafeMutableBufferPointer { dx in
                for example in 0..<outputGradient.batch {
                    for pixel in 0..<pixels {
                        let row = dx.baseAddress! + (example * pixels + pixel) * channels
                        for channel in 0..<channels { row[channel] = dy[example * channels + channel] / Float(pixels) }
                    }
                }
            }
        }
        return inputGradient
    }
}
