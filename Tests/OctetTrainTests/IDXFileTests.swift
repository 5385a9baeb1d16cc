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
        #expect(throws: DataError.countMismatch(images: 2, labels: 3)) {
            try LabeledImages(images: images, labels: threeLabels, classCount: 10, path: "x")
        }
        let badLabel = try IDXFile(contents: [0, 0, 8, 1, 0, 0, 0, 2, 0, 10])
        #expect(throws: DataError.labelOutOfRange(index: 1, label: 10, classes: 10)) {
            try LabeledImages(images: images, labels: badLabel, classCount: 10, path: "x")
        }
        #expect(throws: DataError.idxUnexpectedDimensions(path: "x", expected: 3, found: 1)) {
            try LabeledImages(images: badLabel, labels: badLabel, classCount: 10, path: "x")
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
        #expect(try Gzip.decompress(compressed, path: "t") == idx)
    }

    @Test func decompressesConcatenatedMembersAndStoredBlocks() throws {
        // A stored block: BFINAL=1, BTYPE=00, then LEN, NLEN and the bytes.
        let crc = CRC32.checksum(of: idx)
        var stored: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0x01, 13, 0, ~13, 0xff] + idx
        stored += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) } + [13, 0, 0, 0]
        #expect(try Gzip.decompress(compressed + stored, path: "t") == idx + idx)
    }

    @Test func decompressesTheLargeDynamicHuffmanFixture() throws {
        let file = try IDXFile(path: fixtureDirectory + "/train-images-idx3-ubyte.gz")
        #expect(file.bytes.count == 2000 * 784)
    }

    /// The reason zlib (or the reader) gives for rejecting `bytes`, or nil if they decode.
    private func rejection(_ bytes: [UInt8]) -> String? {
        do {
            _ = try Gzip.decompress(bytes, path: "t")
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
