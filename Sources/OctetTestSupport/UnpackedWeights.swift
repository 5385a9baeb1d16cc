import OctetRuntime

/// Packed GEMM weights read back into the plain form the reference kernels take: one output
/// channel's weights after another, the bias without the folded `-inputZeroPoint · Σw`, and
/// one multiplier and shift per channel. Lets a reference interpreter run a model file.
public struct UnpackedWeights {
    public var values: [Int8]
    public var bias: [Int32]
    public var multipliers: [Int32]
    public var shifts: [Int32]

    public init(_ packed: PackedWeights, inputZeroPoint: Int32) {
        let shape = packed.shape
        let columns = PackedGEMMShape.blockColumns
        (values, bias, multipliers, shifts) = ([], [], [], [])
        for group in 0..<shape.groups {
            for column in 0..<shape.columns {
                let block = group * shape.blocksPerGroup + column / columns
                let lane = column % columns
                let panel = packed.panels + block * shape.panelByteCount
                for entry in 0..<shape.depth { values.append(panel[(entry / 4 * columns + lane) * 4 + entry % 4]) }
                let constants = packed.constants + block * PackedGEMMShape.constantsPerBlock
                func constant(_ kind: PackedGEMMShape.Constant) -> Int32 { constants[kind.rawValue * columns + lane] }
                bias.append(constant(.bias) &+ inputZeroPoint &* constant(.weightSum))
                multipliers.append(constant(.multiplier))
                shifts.append(constant(.leftShift) - constant(.rightShift))
            }
        }
    }
}
