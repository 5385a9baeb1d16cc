import ArgumentParser
import Foundation
import OctetFiles
import OctetQuantize
import OctetTrain

/// `octet quantize`: float model + calibration images → int8 `.octet` model (docs/QUANTIZATION.md).
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Quantize a float model (.octetf) to an int8 model (.octet) using calibration images.",
        discussion: """
            --calibration is a folder of PNG files, an IDX image file (…-images-idx3-ubyte[.gz]), \
            or a folder holding one IDX image file. BatchNorm is folded, activation ranges are \
            calibrated with the observer, weights are quantized per output channel, and the arena \
            is planned. The same model and images always give the same bytes.
            """)

    @Argument(help: "The float model file.")
    var floatModel: String

    @Option(help: "Calibration images: a PNG folder or IDX images.")
    var calibration: String

    @Option(help: "Range observer: minmax, percentile (99.99), percentile:P, entropy or mse.")
    var observer: String = "mse"

    @Option(help: "Concatenations: shared (one range, a copy), requantize (inputs keep their ranges) or auto (per concatenation, from the calibration ranges).")
    var concat: String = "auto"

    @Option(help: "Use only this many calibration images, taking the classes in turn when the images are labelled.")
    var calibrationCount: Int?

    @Option(help: "Also write the calibration images used as PNG files into this folder.")
    var saveCalibrationImages: String?

    @Option(name: [.customShort("o"), .long], help: "Where to write the int8 model.")
    var output: String

    func validate() throws {
        guard Observer(observer) != nil else {
            throw ValidationError("unknown observer '\(observer)'; choose one of \(Observer.allNames.joined(separator: ", "))")
        }
        guard ConcatQuantization(rawValue: concat) != nil else {
            throw ValidationError("unknown --concat '\(concat)'; choose one of \(ConcatQuantization.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let calibrationCount, calibrationCount <= 0 { throw ValidationError("--calibration-count must be positive") }
    }

    func run() throws {
        let model = try Self.loadFloatModel(floatModel)
        let quantizer = try Quantizer(model: model)
        var images = try ImageSet.load(from: calibration, shape: model.preprocessing.shape, classCount: model.classLabels.count)
        var serials = Array(0..<images.count)
        if let calibrationCount {
            guard calibrationCount <= images.count else {
                throw Failure("--calibration-count \(calibrationCount) is more than the \(images.count) images in \(calibration)")
            }
            serials = images.balancedIndices(count: calibrationCount)
            images = images.subset(serials)
        }
        guard images.count > 0 else { throw Failure("\(calibration) holds no images") }
        if let saveCalibrationImages {
            try images.writePNGs(to: saveCalibrationImages, classLabels: model.classLabels, serials: serials)
        }

        let chosen = Observer(observer)!
        var bar = ProgressLine(title: "calibrating (\(chosen))")
        let concatenations = ConcatQuantization(rawValue: concat)!
        let calibrationResult = try quantizer.calibrate(on: images, observer: chosen, concatenations: concatenations) { progress in
            bar.show(fraction: progress.fraction, detail: "pass \(progress.pass)/\(progress.passes), \(progress.imagesDone)/\(progress.imageCount) images")
        }
        bar.finish()
        let quantized = try quantizer.quantize(with: calibrationResult)
        do {
            try AtomicFile.write(quantized.built.bytes, to: output)
        } catch {
            throw Failure(error.description)
        }
        print(Self.summary(quantized, model: model, output: output))
    }

    static func summary(_ quantized: QuantizedModel, model: FloatModel, output: String) -> String {
        var lines = ["\(output): \(quantized.layers.count) int8 tensors, observer \(quantized.observer), \(quantized.calibrationImageCount) calibration images"]
        let concatenations = quantized.layers.filter { $0.operation.hasPrefix("Concatenation") }
        if !concatenations.isEmpty {
            let requantizing = concatenations.filter { $0.operation != "Concatenation" }.map(\.name)
            lines.append("concatenations: \(requantizing.count) of \(concatenations.count) requantize their inputs"
                + (requantizing.isEmpty ? "" : " (\(requantizing.joined(separator: ", ")))"))
        }
        lines.append("")
        let rows = quantized.layers.map { layer -> [String] in
            [
                layer.name, layer.operation, layer.shape.description,
                String(format: "[%.4g, %.4g]", layer.range.lowerBound, layer.range.upperBound),
                String(format: "%.6g", layer.parameters.scale), String(layer.parameters.zeroPoint),
                layer.weightScales.map { String(format: "%.3g … %.3g", $0.lowerBound, $0.upperBound) } ?? "",
            ]
        }
        lines += table(header: ["tensor", "op", "shape", "range", "scale", "zero point", "weight scales"], rows: rows)
        let built = quantized.built
        let overhead = built.arenaLowerBound > 0 ? 100 * Double(built.arenaSize - built.arenaLowerBound) / Double(built.arenaLowerBound) : 0
        lines.append("")
        lines.append(String(format: "arena: %d bytes (lower bound %d, +%.1f%%)", built.arenaSize, built.arenaLowerBound, overhead))
        lines.append("model: \(built.bytes.count) bytes (float model: \(model.parameterCount) parameters, \(4 * model.parameterCount) bytes of Float32 weights)")
        return lines.joined(separator: "\n")
    }
}

extension QuantizeCommand {
    /// A data error (bad file, bad images): printed as `Error: <message>` without the usage
    /// text that `ValidationError` adds for wrong flags; the exit status is 1.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Reads a float model, naming the file in any error.
    static func loadFloatModel(_ path: String) throws -> FloatModel {
        do {
            return try FloatModel(contentsOf: path)
        } catch {
            let message = "\(error)"
            throw Failure(message.hasPrefix(path) ? message : "\(path): \(message)")
        }
    }

    /// Left-aligned columns separated by two spaces.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// A one-line progress bar on standard error, redrawn at most ten times a second.
    struct ProgressLine {
        let title: String
        private var lastDraw = Date.distantPast
        private let isTerminal = isatty(STDERR_FILENO) != 0

        init(title: String) { self.title = title }

        mutating func show(fraction: Double, detail: String) {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= (isTerminal ? 0.1 : 5) || fraction >= 1 else { return }
            lastDraw = now
            let width = 24
            let filled = Int((Double(width) * Swift.min(Swift.max(fraction, 0), 1)).rounded(.down))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = "\(title) [\(bar)] \(Int((100 * fraction).rounded()))% \(detail)"
            FileHandle.standardError.write(Data(((isTerminal ? "\r" : "") + line + (isTerminal ? " " : "\n")).utf8))
        }

        func finish() {
            if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}
