extension Model {
    /// Decodes a tensor record without checking it; `validateTensor` checks the same fields.
    func decodeTensor(at record: Int) -> TensorInfo {
        typealias T = FormatLayout.Tensor
        let r = reader
        return TensorInfo(
            shape: Shape(
                n: Int(r.uncheckedInt32(record + T.shape)), h: Int(r.uncheckedInt32(record + T.shape + 4)),
                w: Int(r.uncheckedInt32(record + T.shape + 8)), c: Int(r.uncheckedInt32(record + T.shape + 12))),
            elementType: ElementType(rawValue: r.base.load(fromByteOffset: record + T.elementType, as: UInt8.self)) ?? .int8,
            storage: Storage(rawValue: r.base.load(fromByteOffset: record + T.storage, as: UInt8.self)) ?? .arena,
            scale: r.uncheckedFloat32(record + T.scale),
            zeroPoint: r.uncheckedInt32(record + T.zeroPoint),
            scalesOffset: Int(r.uncheckedUInt32(record + T.scalesOffset)),
            scaleAxis: Int(r.base.load(fromByteOffset: record + T.scaleAxis, as: UInt8.self)),
            dataOffset: Int(r.uncheckedUInt32(record + T.dataOffset)),
            byteLength: Int(r.uncheckedUInt32(record + T.byteLength)),
            firstStep: Int(r.uncheckedInt32(record + T.firstStep)),
            lastStep: Int(r.uncheckedInt32(record + T.lastStep)))
    }

