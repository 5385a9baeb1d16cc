import Foundation
import Testing
@testable import OctetRuntime
import OctetFormat
import OctetTestSupport

/// Every int8 value once (`copies` times over, so that more than 256 elements take the
/// kernels' table paths), for the elementwise ops.
private func allValues(zeroPoint: Int32, copies: Int = 1) -> OwnedTensor {
    OwnedTensor(
        values: Array(repeating: (-128...127).map { Int8($0) }, count: copies).flatMap { $0 },
        shape: Shape(n: 1, h: copies, w: 16, c: 16), zeroPoint: zeroPoint)
}

/// An input scale spread over many octaves: `2^u` for `u` uniform in `exponents`.
private func scale(_ rng: inout SplitMix64, exponents: ClosedRange<Double>) -> Float {
    Float(pow(2, Double.random(in: exponents, using: &rng)))
}

@Suite("Logistic, Requantize, Mean and Transpose are bit-exact with TFLite's reference")
struct TFLiteOpsTests {
    @Test("Logistic: every int8 input for random input scales and zero points")
    func logisticFromScales() throws {
        var rng = SplitMix64(seed: 0x5167)
        for index in 0..<300 {
            let inputScale = scale(&rng, exponents: -12...3)
            let parameters = try #require(LogisticParameters(tfliteInputScale: inputScale))
            let input = allValues(zeroPoint: rng.int32(-128...127), copies: index % 2 == 0 ? 1 : 3)
            var reference = OwnedTensor(shape: input.shape, zeroPoint: -128, fill: 99), optimized = reference
            input.withTensor { tensor in
                reference.withMutableTensor { Reference.logistic(input: tensor, parameters: parameters, output: $0) }
                optimized.withMutableTensor { Logistic.run(input: tensor, parameters: parameters, output: $0) }
            }
            #expect(optimized == reference, "case \(index): scale \(inputScale)")
            // And it is the logistic function: within one step of the float result wherever it
            // does not saturate (TFLite saturates from the radius on, coarsely for large scales).
            for (raw, out) in zip(input.values, optimized.values) where abs(Int32(raw) - input.zeroPoint) < parameters.inputRangeRadius {
                let real = Double(inputScale) * Double(Int32(raw) - input.zeroPoint)
                let expected = (256 / (1 + exp(-real))).rounded() - 128
                #expect(abs(Double(out) - min(expected, 127)) <= 1, "case \(index): x = \(raw), scale \(inputScale)")
            }
        }
    }

    @Test("Logistic: arbitrary multipliers and every left shift 0...31")
    func logisticParameterRange() {
        var rng = SplitMix64(seed: 0x5168)
        for index in 0..<200 {
            let shift = Int32(index % 32)
            let parameters = LogisticParameters(
                inputMultiplier: rng.int32((1 << 30)...Int32.max), inputLeftShift: shift,
                inputRangeRadius: Logistic.inputRangeRadius(leftShift: shift))
            let input = allValues(zeroPoint: rng.int32(-128...127), copies: index % 2 == 0 ? 1 : 2)
            var reference = OwnedTensor(shape: input.shape, zeroPoint: -128, fill: 99), optimized = reference
            input.withTensor { tensor in
                reference.withMutableTensor { Reference.logistic(input: tensor, parameters: parameters, output: $0) }
                optimized.withMutableTensor { Logistic.run(input: tensor, parameters: parameters, output: $0) }
            }
            #expect(optimized == reference, "case \(index): \(parameters)")
        }
    }

    @Test("Logistic Prepare: frexp of scale · 2^27, round(q · 2^31), floor(15 · 2^27 / 2^shift)")
    func logisticPrepare() throws {
        var rng = SplitMix64(seed: 0x5169)
        for _ in 0..<500 {
            let inputScale = scale(&rng, exponents: -27.9...3.9)
            let p = try #require(LogisticParameters(tfliteInputScale: inputScale))
            let (q, e) = frexp(Double(inputScale) * Double(1 << 27))
            #expect(p.inputLeftShift == Int32(e))
            #expect(p.inputMultiplier == Int32((q * 2147483648.0).rounded(.toNearestOrAwayFromZero)))
            #expect(p.inputRangeRadius == Int32((15.0 * Double(1 << 27) / Double(1 << e)).rounded(.down)))
        }
        #expect(LogisticParameters(tfliteInputScale: 16) == nil)
        #expect(LogisticParameters(tfliteInputScale: 0x1p-29) == nil)
    }

