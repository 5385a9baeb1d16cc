import ArgumentParser
import Foundation
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

    @Argument(help: "PNG files or folders of PNG files.")
    var inputs: [String]

    @Option(name: .customLong("top"), help: "How many labels to print per image.")
    var topK: Int = 3

    @Flag(help: "Print JSON instead of text.")
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
        let files = ImageFiles.expand(inputs)
        var report = RunReport(modelBytes: loaded.model.byteCount, arenaBytes: loaded.model.arenaSize)
        let started = ContinuousClock.now
        for file in files {
            switch file {
            case .failure(let failure):
                report.failures.append(failure)
            case .success(let path):
                do {
                    let result = try classifier.classify(path: path, maximumPixelCount: maxPixels, top: topK)
                    report.results.append(result)
                    if !json { print(result.text) }
                } catch {
                    report.failures.append(RunReport.Failure(file: path, reason: "\(error)"))
                }
            }
        }
        report.elapsed = ContinuousClock.now - started
        if json {
            print(try report.json())
        } else {
            for failure in report.failures { printError("error: \(failure.file): \(failure.reason)") }
            print(report.summary)
        }
        if !report.failures.isEmpty || report.results.isEmpty { throw ExitCode.failure }
    }
}
