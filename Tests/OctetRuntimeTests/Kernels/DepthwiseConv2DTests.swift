import Testing
@testable import OctetRuntime
import OctetTestSupport

struct DepthwiseCase: CustomStringConvertible {
    var base: ConvolutionCase

    var description: String { base.description }

    /// Kernel 1...5 (3x3 half of the time, to exercise the fast path), multiplier 1...3, and
    /// now and then 4...20 (the x86 kernel takes up to 16; above, the portable loop).
    static func random(_ rng: inout SplitMix64, channels: ClosedRange<Int> = 1...40) -> DepthwiseCase {
        while true {
            let threeByThree = rng.int(0...1) == 0
            let kernelH = threeByThree ? 3 : rng.int(1...5), kernelW = threeByThree ? 3 : rng.int(1...5)
            let multiplier = rng.int(0...7) == 0 ? rng.int(4...20) : threeByThree && rng.int(0...2) > 0 ? 1 : rng.int(1...3)
            let geometry = ConvolutionGeometry(
                strideH: rng.int(1...2), strideW: rng.int(1...2), dilationH: rng.int(0...3) == 0 ? 2 : 1,
                dilationW: rng.int(0...3) == 0 ? 2 : 1, padTop: rng.int(0...kernelH - 1), padLeft: rng.int(0...kernelW - 1))
            let input = Shape(n: rng.int(1...2), h: rng.int(1...12), w: rng.int(1...12), c: rng.int(channels))
            if let problem = make(&rng, input: input, kernelH: kernelH, kernelW: kernelW, multiplier: multiplier,
                                  geometry: geometry, padBottom: rng.int(0...kernelH - 1), padRight: rng.int(0...kernelW - 1)) {
                return problem
            }
        }
    }

    static func make(
        _ rng: inout SplitMix64, input: Shape, kernelH: Int, kernelW: Int, multiplier: Int,
        geometry: ConvolutionGeometry, padBottom: Int, padRight: Int
    ) -> DepthwiseCase? {
        let outH = outputLength(
            input: input.h, padBefore: geometry.padTop, padAfter: padBottom,
            extent: (kernelH - 1) * geometry.dilationH + 1, stride: geometry.strideH)
        let outW = outputLength(
            input: input.w, padBefore: geometry.padLeft, padAfter: padRight,
            extent: (kernelW - 1) * geometry.dilationW + 1, stride: geometry.strideW)
        guard outH >= 1 && outW >= 1 else { return nil }
        var base = ConvolutionCase.make(
            &rng, input: input, kernelH: kernelH, kernelW: kernelW, outputChannels: input.c * multiplier, groups: 1,
            geometry: geometry, outputH: outH, outputW: outW)
        base.filterShape = Shape(n: 1, h: kernelH, w: kernelW, c: input.c * multiplier)
        return DepthwiseCase(base: base)
    }

    func runReference() -> OwnedTensor {
        base.run { input, filter, bias, requantization, output in
            Reference.depthwiseConv2D(
                input: input, filter: filter, bias: bias, requantization: requantization, geometry: base.geometry,
                clamp: base.clamp, output: output)
        }
    }

    func runDepthwise(path: KernelPath) -> (output: OwnedTensor, scratchIntact: Bool) {
        let byteCount = DepthwiseConv2D.scratchByteCount(
            input: base.input.shape, filter: base.filterShape, output: base.outputShape, geometry: base.geometry)
        var intact = true
        let output = base.run { input, filter, bias, requantization, output in
            intact = withGuardedScratch(byteCount: byteCount) { scratch in
                DepthwiseConv2D.run(
                    input: input, filter: filter, bias: bias, requantization: requantization, geometry: base.geometry,
                    clamp: base.clamp, output: output, scratch: scratch, path: path)
            }.guardIntact
        }
        return (output, intact)
    }
}

@Suite("DepthwiseConv2D is bit-exact with the reference")
struct DepthwiseConv2DTests {
    @Test("random kernels, multipliers, strides, dilations, paddings, zero points", arguments: KernelPath.all)
    func randomCases(path: KernelPath) {
        var rng = SplitMix64(seed: 0xD3F7)
        for index in 0..<300 {
            let problem = DepthwiseCase.random(&rng)
            let (output, intact) = problem.runDepthwise(path: path)
            #expect(output == problem.runReference(), "case \(index): \(problem)")
            #expect(intact, "case \(index) wrote past its scratch")
        }
    }

