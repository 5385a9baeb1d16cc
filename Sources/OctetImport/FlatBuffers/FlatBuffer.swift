/// A read-only FlatBuffer over bytes this value keeps alive. Nothing is trusted: every read is
/// bounds-checked, every offset is followed only after the position it leads to is checked,
/// and every vector's byte length is computed with overflow checks before its elements are
/// read. Reads are byte-wise little-endian, so unaligned or hostile positions cannot trap.
///
/// Only what a reader of a fixed schema needs is here: the root table, tables with their
/// vtables, scalars, strings, and vectors of scalars or tables. Nothing recurses on the data,
/// so a cyclic or deeply nested file cannot make reading loop or overflow the stack.
public struct FlatBuffer: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The root table: the buffer starts with its unsigned offset.
    public func root(context: String) throws(FlatBufferError) -> FlatTable {
        try table(referencedAt: 0, context: context)
    }

    /// The table whose unsigned offset is stored at `position`.
    func table(referencedAt position: Int, context: String) throws(FlatBufferError) -> FlatTable {
        let start = try followOffset(at: position, context: context)
        let vtableDistance = Int(try int32(at: start, context: context))
        let (vtable, overflow) = start.subtractingReportingOverflow(vtableDistance)
        guard !overflow, vtable >= 0, vtable <= bytes.count - 4 else {
            throw FlatBufferError(context: context, position: start, problem: "vtable outside the buffer")
        }
        let vtableSize = Int(try uint16(at: vtable, context: context))
        let inlineSize = Int(try uint16(at: vtable + 2, context: context))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtableSize <= bytes.count - vtable else {
            throw FlatBufferError(context: context, position: vtable, problem: "vtable size \(vtableSize) does not fit")
        }
        guard inlineSize >= 4, inlineSize <= bytes.count - start else {
            throw FlatBufferError(context: context, position: vtable + 2, problem: "table size \(inlineSize) does not fit")
        }
        return FlatTable(buffer: self, start: start, vtable: vtable, vtableSize: vtableSize, inlineSize: inlineSize,
                         context: context)
    }

    /// The position an unsigned offset stored at `position` leads to, checked to lie inside the buffer.
    func followOffset(at position: Int, context: String) throws(FlatBufferError) -> Int {
        let target = position + Int(try uint32(at: position, context: context))
        guard target < bytes.count else {
            throw FlatBufferError(context: context, position: position, problem: "offset leads outside the buffer")
        }
        return target
    }

    /// A vector whose unsigned offset is stored at `position`, with elements of `elementSize` bytes.
    func vector(referencedAt position: Int, elementSize: Int, context: String) throws(FlatBufferError) -> FlatVector {
        let start = try followOffset(at: position, context: context)
        let count = Int(try uint32(at: start, context: context))
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, byteCount <= bytes.count - (start + 4) else {
            throw FlatBufferError(context: context, position: start, problem: "vector of \(count) elements does not fit")
        }
        return FlatVector(buffer: self, elementsStart: start + 4, count: count, elementSize: elementSize, context: context)
    }

    func checkRange(_ position: Int, _ size: Int, context: String) throws(FlatBufferError) {
        guard position >= 0, size <= bytes.count, position <= bytes.count - size else {
            throw FlatBufferError(context: context, position: position, problem: "read of \(size) bytes outside the buffer")
        }
    }

    func uint8(at position: Int, context: String) throws(FlatBufferError) -> UInt8 {
        try checkRange(position, 1, context: context)
        return bytes[position]
    }

    func uint16(at position: Int, context: String) throws(FlatBufferError) -> UInt16 {
        try checkRange(position, 2, context: context)
        return UInt16(Self.littleEndian(bytes[position..<(position + 2)]))
    }

    func uint32(at position: Int, context: String) throws(FlatBufferError) -> UInt32 {
        try checkRange(position, 4, context: context)
        return UInt32(Self.littleEndian(bytes[position..<(position + 4)]))
    }

    func uint64(at position: Int, context: String) throws(FlatBufferError) -> UInt64 {
        try checkRange(position, 8, context: context)
        return Self.littleEndian(bytes[position..<(position + 8)])
    }

    /// The little-endian unsigned integer in `bytes` (at most 8 of them, already bounds-checked).
    static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for byte in bytes.reversed() { value = value << 8 | UInt64(byte) }
        return value
    }

    func int32(at position: Int, context: String) throws(FlatBufferError) -> Int32 {
        Int32(bitPattern: try uint32(at: position, context: context))
    }
}

