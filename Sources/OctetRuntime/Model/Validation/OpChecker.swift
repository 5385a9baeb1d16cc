/// Checks one op record: its operands against their roles, its parameters against their
/// ranges, and the arithmetic bounds the kernels rely on. Errors carry the op's index and
/// record offset.
struct OpChecker {
    let model: Model
    let index: Int
    let record: Int
    let op: OpInfo

    func fail(_ defect: OpDefect) -> ModelError {
        .invalidOp(index: index, recordOffset: record, defect)
    }

    func expectOperandCount(_ expected: Int) throws(ModelError) {
        guard op.operandCount == expected else { throw fail(.operandCount(expected: expected, actual: op.operandCount)) }
    }

    /// The operand at `position`, checked for `role`. Returns nil only for an absent scratch.
    func operand(_ position: Int, _ role: OperandRole) throws(ModelError) -> TensorInfo? {
        let raw = op.operand(position)
        if raw == -1 && role == .scratch { return nil }
        guard raw >= 0, raw < model.tensorCount else {
            throw fail(.operandIndexOutOfRange(position: position, index: Int32(truncatingIfNeeded: raw)))
        }
        let tensor = model.tensor(raw)
        switch role {
        case .input:
            guard tensor.storage == .arena else { throw fail(.operandKind(position: position)) }
            guard tensor.isAlive(at: index) else { throw fail(.notAlive(position: position)) }
            guard model.isGraphInput(raw) || (tensor.firstStep < index && model.producedTensor(at: tensor.firstStep) == raw)
            else { throw fail(.dataflow(position: position)) }
        case .output:
            guard tensor.storage == .arena else { throw fail(.operandKind(position: position)) }
            guard tensor.firstStep == index else { throw fail(.notAlive(position: position)) }
            guard !model.isGraphInput(raw) else { throw fail(.dataflow(position: position)) }
        case .constant(let type):
            guard tensor.storage == .constant, tensor.elementType == type else {
                throw fail(.operandKind(position: position))
            }
        case .scratch:
            guard tensor.storage == .arena else { throw fail(.operandKind(position: position)) }
            guard tensor.isAlive(at: index) else { throw fail(.notAlive(position: position)) }
            guard !model.isGraphInput(raw), model.producedTensor(at: tensor.firstStep) != raw else {
                throw fail(.dataflow(position: position))
            }
        }
        return tensor
    }

    /// A required operand (any role but an absent scratch).
    func required(_ position: Int, _ role: OperandRole) throws(ModelError) -> TensorInfo {
        try operand(position, role)!
    }

    /// Parameter slots from `used` on must be zero.
    func expectUnusedParametersZero(from used: Int) throws(ModelError) {
        for slot in used..<FormatLayout.Op.parameterCount where op.parameter(slot) != 0 {
            throw fail(.parameter(slot: slot, value: op.parameter(slot)))
        }
    }

    /// Parameter `slot` as an Int in `range`.
    func parameter(_ slot: Int, in range: ClosedRange<Int32>) throws(ModelError) -> Int {
        let value = op.parameter(slot)
        guard range.contains(value) else { throw fail(.parameter(slot: slot, value: value)) }
        return Int(value)
    }

    /// A positive size parameter (kernel, stride, dilation, groups).
    func positive(_ slot: Int) throws(ModelError) -> Int {
        try parameter(slot, in: 1...Int32(FormatLayout.maximumDimension))
    }

    /// A padding parameter.
    func padding(_ slot: Int) throws(ModelError) -> Int {
        try parameter(slot, in: 0...Int32(FormatLayout.maximumDimension))
    }

    /// Clamp bounds in the int8 range with min <= max.
    func clamp(minSlot: Int, maxSlot: Int) throws(ModelError) -> ActivationClamp {
        let low = try parameter(minSlot, in: -128...127)
        let high = try parameter(maxSlot, in: Int32(low)...127)
        return ActivationClamp(min: Int32(low), max: Int32(high))
    }

    /// A Q31 multiplier (0 or in [2^30, 2^31)) and shift in [-31, 31] from two slots.
    func quantizedMultiplier(multiplierSlot: Int, shiftSlot: Int) throws(ModelError) -> QuantizedMultiplier {
        let multiplier = try parameter(multiplierSlot, in: 0...Int32.max)
        guard multiplier == 0 || multiplier >= 1 << 30 else {
            throw fail(.parameter(slot: multiplierSlot, value: Int32(multiplier)))
        }
        let shift = try parameter(shiftSlot, in: -31...31)
        return QuantizedMultiplier(multiplier: Int32(multiplier), shift: Int32(shift))
    }

    /// Per-channel multipliers and shifts: `channels` of each, in the same ranges as above.
    func channelRequantization(multipliers: TensorInfo, shifts: TensorInfo, channels: Int,
                               positions: (Int, Int)) throws(ModelError) {
        guard multipliers.shape.elementCount == channels else { throw fail(.shapeMismatch(position: positions.0)) }
        guard shifts.shape.elementCount == channels else { throw fail(.shapeMismatch(position: positions.1)) }
        let m = model.constantData(of: multipliers, as: Int32.self)
        let s = model.constantData(of: shifts, as: Int32.self)
        for channel in 0..<channels {
            let multiplier = Int32(littleEndian: m[channel])
            guard multiplier == 0 || multiplier >= 1 << 30 else { throw fail(.operandKind(position: positions.0)) }
            let shift = Int32(littleEndian: s[channel])
            guard shift >= -31 && shift <= 31 else { throw fail(.operandKind(position: positions.1)) }
        }
    }

    /// The output extent of a window sweep must be exactly what the tensors say.
    func expectOutputExtent(input: Int, window: Int, stride: Int, padBefore: Int, padAfter: Int,
                            output: Int, position: Int) throws(ModelError) {
        let padded = input + padBefore + padAfter
        guard padded >= window, (padded - window) / stride + 1 == output else {
            throw fail(.shapeMismatch(position: position))
        }
    }
}

extension Model {
    /// The tensor written by the op at `step`, or -1 if that record is unreadable.
    /// Reads are checked because it may be called on a record not yet validated.
    func producedTensor(at step: Int) -> Int {
        guard step >= 0, step < opCount else { return -1 }
        let record = opRecordOffset(step)
        guard let count = try? reader.uint32(record + FormatLayout.Op.operandCount),
            let start = try? reader.uint32(record + FormatLayout.Op.operandsStart), count > 0,
            Int(start) <= operandEntryCount, Int(count) <= operandEntryCount - Int(start),
            let raw = try? reader.int32(operandTableOffset + 4 * (Int(start) + Int(count) - 1))
        else { return -1 }
        return Int(raw)
    }
}
