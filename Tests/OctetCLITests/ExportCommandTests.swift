import Foundation
import OctetFormat
import Testing

/// `octet export`: the C array holds the model's bytes, the header its sizes and quantization,
/// and a damaged model or a bad name writes nothing.
@Suite struct ExportCommandTests {
    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("octet-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The byte values of the hex literals in `text`.
    private func hexBytes(_ text: String) -> [UInt8] {
        text.split(whereSeparator: { ", \n".contains($0) }).filter { $0.hasPrefix("0x") }.map { UInt8($0.dropFirst(2), radix: 16)! }
    }

    @Test func exportsTheBytesSizesAndQuantization() throws {
        let fixture = try CLIFixture()
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("firmware/model").path
        let result = try CLI.run(["export", fixture.modelPath, "-o", out, "--name", "tiny_net"])
        #expect(result.status == 0, "\(result.standardError)")

        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.modelPath)))
        let loaded = try LoadedModel(path: fixture.modelPath)
        let input = loaded.model.tensor(loaded.model.inputTensorIndex(0))
        let output = loaded.model.tensor(loaded.model.outputTensorIndex(0))

        let c = try String(contentsOfFile: out + "/tiny_net.c", encoding: .utf8)
        #expect(c.contains("__attribute__((aligned(16), section(\".rodata.octet.tiny_net\")))"))
        #expect(c.contains("const uint8_t tiny_net[TINY_NET_SIZE] = {"))
        let body = c[c.range(of: "= {")!.upperBound...]
        #expect(hexBytes(String(body)) == bytes)

        let header = try String(contentsOfFile: out + "/tiny_net.h", encoding: .utf8)
        for line in [
            "#define TINY_NET_SIZE \(bytes.count)u", "#define TINY_NET_ARENA_SIZE \(loaded.model.arenaSize)u",
            "#define TINY_NET_INPUT_COUNT 1", "#define TINY_NET_INPUT0_H \(input.shape.h)",
            "#define TINY_NET_INPUT0_C \(input.shape.c)", "#define TINY_NET_INPUT0_ELEMENTS \(input.shape.elementCount)",
            "#define TINY_NET_INPUT0_SCALE \(input.scale)f", "#define TINY_NET_INPUT0_ZERO_POINT (\(input.zeroPoint))",
            "#define TINY_NET_OUTPUT0_C \(output.shape.c)", "#define TINY_NET_OUTPUT0_SCALE \(output.scale)f",
            "extern const uint8_t tiny_net[TINY_NET_SIZE];",
        ] {
            #expect(header.contains(line + "\n"), "missing: \(line)")
        }
        // The scale macro reads back as the same Float.
        let scaleLine = header.split(separator: "\n").first { $0.hasPrefix("#define TINY_NET_INPUT0_SCALE ") }!
        #expect(Float(scaleLine.split(separator: " ")[2].dropLast()) == input.scale)

        let swift = try String(contentsOfFile: out + "/tiny_net.swift", encoding: .utf8)
        #expect(swift.contains("let tiny_net: [UInt8] = ["))
        #expect(hexBytes(swift) == bytes)
        #expect(swift.contains("let tiny_netArenaSize = \(loaded.model.arenaSize)\n"))
    }

    @Test func aDamagedModelIsAnErrorAndWritesNothing() throws {
        let fixture = try CLIFixture()
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.modelPath)))
        bytes[bytes.count - 1] ^= 0xff
        let damaged = folder.appendingPathComponent("damaged.octet").path
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let out = folder.appendingPathComponent("out").path
        let result = try CLI.run(["export", damaged, "-o", out, "--name", "model"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("damaged.octet: "), "\(result.standardError)")
        #expect(result.standardError.contains("checksum"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(arguments: ["3d", "my-model", "", "modèle"])
    func aNameThatIsNotAnIdentifierIsRefused(name: String) throws {
        let fixture = try CLIFixture()
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["export", fixture.modelPath, "-o", folder.path, "--name", name])
        #expect(result.status != 0)
        #expect(result.standardError.contains("is not a C identifier"), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
