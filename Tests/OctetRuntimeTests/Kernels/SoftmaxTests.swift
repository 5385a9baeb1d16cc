import Testing
@testable import OctetRuntime
import OctetTestSupport

@Suite("Softmax is bit-exact with TFLite's reference int8 softmax")
struct SoftmaxTests {
    @Test("parameters for a power-of-two input scale match TFLite's preprocessing")
    func parametersForPowerOfTwoScale() {
        // beta · scale · 2^26 = 2^22 = 0.5 · 2^23: multiplier 2^30, left shift 23,
        // diffMin = -floor(31 · 2^26 / 2^23) = -248.
        let parameters = Softmax.parameters(inputScale: 1.0 / 16, beta: 1)
        #expect(parameters == SoftmaxParameters(inputBetaMultiplier: 1 << 30, inputBetaLeftShift: 23, diffMin: -248))
    }

    @Test("parameters for a typical scale")
    func parametersForTypicalScale() {
        // 0.1 · 2^26 = 6710886.4 = 0.8 · 2^23: multiplier round(0.8 · 2^31), left shift 23.
        let parameters = Softmax.parameters(inputScale: 0.1, beta: 1)
        let real = Double(Float(0.1)) * Double(1 << 26)
        #expect(parameters.inputBetaLeftShift == 23)
        #expect(parameters.inputBetaMultiplier == Int32((real / Double(1 << 23) * 2147483648.0).rounded()))
        #expect(parameters.diffMin == -248)
    }

    @Test("random rows, depths and input scales; above 256 elements the exponential table path")
    func randomCases() {
        var rng = SplitMix64(seed: 0x50F7)
        let scales: [Float] = [1.0 / 256, 0.01, 0.05, 0.1, 0.2, 0.5, 1.0 / 16, 0.0123]
        for index in 0..<400 {
            let shape = index % 4 == 3
                ? Shape(n: rng.int(2...8), h: 1, w: rng.int(1...3), c: rng.int(40...200))
                : Shape(n: rng.int(1...3), h: 1, w: rng.int(1...2), c: rng.int(1...40))
            var input = rng.tensor(shape)
            if index % 10 == 0 { input.values = input.values.map { _ in 7 } }  // all equal
            if index % 10 == 1 { input.values = input.values.map { $0 < 0 ? -128 : 127 } }  // extremes
            let parameters = Softmax.parameters(inputScale: scales[index % scales.count], beta: 1)
            var reference = OwnedTensor(shape: shape, zeroPoint: -128, fill: 99)
            var optimized = reference
            input.withTensor { tensor in
                reference.withMutableTensor { Reference.softmax(input: tensor, parameters: parameters, output: $0) }
                optimized.withMutableTensor { Softmax.run(input: tensor, parameters: parameters, output: $0) }
            }
            #expect(optimized == reference, "case \(index): \(shape) \(parameters)")
        }
    }

    @Test("a dominant class gets probability close to 1, the others close to 0")
    func dominantClass() {
        let input = OwnedTensor(values: [-100, 100, -100, -100], shape: Shape(n: 1, h: 1, w: 1, c: 4), zeroPoint: 0)
        var output = OwnedTensor(shape: input.shape, zeroPoint: -128)
        input.withTensor { tensor in
            output.withMutableTensor {
                Softmax.run(input: tensor, parameters: Softmax.parameters(inputScale: 0.1, beta: 1), output: $0)
            }
        }
        #expect(output.values == [-128, 127, -128, -128])
    }

    /// 511 equal values still sum below 512 (probability 256/511 of a step rounds up to -127);
    /// from 512 the output shift passes 31 and every output is -128 (below half a step); from
    /// 4,096 the sum saturates instead of wrapping.
    @Test("rows whose exponentials sum to 512 or more output -128, like an exact shift", arguments: [511, 512, 600, 4_095, 4_096, 5_000])
    func longEqualRows(depth: Int) {
        let shape = Shape(n: 1, h: 1, w: 1, c: depth)
        let input = OwnedTensor(values: [Int8](repeating: 7, count: depth), shape: shape, zeroPoint: 0)
        let parameters = Softmax.parameters(inputScale: 0.1, beta: 1)
        var reference = OwnedTensor(shape: shape, zeroPoint: -128, fill: 99)
        var optimized = reference
        input.withTensor { tensor in
            reference.withMutableTensor { Reference.softmax(input: tensor, parameters: parameters, output: $0) }
            optimized.withMutableTensor { Softmax.run(input: tensor, parameters: parameters, output: $0) }
        }
        #expect(optimized == reference)
        #expect(optimized.values == [Int8](repeating: depth < 512 ? -127 : -128, count: depth))
    }
}