    /// Wide 3x3 layers: every border, strided and dilated pixels, channels with and without
    /// left shifts, right shifts up to 31, biases up to ±2^30.
    @Test("3x3 multiplier 1 with 16...48 channels, every border and shift", arguments: KernelPath.all)
    func wide3x3Cases(path: KernelPath) {
        var rng = SplitMix64(seed: 0x3316)
        var index = 0
        while index < 200 {
            let strideW = rng.int(0...3) == 0 ? 2 : 1, dilationW = rng.int(0...5) == 0 ? 2 : 1
            let geometry = ConvolutionGeometry(
                strideH: rng.int(1...2), strideW: strideW, dilationH: rng.int(0...5) == 0 ? 2 : 1,
                dilationW: dilationW, padTop: rng.int(0...2), padLeft: rng.int(0...2))
            let input = Shape(n: rng.int(1...2), h: rng.int(1...9), w: rng.int(1...14), c: rng.int(16...48))
            guard var problem = DepthwiseCase.make(
                &rng, input: input, kernelH: 3, kernelW: 3, multiplier: 1, geometry: geometry,
                padBottom: rng.int(0...2), padRight: rng.int(0...2))
            else { continue }
            switch index % 4 {
            case 0: problem.base.requantization.shifts = problem.base.requantization.shifts.map { Swift.min($0, 0) }
            case 1: problem.base.requantization.shifts = problem.base.requantization.shifts.map { _ in rng.int32(-31...(-20)) }
            case 2: problem.base.bias = problem.base.bias.map { _ in rng.int32(-(1 << 30)...(1 << 30)) }
            default: break
            }
            let (output, intact) = problem.runDepthwise(path: path)
            #expect(output == problem.runReference(), "case \(index): \(problem)")
            #expect(intact, "case \(index) wrote past its scratch")
            index += 1
        }
    }

    /// TFLite's DepthwiseConvPerChannel reads input channel `oc / multiplier` at
    /// `origin + dilation · tap` for output channel `oc`; every combination at once here.
    @Test("multiplier 2...4 together with dilation 2...3 and stride 2...3", arguments: KernelPath.all)
    func multiplierWithDilationAndStride(path: KernelPath) {
        var rng = SplitMix64(seed: 0xD1A7)
        var index = 0
        while index < 100 {
            let kernelH = rng.int(1...3), kernelW = rng.int(1...3)
            let geometry = ConvolutionGeometry(
                strideH: rng.int(2...3), strideW: rng.int(2...3), dilationH: rng.int(2...3), dilationW: rng.int(2...3),
                padTop: rng.int(0...kernelH - 1), padLeft: rng.int(0...kernelW - 1))
            let input = Shape(n: rng.int(1...2), h: rng.int(3...12), w: rng.int(3...12), c: rng.int(1...12))
            guard let problem = DepthwiseCase.make(
                &rng, input: input, kernelH: kernelH, kernelW: kernelW, multiplier: rng.int(2...4), geometry: geometry,
                padBottom: rng.int(0...kernelH - 1), padRight: rng.int(0...kernelW - 1))
            else { continue }
            let (output, intact) = problem.runDepthwise(path: path)
            #expect(output == problem.runReference(), "case \(index): \(problem)")
            #expect(intact, "case \(index) wrote past its scratch")
            index += 1
        }
    }

    @Test("the benchmark shape, 32 channels at 56x56", arguments: KernelPath.all)
    func benchmarkShape(path: KernelPath) {
        var rng = SplitMix64(seed: 56)
        let problem = DepthwiseCase.make(
            &rng, input: Shape(n: 1, h: 56, w: 56, c: 32), kernelH: 3, kernelW: 3, multiplier: 1,
            geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 1, padLeft: 1), padBottom: 1, padRight: 1)!
        #expect(problem.runDepthwise(path: path).output == problem.runReference())
    }
}
