import OctetRuntime

extension QuantizedMultiplier {
    /// The Q31 multiplier and shift closest to `real`, as TFLite's `QuantizeMultiplier`:
    /// `real = q · 2^e` with `q` in [0.5, 1), `multiplier = round(q · 2^31)`, `shift = e`.
    /// Values too small for a shift of −31 become 0. For a `real` known to fit (below 2^31);
    /// a value computed from data goes through `init?(representing:)`.
    public init(approximating real: Double) {
        guard let multiplier = Self(representing: real) else { preconditionFailure("multiplier \(real) is not in [0, 2^31)") }
        self = multiplier
    }

    /// As `init(approximating:)`, or nil when `real` is negative, not finite, or too large for
    /// a shift of at most 31.
    public init?(representing real: Double) {
        guard real >= 0, real.isFinite else { return nil }
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
        guard shift <= 31 else { return nil }
        self.init(multiplier: Int32(fixed), shift: Int32(shift))
    }

    /// The real number this multiplier stands for.
    public var realValue: Double { Double(multiplier) * Double(sign: .plus, exponent: Int(shift) - 31, significand: 1) }
}
