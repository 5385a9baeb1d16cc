/// Softmax over the channel axis, bit-exact with TFLite's reference int8 softmax: the input
/// difference to the row maximum, scaled by `inputScale · beta` into Q5.26, goes through
/// gemmlowp's fixed-point `exp`; the exponentials are summed in Q12.19 and multiplied by
/// the reciprocal of the sum. Output scale 1/256, zero point -128. Differences below
/// `diffMin` contribute 0 and output -128.
///
/// The exponential depends only on `maximum − value` (0 ... 255). Up to 256 elements each is
/// computed where it is needed (twice: for the sum, then for the output); above that the 256
/// exponentials are computed once into a table on the stack (0 standing for "below
/// diffMin", which gives the same sum and the same -128). Once a row's exponentials add up to
/// 512 or more, the output shift passes 31 and every quotient rounds to 0 (each probability is
/// below 1/512, under half an output step): those rows output -128 without shifting, where
/// TFLite's shift would be undefined.
public enum Softmax {
    static let scaledDiffIntegerBits: Int32 = 5
    static let accumulationIntegerBits: Int32 = 12

    public static func run(input: Int8Tensor, parameters: SoftmaxParameters, output: MutableInt8Tensor) {
        guard input.shape.elementCount <= 256 else {
            runWithTable(input: input, parameters: parameters, output: output)
            return
        }
        forEachRow(input: input, output: output) { value, maximum in
            exponential(value, maximum: maximum, parameters) ?? 0
        }
    }

    /// Kept out of line so the 1 KB table is on the stack only for large tensors.
    @inline(never)
    static func runWithTable(input: Int8Tensor, parameters: SoftmaxParameters, output: MutableInt8Tensor) {
        var table = InlineArray<256, Int32>(repeating: 0)
        for distance in 0...255 { table[distance] = exponential(Int8(127 - distance), maximum: 127, parameters) ?? 0 }
        forEachRow(input: input, output: output) { value, maximum in table[Int(maximum) - Int(value)] }
    }

    /// Per row: the maximum, the sum of exponentials (Q12.19), its reciprocal, and each output
    /// `exponential · reciprocal`. An exponential of 0 (a difference below `diffMin`) adds 0 and
    /// outputs -128, as TFLite's skipped terms do.
    @inline(__always)
    static func forEachRow(
        input: Int8Tensor, output: MutableInt8Tensor, exponential: (_ value: Int8, _ maximum: Int8) -> Int32
    ) {
        let depth = input.shape.c
        let rows = input.shape.n * input.shape.h * input.shape.w
        for row in 0..<rows {
            let source = input.data + row * depth
            let destination = output.data + row * depth
            var maximum = Int8.min
            for c in 0..<depth { maximum = Swift.max(maximum, source[c]) }

            // Q12.19, saturating: from 4,096 equal values the sum no longer fits (TFLite's wraps),
            // and a saturated sum still gives every output -128. The terms are non-negative.
            var sumOfExponentials: Int32 = 0
            for c in 0..<depth {
                let (sum, overflow) = sumOfExponentials.addingReportingOverflow(
                    Requantize.roundingDivideByPowerOfTwo(exponential(source[c], maximum), accumulationIntegerBits))
                sumOfExponentials = overflow ? .max : sum
            }
            let (scale, bitsOverUnit) = FixedPointMath.reciprocal(sumOfExponentials, integerBits: accumulationIntegerBits)
            let exponent = bitsOverUnit + 31 - 8
            for c in 0..<depth {
                // A non-negative Int32 divided by 2^32 or more rounds to 0.
                let unsaturated = exponent > 31 ? 0 : Requantize.roundingDivideByPowerOfTwo(
                    Requantize.saturatingRoundingDoublingHighMul(scale, exponential(source[c], maximum)), exponent)
                destination[c] = Int8(truncatingIfNeeded: Swift.min(Swift.max(unsaturated &- 128, -128), 127))
            }
        }
    }

    /// `exp(beta · inputScale · (value - maximum))` in Q0.31, or nil when the difference is
    /// below `diffMin`.
    @inline(__always)
    static func exponential(_ value: Int8, maximum: Int8, _ parameters: SoftmaxParameters) -> Int32? {
        let difference = Int32(value) &- Int32(maximum)
        guard difference >= parameters.diffMin else { return nil }
        // TFLite's MultiplyByQuantizedMultiplierGreaterThanOne: a left shift, no right shift.
        let rescaled = Requantize.saturatingRoundingDoublingHighMul(
            difference &<< parameters.inputBetaLeftShift, parameters.inputBetaMultiplier)
        return FixedPointMath.exponentialOfNegative(rescaled, integerBits: scaledDiffIntegerBits)
    }

    /// The quantizer's side (TFLite's `PreprocessSoftmaxScaling` and `CalculateInputRadius`
    /// with 5 integer bits): `beta · inputScale · 2^26`, capped at `2^31 - 1`, as a Q31
    /// multiplier with a left shift, and the most negative difference that still counts.
    /// Requires `beta · inputScale · 2^26 > 1` (TFLite checks the same).
    public static func parameters(inputScale: Float, beta: Float) -> SoftmaxParameters {
        let maximumMultiplier = 2147483647.0
        let real = Swift.min(Double(beta) * Double(inputScale) * Double(1 << 26), maximumMultiplier)
        let (multiplier, shift) = quantizeMultiplier(real)
        let leftShift = Swift.max(shift, 0)
        // floor((2^5 - 1) · 2^26 / 2^leftShift)
        let radius = (Double(31) * Double(1 << 26) / Double(1 << leftShift)).rounded(.down)
        return SoftmaxParameters(
            inputBetaMultiplier: multiplier, inputBetaLeftShift: Int32(leftShift), diffMin: -Int32(radius))
    }

    /// TFLite's `QuantizeMultiplier`: `real = q · 2^shift` with `q` in [0.5, 1), `q` rounded to
    /// Q31 (half away from zero) and renormalized if it rounds up to 1.
    static func quantizeMultiplier(_ real: Double) -> (multiplier: Int32, shift: Int) {
        guard real > 0 else { return (0, 0) }
        var shift = Int(real.exponent) + 1
        var fixed = (real.significand / 2 * 2147483648.0).rounded(.toNearestOrAwayFromZero)
        if fixed == 2147483648.0 {
            fixed /= 2
            shift += 1
        }
        if shift < -31 { return (0, 0) }
        return (Int32(fixed), shift)
    }
}
