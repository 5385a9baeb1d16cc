/// Everything that decides a training run besides the model and the data.
public struct TrainingConfiguration: Hashable, Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var optimizer: Optimizer
    public var learningRate: Float
    public var schedule: LearningRateSchedule
    public var weightDecay: Float
    public var augmentation: Augmentation
    /// Seeds shuffling, augmentation and dropout (initialization is seeded by the builder).
    public var seed: UInt64

    public init(
        epochs: Int, batchSize: Int = 128, optimizer: Optimizer = .defaultSGD, learningRate: Float = 0.05,
        schedule: LearningRateSchedule = .cosine(warmupEpochs: 0.3), weightDecay: Float = 5e-4,
        augmentation: Augmentation = Augmentation(cropPadding: 0, horizontalFlip: true), seed: UInt64
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.schedule = schedule
        self.weightDecay = weightDecay
        self.augmentation = augmentation
        self.seed = seed
    }
}

/// A snapshot after each training step, for progress display.
public struct TrainingProgress: Sendable {
    /// 1-based.
    public var epoch: Int
    public var epochs: Int
    /// 1-based, within the epoch.
    public var batch: Int
    public var batchesPerEpoch: Int
    public var batchLoss: Double
    /// Over the epoch so far, on augmented training images in training mode.
    public var runningAccuracy: Double
    public var learningRate: Float
    public var imagesPerSecond: Double
    public var estimatedSecondsRemaining: Double
}

/// What one epoch achieved.
public struct EpochReport: Sendable {
    public var epoch: Int
    public var trainingLoss: Double
    public var trainingAccuracy: Double
    public var validation: Evaluation?
    public var seconds: Double
}

/// Trains a `FloatModel` with mini-batch gradient descent, using both cores for each batch.
/// The same model, data, configuration and seed give bit-identical weights, also when the
/// run is stopped and resumed from a `TrainingCheckpoint`.
public struct Trainer {
    public let configuration: TrainingConfiguration
    private var network: Network
    private var optimizerState: OptimizerState
    private var generator: SeededGenerator
    /// Epochs finished so far, counting those before a resumed checkpoint.
    public private(set) var completedEpochs = 0

    public init(model: FloatModel, configuration: TrainingConfiguration) {
        precondition(configuration.epochs > 0 && configuration.batchSize > 0, "epochs and batch size must be positive")
        self.configuration = configuration
        network = Network(model)
        optimizerState = OptimizerState(
            optimizer: configuration.optimizer, weightDecay: configuration.weightDecay,
            parameterCount: network.parameters.count, decayedRanges: network.decayedRanges)
        generator = SeededGenerator(seed: configuration.seed)
    }

    /// The model with the weights and statistics trained so far.
    public var model: FloatModel { network.exportModel() }

