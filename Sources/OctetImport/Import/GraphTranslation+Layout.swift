import OctetFormat
import OctetRuntime

/// Operators that move bytes without arithmetic: CONCATENATION, PAD/PADV2 and the reshapes
/// (RESHAPE, SQUEEZE, EXPAND_DIMS), which share their input's Octet tensor.
extension GraphTranslation {
    /// CONCATENATION along the last dimension of inputs that share the output's quantization
    /// (TFLM refuses int8 inputs that do not).
    mutating func concatenation(_ op: TFLiteOperator) throws(ImportError) {
        guard !op.inputs.isEmpty, !op.inputs.contains(-1), op.outputs.count == 1 else {
            throw fail(.malformed, "has \(op.inputs.count) inputs and \(op.outputs.count) outputs")
        }
        let outputIndex = op.outputs[0]
        let options = try options(op, type: 10)
        let (axis, fused) = try read { () throws(FlatBufferError) in (try options?.int32(0) ?? 0, try options?.int8(1) ?? 0) }
        guard fused == 0 else { throw fail(.unsupported, "a fused activation on CONCATENATION is not supported") }
        let rank = tensor(outputIndex).shape.count
        let normalizedAxis = axis < 0 ? Int(axis) + rank : Int(axis)
        guard normalizedAxis == rank - 1 else {
            throw fail(.unsupported, "concatenates along axis \(axis) of a rank-\(rank) tensor; Octet concatenates along the last (channel) axis only")
        }
        var inputs: [TensorID] = []
        for index in op.inputs {
            try requireSameQuantization(index, outputIndex)
            guard tensor(index).shape.count == rank, tensor(index).shape.dropLast() == tensor(outputIndex).shape.dropLast() else {
                throw fail(.inconsistent, "\(tensor(index).label) of shape \(tensor(index).shape) does not line up with the output \(tensor(outputIndex).shape)")
            }
            inputs.append(try activation(index))
        }
        let channels = inputs.reduce(0) { $0 + builder.shape(of: $1).c }
        let outputShape = try octetShape(of: tensor(outputIndex))
        guard channels == outputShape.c else {
            throw fail(.inconsistent, "the inputs hold \(channels) channels; \(tensor(outputIndex).label) has \(outputShape.c)")
        }
        builder.concatenation(inputs: inputs, output: try output(outputIndex))
        emitted.append("Concatenation")
    }

    /// PAD and PADV2 over height and width, filled with the output zero point (PADV2's
    /// constant must equal it).
    mutating func pad(_ op: TFLiteOperator, withConstant: Bool) throws(ImportError) {
        try requireOperands(op, inputs: withConstant ? 3 : 2, optional: withConstant ? 1 : 0)
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        try requireSameQuantization(inputIndex, outputIndex)
        let inputShape = try imageShape(of: tensor(inputIndex))
        let paddings = try indices(op.inputs[1])
        guard paddings.count == 8, paddings.allSatisfy({ (0...65_536).contains($0) }) else {
            throw fail(.unsupported, "paddings \(paddings) are not four non-negative (before, after) pairs")
        }
        guard paddings[0] == 0, paddings[1] == 0, paddings[6] == 0, paddings[7] == 0 else {
            throw fail(.unsupported, "pads the batch or channel dimension (\(paddings)); Octet pads height and width only")
        }
        if withConstant, let constant = input(2, of: op) {
            let value = try constantBytes(constant, type: .int8)
            let zeroPoint = try quantization(of: tensor(outputIndex)).zeroPoint
            guard value.count == 1, Int32(Int8(bitPattern: value.first!)) == zeroPoint else {
                throw fail(.unsupported, "pads with a constant other than the output zero point \(zeroPoint)")
            }
        }
        let padding = ModelBuilder.Padding(top: paddings[2], left: paddings[4], bottom: paddings[3], right: paddings[5])
        let input = try activation(inputIndex)
        let output = try output(outputIndex, shape: Shape(
            n: inputShape.n, h: inputShape.h + padding.top + padding.bottom, w: inputShape.w + padding.left + padding.right,
            c: inputShape.c))
        builder.pad(input: input, padding: padding, output: output)
        emitted.append("Pad")
    }

    /// RESHAPE, SQUEEZE and EXPAND_DIMS: the output names the input's bytes; a Reshape op is
    /// added only where a consumer needs the other layout (`activation(_:as:)`).
    mutating func reshape(_ op: TFLiteOperator) throws(ImportError) {
        guard !op.inputs.isEmpty, op.inputs[0] >= 0, op.outputs.count == 1 else {
            throw fail(.malformed, "has \(op.inputs.count) inputs and \(op.outputs.count) outputs")
        }
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        try requireSameQuantization(inputIndex, outputIndex)
        let (inputShape, outputShape) = (try octetShape(of: tensor(inputIndex)), try octetShape(of: tensor(outputIndex)))
        guard inputShape.elementCount == outputShape.elementCount else {
            throw fail(.inconsistent, "reshapes \(tensor(inputIndex).shape) into \(tensor(outputIndex).shape)")
        }
        guard octet[outputIndex] == nil else { throw fail(.malformed, "\(tensor(outputIndex).label) is written twice") }
        octet[outputIndex] = try existingActivation(inputIndex)
    }
}
