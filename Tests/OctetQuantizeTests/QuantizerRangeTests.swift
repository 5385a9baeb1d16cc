import OctetFormat
import OctetRuntime
import OctetTrain
import Testing
@testable import OctetQuantize

/// Float models that load but whose values cannot be quantized: each used to trap
/// (SIGILL) in `octet quantize` and must now fail with an error naming the layer.
@Suite("Quantizer on extreme values")
struct QuantizerRangeTests {
    static let images = blobImages(count: 20, shape: ActivationShape(height: 12, width: 12, channels: 1), seed: 21)

    /// `everyLayerModel` with `edit` applied to the node named `name`.
    func model(editing name: String, _ edit: (inout Layer) -> Void) throws -> FloatModel {
        var model = try everyLayerModel(seed: 3)
        let index = model.nodes.firstIndex { $0.name == name }!
        edit(&model.nodes[index].layer)
        return model
    }

    func setFirstWeight(_ value: Float) -> (inout Layer) -> Void {
        { layer in
            guard case .convolution(var convolution) = layer else { return }
            convolution.weights[0] = value
            layer = .convolution(convolution)
        }
    }

    /// The whole pipeline, as `octet quantize` runs it; the error it throws, or nil.
    func quantizationError(_ model: FloatModel, calibrationEdit: (inout Calibration, Quantizer) -> Void = { _, _ in }) -> QuantizationError? {
        do {
            let quantizer = try Quantizer(model: model)
            var calibration = try quantizer.calibrate(on: Self.images, observer: .entropy)
            calibrationEdit(&calibration, quantizer)
            _ = try quantizer.quantize(with: calibration)
            return nil
        } catch {
            return error
        }
    }

    @Test("a weight of 1e37 is reported, naming a layer")
    func hugeWeight() throws {
        let error = quantizationError(try model(editing: "stem.conv", setFirstWeight(1e37)))
        guard case .valueOutOfRange(let node, _) = error else {
            Issue.record("expected valueOutOfRange, got \(String(describing: error))")
            return
        }
        #expect(!node.isEmpty)
        #expect(error!.description.hasPrefix("layer '\(node)': "))
    }

    @Test("activations that overflow Float32 in calibration name the first such layer")
    func infiniteActivation() throws {
        let error = quantizationError(try model(editing: "stem.conv", setFirstWeight(.greatestFiniteMagnitude)))
        guard case .valueOutOfRange(let node, let reason) = error else {
            Issue.record("expected valueOutOfRange, got \(String(describing: error))")
            return
        }
        #expect(node == "avgpool")  // the stem stays just below Float.greatestFiniteMagnitude; summing its taps does not
        #expect(reason.hasPrefix("its output reaches inf on the calibration images"))
    }

    @Test("NaN activations are caught, not binned into a histogram")
    func nanActivation() throws {
        // inf · 0 in the stem gives NaN: an infinite weight cannot load, so the NaN comes
        // from folding an overflowing BatchNorm factor instead.
        let error = quantizationError(try model(editing: "stem.bn") { layer in
            guard case .batchNorm(var batchNorm) = layer else { return }
            batchNorm.gamma[0] = 3e38
            batchNorm.runningVariance[0] = 0
            batchNorm.epsilon = 1e-30
            layer = .batchNorm(batchNorm)
        })
        guard case .valueOutOfRange(let node, let reason) = error else {
            Issue.record("expected valueOutOfRange, got \(String(describing: error))")
            return
        }
        #expect(node == "stem.bn")
        #expect(reason.hasPrefix("folding BatchNorm into it makes weights["))
    }

    @Test("an add whose output scale is far finer than its inputs' is an error, not a trap")
    func addMultiplierTooLarge() throws {
        let error = quantizationError(try everyLayerModel(seed: 3)) { calibration, quantizer in
            let add = quantizer.folded.nodes.first { $0.name == "add" }!.id
            for node in calibration.ranges.keys where node != 0 {
                calibration.ranges[node] = node == add ? ActivationRange(0, 1e-6) : ActivationRange(-1e30, 1e30)
            }
        }
        guard case .valueOutOfRange(let node, let reason) = error else {
            Issue.record("expected valueOutOfRange, got \(String(describing: error))")
            return
        }
        #expect(node == "add")
        #expect(reason.contains("TFLite's ADD needs an output multiplier below 1"))
    }

    @Test("a requantization multiplier beyond Q31 names the channel and the value")
    func requantizationNamesChannel() {
        let weights = ChannelWeights([0.5, 0.5, 1e30, 1e30], channels: 2)
        do {
            _ = try weights.requantization(inputScale: 1, outputScale: 1e-6, node: "conv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("layer 'conv': requantization multiplier 7.874016"))
            #expect(error.description.contains("of channel 1 (input scale 1.0 × weight scale 7.874016e+27 / output scale 1e-06)"))
        }
    }

    @Test("QuantizedMultiplier(representing:) rejects what the format cannot hold")
    func multiplierRange() {
        #expect(QuantizedMultiplier(representing: 0.75) == QuantizedMultiplier(approximating: 0.75))
        #expect(QuantizedMultiplier(representing: 0x1p31) == nil)
        #expect(QuantizedMultiplier(representing: .infinity) == nil)
        #expect(QuantizedMultiplier(representing: .nan) == nil)
        #expect(QuantizedMultiplier(representing: -1) == nil)
    }
}