    /// Runs the remaining epochs, evaluating on `validation` after each; returns the trained model.
    public mutating func train(
        on data: LabeledImages, validation: LabeledImages?,
        progress: (TrainingProgress) -> Void = { _ in }, epochEnded: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> FloatModel {
        while completedEpochs < configuration.epochs {
            epochEnded(try runEpoch(on: data, validation: validation, progress: progress))
        }
        return model
    }

    /// One epoch of training, then the evaluation on `validation`.
    public mutating func runEpoch(
        on data: LabeledImages, validation: LabeledImages?, progress: (TrainingProgress) -> Void = { _ in }
    ) throws(TrainingError) -> EpochReport {
        let clock = ContinuousClock()
        let start = clock.now
        let (loss, accuracy) = try trainEpoch(on: data, progress: progress)
        let evaluation = validation.map { network.evaluate(on: $0, preprocessing: network.template.preprocessing, batchSize: 500) }
        let elapsed = start.duration(to: clock.now)
        return EpochReport(
            epoch: completedEpochs, trainingLoss: loss, trainingAccuracy: accuracy, validation: evaluation,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// One pass over `data` in a seeded random order; a final batch smaller than
    /// `batchSize` is skipped. Returns the epoch's mean loss and accuracy. Stops with
    /// `TrainingError.diverged` as soon as the loss, a parameter or a statistic is not finite.
    public mutating func trainEpoch(
        on data: LabeledImages, progress: (TrainingProgress) -> Void = { _ in }
    ) throws(TrainingError) -> (loss: Double, accuracy: Double) {
        let batchSize = min(configuration.batchSize, data.count)
        let batches = data.count / batchSize
        let order = shuffledIndices(data.count)
        let clock = ContinuousClock()
        let start = clock.now
        var lossSum = 0.0
        var correct = 0
        for batch in 0..<batches {
            let indices = order[batch * batchSize..<(batch + 1) * batchSize]
            let input = augmentedBatch(data, indices: indices)
            let labels = indices.map { data.labels[$0] }
            let progressInEpochs = Double(completedEpochs) + Double(batch) / Double(batches)
            let learningRate = configuration.schedule.rate(
                base: configuration.learningRate, progress: progressInEpochs, totalEpochs: configuration.epochs)
            let result = network.batchGradient(input, labels: labels, seed: generator.next())
            func diverged(_ what: String) -> TrainingError { .diverged(epoch: completedEpochs + 1, batch: batch + 1, what: what) }
            guard result.lossSum.isFinite else { throw diverged("the loss") }
            optimizerState.update(&network.parameters, gradients: result.gradients, learningRate: learningRate)
            network.updateRunningStatistics(with: result.batchStatistics)
            guard network.parameters.allSatisfy(\.isFinite) else { throw diverged("a weight") }
            guard network.runningStatistics.allSatisfy(\.isFinite) else { throw diverged("a BatchNorm statistic") }
            lossSum += result.lossSum
            correct += result.correct

            let seen = Double((batch + 1) * batchSize)
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let imagesPerSecond = seen / max(seconds, 1e-9)
            let remainingImages = Double((configuration.epochs - completedEpochs) * batches * batchSize) - seen
            progress(TrainingProgress(
                epoch: completedEpochs + 1, epochs: configuration.epochs, batch: batch + 1, batchesPerEpoch: batches,
                batchLoss: result.lossSum / Double(batchSize), runningAccuracy: Double(correct) / seen,
                learningRate: learningRate, imagesPerSecond: imagesPerSecond,
                estimatedSecondsRemaining: remainingImages / imagesPerSecond))
        }
        completedEpochs += 1
        let seen = Double(max(1, batches * batchSize))
        return (lossSum / seen, Double(correct) / seen)
    }

    /// Fisher–Yates with the run's generator (not `shuffle(using:)`, whose algorithm the
    /// standard library does not promise to keep).
    private mutating func shuffledIndices(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        for index in stride(from: count - 1, to: 0, by: -1) {
            indices.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
        return indices
    }

    private mutating func augmentedBatch(_ data: LabeledImages, indices: ArraySlice<Int>) -> Tensor {
        let preprocessing = network.template.preprocessing
        var input = Tensor(zeros: preprocessing.shape, batch: indices.count)
        let size = data.imageSize
        input.values.withUnsafeMutableBufferPointer { values in
            for (position, index) in indices.enumerated() {
                configuration.augmentation.render(
                    data.pixels[index * size..<(index + 1) * size], height: data.height, width: data.width,
                    channels: data.channels, preprocessing: preprocessing, generator: &generator,
                    into: values.baseAddress! + position * size)
            }
        }
        return input
    }
}

extension Trainer {
    /// Everything the run so far has changed, so `init(resuming:)` can continue it exactly.
    public var checkpoint: TrainingCheckpoint {
        TrainingCheckpoint(
            model: model, completedEpochs: completedEpochs, optimizerStep: optimizerState.step,
            firstMoment: optimizerState.firstMoment, secondMoment: optimizerState.secondMoment,
            generatorState: generator.state, configuration: configuration.fingerprint)
    }

    /// Continues the run `checkpoint` was taken from; `configuration` must be that run's.
    public init(resuming checkpoint: TrainingCheckpoint, configuration: TrainingConfiguration) throws(CheckpointError) {
        self.init(model: checkpoint.model, configuration: configuration)
        guard checkpoint.configuration == configuration.fingerprint else {
            throw .init(reason: "it was written with other training settings (\(checkpoint.configuration))")
        }
        guard checkpoint.completedEpochs < configuration.epochs else {
            throw .init(reason: "it has all \(checkpoint.completedEpochs) epochs already")
        }
        let parameterCount = network.parameters.count
        let expectedSecond = if case .adam = configuration.optimizer { parameterCount } else { 0 }
        guard checkpoint.firstMoment.count == parameterCount, checkpoint.secondMoment.count == expectedSecond,
              checkpoint.generatorState.count == 4, checkpoint.generatorState.contains(where: { $0 != 0 }), checkpoint.completedEpochs >= 0, checkpoint.optimizerStep >= 0
        else { throw .init(reason: "its optimizer state does not match the model") }
        optimizerState.restore(step: checkpoint.optimizerStep, firstMoment: checkpoint.firstMoment, secondMoment: checkpoint.secondMoment)
        generator = SeededGenerator(state: checkpoint.generatorState)
        completedEpochs = checkpoint.completedEpochs
    }
}

extension TrainingConfiguration {
    /// A text that differs whenever two configurations would train differently; a
    /// checkpoint stores it so a resumed run can refuse other settings.
    var fingerprint: String { String(describing: self) }
}
