/// A read-only int8 activation in NHWC order with its zero point. Kernels receive these
/// typed views rather than raw arena offsets; the interpreter builds them from the
/// validated model, so the pointer always covers `shape.elementCount` bytes.
public struct Int8Tensor {
    public var data: UnsafePointer<Int8>
    public var shape: Shape
    public var zeroPoint: Int32

    @inlinable
    public init(data: UnsafePointer<Int8>, shape: Shape, zeroPoint: Int32) {
        self.data = data
        self.shape = shape
        self.zeroPoint = zeroPoint
    }
}

/// A writable int8 activation in NHWC order with its zero point.
public struct MutableInt8Tensor {
    public var data: UnsafeMutablePointer<Int8>
    public var shape: Shape
    public var zeroPoint: Int32

    @inlinable
    public init(data: UnsafeMutablePointer<Int8>, shape: Shape, zeroPoint: Int32) {
        self.data = data
        self.shape = shape
        self.zeroPoint = zeroPoint
    }

    /// The same bytes seen as read-only, for an op that reads what a previous op wrote.
    @inlinable
    public var readOnly: Int8Tensor {
        Int8Tensor(data: UnsafePointer(data), shape: shape, zeroPoint: zeroPoint)
    }
}

/// Weights of a conv or fully connected op: symmetric int8 (zero point 0), OHWI for conv,
/// 1HWC for depthwise, `[out][in]` (shape `[out, 1, 1, in]`) for fully connected.
public struct Int8Weights {
    public var data: UnsafePointer<Int8>
    public var shape: Shape

    @inlinable
    public init(data: UnsafePointer<Int8>, shape: Shape) {
        self.data = data
        self.shape = shape
    }
}
