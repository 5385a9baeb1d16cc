/// TFLite's quantized ADD (integer_ops/add.h) on two tensors of the same shape: each input
/// loses its zero point, is shifted left by `leftShift` (20) and rescaled to a common scale
/// by its multiplier; the sum is requantized to the output, offset and clamped.
///
/// With shifts ≤ 0 (TFLite's `QuantizeMultiplierSmallerThanOneExp`), `Requantize.multiply` is
/// exactly TFLite's `MultiplyByQuantizedMultiplierSmallerThanOneExp`. Overflow: inputs minus
/// zero points are in [-255, 255], so `2^20` scaling stays below 2^28.
public enum Add {
    public static func run(input1: Int8Tensor, input2: Int8Tensor, parameters: AddParameters, output: MutableInt8Tensor) {
        let count = output.shape.elementCount
        let zeroPoint1 = input1.zeroPoint, zeroPoint2 = input2.zeroPoint
        for i in 0..<count {
            let shifted1 = (Int32(input1.data[i]) &- zeroPoint1) &<< parameters.leftShift
            let shifted2 = (Int32(input2.data[i]) &- zeroPoint2) &<< parameters.leftShift
            let sum = Requantize.multiply(shifted1, by: parameters.input1)
                &+ Requantize.multiply(shifted2, by: parameters.input2)
            let result = Requantize.multiply(sum, by: parameters.output) &+ output.zeroPoint
            output.data[i] = Int8(truncatingIfNeeded: Swift.min(Swift.max(result, parameters.clamp.min), parameters.clamp.max))
        }
    }
}
