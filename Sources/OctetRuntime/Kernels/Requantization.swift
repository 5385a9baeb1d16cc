/// TFLite's int8 → int8 QUANTIZE (reference `Requantize`): a change of scale and zero point,
/// `clamp(outZP + MultiplyByQuantizedMultiplier(x - inZP, m, s), -128, 127)` where `m, s`
/// quantize `inputScale / outputScale` (TFLite's Prepare, done by the model writer).
public enum Requantization {
    public static func run(input: Int8Tensor, multiplier: QuantizedMultiplier, output: MutableInt8Tensor) {
        let zeroPoint = output.zeroPoint
        for index in 0..<input.shape.elementCount {
            let x = Int32(input.data[index]) &- input.zeroPoint
            output.data[index] = Requantize.clamped(
                Requantize.multiply(x, by: multiplier), zeroPoint: zeroPoint, clamp: .none)
        }
    }
}
