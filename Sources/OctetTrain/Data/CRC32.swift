import CZlib

/// CRC-32 (IEEE 802.3), the checksum of float model files, computed by zlib.
enum CRC32 {
    static func checksum(of bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(crc32(0, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(bytes.count)))
    }

    static func checksum(of bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum(of: $0) }
    }
}
