import OctetFormat
import OctetRuntime

/// MAX_POOL_2D and AVERAGE_POOL_2D.
extension GraphTranslation {
    mutating func pool(_ op: TFLiteOperator, average: Bool) throws(ImportError) {
        try requireOperands(op, inputs: 1)
        let (inputIndex, outputIndex) = (op.inputs[0], op.outputs[0])
        let options = try options(op, type: 5)
        let (paddingCode, strideW, strideH, filterW, filterH, fused) = try read { () throws(FlatBufferError) in
            (try options?.int8(0) ?? 0, try options?.int32(1) ?? 0, try options?.int32(2) ?? 0, try options?.int32(3) ?? 0,
             try options?.int32(4) ?? 0, try options?.int8(5) ?? 0)
        }
        try requireSameQuantization(inputIndex, outputIndex)
        let inputShape = try imageShape(of: tensor(inputIndex))
        let sweep = try sweep(
            paddingCode: paddingCode, input: inputShape, filterH: Int(filterH), filterW: Int(filterW), strideH: Int(strideH),
            strideW: Int(strideW))
        let clamp = try clamp(fused, output: outputIndex)
        let input = try activation(inputIndex)
        let output = try output(outputIndex, shape: Shape(n: inputShape.n, h: sweep.outputH, w: sweep.outputW, c: inputShape.c))
        builder.pool(
            average: average, input: input, kernelH: Int(filterH), kernelW: Int(filterW), strideH: Int(strideH),
            strideW: Int(strideW), padding: sweep.padding, clamp: clamp, output: output)
        emitted.append(average ? "AveragePool2D" : "MaxPool2D")
    }
}
