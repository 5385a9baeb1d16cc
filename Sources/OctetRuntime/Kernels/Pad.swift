/// Padding of height, width and channels: the output is the input placed at (`padTop`,
/// `padLeft`, `padFront`) with every other element set to `fill`: the zero point (real 0,
/// TFLite's PAD) or PADV2's constant. Bottom, right and back padding are implied by the output
/// shape; the batch is unchanged. Each output byte is written once.
public enum Pad {
    public static func run(
        input: Int8Tensor, padTop: Int, padLeft: Int, padFront: Int, fill: Int8, output: MutableInt8Tensor
    ) {
        let (inputChannels, outputChannels) = (input.shape.c, output.shape.c)
        let inputRowBytes = input.shape.w * inputChannels
        let outputRowBytes = output.shape.w * outputChannels
        let leftBytes = padLeft * outputChannels
        let interiorBytes = input.shape.w * outputChannels
        for batch in 0..<output.shape.n {
            for y in 0..<output.shape.h {
                let destination = output.data + (batch * output.shape.h + y) * outputRowBytes
                let inputY = y - padTop
                guard inputY >= 0 && inputY < input.shape.h else {
                    destination.update(repeating: fill, count: outputRowBytes)
                    continue
                }
                destination.update(repeating: fill, count: leftBytes)
                let source = input.data + (batch * input.shape.h + inputY) * inputRowBytes
                if inputChannels == outputChannels {
                    (destination + leftBytes).update(from: source, count: inputRowBytes)
                } else {
                    for x in 0..<input.shape.w {
                        let pixel = destination + leftBytes + x * outputChannels
                        pixel.update(repeating: fill, count: padFront)
                        (pixel + padFront).update(from: source + x * inputChannels, count: inputChannels)
                        (pixel + padFront + inputChannels).update(
                            repeating: fill, count: outputChannels - padFront - inputChannels)
                    }
                }
                let rightStart = leftBytes + interiorBytes
                (destination + rightStart).update(repeating: fill, count: outputRowBytes - rightStart)
            }
        }
    }
}
