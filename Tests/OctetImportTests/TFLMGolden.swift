import Foundation

/// One fixture's goldens, recorded from TFLM's Python interpreter by
/// `scripts/make-tflite-fixtures.sh` (docs/IMPORT.md has the schema).
struct TFLMGolden: Decodable {
    var family: String
    var description: String
    var ops: [String]
    var arenaUsedBytes: Int?
    var samples: [Sample]
    /// For files the importer must refuse: a phrase its error must contain.
    var expectError: String?

    struct Sample: Decodable {
        var inputs: [Tensor]
        var outputs: [Tensor]
        /// Every tensor TFLM held after invoke (sample 0 only), to find the first op that differs.
        var tensors: [Tensor]?
    }

    struct Tensor: Decodable {
        var index: Int
        var name: String
        var type: String
        var shape: [Int]
        var scale: [Float]
        var zeroPoint: [Int]
        var data: String

        var bytes: [UInt8] { [UInt8](Data(base64Encoded: data) ?? Data()) }

        var int8s: [Int8] { bytes.map { Int8(bitPattern: $0) } }

        var float32s: [Float] {
            let bytes = self.bytes
            return stride(from: 0, to: bytes.count - 3, by: 4).map { i in
                var word: UInt32 = 0
                for byte in bytes[i..<(i + 4)].reversed() { word = word << 8 | UInt32(byte) }
                return Float(bitPattern: word)
            }
        }
    }

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// Every fixture name (without extension), sorted.
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func load(_ name: String) throws -> (golden: TFLMGolden, tflite: [UInt8]) {
        let golden = try JSONDecoder().decode(TFLMGolden.self, from: Data(contentsOf: directory.appendingPathComponent(name + ".json")))
        let tflite = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name + ".tflite")))
        return (golden, tflite)
    }
}
