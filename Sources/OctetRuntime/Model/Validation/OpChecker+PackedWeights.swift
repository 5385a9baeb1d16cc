extension OpChecker {
    /// Packed GEMM weights and constants (docs/FORMAT.md): the two tensors have exactly the
    /// shapes `shape` implies, every channel's requantization is in range, padding channels
    /// are all zero, and each Σw equals the sum of its packed weights. The last check is what
    /// keeps every kernel path bit-identical: only the unsigned-activation (VNNI) paths read Σw.
    func packedWeights(shape: PackedGEMMShape, weightsPosition: Int, constantsPosition: Int) throws(ModelError) {
        let weights = try required(weightsPosition, .constant(.int8))
        let constants = try required(constantsPosition, .constant(.int32))
        guard weights.zeroPoint == 0 else { throw fail(.quantizationMismatch(position: weightsPosition)) }
        guard weights.shape == shape.weightShape else { throw fail(.shapeMismatch(position: weightsPosition)) }
        guard constants.shape == shape.constantsShape else { throw fail(.shapeMismatch(position: constantsPosition)) }
        let panels = model.constantData(of: weights, as: Int8.self)
        let values = model.constantData(of: constants, as: Int32.self)
        let columns = PackedGEMMShape.blockColumns
        for block in 0..<shape.blockCount {
            let blockConstants = values + block * PackedGEMMShape.constantsPerBlock
            let panel = panels + block * shape.panelByteCount
            let realColumns = shape.columns - (block % shape.blocksPerGroup) * columns
            // Σw of the block's 16 channels in one pass over its bytes, in memory order (each
            // 4-byte group belongs to one channel).
            var sums: [16 of Int32] = .init(repeating: 0)
            var byte = panel
            for _ in 0..<shape.depthGroups {
                for channel in 0..<columns {
                    sums[channel] &+= Int32(byte[0]) &+ Int32(byte[1]) &+ Int32(byte[2]) &+ Int32(byte[3])
                    byte += 4
                }
            }
            for channel in 0..<columns {
                func constant(_ kind: PackedGEMMShape.Constant) -> Int32 {
                    Int32(littleEndian: blockConstants[kind.rawValue * columns + channel])
                }
                let sum = sums[channel]
                let multiplier = constant(.multiplier), left = constant(.leftShift), right = constant(.rightShift)
                let valid: Bool
                if channel < realColumns {
                    valid = (multiplier == 0 || multiplier >= 1 << 30) && (0...30).contains(left)
                        && (0...31).contains(right) && (left == 0 || right == 0) && constant(.weightSum) == sum
                } else {
                    valid = constant(.bias) == 0 && multiplier == 0 && left == 0 && right == 0
                        && constant(.weightSum) == 0 && sum == 0
                }
                guard valid else {
                    throw fail(.packedConstants(position: constantsPosition, block: block, channel: channel))
                }
            }
        }
    }
}
