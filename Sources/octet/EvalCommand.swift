import ArgumentParser
import Foundation
import OctetFiles
import OctetQuantize
import OctetTrain

/// `octet eval`: float model against its int8 model on labelled images (docs/QUANTIZATION.md).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Compare a float model with its int8 model: accuracy, agreement and per-layer SQNR.",
        discussion: """
            --data is a folder of PNG files named '<class index>-….png', an IDX image file with its \
            label file next to it (…-labels-idx1-ubyte[.gz]), or a folder holding one IDX image file. \
            Per-layer SQNR compares each int8 tensor, dequantized, with the float activation of the \
            node it is named after: 10·log10(Σ float² / Σ (float − int8)²) over all images.
            """)

    @Option(name: .customLong("float"), help: "The float model file (.octetf).")
    var floatModel: String

    @Option(name: .customLong("int8"), help: "The int8 model file (.octet).")
    var int8Model: String

    @Option(help: "Labelled images: a PNG folder or IDX images.")
    var data: String

    @Option(help: "Evaluate only this many images, taking the classes in turn.")
    var count: Int?

    @Option(help: "Also write the evaluated images as PNG files into this folder.")
    var exportPNG: String?

    @Option(help: "Also write the evaluated images as IDX files '<prefix>-images-idx3-ubyte' and '<prefix>-labels-idx1-ubyte'.")
    var exportIDX: String?

    @Flag(help: "Skip the per-layer SQNR table.")
    var noLayers = false

    func validate() throws {
        if let count, count <= 0 { throw ValidationError("--count must be positive") }
    }

    func run() throws {
        let model = try QuantizeCommand.loadFloatModel(floatModel)
        let bytes: [UInt8]
        do {
            bytes = try ReadableFile.contents(ofFile: int8Model)
        } catch {
            throw QuantizeCommand.Failure(error.description)
        }
        let int8 = try Int8Model(bytes: bytes, path: int8Model)
        let shape = model.preprocessing.shape
        guard int8.inputShape.h == shape.height, int8.inputShape.w == shape.width, int8.inputShape.c == shape.channels else {
            throw QuantizeCommand.Failure("\(int8Model) takes \(int8.inputShape.h)x\(int8.inputShape.w)x\(int8.inputShape.c) input, \(floatModel) takes \(shape)")
        }
        guard int8.classLabels == model.classLabels else {
            throw QuantizeCommand.Failure("\(int8Model) and \(floatModel) have different class labels")
        }
        var images = try ImageSet.load(from: data, shape: shape, classCount: model.classLabels.count)
        guard images.labels != nil else {
            throw QuantizeCommand.Failure("\(data): images have no labels (PNG file names must start with '<class index>-'; IDX images need their label file)")
        }
        var serials = Array(0..<images.count)
        if let count {
            guard count <= images.count else { throw QuantizeCommand.Failure("--count \(count) is more than the \(images.count) images in \(data)") }
            serials = images.balancedIndices(count: count)
            images = images.subset(serials)
        }
        guard images.count > 0 else { throw QuantizeCommand.Failure("\(data) holds no images") }
        if let exportPNG { try images.writePNGs(to: exportPNG, classLabels: model.classLabels, serials: serials) }
        if let exportIDX { try images.writeIDX(prefix: exportIDX) }

        var bar = QuantizeCommand.ProgressLine(title: "evaluating")
        let total = images.count
        let result = QuantizationEvaluation.evaluate(float: model, int8: int8, images: images) { done in
            bar.show(fraction: Double(done) / Double(total), detail: "\(done)/\(total) images")
        }
        bar.finish()
        if !result.unmatchedTensors.isEmpty {
            let names = result.unmatchedTensors.prefix(5).joined(separator: ", ")
            FileHandle.standardError.write(Data("warning: \(result.unmatchedTensors.count) int8 tensors of \(int8Model) (\(names)) match no node of \(floatModel); is it that model's int8 version?\n".utf8))
        }
        print(Self.report(result, noLayers: noLayers))
    }

    static func report(_ result: QuantizationEvaluation, noLayers: Bool) -> String {
        var lines = [
            "images:          \(result.imageCount)",
            String(format: "float accuracy:  %.2f%%", 100 * result.floatAccuracy),
            String(format: "int8 accuracy:   %.2f%%", 100 * result.int8Accuracy),
            String(format: "drop:            %.2f pp", result.accuracyDrop),
            String(format: "top-1 agreement: %.2f%%", 100 * result.agreement),
        ]
        if !noLayers {
            lines.append("")
            lines += QuantizeCommand.table(header: ["tensor", "SQNR (dB)"], rows: result.layers.map { layer in
                [layer.name, String(format: "%.1f", layer.signalToQuantizationNoise)]
            })
        }
        return lines.joined(separator: "\n")
    }
}
