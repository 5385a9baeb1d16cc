import Foundation
import Testing
@testable import OctetTrain

@Suite struct IDXFileTests {
    @Test func readsTheCommittedSubsetFromGzipAndPlainFiles() throws {
        let training = try LabeledImages.loadIDX(directory: fixtureDirectory, split: .train)
        let test = try LabeledImages.loadIDX(directory: fixtureDirectory, split: .test)
        #expect(training.count == 2000)
        #expect(test.count == 500)
        #expect(training.height == 28 && training.width == 28 && training.channels == 1)
        #expect(Set(training.labels) == Set(0..<10))
    }

    @Test func plainAndGzipGiveTheSameContents() throws {
        let compressed = try IDXFile(path: fixtureDirectory + "/train-images-idx3-ubyte.gz")
        let plain = try IDXFile(contents: compressed.encoded())
        #expect(plain.dimensions == [2000, 28, 28])
        #expect(plain.bytes == compressed.bytes)
    }

    let small: [UInt8] = [0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]

    @Test func parsesHeaderAndPayload() throws {
        let file = try IDXFile(contents: small)
        #expect(file.dimensions == [2, 3])
        #expect(file.bytes == [1, 2, 3, 4, 5, 6])
        #expect(file.encoded() == small)
    }

    @Test func rejectsMalformedFilesWithSpecificErrors() {
        #expect(throws: DataError.idxBadMagic(path: "<memory>")) { try IDXFile(contents: [1, 0, 8, 1]) }
        #expect(throws: DataError.idxBadMagic(path: "<memory>")) { try IDXFile(contents: [0]) }
        #expect(throws: DataError.idxUnsupportedElementType(path: "<memory>", code: 0x0D)) {
            try IDXFile(contents: [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0])
        }
        #expect(throws: DataError.idxSizeMismatch(path: "<memory>", expected: 6, found: 5)) {
            try IDXFile(contents: Array(small.dropLast()))
        }
        #expect(throws: DataError.idxSizeMismatch(path: "<memory>", expected: 6, found: 7)) {
            try IDXFile(contents: small + [9])
        }
        #expect(throws: DataError.idxSizeMismatch(path: "<memory>", expected: 12, found: 8)) {
            try IDXFile(contents: [0, 0, 8, 2, 0, 0, 0, 2])  // header cut inside the dimensions
        }
        #expect(throws: DataError.fileNotFound(path: "/nonexistent/x-idx1-ubyte")) { try IDXFile(path: "/nonexistent/x-idx1-ubyte") }
    }

    @Test func rejectsImagesAndLabelsThatDoNotPair() throws {
        let images = try IDXFile(contents: [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 7, 8])
        let threeLabels = try IDXFile(contents: [0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 2])
        #expect(throws: DataError.countMismatch(path: "y", images: 2, labels: 3)) {
            try LabeledImages(images: images, labels: threeLabels, classCount: 10, imagePath: "x", labelPath: "y")
        }
        let badLabel = try IDXFile(contents: [0, 0, 8, 1, 0, 0, 0, 2, 0, 10])
        #expect(throws: DataError.labelOutOfRange(path: "y", index: 1, label: 10, classes: 10)) {
            try LabeledImages(images: images, labels: badLabel, classCount: 10, imagePath: "x", labelPath: "y")
        }
        #expect(DataError.labelOutOfRange(path: "y", index: 1, label: 10, classes: 10).description.hasPrefix("y: "))
        #expect(throws: DataError.idxUnexpectedDimensions(path: "x", expected: 3, found: 1)) {
            try LabeledImages(images: badLabel, labels: badLabel, classCount: 10, imagePath: "x", labelPath: "y")
        }
        #expect(throws: DataError.idxUnexpectedDimensions(path: "y", expected: 1, found: 3)) {
            try LabeledImages(images: images, labels: images, classCount: 10, imagePath: "x", labelPath: "y")
        }
    }
}

@Suite struct GzipTests {
    let idx: [UInt8] = [0, 0, 0x08, 1, 0, 0, 0, 5, 10, 20, 30, 40, 50]

    /// `gzip.compress(idx, mtime=0)` from Python: one fixed-Huffman block, no name field.
    let compressed: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x60, 0xe0, 0x60, 0x64, 0x60,
        0x60, 0x60, 0xe5, 0x12, 0x91, 0xd3, 0x30, 0x02, 0x00, 0x73, 0xf4, 0x41, 0x1c, 0x0d, 0x00, 0x00, 0x00,
    ]

    @Test func decompressesAFixedHuffmanMember() throws {
        #expect(try Gzip.decompress(compressed, path: "t", limit: .max) == idx)
    }

    @Test func decompressesConcatenatedMembersAndStoredBlocks() throws {
        // A stored block: BFINAL=1, BTYPE=00, then LEN, NLEN and the bytes.
        let crc = CRC32.checksum(of: idx)
        var stored: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0x01, 13, 0, ~13, 0xff] + idx
        stored += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) } + [13, 0, 0, 0]
        #expect(try Gzip.decompress(compressed + stored, path: "t", limit: .max) == idx + idx)
    }

    @Test func decompressesTheLargeDynamicHuffmanFixture() throws {
        let file = try IDXFile(path: fixtureDirectory + "/train-images-idx3-ubyte.gz")
        #expect(file.bytes.count == 2000 * 784)
    }

    /// The reason zlib (or the reader) gives for rejecting `bytes`, or nil if they decode.
    private func rejection(_ bytes: [UInt8]) -> String? {
        do {
            _ = try Gzip.decompress(bytes, path: "t", limit: .max)
            return nil
        } catch {
            guard case .corruptGzip(let path, _, let reason) = error, path == "t" else { return "\(error)" }
            return reason
        }
    }

    @Test func rejectsCorruptData() {
        var badCRC = compressed
        badCRC[compressed.count - 8] ^= 1
        #expect(rejection(badCRC) == "incorrect data check")
        #expect(rejection(Array(compressed.dropLast(3))) == "truncated gzip stream")
        #expect(rejection(Array(compressed.prefix(12))) == "truncated gzip stream")
        var badMethod = compressed
        badMethod[2] = 7
        #expect(rejection(badMethod) == "unknown compression method")
        var badBlockType = compressed
        badBlockType[10] = 0x07  // BFINAL=1, BTYPE=11
        #expect(rejection(badBlockType) == "invalid block type")
        var badLength = compressed
        badLength[compressed.count - 4] ^= 1
        #expect(rejection(badLength) == "incorrect length check")
        // A gzip IDX file whose stream is cut short is reported as corrupt gzip, not as IDX.
        #expect(throws: DataError.self) { try IDXFile(contents: Array(compressed.prefix(16))) }
    }
}

