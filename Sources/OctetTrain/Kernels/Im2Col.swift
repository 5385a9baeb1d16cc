/// Unfolds the sliding windows of one NHWC example into rows of a matrix (im2col) and
/// folds gradients back (col2im), so convolution becomes one GEMM per example and group.
///
/// Row `oy * outputWidth + ox` holds the window at output pixel (oy, ox) in
/// `[kernelY][kernelX][channel]` order — the order of a filter in OHWI weights — with
/// zeros where the window hangs over the padding.
struct Im2Col {
    var window: Window
    var input: ActivationShape
    var output: ActivationShape
    /// Channels of one group, taken from `firstChannel` on.
    var groupChannels: Int

    /// Floats in one row: kernelHeight × kernelWidth × groupChannels.
    var rowLength: Int { window.kernelHeight * window.kernelWidth * groupChannels }
    var rowCount: Int { output.height * output.width }

    /// True when the matrix would equal the input itself (1×1 kernel, stride 1, no padding,
    /// all channels), so the copy can be skipped.
    static func isIdentity(_ window: Window, groups: Int) -> Bool {
        window.kernelHeight == 1 && window.kernelWidth == 1 && window.strideHeight == 1
            && window.strideWidth == 1 && window.padding == .zero && groups == 1
    }

    /// Fills `columns[rowCount][rowLength]` from one example starting at `example`.
    func unfold(_ example: UnsafePointer<Float>, firstChannel: Int, into columns: UnsafeMutablePointer<Float>) {
        forEachTap { row, tap, inputPixel in
            let destination = columns + (row &* rowLength &+ tap &* groupChannels)
            // Plain loops rather than memmove/memset: runs are short (1 to 64 floats).
            if let pixel = inputPixel {
                let source = example + (pixel &* input.channels &+ firstChannel)
                for channel in 0..<groupChannels { destination[channel] = source[channel] }
            } else {
                for channel in 0..<groupChannels { destination[channel] = 0 }
            }
        }
    }

    /// Adds `columns[rowCount][rowLength]` back into one example's gradient (overlapping
    /// windows sum); taps in the padding are dropped.
    func fold(_ columns: UnsafePointer<Float>, firstChannel: Int, into example: UnsafeMutablePointer<Float>) {
        forEachTap { row, tap, inputPixel in
            guard let pixel = inputPixel else { return }
            let source = columns + (row &* rowLength &+ tap &* groupChannels)
            let destination = example + (pixel &* input.channels &+ firstChannel)
            for channel in 0..<groupChannels { destination[channel] += source[channel] }
        }
    }

    /// Calls `body(row, tap, inputPixel)` for every window tap, where `tap` indexes
    /// (kernelY, kernelX) and `inputPixel` is `y * width + x`, or nil in the padding.
    @inline(__always)
    private func forEachTap(_ body: (Int, Int, Int?) -> Void) {
        for outputY in 0..<output.height {
            for outputX in 0..<output.width {
                let row = outputY &* output.width &+ outputX
                for kernelY in 0..<window.kernelHeight {
                    let y = window.inputRow(outputY: outputY, kernelY: kernelY)
                    for kernelX in 0..<window.kernelWidth {
                        let x = window.inputColumn(outputX: outputX, kernelX: kernelX)
                        let inside = y >= 0 && y < input.height && x >= 0 && x < input.width
                        body(row, kernelY &* window.kernelWidth &+ kernelX, inside ? y &* input.width &+ x : nil)
                    }
                }
            }
        }
    }
}
