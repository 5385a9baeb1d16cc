import Foundation
import OctetTestSupport
import Testing

@Suite("octet quantize --concat")
struct QuantizeConcatOptionTests {
    let fixture: CLIFixture

    init() throws {
        fixture = try CLIFixture()
    }

    /// The shipped densenet (six concatenations) quantized on ten calibration images.
    func quantize(concat: String, to output: String) throws -> CLIResult {
        try CLI.run([
            "quantize", repositoryRoot.appendingPathComponent("Samples/models/densenet.octetf").path,
            "--calibration", repositoryRoot.appendingPathComponent("Calibration/images").path,
            "--calibration-count", "10", "--observer", "minmax", "--concat", concat, "-o", output,
        ])
    }

    @Test("the summary and inspect say which concatenations requantize")
    func visibleChoice() throws {
        let requantized = fixture.folder.appendingPathComponent("requantized.octet").path
        let result = try quantize(concat: "requantize", to: requantized)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("concatenations: 6 of 6 requantize their inputs (dense1.concat1,"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("Concatenation (requantizes"))
        let inspected = try CLI.run(["inspect", requantized])
        #expect(inspected.status == 0, "\(inspected.standardError)")
        #expect(inspected.standardOutput.contains("requantizes input"))

        let shared = try quantize(concat: "shared", to: fixture.folder.appendingPathComponent("shared.octet").path)
        #expect(shared.status == 0, "\(shared.standardError)")
        #expect(shared.standardOutput.contains("concatenations: 0 of 6 requantize their inputs\n"), "\(shared.standardOutput)")
    }

    @Test("an unknown mode is a usage error naming the choices")
    func unknownMode() throws {
        let result = try quantize(concat: "sometimes", to: fixture.folder.appendingPathComponent("x.octet").path)
        #expect(result.status == 64)
        #expect(result.standardError.contains("unknown --concat 'sometimes'; choose one of shared, requantize, auto"), "\(result.standardError)")
    }
}
