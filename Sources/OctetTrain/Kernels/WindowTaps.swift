/// One tap of a sliding window: its position in the kernel (`kernelY * kernelWidth +
/// kernelX`) and the flat index of channel 0 of the input pixel it reads.
struct WindowTap {
    var kernelIndex: Int
    var inputOffset: Int
}

/// Calls `body(outputOffset, taps)` once per output pixel of every example, where
/// `outputOffset` is the flat index of the output pixel's channel 0 and `taps` are the
/// window's taps inside the input, in row-major kernel order (taps over the padding are
/// left out). Bodies loop over channels themselves, so the window bookkeeping is paid once
/// per pixel, not per element; pooling and the depthwise convolution share it.
func forEachWindow(
    _ window: Window, input: ActivationShape, output: ActivationShape, batch: Int,
    _ body: (_ outputOffset: Int, _ taps: UnsafeBufferPointer<WindowTap>) -> Void
) {
    let taps = UnsafeMutableBufferPointer<WindowTap>.allocate(capacity: window.kernelHeight * window.kernelWidth)
    defer { taps.deallocate() }
    for example in 0..<batch {
        for outputY in 0..<output.height {
            for outputX in 0..<output.width {
                var count = 0
                for kernelY in 0..<window.kernelHeight {
                    let y = window.inputRow(outputY: outputY, kernelY: kernelY)
                    guard y >= 0 && y < input.height else { continue }
                    for kernelX in 0..<window.kernelWidth {
                        let x = window.inputColumn(outputX: outputX, kernelX: kernelX)
                        guard x >= 0 && x < input.width else { continue }
                        taps[count] = WindowTap(
                            kernelIndex: kernelY * window.kernelWidth + kernelX,
                            inputOffset: ((example * input.height + y) * input.width + x) * input.channels)
                        count += 1
                    }
                }
                body(((example * output.height + outputY) * output.width + outputX) * output.channels,
                     UnsafeBufferPointer(rebasing: taps[..<count]))
            }
        }
    }
}
