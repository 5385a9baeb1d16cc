import ArgumentParser
import Foundation
import OctetArchitecture
import OctetTrain

/// `octet train`: trains a shipped architecture or an architecture file on labelled images
/// and writes a float model file (docs/TRAINING.md, docs/ARCHITECTURES.md, docs/FLOAT_MODEL.md).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a float CNN on labelled images and save a float model (.octetf).",
        discussion: """
            --data is either a directory of IDX files (train-images-idx3-ubyte and \
            train-labels-idx1-ubyte, plain or .gz, and optionally t10k-images-idx3-ubyte and \
            t10k-labels-idx1-ubyte for the final test accuracy), such as \
            /usr/share/datasets/fashion-mnist, or a directory with train/ (and optionally test/) \
            sub-folders of PNG images, one sub-folder per class, named for the class.
            """)

    @Option(help: "Directory with IDX files, or with train/ and test/ PNG class folders.")
    var data: String

    @Option(help: "A shipped architecture (\(ArchitectureFile.builtInNames.joined(separator: ", "))) or an architecture file (docs/ARCHITECTURES.md).")
    var arch: String

    @Option(help: "Passes over the training images.")
    var epochs: Int = 10

    @Option(help: "Seed for initialization, shuffling, augmentation and dropout.")
    var seed: UInt64 = 1

    @Option(name: [.customShort("o"), .long], help: "Where to write the float model.")
    var output: String

    @Option(help: "Images per training step (split across the cores).")
    var batchSize: Int = 128

    @Option(help: "Optimizer: sgd (Nesterov momentum 0.9) or adam.")
    var optimizer: String = "sgd"

    @Option(help: "Peak learning rate (default 0.05 for sgd, 0.002 for adam); cosine decay after a short warm-up.")
    var learningRate: Float?

    @Option(help: "Weight decay on conv and dense weights.")
    var weightDecay: Float = 5e-4

    @Option(help: "Training images held out (seeded) for per-epoch validation; 0 for none.")
    var validationSize: Int = 5000

    @Flag(inversion: .prefixedNo, help: "Random horizontal flips of training images.")
    var flip: Bool = true

    @Option(help: "Random shifts of training images by up to this many pixels (0 for none).")
    var shift: Int = 0

    @Option(help: "Channels PNG class folders are decoded to: 1 (gray) or 3 (RGB); default: the architecture file's input channels, else 1. IDX data is always gray.")
    var channels: Int?

    @Option(help: "Class names for IDX data: 'fashion-mnist', 'digits', or a comma-separated list (default: the architecture file's classes, else fashion-mnist; PNG folders name their classes).")
    var classNames: String?

    @Option(help: "Save the run's state to <output>.checkpoint every N epochs, for --resume.")
    var checkpointEvery: Int?

    @Flag(help: "Continue the run saved in <output>.checkpoint (same data and flags); the result equals an uninterrupted run.")
    var resume = false

    /// Where `--checkpoint-every` writes and `--resume` reads.
    var checkpointPath: String { output + ".checkpoint" }

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard batchSize > 1 else { throw ValidationError("--batch-size must be at least 2") }
        guard ["sgd", "adam"].contains(optimizer) else { throw ValidationError("--optimizer must be sgd or adam") }
        guard shift >= 0 else { throw ValidationError("--shift must not be negative") }
        if let channels, channels != 1 && channels != 3 { throw ValidationError("--channels must be 1 (gray) or 3 (RGB)") }
        guard validationSize >= 0 else { throw ValidationError("--validation-size must not be negative") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        if let checkpointEvery, checkpointEvery <= 0 { throw ValidationError("--checkpoint-every must be positive") }
    }

    func run() throws {
        // Before any work: a run that cannot save its result is hours lost.
        try checkWritable(output)
        if checkpointEvery != nil { try checkWritable(checkpointPath) }
        let architecture: ArchitectureFile
        do {
            architecture = try ArchitectureFile(named: arch)
            // A file that fixes its input shape and classes is checked before the data loads.
            if architecture.inputShape != nil, let labels = try architecture.classLabels ?? classNames.map(parseClassNames) {
                _ = try architecture.makeModel(classLabels: labels, seed: seed)
            }
        } catch let error as ArchitectureError {
            throw CLIError(error.description)
        }
        let (allTraining, test, labels) = try loadData(architecture: architecture, channels: try imageChannels(architecture))
        var training = allTraining
        guard validationSize < training.count - batchSize else {
            throw CLIError(
                "--validation-size \(validationSize) leaves fewer than one batch of the \(training.count) training images in \(data)")
        }
        var validation: LabeledImages?
        if validationSize > 0 {
            (training, validation) = split(training, holdingOut: validationSize)
        }

        let model: FloatModel
        do {
            model = try architecture.makeModel(
                inputShape: ActivationShape(height: training.height, width: training.width, channels: training.channels),
                classLabels: labels, seed: seed)
        } catch {
            throw CLIError(error.description)
        }
        let chosenOptimizer: Optimizer = optimizer == "adam" ? .defaultAdam : .defaultSGD
        let configuration = TrainingConfiguration(
            epochs: epochs, batchSize: batchSize, optimizer: chosenOptimizer,
            learningRate: learningRate ?? (optimizer == "adam" ? 0.002 : 0.05), weightDecay: weightDecay,
            augmentation: Augmentation(cropPadding: shift, horizontalFlip: flip), seed: seed)
        print("\(arch): \(model.parameterCount) parameters; \(training.count) training, \(validation?.count ?? 0) validation, \(test?.count ?? 0) test images")

        let started = Date()
        var trainer = try makeTrainer(model: model, configuration: configuration)
        let firstEpoch = trainer.completedEpochs
        var progress = ProgressLine(title: "training", startingAt: Double(firstEpoch) / Double(epochs))
        while trainer.completedEpochs < epochs {
            let report = try trainer.runEpoch(on: training, validation: validation, progress: { step in
                progress.update(
                    fraction: Double((step.epoch - 1) * step.batchesPerEpoch + step.batch) / Double(epochs * step.batchesPerEpoch),
                    detail: String(
                        format: "epoch %d/%d, batch %d/%d, loss %.4f, acc %.2f%%, %.0f img/s", step.epoch, epochs, step.batch,
                        step.batchesPerEpoch, step.batchLoss, 100 * step.runningAccuracy, step.imagesPerSecond))
            })
            progress.clear()
            var line = String(format: "epoch %d/%d: loss %.4f, train accuracy %.2f%%", report.epoch, epochs, report.trainingLoss, 100 * report.trainingAccuracy)
            if let validation = report.validation {
                line += String(format: ", validation loss %.4f, accuracy %.2f%%", validation.meanLoss, 100 * validation.accuracy)
            }
            print(line + String(format: " (%.1f s)", report.seconds))
            if let checkpointEvery, report.epoch % checkpointEvery == 0, report.epoch < epochs {
                try trainer.checkpoint.write(to: checkpointPath)
                print("saved checkpoint \(checkpointPath)")
            }
            fflush(nil)  // show each epoch at once even when stdout is a file
        }
        progress.finish(detail: "\(epochs - firstEpoch) epoch(s)")
        let trained = trainer.model
        let trainingSeconds = Date().timeIntervalSince(started)
        try trained.write(to: output)
        // The run is complete; its checkpoint could only resume a finished run.
        if checkpointEvery != nil || resume { try? FileManager.default.removeItem(atPath: checkpointPath) }
        let imagesPerSecond = Double((epochs - firstEpoch) * (training.count / batchSize) * batchSize) / trainingSeconds
        print(String(format: "trained in %.1f s (%.0f images/s); wrote %@", trainingSeconds, imagesPerSecond, output))
        if let test {
            let evaluation = trained.evaluate(on: test)
            print(String(format: "test accuracy: %.2f%% (%d images, loss %.4f)", 100 * evaluation.accuracy, evaluation.count, evaluation.meanLoss))
        }
    }

    /// A fresh trainer, or with `--resume` one continuing the checkpoint, which must hold
    /// this architecture with these labels and preprocessing.
    private func makeTrainer(model: FloatModel, configuration: TrainingConfiguration) throws -> Trainer {
        guard resume else { return Trainer(model: model, configuration: configuration) }
        let checkpoint = try TrainingCheckpoint(contentsOf: checkpointPath)
        let saved = checkpoint.model
        guard saved.nodes.map(\.name) == model.nodes.map(\.name), saved.parameterCount == model.parameterCount,
              saved.classLabels == model.classLabels, saved.preprocessing == model.preprocessing
        else { throw CLIError("cannot resume: \(checkpointPath) holds another architecture, class list or input shape than --arch \(arch) on \(data)") }
        let trainer = try Trainer(resuming: checkpoint, configuration: configuration)
        print("resuming after epoch \(trainer.completedEpochs) from \(checkpointPath)")
        return trainer
    }

    /// `--channels`, else the channels the architecture file's input declares, else 1 (gray);
    /// a `--channels` that contradicts the file is an error before any data loads.
    private func imageChannels(_ architecture: ArchitectureFile) throws -> Int {
        guard let declared = architecture.inputShape?.channels else { return channels ?? 1 }
        if let channels, channels != declared {
            throw CLIError("--channels \(channels), but \(arch) declares a \(architecture.inputShape!) input")
        }
        return declared
    }

    /// Training images, test images (if present) and class names, from PNG class folders
    /// when `<data>/train` is a directory, otherwise from IDX files.
    private func loadData(architecture: ArchitectureFile, channels: Int) throws -> (LabeledImages, LabeledImages?, [String]) {
        var isDirectory: ObjCBool = false
        let trainFolder = (data as NSString).appendingPathComponent("train")
        if FileManager.default.fileExists(atPath: trainFolder, isDirectory: &isDirectory), isDirectory.boolValue {
            let (training, classNames) = try LabeledImages.loadImageFolder(directory: trainFolder, channels: channels)
            let testFolder = (data as NSString).appendingPathComponent("test")
            guard FileManager.default.fileExists(atPath: testFolder) else { return (training, nil, classNames) }
            let (test, testClassNames) = try LabeledImages.loadImageFolder(
                directory: testFolder, channels: training.channels, size: (training.height, training.width))
            guard testClassNames == classNames else {
                throw CLIError("\(testFolder) has classes \(testClassNames), \(trainFolder) has \(classNames)")
            }
            return (training, test, classNames)
        }
        guard channels == 1 else { throw CLIError("--channels \(channels): the IDX images in \(data) are gray; --channels applies to PNG class folders") }
        let labels = try classNames.map(parseClassNames) ?? architecture.classLabels ?? parseClassNames("fashion-mnist")
        let training = try LabeledImages.loadIDX(directory: data, split: .train, classCount: labels.count)
        let test: LabeledImages?
        do {
            test = try LabeledImages.loadIDX(directory: data, split: .test, classCount: labels.count)
        } catch .fileNotFound {
            test = nil
        }
        return (training, test, labels)
    }

    private func parseClassNames(_ classNames: String) throws -> [String] {
        switch classNames {
        case "fashion-mnist":
            return ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        case "digits":
            return (0..<10).map(String.init)
        default:
            let names = classNames.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.count >= 2, !names.contains(where: \.isEmpty) else {
                throw ValidationError("--class-names needs at least two non-empty comma-separated names")
            }
            return names
        }
    }

    /// A seeded random hold-out, so the validation set does not depend on file order.
    private func split(_ images: LabeledImages, holdingOut count: Int) -> (LabeledImages, LabeledImages) {
        var generator = SeededGenerator(seed: seed ^ 0x5EED_0F_DA7A)
        var indices = Array(0..<images.count)
        for index in stride(from: indices.count - 1, to: 0, by: -1) {
            indices.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
        let held = indices.prefix(count).sorted()
        let kept = indices.dropFirst(count).sorted()
        return (images.subset(kept), images.subset(held))
    }
}
