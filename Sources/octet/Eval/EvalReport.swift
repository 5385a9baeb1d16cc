import Foundation
import OctetQuantize

/// What `octet eval` found: the int8 model's accuracy, per class and as a confusion matrix, and
/// with `--float` how the float model compares. Printed as text, or with `--json` as one
/// object (docs/CLI_JSON.md).
struct EvalReport: Codable, Equatable {
    struct ClassResult: Codable, Equatable {
        var index: Int
        var label: String
        /// Images labelled with this class, and how many of them the int8 model got right.
        var images: Int
        var correct: Int
        /// `correct / images`; 0 when there are no images of the class.
        var accuracy: Double
    }

    struct Layer: Codable, Equatable {
        var tensor: String
        /// `10·log10(Σ float² / Σ (float − int8)²)` over all images; nil when the int8 values are exact.
        var sqnrDecibels: Double?
    }

    struct FloatComparison: Codable, Equatable {
        var model: String
        var accuracy: Double
        var correct: Int
        /// Float minus int8 accuracy, in percentage points.
        var accuracyDropPoints: Double
        /// Fraction of images on which float and int8 pick the same class.
        var top1Agreement: Double
        /// Per int8 tensor matched by name to a float node, in execution order; absent with `--no-layers`.
        var layers: [Layer]?
        /// Int8 op outputs that match no float node: a sign the two models are not a pair.
        var unmatchedTensors: [String]
    }

    var model: String
    /// The file or folder the images were read from.
    var data: String
    var imageCount: Int
    var accuracy: Double
    var correct: Int
    var classes: [ClassResult]
    /// `confusion[label][predicted]`: images of class `label` the int8 model called `predicted`.
    var confusion: [[Int]]
    var float: FloatComparison?

    init(model: String, data: String, labels: [String], matrix: ConfusionMatrix) {
        self.model = model
        self.data = data
        imageCount = matrix.total
        correct = matrix.correct
        accuracy = Double(correct) / Double(max(1, imageCount))
        confusion = matrix.counts
        classes = labels.enumerated().map { index, label in
            let images = matrix.counts[index].reduce(0, +)
            let correct = matrix.counts[index][index]
            return ClassResult(index: index, label: label, images: images, correct: correct, accuracy: Double(correct) / Double(max(1, images)))
        }
    }

    static func comparison(_ result: QuantizationEvaluation, floatModel: String, withLayers: Bool) -> FloatComparison {
        FloatComparison(
            model: floatModel, accuracy: result.floatAccuracy, correct: result.floatCorrect,
            accuracyDropPoints: result.accuracyDrop, top1Agreement: result.agreement,
            layers: withLayers
                ? result.layers.map { Layer(tensor: $0.name, sqnrDecibels: $0.signalToQuantizationNoise.isFinite ? $0.signalToQuantizationNoise : nil) }
                : nil,
            unmatchedTensors: result.unmatchedTensors)
    }

    var text: String {
        var lines = [
            "images:          \(imageCount) from \(data)",
            String(format: "int8 accuracy:   %.2f%%", 100 * accuracy),
        ]
        if let float {
            lines += [
                String(format: "float accuracy:  %.2f%%", 100 * float.accuracy),
                String(format: "drop:            %.2f pp", float.accuracyDropPoints),
                String(format: "top-1 agreement: %.2f%%", 100 * float.top1Agreement),
            ]
        }
        var perClass = TextTable(columns: ["class", "label", "images", "correct", "int8 accuracy"])
        for result in classes {
            perClass.add(["\(result.index)", result.label, "\(result.images)", "\(result.correct)", String(format: "%.2f%%", 100 * result.accuracy)])
        }
        var matrix = TextTable(columns: ["label \\ predicted"] + classes.map { "\($0.index)" })
        for (index, row) in confusion.enumerated() {
            matrix.add(["\(index) \(classes[index].label)"] + row.map(String.init))
        }
        lines += ["", perClass.text, "", "confusion matrix (rows: labelled class, columns: int8 prediction)", matrix.text]
        if let layers = float?.layers {
            var table = TextTable(columns: ["tensor", "SQNR (dB)"])
            for layer in layers { table.add([layer.tensor, layer.sqnrDecibels.map { String(format: "%.1f", $0) } ?? "exact"]) }
            lines += ["", table.text]
        }
        return lines.joined(separator: "\n")
    }
}
