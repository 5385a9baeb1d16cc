/// A real multiplier `M = multiplier * 2^(shift - 31)` with `multiplier` in `[2^30, 2^31)`
/// (or 0 for M = 0), as TensorFlow Lite stores it.
public struct QuantizedMultiplier: Equatable, Sendable {
    public var multiplier: Int32
    public var shift: Int32

    @inlinable
    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }
}

/// Requantization arithmetic, bit-exact with TensorFlow Lite's default (double-rounding)
/// `MultiplyByQuantizedMultiplier`, which TFLite Micro uses.
///
/// Written without Int64 conversions from Int32 because Embedded Swift with
/// `-no-allocations` rejects them on 32-bit targets (see docs/EMBEDDED.md); the 64-bit product
/// comes from `multipliedFullWidth` as high and low halves instead.
public enum Requantize {
    /// TFLite's `SaturatingRoundingDoublingHighMul`: `(a * b + nudge) / 2^31` truncated toward
    /// zero, where the nudge is `2^30` for a non-negative product and `1 - 2^30` otherwise;
    /// saturates only for `a == b == Int32.min`.
    ///
    /// The 64-bit product is kept as a (high, low) pair and rounded with 32-bit carries.
    @inlinable @inline(__always)
    public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == Int32.min && b == Int32.min { return Int32.max }
        var (high, low) = a.multipliedFullWidth(by: b)
        let nudge: Int32 = high >= 0 ? (1 << 30) : (1 - (1 << 30))
        addSigned(nudge, toHigh: &high, low: &low)
        // Truncating toward zero for a negative dividend is flooring after adding 2^31 - 1.
        if high < 0 { addSigned(Int32.max, toHigh: &high, low: &low) }
        // The quotient fits in 32 bits: bits 31...62 of the 64-bit value.
        return Int32(bitPattern: (UInt32(bitPattern: high) &<< 1) | (low &>> 31))
    }

    /// Adds a sign-extended 32-bit value to a 64-bit value held as (high, low) halves.
    @inlinable @inline(__always)
    static func addSigned(_ value: Int32, toHigh high: inout Int32, low: inout UInt32) {
        let sum = low &+ UInt32(bitPattern: value)
        let carry: Int32 = sum < low ? 1 : 0
        high = high &+ (value < 0 ? -1 : 0) &+ carry
        low = sum
    }

    /// `x / 2^exponent`, rounding half away from zero (TFLite's `RoundingDivideByPOT`).
    /// `exponent` in 0...31.
    @inlinable @inline(__always)
    public static func roundingDivideByPowerOfTwo(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask = (Int32(1) &<< exponent) &- 1
        let remainder = x & mask
        let threshold = (mask &>> 1) &+ (x < 0 ? 1 : 0)
        return (x &>> exponent) &+ (remainder > threshold ? 1 : 0)
    }

    /// TFLite's `MultiplyByQuantizedMultiplier(x, multiplier, shift)`.
    @inlinable @inline(__always)
    public static func multiply(_ x: Int32, by m: QuantizedMultiplier) -> Int32 {
        multiply(x, multiplier: m.multiplier, shift: m.shift)
    }

    /// TFLite's `MultiplyByQuantizedMultiplier(x, multiplier, shift)` on separate arrays.
    @inlinable @inline(__always)
    public static func multiply(_ x: Int32, multiplier: Int32, shift: Int32) -> Int32 {
        let leftShift = shift > 0 ? shift : 0
        let rightShift = shift > 0 ? 0 : -shift
        return roundingDivideByPowerOfTwo(
            saturatingRoundingDoublingHighMul(x &<< leftShift, multiplier), rightShift)
    }
}
