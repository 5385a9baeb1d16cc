import OctetRuntime

/// TFLite's fused activation (schema.fbs `ActivationFunctionType`) as the int8 clamp TFLM's
/// `CalculateActivationRangeQuantized` derives from the output's quantization: the bounds are
/// `zeroPoint + round(f / scale)` in float arithmetic, rounding half away from zero.
enum FusedActivation: Int8 {
    case none = 0, relu = 1, reluN1To1 = 2, relu6 = 3

    func clamp(scale: Float, zeroPoint: Int32) -> ActivationClamp {
        func quantize(_ real: Float) -> Int32 {
            let steps = (real / scale).rounded(.toNearestOrAwayFromZero)
            return zeroPoint &+ Int32(Swift.max(Swift.min(steps, 1e9), -1e9))
        }
        switch self {
        case .none: return .none
        case .relu: return ActivationClamp(min: max(-128, quantize(0)), max: 127)
        case .relu6: return ActivationClamp(min: max(-128, quantize(0)), max: min(127, quantize(6)))
        case .reluN1To1: return ActivationClamp(min: max(-128, quantize(-1)), max: min(127, quantize(1)))
        }
    }
}
