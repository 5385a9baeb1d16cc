import Foundation
import OctetFormat
import OctetImage
import OctetRuntime

/// Classifies images with one `.octet` model: decode, resize to the model's input, apply the
/// preprocessing stored in the model, quantize, invoke, rank the classes.
///
/// One arena, one pixel buffer and one output buffer are allocated when the classifier is made
/// and reused for every call, so classifying many images costs no memory per image beyond the
/// decoded PNG. A classifier is not thread-safe: give each thread its own.
///
/// ```swift
/// let classifier = try Classifier(contentsOf: "resnet.octet")
/// let result = try classifier.classify(pngFile: "boot.png", top: 3)
/// ```
public final class Classifier {
    /// The model, owned for the classifier's lifetime.
    public let loaded: LoadedModel
    /// The interpreter bound to this classifier's arena, for callers that fill the input
    /// themselves (a benchmark, a raw tensor).
    public let interpreter: Interpreter
    private let arena: UnsafeMutableRawBufferPointer
    private let inputShape: Shape
    private let inputInfo: TensorInfo
    /// nil when the input's channel count is not one an image decodes to (raw inputs only).
    private let pixelFormat: PixelFormat?
    private var pixels: [UInt8]
    private var scores: [Float]

    /// A classifier for an already loaded model. `kernelPath` defaults to the fastest path
    /// this CPU supports; every path gives the same output bytes.
    public init(_ loaded: LoadedModel, kernelPath: KernelPath = .preferred) throws(ClassifierError) {
        self.loaded = loaded
        let model = loaded.model
        arena = .allocate(byteCount: max(model.arenaSize, 1), alignment: FormatLayout.alignment)
        do throws(ModelError) {
            interpreter = try Interpreter(model: model, arena: arena, kernelPath: kernelPath)
        } catch {
            arena.deallocate()
            throw .unusableModel(path: loaded.path, error)
        }
        inputShape = interpreter.input().shape
        inputInfo = model.tensor(model.inputTensorIndex(0))
        pixelFormat = try? PixelFormat(channelCount: inputShape.c)
        pixels = [UInt8](repeating: 0, count: inputShape.elementsPerBatch)
        scores = [Float](repeating: 0, count: interpreter.output().shape.elementCount)
    }

    /// Loads and validates the `.octet` file at `path`, then makes its classifier. Throws
    /// `LoadedModelError` for a file that is not a usable model, `ClassifierError` otherwise.
    public convenience init(contentsOf path: String, kernelPath: KernelPath = .preferred) throws {
        try self.init(LoadedModel(path: path), kernelPath: kernelPath)
    }

    deinit { arena.deallocate() }

    /// Decodes the PNG file at `path` and classifies it. Images with more than
    /// `maximumPixelCount` pixels are refused before decoding. Throws `ImageError` for a file
    /// that is not a usable PNG, `ClassifierError` when the model does not take images.
    public func classify(
        pngFile path: String, maximumPixelCount: Int = PNGFile.defaultMaximumPixelCount, top: Int = 3
    ) throws -> Classification {
        try classify(try PNGFile(contentsOf: path, maximumPixelCount: maximumPixelCount), top: top)
    }

    /// Decodes PNG bytes held in memory and classifies them; `name` is used in error messages.
    public func classify(
        pngBytes bytes: [UInt8], name: String = "PNG bytes", maximumPixelCount: Int = PNGFile.defaultMaximumPixelCount,
        top: Int = 3
    ) throws -> Classification {
        try classify(try PNGFile(bytes: bytes, name: name, maximumPixelCount: maximumPixelCount), top: top)
    }

    /// Classifies decoded pixels of any size (resized to the model's input), in the model's
    /// pixel format: gray for a 1-channel input, RGB for a 3-channel one.
    public func classify(_ image: Image, top: Int = 3) throws(ClassifierError) -> Classification {
        let format = try imageFormat()
        guard image.format == format else { throw .pixelFormatMismatch(expected: format, actual: image.format) }
        let sized = image.width == inputShape.w && image.height == inputShape.h
            ? image : image.resized(width: inputShape.w, height: inputShape.h)
        sized.pixels.withUnsafeBufferPointer { quantize($0, into: inputValues) }
        return run(top: top)
    }

    /// Classifies one raw int8 input tensor (exactly the input's elements, NHWC order).
    public func classify(raw values: [Int8], top: Int = 3) throws(ClassifierError) -> Classification {
        guard values.count == inputShape.elementCount else {
            throw .rawInputSize(expected: inputShape.elementCount, actual: values.count)
        }
        interpreter.input().data.update(from: values, count: values.count)
        return run(top: top)
    }

    /// The model's int8 input for one image of 8-bit pixels (already the input's H×W×C): the
    /// pixel map stored in the model, then the input tensor's scale and zero point.
    public func quantize(_ pixels: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutableBufferPointer<Int8>) {
        PixelPreprocessing.quantize(
            pixels, pixelScale: loaded.model.pixelScale, pixelOffset: loaded.model.pixelOffset,
            scale: inputInfo.scale, zeroPoint: inputInfo.zeroPoint, into: destination)
    }

    /// Decodes straight into the reused pixel buffer when the PNG already has the input's size.
    private func classify(_ file: PNGFile, top: Int) throws -> Classification {
        let format = try imageFormat()
        if file.width == inputShape.w && file.height == inputShape.h {
            try pixels.withUnsafeMutableBufferPointer { try file.decode(as: format, into: $0) }
            pixels.withUnsafeBufferPointer { quantize($0, into: inputValues) }
            return run(top: top)
        }
        return try classify(file.decode(as: format), top: top)
    }

    private func imageFormat() throws(ClassifierError) -> PixelFormat {
        guard let pixelFormat, inputShape.n == 1 else {
            throw .notAnImageModel(path: loaded.path, inputShape: [inputShape.n, inputShape.h, inputShape.w, inputShape.c])
        }
        return pixelFormat
    }

    private var inputValues: UnsafeMutableBufferPointer<Int8> {
        UnsafeMutableBufferPointer(start: interpreter.input().data, count: inputShape.elementCount)
    }

    /// Invokes the model on the input already in the arena and ranks the output channels.
    private func run(top: Int) -> Classification {
        let started = ContinuousClock.now
        interpreter.invoke()
        let latency = ContinuousClock.now - started
        let probabilities = outputProbabilities()
        let ranked = probabilities.indices.sorted {
            probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1)
        }
        let output = interpreter.output()
        return Classification(
            top: ranked.prefix(max(top, 0)).map {
                Classification.Prediction(label: loaded.label($0), classIndex: $0, probability: Double(probabilities[$0]))
            },
            raw: Array(UnsafeBufferPointer(start: output.data, count: output.shape.elementCount)),
            latency: latency)
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
