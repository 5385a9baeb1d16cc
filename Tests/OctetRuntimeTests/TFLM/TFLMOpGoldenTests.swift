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
    /// CONV_2D, DEPTHWISE_CONV_2D: as pools, then dilation H, W and the depth multiplier.
    /// FULLY_CONNECTED: keep_num_dims, activation. ADD: activation. CONCATENATION (channels):
    /// the second input's shape.
    var options: [Int]
    var input: String
    var output: String
    /// ADD's second input.
    var input2 = ""
    var input2ScaleBits: UInt32 = 0
    var input2ZeroPoint: Int32 = 0
    /// The weighted ops' filter as TFLite stores it (FULLY_CONNECTED's `[units, depth]` given
    /// as `[units, 1, 1, depth]`), its scales (one: per tensor) and the int32 bias.
    var filterShape: [Int] = []
    var filterScaleBits: [UInt32] = []
    var filter = ""
    var bias: [Int32] = []

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

    /// TFLite's activation codes.
    static let activations: [Int: FusedActivation] = [0: .none, 1: .relu, 2: .reluN1To1, 3: .relu6]

    /// TFLite's `ComputePaddingHeightWidth` along one axis: SAME splits the missing extent of
    /// the (dilated) window, the odd tap after; VALID pads nothing.
    static func padding(input: Int, output: Int, filter: Int, stride: Int, dilation: Int = 1, same: Bool) -> (Int, Int) {
        guard same else { return (0, 0) }
        let total = max((output - 1) * stride + (filter - 1) * dilation + 1 - input, 0)
        return (total / 2, total - total / 2)
    }

    /// The Octet model of this op, its parameters derived by OctetFormat as TFLite's Prepare.
    func model() throws -> [UInt8] {
        var model = ModelBuilder()
        let inputScale = Float(bitPattern: inputScaleBits), outputScale = Float(bitPattern: outputScaleBits)
        let x = model.addActivation(shape: Self.shape(inputShape), scale: inputScale, zeroPoint: inputZeroPoint)
        let y = model.addActivation(shape: Self.shape(outputShape), scale: outputScale, zeroPoint: outputZeroPoint)
        model.inputs = [x]
        model.outputs = [y]
        func clamp(_ code: Int) throws -> ActivationClamp {
            let activation = try #require(Self.activations[code])
            return try #require(ActivationClamp(tflite: activation, scale: outputScale, zeroPoint: outputZeroPoint))
        }
        let filterScales = filterScaleBits.map { Float(bitPattern: $0) }
        /// Per output channel, as TFLite's Prepare for this op and filter.
        func requantization(channels: Int) -> [QuantizedMultiplier] {
            (0..<channels).map { channel in
                QuantizedMultiplier(
                    tfliteInputScale: inputScale, filterScale: filterScales[filterScales.count == 1 ? 0 : channel],
                    outputScale: outputScale)
            }
        }
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
            let (top, bottom) = Self.padding(
                input: inputShape[1], output: output.h, filter: filterH, stride: strideH, same: options[4] == 1)
            let (left, right) = Self.padding(
                input: inputShape[2], output: output.w, filter: filterW, stride: strideW, same: options[4] == 1)
            model.pool(
                average: op == "AVERAGE_POOL_2D", input: x, kernelH: filterH, kernelW: filterW, strideH: strideH,
                strideW: strideW, padding: .init(top: top, left: left, bottom: bottom, right: right),
                clamp: try clamp(options[5]), output: y)
        case "CONV_2D", "DEPTHWISE_CONV_2D":
            let (filterH, filterW, strideH, strideW) = (options[0], options[1], options[2], options[3])
            let (dilationH, dilationW, multiplier) = (options[6], options[7], options[8])
            let output = Self.shape(outputShape)
            let (top, bottom) = Self.padding(
                input: inputShape[1], output: output.h, filter: filterH, stride: strideH, dilation: dilationH,
                same: options[4] == 1)
            let (left, right) = Self.padding(
                input: inputShape[2], output: output.w, filter: filterW, stride: strideW, dilation: dilationW,
                same: options[4] == 1)
            let padding = ModelBuilder.Padding(top: top, left: left, bottom: bottom, right: right)
            let values = Self.bytes(filter)
            if op == "CONV_2D" {
                model.convolution(
                    input: x,
                    weights: QuantizedWeights(values: values, bias: bias, requantization: requantization(channels: output.c)),
                    kernelH: filterH, kernelW: filterW, strideH: strideH, strideW: strideW, dilationH: dilationH,
                    dilationW: dilationW, padding: padding, clamp: try clamp(options[5]), output: y)
            } else {
                let filterTensor = model.addWeights(
                    values, shape: Self.shape(filterShape),
                    channelScales: filterScales.count == 1 ? Array(repeating: filterScales[0], count: output.c) : filterScales,
                    axis: 3)
                model.depthwiseConvolution(
                    input: x, filter: filterTensor, bias: model.addInt32(bias), requantization: requantization(channels: output.c),
                    strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW, padding: padding,
                    multiplier: multiplier, clamp: try clamp(options[5]), output: y)
            }
        case "FULLY_CONNECTED":
            let units = filterShape[0]
            model.fullyConnected(
                input: x,
                weights: QuantizedWeights(values: Self.bytes(filter), bias: bias, requantization: requantization(channels: units)),
                clamp: try clamp(options[1]), output: y)
        case "ADD":
            let scale2 = Float(bitPattern: input2ScaleBits)
            let x2 = model.addActivation(shape: Self.shape(inputShape), scale: scale2, zeroPoint: input2ZeroPoint)
            model.inputs = [x, x2]
            model.add(
                input1: x, input2: x2,
                rescaling: try #require(AddRescaling(
                    input1Scale: Double(inputScale), input2Scale: Double(scale2), outputScale: Double(outputScale),
                    clamp: try clamp(options[0]))),
                output: y)
        case "CONCATENATION":
            let x2 = model.addActivation(
                shape: Self.shape(options), scale: Float(bitPattern: input2ScaleBits), zeroPoint: input2ZeroPoint)
            model.inputs = [x, x2]
            model.concatenation(inputs: [x, x2], output: y)
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
            for (position, values) in [input, Self.bytes(input2)].enumerated() where !values.isEmpty {
                let tensor = interpreter.input(position)
                for index in values.indices { tensor.data[index] = values[index] }
            }
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
        #expect(ops == [
            "LOGISTIC", "QUANTIZE", "MEAN", "TRANSPOSE", "PAD", "PADV2", "SOFTMAX", "AVERAGE_POOL_2D", "MAX_POOL_2D",
            "FULLY_CONNECTED", "CONV_2D", "DEPTHWISE_CONV_2D", "ADD", "CONCATENATION",
        ])
    }
}
