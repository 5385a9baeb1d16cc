import Foundation
import OctetFormat
import OctetImport
import OctetRuntime
import Testing

/// Every committed TFLite fixture, imported and run on every kernel path this CPU has, must
/// give TFLM's output bytes exactly; on a difference, the first op whose output differs from
/// TFLM's recorded tensor is named.
@Suite struct TFLMParityTests {
    static let runnable = TFLMGolden.names.filter { (try? TFLMGolden.load($0).golden.expectError) == .some(nil) }
    static let refused = TFLMGolden.names.filter { (try? TFLMGolden.load($0).golden.expectError) != .some(nil) }

    @Test func fixturesArePresent() {
        #expect(Self.runnable.count >= 20, "committed fixtures missing: \(Self.runnable.count)")
        #expect(!Self.refused.isEmpty)
    }

    @Test(arguments: runnable)
    func matchesTFLM(_ name: String) throws {
        let (golden, tflite) = try TFLMGolden.load(name)
        let imported = try TFLiteImporter.importModel(try TFLiteModel(bytes: tflite))
        try withRunner(imported.built.bytes) { runner in
            var ran: [String] = []
            KernelPath.forEachSupported { path in
                ran.append("\(path.name)")
                for (number, sample) in golden.samples.enumerated() {
                    let differences = runner.run(sample, path: path)
                    #expect(differences.isEmpty, "\(name) sample \(number) on \(path.name): \(differences.joined(separator: "; "))")
                }
                // Every intermediate TFLM recorded, op by op, so a difference names the op that made it.
                if let sample = golden.samples.first, let firstDifference = runner.firstDifferingOp(sample, path: path) {
                    Issue.record("\(name) on \(path.name): first differing op: \(firstDifference)")
                }
            }
            #expect(!ran.isEmpty)
        }
    }

    @Test(arguments: refused)
    func refusesWithAClearError(_ name: String) throws {
        let (golden, tflite) = try TFLMGolden.load(name)
        let phrase = try #require(golden.expectError)
        do {
            _ = try TFLiteImporter.importModel(try TFLiteModel(bytes: tflite))
            Issue.record("\(name) was imported; expected an error mentioning \(phrase)")
        } catch {
            #expect(error.description.contains(phrase), "\(name): \(error.description)")
            #expect(error.description.hasPrefix("operator ") || error.kind == .malformed, "\(error.description)")
        }
    }
}
