import Foundation
import OctetQuantize
import OctetTrain

/// What `octet quantize` wrote and how it chose each tensor's int8 mapping: printed as a table,
/// or with `--json` as one object (docs/CLI_JSON.md).
struct QuantizeReport: Codable, Equatable {
    struct Tensor: Codable, Equatable {
        /// The float node whose output the tensor holds.
        var name: String
        /// The runtime op computing it, with any fused activation (`Conv2D+ReLU`).
        var op: String
        /// Height, width, channels.
        var shape: [Int]
        /// Smallest and largest value seen in calibration.
        var calibratedMin: Double
        var calibratedMax: Double
        /// The range mapped onto −128…127 (the observer's choice, widened to hold 0).
        var rangeMin: Double
        var rangeMax: Double
        var scale: Double
        var zeroPoint: Int
        /// Smallest and largest per-output-channel weight scale, for ops with weights.
        var weightScaleMin: Double?
        var weightScaleMax: Double?
    }

    var output: String
    var observer: String
    var weightRounding: String
    var calibrationImageCount: Int
    var modelBytes: Int
    var arenaBytes: Int
    var arenaLowerBound: Int
    var floatParameterCount: Int
    var concatenationCount: Int
    /// The concatenations that requantize their inputs (`--concat`), by tensor name.
    var requantizingConcatenations: [String]
    var tensors: [Tensor]

    init(_ quantized: QuantizedModel, model: FloatModel, output: String) {
        self.output = output
        observer = "\(quantized.observer)"
        weightRounding = quantized.weightRounding.rawValue
        calibrationImageCount = quantized.calibrationImageCount
        modelBytes = quantized.built.bytes.count
        arenaBytes = quantized.built.arenaSize
        arenaLowerBound = quantized.built.arenaLowerBound
        floatParameterCount = model.parameterCount
        let concatenations = quantized.layers.filter { $0.requantizedInputs != nil }
        concatenationCount = concatenations.count
        requantizingConcatenations = concatenations.filter { $0.requantizedInputs! > 0 }.map(\.name)
        tensors = quantized.layers.map { layer in
            Tensor(
                name: layer.name, op: layer.operation, shape: [layer.shape.height, layer.shape.width, layer.shape.channels],
                calibratedMin: Double(layer.extremes.lowerBound), calibratedMax: Double(layer.extremes.upperBound),
                rangeMin: Double(layer.range.lowerBound), rangeMax: Double(layer.range.upperBound),
                scale: Double(layer.parameters.scale), zeroPoint: Int(layer.parameters.zeroPoint),
                weightScaleMin: layer.weightScales.map { Double($0.lowerBound) },
                weightScaleMax: layer.weightScales.map { Double($0.upperBound) })
        }
    }

    var text: String {
        var table = TextTable(columns: ["tensor", "op", "shape", "range", "scale", "zero point", "weight scales"])
        for tensor in tensors {
            var weightScales = ""
            if let low = tensor.weightScaleMin, let high = tensor.weightScaleMax {
                weightScales = String(format: "%.3g … %.3g", low, high)
            }
            table.add([
                tensor.name, tensor.op, tensor.shape.map(String.init).joined(separator: "x"),
                String(format: "[%.4g, %.4g]", tensor.rangeMin, tensor.rangeMax), String(format: "%.6g", tensor.scale),
                "\(tensor.zeroPoint)", weightScales,
            ])
        }
        var heading = ["\(output): \(tensors.count) int8 tensors, observer \(observer), \(weightRounding) weight rounding, \(calibrationImageCount) calibration images"]
        if concatenationCount > 0 {
            heading.append("concatenations: \(requantizingConcatenations.count) of \(concatenationCount) requantize their inputs"
                + (requantizingConcatenations.isEmpty ? "" : " (\(requantizingConcatenations.joined(separator: ", ")))"))
        }
        let overhead = arenaLowerBound > 0 ? 100 * Double(arenaBytes - arenaLowerBound) / Double(arenaLowerBound) : 0
        return (heading + [
            "",
            table.text, "",
            String(format: "arena: %d bytes (lower bound %d, +%.1f%%)", arenaBytes, arenaLowerBound, overhead),
            "model: \(modelBytes) bytes (float model: \(floatParameterCount) parameters, \(4 * floatParameterCount) bytes of Float32 weights)",
        ]).joined(separator: "\n")
    }
}
