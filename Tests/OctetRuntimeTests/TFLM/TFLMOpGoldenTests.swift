import OctetFormat
import OctetRuntime
import Testing

/// One single-op int8 model run by TensorFlow Lite Micro (`scripts/tflm-op-goldens.py`):
/// shapes as TFLite gives them, scales as Float bit patterns, op options, and the input and
/// output bytes in hex.
struct TFLMOpGolden: CustomStringConvertible {
    var op: String
    var inputShape: [Int]
    var inputScaleBits: UInt32
    var inputZeroPoint: Int32
    var outputShape: [Int]
    var outputScaleBits: UInt32
    var outputZeroPoint: Int32
    /// MEAN: keep_dims. TRANSPOSE: the permutation. PAD: top, bottom, left, right; PADV2: and
    /// the fill. SOFTMAX: beta's bits. Pools: filter H, W, stride H, W, SAME, activation.
    var options: [Int]
    var input: String
    var output: String

    var description: String { "\(op) \(inputShape) → \(outputShape) options \(options)" }

    static func bytes(_ hex: String) -> [Int8] {
        var result: [Int8] = []
        var high: UInt8?
        for character in hex.utf8 {
            let nibble = character <= 57 ? character - 48 : character - 87
            if let value = high {
                result.append(Int8(bitPattern: value << 4 | nibble))
                high = nil
            } else {
                high = nibble
            }
        }
        return result
    }

    static func shape(_ dimensions: [Int]) -> Shape {
        dimensions.count == 2
            ? Shape(n: dimensions[0], h: 1, w: 1, c: dimensions[1])
            : Shape(n: dimensions[0], h: dimensions[1], w: dimensions[2], c: dimensions[3])
    }

    /// The Octet model of this op, its parameters derived by OctetFormat as TFLite's Prepare.
    func model() throws -> [UInt8] {
        var model = ModelBuilder()
        let inputScale = Float(bitPattern: inputScaleBits), outputScale = Float(bitPattern: outputScaleBits)
        let x = model.addActivation(shape: Self.shape(inputShape), scale: inputScale, zeroPoint: inputZeroPoint)
        let y = model.addActivation(shape: Self.shape(outputShape), scale: outputScale, zeroPoint: outputZeroPoint)
        model.inputs = [x]
        model.outputs = [y]
        switch op {
        case "LOGISTIC": try model.logistic(input: x, output: y)
        case "QUANTIZE": try model.requantize(input: x, output: y)
        case "MEAN": try model.mean(input: x, output: y)
        case "TRANSPOSE": model.transpose(input: x, permutation: options, output: y)
        case "PAD", "PADV2":
            model.pad(input: x, padding: .init(top: options[0], left: options[2], bottom: options[1], right: options[3]),
                      fill: options.count > 4 ? Int8(options[4]) : nil, output: y)
        case "SOFTMAX":
            model.softmax(
                input: x, parameters: Softmax.parameters(inputScale: inputScale, beta: Float(bitPattern: UInt32(options[0]))),
                output: y)
        case "AVERAGE_POOL_2D", "MAX_POOL_2D":
            let (filterH, filterW, strideH, strideW) = (options[0], options[1], options[2], options[3])
            let output = Self.shape(outputShape)
            // TFLite's ComputePaddingHeightWidth: SAME splits the missing extent, the extra tap after.
            func padding(_ input: Int, _ output: Int, _ filter: Int, _ stride: Int) -> (Int, Int) {
                guard options[4] == 1 else { return (0, 0) }
                let total = max((output - 1) * stride + filter - input, 0)
                return (total / 2, total - total / 2)
            }
            let (top, bottom) = padding(inputShape[1], output.h, filterH, strideH)
            let (left, right) = padding(inputShape[2], output.w, filterW, strideW)
            let activations: [Int: FusedActivation] = [0: .none, 1: .relu, 2: .reluN1To1, 3: .relu6]
            let activation = try #require(activations[options[5]])
            let clamp = try #require(ActivationClamp(tflite: activation, scale: outputScale, zeroPoint: outputZeroPoint))
            model.pool(
                average: op == "AVERAGE_POOL_2D", input: x, kernelH: filterH, kernelW: filterW, strideH: strideH,
                strideW: strideW, padding: .init(top: top, left: left, bottom: bottom, right: right), clamp: clamp,
                output: y)
        default:
            Issue.record("no Octet op for \(op)")
        }
        return try model.build().bytes
    }

    /// Runs the Octet model on the golden input and returns its output.
    func run() throws -> [Int8] {
        let bytes = try model()
        let input = Self.bytes(self.input)
        return try OctetFile.withAlignedBytes(bytes) { raw in
            let model = try Model(bytes: raw)
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: model.arenaSize, alignment: 16)
            defer { arena.deallocate() }
            let interpreter = try Interpreter(model: model, arena: arena)
            let tensor = interpreter.input()
            for index in input.indices { tensor.data[index] = input[index] }
            interpreter.invoke()
            let output = interpreter.output()
            return (0..<output.shape.elementCount).map { output.data[$0] }
        }
    }
}

@Suite("Octet against TensorFlow Lite Micro's own outputs, op by op")
struct TFLMOpGoldenTests {
    @Test("each single-op model gives TFLM's bytes", arguments: tflmOpGoldens)
    func matchesTFLM(golden: TFLMOpGolden) throws {
        let actual = try golden.run()
        let expected = TFLMOpGolden.bytes(golden.output)
        let differing = zip(actual, expected).filter { $0 != $1 }.count
        #expect(actual.count == expected.count && differing == 0, "\(differing) of \(expected.count) bytes differ")
    }

    @Test("the goldens cover every op they were made for")
    func coverage() {
        let ops = Set(tflmOpGoldens.map(\.op))
        #expect(ops == ["LOGISTIC", "QUANTIZE", "MEAN", "TRANSPOSE", "PAD", "PADV2", "SOFTMAX", "AVERAGE_POOL_2D", "MAX_POOL_2D"])
    }
}
