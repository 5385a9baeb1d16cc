import Testing
@testable import OctetTrain

/// The hand-vectorized training kernels against plain references on random shapes (fixed
/// seeds), with channel and element counts that are not multiples of the vector width.
@Suite struct VectorizedLayerTests {
    /// A number in `range` from the test's seeded generator.
    func draw(_ generator: inout SeededGenerator, _ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    /// A random window (kernel 1–3, stride and dilation 1–2, padding 0–2 per side) over a
    /// random input of up to 7×7 with `channels` channels, and the output shape; nil when
    /// the window does not fit the input.
    func randomLayer(_ generator: inout SeededGenerator, channels: ClosedRange<Int>)
        -> (window: Window, input: ActivationShape, output: ActivationShape)? {
        let window = Window(
            kernelHeight: draw(&generator, 1...3), kernelWidth: draw(&generator, 1...3),
            strideHeight: draw(&generator, 1...2), strideWidth: draw(&generator, 1...2),
            dilationHeight: draw(&generator, 1...2), dilationWidth: draw(&generator, 1...2),
            padding: Padding(top: draw(&generator, 0...2), left: draw(&generator, 0...2),
                             bottom: draw(&generator, 0...2), right: draw(&generator, 0...2)))
        let count = draw(&generator, channels)
        let input = ActivationShape(height: draw(&generator, 1...7), width: draw(&generator, 1...7), channels: count)
        guard let size = window.outputSize(height: input.height, width: input.width) else { return nil }
        return (window, input, ActivationShape(height: size.height, width: size.width, channels: count))
    }

    func close(_ a: [Float], _ b: [Float], _ note: String) {
        #expect(a.count == b.count, "\(note): counts differ")
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst < 1e-5, "\(note): largest relative difference \(worst)")
    }

    /// The direct depthwise kernel gives the im2col + GEMM path's output and gradients.
    @Test func depthwiseMatchesTheGEMMPath() {
        var generator = SeededGenerator(seed: 41)
        var checked = 0
        while checked < 40 {
            guard case let (window, input, output)? = randomLayer(&generator, channels: 2...11) else { continue }
            checked += 1
            let channels = input.channels
            let batch = draw(&generator, 1...3)
            let weights = randomValues(channels * window.kernelHeight * window.kernelWidth, seed: UInt64(checked))
            let bias = checked % 2 == 0 ? randomValues(channels, seed: UInt64(100 + checked)) : nil
            let layer = Convolution(inputChannels: channels, outputChannels: channels, window: window,
                                    groups: channels, weights: weights, bias: bias)
            #expect(layer.isDepthwise)
            let x = randomTensor(input, batch: batch, seed: UInt64(200 + checked))
            let dy = randomTensor(output, batch: batch, seed: UInt64(300 + checked))
            let note = "\(batch)×\(input) kernel \(window.kernelHeight)×\(window.kernelWidth) stride \(window.strideHeight),\(window.strideWidth) dilation \(window.dilationHeight),\(window.dilationWidth) \(window.padding)"
            weights.withUnsafeBufferPointer { w in
                let b = bias?.withUnsafeBufferPointer { $0.baseAddress! }
                close(layer.depthwiseForward(x, outputShape: output, weights: w.baseAddress!, bias: b).values,
                      layer.gemmForward(x, outputShape: output, weights: w.baseAddress!, bias: b).values, "forward \(note)")
                var direct = [Float](repeating: 0.5, count: weights.count + channels)
                var reference = direct
                let (directInput, referenceInput) = direct.withUnsafeMutableBufferPointer { d in
                    reference.withUnsafeMutableBufferPointer { r in
                        (layer.depthwiseBackward(input: x, outputGradient: dy, weights: w.baseAddress!, weightGradient: d.baseAddress!,
                                                 biasGradient: d.baseAddress! + weights.count, needsInputGradient: true),
                         layer.gemmBackward(input: x, outputGradient: dy, weights: w.baseAddress!, weightGradient: r.baseAddress!,
                                            biasGradient: r.baseAddress! + weights.count, needsInputGradient: true))
                    }
                }
                close(direct, reference, "weight and bias gradients (accumulated onto 0.5) \(note)")
                close(directInput!.values, referenceInput!.values, "input gradient \(note)")
                let skipped = direct.withUnsafeMutableBufferPointer {
                    layer.depthwiseBackward(input: x, outputGradient: dy, weights: w.baseAddress!, weightGradient: $0.baseAddress!,
                                            biasGradient: nil, needsInputGradient: false)
                }
                #expect(skipped == nil)
            }
        }
    }

