/// Fully connected: weights packed offline (`PackedWeights` of the `[outC][inC]` matrix: blocks
/// of 16 output channels × groups of 4 input features), per-channel requantization. As in
/// TFLite, the output's rows are every position but the channel (`rows = N·H·W` of the
/// output) and the input is read as `rows × inC` in NHWC order: an output `[n, 1, 1, outC]`
/// flattens each batch item (`inC = H·W·C`), one of `[n, h, w, outC]` applies the layer to
/// every pixel (`inC = C`, TFLite's `keep_num_dims`).
///
/// It is the packed GEMM with one row per output row, read in place when `inC` is a multiple
/// of 4 (otherwise copied into scratch with a zero tail). Overflow bound as for `Conv2D`.
public enum FullyConnected {
    /// Output rows: every output position but the channel.
    public static func rowCount(output: Shape) -> Int { output.n * output.h * output.w }

    /// Input features per row, `inC`. The loader checks that the rows divide the input.
    public static func depth(input: Shape, output: Shape) -> Int { input.elementCount / rowCount(output: output) }

    /// Bytes of arena scratch `run` needs: none when `inC` is a multiple of 4, else four rows of
    /// `ceil(inC/4)·4` bytes.
    public static func scratchByteCount(input: Shape, output: Shape) -> Int {
        let gemm = PackedGEMMShape(depth: depth(input: input, output: output), columns: output.c)
        return gemm.depth == gemm.paddedDepth ? 0 : PackedGEMMShape.tileRows * gemm.paddedDepth
    }

    public static func run(
        input: Int8Tensor, weights: PackedWeights, clamp: ActivationClamp, output: MutableInt8Tensor,
        scratch: UnsafeMutableRawBufferPointer, path: KernelPath = .preferred
    ) {
        let shape = PackedGEMMShape(depth: depth(input: input.shape, output: output.shape), columns: output.shape.c)
        precondition(weights.shape == shape, "FullyConnected weights packed for another shape")
        let copies = shape.depth != shape.paddedDepth
        precondition(!copies || scratch.count >= PackedGEMMShape.tileRows * shape.paddedDepth,
                     "FullyConnected scratch too small")
        let gemm = PackedGEMM(weights: weights, output: output, clamp: clamp, path: path)
        let block = scratch.baseAddress?.assumingMemoryBound(to: Int8.self)
        var first = 0
        let rows = rowCount(output: output.shape)
        while first < rows {
            let count = Swift.min(PackedGEMMShape.tileRows, rows - first)
            var tile = GEMMRows(first: input.data)
            for r in 0..<count {
                let source = input.data + (first + r) * shape.depth
                if copies {
                    let row = block! + r * shape.paddedDepth
                    copyBytes(source, to: row, count: shape.depth)
                    fillBytes(row + shape.depth, with: 0, count: shape.paddedDepth - shape.depth)
                    tile.append(UnsafePointer(row))
                } else {
                    tile.append(source)
                }
            }
            gemm.multiply(rows: tile, firstRow: first, group: 0)
            first += count
        }
    }
}
