import CMicrokernels

/// Max pooling on int8 (input and output share scale and zero point): the maximum of the
/// window's taps that lie inside the input, then the activation clamp. Channel-contiguous
/// loops that vectorize.
///
/// In place (`Model.writesInPlace`): the output pixel starts as a copy of the window's first
/// tap, which is either the very bytes it occupies or lies wholly after them (tap positions
/// are whole pixels, at or after the output pixel's), and every other tap lies after both; so
/// no tap is read after it is overwritten.
///
/// On the x86 paths (all of which have AVX2) `CMicrokernels/Pool_x86.h` takes 32 channels per
/// `vpmaxsb`; the same bytes, the same in-place rule.
public enum MaxPool2D {
    public static func run(
        input: Int8Tensor, geometry: PoolGeometry, clamp: ActivationClamp, output: MutableInt8Tensor,
        path: KernelPath = .preferred
    ) {
        #if arch(x86_64)
        if path.runsAVX2Kernels {
            var op = OctetPool(
                input: input.data, batches: Int32(input.shape.n), inputHeight: Int32(input.shape.h),
                inputWidth: Int32(input.shape.w), channels: Int32(input.shape.c), kernelHeight: Int32(geometry.kernelH),
                kernelWidth: Int32(geometry.kernelW), strideH: Int32(geometry.strideH), strideW: Int32(geometry.strideW),
                padTop: Int32(geometry.padTop), padLeft: Int32(geometry.padLeft), output: output.data,
                outputHeight: Int32(output.shape.h), outputWidth: Int32(output.shape.w), clampMin: clamp.min,
                clampMax: clamp.max)
            octet_maxpool_avx2(&op)
            return
        }
        #endif
        let channels = input.shape.c
        let lowest = Int8(truncatingIfNeeded: clamp.min), highest = Int8(truncatingIfNeeded: clamp.max)
        forEachWindow(input: input.shape, output: output.shape, geometry: geometry) { window in
            let destination = output.data + window.outputOffset
            var first = true
            window.forEachTap { tapOffset in
                let source = input.data + tapOffset
                if first {
                    if source != UnsafePointer(destination) { copyBytes(source, to: destination, count: channels) }
                    first = false
                } else {
                    for c in 0..<channels { destination[c] = Swift.max(destination[c], source[c]) }
                }
            }
            for c in 0..<channels { destination[c] = Swift.min(Swift.max(destination[c], lowest), highest) }
        }
    }
}

/// Average pooling on int8 (input and output share scale and zero point), as TFLite: the sum
/// of the taps inside the input divided by their count, rounding half away from zero, then
/// the activation clamp. A global average pool is the window covering the whole input.
///
/// Channels are summed 16 at a time in an int32 vector register (no scratch), and stored after
/// every tap is read, so the output may overwrite its input in place (as `MaxPool2D`); a sum of
/// up to 2^24 int8 taps cannot overflow. Every window must overlap the input (the loader
/// checks the geometry); an empty window would output 0 before the clamp.
public enum AveragePool2D {
    public static func run(input: Int8Tensor, geometry: PoolGeometry, clamp: ActivationClamp, output: MutableInt8Tensor) {
        let channels = input.shape.c
        forEachWindow(input: input.shape, output: output.shape, geometry: geometry) { window in
            let destination = output.data + window.outputOffset
            let count = Int32(window.tapCount)
            var block = 0
            while block + 16 <= channels {
                var sums = SIMD16<Int32>()
                window.forEachTap { tapOffset in
                    let values = UnsafeRawPointer(input.data + tapOffset + block).loadUnaligned(as: SIMD16<Int8>.self)
                    sums &+= SIMD16<Int32>(truncatingIfNeeded: values)
                }
                for lane in 0..<16 {
                    destination[block + lane] = average(sums[lane], count: count, clamp: clamp)
                }
                block += 16
            }
            for c in block..<channels {
                var sum: Int32 = 0
                window.forEachTap { tapOffset in sum &+= Int32(input.data[tapOffset + c]) }
                destination[c] = average(sum, count: count, clamp: clamp)
            }
        }
    }

    /// TFLite's rounding: `(sum ± count / 2) / count`, truncating, so halves go away from zero.
    @inline(__always)
    static func average(_ sum: Int32, count: Int32, clamp: ActivationClamp) -> Int8 {
        guard count > 0 else { return Int8(truncatingIfNeeded: Swift.min(Swift.max(0, clamp.min), clamp.max)) }
        let rounded = sum > 0 ? (sum &+ count / 2) / count : (sum &- count / 2) / count
        return Int8(truncatingIfNeeded: Swift.min(Swift.max(rounded, clamp.min), clamp.max))
    }
}

/// One pooling window clipped to the input: element offsets of its taps' first channel.
struct PoolWindow {
    var outputOffset: Int
    var rowStart: Int
    var rowEnd: Int
    var columnStart: Int
    var columnEnd: Int
    var imageOffset: Int
    var rowStride: Int
    var channels: Int

    var tapCount: Int { (rowEnd - rowStart) * (columnEnd - columnStart) }

    @inline(__always)
    func forEachTap(_ body: (Int) -> Void) {
        for y in rowStart..<rowEnd {
            for x in columnStart..<columnEnd {
                body(imageOffset + y * rowStride + x * channels)
            }
        }
    }
}

/// Calls `body` for every output pixel with its window clipped to the input.
@inline(__always)
func forEachWindow(input: Shape, output: Shape, geometry: PoolGeometry, _ body: (PoolWindow) -> Void) {
    for batch in 0..<output.n {
        for y in 0..<output.h {
            let originY = y * geometry.strideH - geometry.padTop
            for x in 0..<output.w {
                let originX = x * geometry.strideW - geometry.padLeft
                let rowStart = Swift.max(originY, 0), rowEnd = Swift.min(originY + geometry.kernelH, input.h)
                let columnStart = Swift.max(originX, 0), columnEnd = Swift.min(originX + geometry.kernelW, input.w)
                body(PoolWindow(
                    outputOffset: ((batch * output.h + y) * output.w + x) * output.c,
                    rowStart: rowStart, rowEnd: Swift.max(rowEnd, rowStart),
                    columnStart: columnStart, columnEnd: Swift.max(columnEnd, columnStart),
                    imageOffset: batch * input.elementsPerBatch, rowStride: input.w * input.c, channels: input.c))
            }
        }
    }
}
