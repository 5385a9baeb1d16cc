/// 2-D convolution, NHWC int8 input, weights packed offline (`PackedWeights`: per group, blocks
/// of 16 output channels × groups of 4 depth entries of the OHWI filter), per-output-channel
/// requantization, fused activation clamp.
///
/// Every output is `clamp(outZP + M_c · (bias[c] + Σ w · (x - inZP)))`; taps in the padding
/// contribute nothing. The bias in the model already holds `-inZP · Σw`, so the GEMM reads raw
/// int8 activations and padding taps read `inZP`. Output pixels go four at a time: their
/// receptive fields are gathered once (im2col, int8) and multiplied by every block of the group.
/// A 1×1 convolution without padding whose channel count is a multiple of 4 needs no gather:
/// its rows are the input pixels themselves. Depthwise convolutions use `DepthwiseConv2D`.
public enum Conv2D {
    /// Bytes of arena scratch `run` needs, the same on every target: none for a pointwise
    /// convolution read in place, otherwise four gathered rows of `ceil(K/4)·4` bytes
    /// (`K = kh·kw·inC/groups`), i.e. about `4·K` (3×3×32: 1,152 bytes).
    public static func scratchByteCount(input: Shape, output: Shape, kernelH: Int, kernelW: Int, groups: Int,
                                        geometry: ConvolutionGeometry) -> Int {
        let plan = ConvolutionPlan(input: input, output: output, kernelH: kernelH, kernelW: kernelW, groups: groups,
                                   geometry: geometry)
        return plan.readsInPlace ? 0 : PackedGEMMShape.tileRows * plan.gemm.paddedDepth
    }

