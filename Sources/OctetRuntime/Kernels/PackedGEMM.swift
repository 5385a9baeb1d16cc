import CMicrokernels

/// The packed int8 GEMM behind `Conv2D` and `FullyConnected`: `C[M×N] = A[M×K] · B[K×N]`, where
/// a row of `A` is one output pixel's receptive field (im2col, raw int8) and a column of `B` is
/// one output channel's weights, packed offline by the quantizer into 16-channel blocks of
/// 4-entry depth groups (`CMicrokernels/GEMMContract.h` has the byte layout and the exact
/// arithmetic every microkernel implements). The per-channel constants (bias with
/// `-inputZeroPoint·Σw` folded in, Q31 multiplier, left and right shift, Σw) are stored beside
/// the weights, so `invoke()` never repacks or prepares anything.
///
/// Overflow: activations are int8 and weights in [-127, 127], so one product is below 2^14 in
/// magnitude and `K < 2^16` products plus the bias fit in int32 whenever the true result does;
/// every sum wraps, which gives the exact result whenever it fits.
public struct PackedGEMMShape: Equatable, Sendable {
    public static let blockColumns = Int(OCTET_GEMM_COLUMNS)
    public static let depthGroupSize = Int(OCTET_GEMM_DEPTH_GROUP)
    public static let tileRows = Int(OCTET_GEMM_ROWS)
    /// Int32 constants per block: bias, multiplier, left shift, right shift, Σw (16 each).
    public static let constantsPerBlock = 5 * blockColumns
    /// The five constant arrays of a block, in storage order.
    public enum Constant: Int {
        case bias = 0, multiplier, leftShift, rightShift, weightSum
    }

    /// `K`: kernel height × width × input channels per group (or input features).
    public let depth: Int
    /// `N`: output channels per group.
    public let columns: Int
    public let groups: Int

    public init(depth: Int, columns: Int, groups: Int = 1) {
        self.depth = depth
        self.columns = columns
        self.groups = groups
    }

    /// `K` in groups of four; the last group is zero-padded.
    public var depthGroups: Int { (depth + 3) / 4 }
    /// Depth of one gathered row: `K` rounded up to whole groups.
    public var paddedDepth: Int { depthGroups * 4 }
    public var blocksPerGroup: Int { (columns + Self.blockColumns - 1) / Self.blockColumns }
    public var blockCount: Int { groups * blocksPerGroup }
    /// Bytes of one block's weights.
    public var panelByteCount: Int { depthGroups * 4 * Self.blockColumns }
    /// The packed weight tensor's shape: `[blocks, depth groups, 16, 4]`.
    public var weightShape: Shape { Shape(n: blockCount, h: depthGroups, w: Self.blockColumns, c: 4) }
    /// The constants tensor's shape: `[blocks, 1, 5, 16]` int32.
    public var constantsShape: Shape { Shape(n: blockCount, h: 1, w: 5, c: Self.blockColumns) }
}

/// Packed weights and their constants, read in place from the model.
public struct PackedWeights {
    public var shape: PackedGEMMShape
    /// `shape.blockCount` panels of `shape.panelByteCount` bytes.
    public var panels: UnsafePointer<Int8>
    /// `shape.blockCount` blocks of `PackedGEMMShape.constantsPerBlock` int32.
    public var constants: UnsafePointer<Int32>

    @inlinable
    public init(shape: PackedGEMMShape, panels: UnsafePointer<Int8>, constants: UnsafePointer<Int32>) {
        self.shape = shape
        self.panels = panels
        self.constants = constants
    }
}

/// Up to `tileRows` row pointers for one microkernel call; unused entries repeat the first.
struct GEMMRows {
    var pointers: [4 of UnsafePointer<Int8>]
    var count = 0

    init(first: UnsafePointer<Int8>) {
        pointers = .init(repeating: first)
    }

    @inline(__always)
    mutating func append(_ row: UnsafePointer<Int8>) {
        pointers[count] = row
        count += 1
    }
}

/// Runs the GEMM for rows supplied four at a time by the caller (pixels of a convolution, or
/// batch items of a fully connected layer).
struct PackedGEMM {
    let weights: PackedWeights
    let output: MutableInt8Tensor
    let clamp: ActivationClamp
    let path: KernelPath

