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

    @Option(help: "Use only this many calibration images, taking the classes in turn when the images are labelled.")
    var calibrationCount: Int?

    @Option(help: "Also write the calibration images used as PNG files into this folder.")
    var saveCalibrationImages: String?

    @Option(help: "Weight rounding: gptq (errors carried into the weights not yet rounded, by the calibration inputs' correlation) or nearest.")
    var rounding: String = "gptq"

    @Option(help: "Concatenations: shared (one range, a copy), requantize (inputs keep their ranges) or auto (per concatenation, from the calibration ranges).")
    var concat: String = "auto"

    @Option(name: [.customShort("o"), .long], help: "Where to write the int8 model.")
    var output: String

    @Flag(inversion: .prefixedNo, help: "Rescale channels between weighted layers to even out int8 tensors (docs/QUANTIZATION.md).")
    var equalize = true

    @Flag(help: "Print the report as JSON on standard output (docs/CLI_JSON.md).")
    var json = false

    func validate() throws {
        guard Observer(observer) != nil else {
            throw ValidationError("unknown observer '\(observer)'; choose one of \(Observer.allNames.joined(separator: ", "))")
        }
        guard ConcatQuantization(rawValue: concat) != nil else {
            throw ValidationError("unknown --concat '\(concat)'; choose one of \(ConcatQuantization.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard WeightRounding(rawValue: rounding) != nil else {
            throw ValidationError("unknown --rounding '\(rounding)'; choose one of \(WeightRounding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let calibrationCount, calibrationCount <= 0 { throw ValidationError("--calibration-count must be positive") }
    }

    func run() throws {
        let model = try loadFloatModel(floatModel)
        var images = try ImageSet.load(from: calibration, shape: model.preprocessing.shape, classCount: model.classLabels.count)
        var serials = Array(0..<images.count)
        if let calibrationCount {
            guard calibrationCount <= images.count else {
                throw CLIError("--calibration-count \(calibrationCount) is more than the \(images.count) images in \(calibration)")
            }
            serials = images.balancedIndices(count: calibrationCount)
            images = images.subset(serials)
        }
        guard images.count > 0 else { throw CLIError("\(calibration) holds no images") }
        if let saveCalibrationImages {
            try images.writePNGs(to: saveCalibrationImages, classLabels: model.classLabels, serials: serials)
        }

        let quantizer = try Quantizer(model: model, equalizingOn: equalize ? images : nil)
        let chosen = Observer(observer)!
        var progress = ProgressLine(title: "calibrating (\(chosen))")
        let concatenations = ConcatQuantization(rawValue: concat)!
        let calibrationResult = try quantizer.calibrate(
            on: images, observer: chosen, concatenations: concatenations, rounding: WeightRounding(rawValue: rounding)!
        ) { step in
            progress.update(fraction: step.fraction, detail: "pass \(step.pass)/\(step.passes), \(step.imagesDone)/\(step.imageCount) images")
        }
        progress.finish(detail: "\(images.count) images")
        let quantized = try quantizer.quantize(with: calibrationResult)
        do {
            try AtomicFile.write(quantized.built.bytes, to: output)
        } catch {
            throw CLIError(error.description)
        }
        let report = QuantizeReport(quantized, model: model, output: output)
        print(json ? try report.json() : report.text)
    }
}
