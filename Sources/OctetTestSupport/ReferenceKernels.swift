import OctetFormat
import OctetRuntime

/// Plain scalar reference kernels: the definitions the optimized kernels must match bit for
/// bit. They follow TFLite's reference kernels loop for loop, use `TFLiteArithmetic`
/// (Int64 arithmetic) for requantization, and favour clarity over speed.
public enum Reference {
    /// TFLite per-channel output stage: `clamp(outZP + MultiplyByQuantizedMultiplier(acc))`.
    static func requantize(
        _ accumulator: Int32, _ requantization: ChannelRequantization, channel: Int, zeroPoint: Int32,
        clamp: ActivationClamp
    ) -> Int8 {
        // In Int64: the zero point never wraps the requantized value (which may reach ±2^31).
        let scaled = Int64(TFLiteArithmetic.multiplyByQuantizedMultiplier(
            accumulator, requantization.multipliers[channel], requantization.shifts[channel])) + Int64(zeroPoint)
        return Int8(min(max(scaled, Int64(clamp.min)), Int64(clamp.max)))
    }

    /// Grouped convolution, OHWI filter `[outC, kh, kw, inC / groups]`.
    ///
    /// Accumulator bound: each product `w · (x - inZP)` is at most 127 · 255 < 2^15 in
    /// magnitude, so fewer than 2^16 taps plus a bias below 2^30 fit in int32.
    public static func conv2D(
        input: Int8Tensor, filter: Int8Weights, bias: UnsafePointer<Int32>, requantization: ChannelRequantization,
        geometry: ConvolutionGeometry, groups: Int, clamp: ActivationClamp, output: MutableInt8Tensor
    ) {
        let inS = input.shape, outS = output.shape, f = filter.shape
        let groupInputChannels = f.c
        let groupOutputChannels = outS.c / groups
        for b in 0..<outS.n {
            for oy in 0..<outS.h {
                for ox in 0..<outS.w {
                    for oc in 0..<outS.c {
                        let group = oc / groupOutputChannels
                        var accumulator = bias[oc]
                        for ky in 0..<f.h {
                            for kx in 0..<f.w {
                                let iy = oy * geometry.strideH - geometry.padTop + ky * geometry.dilationH
                                let ix = ox * geometry.strideW - geometry.padLeft + kx * geometry.dilationW
                                guard iy >= 0 && iy < inS.h && ix >= 0 && ix < inS.w else { continue }
                                for ic in 0..<groupInputChannels {
                                    let x = Int32(input.data[((b * inS.h + iy) * inS.w + ix) * inS.c + group * groupInputChannels + ic])
                                    let w = Int32(filter.data[((oc * f.h + ky) * f.w + kx) * f.c + ic])
                                    accumulator += w * (x - input.zeroPoint)
                                }
                            }
                        }
                        output.data[((b * outS.h + oy) * outS.w + ox) * outS.c + oc] = requantize(
                            accumulator, requantization, channel: oc, zeroPoint: output.zeroPoint, clamp: clamp)
                    }
                }
            }
        }
    }

    /// Depthwise convolution, filter `[1, kh, kw, inC · multiplier]`; output channel `oc`
    /// reads input channel `oc / multiplier`.
    public static func depthwiseConv2D(
        input: Int8Tensor, filter: Int8Weights, bias: UnsafePointer<Int32>, requantization: ChannelRequantization,
        geometry: ConvolutionGeometry, clamp: ActivationClamp, output: MutableInt8Tensor
    ) {
        let inS = input.shape, outS = output.shape, f = filter.shape
        let multiplier = outS.c / inS.c
        for b in 0..<outS.n {
            for oy in 0..<outS.h {
                for ox in 0..<outS.w {
                    for oc in 0..<outS.c {
                        var accumulator = bias[oc]
                        for ky in 0..<f.h {
                            for kx in 0..<f.w {
                                let iy = oy * geometry.strideH - geometry.padTop + ky * geometry.dilationH
                                let ix = ox * geometry.strideW - geometry.padLeft + kx * geometry.dilationW
                                guard iy >= 0 && iy < inS.h && ix >= 0 && ix < inS.w else { continue }
                                let x = Int32(input.data[((b * inS.h + iy) * inS.w + ix) * inS.c + oc / multiplier])
                                let w = Int32(filter.data[(ky * f.w + kx) * f.c + oc])
                                accumulator += w * (x - input.zeroPoint)
                            }
                        }
                        output.data[((b * outS.h + oy) * outS.w + ox) * outS.c + oc] = requantize(
                            accumulator, requantization, channel: oc, zeroPoint: output.zeroPoint, clamp: clamp)
                    }
                }
            }
        }
    }

    /// Fully connected, weights `[outC, 1, 1, inC]`, as TFLite: the output's positions are the
    /// rows, the input is read as rows × inC.
    public static func fullyConnected(
        input: Int8Tensor, weights: Int8Weights, bias: UnsafePointer<Int32>, requantization: ChannelRequantization,
        clamp: ActivationClamp, output: MutableInt8Tensor
    ) {
        let depth = weights.shape.c, outputChannels = weights.shape.n
        for b in 0..<(output.shape.elementCount / outputChannels) {
            for o in 0..<outputChannels {
                var accumulator = bias[o]
                for i in 0..<depth {
                    accumulator += Int32(weights.data[o * depth + i]) * (Int32(input.data[b * depth + i]) - input.zeroPoint)
                }
                output.data[b * outputChannels + o] = requantize(
                    accumulator, requantization, channel: o, zeroPoint: output.zeroPoint, clamp: clamp)
            }
        }
    }

