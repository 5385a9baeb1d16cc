import Foundation
import OctetImage
import OctetTestSupport
import Testing

/// `octet run` with the shipped 32×32 RGB model (Samples/models/colour.octet) on PNGs of
/// other sizes and colour types: what reaches the model must be exactly what the 32×32 RGB
/// original gives, so the raw int8 outputs must be identical.
@Suite("octet run: the colour model on PNGs of other sizes and colour types",
       .enabled(if: FileManager.default.fileExists(atPath: ColourModel.modelPath)))
struct ColourModelRunTests {
    static let modelPath = ColourModel.modelPath
    static let imagesFolder = ColourModel.imagesFolder

    /// The first few committed 32×32 RGB test images.
    static func originals() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: imagesFolder).filter { $0.hasSuffix(".png") }.sorted()
        return names.prefix(4).map { (imagesFolder as NSString).appendingPathComponent($0) }
    }

    /// Each pixel repeated `factor` times along both axes: area-averaging it back to the
    /// original size gives the original pixels exactly.
    static func enlarged(_ image: Image, by factor: Int) -> Image {
        let channels = image.format == .rgb ? 3 : 1
        var pixels: [UInt8] = []
        for y in 0..<(image.height * factor) {
            for x in 0..<(image.width * factor) {
                let source = ((y / factor) * image.width + x / factor) * channels
                pixels += image.pixels[source..<(source + channels)]
            }
        }
        return Image(width: image.width * factor, height: image.height * factor, format: image.format, pixels: pixels)
    }

    /// The raw int8 outputs `octet run --json` prints for each file, in order.
    static func rawOutputs(_ paths: [String]) throws -> [[Int]] {
        let result = try CLI.run(["run", modelPath] + paths + ["--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let objects = try result.standardOutput.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        return try objects.filter { $0["kind"] as? String == "result" }.map { try #require($0["raw"] as? [Int]) }
    }

    @Test("an RGB PNG twice the size is resized to the original's pixels and classified identically")
    func largerRGB() throws {
        let originals = try Self.originals()
        let enlarged = try originals.map { path in
            let large = temporaryPath("large.png")
            try Self.enlarged(try PNGFile(contentsOf: path).decode(as: .rgb), by: 2).writePNG(to: large)
            return large
        }
        defer { for path in enlarged { try? FileManager.default.removeItem(atPath: path) } }
        let expected = try Self.rawOutputs(originals)
        #expect(expected.count == originals.count)
        #expect(try Self.rawOutputs(enlarged) == expected)
    }

    @Test("a gray PNG of another size reaches the model as the RGB image with equal channels")
    func grayOfAnotherSize() throws {
        let originals = try Self.originals()
        var grays: [String] = []
        var equalChannels: [String] = []
        defer { for path in grays + equalChannels { try? FileManager.default.removeItem(atPath: path) } }
        for path in originals {
            let gray = try PNGFile(contentsOf: path).decode(as: .gray)
            let grayPath = temporaryPath("gray.png")
            try Self.enlarged(gray, by: 3).writePNG(to: grayPath)
            grays.append(grayPath)
            let rgbPath = temporaryPath("rgb.png")
            try Image(width: gray.width, height: gray.height, format: .rgb, pixels: gray.pixels.flatMap { [$0, $0, $0] })
                .writePNG(to: rgbPath)
            equalChannels.append(rgbPath)
        }
        let expected = try Self.rawOutputs(equalChannels)
        #expect(expected.count == originals.count)
        #expect(try Self.rawOutputs(grays) == expected)
        // Colour matters to this model: the gray versions are not classified as the originals.
        #expect(try Self.rawOutputs(originals) != expected)
    }
}

/// Where the shipped colour model and its committed test images are.
enum ColourModel {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let modelPath = root.appendingPathComponent("Samples/models/colour.octet").path
    static let imagesFolder = root.appendingPathComponent("Calibration/colour/test-subset").path
}