    @Test("Requantize: every int8 input for random scale ratios and zero points")
    func requantize() {
        var rng = SplitMix64(seed: 0x9E9)
        for index in 0..<300 {
            let ratio = Double(scale(&rng, exponents: -9...9))
            let multiplier = index % 10 == 0 ? QuantizedMultiplier(approximating: 1) : QuantizedMultiplier(approximating: ratio)
            let input = allValues(zeroPoint: rng.int32(-128...127))
            var reference = OwnedTensor(shape: input.shape, zeroPoint: rng.int32(-128...127), fill: 99)
            var optimized = reference
            input.withTensor { tensor in
                reference.withMutableTensor { Reference.requantize(input: tensor, multiplier: multiplier, output: $0) }
                optimized.withMutableTensor { Requantization.run(input: tensor, multiplier: multiplier, output: $0) }
            }
            #expect(optimized == reference, "case \(index): ratio \(ratio)")
        }
    }

    @Test("Mean over H and W: random shapes (channel tails below 16), equal and different scales")
    func mean() {
        var rng = SplitMix64(seed: 0x3EA)
        for index in 0..<300 {
            let large = index % 25 == 0
            let shape = Shape(
                n: rng.int(1...2), h: large ? rng.int(30...70) : rng.int(1...9), w: large ? rng.int(30...70) : rng.int(1...9),
                c: rng.int(1...40))
            let ratio = index % 3 == 0 ? 1 : Double(scale(&rng, exponents: -6...4))
            let prepared = QuantizedMultiplier(approximating: ratio)
            let count = shape.h * shape.w
            let multiplier = prepared.tfliteMean(count: count)
            #expect(multiplier == Reference.meanMultiplier(prepared: prepared, count: count))
            let input = rng.tensor(shape)
            let outputShape = Shape(n: shape.n, h: 1, w: 1, c: shape.c)
            let outputZeroPoint = index % 3 == 0 ? input.zeroPoint : rng.int32(-128...127)
            var reference = OwnedTensor(shape: outputShape, zeroPoint: outputZeroPoint, fill: 99), optimized = reference
            input.withTensor { tensor in
                reference.withMutableTensor { Reference.mean(input: tensor, multiplier: multiplier, output: $0) }
                optimized.withMutableTensor { Mean.run(input: tensor, multiplier: multiplier, output: $0) }
            }
            #expect(optimized == reference, "case \(index): \(shape) ratio \(ratio)")
        }
    }

    @Test("Mean's count folding: shifts clamped at 32 and at 31 + shift, as TFLite")
    func meanMultiplierClamps() {
        // A tiny ratio: shift −31, so no power of two can move into the shift (k = 0) and the
        // multiplier alone is divided, losing precision, as TFLite does.
        let tiny = QuantizedMultiplier(multiplier: 1 << 30, shift: -31)
        #expect(tiny.tfliteMean(count: 49) == QuantizedMultiplier(multiplier: (1 << 30) / 49, shift: -31))
        // A huge count: k stops at 32 even though floor(log2(2^33)) = 33.
        #expect(QuantizedMultiplier(multiplier: 1 << 30, shift: 10).tfliteMean(count: 1 << 33)
            == QuantizedMultiplier(multiplier: Int32((Int64(1 << 30) << 32) >> 33), shift: -22))
        // k = floor(log2 49) = 5: multiplier · 32 / 49, shift − 5.
        let one = QuantizedMultiplier(approximating: 1)
        #expect(one.tfliteMean(count: 49) == QuantizedMultiplier(multiplier: Int32((Int64(1 << 30) << 5) / 49), shift: -4))
        // Equal scales and a mean over one element: unchanged.
        #expect(one.tfliteMean(count: 1) == one)
    }

    @Test("Transpose: all 24 permutations of random shapes")
    func transpose() {
        var rng = SplitMix64(seed: 0x7A5)
        var permutations: [[Int]] = []
        for a in 0..<4 { for b in 0..<4 { for c in 0..<4 { for d in 0..<4 where Set([a, b, c, d]).count == 4 {
            permutations.append([a, b, c, d])
        } } } }
        for (index, permutation) in (permutations + permutations + permutations).enumerated() {
            let input = rng.tensor(Shape(n: rng.int(1...3), h: rng.int(1...5), w: rng.int(1...5), c: rng.int(1...7)))
            let tuple = (permutation[0], permutation[1], permutation[2], permutation[3])
            let outputShape = Transpose.outputShape(of: input.shape, permutation: tuple)
            var reference = OwnedTensor(shape: outputShape, zeroPoint: input.zeroPoint, fill: 99), optimized = reference
            input.withTensor { tensor in
                reference.withMutableTensor { Reference.transpose(input: tensor, permutation: permutation, output: $0) }
                optimized.withMutableTensor { Transpose.run(input: tensor, permutation: tuple, output: $0) }
            }
            #expect(optimized == reference, "case \(index): \(permutation) of \(input.shape)")
        }
    }
}
