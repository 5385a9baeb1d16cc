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

    /// `exp(a)` for `a ≤ 0` with `integerBits` (at most 5) integer bits, result in Q0.31
    /// (gemmlowp's `exp_on_negative_values`): the fractional quarter by polynomial, each
    /// remaining power of two of `-a` below `2^integerBits` by a constant factor `exp(-2^k)`.
    /// Softmax uses 5 integer bits, Logistic 4.
    static func exponentialOfNegative(_ a: Int32, integerBits: Int32) -> Int32 {
        let fractionalBits = 31 - integerBits
        let oneQuarter = Int32(1) &<< (fractionalBits - 2)
        let moduloQuarterMinusQuarter = (a & (oneQuarter &- 1)) &- oneQuarter
        var result = exponentialOnQuarterInterval(saturatingShiftLeft(moduloQuarterMinusQuarter, integerBits))
        let remainder = moduloQuarterMinusQuarter &- a
        let factors: (Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (
            1_672_461_947,  // exp(-1/4)
            1_302_514_674,  // exp(-1/2)
            790_015_084,  // exp(-1)
            290_630_308,  // exp(-2)
            39_332_535,  // exp(-4)
            720_401,  // exp(-8)
            242  // exp(-16)
        )
        result = applyFactor(result, remainder, fractionalBits - 2, factors.0)
        result = applyFactor(result, remainder, fractionalBits - 1, factors.1)
        result = applyFactor(result, remainder, fractionalBits, factors.2)
        if integerBits > 1 { result = applyFactor(result, remainder, fractionalBits + 1, factors.3) }
        if integerBits > 2 { result = applyFactor(result, remainder, fractionalBits + 2, factors.4) }
        if integerBits > 3 { result = applyFactor(result, remainder, fractionalBits + 3, factors.5) }
        if integerBits > 4 { result = applyFactor(result, remainder, fractionalBits + 4, factors.6) }
        return a == 0 ? Int32.max : result
    }

    /// Multiplies by `factor` when bit `bit` of `remainder` is set.
    @inline(__always)
    private static func applyFactor(_ value: Int32, _ remainder: Int32, _ bit: Int32, _ factor: Int32) -> Int32 {
        remainder & (Int32(1) &<< bit) != 0 ? multiply(value, factor) : value
    }

    /// `1 / (1 + exp(-a))` for `a` in Q4.27, result in Q0.31 (gemmlowp's `logistic` with 4
    /// integer bits): computed for `|a|` and mirrored as `1 - result` for negative `a`;
    /// exactly one half at 0.
    static func logistic(_ a: Int32) -> Int32 {
        if a == 0 { return 1 << 30 }
        let magnitude = a > 0 ? a : 0 &- a
        let positive = reciprocalOfOnePlus(exponentialOfNegative(0 &- magnitude, integerBits: 4))
        return a > 0 ? positive : Int32.max &- positive
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
