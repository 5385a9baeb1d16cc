/// One decoded tensor record. Obtained from `Model.tensor(_:)`, so every field is valid.
public struct TensorInfo: Equatable, Sendable {
    public var shape: Shape
    public var elementType: ElementType
    public var storage: Storage
    /// Per-tensor quantization. Constants that carry no real value (biases, multipliers,
    /// shifts) and per-channel weights have scale 0.
    public var scale: Float
    public var zeroPoint: Int32
    /// File offset of one Float32 scale per index of `scaleAxis`, or 0 for none.
    public var scalesOffset: Int
    public var scaleAxis: Int
    /// File offset for constants, arena offset for arena tensors.
    public var dataOffset: Int
    public var byteLength: Int
    /// Steps (op indices) during which an arena tensor's bytes are in use; -1 for constants.
    public var firstStep: Int
    public var lastStep: Int

    /// Number of per-channel scales, or 0 when there are none.
    public var channelScaleCount: Int {
        guard scalesOffset != 0 else { return 0 }
        switch scaleAxis {
        case 0: return shape.n
        case 1: return shape.h
        case 2: return shape.w
        default: return shape.c
        }
    }

    /// Whether this arena tensor's lifetime includes `step`.
    @inlinable
    public func isAlive(at step: Int) -> Bool {
        storage == .arena && firstStep <= step && step <= lastStep
    }

    /// Both tensors are quantized identically, so one's integers are the other's reals.
    public func sharesQuantization(with other: TensorInfo) -> Bool {
        scale.bitPattern == other.scale.bitPattern && zeroPoint == other.zeroPoint
    }
}
