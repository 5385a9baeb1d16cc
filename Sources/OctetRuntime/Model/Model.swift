/// A validated, read-only view of a `.octet` model over bytes the caller owns.
///
/// Loading checks everything once (docs/FORMAT.md, "Validation"): afterwards every accessor
/// and the interpreter read without further checks. The bytes are not copied, so they must
/// stay alive and unchanged for as long as the model (and any interpreter using it) is used:
/// a file read into memory, a mapped file, or a static array in flash.
public struct Model {
    let reader: ByteReader
    public let tensorCount: Int
    public let opCount: Int
    public let arenaSize: Int
    public let inputCount: Int
    public let outputCount: Int
    public let labelCount: Int
    /// The network's input is `pixel * pixelScale + pixelOffset` for an 8-bit pixel.
    public let pixelScale: Float
    public let pixelOffset: Float
    let tensorTableOffset: Int
    let opTableOffset: Int
    let operandTableOffset: Int
    let operandEntryCount: Int
    let inputsStart: Int
    let outputsStart: Int
    let labelsOffset: Int
    let labelsLength: Int
    let namesOffset: Int
    let namesLength: Int

    /// Validates `bytes` as a model. `bytes` must start at a 16-byte aligned address so that
    /// constant tensors, 16-byte aligned in the file, are aligned in memory.
    ///
    /// `verifyingChecksum: false` skips only the CRC-32, for a model in flash that was verified
    /// when it was written there; every other check still runs, so a damaged model can still
    /// compute wrong results but never read out of bounds or trap.
    public init(bytes: UnsafeRawBufferPointer, verifyingChecksum: Bool = true) throws(ModelError) {
        guard let base = bytes.baseAddress, bytes.count >= FormatLayout.Header.size else {
            throw .truncated(needed: FormatLayout.Header.size, available: bytes.count)
        }
        guard Int(bitPattern: base) % FormatLayout.alignment == 0 else { throw .misalignedBuffer }
        let header = ByteReader(base: base, count: bytes.count)
        typealias H = FormatLayout.Header
        let totalLength = try Self.declaredLength(header: header)
        guard totalLength <= bytes.count else {
            throw .lengthMismatch(declared: totalLength, available: bytes.count)
        }
        if verifyingChecksum {
            let stored = try header.uint32(H.checksum)
            let computed = CRC32.checksum(
                UnsafeRawBufferPointer(rebasing: bytes[FormatLayout.checksummedFrom..<totalLength]))
            guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        }
        var offset = H.reserved
        while offset < H.size {
            guard try header.uint32(offset) == 0 else { throw .reservedNotZero(offset: offset) }
            offset += 4
        }

        // From here on, only the declared length counts.
        reader = ByteReader(base: base, count: totalLength)
        tensorCount = Int(try reader.uint32(H.tensorCount))
        tensorTableOffset = Int(try reader.uint32(H.tensorTableOffset))
        opCount = Int(try reader.uint32(H.opCount))
        opTableOffset = Int(try reader.uint32(H.opTableOffset))
        operandEntryCount = Int(try reader.uint32(H.operandCount))
        operandTableOffset = Int(try reader.uint32(H.operandTableOffset))
        arenaSize = Int(try reader.uint32(H.arenaSize))
        inputCount = Int(try reader.uint32(H.inputCount))
        inputsStart = Int(try reader.uint32(H.inputsStart))
        outputCount = Int(try reader.uint32(H.outputCount))
        outputsStart = Int(try reader.uint32(H.outputsStart))
        labelCount = Int(try reader.uint32(H.labelCount))
        labelsOffset = Int(try reader.uint32(H.labelsOffset))
        labelsLength = Int(try reader.uint32(H.labelsLength))
        namesOffset = Int(try reader.uint32(H.namesOffset))
        namesLength = Int(try reader.uint32(H.namesLength))
        pixelScale = try reader.float32(H.pixelScale)
        pixelOffset = try reader.float32(H.pixelOffset)

        try Self.checkCap(.tensors, tensorCount, FormatLayout.maximumTensorCount)
        try Self.checkCap(.ops, opCount, FormatLayout.maximumOpCount)
        try Self.checkCap(.operands, operandEntryCount, FormatLayout.maximumOperandCount)
        try Self.checkCap(.inputs, inputCount, FormatLayout.maximumGraphEnds)
        try Self.checkCap(.outputs, outputCount, FormatLayout.maximumGraphEnds)
        try checkSection(.tensorTable, offset: tensorTableOffset, count: tensorCount, stride: FormatLayout.Tensor.size)
        try checkSection(.opTable, offset: opTableOffset, count: opCount, stride: FormatLayout.Op.size)
        try checkSection(.operandTable, offset: operandTableOffset, count: operandEntryCount, stride: 4)
        try checkSection(.labels, offset: labelsOffset, count: labelsLength, stride: 1)
        try checkSection(.names, offset: namesOffset, count: namesLength, stride: 1)
        guard pixelScale.isFinite, pixelOffset.isFinite, pixelScale != 0 else { throw .invalidPreprocessing }
        guard opCount > 0 else { throw .invalidGraph(.noOps) }

        for index in 0..<tensorCount { try validateTensor(index) }
        try validateGraphEnds()
        for index in 0..<opCount { try validateOp(index) }
        try validateArenaPlan()
        try validateStrings(.labels, offset: labelsOffset, length: labelsLength, count: labelCount)
        if namesLength > 0 { try validateStrings(.names, offset: namesOffset, length: namesLength, count: tensorCount) }
    }

