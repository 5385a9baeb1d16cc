/// 2-D convolution, NHWC int8 input, OHWI int8 filter `[outC, kh, kw, inC / groups]`, int32
/// bias, per-output-channel requantization, fused activation clamp.
///
/// Every output is `clamp(outZP + M_c · (bias[c] + Σ w · (x - inZP)))`; taps that fall in
/// the padding contribute nothing (they read `inZP`). The work is an im2col + packed GEMM
/// (`PackedGEMMLayout`): per group, per panel of 16 output channels, the panel's filters are
/// packed into scratch, then all output pixels are gathered four at a time (again for every
/// panel) and multiplied by that panel. Scratch therefore never holds more than one panel.
/// A 1×1 stride-1 convolution without padding gathers a block of four pixels with one
/// contiguous widen; other kernels widen each kernel row that lies inside the input as one
/// run. Depthwise convolutions should use `DepthwiseConv2D`.
public enum Conv2D {
    /// Bytes of arena scratch `run` needs; the same on every target. With
    /// `P = ceil(kh·kw·inC/groups / 2)` depth pairs it is
    /// `64·P` (one packed panel: 16 output channels × P int16 pairs)
    /// `+ 320` (five int32 parameter arrays of 16 channels)
    /// `+ 16·P` (four int16 im2col rows of `2P` entries), i.e. `80·P + 320` bytes rounded up to
    /// 16, independent of the number of output channels (e.g. 23,360 for 3×3×64).
    public static func scratchByteCount(
        input: Shape, filter: Shape, output: Shape, groups: Int, geometry: ConvolutionGeometry
    ) -> Int {
        ConvolutionPlan(input: input, filter: filter, output: output, groups: groups, geometry: geometry)
            .layout.byteCount
    }

    /// Runs the convolution. `scratch` must hold `scratchByteCount(...)` bytes, 16-byte
    /// aligned; the filter is only read (it may live in flash).
    public static func run(
        input: Int8Tensor, filter: Int8Weights, bias: UnsafePointer<Int32>,
        requantization: ChannelRequantization, geometry: ConvolutionGeometry, groups: Int,
        clamp: ActivationClamp, output: MutableInt8Tensor, scratch: UnsafeMutableRawBufferPointer
    ) {
        run(
            input: input, filter: filter, bias: bias, requantization: requantization, geometry: geometry,
            groups: groups, clamp: clamp, output: output, scratch: scratch, path: .preferred)
    }

    @usableFromInline
    static func run(
        input: Int8Tensor, filter: Int8Weights, bias: UnsafePointer<Int32>,
        requantization: ChannelRequantization, geometry: ConvolutionGeometry, groups: Int,
        clamp: ActivationClamp, output: MutableInt8Tensor, scratch: UnsafeMutableRawBufferPointer,
        path: KernelPath
    ) {
        let plan = ConvolutionPlan(
            input: input.shape, filter: filter.shape, output: output.shape, groups: groups, geometry: geometry)
        let layout = plan.layout
        precondition(scratch.count >= layout.byteCount, "Conv2D scratch too small")
        let packed = layout.packedPanel(in: scratch)
        let parameters = layout.channelParameters(in: scratch)
        let rowBlock = layout.rowBlock(in: scratch)
        let outputChannels = output.shape.c
        let pixelCount = output.shape.n * output.shape.h * output.shape.w

        for group in 0..<groups {
            for panel in 0..<layout.panelCount {
                let firstColumn = panel * PackedGEMMLayout.tileColumns
                let firstChannel = group * layout.columns + firstColumn
                let columns = Swift.min(PackedGEMMLayout.tileColumns, layout.columns - firstColumn)
                layout.packPanel(filter.data + firstChannel * layout.depth, channels: columns, into: packed)
                parameters.fill(
                    bias: bias, requantization: requantization, firstChannel: firstChannel, channels: columns)
                var tile = PackedGEMMTile(
                    rowBlock: UnsafePointer(rowBlock), rowStride: layout.rowStride, panel: UnsafePointer(packed),
                    pairCount: layout.pairCount, parameters: parameters, zeroPoint: output.zeroPoint, clamp: clamp,
                    output: output.data + firstChannel, outputRowStride: outputChannels, rows: 0, columns: columns)

                var firstPixel = 0
                while firstPixel < pixelCount {
                    let rows = Swift.min(PackedGEMMLayout.tileRows, pixelCount - firstPixel)
                    plan.gather(
                        pixels: firstPixel, count: rows, group: group, input: input, into: rowBlock,
                        rowStride: layout.rowStride)
                    tile.rows = rows
                    tile.output = output.data + firstPixel * outputChannels + firstChannel
                    tile.run(path: path)
                    firstPixel += rows
                }
            }
        }
    }
}

