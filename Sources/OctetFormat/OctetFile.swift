import OctetRuntime

/// Helpers for `.octet` bytes outside the runtime: checksums and aligned copies.
public enum OctetFile {
    /// Recomputes the header checksum after the bytes were written or edited.
    public static func refreshChecksum(_ bytes: inout [UInt8]) {
        let length = min(bytes.count, Int(readUInt32(bytes, at: FormatLayout.Header.totalLength)))
        guard length > FormatLayout.checksummedFrom else { return }
        let crc = bytes.withUnsafeBytes {
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[FormatLayout.checksummedFrom..<length]))
        }
        withUnsafeBytes(of: crc.littleEndian) { raw in
            for (position, byte) in raw.enumerated() { bytes[FormatLayout.Header.checksum + position] = byte }
        }
    }

    /// Calls `body` with a 16-byte aligned copy of `bytes`, as `Model` requires.
    public static func withAlignedBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: FormatLayout.alignment)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        return try body(UnsafeRawBufferPointer(rebasing: buffer[0..<bytes.count]))
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        guard offset + 4 <= bytes.count else { return 0 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
