/// A training run stopped after some epoch: the model so far plus the optimizer's moments,
/// the random generator and the epoch count, so `Trainer(resuming:configuration:)` gives the
/// same final weights as a run that never stopped. Stored as docs/TRAINING.md describes.
public struct TrainingCheckpoint: Equatable, Sendable {
    public var model: FloatModel
    public var completedEpochs: Int
    var optimizerStep: Int
    var firstMoment: [Float]
    var secondMoment: [Float]
    var generatorState: [UInt64]
    /// `TrainingConfiguration.fingerprint` of the run.
    var configuration: String
}

/// Why a checkpoint cannot be read or cannot continue this run.
public struct CheckpointError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { "cannot resume: \(reason)" }
}
