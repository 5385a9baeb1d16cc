/// Requantization of one accumulator to an int8 output, shared by every kernel that
/// produces int8 from int32 (conv, depthwise, fully connected).
extension Requantize {
    /// `clamp(zeroPoint + multiply(accumulator, by: M), clamp.min, clamp.max)` as int8:
    /// TFLite's per-channel output stage.
    @inlinable @inline(__always)
    static func output(
        _ accumulator: Int32, multiplier: Int32, shift: Int32, zeroPoint: Int32, clamp: ActivationClamp
    ) -> Int8 {
        clamped(multiply(accumulator, multiplier: multiplier, shift: shift), zeroPoint: zeroPoint, clamp: clamp)
    }

    /// The same with the shift already split into its left and right parts, as
    /// the packed GEMM constants store it.
    @inlinable @inline(__always)
    static func output(
        _ accumulator: Int32, multiplier: Int32, leftShift: Int32, rightShift: Int32,
        zeroPoint: Int32, clamp: ActivationClamp
    ) -> Int8 {
        let high = saturatingRoundingDoublingHighMul(accumulator &<< leftShift, multiplier)
        return clamped(roundingDivideByPowerOfTwo(high, rightShift), zeroPoint: zeroPoint, clamp: clamp)
    }

    /// `clamp(zeroPoint + value)` as int8, clamping against the bounds minus the zero point
    /// first, so that a value near ±2^31 never wraps (every kernel path agrees on this).
    @inlinable @inline(__always)
    static func clamped(_ value: Int32, zeroPoint: Int32, clamp: ActivationClamp) -> Int8 {
        let bounded = Swift.min(Swift.max(value, clamp.min &- zeroPoint), clamp.max &- zeroPoint)
        return Int8(truncatingIfNeeded: bounded &+ zeroPoint)
    }
}
