import ArgumentParser
import Foundation
import OctetFiles
import OctetQuantize
import OctetTrain

/// `octet eval`: an int8 model's accuracy on labelled images, and with `--float` how its float
/// model compares (docs/QUANTIZATION.md).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure an int8 model's accuracy, per class and as a confusion matrix; compare it with its float model.",
        discussion: """
            --data is what 'octet train --data' takes (a folder of IDX files, whose \
            t10k-images-idx3-ubyte[.gz] is used, or a folder with train/ and test/ PNG class \
            folders, whose test/ is used), a folder of PNG class folders, a folder of PNG files \
            named '<class index>-….png', an IDX image file with its label file next to it \
            (…-labels-idx1-ubyte[.gz]), or a folder holding one IDX image file. With --float, \
            per-layer SQNR compares each int8 tensor, dequantized, with the float activation of \
            the node it is named after: 10·log10(Σ float² / Σ (float − int8)²) over all images.
            """)

    @Option(name: .customLong("int8"), help: "The int8 model file (.octet).")
    var int8Model: String

    @Option(name: .customLong("float"), help: "Its float model file (.octetf), to add float accuracy, top-1 agreement and per-layer SQNR.")
    var floatModel: String?

    @Option(help: "Labelled images: IDX files or a folder of them, PNG class folders, or a PNG folder.")
    var data: String

    @Option(help: "Evaluate only this many images, taking the classes in turn.")
    var count: Int?

    @Option(help: "Also write the evaluated images as PNG files into this folder.")
    var exportPNG: String?

    @Option(help: "Also write the evaluated images as IDX files '<prefix>-images-idx3-ubyte' and '<prefix>-labels-idx1-ubyte'.")
    var exportIDX: String?

    @Flag(help: "Skip the per-layer SQNR table (with --float).")
    var noLayers = false

    @Flag(help: "Print the report as JSON on standard output (docs/CLI_JSON.md).")
    var json = false

    func validate() throws {
        if let count, count <= 0 { throw ValidationError("--count must be positive") }
    }

    func run() throws {
        let bytes: [UInt8]
        do {
            bytes = try ReadableFile.contents(ofFile: int8Model)
        } catch {
            throw CLIError(error.description)
        }
        let int8 = try Int8Model(bytes: bytes, path: int8Model)
        let float = try floatModel.map { path in try loadFloatModel(path) }
        let input = int8.inputShape
        let shape = ActivationShape(height: input.h, width: input.w, channels: input.c)
        if let float, let floatModel {
            guard float.preprocessing.shape == shape else {
                throw CLIError("\(int8Model) takes \(input.h)x\(input.w)x\(input.c) input, \(floatModel) takes \(float.preprocessing.shape)")
            }
            guard int8.classLabels == float.classLabels else {
                throw CLIError("\(int8Model) and \(floatModel) have different class labels")
            }
        }
        let classCount = int8.model.tensor(int8.model.outputTensorIndex(0)).shape.elementsPerBatch
        let names = int8.classLabels
        let labels = (0..<classCount).map { $0 < names.count ? names[$0] : "\($0)" }

        let (source, note) = EvaluationData.source(data)
        if let note { printError("note: \(note)") }
        if let folders = EvaluationData.classFolderNames(source), !names.isEmpty, folders != names {
            printError("warning: the class folders of \(source) (\(folders.joined(separator: ", "))) are not named like the classes of \(int8Model) (\(names.joined(separator: ", "))); folder number i is taken as class i")
        }
        var images = try ImageSet.load(from: source, shape: shape, classCount: classCount)
        guard images.labels != nil else {
            throw CLIError("\(source): images have no labels (PNG file names must start with '<class index>-'; IDX images need their label file)")
        }
        var serials = Array(0..<images.count)
        if let count {
            guard count <= images.count else { throw CLIError("--count \(count) is more than the \(images.count) images in \(source)") }
            serials = images.balancedIndices(count: count)
            images = images.subset(serials)
        }
        guard images.count > 0 else { throw CLIError("\(source) holds no images") }
        if let exportPNG { try images.writePNGs(to: exportPNG, classLabels: labels, serials: serials) }
        if let exportIDX { try images.writeIDX(prefix: exportIDX) }

        let total = images.count
        var progress = ProgressLine(title: "evaluating int8")
        let matrix = ConfusionMatrix.evaluate(int8, classCount: classCount, images: images) { done in
            progress.update(fraction: Double(done) / Double(total), detail: "\(done)/\(total) images")
        }
        progress.finish(detail: "\(total) images")
        var report = EvalReport(model: int8Model, data: source, labels: labels, matrix: matrix)
        if let float, let floatModel {
            var comparing = ProgressLine(title: "comparing with float")
            let result = QuantizationEvaluation.evaluate(float: float, int8: int8, images: images) { done in
                comparing.update(fraction: Double(done) / Double(total), detail: "\(done)/\(total) images")
            }
            comparing.finish(detail: "\(total) images")
            if !result.unmatchedTensors.isEmpty {
                let names = result.unmatchedTensors.prefix(5).joined(separator: ", ")
                printError("warning: \(result.unmatchedTensors.count) int8 tensors of \(int8Model) (\(names)) match no node of \(floatModel); is it that model's int8 version?")
            }
            report.float = EvalReport.comparison(result, floatModel: floatModel, withLayers: !noLayers)
        }
        print(json ? try report.json() : report.text)
    }
}
