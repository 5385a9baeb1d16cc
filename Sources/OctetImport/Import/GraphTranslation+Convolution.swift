import OctetFormat
import OctetRuntime

/// CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: int8 weights with per-channel (or one)
/// scale, int32 bias, requantized as TFLM's Prepare does it.
extension GraphTranslation {
    /// TFLM's requantization of a weighted op, per channel (a per-tensor scale serves every
    /// channel): `QuantizedMultiplier(tfliteInputScale:filterScale:outputScale:)`, refusing
    /// scales whose ratio no int32 shift can hold.
    func requantization(input: Int, output: Int, filterScales: [Float]) throws(ImportError) -> [QuantizedMultiplier] {
        let (inputScale, outputScale) = (try quantization(of: tensor(input)).scale, try quantization(of: tensor(output)).scale)
        return try filterScales.map { scale throws(ImportError) in
            let real = Double(inputScale) * Double(scale) / Double(outputScale)
            guard QuantizedMultiplier(representing: real) != nil else {
                throw fail(.inconsistent, "the rescale factor \(real) from its scales is out of range")
            }
            return QuantizedMultiplier(tfliteInputScale: inputScale, filterScale: scale, outputScale: outputScale)
        }
    }

    mutating func convolution(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 3, optional: 1)
        let (inputIndex, filterIndex, outputIndex) = (op.inputs[0], op.inputs[1], op.outputs[0])
        let options = try options(op, type: 1)
        let (paddingCode, strideW, strideH, fused, dilationW, dilationH) = try read { () throws(FlatBufferError) in
            (try options?.int8(0) ?? 0, try options?.int32(1) ?? 0, try options?.int32(2) ?? 0, try options?.int8(3) ?? 0,
             try options?.int32(4, default: 1) ?? 1, try options?.int32(5, default: 1) ?? 1)
        }
        let inputShape = try imageShape(of: tensor(inputIndex))
        let filter = tensor(filterIndex)
        guard filter.shape.count == 4 else { throw fail(.inconsistent, "\(filter.label) has shape \(filter.shape); expected [O, H, W, I]") }
        let (outChannels, kernelH, kernelW, filterDepth) = (filter.shape[0], filter.shape[1], filter.shape[2], filter.shape[3])
        guard filterDepth > 0, inputShape.c % filterDepth == 0, outChannels % (inputShape.c / filterDepth) == 0 else {
            throw fail(.inconsistent, "\(filter.label) of depth \(filterDepth) does not divide the \(inputShape.c) input channels into groups")
        }
        let groups = inputShape.c / filterDepth
        let sweep = try sweep(
            paddingCode: paddingCode, input: inputShape, filterH: kernelH, filterW: kernelW, strideH: Int(strideH),
            strideW: Int(strideW), dilationH: Int(dilationH), dilationW: Int(dilationW))
        let (values, scales) = try weights(filterIndex, axis: 0)
        let weights = QuantizedWeights(
            values: values, bias: try bias(input(2, of: op), count: outChannels),
            requantization: try requantization(input: inputIndex, output: outputIndex, filterScales: scales))
        let clamp = try clamp(fused, output: outputIndex)
        let input = try activation(inputIndex)
        let output = try output(outputIndex, shape: Shape(n: inputShape.n, h: sweep.outputH, w: sweep.outputW, c: outChannels))
        builder.convolution(
            input: input, weights: weights, kernelH: kernelH, kernelW: kernelW, strideH: Int(strideH), strideW: Int(strideW),
            dilationH: Int(dilationH), dilationW: Int(dilationW), padding: sweep.padding, groups: groups, clamp: clamp,
            output: output)
        emitted.append("Conv2D")
    }

    mutating func depthwiseConvolution(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 3, optional: 1)
        let (inputIndex, filterIndex, outputIndex) = (op.inputs[0], op.inputs[1], op.outputs[0])
        let options = try options(op, type: 2)
        let (paddingCode, strideW, strideH, fused, dilationW, dilationH) = try read { () throws(FlatBufferError) in
            (try options?.int8(0) ?? 0, try options?.int32(1) ?? 0, try options?.int32(2) ?? 0, try options?.int8(4) ?? 0,
             try options?.int32(5, default: 1) ?? 1, try options?.int32(6, default: 1) ?? 1)
        }
        let inputShape = try imageShape(of: tensor(inputIndex))
        let filter = tensor(filterIndex)
        guard filter.shape.count == 4, filter.shape[0] == 1 else {
            throw fail(.inconsistent, "\(filter.label) has shape \(filter.shape); expected [1, H, W, C·multiplier]")
        }
        let (kernelH, kernelW, outChannels) = (filter.shape[1], filter.shape[2], filter.shape[3])
        // TFLM derives the multiplier from the channel counts; the option is only informative.
        guard outChannels % inputShape.c == 0 else {
            throw fail(.inconsistent, "\(filter.label) has \(outChannels) channels, not a multiple of the \(inputShape.c) input channels")
        }
        let sweep = try sweep(
            paddingCode: paddingCode, input: inputShape, filterH: kernelH, filterW: kernelW, strideH: Int(strideH),
            strideW: Int(strideW), dilationH: Int(dilationH), dilationW: Int(dilationW))
        let (values, scales) = try weights(filterIndex, axis: 3)
        let multipliers = try requantization(input: inputIndex, output: outputIndex, filterScales: scales)
        let biasValues = try bias(input(2, of: op), count: outChannels)
        let clamp = try clamp(fused, output: outputIndex)
        let input = try activation(inputIndex)
        let output = try output(outputIndex, shape: Shape(n: inputShape.n, h: sweep.outputH, w: sweep.outputW, c: outChannels))
        let filterShape = Shape(n: 1, h: kernelH, w: kernelW, c: outChannels)
        let filterID = builder.addWeights(values, shape: filterShape, channelScales: scales, axis: 3)
        builder.setName(filter.name, of: filterID)
        builder.depthwiseConvolution(
            input: input, filter: filterID, bias: builder.addInt32(biasValues), requantization: multipliers,
            strideH: Int(strideH), strideW: Int(strideW), dilationH: Int(dilationH), dilationW: Int(dilationW),
            padding: sweep.padding, multiplier: outChannels / inputShape.c, clamp: clamp, output: output)
        emitted.append("DepthwiseConv2D")
    }

    /// FULLY_CONNECTED: rows of `K` input values (TFLite flattens everything before the last
    /// weight dimension) times `[O, K]` weights.
    mutating func fullyConnected(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 3, optional: 1)
        let (inputIndex, filterIndex, outputIndex) = (op.inputs[0], op.inputs[1], op.outputs[0])
        let options = try options(op, type: 8)
        let (fused, weightsFormat) = try read { () throws(FlatBufferError) in
            (try options?.int8(0) ?? 0, try options?.int8(1) ?? 0)
        }
        guard weightsFormat == 0 else { throw fail(.unsupported, "shuffled weights (format \(weightsFormat)) are not supported") }
        let filter = tensor(filterIndex)
        guard filter.shape.count == 2 else { throw fail(.inconsistent, "\(filter.label) has shape \(filter.shape); expected [O, K]") }
        let (outChannels, depth) = (filter.shape[0], filter.shape[1])
        let inputElements = try octetShape(of: tensor(inputIndex)).elementCount
        guard depth > 0, inputElements % depth == 0 else {
            throw fail(.inconsistent, "\(tensor(inputIndex).label) holds \(inputElements) values, not whole rows of \(depth)")
        }
        let rows = inputElements / depth
        let (values, scales) = try weights(filterIndex, axis: 0)
        let multipliers = try requantization(input: inputIndex, output: outputIndex, filterScales: scales)
        let weights = QuantizedWeights(
            values: values, bias: try bias(input(2, of: op), count: outChannels), requantization: multipliers)
        let clamp = try clamp(fused, output: outputIndex)
        let existing = try existingActivation(inputIndex)
        let input = builder.shape(of: existing).n == rows ? existing : try activation(inputIndex, as: Shape(n: rows, h: 1, w: 1, c: depth))
        let output = try output(outputIndex, shape: Shape(n: rows, h: 1, w: 1, c: outChannels))
        builder.fullyConnected(input: input, weights: weights, clamp: clamp, output: output)
        emitted.append("FullyConnected")
    }
}
