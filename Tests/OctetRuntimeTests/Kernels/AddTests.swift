import OctetFormat
import Testing
@testable import OctetRuntime
import OctetTestSupport

@Suite("Add: tables from the writer, bit-exact with TFLite's per-element ADD")
struct AddTests {
    /// Mostly TFLite Prepare's ranges (input shifts −4…0, output −24…−14), otherwise any
    /// shift −31…0, the extreme multipliers 2^30 and 2^31 − 1, or 0.
    static func multiplier(_ rng: inout SplitMix64, typical: ClosedRange<Int32>) -> QuantizedMultiplier {
        switch rng.int(0...9) {
        case 0: return QuantizedMultiplier(multiplier: 0, shift: 0)
        case 1: return QuantizedMultiplier(multiplier: Int32.max, shift: rng.int32(-31...0))
        case 2: return QuantizedMultiplier(multiplier: 1 << 30, shift: rng.int32(-31...0))
        case 3, 4: return rng.quantizedMultiplier(shifts: -31...0)
        default: return rng.quantizedMultiplier(shifts: typical)
        }
    }

    /// Half the time an extreme (−128, 127) or 0.
    static func zeroPoint(_ rng: inout SplitMix64) -> Int32 {
        switch rng.int(0...5) {
        case 0: -128
        case 1: 127
        case 2: 0
        default: rng.int32(-128...127)
        }
    }

    @Test("600 random shapes, zero points, multipliers, shifts and clamps against the per-element reference",
          arguments: KernelPath.all)
    func randomCases(path: KernelPath) {
        var rng = SplitMix64(seed: 0xADD)
        for index in 0..<600 {
            let shape = Shape(n: rng.int(1...2), h: rng.int(1...6), w: rng.int(1...6), c: rng.int(1...20))
            var input1 = rng.tensor(shape), input2 = rng.tensor(shape)
            input1.zeroPoint = Self.zeroPoint(&rng)
            input2.zeroPoint = Self.zeroPoint(&rng)
            let outputZeroPoint = Self.zeroPoint(&rng)
            let rescaling = index % 4 == 0
                // As the quantizer prepares it, from random scales.
                ? AddRescaling(
                    input1Scale: Double.random(in: 0.001...1, using: &rng), input2Scale: Double.random(in: 0.001...1, using: &rng),
                    outputScale: Double.random(in: 0.001...2, using: &rng), clamp: rng.clamp(zeroPoint: outputZeroPoint))!
                : AddRescaling(
                    leftShift: 20, input1: Self.multiplier(&rng, typical: -4...0), input2: Self.multiplier(&rng, typical: -4...0),
                    output: Self.multiplier(&rng, typical: -24...(-14)), clamp: rng.clamp(zeroPoint: outputZeroPoint))
            let table1 = rescaling.table(multiplier: rescaling.input1, zeroPoint: input1.zeroPoint)
            let table2 = rescaling.table(multiplier: rescaling.input2, zeroPoint: input2.zeroPoint)
            var reference = OwnedTensor(shape: shape, zeroPoint: outputZeroPoint, fill: 99)
            var optimized = reference
            input1.withTensor { a in
                input2.withTensor { b in
                    reference.withMutableTensor { Reference.add(input1: a, input2: b, rescaling: rescaling, output: $0) }
                    table1.withUnsafeBufferPointer { t1 in
                        table2.withUnsafeBufferPointer { t2 in
                            let parameters = AddParameters(
                                table1: t1.baseAddress!, table2: t2.baseAddress!, output: rescaling.output, clamp: rescaling.clamp)
                            optimized.withMutableTensor { Add.run(input1: a, input2: b, parameters: parameters, output: $0, path: path) }
                        }
                    }
                }
            }
            #expect(optimized == reference, "case \(index): \(rescaling)")
        }
    }

    @Test("the writer's table is TFLite's rescale of all 256 values")
    func writerTable() {
        var rng = SplitMix64(seed: 0x7AB1E)
        for index in 0..<300 {
            let rescaling = AddRescaling(
                leftShift: 20, input1: Self.multiplier(&rng, typical: -4...0), input2: Self.multiplier(&rng, typical: -4...0),
                output: QuantizedMultiplier(multiplier: 1 << 30, shift: -20), clamp: .none)
            let zeroPoint = Self.zeroPoint(&rng)
            let table = rescaling.table(multiplier: rescaling.input1, zeroPoint: zeroPoint)
            let expected = (-128...127).map { x in
                TFLiteArithmetic.multiplyByQuantizedMultiplier(
                    (Int32(x) - zeroPoint) * (1 << 20), rescaling.input1.multiplier, rescaling.input1.shift)
            }
            #expect(table == expected, "case \(index)")
            #expect(table.allSatisfy { abs($0) < Add.tableEntryLimit })
            #expect(table[Int(zeroPoint) + 128] == 0)
        }
    }

    @Test("the output stage equals TFLite's for every output shift, on sums up to twice the table limit")
    func outputStageEveryShift() {
        var rng = SplitMix64(seed: 0x5EED)
        let limit = 2 * (Add.tableEntryLimit - 1)
        let edges: [Int32] = [0, 1, -1, 2, -2, limit, -limit, limit - 1, -limit + 1]
        for shift in Int32(-31)...0 {
            let rightShift = -shift
            for multiplier in [1 << 30, Int32.max, 0] + (0..<5).map({ _ in rng.int32((1 << 30)...Int32.max) }) {
                let output = QuantizedMultiplier(multiplier: multiplier, shift: shift)
                let zeroPoint = Self.zeroPoint(&rng)
                let stage = Add.OutputStage(output, zeroPoint: zeroPoint, clamp: .none)
                // Sums around 0, around exact halves of 2^r in the rescaled value, and anywhere.
                var sums = edges + (0..<300).map { _ in rng.int32(-limit...limit) } + (0..<300).map { _ in rng.int32(-64...64) }
                if multiplier != 0 {
                    for _ in 0..<300 {
                        // Rescaled values stay below 2^29 in magnitude; larger halves would only overflow here.
                        let half = rightShift == 0 ? 0 : max(-1 << 30, min(1 << 30, Int64(rng.int32(-8...8)) << rightShift + 1 << (rightShift - 1)))
                        // The sum whose rescaled value is about `half`.
                        let sum = half * (1 << 31) / Int64(multiplier) + Int64(rng.int32(-2...2))
                        sums.append(Int32(max(-Int64(limit), min(Int64(limit), sum))))
                    }
                }
                for sum in sums {
                    let raw = TFLiteArithmetic.multiplyByQuantizedMultiplier(sum, multiplier, shift) + zeroPoint
                    let expected = Int8(max(-128, min(127, raw)))
                    #expect(stage.apply(sum) == expected, "sum \(sum), multiplier \(multiplier), shift \(shift), zero point \(zeroPoint)")
                }
            }
        }
    }
}
