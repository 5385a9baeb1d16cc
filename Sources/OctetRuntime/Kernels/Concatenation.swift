/// Concatenation along one axis: for each index of the axes before it, the input's contiguous
/// slice goes to its place in the output's. An input with the output's scale and zero point
/// is copied (along channels, a strided copy of each pixel's channels); any other input is
/// requantized to the output's quantization on the way, as `Requantization` does.
public enum Concatenation {
    /// Copies `input` into the output along NHWC axis `axis` (0 = N ... 3 = C), starting at
    /// index `offset` of that axis.
    public static func copy(input: Int8Tensor, into output: MutableInt8Tensor, axis: Int, offset: Int) {
        let layout = SliceLayout(input: input.shape, output: output.shape, axis: axis)
        if layout.inputSlice == layout.outputSlice {
            output.data.update(from: input.data, count: layout.outer * layout.inputSlice)
            return
        }
        for index in 0..<layout.outer {
            copyBytes(input.data + index * layout.inputSlice, to: output.data + layout.outputStart(index, offset: offset),
                      count: layout.inputSlice)
        }
    }

    /// As `copy`, requantizing each value by `multiplier` (input scale / output scale) from the
    /// input's zero point to the output's.
    public static func requantize(
        input: Int8Tensor, multiplier: QuantizedMultiplier, into output: MutableInt8Tensor, axis: Int, offset: Int
    ) {
        let layout = SliceLayout(input: input.shape, output: output.shape, axis: axis)
        let (inputZeroPoint, outputZeroPoint) = (input.zeroPoint, output.zeroPoint)
        for index in 0..<layout.outer {
            let source = input.data + index * layout.inputSlice
            let destination = output.data + layout.outputStart(index, offset: offset)
            for element in 0..<layout.inputSlice {
                destination[element] = Requantization.element(
                    source[element], from: inputZeroPoint, multiplier: multiplier, to: outputZeroPoint)
            }
        }
    }

    /// Where one input's slices lie: `outer` slices of `inputSlice` contiguous elements, each
    /// at a stride of `outputSlice` in the output.
    private struct SliceLayout {
        let outer: Int, inner: Int, inputSlice: Int, outputSlice: Int

        init(input: Shape, output: Shape, axis: Int) {
            outer = output.product(0..<axis)
            inner = output.product((axis + 1)..<4)
            inputSlice = input.dimension(axis) * inner
            outputSlice = output.dimension(axis) * inner
        }

        func outputStart(_ index: Int, offset: Int) -> Int { index * outputSlice + offset * inner }
    }
}
