import Foundation
import OctetTestSupport
import Testing

@Suite("Atomic output files")
struct FileOutputTests {
    let fixture: CLIFixture
    let output: String
    let old = Array("the model from yesterday".utf8)

    init() throws {
        fixture = try CLIFixture()
        output = try fixture.write(old, named: "model.octet")
    }

    /// `octet quantize` of the shipped plain model on four calibration images, writing `output`,
    /// run by `sh` after `shellSetup` (which may lower limits for it).
    func quantize(after shellSetup: String) throws -> CLIResult {
        let floatModel = repositoryRoot.appendingPathComponent("Samples/models/plain.octetf").path
        let calibration = repositoryRoot.appendingPathComponent("Calibration/images").path
        let command = [CLI.executable.path, "quantize", floatModel, "--calibration", calibration, "--calibration-count", "4",
                       "--observer", "minmax", "-o", output].map { "'\($0)'" }.joined(separator: " ")
        return try CLI.run(shell: "\(shellSetup); exec \(command)")
    }

    var folderEntries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)) ?? []).sorted() }

    @Test("quantize hitting the file size limit partway leaves the old model intact")
    func fileSizeLimit() throws {
        let before = folderEntries
        // 8 blocks of 512 bytes; the model is about 75 KB. SIGXFSZ ignored: write fails with EFBIG.
        let result = try quantize(after: "ulimit -f 8; trap '' XFSZ")
        #expect(result.status == 1)
        #expect(result.standardError.contains("cannot write \(output): File too large"), "\(result.standardError)")
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: output))) == old)
        #expect(folderEntries == before)
    }

    @Test("quantize killed by the file size limit mid-write leaves the old model intact")
    func killedMidWrite() throws {
        let result = try quantize(after: "ulimit -f 8")
        #expect(result.status != 0)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: output))) == old)
    }

    @Test("quantize into a missing folder says which file and why, with no Cocoa error code")
    func missingFolder() throws {
        let missing = fixture.folder.appendingPathComponent("no-such-folder/model.octet").path
        let floatModel = repositoryRoot.appendingPathComponent("Samples/models/plain.octetf").path
        let result = try CLI.run(["quantize", floatModel, "--calibration", repositoryRoot.appendingPathComponent("Calibration/images").path,
                                  "--calibration-count", "4", "--observer", "minmax", "-o", missing])
        #expect(result.status == 1)
        #expect(result.standardError.contains("cannot write \(missing): No such file or directory"), "\(result.standardError)")
        #expect(!result.standardError.contains("NSCocoaErrorDomain"))
    }

    @Test("quantize replaces the old model with a loadable one")
    func replaces() throws {
        let result = try quantize(after: ":")
        #expect(result.status == 0, "\(result.standardError)")
        let inspected = try CLI.run(["inspect", output])
        #expect(inspected.status == 0, "\(inspected.standardError)")
        #expect(folderEntries.filter { $0.hasPrefix(".model.octet") }.isEmpty)
    }
}
