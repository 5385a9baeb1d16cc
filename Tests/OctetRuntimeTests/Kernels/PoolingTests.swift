import Testing
@testable import OctetRuntime
import OctetTestSupport

@Suite("MaxPool2D and AveragePool2D are bit-exact with the reference")
struct PoolingTests {
    struct PoolCase {
        var input: OwnedTensor
        var geometry: PoolGeometry
        var clamp: ActivationClamp
        var outputShape: Shape

        func run(average: Bool, reference: Bool, path: KernelPath = .portable) -> OwnedTensor {
            var output = OwnedTensor(shape: outputShape, zeroPoint: input.zeroPoint, fill: 99)
            input.withTensor { input in
                output.withMutableTensor { output in
                    if reference {
                        Reference.pool(input: input, geometry: geometry, clamp: clamp, output: output, average: average)
                    } else if average {
                        AveragePool2D.run(input: input, geometry: geometry, clamp: clamp, output: output)
                    } else {
                        MaxPool2D.run(input: input, geometry: geometry, clamp: clamp, output: output, path: path)
                    }
                }
            }
            return output
        }
    }

    /// Windows 1...4 with padding below the window size, so every window overlaps the input.
    static func randomCase(_ rng: inout SplitMix64) -> PoolCase {
        while true {
            let kernelH = rng.int(1...4), kernelW = rng.int(1...4)
            let geometry = PoolGeometry(
                kernelH: kernelH, kernelW: kernelW, strideH: rng.int(1...3), strideW: rng.int(1...3),
                padTop: rng.int(0...kernelH - 1), padLeft: rng.int(0...kernelW - 1))
            let input = rng.tensor(Shape(n: rng.int(1...2), h: rng.int(1...9), w: rng.int(1...9), c: rng.int(1...40)))
            let outH = outputLength(
                input: input.shape.h, padBefore: geometry.padTop, padAfter: rng.int(0...kernelH - 1), extent: kernelH,
                stride: geometry.strideH)
            let outW = outputLength(
                input: input.shape.w, padBefore: geometry.padLeft, padAfter: rng.int(0...kernelW - 1), extent: kernelW,
                stride: geometry.strideW)
            // Every window must overlap the input (the loader's rule).
            guard outH >= 1 && outW >= 1, (outH - 1) * geometry.strideH - geometry.padTop < input.shape.h,
                (outW - 1) * geometry.strideW - geometry.padLeft < input.shape.w
            else { continue }
            return PoolCase(
                input: input, geometry: geometry, clamp: rng.clamp(zeroPoint: input.zeroPoint),
                outputShape: Shape(n: input.shape.n, h: outH, w: outW, c: input.shape.c))
        }
    }

    /// Without padding the model writer lets the output take over its input's bytes; the
    /// kernel must then read every tap before it overwrites it.
    @Test("in place (output over its input) without padding, equal to the reference",
          arguments: [false, true], KernelPath.all)
    func inPlace(average: Bool, path: KernelPath) {
        var rng = SplitMix64(seed: average ? 0x1A : 0x1B)
        var checked = 0
        while checked < 300 {
            var problem = Self.randomCase(&rng)
            guard problem.geometry.padTop == 0, problem.geometry.padLeft == 0,
                (problem.outputShape.h - 1) * problem.geometry.strideH + problem.geometry.kernelH <= problem.input.shape.h,
                (problem.outputShape.w - 1) * problem.geometry.strideW + problem.geometry.kernelW <= problem.input.shape.w
            else { continue }
            let expected = problem.run(average: average, reference: true)
            problem.input.withMutableTensor { tensor in
                let output = MutableInt8Tensor(data: tensor.data, shape: problem.outputShape, zeroPoint: tensor.zeroPoint)
                if average {
                    AveragePool2D.run(input: tensor.readOnly, geometry: problem.geometry, clamp: problem.clamp, output: output)
                } else {
                    MaxPool2D.run(
                        input: tensor.readOnly, geometry: problem.geometry, clamp: problem.clamp, output: output, path: path)
                }
            }
            #expect(Array(problem.input.values.prefix(expected.values.count)) == expected.values, "case \(checked)")
            checked += 1
        }
    }

    @Test("random windows, strides, paddings, clamps", arguments: [false, true], KernelPath.all)
    func randomCases(average: Bool, path: KernelPath) {
        var rng = SplitMix64(seed: average ? 0xA7 : 0x3A)
        for index in 0..<400 {
            let problem = Self.randomCase(&rng)
            #expect(
                problem.run(average: average, reference: false, path: path) == problem.run(average: average, reference: true),
                "case \(index): \(problem.input.shape) \(problem.geometry)")
        }
    }

    @Test("global average pool: the window is the whole input")
    func globalAverage() {
        var rng = SplitMix64(seed: 7)
        for (h, w, c) in [(7, 7, 64), (1, 1, 3), (4, 6, 17), (14, 14, 33)] {
            let problem = PoolCase(
                input: rng.tensor(Shape(n: 2, h: h, w: w, c: c)),
                geometry: PoolGeometry(kernelH: h, kernelW: w, strideH: 1, strideW: 1, padTop: 0, padLeft: 0),
                clamp: .none, outputShape: Shape(n: 2, h: 1, w: 1, c: c))
            #expect(problem.run(average: true, reference: false) == problem.run(average: true, reference: true))
        }
    }

    @Test("average rounds half away from zero")
    func averageRounding() {
        // (1 + 2) / 2 = 1.5 → 2; (-1 - 2) / 2 = -1.5 → -2; (1 + 2 + 2 + 2) / 4 = 1.75 → 2.
        for (values, expected) in [([Int8(1), 2], Int8(2)), ([-1, -2], -2), ([1, 2, 2, 2], 2), ([-1, 0, 0, 0], 0)] {
            let problem = PoolCase(
                input: OwnedTensor(values: values, shape: Shape(n: 1, h: 1, w: values.count, c: 1), zeroPoint: 0),
                geometry: PoolGeometry(kernelH: 1, kernelW: values.count, strideH: 1, strideW: 1, padTop: 0, padLeft: 0),
                clamp: .none, outputShape: Shape(n: 1, h: 1, w: 1, c: 1))
            #expect(problem.run(average: true, reference: false).values == [expected])
        }
    }
}