/// Sizes and the im2col gather of one convolution, derived from validated shapes.
struct ConvolutionPlan {
    let input: Shape
    let output: Shape
    let kernelH: Int
    let kernelW: Int
    let groupInputChannels: Int
    let geometry: ConvolutionGeometry
    let layout: PackedGEMMLayout
    /// 1×1 kernel and no padding: every tap is inside the input and is one contiguous run.
    let isPointwise: Bool
    /// Pointwise, stride 1, output as large as the input, one group and an even depth: the
    /// rows of consecutive output pixels are consecutive in the input, so a whole block is one
    /// contiguous widen.
    let isContiguousPointwise: Bool
    /// One group and no horizontal dilation: the `kw` taps of a kernel row that lie inside
    /// the input are one contiguous run of `kw · C` bytes.
    let hasContiguousKernelRows: Bool

    init(input: Shape, filter: Shape, output: Shape, groups: Int, geometry: ConvolutionGeometry) {
        self.input = input
        self.output = output
        kernelH = filter.h
        kernelW = filter.w
        groupInputChannels = filter.c
        self.geometry = geometry
        layout = PackedGEMMLayout(depth: filter.h * filter.w * filter.c, columns: output.c / groups)
        isPointwise = filter.h == 1 && filter.w == 1 && geometry.padTop == 0 && geometry.padLeft == 0
        isContiguousPointwise = isPointwise && groups == 1 && geometry.strideH == 1 && geometry.strideW == 1
            && output.h == input.h && output.w == input.w && filter.c % 2 == 0
        hasContiguousKernelRows = groups == 1 && geometry.dilationW == 1
    }

    /// Writes the receptive fields of output pixels `pixels ..< pixels + count` (flattened
    /// n, y, x) as int16 rows `x - inZP`, zero for padding taps and the odd tail; rows after
    /// `count` up to `tileRows` are zeroed.
    func gather(
        pixels first: Int, count: Int, group: Int, input tensor: Int8Tensor,
        into rows: UnsafeMutablePointer<Int16>, rowStride: Int
    ) {
        let zeroPoint = Int16(truncatingIfNeeded: tensor.zeroPoint)
        let channels = groupInputChannels
        if isContiguousPointwise {
            // rowStride == depth == C: the block is `count` consecutive input pixels.
            widen(tensor.data + first * channels, count: count * channels, subtracting: zeroPoint, into: rows)
            if count < PackedGEMMLayout.tileRows {
                (rows + count * rowStride).update(
                    repeating: 0, count: (PackedGEMMLayout.tileRows - count) * rowStride)
            }
            return
        }
        let rowRun = kernelW * channels
        let channelOffset = group * channels
        // Output coordinates of the first pixel; later rows step along x (no division per row).
        var x = first % output.w
        var y = (first / output.w) % output.h
        var batch = first / (output.w * output.h)
        for r in 0..<PackedGEMMLayout.tileRows {
            let row = rows + r * rowStride
            guard r < count else {
                row.update(repeating: 0, count: rowStride)
                continue
            }
            defer {
                x += 1
                if x == output.w {
                    x = 0
                    y += 1
                    if y == output.h {
                        y = 0
                        batch += 1
                    }
                }
            }
            let originY = y * geometry.strideH - geometry.padTop
            let originX = x * geometry.strideW - geometry.padLeft
            let image = tensor.data + batch * input.elementsPerBatch + channelOffset
            if isPointwise {
                widen(image + (originY * input.w + originX) * input.c, count: channels, subtracting: zeroPoint, into: row)
            } else {
                var destination = row
                for ky in 0..<kernelH {
                    let inputY = originY + ky * geometry.dilationH
                    guard inputY >= 0 && inputY < input.h else {
                        destination.update(repeating: 0, count: rowRun)
                        destination += rowRun
                        continue
                    }
                    let inputRow = image + inputY * input.w * input.c
                    if hasContiguousKernelRows && originX >= 0 && originX + kernelW <= input.w {
                        widen(inputRow + originX * input.c, count: rowRun, subtracting: zeroPoint, into: destination)
                        destination += rowRun
                        continue
                    }
                    for kx in 0..<kernelW {
                        let inputX = originX + kx * geometry.dilationW
                        if inputX >= 0 && inputX < input.w {
                            widen(inputRow + inputX * input.c, count: channels, subtracting: zeroPoint, into: destination)
                        } else {
                            destination.update(repeating: 0, count: channels)
                        }
                        destination += channels
                    }
                }
            }
            if layout.depth < rowStride { row[layout.depth] = 0 }
        }
    }
}
