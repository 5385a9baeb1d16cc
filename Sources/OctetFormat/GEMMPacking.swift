import OctetRuntime

/// Quantized weights of a Conv2D or FullyConnected layer as the quantizer produces them, one
/// output channel after another (OHWI filters, `[out][in]` matrices), with the int32 bias and
/// Q31 requantization of each output channel.
public struct QuantizedWeights: Sendable {
    public var values: [Int8]
    public var bias: [Int32]
    public var requantization: [QuantizedMultiplier]

    public init(values: [Int8], bias: [Int32], requantization: [QuantizedMultiplier]) {
        precondition(bias.count == requantization.count, "one bias and one multiplier per output channel")
        self.values = values
        self.bias = bias
        self.requantization = requantization
    }

    public var outputChannels: Int { bias.count }
}

/// The writer's half of the packed GEMM layout (`PackedGEMMShape` is the runtime's half): it
/// turns `QuantizedWeights` into the weight panels and per-block constants the microkernels
/// read in place. This is TFLite Micro's "Prepare", done once, offline.
public enum GEMMPacking {
    /// Panels of `shape`: `panel[block][g][c][j]` = weight `4g + j` of the block's channel `c`,
    /// zero past the depth and past the last channel of each group.
    public static func panels(_ weights: QuantizedWeights, shape: PackedGEMMShape) -> [Int8] {
        precondition(weights.values.count == shape.groups * shape.columns * shape.depth, "weights do not match shape")
        let columns = PackedGEMMShape.blockColumns
        var panels = [Int8](repeating: 0, count: shape.blockCount * shape.panelByteCount)
        forEachChannel(of: shape) { block, column, channel in
            let source = channel * shape.depth
            for entry in 0..<shape.depth {
                panels[block * shape.panelByteCount + (entry / 4 * columns + column) * 4 + entry % 4] =
                    weights.values[source + entry]
            }
        }
        return panels
    }

    /// Constants of `shape` (`[block][bias, multiplier, leftShift, rightShift, Σw][16]`), with
    /// `-inputZeroPoint · Σw` folded into the bias (wrapping, as the kernels add) and all-zero
    /// padding channels.
    public static func constants(_ weights: QuantizedWeights, shape: PackedGEMMShape, inputZeroPoint: Int32) -> [Int32] {
        let columns = PackedGEMMShape.blockColumns
        var constants = [Int32](repeating: 0, count: shape.blockCount * PackedGEMMShape.constantsPerBlock)
        forEachChannel(of: shape) { block, column, channel in
            var sum: Int32 = 0
            for entry in 0..<shape.depth { sum &+= Int32(weights.values[channel * shape.depth + entry]) }
            func set(_ kind: PackedGEMMShape.Constant, _ value: Int32) {
                constants[block * PackedGEMMShape.constantsPerBlock + kind.rawValue * columns + column] = value
            }
            let shift = weights.requantization[channel].shift
            set(.bias, weights.bias[channel] &- inputZeroPoint &* sum)
            set(.multiplier, weights.requantization[channel].multiplier)
            set(.leftShift, max(shift, 0))
            set(.rightShift, max(-shift, 0))
            set(.weightSum, sum)
        }
        return constants
    }

    /// Calls `body(block, column in block, output channel)` for every real output channel.
    private static func forEachChannel(of shape: PackedGEMMShape, _ body: (Int, Int, Int) -> Void) {
        for group in 0..<shape.groups {
            for column in 0..<shape.columns {
                let block = group * shape.blocksPerGroup + column / PackedGEMMShape.blockColumns
                body(block, column % PackedGEMMShape.blockColumns, group * shape.columns + column)
            }
        }
    }
}
