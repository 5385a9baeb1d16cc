import CMicrokernels

/// Depthwise 2-D convolution: filter 1HWC `[1, kh, kw, inC · multiplier]` (channels contiguous,
/// the order the channel loops read); output channel `oc` reads input channel `oc / multiplier`.
/// Per output channel, `clamp(outZP + M_oc · (bias[oc] + Σ_taps w · (x - inZP)))`; taps in the
/// padding contribute nothing.
///
/// Per output pixel, an int32 accumulator row in scratch collects the taps that lie inside
/// the input, channel-contiguous (with multiplier 1 the loop vectorizes on every target); then
/// each channel is requantized.
///
/// On the x86 paths (all of which have AVX2), multipliers 1 to 16 run `CMicrokernels/Depthwise_x86.h`:
/// 16 output channels per step with 16-bit products, no scratch used; the bytes are the same.
///
/// Overflow: `|w · (x - inZP)| ≤ 127 · 255`, so taps below 2^16 cannot overflow int32.
public enum DepthwiseConv2D {
    /// Bytes of arena scratch `run` needs: one int32 per output channel, rounded up to 16 bytes.
    public static func scratchByteCount(input: Shape, filter: Shape, output: Shape, geometry: ConvolutionGeometry) -> Int {
        (4 * filter.c + 15) & ~15
    }

    public static func run(
        input: Int8Tensor, filter: Int8Weights, bias: UnsafePointer<Int32>,
        requantization: ChannelRequantization, geometry: ConvolutionGeometry, clamp: ActivationClamp,
        output: MutableInt8Tensor, scratch: UnsafeMutableRawBufferPointer, path: KernelPath = .preferred
    ) {
        #if arch(x86_64)
        if path.runsAVX2Kernels {
            var op = OctetDepthwise(
                input: input.data, batches: Int32(input.shape.n), inputHeight: Int32(input.shape.h),
                inputWidth: Int32(input.shape.w), inputChannels: Int32(input.shape.c), channels: Int32(output.shape.c),
                filter: filter.data,
                kernelHeight: Int32(filter.shape.h), kernelWidth: Int32(filter.shape.w),
                strideH: Int32(geometry.strideH), strideW: Int32(geometry.strideW),
                dilationH: Int32(geometry.dilationH), dilationW: Int32(geometry.dilationW),
                padTop: Int32(geometry.padTop), padLeft: Int32(geometry.padLeft), output: output.data,
                outputHeight: Int32(output.shape.h), outputWidth: Int32(output.shape.w), bias: bias,
                multiplier: requantization.multipliers, shift: requantization.shifts, inputZeroPoint: input.zeroPoint,
                outputZeroPoint: output.zeroPoint, clampMin: clamp.min, clampMax: clamp.max)
            if octet_depthwise_avx2_supports(&op) != 0 {
                octet_depthwise_avx2(&op)
                return
            }
        }
        #endif
        precondition(scratch.count >= 4 * output.shape.c, "DepthwiseConv2D scratch too small")
        let accumulators = scratch.baseAddress!.assumingMemoryBound(to: Int32.self)
        let channels = output.shape.c, inputChannels = input.shape.c
        let multiplier = channels / inputChannels
        let zeroPoint = input.zeroPoint
        let inS = input.shape, outS = output.shape
        var destination = output.data
        for batch in 0..<outS.n {
            for y in 0..<outS.h {
                let originY = y * geometry.strideH - geometry.padTop
                for x in 0..<outS.w {
                    let originX = x * geometry.strideW - geometry.padLeft
                    accumulators.update(from: bias, count: channels)
                    for ky in 0..<filter.shape.h {
                        let inputY = originY + ky * geometry.dilationH
                        guard inputY >= 0 && inputY < inS.h else { continue }
                        for kx in 0..<filter.shape.w {
                            let inputX = originX + kx * geometry.dilationW
                            guard inputX >= 0 && inputX < inS.w else { continue }
                            let source = input.data + ((batch * inS.h + inputY) * inS.w + inputX) * inputChannels
                            let weights = filter.data + (ky * filter.shape.w + kx) * channels
                            if multiplier == 1 {
                                for c in 0..<channels {
                                    accumulators[c] = accumulators[c] &+ Int32(weights[c]) &* (Int32(source[c]) &- zeroPoint)
                                }
                            } else {
                                for c in 0..<channels {
                                    let value = Int32(source[c / multiplier]) &- zeroPoint
                                    accumulators[c] = accumulators[c] &+ Int32(weights[c]) &* value
                                }
                            }
                        }
                    }
                    for c in 0..<channels {
                        destination[c] = Requantize.output(
                            accumulators[c], multiplier: requantization.multipliers[c], shift: requantization.shifts[c],
                            zeroPoint: output.zeroPoint, clamp: clamp)
                    }
                    destination += channels
                }
            }
        }
    }
}
