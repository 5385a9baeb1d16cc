import OctetRuntime

/// TFLite's fused activations, as a `.tflite` op's `fused_activation_function` names them.
public enum FusedActivation: Sendable {
    case none, relu, relu6, reluN1To1
}

extension ActivationClamp {
    /// TFLite's `CalculateActivationRangeQuantized` for an int8 output: each bound is
    /// `zeroPoint + Int32(roundf(f / scale))` computed in Float (`f` = 0, 6, −1 or 1),
    /// the lower bound raised to −128 and the upper lowered to 127. nil where TFLite's
    /// Prepare fails (a bound outside int32).
    public init?(tflite activation: FusedActivation, scale: Float, zeroPoint: Int32) {
        func quantize(_ f: Float) -> Int32? {
            let rounded = (f / scale).rounded(.toNearestOrAwayFromZero)
            guard rounded >= Float(Int32.min), rounded <= Float(Int32.max) else { return nil }
            let (sum, overflow) = zeroPoint.addingReportingOverflow(Int32(exactly: rounded) ?? Int32.max)
            return overflow ? nil : sum
        }
        switch activation {
        case .none:
            self = ActivationClamp.none
        case .relu:
            guard let low = quantize(0) else { return nil }
            self.init(min: Swift.max(-128, low), max: 127)
        case .relu6:
            guard let low = quantize(0), let high = quantize(6) else { return nil }
            self.init(min: Swift.max(-128, low), max: Swift.min(127, high))
        case .reluN1To1:
            guard let low = quantize(-1), let high = quantize(1) else { return nil }
            self.init(min: Swift.max(-128, low), max: Swift.min(127, high))
        }
    }
}
