import Foundation
import OctetFormat
import OctetImage
import OctetRuntime

/// Owns one arena and one interpreter for a model and classifies images (or raw input
/// tensors) with them; the arena, the decoded-pixel buffer and the output buffer are reused
/// for every input.
final class Classifier {
    let loaded: LoadedModel
    let interpreter: Interpreter
    private let arena: UnsafeMutableRawBufferPointer
    private let inputShape: Shape
    private let inputInfo: TensorInfo
    /// nil when the input's channel count is not one an image decodes to (raw inputs only).
    private let pixelFormat: PixelFormat?
    private var pixels: [UInt8]
    private var scores: [Float]

    init(_ loaded: LoadedModel, kernelPath: KernelPath = .preferred) throws {
        self.loaded = loaded
        let model = loaded.model
        arena = .allocate(byteCount: max(model.arenaSize, 1), alignment: FormatLayout.alignment)
        do {
            interpreter = try Interpreter(model: model, arena: arena, kernelPath: kernelPath)
        } catch {
            arena.deallocate()
            throw CLIError("\(loaded.path): \(error)")
        }
        inputShape = interpreter.input().shape
        inputInfo = model.tensor(model.inputTensorIndex(0))
        pixelFormat = try? PixelFormat(channelCount: inputShape.c)
        pixels = [UInt8](repeating: 0, count: inputShape.elementsPerBatch)
        scores = [Float](repeating: 0, count: interpreter.output().shape.elementCount)
    }

    deinit { arena.deallocate() }

    /// Decodes, resizes, quantizes and runs one image; returns its top-`top` labels and raw output.
    func classify(path: String, maximumPixelCount: Int, top: Int) throws -> Classification {
        guard let pixelFormat, inputShape.n == 1 else {
            throw CLIError("the model's input is \(inputShape.n)×\(inputShape.h)×\(inputShape.w)×\(inputShape.c), not one image of 1 or 3 channels; give raw input files with --raw")
        }
        let file = try PNGFile(contentsOf: path, maximumPixelCount: maximumPixelCount)
        if file.width == inputShape.w && file.height == inputShape.h {
            try pixels.withUnsafeMutableBufferPointer { try file.decode(as: pixelFormat, into: $0) }
        } else {
            pixels = try file.decode(as: pixelFormat).resized(width: inputShape.w, height: inputShape.h).pixels
        }
        let input = interpreter.input()
        pixels.withUnsafeBufferPointer { quantize($0, into: UnsafeMutableBufferPointer(start: input.data, count: inputShape.elementCount)) }
        return run(name: path, top: top)
    }

    /// Runs one raw input tensor (exactly the input's elements, int8).
    func classify(raw values: [Int8], name: String, top: Int) -> Classification {
        precondition(values.count == inputShape.elementCount, "raw input of the wrong size")
        interpreter.input().data.update(from: values, count: values.count)
        return run(name: name, top: top)
    }

    /// Invokes the model on the input already in the arena and ranks the output channels.
    private func run(name: String, top: Int) -> Classification {
        let started = ContinuousClock.now
        interpreter.invoke()
        let latency = ContinuousClock.now - started
        let probabilities = outputProbabilities()
        let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
        let output = interpreter.output()
        return Classification(
            file: name,
            top: ranked.prefix(top).map { Classification.Prediction(label: loaded.label($0), classIndex: $0, probability: Double(probabilities[$0])) },
            raw: Array(UnsafeBufferPointer(start: output.data, count: output.shape.elementCount)),
            latency: latency)
    }

    /// The model's int8 input for one image of 8-bit pixels (already the input's H×W×C): the
    /// pixel map stored in the model, then the input tensor's scale and zero point.
    func quantize(_ pixels: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutableBufferPointer<Int8>) {
        PixelPreprocessing.quantize(
            pixels, pixelScale: loaded.model.pixelScale, pixelOffset: loaded.model.pixelOffset,
            scale: inputInfo.scale, zeroPoint: inputInfo.zeroPoint, into: destination)
    }

    /// Class probabilities: the output itself when the model ends in an int8 softmax
    /// (scale 1/256, zero point -128), otherwise a float softmax of the dequantized logits.
    private func outputProbabilities() -> [Float] {
        scores.withUnsafeMutableBufferPointer { interpreter.dequantizeOutput(into: $0) }
        let output = loaded.model.tensor(loaded.model.outputTensorIndex(0))
        if output.scale == 1.0 / 256 && output.zeroPoint == -128 { return scores }
        let largest = scores.max() ?? 0
        let exponentials = scores.map { Foundation.exp($0 - largest) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}
