import Testing
@testable import OctetTrain

/// Short runs on the committed 2,000-image Fashion-MNIST subset, with a network small
/// enough for debug builds.
@Suite struct TrainingTests {
    let training: LabeledImages
    let test: LabeledImages

    init() throws {
        training = try LabeledImages.loadIDX(directory: fixtureDirectory, split: .train)
        test = try LabeledImages.loadIDX(directory: fixtureDirectory, split: .test)
    }

    func tinyModel(seed: UInt64) throws -> FloatModel {
        var builder = GraphBuilder(input: ActivationShape(height: 28, width: 28, channels: 1), seed: seed)
        var x = builder.convolutionBatchNormReLU(builder.input, outputChannels: 6, stride: 2, name: "conv")
        x = builder.maxPool(x)
        x = builder.dense(builder.flatten(x), outputFeatures: 10)
        let preprocessing = InputPreprocessing(shape: builder.shape(of: 0), scale: 1 / 255, offset: 0)
        return try builder.build(preprocessing: preprocessing, classLabels: (0..<10).map(String.init))
    }

    func configuration(epochs: Int, seed: UInt64) -> TrainingConfiguration {
        TrainingConfiguration(
            epochs: epochs, batchSize: 50, optimizer: .defaultAdam, learningRate: 0.01,
            schedule: .cosine(warmupEpochs: 0.2), weightDecay: 1e-4,
            augmentation: Augmentation(cropPadding: 1, horizontalFlip: true), seed: seed)
    }

    @Test func learnsFashionMNIST() throws {
        let model = try tinyModel(seed: 1)
        #expect(model.evaluate(on: test).accuracy < 0.3)
        var trainer = Trainer(model: model, configuration: configuration(epochs: 3, seed: 1))
        var losses: [Double] = []
        let trained = try trainer.train(on: training, validation: nil, epochEnded: { losses.append($0.trainingLoss) })
        #expect(losses.count == 3)
        #expect(losses[2] < 0.75 * losses[0])
        let evaluation = trained.evaluate(on: test)
        #expect(evaluation.accuracy > 0.65, "chance is 0.10")
        #expect(evaluation.meanLoss < 1.2)
    }

    @Test func theSameSeedGivesTheSameWeights() throws {
        let subset = training.subset(0..<300)
        func run(seed: UInt64) throws -> [UInt32] {
            var trainer = Trainer(model: try tinyModel(seed: seed), configuration: configuration(epochs: 1, seed: seed))
            let model = try trainer.train(on: subset, validation: nil)
            return Network(model).parameters.map(\.bitPattern) + Network(model).runningStatistics.map(\.bitPattern)
        }
        let first = try run(seed: 42)
        #expect(try run(seed: 42) == first)
        #expect(try run(seed: 43) != first)
    }

    @Test func scheduleWarmsUpThenDecays() {
        let schedule = LearningRateSchedule.cosine(warmupEpochs: 1)
        #expect(schedule.rate(base: 1, progress: 0.5, totalEpochs: 5) == 0.5)
        #expect(schedule.rate(base: 1, progress: 1, totalEpochs: 5) == 1)
        #expect(abs(schedule.rate(base: 1, progress: 3, totalEpochs: 5) - 0.5) < 1e-6)
        #expect(LearningRateSchedule.step(epochs: 2, factor: 0.1).rate(base: 1, progress: 4.5, totalEpochs: 6) == 0.010000001)
    }
}
