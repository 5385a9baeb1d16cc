import Foundation
import OctetClassifier
import OctetFiles
import OctetFormat
import OctetImage
import OctetQuantize
import OctetRuntime
import OctetTestSupport
import Testing
@testable import OctetImport
@testable import OctetTrain

@Suite("Error descriptions")
struct ErrorDescriptionTests {
    /// One error of every public error type, made by a failing call where one is at hand. Held
    /// as `any Error`, as a `catch` block or an uncaught error holds it.
    static func errors() throws -> [any Error] {
        let missing = temporaryPath("missing")
        var generator = SplitMix64(seed: 3)
        var corrupt = try SampleModel.build(using: &generator).bytes
        corrupt[corrupt.count / 2] ^= 1
        func failure(_ body: () throws -> Void) -> any Error {
            do { try body() } catch { return error }
            Issue.record("expected a failure")
            return CancellationError()
        }
        return [
            failure { _ = try OctetFile.withAlignedBytes(corrupt) { try Model(bytes: $0) } },
            failure { _ = try LoadedModel(path: missing) },
            ModelBuildError.rejected(.badMagic),
            failure { _ = try PNGFile(bytes: [0, 1, 2], name: "tiny.png") },
            failure { _ = try ReadableFile(path: missing) },
            failure { _ = try FloatModel(contentsOf: missing) },
            failure { _ = try TrainingCheckpoint(contentsOf: missing) },
            DataError.idxBadMagic(path: "labels.idx"),
            TrainingError.diverged(epoch: 2, batch: 17, what: "the loss"),
            ShapeError(reason: "dense expects 64 inputs, gets 32"),
            QuantizationError.model(path: "model.octet", .checksumMismatch(stored: 1, computed: 2)),
            FlatBufferError(context: "Model.subgraphs", position: 12, problem: "offset points past the end"),
            failure { _ = try TFLiteModel(bytes: [0, 1, 2]) },
            ClassifierError.rawInputSize(expected: 784, actual: 3),
        ]
    }

    @Test("every public error type prints a sentence, never an enum case, in every way of printing it")
    func sentences() throws {
        let errors = try Self.errors()
        let typeNames = errors.map { String(describing: type(of: $0)) }
        #expect(Set(typeNames) == [
            "ModelError", "LoadedModelError", "ModelBuildError", "ImageError", "FileError", "ModelFileError", "CheckpointError",
            "DataError", "TrainingError", "ShapeError", "QuantizationError", "FlatBufferError", "ImportError", "ClassifierError",
        ])
        let caseDump = try Regex(#"(^|[A-Za-z]\.)[a-z][A-Za-z]*\("#)
        for (error, typeName) in zip(errors, typeNames) {
            for text in ["\(error)", String(reflecting: error), error.localizedDescription] {
                #expect(text.contains(" ") && !text.contains(typeName) && !text.contains(caseDump), "\(typeName): \(text)")
            }
            #expect(error.localizedDescription == "\(error)", "\(typeName)")
        }
    }

    @Test("a model whose checksum does not match says so with both values")
    func checksumSentence() throws {
        let error = try #require(try Self.errors().first as? ModelError)
        guard case .checksumMismatch(let stored, let computed) = error else {
            Issue.record("expected a checksum mismatch, got \(error)")
            return
        }
        let hex = { (value: UInt32) in "0x" + String(value, radix: 16, uppercase: true) }
        #expect("\(error)" == "checksum mismatch: header says \(hex(stored)), bytes give \(hex(computed))")
    }
}
