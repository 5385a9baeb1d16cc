import OctetFormat
import OctetRuntime

/// ADD and SOFTMAX.
extension GraphTranslation {
    /// ADD of two equal-shaped int8 tensors (no broadcasting), TFLM's rescale to twice the
    /// larger input scale with a left shift of 20.
    mutating func add(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 2)
        let (first, second, outputIndex) = (op.inputs[0], op.inputs[1], op.outputs[0])
        let options = try options(op, type: 11)
        let fused = try read { () throws(FlatBufferError) in try options?.int8(0) ?? 0 }
        guard tensor(first).shape == tensor(second).shape, tensor(first).shape == tensor(outputIndex).shape else {
            throw fail(.unsupported, "adds shapes \(tensor(first).shape) and \(tensor(second).shape) into \(tensor(outputIndex).shape); Octet's ADD takes equal shapes only (no broadcasting)")
        }
        let scales = (try quantization(of: tensor(first)).scale, try quantization(of: tensor(second)).scale,
                      try quantization(of: tensor(outputIndex)).scale)
        guard let rescaling = AddRescaling(
            input1Scale: Double(scales.0), input2Scale: Double(scales.1), outputScale: Double(scales.2),
            clamp: try clamp(fused, output: outputIndex))
        else {
            throw fail(.inconsistent, "the output scale \(scales.2) is over 2^19 times finer than the inputs'; TFLM's ADD needs an output multiplier below one")
        }
        let (input1, input2) = (try activation(first), try activation(second))
        builder.add(input1: input1, input2: input2, rescaling: rescaling, output: try output(outputIndex))
        emitted.append("Add")
    }

    /// SOFTMAX over the last dimension, int8 to int8 with TFLM's fixed output quantization.
    mutating func softmax(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 1)
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        let options = try options(op, type: 9)
        let beta = try read { () throws(FlatBufferError) in try options?.float32(0) ?? 0 }
        let (inputScale, _) = try quantization(of: tensor(inputIndex))
        let (outputScale, outputZeroPoint) = try quantization(of: tensor(outputIndex))
        guard outputScale == 1.0 / 256, outputZeroPoint == -128 else {
            throw fail(.inconsistent, "\(tensor(outputIndex).label) has scale \(outputScale) and zero point \(outputZeroPoint); TFLM's int8 SOFTMAX needs 1/256 and −128")
        }
        guard beta.isFinite, Double(beta) * Double(inputScale) * Double(1 << 26) > 1 else {
            throw fail(.inconsistent, "beta \(beta) times the input scale \(inputScale) is too small for TFLM's int8 SOFTMAX")
        }
        let input = try activation(inputIndex)
        builder.softmax(input: input, parameters: Softmax.parameters(inputScale: inputScale, beta: beta),
                        output: try output(outputIndex, shape: builder.shape(of: input)))
        emitted.append("Softmax")
    }
}
