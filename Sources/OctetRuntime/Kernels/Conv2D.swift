/// 2-D convolution, NHWC int8 input, OHWI int8 filter `[outC, kh, kw, inC / groups]`, int32
/// bias, per-output-channel requantization, fused activation clamp.
///
/// Every output is `clamp(outZP + M_c · (bias[c] + Σ w · (x - inZP)))`; taps that fall in
/// the padding contribute nothing (they read `inZP`). The work is an im2col + packed GEMM
/// (`PackedGEMMLayout`): per group the filters are packed once into scratch, then output
/// pixels are gathered four at a time and multiplied by every panel of 16 channels.
/// A 1×1 convolution without padding gathers each pixel with one contiguous widen (no
/// window arithmetic). Depthwise convolutions should use `DepthwiseConv2D`.
public enum Conv2D {
    /// Bytes of arena scratch `run` needs (packed filters of one group, packed channel
    /// parameters, and a four-row im2col block); the same on every target.
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
        let packed = layout.packedWeights(in: scratch)
        let parameters = layout.channelParameters(in: scratch)
        let rowBlock = layout.rowBlock(in: scratch)
        let outputChannels = output.shape.c
        let pixelCount = output.shape.n * output.shape.h * output.shape.w

        for group in 0..<groups {
            let firstChannel = group * layout.columns
            layout.packWeights(filter.data + firstChannel * layout.depth, into: packed)
            parameters.fill(
                bias: bias, requantization: requantization, firstChannel: firstChannel, channels: layout.columns)
            var tile = PackedGEMMTile(
                rowBlock: UnsafePointer(rowBlock), rowStride: layout.rowStride, panel: UnsafePointer(packed),
                pairCount: layout.pairCount, parameters: parameters, zeroPoint: output.zeroPoint, clamp: clamp,
                output: output.data, outputRowStride: outputChannels, rows: 0, columns: 0)

            var firstPixel = 0
            while firstPixel < pixelCount {
                let rows = Swift.min(PackedGEMMLayout.tileRows, pixelCount - firstPixel)
                plan.gather(
                    pixels: firstPixel, count: rows, group: group, input: input, into: rowBlock,
                    rowStride: layout.rowStride)
                tile.rows = rows
                for panel in 0..<layout.panelCount {
                    let firstColumn = panel * PackedGEMMLayout.tileColumns
                    tile.columns = Swift.min(PackedGEMMLayout.tileColumns, layout.columns - firstColumn)
                    tile.panel = UnsafePointer(packed + panel * layout.pairCount * PackedGEMMLayout.panelPairStride)
                    tile.parameters = parameters.advanced(by: firstColumn)
                    tile.output = output.data + firstPixel * outputChannels + firstChannel + firstColumn
                    tile.run(path: path)
                }
                firstPixel += rows
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

    init(input: Shape, filter: Shape, output: Shape, groups: Int, geometry: ConvolutionGeometry) {
        self.input = input
        self.output = output
        kernelH = filter.h
        kernelW = filter.w
        groupInputChannels = filter.c
        self.geometry = geometry
        layout = PackedGEMMLayout(depth: filter.h * filter.w * filter.c, columns: output.c / groups)
        isPointwise = filter.h == 1 && filter.w == 1 && geometry.padTop == 0 && geometry.padLeft == 0
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
                    for kx in 0..<kernelW {
                        let inputX = originX + kx * geometry.dilationW
                        if inputY >= 0 && inputY < input.h && inputX >= 0 && inputX < input.w {
                            widen(
                                image + (inputY * input.w + inputX) * input.c, count: channels,
                                subtracting: zeroPoint, into: destination)
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
