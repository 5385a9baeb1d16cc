/// Byte layout of the `.octet` format (docs/FORMAT.md is the prose version). The writer in
/// `OctetFormat` and the loader here both use these numbers, so they cannot disagree.
public enum FormatLayout {
    public static let magic: (UInt8, UInt8, UInt8, UInt8) = (0x4F, 0x43, 0x54, 0x38)  // "OCT8"
    public static let version: UInt16 = 2
    /// Bytes covered by neither the checksum nor anything else: magic, version, header size,
    /// total length and the checksum itself.
    public static let checksummedFrom = 16
    /// Constant data and arena tensors start at multiples of this.
    public static let alignment = 16
    /// Upper bound on any one dimension; keeps every product of validated sizes far from overflow.
    public static let maximumDimension = 1 << 16
    /// Caps on the table sizes. The loader cannot allocate, so it cannot sort the tensors;
    /// its arena-plan check compares pairs of arena tensors, and these caps bound that work
    /// (docs/FORMAT.md, "Loading cost"). The shipped models have at most 51 tensors.
    public static let maximumTensorCount = 1024
    public static let maximumOpCount = 1024
    public static let maximumOperandCount = 8192
    /// Graph inputs and outputs are looked up by a scan of their list for each operand.
    public static let maximumGraphEnds = 16

    /// Header field offsets.
    public enum Header {
        public static let size = 96
        public static let magic = 0
        public static let version = 4
        public static let headerSize = 6
        public static let totalLength = 8
        public static let checksum = 12
        public static let tensorCount = 16
        public static let tensorTableOffset = 20
        public static let opCount = 24
        public static let opTableOffset = 28
        public static let operandCount = 32
        public static let operandTableOffset = 36
        public static let arenaSize = 40
        public static let inputCount = 44
        public static let inputsStart = 48
        public static let outputCount = 52
        public static let outputsStart = 56
        public static let labelCount = 60
        public static let labelsOffset = 64
        public static let labelsLength = 68
        public static let pixelScale = 72
        public static let pixelOffset = 76
        /// Tensor names: `tensorCount` entries of (UInt8 length, UTF-8 bytes), or length 0 for none.
        public static let namesOffset = 80
        public static let namesLength = 84
        /// 88..<96 are reserved and must be zero.
        public static let reserved = 88
    }

    /// Tensor record field offsets.
    public enum Tensor {
        public static let size = 48
        public static let shape = 0  // four Int32: n, h, w, c
        public static let elementType = 16
        public static let storage = 17
        /// UInt8: the axis (0 = N ... 3 = C) of the per-channel scales at `scalesOffset`.
        public static let scaleAxis = 18
        public static let reserved = 19  // UInt8, zero
        public static let zeroPoint = 20
        public static let scale = 24
        public static let scalesOffset = 28
        public static let dataOffset = 32
        public static let byteLength = 36
        public static let firstStep = 40
        public static let lastStep = 44
    }

    /// Op record field offsets.
    public enum Op {
        public static let size = 80
        public static let kind = 0  // UInt16
        public static let reserved = 2  // UInt16, zero
        public static let operandCount = 4
        public static let operandsStart = 8
        public static let parameters = 12  // `parameterCount` Int32 slots
        public static let parameterCount = 16
    }
}

/// Element type of a tensor.
public enum ElementType: UInt8, Sendable {
    case int8 = 1
    case int32 = 2

    public var byteSize: Int {
        switch self {
        case .int8: 1
        case .int32: 4
        }
    }
}

/// Where a tensor's bytes live.
public enum Storage: UInt8, Sendable {
    /// In the caller's arena, at a planned offset, alive for a planned range of steps.
    case arena = 0
    /// In the model bytes, read in place.
    case constant = 1
}
