import OctetFormat
import OctetRuntime

/// Operators that move bytes without arithmetic: CONCATENATION, PAD/PADV2 and the reshapes
/// (RESHAPE, SQUEEZE, EXPAND_DIMS), which share their input's Octet tensor.
extension GraphTranslation {
    /// CONCATENATION along any axis, of inputs that share the output's quantization (TFLM
    /// refuses int8 inputs that do not).
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
        guard (0..<rank).contains(normalizedAxis) else {
            throw fail(.inconsistent, "axis \(axis) is outside a rank-\(rank) tensor")
        }
        let octetAxis = try octetAxes(of: tensor(outputIndex))[normalizedAxis]
        var inputs: [TensorID] = []
        var joined = 0
        for index in op.inputs {
            try requireSameQuantization(index, outputIndex)
            let shape = tensor(index).shape
            guard shape.count == rank,
                  (0..<rank).allSatisfy({ $0 == normalizedAxis || shape[$0] == tensor(outputIndex).shape[$0] })
            else {
                throw fail(.inconsistent, "\(tensor(index).label) of shape \(shape) does not line up with the output \(tensor(outputIndex).shape) along axis \(normalizedAxis)")
            }
            joined += shape[normalizedAxis]
            inputs.append(try activation(index))
        }
        guard joined == tensor(outputIndex).shape[normalizedAxis] else {
            throw fail(.inconsistent, "the inputs hold \(joined) along axis \(normalizedAxis); \(tensor(outputIndex).label) has \(tensor(outputIndex).shape[normalizedAxis])")
        }
        builder.concatenation(inputs: inputs, axis: octetAxis, output: try output(outputIndex))
        emitted.append("Concatenation")
    }

    /// PAD and PADV2 of height, width and channels, filled with the output zero point or PADV2's constant.
    mutating func pad(_ op: TFLiteOperator, withConstant: Bool) throws(ImportError) {
        try requireOperands(op, inputs: withConstant ? 3 : 2, optional: withConstant ? 1 : 0)
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        try requireSameQuantization(inputIndex, outputIndex)
        let rank = tensor(inputIndex).shape.count
        let pairs = try indices(op.inputs[1])
        guard pairs.count == 2 * rank, pairs.allSatisfy({ (0...65_536).contains($0) }) else {
            throw fail(.unsupported, "paddings \(pairs) are not \(rank) non-negative (before, after) pairs")
        }
        var sides = [Int](repeating: 0, count: 8)  // (before, after) per NHWC axis
        for (axis, octetAxis) in try octetAxes(of: tensor(inputIndex)).enumerated() {
            sides[2 * octetAxis] = pairs[2 * axis]
            sides[2 * octetAxis + 1] = pairs[2 * axis + 1]
        }
        guard sides[0] == 0, sides[1] == 0 else {
            throw fail(.unsupported, "pads the batch dimension (\(pairs)); Octet pads height, width and channels")
        }
        var fill: Int8?
        if withConstant, let constant = input(2, of: op) {
            let value = try constantBytes(constant, type: .int8)
            guard value.count == 1 else { throw fail(.inconsistent, "the pad constant holds \(value.count) values, not 1") }
            fill = Int8(bitPattern: value[value.startIndex])
        }
        let padding = ModelBuilder.Padding(top: sides[2], left: sides[4], bottom: sides[3], right: sides[5])
        let input = try activation(inputIndex)
        let inputShape = builder.shape(of: input)
        let output = try output(outputIndex, shape: Shape(
            n: inputShape.n, h: inputShape.h + sides[2] + sides[3], w: inputShape.w + sides[4] + sides[5],
            c: inputShape.c + sides[6] + sides[7]))
        builder.pad(input: input, padding: padding, channels: (sides[6], sides[7]), fill: fill, output: output)
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
