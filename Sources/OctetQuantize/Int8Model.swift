import OctetFormat
import OctetImage
import OctetRuntime

/// An `.octet` model loaded on the host to evaluate it: owns a 16-byte aligned copy of the
/// file and an arena for the runtime, and runs one image at a time.
public final class Int8Model {
    public let model: Model
    private let storage: UnsafeMutableRawBufferPointer
    private let arena: UnsafeMutableRawBufferPointer
    private let interpreter: Interpreter
    /// Tensor names (empty strings when the file has none).
    public let tensorNames: [String]

    /// Loads and validates `bytes`; `path` names the file in errors.
    public init(bytes: [UInt8], path: String = "<memory>") throws(QuantizationError) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: FormatLayout.alignment)
        storage.copyBytes(from: bytes)
        do {
            model = try Model(bytes: UnsafeRawBufferPointer(rebasing: storage[0..<bytes.count]))
        } catch {
            storage.deallocate()
            throw .model(path: path, error)
        }
        arena = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(model.arenaSize, 1), alignment: FormatLayout.alignment)
        do {
            interpreter = try Interpreter(model: model, arena: arena)
        } catch {
            storage.deallocate()
            arena.deallocate()
            throw .model(path: path, error)
        }
        let model = model
        tensorNames = (0..<model.tensorCount).map { String(decoding: model.tensorName($0), as: UTF8.self) }
    }

    deinit {
        storage.deallocate()
        arena.deallocate()
    }

    public var inputShape: Shape { model.tensor(model.inputTensorIndex(0)).shape }

    public var classLabels: [String] {
        (0..<model.labelCount).map { String(decoding: model.label($0), as: UTF8.self) }
    }

    /// Runs the model on one image's pixels (already of the input size) and returns the
    /// int8 output. `observe` sees every op's output tensor index and contents right after
    /// the op runs, before the arena plan reuses its bytes.
    public func run(_ pixels: ArraySlice<UInt8>, observe: ((Int, Int8Tensor) -> Void)? = nil) -> [Int8] {
        let inputIndex = model.inputTensorIndex(0)
        let input = model.tensor(inputIndex)
        precondition(pixels.count == input.shape.elementCount, "pixel count does not match the model input")
        let destination = UnsafeMutableBufferPointer(start: interpreter.input().data, count: input.shape.elementCount)
        pixels.withUnsafeBufferPointer { source in
            PixelPreprocessing.quantize(
                source, pixelScale: model.pixelScale, pixelOffset: model.pixelOffset,
                scale: input.scale, zeroPoint: input.zeroPoint, into: destination)
        }
        for step in 0..<model.opCount {
            interpreter.invoke(step: step)
            if let observe {
                let output = model.op(step).output
                observe(output, interpreter.arenaTensor(output))
            }
        }
        let output = interpreter.output()
        return Array(UnsafeBufferPointer(start: output.data, count: output.shape.elementCount))
    }

    /// `scale · (q − zeroPoint)` for the values of arena tensor `index`.
    public func dequantize(_ values: UnsafeBufferPointer<Int8>, tensor index: Int) -> [Float] {
        let tensor = model.tensor(index)
        return values.map { tensor.scale * Float(Int32($0) - tensor.zeroPoint) }
    }
}
