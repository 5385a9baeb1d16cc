import OctetFormat
import OctetRuntime
import OctetTrain

/// Turns a trained float model into an int8 `.octet` model:
///
///     let quantizer = try Quantizer(model: floatModel)          // fold BatchNorm, plan the lowering
///     let calibration = try quantizer.calibrate(on: images, observer: .entropy)
///     let quantized = try quantizer.quantize(with: calibration) // per-channel weights, ops, arena plan
///     try quantized.built.bytes.write(...)
///
/// The graph output is the int8 logits tensor (no softmax): top-1 is taken from int8
/// logits, and probabilities, when wanted, from the dequantized logits. Every tensor is
/// named after the float node whose output it holds (the last node of a fused chain), so
/// `octet eval` can compare int8 and float activations layer by layer.
///
/// The same float model and calibration images give the same bytes.
public struct Quantizer {
    /// The model as given.
    public let model: FloatModel
    /// `model` with BatchNorm folded into neighbouring convolutions and dense layers.
    public let folded: FloatModel
    let plan: LoweringPlan

    /// With `equalizingOn` images, channels between weighted layers are also rescaled
    /// (`ChannelEqualization`) from their ranges over those images.
    public init(model: FloatModel, equalizingOn images: ImageSet? = nil) throws(QuantizationError) {
        self.model = model
        let folded = try model.foldingBatchNorm()
        self.folded = images.map { ChannelEqualization().apply(to: folded, maxima: folded.channelMaxima(on: $0)) } ?? folded
        plan = try LoweringPlan(model: self.folded)
    }

    /// Runs the folded float model over `images`, decides which concatenations requantize
    /// (`concatenations`), chooses every tensor's range with `observer`, and for GPTQ
    /// `rounding` measures what each weighted layer's inputs look like.
    /// Fails, naming the layer, when an activation is not finite on some image.
    public func calibrate(
        on images: ImageSet, observer: Observer, concatenations: ConcatQuantization = .auto,
        rounding: WeightRounding = .gptq, progress: (CalibrationProgress) -> Void = { _ in }
    ) throws(QuantizationError) -> Calibration {
        precondition(images.shape == folded.preprocessing.shape, "calibration images do not have the model's input shape")
        // GPTQ samples pixels and sums in image order; sorting the images by their pixels
        // keeps the bytes independent of the order they were given in.
        let images = images.subset(images.indices.sorted { images.image($0).lexicographicallyPrecedes(images.image($1)) })
        var calibration = try Calibrator(
            plan: plan, observer: observer, concatenations: concatenations, weightRounding: rounding, inputRange: inputRange)
            .calibrate(on: images, progress: progress)
        // The input covers the pixel range exactly; a group holding it is widened to it.
        calibration.ranges[0] = inputRange
        calibration.extremes[0] = inputRange
        return calibration
    }

    /// The real input values of pixels 0 ... 255: the input tensor covers them exactly.
    var inputRange: ActivationRange {
        let preprocessing = folded.preprocessing
        let (first, last) = (preprocessing.offset, 255 * preprocessing.scale + preprocessing.offset)
        return ActivationRange(Swift.min(first, last), Swift.max(first, last))
    }

    /// The quantization of every tensor node: each group gets the union of its members' ranges.
    func quantizationParameters(_ calibration: Calibration) -> [Int: (range: ActivationRange, parameters: QuantizationParameters)] {
        let groups = plan.groups(requantizing: calibration.requantizingConcatenations)
        var groupRanges: [Int: ActivationRange] = [:]
        for node in plan.tensorNodes {
            guard let range = calibration.ranges[node] else { preconditionFailure("calibration lacks node \(node)") }
            let group = groups.representative(node)
            groupRanges[group] = groupRanges[group].map { $0.union(range) } ?? range
        }
        var result: [Int: (ActivationRange, QuantizationParameters)] = [:]
        for node in plan.tensorNodes {
            let range = groupRanges[groups.representative(node)]!
            result[node] = (range, QuantizationParameters(range: range))
        }
        return result
    }

    /// Quantizes weights, lowers every node to runtime ops, plans the arena and serializes.
    public func quantize(with calibration: Calibration) throws(QuantizationError) -> QuantizedModel {
        let quantization = quantizationParameters(calibration)
        var lowering = Lowering(
            plan: plan, quantization: quantization.mapValues(\.parameters), correlations: calibration.inputCorrelations)
        try lowering.emitAll()
        let built: BuiltModel
        do {
            built = try lowering.builder.build()
        } catch {
            throw .build(error)
        }
        let layers = plan.tensorNodes.map { node in
            LayerSummary(
                name: folded.nodes[node].name, operation: lowering.operationNames[node] ?? "input",
                shape: folded.nodes[node].outputShape, extremes: calibration.extremes[node]!,
                range: quantization[node]!.range, parameters: quantization[node]!.parameters,
                weightScales: lowering.weightScales[node], requantizedInputs: lowering.requantizedInputCounts[node])
        }
        return QuantizedModel(
            built: built, layers: layers, observer: calibration.observer, weightRounding: calibration.weightRounding,
            calibrationImageCount: calibration.imageCount)
    }
}

/// A quantized model and what went into it, for reports.
public struct QuantizedModel: Sendable {
    /// The `.octet` bytes, arena size and arena lower bound.
    public var built: BuiltModel
    /// One entry per int8 tensor, in execution order.
    public var layers: [LayerSummary]
    public var observer: Observer
    public var weightRounding: WeightRounding
    public var calibrationImageCount: Int
}

/// One int8 tensor of a quantized model.
public struct LayerSummary: Sendable {
    /// The float node whose output the tensor holds.
    public var name: String
    /// The runtime op that computes it, with any fused activation ("Conv2D+ReLU").
    public var operation: String
    public var shape: ActivationShape
    /// The smallest and largest value the tensor took in calibration.
    public var extremes: ActivationRange
    /// The range quantized to: the union over the tensor's quantization group.
    public var range: ActivationRange
    public var parameters: QuantizationParameters
    /// Smallest and largest per-channel weight scale of the op, when it has weights.
    public var weightScales: ClosedRange<Float>?
    /// For a concatenation, how many of its inputs it requantizes (`--concat`); nil for other ops.
    public var requantizedInputs: Int?
}
