import Testing
@testable import OctetRuntime
import OctetTestSupport

/// One convolution problem with everything it needs.
struct ConvolutionCase: CustomStringConvertible {
    var input: OwnedTensor
    var filterShape: Shape
    var filter: [Int8]
    var bias: [Int32]
    var requantization: OwnedRequantization
    var geometry: ConvolutionGeometry
    var groups: Int
    var clamp: ActivationClamp
    var outputShape: Shape
    var outputZeroPoint: Int32

    var description: String {
        "in \(input.shape) filter \(filterShape) groups \(groups) \(geometry) out \(outputShape)"
    }

    /// A random grouped convolution: kernel 1...4, stride 1...3, dilation 1...2, any padding.
    static func random(_ rng: inout SplitMix64) -> ConvolutionCase {
        while true {
            let groups = rng.int(0...3) == 0 ? rng.int(2...3) : 1
            let groupInput = rng.int(1...9), groupOutput = rng.int(1...20)
            let kernelH = rng.int(1...4), kernelW = rng.int(1...4)
            let geometry = ConvolutionGeometry(
                strideH: rng.int(1...3), strideW: rng.int(1...3), dilationH: rng.int(1...2), dilationW: rng.int(1...2),
                padTop: rng.int(0...kernelH - 1), padLeft: rng.int(0...kernelW - 1))
            let inputShape = Shape(n: rng.int(1...2), h: rng.int(1...9), w: rng.int(1...9), c: groupInput * groups)
            let outH = outputLength(
                input: inputShape.h, padBefore: geometry.padTop, padAfter: rng.int(0...kernelH - 1),
                extent: (kernelH - 1) * geometry.dilationH + 1, stride: geometry.strideH)
            let outW = outputLength(
                input: inputShape.w, padBefore: geometry.padLeft, padAfter: rng.int(0...kernelW - 1),
                extent: (kernelW - 1) * geometry.dilationW + 1, stride: geometry.strideW)
            guard outH >= 1 && outW >= 1 else { continue }
            return make(
                &rng, input: inputShape, kernelH: kernelH, kernelW: kernelW, outputChannels: groupOutput * groups,
                groups: groups, geometry: geometry, outputH: outH, outputW: outW)
        }
    }

    static func make(
        _ rng: inout SplitMix64, input: Shape, kernelH: Int, kernelW: Int, outputChannels: Int, groups: Int,
        geometry: ConvolutionGeometry, outputH: Int, outputW: Int
    ) -> ConvolutionCase {
        let filterShape = Shape(n: outputChannels, h: kernelH, w: kernelW, c: input.c / groups)
        let outputZeroPoint = rng.int32(-128...127)
        return ConvolutionCase(
            input: rng.tensor(input), filterShape: filterShape, filter: rng.weights(count: filterShape.elementCount),
            bias: rng.biases(count: outputChannels), requantization: rng.requantization(channels: outputChannels),
            geometry: geometry, groups: groups, clamp: rng.clamp(zeroPoint: outputZeroPoint),
            outputShape: Shape(n: input.n, h: outputH, w: outputW, c: outputChannels), outputZeroPoint: outputZeroPoint)
    }

    /// Runs `kernel` (reference or optimized) and returns the output.
    func run(
        _ kernel: (Int8Tensor, Int8Weights, UnsafePointer<Int32>, ChannelRequantization, MutableInt8Tensor) -> Void
    ) -> OwnedTensor {
        var output = OwnedTensor(shape: outputShape, zeroPoint: outputZeroPoint, fill: 99)
        input.withTensor { input in
            filter.withUnsafeBufferPointer { filter in
                bias.withUnsafeBufferPointer { bias in
                    requantization.withRequantization { requantization in
                        output.withMutableTensor { output in
                            kernel(
                                input, Int8Weights(data: filter.baseAddress!, shape: filterShape), bias.baseAddress!,
                                requantization, output)
                        }
                    }
                }
            }
        }
        return output
    }

