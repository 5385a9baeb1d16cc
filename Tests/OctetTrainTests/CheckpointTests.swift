import Foundation
import Testing
@testable import OctetTrain

/// Stopping a run and resuming it from a checkpoint gives the run that never stopped.
@Suite struct CheckpointTests {
    let subset: LabeledImages

    init() throws {
        subset = try LabeledImages.loadIDX(directory: fixtureDirectory, split: .train).subset(0..<300)
    }

    func bits(_ model: FloatModel) -> [UInt32] {
        Network(model).parameters.map(\.bitPattern) + Network(model).runningStatistics.map(\.bitPattern)
    }

    @Test(arguments: [Optimizer.defaultAdam, .defaultSGD])
    func aResumedRunEqualsAnUninterruptedOne(optimizer: Optimizer) throws {
        let tests = try TrainingTests()
        var configuration = tests.configuration(epochs: 3, seed: 7)
        configuration.optimizer = optimizer
        var uninterrupted = Trainer(model: try tests.tinyModel(seed: 7), configuration: configuration)
        let expected = try uninterrupted.train(on: subset, validation: nil)

        var first = Trainer(model: try tests.tinyModel(seed: 7), configuration: configuration)
        _ = try first.runEpoch(on: subset, validation: nil)
        let saved = try TrainingCheckpoint(serialized: first.checkpoint.serialized())
        #expect(saved == first.checkpoint)
        var resumed = try Trainer(resuming: saved, configuration: configuration)
        #expect(resumed.completedEpochs == 1)
        let result = try resumed.train(on: subset, validation: nil)
        #expect(bits(result) == bits(expected))
        #expect(bits(result) != bits(first.model))
    }

    @Test func refusesOtherSettingsAndDamagedFiles() throws {
        let tests = try TrainingTests()
        let configuration = tests.configuration(epochs: 2, seed: 7)
        var trainer = Trainer(model: try tests.tinyModel(seed: 7), configuration: configuration)
        _ = try trainer.runEpoch(on: subset, validation: nil)
        let checkpoint = trainer.checkpoint
        var other = configuration
        other.learningRate = 0.5
        #expect(throws: CheckpointError.self) { try Trainer(resuming: checkpoint, configuration: other) }
        var bytes = checkpoint.serialized()
        bytes[bytes.count - 1] ^= 1
        #expect(throws: CheckpointError(reason: "checksum mismatch; the file is damaged")) { try TrainingCheckpoint(serialized: bytes) }
        #expect(throws: CheckpointError(reason: "not a checkpoint file (expected \"OCTETCKP\")")) {
            try TrainingCheckpoint(serialized: checkpoint.model.serialized())
        }
    }

    @Test func writesAtomicallyAndReadsBack() throws {
        let tests = try TrainingTests()
        let trainer = Trainer(model: try tests.tinyModel(seed: 7), configuration: tests.configuration(epochs: 2, seed: 7))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("octet-\(UUID().uuidString).checkpoint").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try trainer.checkpoint.write(to: path)
        #expect(try TrainingCheckpoint(contentsOf: path) == trainer.checkpoint)
        #expect(throws: CheckpointError(reason: "\(path).missing: no such file")) { try TrainingCheckpoint(contentsOf: path + ".missing") }
    }
}

/// A diverging run stops with an error instead of trapping or saving garbage.
@Suite struct DivergenceTests {
    @Test func aHugeLearningRateStopsWithAnError() throws {
        let tests = try TrainingTests()
        var configuration = tests.configuration(epochs: 1, seed: 3)
        configuration.optimizer = .defaultSGD
        configuration.learningRate = 100_000
        configuration.schedule = .constant
        var trainer = Trainer(model: try tests.tinyModel(seed: 3), configuration: configuration)
        do {
            _ = try trainer.train(on: tests.training.subset(0..<500), validation: nil)
            Issue.record("training with learning rate 1e5 finished")
        } catch {
            guard case .diverged(let epoch, let batch, _) = error else { return }
            #expect(epoch == 1 && batch >= 1)
            #expect(error.description.hasPrefix("training diverged in epoch 1, batch \(batch): "))
        }
    }

    @Test func nonFiniteLogitsGiveANaNLossNotATrap() {
        let logits = Tensor(batch: 2, shape: ActivationShape(height: 1, width: 1, channels: 3), values: [1, 2, 3, .nan, .nan, .nan])
        let result = SoftmaxCrossEntropy.evaluate(logits: logits, labels: [0, 1], normalizer: 2)
        #expect(result.lossSum.isNaN)
    }

    @Test func aModelWithANonFiniteWeightIsNeverWritten() throws {
        let tests = try TrainingTests()
        var network = Network(try tests.tinyModel(seed: 3))
        network.parameters[4] = .infinity
        let model = network.exportModel()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("octet-\(UUID().uuidString).octetf").path
        #expect(throws: ModelFileError.nonFiniteParameter(node: 1, name: "conv.conv", field: "weights", index: 4, value: .infinity)) {
            try model.write(to: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aFolderThatCannotBeWrittenIsFoundBeforeTraining() {
        #expect(throws: ModelFileError.unwritable(path: "/nonexistent/model.octetf", reason: "No such file or directory")) {
            try checkWritable("/nonexistent/model.octetf")
        }
        #expect(throws: ModelFileError.unwritable(path: "/tmp", reason: "it is a folder")) { try checkWritable("/tmp") }
    }
}
