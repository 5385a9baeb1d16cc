import Testing
@testable import OctetTrain

/// Every layer's backward pass against central finite differences of the training-mode
/// loss. Each graph puts the layer under test between a first convolution and a dense
/// head, so the first convolution's weight gradients also check the layer's input gradient.
@Suite struct GradientCheckTests {
    /// Analytic (backward pass) and numeric (central difference) gradients of the summed
    /// training-mode loss with respect to every parameter.
    func gradients(_ model: FloatModel, inputScale: Float) -> (analytic: [Float], numeric: [Float]) {
        var network = Network(model)
        let input = randomTensor(model.preprocessing.shape, batch: 3, seed: 11, scale: inputScale)
        let labels = [0, 2, 1][...]
        let mode = PassMode.training(seed: 5)
        func loss() -> Float {
            let logits = network.forward(input, mode: mode).logits
            return Float(SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels, normalizer: 1).lossSum)
        }
        let pass = network.forward(input, mode: mode)
        let seed = SoftmaxCrossEntropy.evaluate(logits: pass.logits, labels: labels, normalizer: 1).gradient
        var analytic = [Float](repeating: 0, count: network.parameters.count)
        analytic.withUnsafeMutableBufferPointer { network.backward(pass, logitsGradient: seed, into: $0.baseAddress!) }

        let step: Float = 1e-3
        let numeric = network.parameters.indices.map { index in
            let original = network.parameters[index]
            network.parameters[index] = original + step
            let plus = loss()
            network.parameters[index] = original - step
            let minus = loss()
            network.parameters[index] = original
            return (plus - minus) / (2 * step)
        }
        return (analytic, numeric)
    }

    /// Largest |analytic − numeric| relative to the largest analytic gradient; a wrong or
    /// missing term shows up at order 1, Float rounding at about 1e-3.
    func relativeError(_ analytic: [Float], _ numeric: [Float]) -> Float {
        zip(analytic, numeric).map { abs($0 - $1) }.max()! / max(1e-3, analytic.map(abs).max()!)
    }

    func relativeGradientError(_ model: FloatModel, inputScale: Float = 1) -> Float {
        let (analytic, numeric) = gradients(model, inputScale: inputScale)
        return relativeError(analytic, numeric)
    }

    /// input (5×6×2) → 3×3 conv (4 channels) → `layer` → … → flatten → dense(3).
    func model(_ body: (inout GraphBuilder, Int) -> Int) throws -> FloatModel {
        var builder = GraphBuilder(input: ActivationShape(height: 5, width: 6, channels: 2), seed: 3)
        let first = builder.convolution(builder.input, outputChannels: 4, bias: true)
        let last = body(&builder, first)
        return try finishModel(builder, last: last)
    }

    @Test func stridedPaddedGroupedConvolution() throws {
        let model = try model { builder, x in
            builder.convolution(x, outputChannels: 6, kernel: 3, stride: 2,
                                padding: .explicit(Padding(top: 1, left: 0, bottom: 2, right: 1)), groups: 2, bias: true)
        }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func dilatedConvolution() throws {
        let model = try model { builder, x in builder.convolution(x, outputChannels: 3, kernel: 2, dilation: 2) }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func pointwiseAndDepthwiseConvolution() throws {
        let model = try model { builder, x in
            builder.convolution(builder.convolution(x, outputChannels: 4, kernel: 1, bias: true), outputChannels: 4, groups: 4)
        }
        #expect(relativeGradientError(model) < 1e-2)
    }

    /// The direct depthwise kernel (VectorizedLayerTests compares it with the GEMM path).
    @Test func stridedDilatedDepthwiseConvolutionWithBias() throws {
        let model = try model { builder, x in
            builder.convolution(x, outputChannels: 4, kernel: 3, stride: 2,
                                padding: .explicit(Padding(top: 2, left: 1, bottom: 0, right: 2)), dilation: 2, groups: 4, bias: true)
        }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func batchNormInTrainingMode() throws {
        let model = try model { builder, x in builder.batchNorm(x) }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func reluAndRelu6() throws {
        let relu = try model { builder, x in builder.relu(x) }
        #expect(relativeGradientError(relu) < 1e-2)
        // Inputs scaled up so that some activations pass 6.
        let relu6 = try model { builder, x in builder.relu6(x) }
        #expect(relativeGradientError(relu6, inputScale: 4) < 1e-2)
    }

    @Test func maxPoolWithPadding() throws {
        let model = try model { builder, x in builder.maxPool(x, kernel: 3, stride: 2, padding: .same) }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func averagePoolWithBorderWindows() throws {
        let model = try model { builder, x in builder.averagePool(x, kernel: 3, stride: 2, padding: .same) }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func globalAveragePoolAndDense() throws {
        let model = try model { builder, x in builder.dense(builder.globalAveragePool(x), outputFeatures: 5) }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func residualAddAndConcat() throws {
        let model = try model { builder, x in
            let branch = builder.convolution(x, outputChannels: 4)
            let sum = builder.add([x, branch])
            return builder.concat([sum, builder.convolution(sum, outputChannels: 2, kernel: 1), x])
        }
        #expect(relativeGradientError(model) < 1e-2)
    }

    @Test func dropout() throws {
        let model = try model { builder, x in builder.dropout(x, rate: 0.4) }
        #expect(relativeGradientError(model) < 1e-2)
    }

    /// The check can fail: a backward pass off by a factor is caught.
    @Test func checkerDetectsAWrongGradient() throws {
        let (analytic, numeric) = gradients(try model { builder, x in builder.batchNorm(x) }, inputScale: 1)
        #expect(relativeError(analytic.map { $0 * 0.8 }, numeric) > 0.1)
    }
}