    /// Max (`average == false`) or average pooling, TFLite's reference loops.
    public static func pool(
        input: Int8Tensor, geometry: PoolGeometry, clamp: ActivationClamp, output: MutableInt8Tensor, average: Bool
    ) {
        let inS = input.shape, outS = output.shape
        for b in 0..<outS.n {
            for oy in 0..<outS.h {
                for ox in 0..<outS.w {
                    for c in 0..<outS.c {
                        let originY = oy * geometry.strideH - geometry.padTop
                        let originX = ox * geometry.strideW - geometry.padLeft
                        var sum: Int32 = 0, count: Int32 = 0, maximum: Int32 = -128
                        for ky in 0..<geometry.kernelH {
                            for kx in 0..<geometry.kernelW {
                                let iy = originY + ky, ix = originX + kx
                                guard iy >= 0 && iy < inS.h && ix >= 0 && ix < inS.w else { continue }
                                let x = Int32(input.data[((b * inS.h + iy) * inS.w + ix) * inS.c + c])
                                sum += x
                                count += 1
                                maximum = max(maximum, x)
                            }
                        }
                        var value = maximum
                        if average {
                            value = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count
                        }
                        output.data[((b * outS.h + oy) * outS.w + ox) * outS.c + c] = Int8(min(max(value, clamp.min), clamp.max))
                    }
                }
            }
        }
    }

    /// TFLite integer_ops `AddElementwise`, each input rescaled per element (no tables).
    public static func add(input1: Int8Tensor, input2: Int8Tensor, rescaling p: AddRescaling, output: MutableInt8Tensor) {
        for i in 0..<output.shape.elementCount {
            let value1 = (Int32(input1.data[i]) - input1.zeroPoint) * (1 << p.leftShift)
            let value2 = (Int32(input2.data[i]) - input2.zeroPoint) * (1 << p.leftShift)
            let scaled1 = TFLiteArithmetic.multiplyByQuantizedMultiplier(value1, p.input1.multiplier, p.input1.shift)
            let scaled2 = TFLiteArithmetic.multiplyByQuantizedMultiplier(value2, p.input2.multiplier, p.input2.shift)
            output.data[i] = addOutput(scaled1 + scaled2, p.output, p.clamp, output.zeroPoint)
        }
    }

    /// The same from a model's operands: each input's rescale read from its 256-entry table.
    public static func add(
        input1: Int8Tensor, input2: Int8Tensor, table1: UnsafePointer<Int32>, table2: UnsafePointer<Int32>,
        output multiplier: QuantizedMultiplier, clamp: ActivationClamp, output: MutableInt8Tensor
    ) {
        for i in 0..<output.shape.elementCount {
            let sum = table1[Int(input1.data[i]) + 128] + table2[Int(input2.data[i]) + 128]
            output.data[i] = addOutput(sum, multiplier, clamp, output.zeroPoint)
        }
    }

    /// ADD's output stage: `MultiplyByQuantizedMultiplierSmallerThanOneExp`, zero point, clamp.
    private static func addOutput(_ sum: Int32, _ m: QuantizedMultiplier, _ clamp: ActivationClamp, _ zeroPoint: Int32) -> Int8 {
        let raw = TFLiteArithmetic.multiplyByQuantizedMultiplier(sum, m.multiplier, m.shift) + zeroPoint
        return Int8(min(max(raw, clamp.min), clamp.max))
    }

    /// Concatenation of one input into its slice of the output along NHWC `axis`, from `offset`:
    /// a copy, or with `rescale` each value requantized as `requantize(input:multiplier:output:)`
    /// does it (from the input's zero point to the output's).
    public static func concatenate(
        input: Int8Tensor, into output: MutableInt8Tensor, axis: Int, offset: Int, rescale: QuantizedMultiplier? = nil
    ) {
        func converted(_ x: Int8) -> Int8 {
            guard let m = rescale else { return x }
            let scaled = Int64(TFLiteArithmetic.multiplyByQuantizedMultiplier(Int32(x) - input.zeroPoint, m.multiplier, m.shift))
                + Int64(output.zeroPoint)
            return Int8(min(max(scaled, -128), 127))
        }
        let s = input.shape, o = output.shape
        for b in 0..<s.n {
            for y in 0..<s.h {
                for x in 0..<s.w {
                    for c in 0..<s.c {
                        var at = [b, y, x, c]
                        at[axis] += offset
                        output.data[((at[0] * o.h + at[1]) * o.w + at[2]) * o.c + at[3]] =
                            converted(input.data[((b * s.h + y) * s.w + x) * s.c + c])
                    }
                }
            }
        }
    }

    /// Padding of height, width and channels with `fill` (TFLite PAD: the output zero point; PADV2: its constant).
    public static func pad(
        input: Int8Tensor, padTop: Int, padLeft: Int, padFront: Int, fill: Int8, output: MutableInt8Tensor
    ) {
        let inS = input.shape, outS = output.shape
        for b in 0..<outS.n {
            for y in 0..<outS.h {
                for x in 0..<outS.w {
                    for oc in 0..<outS.c {
                        let iy = y - padTop, ix = x - padLeft, c = oc - padFront
                        let inside = iy >= 0 && iy < inS.h && ix >= 0 && ix < inS.w && c >= 0 && c < inS.c
                        output.data[((b * outS.h + y) * outS.w + x) * outS.c + oc] = inside
                            ? input.data[((b * inS.h + iy) * inS.w + ix) * inS.c + c]
                            : fill
                    }
                }
            }
        }
    }
}
