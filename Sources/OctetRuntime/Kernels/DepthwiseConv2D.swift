/// Depthwise 2-D convolution: filter 1HWC `[1, kh, kw, inC · multiplier]`; output channel
/// `oc` reads input channel `oc / multiplier`. Per output channel,
/// `clamp(outZP + M_oc · (bias[oc] + Σ_taps w · (x - inZP)))`, padding taps contribute nothing.
///
/// Fast path: a 3×3 kernel with multiplier 1. For output pixels whose nine taps all lie
/// inside the input, `-inZP · Σw` is folded into the bias once per invoke, so the inner
/// loop is nine multiply-adds per channel on raw int8 (AVX2: eight channels per register,
/// accumulators kept in registers across taps, then the 8-lane output stage). Border
/// pixels and every other shape take the general loop, which accumulates a pixel's channels
/// in an int32 row in scratch.
///
/// Overflow: `|w · (x - inZP)| ≤ 127 · 255`, so taps below 2^16 cannot overflow int32.
public enum DepthwiseConv2D {
    /// Bytes of arena scratch `run` needs; the same on every target.
    public static func scratchByteCount(input: Shape, filter: Shape, output: Shape, geometry: ConvolutionGeometry) -> Int {
        DepthwiseLayout(filter: filter).byteCount
    }

    public static func run(
        input: Int8Tensor, filter: Int8Weights, bias: UnsafePointer<Int32>,
        requantization: ChannelRequantization, geometry: ConvolutionGeometry, clamp: ActivationClamp,
        output: MutableInt8Tensor, scratch: UnsafeMutableRawBufferPointer
    ) {
        run(
            input: input, filter: filter, bias: bias, requantization: requantization, geometry: geometry,
            clamp: clamp, output: output, scratch: scratch, path: .preferred)
    }

    @usableFromInline
    static func run(
        input: Int8Tensor, filter: Int8Weights, bias: UnsafePointer<Int32>,
        requantization: ChannelRequantization, geometry: ConvolutionGeometry, clamp: ActivationClamp,
        output: MutableInt8Tensor, scratch: UnsafeMutableRawBufferPointer, path: KernelPath
    ) {
        let layout = DepthwiseLayout(filter: filter.shape)
        precondition(scratch.count >= layout.byteCount, "DepthwiseConv2D scratch too small")
        let channels = output.shape.c
        let parameters = layout.channelParameters(in: scratch)
        parameters.fill(bias: bias, requantization: requantization, firstChannel: 0, channels: channels)
        let kernel = DepthwiseKernel(
            input: input, filter: filter, geometry: geometry, clamp: clamp, output: output,
            multiplier: channels / input.shape.c, parameters: parameters,
            accumulators: layout.accumulators(in: scratch), foldedBias: layout.foldedBias(in: scratch),
            widenedWeights: layout.widenedWeights(in: scratch))
        kernel.run(path: path)
    }
}

/// Scratch of `DepthwiseConv2D`: packed channel parameters, the bias with `-inZP · Σw`
/// folded in, the filter widened to int32 (both for the 3×3 fast path), and one pixel's
/// int32 accumulators (general path). Channel arrays are padded to 16.
struct DepthwiseLayout {
    let paddedChannels: Int
    let taps: Int
    let parametersOffset: Int
    let foldedBiasOffset: Int
    let widenedWeightsOffset: Int
    let accumulatorsOffset: Int
    let byteCount: Int

    init(filter: Shape) {
        paddedChannels = (filter.c + 15) & ~15
        taps = filter.h * filter.w
        parametersOffset = 0
        foldedBiasOffset = PackedChannelParameters.arrayCount * paddedChannels * 4
        widenedWeightsOffset = foldedBiasOffset + paddedChannels * 4
        accumulatorsOffset = widenedWeightsOffset + taps * paddedChannels * 4
        byteCount = accumulatorsOffset + paddedChannels * 4
    }

