import OctetFormat
import OctetRuntime
import OctetTrain
import Testing
@testable import OctetQuantize

@Suite("Quantizer")
struct QuantizerTests {
    static let model = try! everyLayerModel(seed: 3)
    static let calibration = blobImages(count: 64, shape: model.preprocessing.shape, seed: 11)

    func quantize(_ observer: Observer) throws -> QuantizedModel {
        let quantizer = try Quantizer(model: Self.model)
        return try quantizer.quantize(with: try quantizer.calibrate(on: Self.calibration, observer: observer))
    }

    @Test("quantization is deterministic: the same model and images give the same bytes", arguments: [
        Observer.minMax, .percentile(99.9), .entropy, .meanSquaredError,
    ])
    func deterministic(observer: Observer) throws {
        #expect(try quantize(observer).built.bytes == quantize(observer).built.bytes)
    }

    @Test("the image order does not change the bytes, with GPTQ rounding and channel equalization",
          arguments: WeightRounding.allCases)
    func independentOfImageOrder(rounding: WeightRounding) throws {
        func bytes(_ images: ImageSet) throws -> [UInt8] {
            let quantizer = try Quantizer(model: Self.model, equalizingOn: images)
            return try quantizer.quantize(with: try quantizer.calibrate(on: images, observer: .meanSquaredError, rounding: rounding)).built.bytes
        }
        let reversed = Self.calibration.subset(Self.calibration.indices.reversed())
        #expect(try bytes(Self.calibration) == bytes(reversed))
    }

    @Test("GPTQ rounding changes some weights but keeps the per-channel scales")
    func gptqKeepsScales() throws {
        let quantizer = try Quantizer(model: Self.model)
        let nearest = try quantizer.quantize(with: try quantizer.calibrate(on: Self.calibration, observer: .minMax, rounding: .nearest))
        let gptq = try quantizer.quantize(with: try quantizer.calibrate(on: Self.calibration, observer: .minMax, rounding: .gptq))
        #expect(nearest.weightRounding == .nearest && gptq.weightRounding == .gptq)
        #expect(nearest.built.bytes != gptq.built.bytes)
        #expect(nearest.layers.map(\.weightScales) == gptq.layers.map(\.weightScales))
    }

    /// With equalization, the rescaled tensors are compared after fitting each channel's factor.
    @Test("the int8 model agrees with the float model on most inputs, every layer above 15 dB SQNR",
          arguments: [false, true])
    func agreesWithFloat(equalized: Bool) throws {
        let quantizer = try Quantizer(model: Self.model, equalizingOn: equalized ? Self.calibration : nil)
        let quantized = try quantizer.quantize(with: try quantizer.calibrate(on: Self.calibration, observer: .minMax))
        let int8 = try Int8Model(bytes: quantized.built.bytes)
        let images = blobImages(count: 200, shape: Self.model.preprocessing.shape, seed: 12)
        let evaluation = QuantizationEvaluation.evaluate(float: Self.model, int8: int8, images: images)
        #expect(evaluation.agreement >= 0.9, "agreement \(evaluation.agreement)")
        #expect(evaluation.layers.count == quantized.layers.count - 1)  // every tensor but the input
        #expect(evaluation.unmatchedTensors.isEmpty)
        let rescaled = evaluation.layers.filter { $0.name.hasSuffix(ChannelEqualization.renamedSuffix) }
        #expect(rescaled.isEmpty != equalized, "\(rescaled.map(\.name))")
        for layer in evaluation.layers {
            #expect(layer.signalToQuantizationNoise > 15, "\(layer.name): \(layer.signalToQuantizationNoise) dB")
        }
    }

    /// Fitting a factor per channel removes exactly that factor and nothing else.
    @Test func channelFitRemovesPerChannelFactorsOnly() {
        var fit = ChannelFit(channels: 2)
        fit.add([1, 2, 3, 4][...], [2, 1, 6, 2])  // channel 0 doubled, channel 1 halved: no noise left
        #expect(fit.energies.signal == 30 && fit.energies.noise == 0)
        fit.add([1, 0][...], [1, 1])  // channel 1 now has an error no factor explains
        #expect(fit.energies.noise > 0)
    }

    @Test("the graph output is the int8 logits; tensors are named after float nodes; labels and preprocessing travel along")
    func graphOutputAndNames() throws {
        let int8 = try Int8Model(bytes: try quantize(.minMax).built.bytes)
        let model = int8.model
        #expect(int8.tensorNames[model.outputTensorIndex(0)] == "logits")
        #expect(model.tensor(model.outputTensorIndex(0)).shape == Shape(n: 1, h: 1, w: 1, c: 10))
        #expect(int8.tensorNames[model.inputTensorIndex(0)] == "input")
        #expect(int8.classLabels == fashionLabels)
        #expect(model.pixelScale == Float(1) / 255 && model.pixelOffset == 0)
        let floatNames = Set(Self.model.nodes.map(\.name))
        for step in 0..<model.opCount {
            #expect(floatNames.contains(int8.tensorNames[model.op(step).output]))
        }
    }

