import OctetRuntime

extension QuantizedMultiplier {
    /// The Q31 multiplier and shift closest to `real`, as TFLite's `QuantizeMultiplier`:
    /// `real = q · 2^e` with `q` in [0.5, 1), `multiplier = round(q · 2^31)`, `shift = e`.
    /// Values too small for a shift of −31 become 0.
    public init(approximating real: Double) {
        precondition(real >= 0 && real.isFinite, "multiplier must be finite and non-negative")
        guard real > 0 else {
            self.init(multiplier: 0, shift: 0)
            return
        }
        // real = significand · 2^exponent with significand in [1, 2), so q = significand / 2.
        var shift = Int(real.exponent) + 1
        var fixed = (real.significand / 2 * Double(1 << 31)).rounded(.toNearestOrAwayFromZero)
        if fixed == Double(1 << 31) {
            fixed /= 2
            shift += 1
        }
        guard shift >= -31 else {
            self.init(multiplier: 0, shift: 0)
            return
        }
        precondition(shift <= 31, "multiplier too large")
        self.init(multiplier: Int32(fixed), shift: Int32(shift))
    }

    /// The real number this multiplier stands for.
    public var realValue: Double { Double(multiplier) * Double(sign: .plus, exponent: Int(shift) - 31, significand: 1) }
}
