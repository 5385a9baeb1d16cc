import Foundation
import OctetRuntime
import Testing

/// Runs an imported model on golden samples: inputs fed as TFLM's QUANTIZE would (for float
/// edges), outputs compared byte for byte, or as TFLM's DEQUANTIZE would give them.
struct FixtureRunner {
    let model: Model
    let arena: UnsafeMutableRawBufferPointer

    /// The differences between Octet's outputs and the sample's, empty when every byte matches.
    func run(_ sample: TFLMGolden.Sample, path: KernelPath) -> [String] {
        let interpreter = try! Interpreter(model: model, arena: arena, kernelPath: path)
        feed(sample, interpreter)
        interpreter.invoke()
        return compareOutputs(sample, interpreter)
    }

    /// The first op (in Octet's order) whose output tensor differs from TFLM's tensor of the same name.
    func firstDifferingOp(_ sample: TFLMGolden.Sample, path: KernelPath) -> String? {
        let recorded = Dictionary((sample.tensors ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let interpreter = try! Interpreter(model: model, arena: arena, kernelPath: path)
        feed(sample, interpreter)
        for step in 0..<model.opCount {
            interpreter.invoke(step: step)
            let op = model.op(step)
            let outputIndex = op.output
            let name = String(decoding: model.tensorName(outputIndex), as: UTF8.self)
            guard let expected = recorded[name], expected.type == "int8" else { continue }
            let actual = interpreter.arenaTensor(outputIndex)
            let values = (0..<actual.shape.elementCount).map { actual.data[$0] }
            if values != expected.int8s {
                let count = zip(values, expected.int8s).filter { $0 != $1 }.count
                return "step \(step) (\(op.kind.name)) → '\(name)': \(count) of \(values.count) values differ"
            }
        }
        return nil
    }

    private func feed(_ sample: TFLMGolden.Sample, _ interpreter: Interpreter) {
        for (position, tensor) in sample.inputs.enumerated() {
            let input = interpreter.input(position)
            let values: [Int8]
            if tensor.type == "float32" {
                let info = model.tensor(model.inputTensorIndex(position))
                values = tensor.float32s.map { value in
                    let steps = (value / info.scale).rounded(.toNearestOrAwayFromZero)
                    return Int8(max(-128, min(127, Int32(steps) + info.zeroPoint)))
                }
            } else {
                values = tensor.int8s
            }
            precondition(values.count == input.shape.elementCount, "golden input size differs from the model's")
            for (i, value) in values.enumerated() { input.data[i] = value }
        }
    }

    private func compareOutputs(_ sample: TFLMGolden.Sample, _ interpreter: Interpreter) -> [String] {
        var differences: [String] = []
        for (position, expected) in sample.outputs.enumerated() {
            let output = interpreter.output(position)
            let values = (0..<output.shape.elementCount).map { output.data[$0] }
            if expected.type == "float32" {
                let info = model.tensor(model.outputTensorIndex(position))
                let floats = values.map { Float(Double(info.scale) * Double(Int32($0) - info.zeroPoint)) }
                let count = zip(floats, expected.float32s).filter { $0.bitPattern != $1.bitPattern }.count
                if count > 0 || floats.count != expected.float32s.count {
                    differences.append("output \(position): \(count) of \(floats.count) float values differ")
                }
            } else if values != expected.int8s {
                let count = zip(values, expected.int8s).filter { $0 != $1 }.count
                differences.append("output \(position): \(count) of \(values.count) bytes differ (sizes \(values.count), \(expected.int8s.count))")
            }
        }
        return differences
    }
}

/// Loads `bytes` into aligned memory and runs `body` with a runner over a fresh arena.
func withRunner(_ bytes: [UInt8], _ body: (FixtureRunner) throws -> Void) throws {
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
    defer { storage.deallocate() }
    storage.copyBytes(from: bytes)
    let model = try Model(bytes: UnsafeRawBufferPointer(storage))
    let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: max(model.arenaSize, 16), alignment: 16)
    defer { arena.deallocate() }
    try body(FixtureRunner(model: model, arena: arena))
}
