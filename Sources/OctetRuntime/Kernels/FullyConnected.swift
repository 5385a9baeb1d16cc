/// Fully connected: weights `[outC, 1, 1, inC]` (row `o` is output channel `o`'s weights),
/// input flattened NHWC per batch item (`inC = input.elementsPerBatch`), output
/// `[n, 1, 1, outC]`, per-channel requantization.
///
/// Each batch item is widened once into scratch as int16 `x - inZP`, then every output is a
/// dot product with an int8 weight row read in place (AVX2: four rows at a time, 16 depth
/// entries per `vpmaddwd`). Overflow bound as for `Conv2D`: `inC < 2^16`.
public enum FullyConnected {
    /// Bytes of arena scratch `run` needs: one widened input row, padded to 16 entries.
    public static func scratchByteCount(input: Shape, weights: Shape, output: Shape) -> Int {
        paddedDepth(weights.c) * 2
    }

    public static func run(
        input: Int8Tensor, weights: Int8Weights, bias: UnsafePointer<Int32>,
        requantization: ChannelRequantization, clamp: ActivationClamp, output: MutableInt8Tensor,
        scratch: UnsafeMutableRawBufferPointer
    ) {
        run(
            input: input, weights: weights, bias: bias, requantization: requantization, clamp: clamp,
            output: output, scratch: scratch, path: .preferred)
    }

    @usableFromInline
    static func run(
        input: Int8Tensor, weights: Int8Weights, bias: UnsafePointer<Int32>,
        requantization: ChannelRequantization, clamp: ActivationClamp, output: MutableInt8Tensor,
        scratch: UnsafeMutableRawBufferPointer, path: KernelPath
    ) {
        let depth = weights.shape.c
        let outputChannels = weights.shape.n
        precondition(scratch.count >= scratchByteCount(input: input.shape, weights: weights.shape, output: output.shape),
                     "FullyConnected scratch too small")
        let row = scratch.baseAddress!.assumingMemoryBound(to: Int16.self)
        let zeroPoint = Int16(truncatingIfNeeded: input.zeroPoint)
        for batch in 0..<input.shape.n {
            widen(input.data + batch * depth, count: depth, subtracting: zeroPoint, into: row)
            (row + depth).update(repeating: 0, count: paddedDepth(depth) - depth)
            let product = FullyConnectedRow(
                input: UnsafePointer(row), depth: depth, weights: weights.data, bias: bias,
                requantization: requantization, zeroPoint: output.zeroPoint, clamp: clamp,
                output: output.data + batch * outputChannels, outputChannels: outputChannels)
            switch path {
            case .portable: product.runPortable(from: 0)
            #if OCTET_AVX2
            case .avx2: product.runAVX2()
            #endif
            }
        }
    }

    static func paddedDepth(_ depth: Int) -> Int { (depth + 15) & ~15 }
}

/// All outputs of one batch item.
struct FullyConnectedRow {
    let input: UnsafePointer<Int16>
    let depth: Int
    let weights: UnsafePointer<Int8>
    let bias: UnsafePointer<Int32>
    let requantization: ChannelRequantization
    let zeroPoint: Int32
    let clamp: ActivationClamp
    let output: UnsafeMutablePointer<Int8>
    let outputChannels: Int

    /// Outputs `first ..< outputChannels`, one dot product each.
    func runPortable(from first: Int) {
        for o in first..<outputChannels {
            let row = weights + o * depth
            var accumulator = bias[o]
            for i in 0..<depth {
                accumulator = accumulator &+ Int32(row[i]) &* Int32(input[i])
            }
            store(accumulator, channel: o)
        }
    }

    @inline(__always)
    func store(_ accumulator: Int32, channel o: Int) {
        output[o] = Requantize.output(
            accumulator, multiplier: requantization.multipliers[o], shift: requantization.shifts[o],
            zeroPoint: zeroPoint, clamp: clamp)
    }
}