    func runReference() -> OwnedTensor {
        run { input, filter, bias, requantization, output in
            Reference.conv2D(
                input: input, filter: filter, bias: bias, requantization: requantization, geometry: geometry,
                groups: groups, clamp: clamp, output: output)
        }
    }

    /// Runs `Conv2D` on `path` with the weights packed as the writer packs them; also reports
    /// whether it stayed inside its scratch.
    func runConv2D(path: KernelPath) -> (output: OwnedTensor, scratchIntact: Bool) {
        let shape = PackedGEMMShape(
            depth: filterShape.h * filterShape.w * filterShape.c, columns: outputShape.c / groups, groups: groups)
        let byteCount = Conv2D.scratchByteCount(
            input: input.shape, output: outputShape, kernelH: filterShape.h, kernelW: filterShape.w, groups: groups,
            geometry: geometry)
        var intact = true
        var output = OwnedTensor(shape: outputShape, zeroPoint: outputZeroPoint, fill: 99)
        input.withTensor { input in
            withPackedWeights(filter, bias: bias, requantization: requantization, shape: shape,
                              inputZeroPoint: input.zeroPoint) { weights in
                output.withMutableTensor { output in
                    intact = withGuardedScratch(byteCount: byteCount) { scratch in
                        Conv2D.run(
                            input: input, weights: weights, kernelH: filterShape.h, kernelW: filterShape.w,
                            geometry: geometry, groups: groups, clamp: clamp, output: output, scratch: scratch, path: path)
                    }.guardIntact
                }
            }
        }
        return (output, intact)
    }
}

@Suite("Conv2D is bit-exact with the reference")
struct Conv2DTests {
    @Test("random shapes, strides, paddings, dilations, groups, zero points, multipliers", arguments: KernelPath.all)
    func randomCases(path: KernelPath) {
        var rng = SplitMix64(seed: 0xC0DE_2D)
        for index in 0..<300 {
            let problem = ConvolutionCase.random(&rng)
            let (output, intact) = problem.runConv2D(path: path)
            #expect(output == problem.runReference(), "case \(index): \(problem)")
            #expect(intact, "case \(index) wrote past its scratch: \(problem)")
        }
    }