    /// The total length a header declares, after checking its magic, version and size; a
    /// file reader calls this on the first `FormatLayout.Header.size` bytes, then reads only
    /// that many (`Model(bytes:)` checks the same again).
    public static func declaredLength(ofHeader bytes: UnsafeRawBufferPointer) throws(ModelError) -> Int {
        guard let base = bytes.baseAddress, bytes.count >= FormatLayout.Header.size else {
            throw .truncated(needed: FormatLayout.Header.size, available: bytes.count)
        }
        return try declaredLength(header: ByteReader(base: base, count: bytes.count))
    }

    private static func declaredLength(header: ByteReader) throws(ModelError) -> Int {
        typealias H = FormatLayout.Header
        let magic = FormatLayout.magic
        guard try header.uint8(0) == magic.0, try header.uint8(1) == magic.1,
            try header.uint8(2) == magic.2, try header.uint8(3) == magic.3
        else { throw .badMagic }
        let version = try header.uint16(H.version)
        guard version == FormatLayout.version else { throw .unsupportedVersion(version) }
        let headerSize = Int(try header.uint16(H.headerSize))
        guard headerSize == H.size else { throw .badHeaderSize(headerSize) }
        let totalLength = Int(try header.uint32(H.totalLength))
        guard totalLength >= H.size else { throw .lengthMismatch(declared: totalLength, available: header.count) }
        return totalLength
    }

    /// A table may hold at most `limit` entries.
    private static func checkCap(_ table: ModelTable, _ count: Int, _ limit: Int) throws(ModelError) {
        guard count <= limit else { throw .tableTooLarge(table, count: count, limit: limit) }
    }

    /// A table of `count` records of `stride` bytes must lie after the header and inside the file.
    private func checkSection(_ section: ModelSection, offset: Int, count: Int, stride: Int) throws(ModelError) {
        let (length, overflow) = count.multipliedReportingOverflow(by: stride)
        guard !overflow, offset >= FormatLayout.Header.size || length == 0,
            offset <= reader.count, length <= reader.count - offset
        else { throw .sectionOutOfBounds(section, offset: offset, length: overflow ? Int.max : length) }
    }

    /// The number of bytes of the model, as declared in its header.
    public var byteCount: Int { reader.count }

    /// The first byte of the model; constant tensors are at `base + dataOffset`.
    public var base: UnsafeRawPointer { reader.base }

    /// File offset of tensor record `index`.
    func tensorRecordOffset(_ index: Int) -> Int { tensorTableOffset + index * FormatLayout.Tensor.size }

    /// File offset of op record `index`.
    func opRecordOffset(_ index: Int) -> Int { opTableOffset + index * FormatLayout.Op.size }

    /// The tensor with this index; `index` must be below `tensorCount`.
    public func tensor(_ index: Int) -> TensorInfo {
        precondition(index >= 0 && index < tensorCount, "tensor index out of range")
        return decodeTensor(at: tensorRecordOffset(index))
    }

    /// The op at this step; `index` must be below `opCount`.
    public func op(_ index: Int) -> OpInfo {
        precondition(index >= 0 && index < opCount, "op index out of range")
        return decodeOp(at: opRecordOffset(index))!
    }

    /// Tensor index of graph input `position`.
    public func inputTensorIndex(_ position: Int) -> Int {
        precondition(position >= 0 && position < inputCount, "input position out of range")
        return Int(reader.uncheckedInt32(operandTableOffset + 4 * (inputsStart + position)))
    }

    /// Tensor index of graph output `position`.
    public func outputTensorIndex(_ position: Int) -> Int {
        precondition(position >= 0 && position < outputCount, "output position out of range")
        return Int(reader.uncheckedInt32(operandTableOffset + 4 * (outputsStart + position)))
    }

    /// The UTF-8 bytes of class label `index` (labels are listed in output channel order).
    public func label(_ index: Int) -> UnsafeRawBufferPointer {
        precondition(index >= 0 && index < labelCount, "label index out of range")
        return string(index, from: labelsOffset)
    }

    /// Whether the model carries tensor names (for reports; the runtime never needs them).
    public var hasTensorNames: Bool { namesLength > 0 }

    /// The UTF-8 bytes of tensor `index`'s name, or empty bytes when the model has none.
    public func tensorName(_ index: Int) -> UnsafeRawBufferPointer {
        precondition(index >= 0 && index < tensorCount, "tensor index out of range")
        guard hasTensorNames else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return string(index, from: namesOffset)
    }

    /// Entry `index` of a validated string section. Walks the entries: reports only.
    private func string(_ index: Int, from start: Int) -> UnsafeRawBufferPointer {
        var offset = start
        for _ in 0..<index { offset += 1 + Int(reader.base.load(fromByteOffset: offset, as: UInt8.self)) }
        let length = Int(reader.base.load(fromByteOffset: offset, as: UInt8.self))
        return UnsafeRawBufferPointer(start: reader.base + offset + 1, count: length)
    }

    /// Per-channel scales of a constant tensor (empty when it has none).
    public func channelScale(of tensor: TensorInfo, channel: Int) -> Float {
        precondition(channel >= 0 && channel < tensor.channelScaleCount, "channel out of range")
        return reader.uncheckedFloat32(tensor.scalesOffset + 4 * channel)
    }

    /// The bytes of a constant tensor, in place.
    public func constantData<T>(of tensor: TensorInfo, as type: T.Type) -> UnsafePointer<T> {
        precondition(tensor.storage == .constant, "not a constant tensor")
        return (reader.base + tensor.dataOffset).assumingMemoryBound(to: T.self)
    }
}
