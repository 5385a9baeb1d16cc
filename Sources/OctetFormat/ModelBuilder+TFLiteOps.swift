import OctetRuntime

/// Constructors for the ops whose parameters TFLite Micro derives in its kernels' Prepare:
/// the same arithmetic, done here once from the tensors' scales (Float, widened to Double
/// where TFLite widens them), so the multipliers and shifts are TFLite's bit for bit.
extension ModelBuilder {
    /// Logistic (TFLite LOGISTIC, int8). The output must have scale 1/256 and zero point −128.
    /// Prepare: `frexp(inputScale · 2^27)` gives `q` and the left shift, the multiplier is
    /// `round(q · 2^31)` (not renormalized), the radius `floor(15 · 2^27 / 2^shift)`.
    public mutating func logistic(input: TensorID, output: TensorID) throws(ModelBuildError) {
        let real = Double(scale(of: input)) * Double(1 << 27)
        let leftShift = Int(real.exponent) + 1
        let multiplier = (real.significand / 2 * Double(1 << 31)).rounded(.toNearestOrAwayFromZero)
        guard (0...31).contains(leftShift), multiplier < Double(1 << 31) else {
            throw .unrepresentable(op: "Logistic", reason: "input scale \(scale(of: input)) is outside [2^-28, 2^4)")
        }
        let shift = Int32(leftShift)
        addOp(.logistic, operands: [input, output],
              parameters: [Int32(multiplier), shift, Logistic.inputRangeRadius(leftShift: shift)])
    }

    /// Requantize (TFLite QUANTIZE int8 → int8): `QuantizeMultiplier(inputScale / outputScale)`.
    public mutating func requantize(input: TensorID, output: TensorID) throws(ModelBuildError) {
        let m = try scaleRatio(input: input, output: output, op: "Requantize")
        addOp(.requantize, operands: [input, output], parameters: [m.multiplier, m.shift])
    }

    /// Mean over H and W (TFLite MEAN int8, keep_dims either way: the output is `[N, 1, 1, C]`).
    /// Prepare: `QuantizeMultiplier(inputScale / outputScale)`; then, as TFLite's
    /// `QuantizedMeanOrSum` does at every invoke, the division by the count `n = H·W`:
    /// `k = min(floor(log2 n), 32, 31 + shift)`, multiplier `(multiplier << k) / n`
    /// (truncating), shift `shift − k`.
    public mutating func mean(input: TensorID, output: TensorID) throws(ModelBuildError) {
        let m = try scaleRatio(input: input, output: output, op: "Mean")
        let count = Int64(shape(of: input).h * shape(of: input).w)
        let k = min(63 - count.leadingZeroBitCount, 32, 31 + Int(m.shift))
        let multiplier = Int32((Int64(m.multiplier) << Int64(k)) / count)
        addOp(.mean, operands: [input, output], parameters: [multiplier, m.shift - Int32(k)])
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