    func channelParameters(in scratch: UnsafeMutableRawBufferPointer) -> PackedChannelParameters {
        PackedChannelParameters(base: int32s(scratch, parametersOffset), count: paddedChannels)
    }
    func foldedBias(in scratch: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<Int32> {
        int32s(scratch, foldedBiasOffset)
    }
    func widenedWeights(in scratch: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<Int32> {
        int32s(scratch, widenedWeightsOffset)
    }
    func accumulators(in scratch: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<Int32> {
        int32s(scratch, accumulatorsOffset)
    }
    private func int32s(_ scratch: UnsafeMutableRawBufferPointer, _ offset: Int) -> UnsafeMutablePointer<Int32> {
        (scratch.baseAddress! + offset).assumingMemoryBound(to: Int32.self)
    }
}

struct DepthwiseKernel {
    let input: Int8Tensor
    let filter: Int8Weights
    let geometry: ConvolutionGeometry
    let clamp: ActivationClamp
    let output: MutableInt8Tensor
    let multiplier: Int
    let parameters: PackedChannelParameters
    let accumulators: UnsafeMutablePointer<Int32>
    let foldedBias: UnsafeMutablePointer<Int32>
    let widenedWeights: UnsafeMutablePointer<Int32>

    var channels: Int { output.shape.c }

    func run(path: KernelPath) {
        let isThreeByThree = filter.shape.h == 3 && filter.shape.w == 3 && multiplier == 1
        #if OCTET_AVX2
        if isThreeByThree && path == .avx2 && channels >= 16 {
            prepareAVX2()
            run3x3AVX2()
            return
        }
        #endif
        if isThreeByThree { prepareFastPath() }
        let out = output.shape
        let interior = isThreeByThree ? interiorColumns() : 0..<0
        for batch in 0..<out.n {
            for y in 0..<out.h {
                let originY = y * geometry.strideH - geometry.padTop
                let rowsInside = originY >= 0 && originY + 2 * geometry.dilationH < input.shape.h
                let fast = rowsInside ? interior : 0..<0
                let rowOutput = output.data + (batch * out.h + y) * out.w * channels
                for x in 0..<out.w where !fast.contains(x) {
                    runGeneral(
                        batch: batch, originY: originY, originX: x * geometry.strideW - geometry.padLeft,
                        destination: rowOutput + x * channels)
                }
                if !fast.isEmpty {
                    let originX = fast.lowerBound * geometry.strideW - geometry.padLeft
                    let origin = input.data
                        + ((batch * input.shape.h + originY) * input.shape.w + originX) * channels
                    runInterior3x3(
                        origin: origin, destination: rowOutput + fast.lowerBound * channels, pixels: fast.count,
                        path: path)
                }
            }
        }
    }

    /// Output columns whose three taps along x all lie inside the input.
    func interiorColumns() -> Range<Int> {
        let stride = geometry.strideW, pad = geometry.padLeft
        let first = (pad + stride - 1) / stride
        // Last column: x · stride - pad + 2 · dilation ≤ width - 1.
        let limit = input.shape.w - 1 - 2 * geometry.dilationW + pad
        let end = limit < 0 ? first : Swift.min(output.shape.w, limit / stride + 1)
        return first..<Swift.max(first, end)
    }

    /// Widens the filter to int32 and folds `-inZP · Σw` into the bias.
    private func prepareFastPath() {
        let taps = filter.shape.h * filter.shape.w
        let stride = parameters.count
        for c in 0..<parameters.count {
            var sum: Int32 = 0
            for tap in 0..<taps {
                let weight: Int32 = c < channels ? Int32(filter.data[tap * channels + c]) : 0
                widenedWeights[tap * stride + c] = weight
                sum = sum &+ weight
            }
            foldedBias[c] = parameters.bias[c] &- input.zeroPoint &* sum
        }
    }

    /// `pixels` consecutive output pixels of one row whose nine taps all lie inside the input:
    /// `foldedBias + Σ w · x`. `origin` is the first pixel's top-left tap.
    private func runInterior3x3(
        origin: UnsafePointer<Int8>, destination: UnsafeMutablePointer<Int8>, pixels: Int, path: KernelPath
    ) {
        var firstPortableChannel = 0
        #if OCTET_AVX2
        if path == .avx2 {
            firstPortableChannel = runInterior3x3AVX2(origin: origin, destination: destination, pixels: pixels)
        }
        #endif
        guard firstPortableChannel < channels else { return }
        let rowStep = geometry.dilationH * input.shape.w * channels
        let columnStep = geometry.dilationW * channels
        let pixelStep = geometry.strideW * channels
        let stride = parameters.count
        for pixel in 0..<pixels {
            let pixelOrigin = origin + pixel * pixelStep
            let pixelDestination = destination + pixel * channels
            for c in firstPortableChannel..<channels { accumulators[c] = foldedBias[c] }
            for ky in 0..<3 {
                for kx in 0..<3 {
                    let source = pixelOrigin + ky * rowStep + kx * columnStep
                    let weights = widenedWeights + (ky * 3 + kx) * stride
                    for c in firstPortableChannel..<channels {
                        accumulators[c] = accumulators[c] &+ weights[c] &* Int32(source[c])
                    }
                }
            }
            for c in firstPortableChannel..<channels {
                pixelDestination[c] = parameters.output(
                    accumulators[c], channel: c, zeroPoint: output.zeroPoint, clamp: clamp)
            }
        }
    }

    /// Any kernel, multiplier and position: skips taps outside the input.
    private func runGeneral(batch: Int, originY: Int, originX: Int, destination: UnsafeMutablePointer<Int8>) {
        let zeroPoint = input.zeroPoint
        let inputChannels = input.shape.c
        for c in 0..<channels { accumulators[c] = parameters.bias[c] }
        for ky in 0..<filter.shape.h {
            let inputY = originY + ky * geometry.dilationH
            guard inputY >= 0 && inputY < input.shape.h else { continue }
            for kx in 0..<filter.shape.w {
                let inputX = originX + kx * geometry.dilationW
                guard inputX >= 0 && inputX < input.shape.w else { continue }
                let source = input.data + ((batch * input.shape.h + inputY) * input.shape.w + inputX) * inputChannels
                let weights = filter.data + (ky * filter.shape.w + kx) * channels
                if multiplier == 1 {
                    for c in 0..<channels {
                        accumulators[c] = accumulators[c] &+ Int32(weights[c]) &* (Int32(source[c]) &- zeroPoint)
                    }
                } else {
                    for ic in 0..<inputChannels {
                        let value = Int32(source[ic]) &- zeroPoint
                        for m in 0..<multiplier {
                            let c = ic * multiplier + m
                            accumulators[c] = accumulators[c] &+ Int32(weights[c]) &* value
                        }
                    }
                }
            }
        }
        for c in 0..<channels {
            destination[c] = parameters.output(accumulators[c], channel: c, zeroPoint: output.zeroPoint, clamp: clamp)
        }
    }
}