/// One table: field `i` is present when its vtable slot exists and is non-zero; an absent
/// field reads as the schema's default.
public struct FlatTable: Sendable {
    let buffer: FlatBuffer
    let start: Int
    let vtable: Int
    let vtableSize: Int
    let inlineSize: Int
    /// What this table is, for errors.
    public let context: String

    /// The position of field `index`'s inline bytes (`size` of them), or nil when absent.
    private func fieldPosition(_ index: Int, size: Int) throws(FlatBufferError) -> Int? {
        let slot = 4 + 2 * index
        guard slot + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.uint16(at: vtable + slot, context: context))
        guard offset != 0 else { return nil }
        guard offset + size <= inlineSize else {
            throw FlatBufferError(context: context, position: vtable + slot, problem: "field \(index) lies outside its table")
        }
        return start + offset
    }

    public func has(_ index: Int) throws(FlatBufferError) -> Bool { try fieldPosition(index, size: 1) != nil }

    public func uint8(_ index: Int, default value: UInt8 = 0) throws(FlatBufferError) -> UInt8 {
        guard let position = try fieldPosition(index, size: 1) else { return value }
        return try buffer.uint8(at: position, context: context)
    }

    public func int8(_ index: Int, default value: Int8 = 0) throws(FlatBufferError) -> Int8 {
        Int8(bitPattern: try uint8(index, default: UInt8(bitPattern: value)))
    }

    public func bool(_ index: Int) throws(FlatBufferError) -> Bool { try uint8(index) != 0 }

    public func int32(_ index: Int, default value: Int32 = 0) throws(FlatBufferError) -> Int32 {
        guard let position = try fieldPosition(index, size: 4) else { return value }
        return try buffer.int32(at: position, context: context)
    }

    public func uint32(_ index: Int, default value: UInt32 = 0) throws(FlatBufferError) -> UInt32 {
        guard let position = try fieldPosition(index, size: 4) else { return value }
        return try buffer.uint32(at: position, context: context)
    }

    public func uint64(_ index: Int, default value: UInt64 = 0) throws(FlatBufferError) -> UInt64 {
        guard let position = try fieldPosition(index, size: 8) else { return value }
        return try buffer.uint64(at: position, context: context)
    }

    public func float32(_ index: Int, default value: Float = 0) throws(FlatBufferError) -> Float {
        guard let position = try fieldPosition(index, size: 4) else { return value }
        return Float(bitPattern: try buffer.uint32(at: position, context: context))
    }

    /// A sub-table, or nil when absent.
    public func table(_ index: Int, context: String) throws(FlatBufferError) -> FlatTable? {
        guard let position = try fieldPosition(index, size: 4) else { return nil }
        return try buffer.table(referencedAt: position, context: context)
    }

    /// A vector of `elementSize`-byte elements, or an empty one when absent.
    public func vector(_ index: Int, elementSize: Int) throws(FlatBufferError) -> FlatVector {
        guard let position = try fieldPosition(index, size: 4) else {
            return FlatVector(buffer: buffer, elementsStart: 0, count: 0, elementSize: elementSize, context: context)
        }
        return try buffer.vector(referencedAt: position, elementSize: elementSize, context: context)
    }

    /// A string field (UTF-8, invalid sequences replaced), or "" when absent.
    public func string(_ index: Int) throws(FlatBufferError) -> String {
        let characters = try vector(index, elementSize: 1)
        return String(decoding: buffer.bytes[characters.byteRange], as: UTF8.self)
    }
}

/// A vector inside the buffer; its whole byte range was checked when it was made.
public struct FlatVector: Sendable {
    let buffer: FlatBuffer
    let elementsStart: Int
    public let count: Int
    let elementSize: Int
    let context: String

    /// The elements' bytes in the buffer.
    public var byteRange: Range<Int> { elementsStart..<(elementsStart + count * elementSize) }

    public func int32s() throws(FlatBufferError) -> [Int32] {
        var values: [Int32] = []
        values.reserveCapacity(count)
        for i in 0..<count { values.append(try buffer.int32(at: elementsStart + 4 * i, context: context)) }
        return values
    }

    public func float32s() throws(FlatBufferError) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(count)
        for i in 0..<count { values.append(Float(bitPattern: try buffer.uint32(at: elementsStart + 4 * i, context: context))) }
        return values
    }

    public func int64s() throws(FlatBufferError) -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(count)
        for i in 0..<count { values.append(Int64(bitPattern: try buffer.uint64(at: elementsStart + 8 * i, context: context))) }
        return values
    }

    /// Element `i` of a vector of tables.
    public func table(_ i: Int, context: String) throws(FlatBufferError) -> FlatTable {
        try buffer.table(referencedAt: elementsStart + 4 * i, context: context)
    }
}
