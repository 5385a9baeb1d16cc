import Foundation
import OctetTestSupport
import Testing
@testable import OctetImage

@Suite("Decoding errors")
struct DecodingErrorTests {
    /// A small interlaced RGBA file with a tEXt chunk, so damage can hit every chunk kind.
    static let valid: [UInt8] = {
        let fixture = PNGFixture(width: 5, height: 4, bitDepth: 8, colorType: .rgba, isInterlaced: true,
                                 samples: spreadSamples(count: 80, bitDepth: 8))
        var bytes = fixture.bytes
        bytes.insert(contentsOf: PNGChunks.chunk("tEXt", Array("Comment\0octet".utf8)), at: PNGChunks.offset(of: "IDAT", in: bytes))
        return bytes
    }()

    @Test("the damaged-file fixture is itself valid")
    func fixtureIsValid() throws {
        _ = try PNGFile(bytes: Self.valid, name: "valid.png").decode(as: .rgb)
    }

    @Test("every proper prefix of a PNG is reported as truncated")
    func everyPrefixIsTruncated() {
        for length in 0 ..< Self.valid.count {
            let error = decodingError(Array(Self.valid[..<length]))
            guard case .truncated(let file, _) = error else {
                Issue.record("prefix of \(length) bytes gave \(String(describing: error))")
                continue
            }
            #expect(file == "damaged.png")
        }
    }

