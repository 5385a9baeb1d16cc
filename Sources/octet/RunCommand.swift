import ArgumentParser
import Foundation
import OctetClassifier
import OctetFormat
import OctetImage
import OctetRuntime

/// `octet run`: classify PNG images with an int8 model, as a device would.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Classify PNG images with an int8 .octet model.",
        discussion: """
            Each image is decoded, resized to the model's input, preprocessed with the map stored \
            in the model, quantized and run through the int8 interpreter in one arena reused for \
            every image. Folders are searched recursively for .png files. The exit status is \
            non-zero if any input failed; the others are still processed.
            """)

    @Argument(help: "The .octet model.")
    var model: String

    @Argument(help: "PNG files or folders of PNG files (with --raw: raw input files, or folders of .bin and .raw files).")
    var inputs: [String]

    @Option(help: "Read raw input tensors instead of PNGs: files of exactly the input's elements, int8 values or uint8 values (fed as value − 128).")
    var raw: RawInputFormat?

    @Option(name: .customLong("top"), help: "How many labels to print per image.")
    var topK: Int = 3

    @Flag(help: "Print JSON Lines instead of text: one object per image, then a summary (docs/RUN_OUTPUT.md).")
    var json = false

    @Option(help: "Reject images with more pixels than this before decoding them.")
    var maxPixels: Int = PNGFile.defaultMaximumPixelCount

    @Option(help: "Force a kernel path (default: OCTET_KERNELS, else the fastest this CPU supports).")
    var kernelPath: KernelPath?

    func validate() throws {
        guard topK >= 1 else { throw ValidationError("--top must be at least 1") }
        guard maxPixels >= 1 else { throw ValidationError("--max-pixels must be at least 1") }
    }

    func run() throws {
        let loaded = try loadModel(model)
        let classifier = try Classifier(loaded, kernelPath: try KernelPath.selected(kernelPath))
        var summary = RunSummary(modelBytes: loaded.model.byteCount, arenaBytes: loaded.model.arenaSize)
        let started = ContinuousClock.now
        // Each result is printed as soon as it is known, so memory stays flat however many
        // images there are.
        let elementCount = classifier.interpreter.input().shape.elementCount
        for file in ImageFiles.expand(inputs, extensions: raw == nil ? ["png"] : RawInputFormat.fileExtensions) {
            let outcome = file.flatMap { path in
                Result {
                    let classification = if let raw {
                        try classifier.classify(raw: try raw.read(path, elementCount: elementCount), top: topK)
                    } else {
                        try classifier.classify(pngFile: path, maximumPixelCount: maxPixels, top: topK)
                    }
                    return ClassifiedFile(file: path, classification: classification)
                }
                .mapError { RunFailure(file: path, error: $0) }
            }
            switch outcome {
            case .success(let classification):
                summary.record(classification.classification)
                print(json ? try classification.jsonLine() : classification.text)
            case .failure(let failure):
                summary.failed += 1
                if json { print(try failure.jsonLine()) } else { printError("error: \(failure.file): \(failure.reason)") }
            }
        }
        summary.elapsed = ContinuousClock.now - started
        print(json ? try summary.jsonLine() : summary.text)
        if summary.failed > 0 || summary.classified == 0 { throw ExitCode.failure }
    }
}
