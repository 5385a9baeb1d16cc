/// Max and average pooling over NHWC windows, with the border rules of the int8 runtime.
enum Pooling {
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
                        maxWindow(x.baseAddress!, taps: taps, channels: channels, into: best, winners: winner)
                    }
                }
            }
        }
        return (output, winners)
    }

    /// The maximum of each channel over `taps` and the input index it came from. A later tap
    /// wins only when strictly greater, as in the runtime. Four channels at a time with
    /// compares and selects: a branch per element mispredicts on about half of them and made
    /// this loop 17 % of inception's training step under `perf record`.
    private static func maxWindow(
        _ x: UnsafePointer<Float>, taps: UnsafeBufferPointer<WindowTap>, channels: Int,
        into best: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<Int32>
    ) {
        let lanes = SIMD4<Int32>(0, 1, 2, 3)
        var channel = 0
        while channel &+ 4 <= channels {
            let first = taps[0].inputOffset &+ channel
            var maximum = UnsafeRawPointer(x + first).loadUnaligned(as: SIMD4<Float>.self)
            var winner = SIMD4(repeating: Int32(truncatingIfNeeded: first)) &+ lanes
            for tap in taps.dropFirst() {
                let offset = tap.inputOffset &+ channel
                let values = UnsafeRawPointer(x + offset).loadUnaligned(as: SIMD4<Float>.self)
                let greater = values .> maximum
                maximum.replace(with: values, where: greater)
                winner.replace(with: SIMD4(repeating: Int32(truncatingIfNeeded: offset)) &+ lanes, where: greater)
            }
            UnsafeMutableRawPointer(best + channel).storeBytes(of: maximum, as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(winners + channel).storeBytes(of: winner, as: SIMD4<Int32>.self)
            channel &+= 4
        }
        for channel in channel..<channels {
            for (index, tap) in taps.enumerated() where index == 0 || x[tap.inputOffset &+ channel] > best[channel] {
                best[channel] = x[tap.inputOffset &+ channel]
                winners[channel] = Int32(truncatingIfNeeded: tap.inputOffset &+ channel)
            }
        }
    }

    static func maxBackward(outputGradient: Tensor, winners: [Int32], inputShape: ActivationShape) -> Tensor {
        var inputGradient = Tensor(zeros: inputShape, batch: outputGradient.batch)
        inputGradient.values.withUnsafeMutableBufferPointer { dx in
            outputGradient.values.withUnsafeBufferPointer { dy in
                for index in dy.indices { dx[Int(winners[index])] += dy[index] }
            }
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
                        for channel in 0..<channels { sum[channel] += x[tap.inputOffset &+ channel] }
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
                        for channel in 0..<channels { dx[tap.inputOffset &+ channel] += dy[outputOffset &+ channel] * scale }
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
