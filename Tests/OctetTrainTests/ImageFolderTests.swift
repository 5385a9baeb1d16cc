import Foundation
import OctetImage
import Testing
@testable import OctetTrain

@Suite struct ImageFolderTests {
    /// Writes `<root>/<class>/<n>.png` gray images of the given sizes, filled with a class-specific value.
    func makeFolder(_ classes: [String: [(width: Int, height: Int)]]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("octet-images-\(UUID().uuidString)").path
        for (className, sizes) in classes {
            try FileManager.default.createDirectory(atPath: root + "/" + className, withIntermediateDirectories: true)
            for (index, size) in sizes.enumerated() {
                let value = UInt8(className.utf8.first! % 200)
                let image = Image(width: size.width, height: size.height, format: .gray,
                                  pixels: [UInt8](repeating: value, count: size.width * size.height))
                try image.writePNG(to: "\(root)/\(className)/\(index).png")
            }
        }
        return root
    }

    @Test func readsOneSubfolderPerClassInNameOrder() throws {
        let root = try makeFolder(["coat": [(4, 3), (4, 3)], "bag": [(4, 3)]])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (images, classNames) = try LabeledImages.loadImageFolder(directory: root)
        #expect(classNames == ["bag", "coat"])
        #expect(images.labels == [0, 1, 1])
        #expect(images.height == 3 && images.width == 4 && images.channels == 1)
        #expect(images.pixels.prefix(12).allSatisfy { $0 == UInt8(ascii: "b") })
        #expect(images.pixels.suffix(12).allSatisfy { $0 == UInt8(ascii: "c") })
    }

    @Test func resizesOnlyWhenASizeIsGiven() throws {
        let root = try makeFolder(["a": [(4, 3)], "b": [(8, 6)]])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: DataError.self) { try LabeledImages.loadImageFolder(directory: root) }
        let (images, _) = try LabeledImages.loadImageFolder(directory: root, size: (height: 3, width: 4))
        #expect(images.count == 2 && images.pixels.count == 24)
    }

    @Test func rejectsFoldersWithoutClasses() throws {
        let root = try makeFolder(["only": [(2, 2)]])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: DataError.badImageFolder(path: root, reason: "needs at least two class sub-folders, found 1")) {
            try LabeledImages.loadImageFolder(directory: root)
        }
        #expect(throws: DataError.fileNotFound(path: root + "/missing")) { try LabeledImages.loadImageFolder(directory: root + "/missing") }
    }
}
