/// Little-endian reads from the model bytes. The checked reads throw instead of reading
/// past the end; the unchecked ones are for fields the loader has already validated.
struct ByteReader {
    let base: UnsafeRawPointer
    let count: Int

    @inline(__always)
    func checkRange(_ offset: Int, _ length: Int) throws(ModelError) {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw .truncated(needed: offset > Int.max - length ? Int.max : offset + length, available: count)
        }
    }

    func uint8(_ offset: Int) throws(ModelError) -> UInt8 {
        try checkRange(offset, 1)
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    func uint16(_ offset: Int) throws(ModelError) -> UInt16 {
        try checkRange(offset, 2)
        return uncheckedUInt16(offset)
    }

    func uint32(_ offset: Int) throws(ModelError) -> UInt32 {
        try checkRange(offset, 4)
        return uncheckedUInt32(offset)
    }

    func int32(_ offset: Int) throws(ModelError) -> Int32 {
        Int32(bitPattern: try uint32(offset))
    }

    func float32(_ offset: Int) throws(ModelError) -> Float {
        Float(bitPattern: try uint32(offset))
    }

    @inline(__always)
    func uncheckedUInt16(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    func uncheckedUInt32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    func uncheckedInt32(_ offset: Int) -> Int32 {
        Int32(bitPattern: uncheckedUInt32(offset))
    }

    @inline(__always)
    func uncheckedFloat32(_ offset: Int) -> Float {
        Float(bitPattern: uncheckedUInt32(offset))
    }
}
