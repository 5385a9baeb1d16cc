/// Concatenation along channels when every input already has the output's scale and zero
/// point: a strided copy of each pixel's channels into its slice of the output.
public enum Concatenation {
    /// Copies `input` into output channels `channelOffset ..< channelOffset + input.shape.c`.
    public static func copy(input: Int8Tensor, into output: MutableInt8Tensor, channelOffset: Int) {
        let pixels = input.shape.n * input.shape.h * input.shape.w
        let channels = input.shape.c
        if channels == output.shape.c {
            output.data.update(from: input.data, count: pixels * channels)
            return
        }
        for pixel in 0..<pixels {
            copyBytes(input.data + pixel * channels, to: output.data + pixel * output.shape.c + channelOffset, count: channels)
        }
    }
}
