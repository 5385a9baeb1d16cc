/// TFLite's int8 LOGISTIC (reference kernel, bit-exact): `x = input - inZP`; at or beyond the
/// input range radius the output saturates to -128 or 127; otherwise `x` is rescaled into
/// Q4.27 by `MultiplyByQuantizedMultiplier(x, inputMultiplier, inputLeftShift)`, gemmlowp's
/// fixed-point logistic gives Q0.31, and `RoundingDivideByPOT(·, 23) - 128` clamped is the
/// output (scale 1/256, zero point -128).
///
/// The radius keeps `x · 2^inputLeftShift` inside int32 (the loader checks it is TFLite's
/// `floor(15 · 2^27 / 2^inputLeftShift)`), so no intermediate wraps.
///
/// An int8 input has 256 values: above 256 elements each is evaluated once into a table on
/// the stack and every element is a lookup (the same function, so the same bytes).
public enum Logistic {
    public static func run(input: Int8Tensor, parameters: LogisticParameters, output: MutableInt8Tensor) {
        let count = input.shape.elementCount
        guard count <= 256 else {
            runWithTable(input: input, parameters: parameters, output: output)
            return
        }
        for index in 0..<count {
            output.data[index] = value(input.data[index], zeroPoint: input.zeroPoint, parameters)
        }
    }

    /// Kept out of line so the 256-byte table is on the stack only for large tensors.
    @inline(never)
    static func runWithTable(input: Int8Tensor, parameters: LogisticParameters, output: MutableInt8Tensor) {
        var table = InlineArray<256, Int8>(repeating: 0)
        for raw in -128...127 { table[raw + 128] = value(Int8(raw), zeroPoint: input.zeroPoint, parameters) }
        for index in 0..<input.shape.elementCount { output.data[index] = table[Int(input.data[index]) + 128] }
    }

    @inline(__always)
    static func value(_ raw: Int8, zeroPoint: Int32, _ parameters: LogisticParameters) -> Int8 {
        let x = Int32(raw) &- zeroPoint
        if x <= 0 &- parameters.inputRangeRadius { return Int8.min }
        if x >= parameters.inputRangeRadius { return Int8.max }
        let inQ4 = Requantize.multiply(x, multiplier: parameters.inputMultiplier, shift: parameters.inputLeftShift)
        let inQ23 = Requantize.roundingDivideByPowerOfTwo(FixedPointMath.logistic(inQ4), 31 - 8)
        return Int8(truncatingIfNeeded: Swift.min(Swift.max(inQ23 &- 128, -128), 127))
    }

    /// TFLite's `CalculateInputRadius(4, leftShift, 31)`: `floor(15 · 2^27 / 2^leftShift)`,
    /// for `leftShift` in 0...31.
    public static func inputRangeRadius(leftShift: Int32) -> Int32 {
        Int32((15 << 27) &>> leftShift)
    }
}
