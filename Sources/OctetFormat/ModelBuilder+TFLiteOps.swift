import OctetRuntime

/// Constructors for the ops whose parameters TFLite Micro derives in its kernels' Prepare:
/// the same arithmetic, done here once from the tensors' scales (Float, widened to Double
/// where TFLite widens them), so the multipliers and shifts are TFLite's bit for bit.
extension ModelBuilder {
    /// Logistic (TFLite LOGISTIC, int8). The output must have scale 1/256 and zero point −128.
    public mutating func logistic(input: TensorID, output: TensorID) throws(ModelBuildError) {
        guard let p = LogisticParameters(tfliteInputScale: scale(of: input)) else {
            throw .unrepresentable(op: "Logistic", reason: "input scale \(scale(of: input)) is outside [2^-28, 2^4)")
        }
        addOp(.logistic, operands: [input, output], parameters: [p.inputMultiplier, p.inputLeftShift, p.inputRangeRadius])
    }

    /// Requantize (TFLite QUANTIZE int8 → int8): `QuantizeMultiplier(inputScale / outputScale)`.
    public mutating func requantize(input: TensorID, output: TensorID) throws(ModelBuildError) {
        let m = try scaleRatio(input: input, output: output, op: "Requantize")
        addOp(.requantize, operands: [input, output], parameters: [m.multiplier, m.shift])
    }

    /// Mean over H and W (TFLite MEAN int8, keep_dims either way: the output is `[N, 1, 1, C]`):
    /// Prepare's `QuantizeMultiplier(inputScale / outputScale)`, then the division by `H·W`
    /// TFLite's kernel does at every invoke (`QuantizedMultiplier.tfliteMean(count:)`).
    public mutating func mean(input: TensorID, output: TensorID) throws(ModelBuildError) {
        let m = try scaleRatio(input: input, output: output, op: "Mean")
        let divided = m.tfliteMean(count: shape(of: input).h * shape(of: input).w)
        addOp(.mean, operands: [input, output], parameters: [divided.multiplier, divided.shift])
    }

    /// Transpose (TFLite TRANSPOSE): output axis `i` is input axis `permutation[i]`.
    public mutating func transpose(input: TensorID, permutation: [Int], output: TensorID) {
        precondition(permutation.sorted() == [0, 1, 2, 3], "a permutation of the four axes")
        addOp(.transpose, operands: [input, output], parameters: permutation.map { Int32($0) })
    }

    /// TFLite's `QuantizeMultiplier(inputScale / outputScale)`.
    private func scaleRatio(input: TensorID, output: TensorID, op: String) throws(ModelBuildError) -> QuantizedMultiplier {
        let ratio = Double(scale(of: input)) / Double(scale(of: output))
        guard ratio.isFinite, ratio > 0, ratio < Double(1 << 31) else {
            throw .unrepresentable(op: op, reason: "input scale / output scale = \(ratio) is not in (0, 2^31)")
        }
        return QuantizedMultiplier(approximating: ratio)
    }
}
