import OctetRuntime

extension LogisticParameters {
    /// TFLite's LOGISTIC Prepare for an int8 input of scale `inputScale`:
    /// `frexp(Double(inputScale) · 2^27)` gives `q` and the left shift, the multiplier is
    /// `round(q · 2^31)` (not renormalized; a Float scale never rounds up to 2^31), the radius
    /// `floor(15 · 2^27 / 2^shift)`. nil for a shift outside 0...31 (scales below 2^-28 or
    /// from 16 up), where TFLite's radius is undefined or zero.
    public init?(tfliteInputScale inputScale: Float) {
        let real = Double(inputScale) * Double(1 << 27)
        guard real.isFinite, real > 0 else { return nil }
        let leftShift = Int(real.exponent) + 1
        let multiplier = (real.significand / 2 * Double(1 << 31)).rounded(.toNearestOrAwayFromZero)
        guard (0...31).contains(leftShift), multiplier < Double(1 << 31) else { return nil }
        self.init(
            inputMultiplier: Int32(multiplier), inputLeftShift: Int32(leftShift),
            inputRangeRadius: Logistic.inputRangeRadius(leftShift: Int32(leftShift)))
    }
}
