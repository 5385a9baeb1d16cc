/// Checks of the single-input ops that carry TFLite's Prepare values: Logistic, Requantize,
/// Mean and Transpose. Each reads `[input, output]`.
extension OpChecker {
    /// The input and output of a two-operand op.
    private func inputAndOutput() throws(ModelError) -> (input: TensorInfo, output: TensorInfo) {
        try expectOperandCount(2)
        return (try required(0, .input), try required(1, .output))
    }

    func logistic() throws(ModelError) {
        typealias L = OpParameter.Logistic
        let (input, output) = try inputAndOutput()
        try expectUnusedParametersZero(from: L.inputRangeRadius + 1)
        _ = try parameter(L.inputMultiplier, in: (1 << 30)...Int32.max)
        let leftShift = try parameter(L.inputLeftShift, in: 0...31)
        // The radius is what keeps `(x - inZP) · 2^leftShift` inside int32.
        let radius = Logistic.inputRangeRadius(leftShift: Int32(leftShift))
        _ = try parameter(L.inputRangeRadius, in: radius...radius)
        guard output.shape == input.shape else { throw fail(.shapeMismatch(position: 1)) }
        guard output.scale == 1.0 / 256, output.zeroPoint == -128 else { throw fail(.quantizationMismatch(position: 1)) }
    }

    func requantize() throws(ModelError) {
        typealias R = OpParameter.Requantize
        let (input, output) = try inputAndOutput()
        try expectUnusedParametersZero(from: R.shift + 1)
        _ = try quantizedMultiplier(multiplierSlot: R.multiplier, shiftSlot: R.shift)
        guard output.shape == input.shape else { throw fail(.shapeMismatch(position: 1)) }
    }

    func mean() throws(ModelError) {
        typealias M = OpParameter.Mean
        let (input, output) = try inputAndOutput()
        try expectUnusedParametersZero(from: M.shift + 1)
        // Divided by the element count, the multiplier is no longer normalized to [2^30, 2^31).
        _ = try parameter(M.multiplier, in: 0...Int32.max)
        _ = try parameter(M.shift, in: -31...31)
        guard input.shape.h * input.shape.w <= Mean.maximumWindow else { throw fail(.shapeMismatch(position: 0)) }
        guard output.shape == Shape(n: input.shape.n, h: 1, w: 1, c: input.shape.c) else {
            throw fail(.shapeMismatch(position: 1))
        }
    }

    func transpose() throws(ModelError) {
        let (input, output) = try inputAndOutput()
        let first = OpParameter.Transpose.permutation
        try expectUnusedParametersZero(from: first + 4)
        var seen = 0
        for slot in first..<(first + 4) {
            let axis = try parameter(slot, in: 0...3)
            guard seen & (1 << axis) == 0 else { throw fail(.parameter(slot: slot, value: Int32(axis))) }
            seen |= 1 << axis
        }
        guard output.shape == Transpose.outputShape(of: input.shape, permutation: op.permutation) else {
            throw fail(.shapeMismatch(position: 1))
        }
        guard output.sharesQuantization(with: input) else { throw fail(.quantizationMismatch(position: 1)) }
    }
}
