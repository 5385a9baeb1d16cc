import Foundation
import Testing

/// `octet import` on the committed TFLite fixtures, then `run --raw` and `bench --raw` on the
/// result: the CLI path an embedded engineer follows, checked against TFLM's golden bytes.
@Suite struct ImportCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../OctetImportTests/Fixtures").standardized

    /// The golden's sample inputs written as raw files, and its outputs.
    private func goldenSamples(_ name: String, into folder: URL) throws -> [[Int8]] {
        let golden = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Self.fixtures.appendingPathComponent(name + ".json"))) as! [String: Any]
        let samples = golden["samples"] as! [[String: Any]]
        return try samples.enumerated().map { number, sample in
            func bytes(_ key: String) -> Data {
                Data(base64Encoded: ((sample[key] as! [[String: Any]])[0]["data"] as! String))!
            }
            try bytes("inputs").write(to: folder.appendingPathComponent("sample\(number).bin"))
            return bytes("outputs").map { Int8(bitPattern: $0) }
        }
    }

    @Test func importThenRunRawGivesTFLMsBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("octet-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("kws.octet").path
        let imported = try CLI.run(["import", Self.fixtures.appendingPathComponent("kws_dscnn.tflite").path, "-o", model])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("arena 8128 bytes (lower bound 8128"), "\(imported.standardOutput)")
        #expect(imported.standardOutput.contains("DEPTHWISE_CONV_2D  DepthwiseConv2D"))

        let expected = try goldenSamples("kws_dscnn", into: folder)
        let run = try CLI.run(["run", model, "--raw", "int8", "--json", folder.path])
        #expect(run.status == 0, "\(run.standardError)")
        let results = run.standardOutput.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }.filter { $0["kind"] as? String == "result" }
        #expect(results.count == expected.count)
        for (result, golden) in zip(results, expected) {
            #expect((result["raw"] as? [Int])?.map { Int8($0) } == golden, "\(result["file"] ?? "")")
        }

        let bench = try CLI.run([
            "bench", "--model", model, "--raw", "int8", "--images", folder.path, "--iterations", "20", "--warmup", "2",
            "--rounds", "2", "--json",
        ])
        #expect(bench.status == 0, "\(bench.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(bench.standardOutput.utf8)) as? [String: Any]
        #expect((report?["models"] as? [[String: Any]])?.first?["input"] as? String == "raw")
    }

    @Test func rawInputOfTheWrongSizeIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("octet-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("kws.octet").path
        _ = try CLI.run(["import", Self.fixtures.appendingPathComponent("kws_dscnn.tflite").path, "-o", model])
        let short = folder.appendingPathComponent("short.bin")
        try Data(count: 100).write(to: short)
        let run = try CLI.run(["run", model, "--raw", "int8", short.path])
        #expect(run.status == 1)
        #expect(run.standardError.contains("\(short.path): holds 100 bytes; the model's input takes 490 int8 values"), "\(run.standardError)")
    }

    @Test func unsupportedOperatorExitsOneNamingIt() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("octet-import-\(UUID().uuidString).octet")
        let result = try CLI.run(["import", Self.fixtures.appendingPathComponent("unsupported_tanh.tflite").path, "-o", output.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("operator 1 (TANH): is not supported"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }
}