    /// Checks one tensor record on its own: shape, type, quantization, and that its bytes lie
    /// inside the file (constants) or the arena (activations and scratch).
    func validateTensor(_ index: Int) throws(ModelError) {
        typealias T = FormatLayout.Tensor
        let record = tensorRecordOffset(index)
        func fail(_ defect: TensorDefect) -> ModelError {
            .invalidTensor(index: index, recordOffset: record, defect)
        }
        var count = 1
        for axis in 0..<4 {
            let dimension = try reader.int32(record + T.shape + 4 * axis)
            guard dimension >= 1, Int(dimension) <= FormatLayout.maximumDimension else {
                throw fail(.badDimension(axis: axis, value: dimension))
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow, product <= Int(Int32.max) else { throw fail(.elementCountOverflow) }
            count = product
        }
        let rawType = try reader.uint8(record + T.elementType)
        guard let elementType = ElementType(rawValue: rawType) else { throw fail(.unknownElementType(rawType)) }
        let rawStorage = try reader.uint8(record + T.storage)
        guard Storage(rawValue: rawStorage) != nil else { throw fail(.unknownStorage(rawStorage)) }
        let axis = try reader.uint8(record + T.scaleAxis)
        guard axis <= 3 else { throw fail(.badScaleAxis(axis)) }
        guard try reader.uint8(record + T.reserved) == 0 else {
            throw .reservedNotZero(offset: record + T.reserved)
        }
        let tensor = decodeTensor(at: record)

        let zeroPointRange: ClosedRange<Int32> = elementType == .int8 ? -128...127 : 0...0
        guard zeroPointRange.contains(tensor.zeroPoint) else { throw fail(.zeroPointOutOfRange(tensor.zeroPoint)) }
        guard tensor.scale.isFinite, tensor.scale >= 0, tensor.storage == .constant || tensor.scale > 0 else {
            throw fail(.badScale)
        }
        try validateChannelScales(of: tensor, fail: fail)
        let expectedLength = count * elementType.byteSize
        guard tensor.byteLength == expectedLength else {
            throw fail(.byteLengthMismatch(declared: tensor.byteLength, expected: expectedLength))
        }
        guard tensor.dataOffset % FormatLayout.alignment == 0 else { throw fail(.misalignedData(offset: tensor.dataOffset)) }

        switch tensor.storage {
        case .constant:
            guard tensor.dataOffset >= FormatLayout.Header.size, tensor.dataOffset <= reader.count,
                tensor.byteLength <= reader.count - tensor.dataOffset
            else { throw fail(.dataOutOfBounds(offset: tensor.dataOffset, length: tensor.byteLength)) }
            guard tensor.firstStep == -1, tensor.lastStep == -1 else {
                throw fail(.badLifetime(first: Int32(truncatingIfNeeded: tensor.firstStep), last: Int32(truncatingIfNeeded: tensor.lastStep)))
            }
        case .arena:
            guard elementType == .int8 else { throw fail(.arenaTensorNotInt8) }
            guard tensor.dataOffset <= arenaSize, tensor.byteLength <= arenaSize - tensor.dataOffset else {
                throw fail(.arenaOutOfBounds(offset: tensor.dataOffset, length: tensor.byteLength, arenaSize: arenaSize))
            }
            guard tensor.firstStep >= 0, tensor.firstStep <= tensor.lastStep, tensor.lastStep < opCount else {
                throw fail(.badLifetime(first: Int32(truncatingIfNeeded: tensor.firstStep), last: Int32(truncatingIfNeeded: tensor.lastStep)))
            }
        }
    }

    /// Per-channel scales, when present, lie inside the file and are positive and finite.
    private func validateChannelScales(of tensor: TensorInfo, fail: (TensorDefect) -> ModelError) throws(ModelError) {
        guard tensor.scalesOffset != 0 else { return }
        let count = tensor.channelScaleCount
        guard tensor.scalesOffset % 4 == 0, tensor.scalesOffset >= FormatLayout.Header.size,
            tensor.scalesOffset <= reader.count, 4 * count <= reader.count - tensor.scalesOffset
        else { throw fail(.scalesOutOfBounds(offset: tensor.scalesOffset)) }
        for channel in 0..<count {
            let scale = reader.uncheckedFloat32(tensor.scalesOffset + 4 * channel)
            guard scale.isFinite, scale > 0 else { throw fail(.badScale) }
        }
    }

    /// Graph inputs are arena tensors alive from step 0; outputs are alive at the last step.
    /// (That no op writes an input and some op writes each output is checked per op.)
    func validateGraphEnds() throws(ModelError) {
        guard inputCount > 0 else { throw .invalidGraph(.noInputs) }
        guard outputCount > 0 else { throw .invalidGraph(.noOutputs) }
        try checkOperandRange(start: inputsStart, count: inputCount)
        try checkOperandRange(start: outputsStart, count: outputCount)
        for position in 0..<inputCount {
            let index = try graphTensorIndex(inputsStart + position)
            let tensor = self.tensor(index)
            guard tensor.storage == .arena, tensor.firstStep == 0 else { throw .invalidGraph(.badInput(tensor: index)) }
        }
        for position in 0..<outputCount {
            let index = try graphTensorIndex(outputsStart + position)
            let tensor = self.tensor(index)
            guard tensor.storage == .arena, tensor.lastStep == opCount - 1 else {
                throw .invalidGraph(.badOutput(tensor: index))
            }
        }
    }

    /// `count` entries from `start` lie inside the operand table.
    func checkOperandRange(start: Int, count: Int) throws(ModelError) {
        guard start <= operandEntryCount, count <= operandEntryCount - start else {
            throw .sectionOutOfBounds(.operandTable, offset: operandTableOffset + 4 * min(start, operandEntryCount), length: 4 * min(count, operandEntryCount))
        }
    }

    private func graphTensorIndex(_ entry: Int) throws(ModelError) -> Int {
        let raw = reader.uncheckedInt32(operandTableOffset + 4 * entry)
        guard raw >= 0, Int(raw) < tensorCount else { throw .invalidGraph(.indexOutOfRange(index: raw)) }
        return Int(raw)
    }

    /// Whether tensor `index` is one of the graph's inputs (a scan of at most
    /// `FormatLayout.maximumGraphEnds` entries).
    func isGraphInput(_ index: Int) -> Bool {
        for position in 0..<inputCount where inputTensorIndex(position) == index { return true }
        return false
    }

    /// Whether tensor `index` is one of the graph's outputs (a scan of at most
    /// `FormatLayout.maximumGraphEnds` entries).
    func isGraphOutput(_ index: Int) -> Bool {
        for position in 0..<outputCount where outputTensorIndex(position) == index { return true }
        return false
    }

    /// A string section is `count` entries of a length byte and that many bytes, filling it exactly.
    func validateStrings(_ section: ModelSection, offset start: Int, length: Int, count: Int) throws(ModelError) {
        var offset = start
        let end = start + length
        for _ in 0..<count {
            guard offset < end else { throw .invalidStrings(section, offset: offset) }
            let entryLength = Int(try reader.uint8(offset))
            guard entryLength <= end - offset - 1 else { throw .invalidStrings(section, offset: offset) }
            offset += 1 + entryLength
        }
        guard offset == end else { throw .invalidStrings(section, offset: offset) }
    }
}
