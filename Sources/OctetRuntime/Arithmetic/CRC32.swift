/// CRC-32 (IEEE 802.3, reflected, as zlib's `crc32`). Bitwise rather than table-driven: a
/// table would be a global array, which Embedded Swift with `-no-allocations` cannot hold,
/// and a model is checked once at load time.
public enum CRC32 {
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc &>> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1)))
            }
        }
        return ~crc
    }
}
