import Foundation
import OctetImport
import OctetTestSupport
import Testing

/// Hostile `.tflite` files: every one must give an `ImportError`, never a trap, hang or
/// out-of-bounds read (a trap here kills the test run).
@Suite struct HostileFileTests {
    static let seedFixture = "kws_dscnn"

    @Test func emptyAndTinyFilesAreMalformed() throws {
        for bytes: [UInt8] in [[], [1, 0], [4, 0, 0, 0], [8, 0, 0, 0, 0x54, 0x46, 0x4C, 0x33]] {
            do {
                _ = try TFLiteModel(bytes: bytes)
                Issue.record("\(bytes) was read as a model")
            } catch {
                #expect(error.kind == .malformed)
            }
        }
    }

    @Test func rootOffsetOutsideTheFileIsNamed() throws {
        do {
            _ = try TFLiteModel(bytes: [0xFF, 0xFF, 0xFF, 0x7F] + [UInt8](repeating: 0, count: 60))
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.description.contains("offset leads outside the buffer"), "\(error)")
        }
    }

    /// Inputs the libFuzzer harness (Fuzz/Sources/FuzzTFLiteImport) once crashed on, kept so
    /// they stay refused: each with the phrase its error must contain.
    @Test(arguments: [
        ("concat-rank5", "has rank 260; Octet tensors have at most 4 dimensions"),
        ("pad-shape-overflow", "holds 32 bytes, not the 4755990186921295872 int32 values"),
    ])
    func fuzzFindingsStayRefused(_ name: String, _ phrase: String) throws {
        let url = TFLMGolden.directory.appendingPathComponent("Hostile/\(name).tflite")
        let bytes = try [UInt8](Data(contentsOf: url))
        do {
            _ = try TFLiteImporter.importModel(TFLiteModel(bytes: bytes))
            Issue.record("\(name) was imported")
        } catch {
            #expect(error.description.contains(phrase), "\(error)")
        }
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = try TFLMGolden.load(Self.seedFixture).tflite
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 997)) {
            do {
                _ = try TFLiteImporter.importModel(TFLiteModel(bytes: Array(bytes[..<length])))
                Issue.record("a file truncated to \(length) of \(bytes.count) bytes was imported")
            } catch {
                // Cut data may still parse (a shorter buffer at the end); it must then fail translation.
                #expect(!error.description.isEmpty)
            }
        }
    }

    /// Seeded random byte and 32-bit-word corruptions of real fixtures: each either imports
    /// (into a model the loader accepted) or throws. `MUTATION_TRIALS` and `MUTATION_SEED`
    /// make a longer exploratory run (docs/IMPORT.md gives the figures of one).
    @Test(arguments: ["kws_dscnn", "conv_3x3_s2_same_odd_relu6", "add_residual"])
    func mutationsNeverTrap(_ name: String) throws {
        let original = try TFLMGolden.load(name).tflite
        var random = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["MUTATION_SEED"] ?? "") ?? 0x7F11_7E)
        var refused = 0
        let trials = Int(ProcessInfo.processInfo.environment["MUTATION_TRIALS"] ?? "") ?? 500
        for _ in 0..<trials {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let position = Int(random.next() % UInt64(bytes.count))
                if random.next() % 2 == 0 {
                    bytes[position] = UInt8(truncatingIfNeeded: random.next())
                } else {
                    let word = UInt32(truncatingIfNeeded: random.next() % 3 == 0 ? random.next() : random.next() % 4096)
                    for i in 0..<min(4, bytes.count - position) { bytes[position + i] = UInt8(truncatingIfNeeded: word >> (8 * i)) }
                }
            }
            do {
                _ = try TFLiteImporter.importModel(TFLiteModel(bytes: bytes))
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0, "no mutation of \(name) was refused")
    }
}