    @Test("the input tensor maps each pixel to exactly its own level: scale 1/255, zero point −128")
    func inputQuantization() throws {
        let int8 = try Int8Model(bytes: try quantize(.entropy).built.bytes)
        let input = int8.model.tensor(int8.model.inputTensorIndex(0))
        #expect(input.scale == Float(1.0 / 255) && input.zeroPoint == -128)
    }

    @Test("ReLUs fuse into their producers, dropout disappears, concat inputs share the output's quantization")
    func lowering() throws {
        let quantized = try quantize(.minMax)
        let operations = Dictionary(uniqueKeysWithValues: quantized.layers.map { ($0.name, $0.operation) })
        #expect(operations["stem.relu"] == "Conv2D+ReLU")
        #expect(operations["dw.relu6"] == "DepthwiseConv2D+ReLU6")
        #expect(operations["add.bn"] == "DepthwiseConv2D")
        #expect(operations["concat.relu"] == "AveragePool2D 1×1+ReLU")
        #expect(operations["gap"] == "DepthwiseConv2D (global average)")
        #expect(operations["hidden.relu"] == "FullyConnected+ReLU")
        #expect(operations["dropout"] == nil && operations["stem.conv"] == nil)
        let parameters = Dictionary(uniqueKeysWithValues: quantized.layers.map { ($0.name, $0.parameters) })
        #expect(parameters["add.bn"] == parameters["concat"])
        #expect(parameters["branch.relu"] == parameters["concat"])
        #expect(parameters["concat.relu"] == parameters["concat"])
        #expect(parameters["stem.relu"] == parameters["pool"])
    }

    @Test("an average pool after a pointwise convolution runs first, and the int8 model still follows the float one")
    func poolBeforePointwiseConvolution() throws {
        var builder = GraphBuilder(input: ActivationShape(height: 8, width: 8, channels: 1), seed: 5)
        let features = builder.relu(builder.convolution(builder.input, outputChannels: 8, name: "features"), name: "features.relu")
        let mixed = builder.convolution(features, outputChannels: 6, kernel: 1, bias: true, name: "mix")
        let pooled = builder.averagePool(mixed, name: "pool")
        _ = builder.dense(builder.flatten(pooled, name: "flatten"), outputFeatures: 10, name: "logits")
        let model = try builder.build(
            preprocessing: InputPreprocessing(shape: ActivationShape(height: 8, width: 8, channels: 1), scale: 1 / 255, offset: 0),
            classLabels: fashionLabels)
        let quantizer = try Quantizer(model: model)
        let images = blobImages(count: 100, shape: model.preprocessing.shape, seed: 8)
        let quantized = try quantizer.quantize(with: try quantizer.calibrate(on: images, observer: .minMax))
        #expect(quantized.layers.map(\.name) == ["input", "features.relu", "pool", "flatten", "logits"])
        #expect(quantized.layers[2].operation == "AveragePool2D → Conv2D")
        let evaluation = QuantizationEvaluation.evaluate(float: model, int8: try Int8Model(bytes: quantized.built.bytes), images: images)
        for layer in evaluation.layers {
            #expect(layer.signalToQuantizationNoise > 25, "\(layer.name): \(layer.signalToQuantizationNoise) dB")
        }
    }

    @Test("the arena plan is reported with its lower bound")
    func arenaReport() throws {
        let built = try quantize(.minMax).built
        #expect(built.arenaLowerBound > 0 && built.arenaSize >= built.arenaLowerBound)
    }

    @Test("an add of three inputs is reported as unsupported, naming the layer")
    func unsupportedAdd() throws {
        var builder = GraphBuilder(input: ActivationShape(height: 4, width: 4, channels: 2), seed: 1)
        let a = builder.convolution(builder.input, outputChannels: 2)
        let b = builder.convolution(builder.input, outputChannels: 2)
        let sum = builder.add([a, b, builder.input], name: "triple")
        _ = builder.dense(builder.globalAveragePool(sum), outputFeatures: 2)
        let model = try builder.build(
            preprocessing: InputPreprocessing(shape: ActivationShape(height: 4, width: 4, channels: 2), scale: 1, offset: 0),
            classLabels: ["a", "b"])
        #expect {
            _ = try Quantizer(model: model)
        } throws: { error in
            "\(error)".contains("'triple'") && "\(error)".contains("two inputs")
        }
    }
}
