import OctetFormat
import OctetRuntime
import OctetTrain

/// Emits the runtime ops of a `LoweringPlan` into a `ModelBuilder`, given each tensor
/// node's quantization. This is TFLite Micro's "Prepare", done offline: weights, biases,
/// multipliers, clamps and add parameters are all computed here.
struct Lowering {
    let plan: LoweringPlan
    let quantization: [Int: QuantizationParameters]
    /// Per computing node, the calibration inputs' correlation for `CompensatedRounding`;
    /// layers without one are rounded to nearest.
    let correlations: [Int: InputCorrelation]
    var builder = ModelBuilder()
    private var tensors: [Int: TensorID] = [:]
    /// For reports: the op that computes each tensor node, and its weight scales.
    private(set) var operationNames: [Int: String] = [:]
    private(set) var weightScales: [Int: ClosedRange<Float>] = [:]
    /// For each concatenation, how many of its inputs it requantizes.
    private(set) var requantizedInputCounts: [Int: Int] = [:]

    init(plan: LoweringPlan, quantization: [Int: QuantizationParameters], correlations: [Int: InputCorrelation] = [:]) {
        self.plan = plan
        self.quantization = quantization
        self.correlations = correlations
    }

    var model: FloatModel { plan.model }

    mutating func emitAll() throws(QuantizationError) {
        builder.labels = model.classLabels
        builder.pixelScale = model.preprocessing.scale
        builder.pixelOffset = model.preprocessing.offset
        for node in plan.tensorNodes {
            let shape = model.nodes[node].outputShape
            let parameters = quantization[node]!
            let tensor = builder.addActivation(
                shape: Shape(n: 1, h: shape.height, w: shape.width, c: shape.channels),
                scale: parameters.scale, zeroPoint: parameters.zeroPoint)
            builder.setName(model.nodes[node].name, of: tensor)
            tensors[node] = tensor
            if node == 0 {
                builder.inputs = [tensor]
            } else {
                try emit(node)
            }
        }
        builder.outputs = [tensors[plan.outputNode]!]
    }

