import Foundation
import OctetTrain
import Testing
@testable import OctetQuantize

@Suite("Image sets")
struct ImageSetTests {
    @Test("a PNG file name that starts with a class index labels the image")
    func labelsFromFileNames() {
        #expect(ImageSet.classIndex(inFileName: "7-sneaker-00012.png") == 7)
        #expect(ImageSet.classIndex(inFileName: "3_dress.png") == 3)
        #expect(ImageSet.classIndex(inFileName: "dress.png") == nil)
        #expect(ImageSet.classIndex(inFileName: "12.png") == nil)
        #expect(ImageSet.slug("T-shirt/top") == "t-shirt-top")
    }

    @Test("balanced selection takes the classes in turn, in file order")
    func balanced() {
        let set = ImageSet(
            height: 1, width: 1, channels: 1, pixels: [UInt8](repeating: 0, count: 8),
            labels: [0, 0, 0, 1, 0, 2, 1, 2], names: (0..<8).map(String.init))
        #expect(set.balancedIndices(count: 3) == [0, 3, 5])
        #expect(set.balancedIndices(count: 5) == [0, 1, 3, 5, 6])
        #expect(set.balancedIndices(count: 8) == Array(0..<8))
    }

    @Test("images written as PNG and IDX read back with the same pixels and labels")
    func roundTrip() throws {
        let images = blobImages(count: 5, shape: ActivationShape(height: 6, width: 7, channels: 1), seed: 2)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("octet-imageset-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: folder) }
        try images.writePNGs(to: folder.path, classLabels: fashionLabels, serials: [10, 11, 12, 13, 14])
        let fromPNG = try ImageSet.load(from: folder.path, shape: images.shape, classCount: 10)
        #expect(fromPNG.pixels == images.pixels && fromPNG.labels == images.labels)
        #expect(fromPNG.names.first == "0-t-shirt-top-00010.png")

        try images.writeIDX(prefix: folder.appendingPathComponent("subset").path)
        let fromIDX = try ImageSet.load(
            from: folder.appendingPathComponent("subset-images-idx3-ubyte").path, shape: images.shape, classCount: 10)
        #expect(fromIDX.pixels == images.pixels && fromIDX.labels == images.labels)
    }

    @Test("a missing path, a wrong image size and a folder without images are clear errors")
    func errors() throws {
        let shape = ActivationShape(height: 6, width: 7, channels: 1)
        #expect { _ = try ImageSet.load(from: "/nonexistent/images", shape: shape, classCount: 10) } throws: {
            "\($0)".contains("/nonexistent/images") && "\($0)".contains("no such file")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("octet-empty-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { _ = try ImageSet.load(from: folder.path, shape: shape, classCount: 10) } throws: {
            "\($0)".contains("no PNG files")
        }
        let images = blobImages(count: 2, shape: shape, seed: 1)
        try images.writeIDX(prefix: folder.appendingPathComponent("small").path)
        #expect {
            _ = try ImageSet.load(from: folder.path, shape: ActivationShape(height: 28, width: 28, channels: 1), classCount: 10)
        } throws: { "\($0)".contains("6×7") }
    }
}