/// Gzip streams that inflate to far more (or less) than the IDX header inside them declares.
@Suite struct GzipBombTests {
    /// A gzip member whose single fixed-Huffman block is the literal bytes `prefix` followed
    /// by `zeros` zero bytes, written as one literal and copies of 258 bytes at distance 1
    /// (13 bits each, a ratio of about 160:1).
    static func member(prefix: [UInt8], zeros: Int) -> [UInt8] {
        var bits = DeflateBits()
        bits.append(1, count: 1)  // BFINAL
        bits.append(1, count: 2)  // BTYPE 01: fixed Huffman
        for byte in prefix + [0] { bits.appendLiteral(byte) }
        var remaining = zeros - 1
        while remaining >= 258 {
            bits.appendCode(0b1100_0101, length: 8)  // length symbol 285: 258 bytes
            bits.appendCode(0, length: 5)  // distance symbol 0: distance 1
            remaining -= 258
        }
        for _ in 0..<remaining { bits.appendLiteral(0) }
        bits.appendCode(0, length: 7)  // end of block
        let total = prefix + [UInt8](repeating: 0, count: zeros)
        let crc = CRC32.checksum(of: total)
        let trailer = (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
            + (0..<4).map { UInt8(truncatingIfNeeded: total.count >> (8 * $0)) }
        return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + bits.bytes + trailer
    }

    /// An IDX header for a rank-1 file of `count` bytes.
    static func header(count: Int) -> [UInt8] {
        [0, 0, 8, 1] + (0..<4).map { UInt8(truncatingIfNeeded: count >> (24 - 8 * $0)) }
    }

    @Test func theHandMadeStreamIsValidGzip() throws {
        let bytes = Self.member(prefix: Self.header(count: 1000), zeros: 1000)
        let file = try IDXFile(contents: bytes)
        #expect(file.bytes == [UInt8](repeating: 0, count: 1000))
    }

    @Test func stopsInflatingAtTheSizeTheHeaderDeclares() {
        // 8 MB of zeros in about 50 KB, under a header that declares 10 bytes.
        let bomb = Self.member(prefix: Self.header(count: 10), zeros: 8 << 20)
        #expect(bomb.count < 60_000)
        #expect(throws: DataError.idxExcessData(path: "bomb.gz", expected: 10)) {
            try IDXFile(contents: bomb, path: "bomb.gz")
        }
        #expect(DataError.idxExcessData(path: "bomb.gz", expected: 10).description
            == "bomb.gz: the IDX header describes 10 data bytes but the gzip stream holds more")
    }

    @Test func inflatingStopsAtTheLimit() throws {
        let bomb = Self.member(prefix: [], zeros: 1 << 20)
        #expect(try Gzip.decompress(bomb, path: "t", limit: 5000).count == 5000)
    }

    @Test func aStreamShorterThanItsHeaderSaysIsASizeMismatch() {
        let short = Self.member(prefix: Self.header(count: 1000), zeros: 600)
        #expect(throws: DataError.idxSizeMismatch(path: "short.gz", expected: 1000, found: 600)) {
            try IDXFile(contents: short, path: "short.gz")
        }
    }
}

/// DEFLATE's bit order: fields least significant bit first, Huffman codes most significant first.
private struct DeflateBits {
    private(set) var bytes: [UInt8] = []
    private var used = 8

    mutating func append(_ value: Int, count: Int) {
        for bit in 0..<count {
            if used == 8 {
                bytes.append(0)
                used = 0
            }
            bytes[bytes.count - 1] |= UInt8((value >> bit) & 1) << used
            used += 1
        }
    }

    mutating func appendCode(_ code: Int, length: Int) {
        for bit in stride(from: length - 1, through: 0, by: -1) { append((code >> bit) & 1, count: 1) }
    }

    /// Fixed-Huffman literals: 0...143 are the 8-bit codes 0x30...0xBF, 144...255 the 9-bit codes 0x190...0x1FF.
    mutating func appendLiteral(_ byte: UInt8) {
        if byte < 144 { appendCode(0x30 + Int(byte), length: 8) } else { appendCode(0x190 + Int(byte) - 144, length: 9) }
    }
}
