import Foundation
import OctetTrain
import Testing
@testable import OctetQuantize

/// The shipped models (Samples/models) against their committed int8 versions: each
/// architecture is requantized from Calibration/images exactly as scripts/make-samples.sh
/// does, and evaluated on the committed 2,000-image test subset (Calibration/test-subset).
@Suite("Accuracy-drop regression tests of the shipped models", .enabled(if: ShippedModel.available))
struct AccuracyDropRegressionTests {
    @Test("requantizing the shipped float model with Calibration/images gives the committed .octet byte for byte",
          arguments: ShippedModel.all)
    func reproducesCommittedModel(_ shipped: ShippedModel) throws {
        let quantizer = try Quantizer(model: try shipped.floatModel())
        let calibration = try quantizer.calibrate(on: try ShippedModel.calibrationImages(), observer: shipped.observer)
        let bytes = try quantizer.quantize(with: calibration).built.bytes
        #expect(bytes == (try shipped.int8Bytes()), "\(shipped.name): rerun scripts/make-samples.sh if the change is intended")
    }

    @Test("int8 loses at most 0.5 pp of float accuracy and agrees on top-1 for at least 98.5% of the test subset",
          arguments: ShippedModel.all)
    func accuracyDrop(_ shipped: ShippedModel) throws {
        let model = try shipped.floatModel()
        let int8 = try Int8Model(bytes: try shipped.int8Bytes(), path: shipped.int8Path)
        let images = try ImageSet.load(
            from: repositoryRoot.appendingPathComponent("Calibration/test-subset").path,
            shape: model.preprocessing.shape, classCount: model.classLabels.count)
        #expect(images.count == 2000)
        let result = QuantizationEvaluation.evaluate(float: model, int8: int8, images: images)
        #expect(result.accuracyDrop <= 0.5, "\(shipped.name): float \(result.floatAccuracy), int8 \(result.int8Accuracy)")
        #expect(result.agreement >= 0.985, "\(shipped.name): agreement \(result.agreement)")
    }
}

/// A shipped architecture and the observer its committed .octet was made with
/// (scripts/make-samples.sh).
struct ShippedModel: Sendable, CustomTestStringConvertible {
    var name: String
    var observer: Observer

    static let all = [
        ShippedModel(name: "plain", observer: .meanSquaredError),
        ShippedModel(name: "resnet", observer: .percentile(99.99)),
        ShippedModel(name: "densenet", observer: .minMax),
    ]

    var testDescription: String { "\(name) (\(observer))" }

    var floatPath: String { repositoryRoot.appendingPathComponent("Samples/models/\(name).octetf").path }
    var int8Path: String { repositoryRoot.appendingPathComponent("Samples/models/\(name).octet").path }

    func floatModel() throws -> FloatModel { try FloatModel(contentsOf: floatPath) }
    func int8Bytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: int8Path))) }

    static var available: Bool {
        all.allSatisfy { FileManager.default.fileExists(atPath: $0.floatPath) && FileManager.default.fileExists(atPath: $0.int8Path) }
    }

    /// Read once: every test in the suite calibrates with the same images.
    static func calibrationImages() throws -> ImageSet {
        try ImageSet.load(
            from: repositoryRoot.appendingPathComponent("Calibration/images").path,
            shape: ActivationShape(height: 28, width: 28, channels: 1), classCount: 10)
    }
}
