import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("CRC-32 and the checksum opt-out")
struct ChecksumTests {
    /// The bit-wise CRC-32 the table-driven one replaced: one polynomial step per bit.
    static func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { CRC32.checksum($0) }
    }

    @Test("known vectors (zlib's crc32)")
    func knownVectors() {
        #expect(Self.crc(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Self.crc([]) == 0)
        #expect(Self.crc(Array("a".utf8)) == 0xE8B7_BE43)
        #expect(Self.crc(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(Self.crc([UInt8](repeating: 0, count: 32)) == 0x190A_55AD)
        #expect(Self.crc([UInt8](repeating: 0xFF, count: 32)) == 0xFF6C_AB0B)
    }

    @Test("equals the bit-wise CRC on random buffers of every length 0...300 and at odd addresses")
    func matchesBitwise() {
        var generator = SplitMix64(seed: 0xC4C)
        for length in 0...300 {
            let bytes = (0..<(length + 1)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // From the second byte: the loop's two-byte loads are then unaligned.
            let tail = Array(bytes.dropFirst())
            #expect(Self.crc(tail) == Self.bitwiseCRC32(tail), "length \(length)")
            #expect(bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[1...])) }
                == Self.bitwiseCRC32(tail), "length \(length), offset 1")
        }
        let large = (0..<100_001).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(Self.crc(large) == Self.bitwiseCRC32(large))
    }

    /// A depthwise filter byte: packed Conv2D weights are also checked against their Σw, so a
    /// flip there is caught even without the checksum.
    @Test("a flipped weight byte is rejected with the checksum verified and loads without it")
    func optOutSkipsOnlyTheChecksum() throws {
        let model = try ModelBytes.sample()
        let weights = try model.withModel { loaded in
            loaded.tensor(loaded.op((0..<loaded.opCount).first { loaded.op($0).kind == .depthwiseConv2D }!).operand(1))
        }
        var corrupted = model
        corrupted.bytes[weights.dataOffset] ^= 0x5A
        guard case .checksumMismatch = corrupted.loadError() else {
            Issue.record("the flipped weight was not caught by the checksum")
            return
        }
        #expect(corrupted.loadError(verifyingChecksum: false) == nil)
        let loadedByte = try OctetFile.withAlignedBytes(corrupted.bytes) { raw in
            try Model(bytes: raw, verifyingChecksum: false).base.load(fromByteOffset: weights.dataOffset, as: UInt8.self)
        }
        #expect(loadedByte == corrupted.bytes[weights.dataOffset])
    }

    @Test("without the checksum, every other check still rejects a damaged model")
    func optOutKeepsOtherChecks() throws {
        let model = try ModelBytes.sample()
        typealias H = FormatLayout.Header
        let total = model.bytes.count
        func corrupt(_ offset: Int, _ value: UInt32) -> ModelError? {
            var copy = model
            copy.set(value, at: offset, refreshChecksum: false)
            return copy.loadError(verifyingChecksum: false)
        }
        #expect(corrupt(H.tensorTableOffset, UInt32(total)) == .sectionOutOfBounds(
            .tensorTable, offset: total, length: Int(model.uint32(at: H.tensorCount)) * FormatLayout.Tensor.size))
        #expect(corrupt(H.reserved, 1) == .reservedNotZero(offset: H.reserved))
        #expect(corrupt(H.opCount, 0) == .invalidGraph(.noOps))
        let firstOp = model.opField(0, FormatLayout.Op.kind)
        #expect(corrupt(firstOp, 99) == .invalidOp(index: 0, recordOffset: firstOp, .unknownKind(99)))
        // A wrong stored checksum alone is ignored.
        #expect(corrupt(H.checksum, model.uint32(at: H.checksum) ^ 1) == nil)
    }
}