    /// The op that computes tensor node `node` from its computing node's inputs.
    private mutating func emit(_ node: Int) throws(QuantizationError) {
        let computing = model.nodes[plan.computingNode[node]]
        let inputs = computing.inputs.map { plan.tensorNode($0) }
        var input = tensors[inputs[0]]!
        let inputParameters = quantization[inputs[0]]!
        let output = tensors[node]!
        let outputParameters = quantization[node]!
        let activation = plan.activation[node]
        let bounds = outputParameters.clamp(for: activation)
        let clamp = ActivationClamp(min: bounds.min, max: bounds.max)
        let name = model.nodes[node].name
        let inputShape = model.nodes[inputs[0]].outputShape
        var pooledFirst = ""
        if let window = plan.poolBeforeComputing[node] {
            // The pool keeps the input's quantization; the convolution then reads the pooled map.
            let size = window.outputSize(height: inputShape.height, width: inputShape.width)!
            let pooled = builder.addActivation(
                shape: Shape(n: 1, h: size.height, w: size.width, c: inputShape.channels),
                scale: inputParameters.scale, zeroPoint: inputParameters.zeroPoint)
            builder.setName("\(name) (before \(computing.name))", of: pooled)
            builder.pool(
                average: true, input: input, kernelH: window.kernelHeight, kernelW: window.kernelWidth,
                strideH: window.strideHeight, strideW: window.strideWidth, padding: Self.padding(window.padding),
                output: pooled)
            input = pooled
            pooledFirst = "AveragePool2D → "
        }

        var operation: String
        switch computing.layer {
        case .convolution(let convolution):
            operation = try emitConvolution(convolution, input: input, inputScale: inputParameters.scale,
                                             output: output, outputScale: outputParameters.scale, clamp: clamp, node: node,
                                             correlation: correlations[computing.id])
        case .batchNorm(let batchNorm):
            // y = a·x + t per channel: a 1×1 depthwise convolution.
            let convolution = Convolution(
                inputChannels: batchNorm.channels, outputChannels: batchNorm.channels,
                window: Window(kernelHeight: 1, kernelWidth: 1), groups: batchNorm.channels,
                weights: batchNorm.channelFactors.map { Float($0) }, bias: batchNorm.channelOffsets.map { Float($0) })
            operation = try emitConvolution(convolution, input: input, inputScale: inputParameters.scale,
                                             output: output, outputScale: outputParameters.scale, clamp: clamp, node: node)
        case .dense(let dense):
            let weights = ChannelWeights(dense.weights, channels: dense.outputFeatures, correlation: correlations[computing.id])
            builder.fullyConnected(
                input: input,
                weights: QuantizedWeights(
                    values: weights.values, bias: try weights.biases(dense.bias, inputScale: inputParameters.scale, node: name),
                    requantization: try weights.requantization(
                        inputScale: inputParameters.scale, outputScale: outputParameters.scale, node: name)),
                clamp: clamp, output: output)
            weightScales[node] = Self.span(weights.scales)
            operation = "FullyConnected"
        case .maxPool(let window), .averagePool(let window):
            let average = if case .averagePool = computing.layer { true } else { false }
            builder.pool(
                average: average, input: input, kernelH: window.kernelHeight, kernelW: window.kernelWidth,
                strideH: window.strideHeight, strideW: window.strideWidth, padding: Self.padding(window.padding),
                clamp: clamp, output: output)
            operation = average ? "AveragePool2D" : "MaxPool2D"
        case .globalAveragePool:
            // A depthwise convolution over the whole map with every weight 1/(H·W): the
            // average is taken in int32 and requantized to the output's own scale. An
            // AveragePool2D would have to keep its input's scale, which for a ReLU map is
            // several times coarser than the averages need (docs/QUANTIZATION.md).
            let taps = inputShape.height * inputShape.width
            let convolution = Convolution(
                inputChannels: inputShape.channels, outputChannels: inputShape.channels,
                window: Window(kernelHeight: inputShape.height, kernelWidth: inputShape.width), groups: inputShape.channels,
                weights: [Float](repeating: 1 / Float(taps), count: taps * inputShape.channels), bias: nil)
            _ = try emitConvolution(convolution, input: input, inputScale: inputParameters.scale,
                                    output: output, outputScale: outputParameters.scale, clamp: clamp, node: node)
            weightScales[node] = nil
            operation = "DepthwiseConv2D (global average)"
        case .relu, .relu6:
            // A ReLU with no producer to fuse into: a 1×1 average pool is a clamp alone.
            builder.pool(average: true, input: input, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, clamp: clamp, output: output)
            operation = "AveragePool2D 1×1"
        case .add:
            let secondParameters = quantization[inputs[1]]!
            guard let rescaling = AddRescaling(
                input1Scale: Double(inputParameters.scale), input2Scale: Double(secondParameters.scale),
                outputScale: Double(outputParameters.scale), clamp: clamp)
            else {
                throw .valueOutOfRange(
                    node: name, reason: "the add's output scale \(outputParameters.scale) is over 2^19 times finer than its inputs' "
                        + "(\(inputParameters.scale) and \(secondParameters.scale)); TFLite's ADD needs an output multiplier below 1")
            }
            builder.add(input1: input, input2: tensors[inputs[1]]!, rescaling: rescaling, output: output)
            operation = "Add"
        case .concat:
            // Inputs of another quantization than the output's are requantized as they are copied.
            let requantized = inputs.filter { quantization[$0]! != outputParameters }
            for input in requantized {
                let scale = quantization[input]!.scale
                guard Concatenation.rescale(inputScale: scale, outputScale: outputParameters.scale) != nil else {
                    throw .valueOutOfRange(
                        node: name, reason: "input '\(model.nodes[input].name)' of scale \(scale) cannot be requantized to the "
                            + "output scale \(outputParameters.scale): the ratio is outside 2^-32 ... 2^31")
                }
            }
            builder.concatenation(inputs: inputs.map { tensors[$0]! }, output: output)
            requantizedInputCounts[node] = requantized.count
            operation = requantized.isEmpty ? "Concatenation" : "Concatenation (requantizes \(requantized.count) of \(inputs.count))"
        case .flatten:
            builder.reshape(input: input, output: output)
            operation = "Reshape"
        case .input, .dropout:
            preconditionFailure("node \(name) has no op of its own")
        }
        operationNames[node] = pooledFirst + operation + Self.suffix(activation)
    }

