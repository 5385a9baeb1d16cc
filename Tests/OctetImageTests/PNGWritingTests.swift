import Foundation
import Testing
import OctetImage

@Suite("PNG writing")
struct PNGWritingTests {
    @Test("written images decode to the same pixels", arguments: [PixelFormat.gray, .rgb])
    func roundTrip(format: PixelFormat) throws {
        let image = Image(width: 7, height: 5, format: format,
                          pixels: spreadSamples(count: 35 * format.channelCount, bitDepth: 8).map { UInt8($0) })
        let decoded = try PNGFile(bytes: image.encodedPNG(), name: "round-trip.png").decode(as: format)
        #expect(decoded == image)
    }

    @Test("writing to a path and reading it back gives the same image")
    func fileRoundTrip() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("octet-written-\(UInt32.random(in: 0 ... .max)).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let image = Image(width: 3, height: 2, format: .gray, pixels: [0, 50, 100, 150, 200, 255])
        try image.writePNG(to: path)
        #expect(try PNGFile(contentsOf: path).decode(as: .gray) == image)
    }

    @Test("writing into a missing directory fails with the system's reason")
    func missingDirectory() {
        let path = "/nonexistent-octet-directory/out.png"
        let image = Image(width: 1, height: 1, format: .gray, pixels: [0])
        #expect(throws: ImageError.writeFailed(file: path, reason: "No such file or directory")) {
            try image.writePNG(to: path)
        }
    }
}