    /// A path this CPU does not support runs as `.portable` (never an illegal instruction).
    init(weights: PackedWeights, output: MutableInt8Tensor, clamp: ActivationClamp, path: KernelPath) {
        self.weights = weights
        self.output = output
        self.clamp = clamp
        self.path = path.isSupported ? path : .portable
    }

    /// Multiplies the rows `rows[0 ..< rowCount]` (positions `firstRow ..< firstRow + rowCount`,
    /// at most `tileRows`) by every block of `group`, and stores the requantized results.
    func multiply(rows: GEMMRows, firstRow: Int, group: Int) {
        let shape = weights.shape
        let outputChannels = output.shape.c
        let firstBlock = group * shape.blocksPerGroup
        var tile = OctetGEMMTile()
        tile.rows = (rows.pointers[0], rows.pointers[1], rows.pointers[2], rows.pointers[3])
        tile.rowCount = Int32(rows.count)
        tile.depthGroups = Int32(shape.depthGroups)
        tile.zeroPoint = output.zeroPoint
        tile.clampMin = clamp.min
        tile.clampMax = clamp.max
        tile.outputRowStride = outputChannels
        for block in 0..<shape.blocksPerGroup {
            let firstColumn = block * PackedGEMMShape.blockColumns
            tile.panel = weights.panels + (firstBlock + block) * shape.panelByteCount
            tile.constants = UnsafeRawPointer(weights.constants + (firstBlock + block) * PackedGEMMShape.constantsPerBlock)
                .assumingMemoryBound(to: OctetChannelBlock.self)
            tile.output = output.data + firstRow * outputChannels + group * shape.columns + firstColumn
            tile.columns = Int32(Swift.min(PackedGEMMShape.blockColumns, shape.columns - firstColumn))
            run(&tile)
        }
    }

    @inline(__always)
    private func run(_ tile: inout OctetGEMMTile) {
        switch path {
        case .portable: tile.runPortable()
        #if arch(x86_64)
        case .avx2: octet_gemm_avx2(&tile)
        case .avxVNNI: octet_gemm_avxvnni(&tile)
        case .avx512VNNI: octet_gemm_avx512vnni(&tile)
        #else
        case .avx2, .avxVNNI, .avx512VNNI: tile.runPortable()
        #endif
        #if arch(arm64)
        case .neon: octet_gemm_neon(&tile)
        #else
        case .neon: tile.runPortable()
        #endif
        #if arch(arm)
        case .dsp: octet_gemm_dsp(&tile)
        #else
        case .dsp: tile.runPortable()
        #endif
        }
    }
}

extension OctetGEMMTile {
    /// The contract in plain Swift: one dot product per output, then the scalar output stage.
    func runPortable() {
        let constants = UnsafeRawPointer(self.constants!).assumingMemoryBound(to: Int32.self)
        let bias = constants, multiplier = constants + 16, leftShift = constants + 32, rightShift = constants + 48
        let outputClamp = ActivationClamp(min: clampMin, max: clampMax)
        withUnsafeBytes(of: rows) { rowPointers in
            for r in 0..<Int(rowCount) {
                let row = rowPointers.load(
                    fromByteOffset: r * MemoryLayout<UnsafePointer<Int8>?>.stride, as: UnsafePointer<Int8>?.self)!
                for c in 0..<Int(columns) {
                    var accumulator = bias[c]
                    var weights = panel! + 4 * c
                    var activations = row
                    for _ in 0..<Int(depthGroups) {
                        accumulator = accumulator &+ Int32(weights[0]) &* Int32(activations[0])
                            &+ Int32(weights[1]) &* Int32(activations[1])
                            &+ Int32(weights[2]) &* Int32(activations[2])
                            &+ Int32(weights[3]) &* Int32(activations[3])
                        weights += 64
                        activations += 4
                    }
                    output![r * outputRowStride + c] = Requantize.output(
                        accumulator, multiplier: multiplier[c], leftShift: leftShift[c], rightShift: rightShift[c],
                        zeroPoint: zeroPoint, clamp: outputClamp)
                }
            }
        }
    }
}
