import OctetRuntime

/// The multipliers TFLite Micro's kernels derive in Prepare (and MEAN at invoke), with the
/// same Float and Double steps, so an imported model's integers are TFLite's bit for bit.
extension QuantizedMultiplier {
    /// Conv2D, DepthwiseConv2D and FullyConnected, per channel or per tensor (a per-tensor
    /// scale serves every channel): `QuantizeMultiplier(Double(inputScale) · Double(filterScale)
    /// / Double(outputScale))`, each scale widened before the product. (Some TFLite sources
    /// multiply a per-tensor FullyConnected's two scales in Float first; the pinned wheel does
    /// not, and docs/KERNELS.md shows the evidence.)
    public init(tfliteInputScale inputScale: Float, filterScale: Float, outputScale: Float) {
        self.init(approximating: Double(inputScale) * Double(filterScale) / Double(outputScale))
    }

    /// TFLite's int8 MEAN folds the division by the element count into its output multiplier
    /// at run time (`QuantizedMeanOrSum`): `k = min(floor(log2 count), 32, 31 + shift)`,
    /// multiplier `(multiplier · 2^k) / count` truncated, shift `shift − k`. The result is
    /// no longer normalized to [2^30, 2^31).
    public func tfliteMean(count: Int) -> QuantizedMultiplier {
        precondition(count > 0, "a mean of at least one element")
        let n = Int64(count)
        let k = min(63 - n.leadingZeroBitCount, 32, 31 + Int(shift))
        return QuantizedMultiplier(
            multiplier: Int32((Int64(multiplier) << Int64(k)) / n), shift: shift - Int32(k))
    }
}
