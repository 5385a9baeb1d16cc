import Testing
@testable import OctetRuntime
import OctetTestSupport

/// The runtime's 32-bit requantization against an Int64 transcription of TFLite/gemmlowp.
@Suite("Requantization matches TFLite's MultiplyByQuantizedMultiplier bit for bit")
struct RequantizationTests {
    /// Values where rounding and overflow behaviour differ: extremes, ±1, powers of two and
    /// their neighbours, exact halves.
    static let edgeValues: [Int32] = {
        var values: [Int32] = [0, 1, -1, 2, -2, 3, -3, Int32.max, Int32.min, Int32.max - 1, Int32.min + 1]
        for bit in 0..<31 {
            let power = Int32(1) << bit
            values += [power, -power, power - 1, -(power - 1), power + 1, -(power + 1), power | (power >> 1)]
        }
        return values
    }()

    @Test("saturatingRoundingDoublingHighMul on edge pairs, including Int32.min × Int32.min")
    func doublingHighMulEdges() {
        for a in Self.edgeValues {
            for b in Self.edgeValues {
                #expect(
                    Requantize.saturatingRoundingDoublingHighMul(a, b)
                        == TFLiteArithmetic.saturatingRoundingDoublingHighMul(a, b), "a \(a) b \(b)")
            }
        }
        #expect(Requantize.saturatingRoundingDoublingHighMul(Int32.min, Int32.min) == Int32.max)
    }

    @Test("saturatingRoundingDoublingHighMul on exact ties: products of ±2^30 and ±3·2^30")
    func doublingHighMulTies() {
        // a · b = ±2^30 is exactly half a unit of the result: positive ties round up,
        // negative ties toward zero (TFLite's nudge of 1 - 2^30).
        let ties: [(Int32, Int32, Int32)] = [
            (1 << 15, 1 << 15, 1), (-(1 << 15), 1 << 15, 0), (3 << 15, 1 << 15, 2), (-(3 << 15), 1 << 15, -1),
            (1 << 30, 1, 1), (-(1 << 30), 1, 0), (1, 1 << 30, 1), (-1, 1 << 30, 0),
        ]
        for (a, b, expected) in ties {
            #expect(Requantize.saturatingRoundingDoublingHighMul(a, b) == expected, "a \(a) b \(b)")
            #expect(TFLiteArithmetic.saturatingRoundingDoublingHighMul(a, b) == expected, "a \(a) b \(b)")
        }
    }

    @Test("saturatingRoundingDoublingHighMul on 200,000 random pairs")
    func doublingHighMulRandom() {
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<200_000 {
            let a = Int32(truncatingIfNeeded: rng.next()), b = Int32(truncatingIfNeeded: rng.next())
            let small = Int32(truncatingIfNeeded: Int64(a) >> Int64(rng.int(0...31)))
            #expect(
                Requantize.saturatingRoundingDoublingHighMul(a, b) == TFLiteArithmetic.saturatingRoundingDoublingHighMul(a, b))
            #expect(
                Requantize.saturatingRoundingDoublingHighMul(small, b)
                    == TFLiteArithmetic.saturatingRoundingDoublingHighMul(small, b))
        }
    }

    @Test("roundingDivideByPowerOfTwo: every exponent 0...31, edge values and exact halves")
    func roundingDivide() {
        for exponent in Int32(0)...31 {
            var values = Self.edgeValues
            if exponent > 0 {
                let half = Int32(1) << (exponent - 1)
                for k in Int32(-3)...3 {
                    let (tie, overflow) = (Int32(2) &* k &+ 1).multipliedReportingOverflow(by: half)
                    if !overflow { values += [tie, tie &- 1, tie &+ 1] }
                }
            }
            for x in values {
                #expect(
                    Requantize.roundingDivideByPowerOfTwo(x, exponent) == TFLiteArithmetic.roundingDivideByPOT(x, exponent),
                    "x \(x) exponent \(exponent)")
            }
        }
        // Halves round away from zero.
        #expect(Requantize.roundingDivideByPowerOfTwo(5, 1) == 3)
        #expect(Requantize.roundingDivideByPowerOfTwo(-5, 1) == -3)
        #expect(Requantize.roundingDivideByPowerOfTwo(-6, 2) == -2)
        #expect(Requantize.roundingDivideByPowerOfTwo(6, 2) == 2)
    }

    @Test("multiply(_:by:) for shifts -31...30 on edge and random accumulators")
    func multiplyByQuantizedMultiplier() {
        var rng = SplitMix64(seed: 77)
        for shift in Int32(-31)...30 {
            for _ in 0..<2_000 {
                let multiplier = rng.int(0...20) == 0 ? 0 : rng.int32((1 << 30)...Int32.max)
                let x = rng.int(0...3) == 0
                    ? Self.edgeValues[rng.int(0...Self.edgeValues.count - 1)]
                    : Int32(truncatingIfNeeded: Int64(Int32(truncatingIfNeeded: rng.next())) >> Int64(rng.int(0...31)))
                let m = QuantizedMultiplier(multiplier: multiplier, shift: shift)
                #expect(
                    Requantize.multiply(x, by: m) == TFLiteArithmetic.multiplyByQuantizedMultiplier(x, multiplier, shift),
                    "x \(x) multiplier \(multiplier) shift \(shift)")
            }
        }
    }

    @Test("the packed output stage (every kernel path) equals the scalar one, lane by lane", arguments: KernelPath.all)
    func outputStage(path: KernelPath) {
        // A 1x1 convolution of one input channel with weight 1 and input zero point 0 makes
        // the accumulator bias + x, so biases sweep the accumulator over edge values.
        var rng = SplitMix64(seed: 99)
        for round in 0..<200 {
            let channels = 16
            var problem = ConvolutionCase.make(
                &rng, input: Shape(n: 1, h: 1, w: 4, c: 1), kernelH: 1, kernelW: 1, outputChannels: channels,
                groups: 1, geometry: ConvolutionGeometry(strideH: 1, strideW: 1, padTop: 0, padLeft: 0),
                outputH: 1, outputW: 4)
            problem.input.zeroPoint = 0
            problem.input.values = [0, 1, -1, -128]
            problem.filter = [Int8](repeating: 1, count: channels)
            problem.bias = (0..<channels).map { _ in
                round % 2 == 0
                    ? Self.edgeValues[rng.int(0...Self.edgeValues.count - 1)] &- 200 : rng.int32(-(1 << 20)...(1 << 20))
            }
            problem.requantization = rng.requantization(channels: channels, shifts: -31...30)
            if round % 10 == 0 {
                // Results near ±2^31 with an extreme zero point: the zero point must not wrap them.
                problem.requantization.multipliers = problem.requantization.multipliers.map { _ in Int32.max }
                problem.requantization.shifts = problem.requantization.shifts.map { _ in 0 }
                problem.bias = problem.bias.map { _ in rng.int(0...1) == 0 ? Int32.max - 200 : Int32.min + 200 }
                problem.outputZeroPoint = round % 20 == 0 ? 127 : -128
            }
            #expect(problem.runConv2D(path: path).output == problem.runReference(), "round \(round)")
        }
    }

    @Test("roundingHalfSum without 64-bit values equals gemmlowp's")
    func roundingHalfSum() {
        var rng = SplitMix64(seed: 3)
        for a in Self.edgeValues {
            for b in Self.edgeValues {
                #expect(FixedPointMath.roundingHalfSum(a, b) == TFLiteArithmetic.roundingHalfSum(a, b), "a \(a) b \(b)")
            }
        }
        for _ in 0..<50_000 {
            let a = Int32(truncatingIfNeeded: rng.next()), b = Int32(truncatingIfNeeded: rng.next())
            #expect(FixedPointMath.roundingHalfSum(a, b) == TFLiteArithmetic.roundingHalfSum(a, b))
        }
    }
}