    /// Runs the convolution on `KernelPath.preferred`'s microkernels.
    public static func run(
        input: Int8Tensor, weights: PackedWeights, kernelH: Int, kernelW: Int, geometry: ConvolutionGeometry,
        groups: Int, clamp: ActivationClamp, output: MutableInt8Tensor, scratch: UnsafeMutableRawBufferPointer,
        path: KernelPath = .preferred
    ) {
        let plan = ConvolutionPlan(input: input.shape, output: output.shape, kernelH: kernelH, kernelW: kernelW,
                                   groups: groups, geometry: geometry)
        precondition(weights.shape == plan.gemm, "Conv2D weights packed for another shape")
        let gemm = PackedGEMM(weights: weights, output: output, clamp: clamp, path: path)
        let pixelCount = output.shape.n * output.shape.h * output.shape.w
        let rowBytes = plan.gemm.paddedDepth
        if !plan.readsInPlace {
            precondition(scratch.count >= PackedGEMMShape.tileRows * rowBytes, "Conv2D scratch too small")
        }
        let block = scratch.baseAddress?.assumingMemoryBound(to: Int8.self)
        for group in 0..<groups {
            var pixel = OutputPixel()
            var firstPixel = 0
            while firstPixel < pixelCount {
                let count = Swift.min(PackedGEMMShape.tileRows, pixelCount - firstPixel)
                var rows = GEMMRows(first: input.data)
                for r in 0..<count {
                    if plan.readsInPlace {
                        rows.append(input.data + plan.inputOffset(of: pixel))
                    } else {
                        let row = block! + r * rowBytes
                        plan.gather(pixel, group: group, input: input, into: row)
                        rows.append(UnsafePointer(row))
                    }
                    pixel.advance(in: output.shape)
                }
                gemm.multiply(rows: rows, firstRow: firstPixel, group: group)
                firstPixel += count
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
    let geometry: ConvolutionGeometry
    let gemm: PackedGEMMShape
    /// Input channels per group (kept, not divided per pixel: a division costs ~25 cycles).
    let groupChannels: Int
    /// 1×1, no padding, one group and whole depth groups: each row is an input pixel, read in place.
    let readsInPlace: Bool
    /// One group and no horizontal dilation: the `kw` taps of a kernel row that lie inside
    /// the input are one contiguous run of `kw · C` bytes.
    let hasContiguousKernelRows: Bool
    /// Bytes between input rows, and the gathered bytes of one kernel row.
    let inputRowStride: Int
    let rowRun: Int

    init(input: Shape, output: Shape, kernelH: Int, kernelW: Int, groups: Int, geometry: ConvolutionGeometry) {
        self.input = input
        self.output = output
        self.kernelH = kernelH
        self.kernelW = kernelW
        self.geometry = geometry
        groupChannels = input.c / groups
        gemm = PackedGEMMShape(depth: kernelH * kernelW * groupChannels, columns: output.c / groups, groups: groups)
        readsInPlace = kernelH == 1 && kernelW == 1 && geometry.padTop == 0 && geometry.padLeft == 0 && groups == 1
            && input.c % PackedGEMMShape.depthGroupSize == 0
        hasContiguousKernelRows = groups == 1 && geometry.dilationW == 1
        inputRowStride = input.w * input.c
        rowRun = kernelW * groupChannels
    }

    /// Where a read-in-place pointwise row starts.
    func inputOffset(of pixel: OutputPixel) -> Int {
        ((pixel.batch * input.h + pixel.y * geometry.strideH) * input.w + pixel.x * geometry.strideW) * input.c
    }

    /// Writes the receptive field of `pixel` as `paddedDepth` int8: taps in the padding hold
    /// the input zero point (the bias already subtracts it), the depth tail holds 0.
    func gather(_ pixel: OutputPixel, group: Int, input tensor: Int8Tensor, into row: UnsafeMutablePointer<Int8>) {
        let (batch, y, x) = (pixel.batch, pixel.y, pixel.x)
        let zeroPoint = Int8(truncatingIfNeeded: tensor.zeroPoint)
        let channels = groupChannels
        let originY = y * geometry.strideH - geometry.padTop
        let originX = x * geometry.strideW - geometry.padLeft
        let image = tensor.data + batch * input.elementsPerBatch + group * channels
        var destination = row
        if hasContiguousKernelRows && originX >= 0 && originX &+ kernelW <= input.w && originY >= 0
            && originY &+ (kernelH &- 1) &* geometry.dilationH < input.h {
            // The whole window lies inside the input (most pixels): one run per kernel row.
            var source = image + (originY &* inputRowStride &+ originX &* input.c)
            let step = geometry.dilationH &* inputRowStride
            for _ in 0..<kernelH {
                copyBytes(source, to: destination, count: rowRun)
                source += step
                destination += rowRun
            }
            fillBytes(destination, with: 0, count: gemm.paddedDepth &- gemm.depth)
            return
        }
        for ky in 0..<kernelH {
            let inputY = originY + ky * geometry.dilationH
            guard inputY >= 0 && inputY < input.h else {
                fillBytes(destination, with: zeroPoint, count: rowRun)
                destination += rowRun
                continue
            }
            let inputRow = image + inputY * inputRowStride
            if hasContiguousKernelRows && originX >= 0 && originX + kernelW <= input.w {
                copyBytes(inputRow + originX * input.c, to: destination, count: rowRun)
                destination += rowRun
                continue
            }
            for kx in 0..<kernelW {
                let inputX = originX + kx * geometry.dilationW
                if inputX >= 0 && inputX < input.w {
                    copyBytes(inputRow + inputX * input.c, to: destination, count: channels)
                } else {
                    fillBytes(destination, with: zeroPoint, count: channels)
                }
                destination += channels
            }
        }
        fillBytes(destination, with: 0, count: gemm.paddedDepth - gemm.depth)
    }
}

/// An output pixel's coordinates, stepped in NHWC order (no division per pixel).
struct OutputPixel {
    var batch = 0, y = 0, x = 0

    @inline(__always)
    mutating func advance(in shape: Shape) {
        x += 1
        guard x == shape.w else { return }
        x = 0
        y += 1
        guard y == shape.h else { return }
        y = 0
        batch += 1
    }
}
