import OctetRuntime

/// TFLite's reference int8 softmax (reference_ops::Softmax with gemmlowp fixed point),
/// transcribed with Int64 helpers from `TFLiteArithmetic`. Fixed-point values are raw Int32
/// with the integer bits noted in comments (Qm = m integer bits).
extension Reference {
    public static func softmax(input: Int8Tensor, parameters: SoftmaxParameters, output: MutableInt8Tensor) {
        let depth = input.shape.c
        for row in 0..<(input.shape.n * input.shape.h * input.shape.w) {
            var maxInRow: Int32 = -128
            for c in 0..<depth { maxInRow = max(maxInRow, Int32(input.data[row * depth + c])) }

            var sumOfExps: Int64 = 0  // Q12, saturated to Int32 below (TFLite's wraps past 4,095 equal values)
            for c in 0..<depth {
                let diff = Int32(input.data[row * depth + c]) - maxInRow
                if diff >= parameters.diffMin {
                    let exp = expOnNegativeValues(rescaledDiff(diff, parameters))  // Q0
                    sumOfExps += Int64(TFLiteArithmetic.saturatingRoundingMultiplyByPOT(exp, -12))
                }
            }
            let sumOfExps32 = Int32(clamping: sumOfExps)
            // GetReciprocal(sum, 12)
            let headroomPlusOne = Int32(UInt32(bitPattern: sumOfExps32).leadingZeroBitCount)
            let numBitsOverUnit = 12 - headroomPlusOne
            let shiftedSumMinusOne = Int32(truncatingIfNeeded: (Int64(UInt32(bitPattern: sumOfExps32)) << Int64(headroomPlusOne)) - (Int64(1) << 31))
            let shiftedScale = oneOverOnePlusX(shiftedSumMinusOne)
            let exponent = Int64(numBitsOverUnit + 31 - 8)

            for c in 0..<depth {
                let diff = Int32(input.data[row * depth + c]) - maxInRow
                var value: Int32 = -128
                if diff >= parameters.diffMin {
                    let exp = expOnNegativeValues(rescaledDiff(diff, parameters))
                    // Round half away from zero, exact for any shift (TFLite's is undefined past 31).
                    let product = Int64(TFLiteArithmetic.saturatingRoundingDoublingHighMul(shiftedScale, exp))
                    let half = Int64(1) << (exponent - 1)
                    let unsaturated = product >= 0 ? (product + half) >> exponent : -((-product + half) >> exponent)
                    value = Int32(min(max(unsaturated - 128, -128), 127))
                }
                output.data[row * depth + c] = Int8(value)
            }
        }
    }

    /// MultiplyByQuantizedMultiplierGreaterThanOne: Q5.26 scaled difference.
    static func rescaledDiff(_ diff: Int32, _ p: SoftmaxParameters) -> Int32 {
        TFLiteArithmetic.saturatingRoundingDoublingHighMul(
            Int32(truncatingIfNeeded: Int64(diff) << Int64(p.inputBetaLeftShift)), p.inputBetaMultiplier)
    }

    static func mul(_ a: Int32, _ b: Int32) -> Int32 { TFLiteArithmetic.saturatingRoundingDoublingHighMul(a, b) }

    /// gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl (Q0 → Q0).
    static func expOnInterval(_ a: Int32) -> Int32 {
        let constantTerm: Int32 = 1895147668
        let constant1Over3: Int32 = 715827883
        let x = a &+ (1 << 28)
        let x2 = mul(x, x), x3 = mul(x2, x), x4 = mul(x2, x2)
        let x4Over4 = TFLiteArithmetic.saturatingRoundingMultiplyByPOT(x4, -2)
        let sum = TFLiteArithmetic.saturatingRoundingMultiplyByPOT(mul(x4Over4 &+ x3, constant1Over3) &+ x2, -1)
        return constantTerm &+ mul(constantTerm, x &+ sum)
    }

    /// gemmlowp exp_on_negative_values for an input with `kIntegerBits` integer bits (softmax:
    /// Q5.26, logistic: Q4.27), Q0 result.
    static func expOnNegativeValues(_ a: Int32, kIntegerBits: Int32 = 5) -> Int32 {
        let kFractionalBits: Int32 = 31 - kIntegerBits
        let kOneQuarter: Int32 = 1 << (kFractionalBits - 2)
        let mask = kOneQuarter - 1
        let aModQuarterMinusOneQuarter = (a & mask) &- kOneQuarter
        var result = expOnInterval(TFLiteArithmetic.saturatingRoundingMultiplyByPOT(aModQuarterMinusOneQuarter, kIntegerBits))
        let remainder = aModQuarterMinusOneQuarter &- a
        let barrel: [(Int32, Int32)] = [
            (-2, 1672461947), (-1, 1302514674), (0, 790015084), (1, 290630308), (2, 39332535), (3, 720401), (4, 242),
        ]
        for (exponent, multiplier) in barrel where kIntegerBits > exponent {
            if remainder & (1 << (kFractionalBits + exponent)) != 0 { result = mul(result, multiplier) }
        }
        return a == 0 ? Int32.max : result
    }

    /// gemmlowp one_over_one_plus_x_for_x_in_0_1 (Q0 → Q0), Newton-Raphson in Q2.
    static func oneOverOnePlusX(_ a: Int32) -> Int32 {
        let halfDenominator = TFLiteArithmetic.roundingHalfSum(a, Int32.max)
        let constant48Over17: Int32 = 1515870810, constantNeg32Over17: Int32 = -1010580540
        var x = constant48Over17 &+ mul(halfDenominator, constantNeg32Over17)
        for _ in 0..<3 {
            let halfDenominatorTimesX = mul(halfDenominator, x)  // Q2
            let oneMinus = (Int32(1) << 29) &- halfDenominatorTimesX  // Q2
            x = x &+ TFLiteArithmetic.saturatingRoundingMultiplyByPOT(mul(x, oneMinus), 2)  // Q4 → Q2
        }
        return TFLiteArithmetic.saturatingRoundingMultiplyByPOT(x, 1)  // Q1 → Q0
    }
}
