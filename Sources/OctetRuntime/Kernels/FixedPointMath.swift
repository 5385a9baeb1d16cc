/// The gemmlowp fixed-point functions TFLite's int8 softmax uses, on raw Int32 values.
/// `Qm` means m integer bits and 31 - m fractional bits. Additions wrap, as gemmlowp's
/// int32 `Add` does; products are `Requantize.saturatingRoundingDoublingHighMul`.
enum FixedPointMath {
    @inline(__always)
    static func multiply(_ a: Int32, _ b: Int32) -> Int32 {
        Requantize.saturatingRoundingDoublingHighMul(a, b)
    }

    /// `x · 2^exponent` for `exponent` > 0, saturating (gemmlowp's
    /// `SaturatingRoundingMultiplyByPOT` with a positive exponent).
    @inline(__always)
    static func saturatingShiftLeft(_ x: Int32, _ exponent: Int32) -> Int32 {
        let threshold = (Int32(1) &<< (31 - exponent)) &- 1
        if x > threshold { return Int32.max }
        if x < 0 &- threshold { return Int32.min }
        return x &<< exponent
    }

    /// `(a + b) / 2` rounded half away from zero (gemmlowp's `RoundingHalfSum`), computed on
    /// halves so that no 64-bit value is needed (see docs/EMBEDDED.md).
    @inline(__always)
    static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        // a + b = 2 · half + low, with low in 0...2.
        let half = (a &>> 1) &+ (b &>> 1)
        let low = (a & 1) &+ (b & 1)
        let sumIsNegative = half < -1 || (half == -1 && low < 2)
        // gemmlowp: (sum + sign) / 2, truncated toward zero.
        if sumIsNegative { return half &+ (low == 2 ? 1 : 0) }
        return half &+ (low >= 1 ? 1 : 0)
    }

    /// `exp(a)` for `a` in [-1/4, 0), Q0 in and out: a Taylor expansion around -1/8.
    static func exponentialOnQuarterInterval(_ a: Int32) -> Int32 {
        let constantTerm: Int32 = 1_895_147_668  // exp(-1/8)
        let oneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)  // a + 1/8
        let x2 = multiply(x, x)
        let x3 = multiply(x2, x)
        let x4 = multiply(x2, x2)
        let x4Over4 = Requantize.roundingDivideByPowerOfTwo(x4, 2)
        let polynomial = Requantize.roundingDivideByPowerOfTwo(multiply(x4Over4 &+ x3, oneThird) &+ x2, 1)
        return constantTerm &+ multiply(constantTerm, x &+ polynomial)
    }

    /// `exp(a)` for `a ≤ 0` in Q5.26, result in Q0.31 (gemmlowp's `exp_on_negative_values`
    /// with 5 integer bits): the fractional quarter by polynomial, each remaining power of
    /// two of `-a` by a constant factor `exp(-2^k)`.
    static func exponentialOfNegative(_ a: Int32) -> Int32 {
        let fractionalBits: Int32 = 26
        let oneQuarter: Int32 = 1 << (fractionalBits - 2)
        let moduloQuarterMinusQuarter = (a & (oneQuarter &- 1)) &- oneQuarter
        var result = exponentialOnQuarterInterval(saturatingShiftLeft(moduloQuarterMinusQuarter, 5))
        let remainder = moduloQuarterMinusQuarter &- a

        result = applyFactor(result, remainder, -2, 1_672_461_947)  // exp(-1/4)
        result = applyFactor(result, remainder, -1, 1_302_514_674)  // exp(-1/2)
        result = applyFactor(result, remainder, 0, 790_015_084)  // exp(-1)
        result = applyFactor(result, remainder, 1, 290_630_308)  // exp(-2)
        result = applyFactor(result, remainder, 2, 39_332_535)  // exp(-4)
        result = applyFactor(result, remainder, 3, 720_401)  // exp(-8)
        result = applyFactor(result, remainder, 4, 242)  // exp(-16)
        return a == 0 ? Int32.max : result
    }

    /// Multiplies by `exp(-2^exponent)` when that power of two is set in `remainder` (Q5.26).
    @inline(__always)
    private static func applyFactor(_ value: Int32, _ remainder: Int32, _ exponent: Int32, _ factor: Int32) -> Int32 {
        remainder & (Int32(1) &<< (26 + exponent)) != 0 ? multiply(value, factor) : value
    }

    /// `1 / (1 + a)` for `a` in [0, 1), Q0 in and out: Newton-Raphson on the half denominator
    /// in Q2.29, three iterations (gemmlowp's `one_over_one_plus_x_for_x_in_0_1`).
    static func reciprocalOfOnePlus(_ a: Int32) -> Int32 {
        let halfDenominator = roundingHalfSum(a, Int32.max)
        let fortyEightOverSeventeen: Int32 = 1_515_870_810
        let minusThirtyTwoOverSeventeen: Int32 = -1_010_580_540
        let oneQ2: Int32 = 1 << 29
        var x = fortyEightOverSeventeen &+ multiply(halfDenominator, minusThirtyTwoOverSeventeen)
        for _ in 0..<3 {
            let oneMinusHalfDenominatorTimesX = oneQ2 &- multiply(halfDenominator, x)
            x = x &+ saturatingShiftLeft(multiply(x, oneMinusHalfDenominatorTimesX), 2)
        }
        return saturatingShiftLeft(x, 1)
    }

    /// TFLite's `GetReciprocal`: for positive `x` with `integerBits` integer bits, a Q0 scale
    /// and `bitsOverUnit` such that `1 / x = scale · 2^-bitsOverUnit`.
    static func reciprocal(_ x: Int32, integerBits: Int32) -> (scale: Int32, bitsOverUnit: Int32) {
        let headroomPlusOne = Int32(UInt32(bitPattern: x).leadingZeroBitCount)
        let shiftedMinusOne = Int32(bitPattern: (UInt32(bitPattern: x) &<< UInt32(headroomPlusOne)) &- (1 << 31))
        return (reciprocalOfOnePlus(shiftedMinusOne), integerBits - headroomPlusOne)
    }
}
