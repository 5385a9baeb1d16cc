import OctetRuntime

/// A straightforward Int64 transcription of TFLite's and gemmlowp's fixed-point helpers,
/// independent of the runtime's 32-bit versions, used as the oracle for them.
public enum TFLiteArithmetic {
    /// gemmlowp `SaturatingRoundingDoublingHighMul` (int32).
    public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        let overflow = a == b && a == Int32.min
        let ab = Int64(a) * Int64(b)
        let nudge: Int64 = ab >= 0 ? (1 << 30) : (1 - (1 << 30))
        let high = Int32(truncatingIfNeeded: (ab + nudge) / (Int64(1) << 31))  // C++ `/` truncates
        return overflow ? Int32.max : high
    }

    /// gemmlowp `RoundingDivideByPOT`, exponent in 0...31.
    public static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        precondition(exponent >= 0 && exponent <= 31)
        let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }

    /// TFLite `MultiplyByQuantizedMultiplier` (double rounding). `x * (1 << leftShift)`
    /// is computed in 64 bits and truncated to 32, as two's-complement C++ does in practice.
    public static func multiplyByQuantizedMultiplier(_ x: Int32, _ multiplier: Int32, _ shift: Int32) -> Int32 {
        let leftShift = shift > 0 ? shift : 0
        let rightShift = shift > 0 ? 0 : -shift
        let shifted = Int32(truncatingIfNeeded: Int64(x) * (Int64(1) << Int64(leftShift)))
        return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, multiplier), rightShift)
    }

    /// gemmlowp `RoundingHalfSum` (int32, via int64).
    public static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        let sign: Int64 = sum >= 0 ? 1 : -1
        return Int32(truncatingIfNeeded: (sum + sign) / 2)
    }

    /// gemmlowp `SaturatingRoundingMultiplyByPOT<exponent>` for either sign of exponent.
    public static func saturatingRoundingMultiplyByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        if exponent == 0 { return x }
        if exponent < 0 { return roundingDivideByPOT(x, -exponent) }
        let threshold = Int32((Int64(1) << Int64(31 - exponent)) - 1)
        if x > threshold { return Int32.max }
        if x < -threshold { return Int32.min }
        return x << exponent
    }
}
