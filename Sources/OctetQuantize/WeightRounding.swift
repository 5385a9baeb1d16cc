/// How weights are rounded to int8 (`octet quantize --rounding`). Both use the same
/// per-output-channel scales (docs/QUANTIZATION.md).
public enum WeightRounding: String, CaseIterable, Sendable {
    /// Each weight to its nearest step, alone.
    case nearest
    /// GPTQ (`CompensatedRounding`): each rounding error is carried into the weights not yet
    /// rounded, weighted by how the calibration inputs correlate, so the layer's outputs
    /// rather than its weights stay closest to float.
    case gptq
}