    /// Grouped layers that are not depthwise keep the GEMM path.
    @Test func onlyOneFilterPerChannelIsDepthwise() {
        let window = Window(kernelHeight: 3, kernelWidth: 3)
        func layer(_ inputs: Int, _ outputs: Int, groups: Int) -> Convolution {
            Convolution(inputChannels: inputs, outputChannels: outputs, window: window, groups: groups,
                        weights: [Float](repeating: 0, count: outputs * 9 * inputs / groups), bias: nil)
        }
        #expect(layer(8, 8, groups: 8).isDepthwise)
        #expect(!layer(8, 16, groups: 8).isDepthwise)
        #expect(!layer(8, 8, groups: 4).isDepthwise)
        #expect(!layer(1, 1, groups: 1).isDepthwise)
    }

    /// Max pooling against a scalar loop, on values drawn from five levels so that windows
    /// often tie: the first tap in row-major order must win a tie, as in the runtime.
    @Test func maxPoolMatchesAScalarReferenceWithTies() {
        var generator = SeededGenerator(seed: 43)
        var checked = 0
        while checked < 40 {
            guard case let (window, input, output)? = randomLayer(&generator, channels: 1...13),
                  window.padding.top < window.kernelHeight, window.padding.left < window.kernelWidth,
                  window.padding.bottom < window.kernelHeight, window.padding.right < window.kernelWidth
            else { continue }
            let channels = input.channels
            var taps: [[Int]] = []
            for outputY in 0..<output.height {
                for outputX in 0..<output.width {
                    var pixel: [Int] = []
                    for kernelY in 0..<window.kernelHeight {
                        for kernelX in 0..<window.kernelWidth {
                            let y = outputY * window.strideHeight - window.padding.top + kernelY * window.dilationHeight
                            let x = outputX * window.strideWidth - window.padding.left + kernelX * window.dilationWidth
                            if y >= 0 && y < input.height && x >= 0 && x < input.width { pixel.append(y * input.width + x) }
                        }
                    }
                    taps.append(pixel)
                }
            }
            guard taps.allSatisfy({ !$0.isEmpty }) else { continue }
            checked += 1
            let batch = draw(&generator, 1...2)
            let x = Tensor(batch: batch, shape: input,
                           values: (0..<batch * input.elementCount).map { _ in Float(draw(&generator, -2...2)) })
            var expected: [Float] = [], expectedWinners: [Int32] = []
            for example in 0..<batch {
                for pixel in taps {
                    for channel in 0..<channels {
                        let offsets = pixel.map { (example * input.height * input.width + $0) * channels + channel }
                        var best = offsets[0]
                        for offset in offsets.dropFirst() where x.values[offset] > x.values[best] { best = offset }
                        expected.append(x.values[best])
                        expectedWinners.append(Int32(best))
                    }
                }
            }
            let (y, winners) = Pooling.maxForward(x, window: window, outputShape: output)
            #expect(y.values == expected, "\(batch)×\(input), \(window)")
            #expect(winners == expectedWinners, "\(batch)×\(input), \(window)")
        }
    }

    /// ReLU and ReLU6 gradients against a scalar loop, with inputs exactly at the kinks
    /// (0 and 6, where the gradient is zero) and lengths around the vector width.
    @Test func clampedLinearBackwardMatchesAScalarReference() {
        for count in [1, 3, 4, 5, 8, 13, 64, 67] {
            let levels: [Float] = [-1, 0, 0.5, 6, 7, -0.25, 3]
            let x = Tensor(batch: 1, shape: ActivationShape(height: 1, width: 1, channels: count),
                           values: (0..<count).map { levels[($0 * 5 + count) % levels.count] })
            let dy = Tensor(batch: 1, shape: x.shape, values: randomValues(count, seed: UInt64(count)))
            for upperBound in [Float.infinity, 6] {
                let expected = zip(x.values, dy.values).map { $0 > 0 && $0 < upperBound ? $1 : 0 }
                #expect(ClampedLinear.backward(input: x, outputGradient: dy, upperBound: upperBound).values == expected,
                        "\(count) elements, upper bound \(upperBound)")
            }
        }
    }
}
