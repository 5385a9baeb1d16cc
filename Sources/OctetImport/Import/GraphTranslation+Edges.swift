import OctetFormat
import OctetRuntime

/// QUANTIZE and DEQUANTIZE. Float tensors exist only at the graph's edges: a QUANTIZE from a
/// float graph input makes its int8 output the Octet graph input, and a DEQUANTIZE into a
/// float graph output makes its int8 input the Octet graph output; the caller converts with
/// the int8 tensor's scale and zero point, as those ops would.
extension GraphTranslation {
    mutating func quantize(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 1)
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        let source = tensor(inputIndex)
        guard source.type == .float32 else {
            try requantize(op)
            return
        }
        guard model.inputs.contains(inputIndex), octet[inputIndex] == nil else {
            throw fail(.unsupportedType, "quantizes \(source.label), a float tensor that is not a graph input; Octet runs float only at the graph edges")
        }
        let id = try output(outputIndex)
        floatInputs[inputIndex] = id
        notes.append("QUANTIZE (operator \(op.index)) of float input \(source.label) dropped: the model takes int8 \(tensor(outputIndex).label) (scale \(tensor(outputIndex).scales[0]), zero point \(tensor(outputIndex).zeroPoints[0]))")
    }

    mutating func dequantize(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 1)
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        let consumers = model.operators.filter { $0.inputs.contains(outputIndex) }
        guard tensor(outputIndex).type == .float32, model.outputs.contains(outputIndex), consumers.isEmpty else {
            throw fail(.unsupportedType, "dequantizes into \(tensor(outputIndex).label), which is not only a graph output; Octet runs float only at the graph edges")
        }
        _ = try quantization(of: tensor(inputIndex))
        floatOutputs[outputIndex] = inputIndex
        notes.append("DEQUANTIZE (operator \(op.index)) into float output \(tensor(outputIndex).label) dropped: the model gives int8 \(tensor(inputIndex).label) (scale \(tensor(inputIndex).scales[0]), zero point \(tensor(inputIndex).zeroPoints[0]))")
    }

    /// QUANTIZE from int8 to int8: a rescale, or nothing when both sides share quantization.
    mutating func requantize(_ op: TFLiteOperator) throws(ImportError) {
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        if try quantization(of: tensor(inputIndex)) == quantization(of: tensor(outputIndex)) {
            try reshape(op)
            return
        }
        let input = try activation(inputIndex)
        let output = try output(outputIndex, shape: builder.shape(of: input))
        try prepared { () throws(ModelBuildError) in try builder.requantize(input: input, output: output) }
        emitted.append("Requantize")
    }
}
