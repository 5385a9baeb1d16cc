import Testing
@testable import OctetRuntime
import OctetTestSupport

@Suite("FullyConnected is bit-exact with the reference")
struct FullyConnectedTests {
    /// `keepingDimensions`: TFLite's keep_num_dims, one row per pixel (output `[n, h, w, out]`)
    /// instead of one per batch item.
    func check(_ rng: inout SplitMix64, batch: Int, inputShape: Shape, outputChannels: Int, keepingDimensions: Bool = false,
               path: KernelPath) -> Bool {
        let depth = keepingDimensions ? inputShape.c : inputShape.elementsPerBatch
        var problem = ConvolutionCase.make(
            &rng, input: Shape(n: batch, h: inputShape.h, w: inputShape.w, c: inputShape.c), kernelH: 1, kernelW: 1,
            outputChannels: outputChannels, groups: 1,
            geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 0, padLeft: 0),
            outputH: keepingDimensions ? inputShape.h : 1, outputW: keepingDimensions ? inputShape.w : 1)
        problem.filterShape = Shape(n: outputChannels, h: 1, w: 1, c: depth)
        problem.filter = rng.weights(count: outputChannels * depth)
        problem.requantization = rng.requantization(channels: outputChannels, shifts: -16...1)
        let reference = problem.run { input, weights, bias, requantization, output in
            Reference.fullyConnected(
                input: input, weights: weights, bias: bias, requantization: requantization, clamp: problem.clamp,
                output: output)
        }
        let byteCount = FullyConnected.scratchByteCount(input: problem.input.shape, output: problem.outputShape)
        var intact = true
        var optimized = OwnedTensor(shape: problem.outputShape, zeroPoint: problem.outputZeroPoint, fill: 99)
        problem.input.withTensor { input in
            withPackedWeights(problem.filter, bias: problem.bias, requantization: problem.requantization,
                              shape: PackedGEMMShape(depth: depth, columns: outputChannels),
                              inputZeroPoint: input.zeroPoint) { weights in
                optimized.withMutableTensor { output in
                    intact = withGuardedScratch(byteCount: byteCount) { scratch in
                        FullyConnected.run(
                            input: input, weights: weights, clamp: problem.clamp, output: output, scratch: scratch,
                            path: path)
                    }.guardIntact
                }
            }
        }
        return optimized == reference && intact
    }

    @Test("random depths (tails below 4), output counts (tails below 16), batches beyond one tile", arguments: KernelPath.all)
    func randomCases(path: KernelPath) {
        var rng = SplitMix64(seed: 0xFC)
        for index in 0..<300 {
            let shape = Shape(n: 1, h: rng.int(1...4), w: rng.int(1...4), c: rng.int(1...40))
            let passed = check(&rng, batch: rng.int(1...6), inputShape: shape, outputChannels: rng.int(1...23), path: path)
            #expect(passed, "case \(index): \(shape)")
        }
    }

    @Test("keep_num_dims: one row per pixel, rows beyond one tile", arguments: KernelPath.all)
    func perPixelCases(path: KernelPath) {
        var rng = SplitMix64(seed: 0xFC2)
        for index in 0..<200 {
            let shape = Shape(n: 1, h: rng.int(1...5), w: rng.int(1...5), c: rng.int(1...40))
            let passed = check(&rng, batch: rng.int(1...3), inputShape: shape, outputChannels: rng.int(1...23),
                               keepingDimensions: true, path: path)
            #expect(passed, "case \(index): \(shape)")
        }
    }

    @Test("the benchmark shape, 1024 → 10", arguments: KernelPath.all)
    func benchmarkShape(path: KernelPath) {
        var rng = SplitMix64(seed: 1024)
        #expect(check(&rng, batch: 1, inputShape: Shape(n: 1, h: 1, w: 1, c: 1024), outputChannels: 10, path: path))
    }
}
