import OctetRuntime

/// A handle to a tensor added to a `ModelBuilder`.
public struct TensorID: Hashable, Sendable {
    public let index: Int
}

/// Builds a `.octet` file: constants, activations and ops in execution order. Lifetimes
/// and arena offsets are derived from the op order by `build()`, which also plans the arena.
///
/// The builder does not validate; the runtime's loader is the single judge of a file, and
/// `build()` runs it before returning so a builder bug cannot produce a file that will not load.
public struct ModelBuilder {
    /// One tensor as the builder holds it, before serialization.
    struct PendingTensor {
        var shape: Shape
        var elementType: ElementType
        var storage: Storage
        var scale: Float
        var zeroPoint: Int32
        var channelScales: [Float]
        var scaleAxis: Int
        /// Little-endian element bytes for constants.
        var data: [UInt8]
        /// Shown by `octet inspect` and used to match int8 tensors to float layers.
        var name: String = ""
    }

    struct PendingOp {
        var kind: OpKind
        var operands: [Int]
        var parameters: [Int32]
    }

    var tensors: [PendingTensor] = []
    var ops: [PendingOp] = []
    public var inputs: [TensorID] = []
    public var outputs: [TensorID] = []
    /// Class names in output channel order.
    public var labels: [String] = []
    /// The network input is `pixel * pixelScale + pixelOffset` for an 8-bit pixel.
    public var pixelScale: Float = 1
    public var pixelOffset: Float = 0

    public init() {}

    /// Symmetric int8 weights with one scale per index of `axis` (0 for OHWI and fully
    /// connected weights, 3 for depthwise 1HWC weights).
    public mutating func addWeights(_ values: [Int8], shape: Shape, channelScales: [Float], axis: Int) -> TensorID {
        precondition(values.count == shape.elementCount, "weight count does not match shape")
        return add(PendingTensor(
            shape: shape, elementType: .int8, storage: .constant, scale: 0, zeroPoint: 0,
            channelScales: channelScales, scaleAxis: axis, data: values.map { UInt8(bitPattern: $0) }))
    }

    /// An int32 constant (bias, multipliers, shifts or packed constants), by default a vector.
    public mutating func addInt32(_ values: [Int32], shape: Shape? = nil) -> TensorID {
        var writer = ByteWriter()
        for value in values { writer.append(value) }
        return add(PendingTensor(
            shape: shape ?? Shape(n: 1, h: 1, w: 1, c: values.count), elementType: .int32, storage: .constant, scale: 0,
            zeroPoint: 0, channelScales: [], scaleAxis: 0, data: writer.bytes))
    }

    /// An int8 activation in the arena.
    public mutating func addActivation(shape: Shape, scale: Float, zeroPoint: Int32) -> TensorID {
        add(PendingTensor(
            shape: shape, elementType: .int8, storage: .arena, scale: scale, zeroPoint: zeroPoint,
            channelScales: [], scaleAxis: 0, data: []))
    }

    /// Arena scratch bytes for one op, or nil when it needs none. A scratch is `[1, 1, 1, bytes]`;
    /// beyond the format's 65,536 per dimension it is `[1, h, w, 16]`, rounded up to whole
    /// 16-byte rows (which the arena's 16-byte alignment spends anyway).
    public mutating func addScratch(byteCount: Int) -> TensorID? {
        guard byteCount > 0 else { return nil }
        let maximumDimension = 65_536
        guard byteCount > maximumDimension else {
            return addActivation(shape: Shape(n: 1, h: 1, w: 1, c: byteCount), scale: 1, zeroPoint: 0)
        }
        let rows = (byteCount + 15) / 16
        let height = (rows + maximumDimension - 1) / maximumDimension
        let width = (rows + height - 1) / height
        return addActivation(shape: Shape(n: 1, h: height, w: width, c: 16), scale: 1, zeroPoint: 0)
    }

    /// Appends an op; `nil` operands are absent optional operands (written as -1).
    public mutating func addOp(_ kind: OpKind, operands: [TensorID?], parameters: [Int32] = []) {
        precondition(parameters.count <= FormatLayout.Op.parameterCount, "too many parameters")
        ops.append(PendingOp(kind: kind, operands: operands.map { $0?.index ?? -1 }, parameters: parameters))
    }

    /// Names a tensor (at most 255 UTF-8 bytes are kept); names are optional and only for reports.
    public mutating func setName(_ name: String, of tensor: TensorID) { tensors[tensor.index].name = name }

    /// The shape of a tensor added earlier.
    public func shape(of tensor: TensorID) -> Shape { tensors[tensor.index].shape }

    /// The per-tensor scale of a tensor added earlier (0 for constants without one).
    public func scale(of tensor: TensorID) -> Float { tensors[tensor.index].scale }

    /// The zero point of a tensor added earlier.
    public func zeroPoint(of tensor: TensorID) -> Int32 { tensors[tensor.index].zeroPoint }

    mutating func add(_ tensor: PendingTensor) -> TensorID {
        tensors.append(tensor)
        return TensorID(index: tensors.count - 1)
    }
}
