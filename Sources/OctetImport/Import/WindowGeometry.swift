import OctetFormat
import OctetRuntime

/// TFLM's output size and padding for one spatial dimension of a window sweep
/// (`ComputeOutSize`, `ComputePaddingWithOffset`): SAME pads `total / 2` before and the rest
/// after, VALID pads nothing and drops the taps that do not fit.
struct WindowGeometry: Equatable {
    var outputSize: Int
    var padBefore: Int
    var padAfter: Int

    /// `same` is TFLite's `Padding.SAME` (0); VALID is 1.
    init?(same: Bool, input: Int, filter: Int, stride: Int, dilation: Int) {
        guard stride > 0, dilation > 0, filter > 0 else { return nil }
        let effectiveFilter = (filter - 1) * dilation + 1
        outputSize = same ? (input + stride - 1) / stride : (input + stride - effectiveFilter) / stride
        guard outputSize > 0 else { return nil }
        let total = max((outputSize - 1) * stride + effectiveFilter - input, 0)
        padBefore = total / 2
        padAfter = total - total / 2
    }
}

extension GraphTranslation {
    /// Heights and widths of a window sweep over `input`, checked against the TFLite output.
    func sweep(
        paddingCode: Int8, input: Shape, filterH: Int, filterW: Int, strideH: Int, strideW: Int, dilationH: Int = 1,
        dilationW: Int = 1
    ) throws(ImportError) -> (outputH: Int, outputW: Int, padding: ModelBuilder.Padding) {
        guard paddingCode == 0 || paddingCode == 1 else { throw fail(.malformed, "padding \(paddingCode) is neither SAME nor VALID") }
        let same = paddingCode == 0
        guard let rows = WindowGeometry(same: same, input: input.h, filter: filterH, stride: strideH, dilation: dilationH),
              let columns = WindowGeometry(same: same, input: input.w, filter: filterW, stride: strideW, dilation: dilationW)
        else {
            throw fail(.inconsistent, "a \(filterH)×\(filterW) window with stride \(strideH)×\(strideW) and dilation \(dilationH)×\(dilationW) does not fit a \(input.h)×\(input.w) input")
        }
        return (rows.outputSize, columns.outputSize, ModelBuilder.Padding(
            top: rows.padBefore, left: columns.padBefore, bottom: rows.padAfter, right: columns.padAfter))
    }
}
