/// Spatial padding: the output is the input placed at (`padTop`, `padLeft`) with every other
/// element set to `fill`: the zero point (real 0, TFLite's PAD) or PADV2's constant. Bottom and
/// right padding are implied by the output shape; batch and channels are unchanged.
public enum Pad {
    public static func run(input: Int8Tensor, padTop: Int, padLeft: Int, fill: Int8, output: MutableInt8Tensor) {
        let rowBytes = input.shape.w * input.shape.c
        let outputRowBytes = output.shape.w * output.shape.c
        let leftBytes = padLeft * output.shape.c
        for batch in 0..<output.shape.n {
            for y in 0..<output.shape.h {
                let destination = output.data + (batch * output.shape.h + y) * outputRowBytes
                let inputY = y - padTop
                guard inputY >= 0 && inputY < input.shape.h else {
                    destination.update(repeating: fill, count: outputRowBytes)
                    continue
                }
                destination.update(repeating: fill, count: leftBytes)
                (destination + leftBytes).update(
                    from: input.data + (batch * input.shape.h + inputY) * rowBytes, count: rowBytes)
                let rightStart = leftBytes + rowBytes
                (destination + rightStart).update(repeating: fill, count: outputRowBytes - rightStart)
            }
        }
    }
}
