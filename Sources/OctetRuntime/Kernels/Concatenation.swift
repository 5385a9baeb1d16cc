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
    /// input's zero point to the output's. Above 256 elements each of the 256 int8 values is
    /// requantized once into a stack table, then every element is one lookup.
    public static func requantize(
        input: Int8Tensor, multiplier: QuantizedMultiplier, into output: MutableInt8Tensor, axis: Int, offset: Int
    ) {
        let layout = SliceLayout(input: input.shape, output: output.shape, axis: axis)
        if input.shape.elementCount > 256 {
            requantizeWithTable(input: input, multiplier: multiplier, into: output, layout: layout, offset: offset)
            return
        }
        let (inputZeroPoint, outputZeroPoint) = (input.zeroPoint, output.zeroPoint)
        forEachElement(of: input, into: output, layout: layout, offset: offset) {
            Requantization.element($0, from: inputZeroPoint, multiplier: multiplier, to: outputZeroPoint)
        }
    }

    /// Kept out of line so the 256-byte table is on the stack only for large inputs.
    @inline(never)
    private static func requantizeWithTable(
        input: Int8Tensor, multiplier: QuantizedMultiplier, into output: MutableInt8Tensor, layout: SliceLayout, offset: Int
    ) {
        var table = InlineArray<256, Int8>(repeating: 0)
        for raw in -128...127 {
            table[raw + 128] = Requantization.element(
                Int8(raw), from: input.zeroPoint, multiplier: multiplier, to: output.zeroPoint)
        }
        forEachElement(of: input, into: output, layout: layout, offset: offset) { table[Int($0) + 128] }
    }

    /// Writes `value(x)` for every element `x` of `input` into its place in the output.
    @inline(__always)
    private static func forEachElement(
        of input: Int8Tensor, into output: MutableInt8Tensor, layout: SliceLayout, offset: Int, _ value: (Int8) -> Int8
    ) {
        for index in 0..<layout.outer {
            let source = input.data + index * layout.inputSlice
            let destination = output.data + layout.outputStart(index, offset: offset)
            for element in 0..<layout.inputSlice { destination[element] = value(source[element]) }
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
