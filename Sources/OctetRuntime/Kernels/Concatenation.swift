/// Concatenation along one axis when every input already has the output's scale and zero
/// point: for each index of the axes before it, a copy of the input's contiguous slice into
/// its place in the output's. Along channels that is a strided copy of each pixel's channels.
public enum Concatenation {
    /// Copies `input` into the output along NHWC axis `axis` (0 = N ... 3 = C), starting at
    /// index `offset` of that axis.
    public static func copy(input: Int8Tensor, into output: MutableInt8Tensor, axis: Int, offset: Int) {
        let outer = output.shape.product(0..<axis)
        let inner = output.shape.product((axis + 1)..<4)
        let inputSlice = input.shape.dimension(axis) * inner
        let outputSlice = output.shape.dimension(axis) * inner
        if inputSlice == outputSlice {
            output.data.update(from: input.data, count: outer * inputSlice)
            return
        }
        for index in 0..<outer {
            copyBytes(input.data + index * inputSlice, to: output.data + index * outputSlice + offset * inner, count: inputSlice)
        }
    }
}
