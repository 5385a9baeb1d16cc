/// TFLite's int8 → int8 QUANTIZE (reference `Requantize`): a change of scale and zero point,
/// `clamp(outZP + MultiplyByQuantizedMultiplier(x - inZP, m, s), -128, 127)` where `m, s`
/// quantize `inputScale / outputScale` (TFLite's Prepare, done by the model writer).
public enum Requantization {
    public static func run(input: Int8Tensor, multiplier: QuantizedMultiplier, output: MutableInt8Tensor) {
        for index in 0..<input.shape.elementCount {
            output.data[index] = element(
                input.data[index], from: input.zeroPoint, multiplier: multiplier, to: output.zeroPoint)
        }
    }

    /// One value: shared with the requantizing Concatenation, so both round alike.
    @inline(__always)
    static func element(
        _ value: Int8, from inputZeroPoint: Int32, multiplier: QuantizedMultiplier, to outputZeroPoint: Int32
    ) -> Int8 {
        Requantize.clamped(
            Requantize.multiply(Int32(value) &- inputZeroPoint, by: multiplier), zeroPoint: outputZeroPoint, clamp: .none)
    }
}