    @Test("truncation names where the file ended")
    func truncationReason() {
        let iend = PNGChunks.offset(of: "IEND", in: Self.valid)
        #expect(decodingError(Array(Self.valid[..<iend]))
            == .truncated(file: "damaged.png", reason: "file ends after \(iend) bytes, where libpng needed 8 more"))
        #expect(decodingError(Array(Self.valid[..<5]))
            == .truncated(file: "damaged.png", reason: "file ends after 5 bytes, inside the signature"))
        #expect(decodingError([]) == .truncated(file: "damaged.png", reason: "file is empty"))
    }

    @Test("a CRC mismatch is corruption, in critical and in ancillary chunks", arguments: ["IHDR", "tEXt", "IDAT", "IEND"])
    func crcMismatch(chunk: String) {
        var bytes = Self.valid
        let offset = PNGChunks.offset(of: chunk, in: bytes)
        let length = bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
        bytes[offset + 8 + length] ^= 0x01
        guard case .corrupt(_, let reason) = decodingError(bytes) else {
            Issue.record("\(chunk) CRC error gave \(String(describing: decodingError(bytes)))")
            return
        }
        #expect(reason.contains("CRC error"), "\(reason)")
    }

    @Test("a compressed stream zlib rejects is corruption with zlib's reason")
    func corruptZlibStream() {
        var bytes = Self.valid
        let idat = PNGChunks.offset(of: "IDAT", in: bytes)
        bytes[idat + 8] = 0x00  // zlib header: compression method 0 is invalid
        PNGChunks.fixCRC(ofChunkAt: idat, in: &bytes)
        #expect(decodingError(bytes) == .corrupt(file: "damaged.png", reason: "IDAT: incorrect header check"))
    }

    @Test("damaged deflate data with a valid CRC is corruption")
    func corruptDeflateData() {
        var bytes = Self.valid
        let idat = PNGChunks.offset(of: "IDAT", in: bytes)
        for index in idat + 12 ..< idat + 20 { bytes[index] ^= 0xA5 }
        PNGChunks.fixCRC(ofChunkAt: idat, in: &bytes)
        guard case .corrupt = decodingError(bytes) else {
            Issue.record("gave \(String(describing: decodingError(bytes)))")
            return
        }
    }

    @Test("flipping any one byte is detected and never crashes")
    func everySingleByteCorruptionIsDetected() {
        for index in Self.valid.indices {
            var bytes = Self.valid
            bytes[index] ^= 0xFF
            #expect(decodingError(bytes) != nil, "flipped byte \(index)")
        }
    }

    @Test("files that are not PNGs are reported by their signature",
          arguments: [Array("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8), [0xFF, 0xD8, 0xFF, 0xE0], Array("hello".utf8)])
    func notPNG(bytes: [UInt8]) {
        #expect(decodingError(bytes) == .notPNG(file: "damaged.png"))
    }

    @Test("an image over the pixel limit is rejected from its header")
    func overPixelLimit() throws {
        let fixture = PNGFixture(width: 100, height: 100, bitDepth: 8, colorType: .gray,
                                 samples: [Int](repeating: 7, count: 10_000))
        #expect(throws: ImageError.tooManyPixels(file: "fixture.png", width: 100, height: 100, limit: 9_999)) {
            try fixture.decode(as: .gray, maximumPixelCount: 9_999)
        }
        #expect(try fixture.decode(as: .gray, maximumPixelCount: 10_000).pixels.allSatisfy { $0 == 7 })
    }

    @Test("a header claiming 2^31-1 × 2^31-1 pixels is rejected before anything is allocated for it")
    func hugeHeader() {
        var bytes = Self.valid
        let ihdr = PNGChunks.offset(of: "IHDR", in: bytes)
        bytes.replaceSubrange(ihdr + 8 ..< ihdr + 16, with: PNGChunks.bigEndian(0x7FFF_FFFF) + PNGChunks.bigEndian(0x7FFF_FFFF))
        PNGChunks.fixCRC(ofChunkAt: ihdr, in: &bytes)
        #expect(decodingError(bytes) == .tooManyPixels(
            file: "damaged.png", width: 0x7FFF_FFFF, height: 0x7FFF_FFFF, limit: PNGFile.defaultMaximumPixelCount))
    }

    @Test("with no pixel limit, a small file declaring 30000 × 30000 pixels is rejected before any allocation")
    func headerLargerThanTheFileCanHold() throws {
        var bytes = Self.valid
        let ihdr = PNGChunks.offset(of: "IHDR", in: bytes)
        bytes.replaceSubrange(ihdr + 8 ..< ihdr + 16, with: PNGChunks.bigEndian(30_000) + PNGChunks.bigEndian(30_000))
        PNGChunks.fixCRC(ofChunkAt: ihdr, in: &bytes)
        #expect(bytes.count < 1_000)
        #expect(throws: ImageError.impossibleSize(file: "small.png", width: 30_000, height: 30_000, size: bytes.count)) {
            try PNGFile(bytes: bytes, name: "small.png", maximumPixelCount: .max)
        }
        // A file just big enough for its pixels at the best ratio passes the check.
        let least = PNGFile.leastDecompressedSize(width: 30_000, height: 30_000)
        #expect(least == 30_000 * 3_751)
        #expect(least > PNGFile.maximumDeflateRatio * bytes.count)
    }

    @Test("the pixel limit, not libpng's default of 1,000,000 per side, decides")
    func widerThanLibpngDefaultLimit() throws {
        let fixture = PNGFixture(width: 1_000_001, height: 1, bitDepth: 1, colorType: .gray,
                                 samples: spreadSamples(count: 1_000_001, bitDepth: 1))
        #expect(try fixture.decode(as: .gray).pixels == fixture.expected(as: .gray))
    }

    @Test("a missing file is reported as not found, with its path")
    func missingFile() {
        let path = "/nonexistent-octet-directory/missing.png"
        #expect(throws: ImageError.fileNotFound(file: path)) { try PNGFile(contentsOf: path) }
    }

    @Test("a directory is refused as not a regular file")
    func directory() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: ImageError.unreadable(file: path, reason: "not a regular file (a directory)")) {
            try PNGFile(contentsOf: path)
        }
    }

    @Test("an endless device is refused before any read instead of exhausting memory")
    func endlessFile() {
        #expect(throws: ImageError.unreadable(file: "/dev/zero", reason: "not a regular file (a character device)")) {
            try PNGFile(contentsOf: "/dev/zero", maximumPixelCount: 1000)
        }
    }

    @Test("a FIFO named .png is refused without blocking on its open")
    func fifo() throws {
        try withFIFO { path in
            #expect(throws: ImageError.unreadable(file: path, reason: "not a regular file (a FIFO)")) {
                try PNGFile(contentsOf: path)
            }
        }
    }

    @Test("a file over the size cap is refused from its size, before reading it")
    func oversizedFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("octet-big-\(UUID().uuidString).png").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 1_056_577)))
        defer { unlink(path) }
        // 1,000 pixels allow 8,000 bytes of image data plus 1 MiB of chunk overhead.
        #expect(throws: ImageError.unreadable(file: path, reason: "1056577 bytes is more than the 1056576 allowed")) {
            try PNGFile(contentsOf: path, maximumPixelCount: 1000)
        }
    }

    @Test("a damaged file on disk is reported with its path")
    func damagedFileOnDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("octet-truncated-\(UInt32.random(in: 0 ... .max)).png").path
        let iend = PNGChunks.offset(of: "IEND", in: Self.valid)
        try Data(Self.valid[..<iend]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ImageError.truncated(file: path, reason: "file ends after \(iend) bytes, where libpng needed 8 more")) {
            try PNGFile(contentsOf: path).decode(as: .gray)
        }
    }

    @Test("errors describe themselves with the file name first")
    func descriptions() {
        #expect(ImageError.notPNG(file: "a.png").description == "a.png: not a PNG file (bad signature)")
        #expect(ImageError.tooManyPixels(file: "b.png", width: 5000, height: 4000, limit: 16_777_216).description
            == "b.png: 5000×4000 image has more than the limit of 16777216 pixels")
    }

    /// The error from reading and decoding `bytes`, or nil if they decode.
    private func decodingError(_ bytes: [UInt8]) -> ImageError? {
        do {
            _ = try PNGFile(bytes: bytes, name: "damaged.png").decode(as: .gray)
            return nil
        } catch {
            return error
        }
    }
}
