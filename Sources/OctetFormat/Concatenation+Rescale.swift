import OctetRuntime

extension Concatenation {
    /// An input's rescale entry: input scale / output scale as a Q31 multiplier and shift, as
    /// TFLite's QUANTIZE prepares it. Nil when the ratio is not finite and positive or too far
    /// from 1 to be a non-zero multiplier with a shift in −31 ... 31 (0, 0 means a copy).
    public static func rescale(inputScale: Float, outputScale: Float) -> QuantizedMultiplier? {
        guard let multiplier = QuantizedMultiplier(representing: Double(inputScale) / Double(outputScale)),
              multiplier.multiplier != 0
        else { return nil }
        return multiplier
    }
}
