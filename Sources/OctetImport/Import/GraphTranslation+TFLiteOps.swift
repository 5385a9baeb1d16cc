import OctetFormat
import OctetRuntime

/// LOGISTIC, MEAN and TRANSPOSE: ops whose parameters the builder derives with TFLM's Prepare.
extension GraphTranslation {
    mutating func logistic(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 1)
        let (scale, zeroPoint) = try quantization(of: tensor(op.outputs[0]))
        guard scale == 1.0 / 256, zeroPoint == -128 else {
            throw fail(.inconsistent, "\(tensor(op.outputs[0]).label) has scale \(scale) and zero point \(zeroPoint); TFLM's int8 LOGISTIC needs 1/256 and −128")
        }
        let input = try activation(op.inputs[0])
        let output = try output(op.outputs[0], shape: builder.shape(of: input))
        try prepared { () throws(ModelBuildError) in try builder.logistic(input: input, output: output) }
        emitted.append("Logistic")
    }

    /// MEAN over height and width of a 4-D tensor (the global average pooling of Keras models).
    mutating func mean(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 2)
        let inputShape = try imageShape(of: tensor(op.inputs[0]))
        let axes = Set(try indices(op.inputs[1]).map { $0 < 0 ? $0 + 4 : $0 })
        guard axes == [1, 2] else {
            throw fail(.unsupported, "averages over axes \(axes.sorted()); Octet's MEAN reduces height and width (axes 1 and 2) of a 4-D tensor")
        }
        let input = try activation(op.inputs[0])
        let output = try output(op.outputs[0], shape: Shape(n: inputShape.n, h: 1, w: 1, c: inputShape.c))
        try prepared { () throws(ModelBuildError) in try builder.mean(input: input, output: output) }
        emitted.append("Mean")
    }

    /// TRANSPOSE of a tensor of rank up to 4, as a permutation of Octet's four axes (the axes
    /// a lower rank does not have stay where they are).
    mutating func transpose(_ op: TFLiteOperator) throws(ImportError) {
        try requireOperands(op, inputs: 2)
        try requireSameQuantization(op.inputs[0], op.outputs[0])
        let rank = tensor(op.inputs[0]).shape.count
        let permutation = try indices(op.inputs[1])
        guard permutation.count == rank, permutation.sorted() == Array(0..<rank) else {
            throw fail(.inconsistent, "permutation \(permutation) does not reorder \(rank) axes")
        }
        let octetAxes = try octetAxes(of: tensor(op.inputs[0]))
        var octetPermutation = [0, 1, 2, 3]
        for (position, source) in permutation.enumerated() { octetPermutation[octetAxes[position]] = octetAxes[source] }
        let input = try activation(op.inputs[0])
        let inputShape = builder.shape(of: input)
        let dims = [inputShape.n, inputShape.h, inputShape.w, inputShape.c]
        let permuted = octetPermutation.map { dims[$0] }
        let output = try output(op.outputs[0], shape: Shape(n: permuted[0], h: permuted[1], w: permuted[2], c: permuted[3]))
        builder.transpose(input: input, permutation: octetPermutation, output: output)
        emitted.append("Transpose")
    }
}