    /// Conv2D, grouped Conv2D, or DepthwiseConv2D when every group has one input channel.
    private mutating func emitConvolution(
        _ convolution: Convolution, input: TensorID, inputScale: Float, output: TensorID, outputScale: Float,
        clamp: ActivationClamp, node: Int, correlation: InputCorrelation? = nil
    ) throws(QuantizationError) -> String {
        let name = model.nodes[node].name
        let window = convolution.window
        let weights = ChannelWeights(
            convolution.weights, channels: convolution.outputChannels, groups: convolution.groups, correlation: correlation)
        let depthwise = convolution.groups > 1 && convolution.groups == convolution.inputChannels
        let bias = try weights.biases(convolution.bias, inputScale: inputScale, node: name)
        let requantization = try weights.requantization(inputScale: inputScale, outputScale: outputScale, node: name)
        if depthwise {
            // OHWI with I = 1 is [out][kh][kw]; the runtime wants 1HWC: [kh][kw][out].
            let taps = window.kernelHeight * window.kernelWidth
            var transposed = [Int8](repeating: 0, count: weights.values.count)
            for channel in 0..<convolution.outputChannels {
                for tap in 0..<taps { transposed[tap * convolution.outputChannels + channel] = weights.values[channel * taps + tap] }
            }
            let filter = builder.addWeights(
                transposed, shape: Shape(n: 1, h: window.kernelHeight, w: window.kernelWidth, c: convolution.outputChannels),
                channelScales: weights.scales, axis: 3)
            builder.depthwiseConvolution(
                input: input, filter: filter, bias: builder.addInt32(bias), requantization: requantization,
                strideH: window.strideHeight, strideW: window.strideWidth, dilationH: window.dilationHeight,
                dilationW: window.dilationWidth, padding: Self.padding(window.padding),
                multiplier: convolution.outputChannels / convolution.inputChannels, clamp: clamp, output: output)
        } else {
            builder.convolution(
                input: input, weights: QuantizedWeights(values: weights.values, bias: bias, requantization: requantization),
                kernelH: window.kernelHeight, kernelW: window.kernelWidth, strideH: window.strideHeight,
                strideW: window.strideWidth, dilationH: window.dilationHeight, dilationW: window.dilationWidth,
                padding: Self.padding(window.padding), groups: convolution.groups, clamp: clamp, output: output)
        }
        weightScales[node] = Self.span(weights.scales)
        if depthwise { return "DepthwiseConv2D" }
        return convolution.groups > 1 ? "Conv2D (\(convolution.groups) groups)" : "Conv2D"
    }

    private static func padding(_ padding: OctetTrain.Padding) -> ModelBuilder.Padding {
        ModelBuilder.Padding(top: padding.top, left: padding.left, bottom: padding.bottom, right: padding.right)
    }

    private static func span(_ scales: [Float]) -> ClosedRange<Float> {
        scales.min()!...scales.max()!
    }

    private static func suffix(_ activation: FusedActivation) -> String {
        switch activation {
        case .none: ""
        case .relu: "+ReLU"
        case .relu6: "+ReLU6"
        }
    }
}
