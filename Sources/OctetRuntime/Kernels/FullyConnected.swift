/// Fully connected: weights packed offline (`PackedWeights` of the `[outC][inC]` matrix: blocks
/// of 16 output channels × groups of 4 input features), input flattened NHWC per batch item
/// (`inC = input.elementsPerBatch`), output `[n, 1, 1, outC]`, per-channel requantization.
///
/// It is the packed GEMM with one row per batch item, read in place when `inC` is a multiple
/// of 4 (otherwise copied into scratch with a zero tail). Overflow bound as for `Conv2D`.
public enum FullyConnected {
    /// Bytes of arena scratch `run` needs: none when `inC` is a multiple of 4, else four rows of
    /// `ceil(inC/4)·4` bytes.
    public static func scratchByteCount(input: Shape, output: Shape) -> Int {
        let gemm = PackedGEMMShape(depth: input.elementsPerBatch, columns: output.c)
        return gemm.depth == gemm.paddedDepth ? 0 : PackedGEMMShape.tileRows * gemm.paddedDepth
    }

    public static func run(
        input: Int8Tensor, weights: PackedWeights, clamp: ActivationClamp, output: MutableInt8Tensor,
        scratch: UnsafeMutableRawBufferPointer, path: KernelPath = .preferred
    ) {
        let shape = PackedGEMMShape(depth: input.shape.elementsPerBatch, columns: output.shape.c)
        precondition(weights.shape == shape, "FullyConnected weights packed for another shape")
        let copies = shape.depth != shape.paddedDepth
        precondition(!copies || scratch.count >= PackedGEMMShape.tileRows * shape.paddedDepth,
                     "FullyConnected scratch too small")
        let gemm = PackedGEMM(weights: weights, output: output, clamp: clamp, path: path)
        let block = scratch.baseAddress?.assumingMemoryBound(to: Int8.self)
        var first = 0
        while first < input.shape.n {
            let count = Swift.min(PackedGEMMShape.tileRows, input.shape.n - first)
            var rows = GEMMRows(first: input.data)
            for r in 0..<count {
                let source = input.data + (first + r) * shape.depth
                if copies {
                    let row = block! + r * shape.paddedDepth
                    copyBytes(source, to: row, count: shape.depth)
                    fillBytes(row + shape.depth, with: 0, count: shape.paddedDepth - shape.depth)
                    rows.append(UnsafePointer(row))
                } else {
                    rows.append(source)
                }
            }
            gemm.multiply(rows: rows, firstRow: first, group: 0)
            first += count
        }
    }
}
