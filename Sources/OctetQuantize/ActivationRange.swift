/// The real interval an int8 activation tensor must represent. It always contains 0, so
/// zero padding is exactly the zero point (docs/QUANTIZATION.md).
public struct ActivationRange: Hashable, Sendable, CustomStringConvertible {
    public private(set) var lowerBound: Float
    public private(set) var upperBound: Float

    /// `[min(lower, 0), max(upper, 0)]`.
    public init(_ lower: Float, _ upper: Float) {
        precondition(lower.isFinite && upper.isFinite, "activation ranges are finite")
        // `+ 0` turns −0 into +0, so equal ranges compare and print alike.
        lowerBound = Swift.min(lower, 0) + 0
        upperBound = Swift.max(upper, 0) + 0
    }

    /// `[min(lower, 0), max(upper, 0)]` for a tensor whose observed bounds may be NaN or
    /// infinite (a float model whose weights overflow Float32 on real images).
    init(checking lower: Float, _ upper: Float, node: String) throws(QuantizationError) {
        guard lower.isFinite, upper.isFinite else {
            throw .valueOutOfRange(
                node: node, reason: "its output reaches \(lower.isFinite ? upper : lower) on the calibration images; "
                    + "every activation must be finite to be quantized (are some weights far too large?)")
        }
        self.init(lower, upper)
    }

    /// The smallest range holding both.
    public func union(_ other: ActivationRange) -> ActivationRange {
        ActivationRange(Swift.min(lowerBound, other.lowerBound), Swift.max(upperBound, other.upperBound))
    }

    public var description: String { "[\(lowerBound), \(upperBound)]" }
}

/// An int8 tensor's affine map: a real value is `scale · (q − zeroPoint)`.
public struct QuantizationParameters: Hashable, Sendable {
    public var scale: Float
    public var zeroPoint: Int32

    public init(scale: Float, zeroPoint: Int32) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// The narrowest width a range is widened to before quantizing, so a tensor that was
    /// always 0 in calibration still gets a usable scale and downstream multipliers stay
    /// far below 2^31.
    static let minimumRangeWidth: Double = 1e-6

    /// TFLite's `ChooseQuantizationParams` for int8: `scale = (max − min) / 255` and the
    /// zero point that maps `min` or `max` with the smaller error, rounded half away from
    /// zero and clamped to [−128, 127]. Real 0 is then exactly representable.
    public init(range: ActivationRange) {
        let lower = Double(range.lowerBound)
        let upper = Swift.max(Double(range.upperBound), lower + Self.minimumRangeWidth)
        let (qMin, qMax) = (-128.0, 127.0)
        let scale = Float((upper - lower) / (qMax - qMin))
        let storedScale = Double(scale)
        let zeroFromMin = qMin - lower / storedScale
        let zeroFromMax = qMax - upper / storedScale
        let errorFromMin = abs(qMin) + abs(lower / storedScale)
        let errorFromMax = abs(qMax) + abs(upper / storedScale)
        let zeroPoint = errorFromMin < errorFromMax ? zeroFromMin : zeroFromMax
        self.init(scale: scale, zeroPoint: Int32(Swift.min(Swift.max(zeroPoint, qMin), qMax).rounded(.toNearestOrAwayFromZero)))
    }

    /// The clamp bounds of a fused activation (docs/QUANTIZATION.md): ReLU gives
    /// `lo = max(−128, zeroPoint)`; ReLU6 also `hi = min(127, zeroPoint + round(6 / scale))`.
    func clamp(for activation: FusedActivation) -> (min: Int32, max: Int32) {
        switch activation {
        case .none: (-128, 127)
        case .relu: (Swift.max(-128, zeroPoint), 127)
        case .relu6:
            (Swift.max(-128, zeroPoint),
             Int32(Swift.min(127, Double(zeroPoint) + (6 / Double(scale)).rounded(.toNearestOrAwayFromZero))))
        }
    }
}

/// An activation function applied by the op that produces a tensor, as clamp bounds.
enum FusedActivation: Hashable, Sendable {
    case none
    case relu
    case relu6
}