    @Test("1x1 pointwise with many channels crosses every tile edge", arguments: KernelPath.all)
    func pointwise(path: KernelPath) {
        var rng = SplitMix64(seed: 11)
        for (pixels, inputChannels, outputChannels) in [(1, 1, 1), (5, 64, 64), (7, 33, 17), (9, 3, 48), (13, 64, 31)] {
            let problem = ConvolutionCase.make(
                &rng, input: Shape(n: 1, h: 1, w: pixels, c: inputChannels), kernelH: 1, kernelW: 1,
                outputChannels: outputChannels, groups: 1,
                geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 0, padLeft: 0), outputH: 1, outputW: pixels)
            #expect(problem.runConv2D(path: path).output == problem.runReference(), "\(problem)")
        }
    }

    @Test("the benchmark shapes: 3x3 16→32 at 28x28 (same padding), 1x1 64→64 at 14x14", arguments: KernelPath.all)
    func benchmarkShapes(path: KernelPath) {
        var rng = SplitMix64(seed: 28)
        let threeByThree = ConvolutionCase.make(
            &rng, input: Shape(n: 1, h: 28, w: 28, c: 16), kernelH: 3, kernelW: 3, outputChannels: 32, groups: 1,
            geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 1, padLeft: 1), outputH: 28, outputW: 28)
        let pointwise = ConvolutionCase.make(
            &rng, input: Shape(n: 1, h: 14, w: 14, c: 64), kernelH: 1, kernelW: 1, outputChannels: 64, groups: 1,
            geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 0, padLeft: 0), outputH: 14, outputW: 14)
        for problem in [threeByThree, pointwise] {
            #expect(problem.runConv2D(path: path).output == problem.runReference(), "\(problem)")
        }
    }

    @Test("several panels per group, contiguous pointwise blocks across batches", arguments: KernelPath.all)
    func panelsAndBatches(path: KernelPath) {
        var rng = SplitMix64(seed: 77)
        // 2 groups × 35 channels: three panels per group, the last with 3 channels.
        let grouped = ConvolutionCase.make(
            &rng, input: Shape(n: 1, h: 6, w: 5, c: 24), kernelH: 3, kernelW: 3, outputChannels: 70, groups: 2,
            geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 1, padLeft: 1), outputH: 6, outputW: 5)
        // 2 batches of 3×3 pixels: the four-pixel blocks straddle rows and the batch boundary.
        let pointwise = ConvolutionCase.make(
            &rng, input: Shape(n: 2, h: 3, w: 3, c: 18), kernelH: 1, kernelW: 1, outputChannels: 50, groups: 1,
            geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 0, padLeft: 0), outputH: 3, outputW: 3)
        // Wide kernel rows: 5 taps, stride 2, partly outside on both sides.
        let wide = ConvolutionCase.make(
            &rng, input: Shape(n: 1, h: 7, w: 9, c: 20), kernelH: 2, kernelW: 5, outputChannels: 33, groups: 1,
            geometry: ConvolutionGeometry(strideH: 2, strideW: 2, padTop: 1, padLeft: 2), outputH: 4, outputW: 5)
        for problem in [grouped, pointwise, wide] {
            let (output, intact) = problem.runConv2D(path: path)
            #expect(output == problem.runReference(), "\(problem)")
            #expect(intact, "wrote past its scratch: \(problem)")
        }
    }

    @Test("scratch is four gathered rows of ceil(K/4)·4 bytes, none for pointwise read in place")
    func scratchBound() {
        func scratch(inputChannels: Int, kernel: Int, groups: Int = 1) -> Int {
            let pad = kernel / 2
            return Conv2D.scratchByteCount(
                input: Shape(n: 1, h: 7, w: 7, c: inputChannels), output: Shape(n: 1, h: 7, w: 7, c: 8 * groups),
                kernelH: kernel, kernelW: kernel, groups: groups,
                geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: pad, padLeft: pad))
        }
        // 3×3 32→64: K = 288, 1,152 bytes, exactly CMSIS-NN's 2·K int16 im2col buffer.
        #expect(scratch(inputChannels: 32, kernel: 3) == 1_152)
        #expect(scratch(inputChannels: 1, kernel: 3) == 48)
        #expect(scratch(inputChannels: 64, kernel: 1) == 0)
        #expect(scratch(inputChannels: 3, kernel: 1) == 16)
        #expect(scratch(inputChannels: 8, kernel: 1, groups: 2) == 16)
        for (inputChannels, kernel) in [(1, 3), (3, 5), (16, 3), (33, 3), (48, 3)] {
            let depth = kernel * kernel * inputChannels
            #expect(scratch(inputChannels: inputChannels, kernel: kernel) <= 4 * depth + 12, "\(inputChannels), \(kernel)x\(kernel)")
        }
    }

    @Test("extreme values: all -128 inputs, ±127 weights, large biases", arguments: KernelPath.all)
    func extremes(path: KernelPath) {
        var rng = SplitMix64(seed: 5)
        for fill in [Int8(-128), 127] {
            var problem = ConvolutionCase.make(
                &rng, input: Shape(n: 1, h: 5, w: 5, c: 40), kernelH: 3, kernelW: 3, outputChannels: 20, groups: 1,
                geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 1, padLeft: 1), outputH: 5, outputW: 5)
            problem.input.values = [Int8](repeating: fill, count: problem.input.values.count)
            problem.input.zeroPoint = fill == 127 ? -128 : 127
            problem.filter = problem.filter.map { $0 >= 0 ? 127 : -127 }
            problem.bias = problem.bias.map { $0 &* 1000 }
            #expect(problem.runConv2D(path: path).output == problem.runReference(), "\(problem)")
        }
    }
}
