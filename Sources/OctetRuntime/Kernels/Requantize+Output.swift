/// Requantization of one accumulator to an int8 output, shared by every kernel that
/// produces int8 from int32 (conv, depthwise, fully connected).
extension Requantize {
    /// `clamp(zeroPoint + multiply(accumulator, by: M), clamp.min, clamp.max)` as int8:
    /// TFLite's per-channel output stage.
    @inlinable @inline(__always)
    static func output(
        _ accumulator: Int32, multiplier: Int32, shift: Int32, zeroPoint: Int32, clamp: ActivationClamp
    ) -> Int8 {
        let scaled = multiply(accumulator, multiplier: multiplier, shift: shift) &+ zeroPoint
        return Int8(truncatingIfNeeded: Swift.min(Swift.max(scaled, clamp.min), clamp.max))
    }

    /// The same with the shift already split into its left and right parts, as
    /// the packed GEMM constants store it.
    @inlinable @inline(__always)
    static func output(
        _ accumulator: Int32, multiplier: Int32, leftShift: Int32, rightShift: Int32,
        zeroPoint: Int32, clamp: ActivationClamp
    ) -> Int8 {
        let high = saturatingRoundingDoublingHighMul(accumulator &<< leftShift, multiplier)
        let scaled = roundingDivideByPowerOfTwo(high, rightShift) &+ zeroPoint
        return Int8(truncatingIfNeeded: Swift.min(Swift.max(scaled, clamp.min), clamp.max))
    }
}
