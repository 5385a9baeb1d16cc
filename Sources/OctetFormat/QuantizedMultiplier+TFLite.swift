import OctetRuntime

/// The multipliers TFLite Micro's kernels derive in Prepare (and MEAN at invoke), with the
/// same Float and Double steps, so an imported model's integers are TFLite's bit for bit.
extension QuantizedMultiplier {
    /// Conv2D, DepthwiseConv2D (per channel or per tensor) and per-channel FullyConnected
    /// (`PopulateConvolutionQuantizationParams`): `QuantizeMultiplier(Double(inputScale) ·
    /// Double(filterScale) / Double(outputScale))`, each scale widened before the products.
    public init(tfliteConvolutionInputScale inputScale: Float, filterScale: Float, outputScale: Float) {
        self.init(approximating: Double(inputScale) * Double(filterScale) / Double(outputScale))
    }

    /// Per-tensor FullyConnected (`GetQuantizedConvolutionMultipler`): the input and filter
    /// scales are multiplied in Float and only the product is widened,
    /// `QuantizeMultiplier(Double(inputScale · filterScale) / Double(outputScale))`; the
    /// Float rounding moves the multiplier by up to about 2^7 against the convolution formula.
    public init(tfliteFullyConnectedInputScale inputScale: Float, filterScale: Float, outputScale: Float) {
        self.init(approximating: Double(inputScale * filterScale) / Double(outputScale))
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
