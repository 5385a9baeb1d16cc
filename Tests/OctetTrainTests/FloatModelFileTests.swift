import Foundation
import OctetArchitecture
import Testing
@testable import OctetTrain

@Suite struct FloatModelFileTests {
    let preprocessing = InputPreprocessing(shape: ActivationShape(height: 28, width: 28, channels: 1), scale: 1 / 255, offset: 0.1)
    let labels = (0..<10).map { "class \($0)" }

    /// A model whose every weight and statistic is a distinct, non-round value.
    func perturbedModel(_ architecture: String) throws -> FloatModel {
        var model = try ArchitectureFile(named: architecture).makeModel(inputShape: preprocessing.shape, classLabels: labels, seed: 9)
        model.preprocessing = preprocessing  // a non-default offset, so its round trip is checked too
        var network = Network(model)
        network.parameters = randomValues(network.parameters.count, seed: 4)
        network.runningStatistics = randomValues(network.runningStatistics.count, seed: 5).map(abs)
        return network.exportModel()
    }

    @Test(arguments: ["plain", "resnet", "densenet"])
    func saveThenLoadIsBitExact(architecture: String) throws {
        let model = try perturbedModel(architecture)
        let bytes = model.serialized()
        let loaded = try FloatModel(serialized: bytes)
        #expect(loaded == model)
        // Float == treats -0 and 0 as equal, so bit patterns are compared too.
        #expect(Network(loaded).parameters.map(\.bitPattern) == Network(model).parameters.map(\.bitPattern))
        #expect(loaded.preprocessing.scale.bitPattern == model.preprocessing.scale.bitPattern)
        #expect(loaded.serialized() == bytes)
    }

    @Test func writesAndReadsFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("octet-\(UInt32.random(in: 0...UInt32.max)).octetf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try perturbedModel("plain")
        try model.write(to: path)
        #expect(try FloatModel(contentsOf: path) == model)
        #expect(throws: ModelFileError.fileNotFound(path: path + ".missing")) { try FloatModel(contentsOf: path + ".missing") }
        // A folder is unreadable, and the message names it once.
        let folder = FileManager.default.temporaryDirectory.path
        do {
            _ = try FloatModel(contentsOf: folder)
            Issue.record("a folder loaded as a model")
        } catch {
            #expect(error.description.hasPrefix("\(folder): cannot read ("))
            #expect(error.description.components(separatedBy: folder).count == 2, "\(error.description)")
        }
    }

    @Test func rejectsDamagedFilesWithSpecificErrors() throws {
        let bytes = try perturbedModel("plain").serialized()
        #expect(throws: ModelFileError.tooShort(size: 10)) { try FloatModel(serialized: Array(bytes.prefix(10))) }
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(throws: ModelFileError.badMagic) { try FloatModel(serialized: magic) }
        var version = bytes
        version[8] = 2
        #expect(throws: ModelFileError.unsupportedVersion(2)) { try FloatModel(serialized: version) }
        #expect(throws: ModelFileError.lengthMismatch(expected: bytes.count, actual: bytes.count - 4)) {
            try FloatModel(serialized: Array(bytes.dropLast(4)))
        }
        // A blob length of 2^64 − 1 (the fuzzer's find): refused before the lengths are added.
        var huge = bytes
        for offset in 16..<24 { huge[offset] = 0xFF }
        #expect(throws: ModelFileError.lengthMismatch(expected: Int.max, actual: bytes.count)) {
            try FloatModel(serialized: huge)
        }
        var flipped = bytes
        flipped[bytes.count - 1] ^= 0x40
        let stored = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[24 + $1]) << (8 * $1) }
        let computed = CRC32.checksum(of: Array(flipped[32...]))
        #expect(throws: ModelFileError.checksumMismatch(stored: stored, computed: computed)) { try FloatModel(serialized: flipped) }
    }

    /// Rewrites the JSON (keeping the header consistent) to test what the checksum cannot catch.
    func reencoded(_ bytes: [UInt8], editing edit: (inout String) -> Void) -> [UInt8] {
        let jsonLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        var json = String(decoding: bytes[32..<32 + jsonLength], as: UTF8.self)
        edit(&json)
        var newJSON = Array(json.utf8)
        newJSON += repeatElement(UInt8(ascii: " "), count: (4 - newJSON.count % 4) % 4)
        let blob = Array(bytes[(32 + jsonLength)...])
        var header = Array(bytes[0..<32])
        for index in 0..<4 { header[12 + index] = UInt8(truncatingIfNeeded: newJSON.count >> (8 * index)) }
        let checksum = CRC32.checksum(of: newJSON + blob)
        for index in 0..<4 { header[24 + index] = UInt8(truncatingIfNeeded: checksum >> (8 * index)) }
        return header + newJSON + blob
    }

    @Test func rejectsInconsistentArchitectures() throws {
        let bytes = try perturbedModel("plain").serialized()
        #expect(throws: ModelFileError.unknownLayer(node: 2, kind: "swish")) {
            try FloatModel(serialized: reencoded(bytes) { $0 = $0.replacingOccurrences(of: "\"kind\":\"bn\"", with: "\"kind\":\"swish\"") })
        }
        #expect(throws: ModelFileError.blobOutOfRange(node: 1, field: "weights")) {
            try FloatModel(serialized: reencoded(bytes) { $0 = $0.replacingOccurrences(of: "\"count\":288,\"offset\":0", with: "\"count\":288,\"offset\":99999999") })
        }
        #expect(throws: ModelFileError.self) {
            try FloatModel(serialized: reencoded(bytes) { $0 = $0.replacingOccurrences(of: "\"outputShape\":[28,28,32]", with: "\"outputShape\":[28,28,31]") })
        }
        #expect(throws: ModelFileError.self) {
            try FloatModel(serialized: reencoded(bytes) { $0 = String($0.dropLast(8)) })
        }
    }
}
