import OctetFormat
import OctetRuntime
import Testing

@Suite("Model tensor, op and arena validation")
struct TensorAndOpValidationTests {
    typealias T = FormatLayout.Tensor
    typealias O = FormatLayout.Op

    /// The sample model's first op is a 3×3 Conv2D 3→8: operands input, packed weights,
    /// packed constants, scratch, output. Its second is a depthwise convolution whose filter
    /// carries per-channel scales.
    let model: ModelBytes
    let input: Int
    let filter: Int
    let constants: Int
    let convOutput: Int
    let depthwiseFilter: Int

    init() throws {
        model = try ModelBytes.sample()
        input = Int(model.int32(at: model.operandEntry(op: 0, position: 0)))
        filter = Int(model.int32(at: model.operandEntry(op: 0, position: 1)))
        constants = Int(model.int32(at: model.operandEntry(op: 0, position: 2)))
        convOutput = Int(model.int32(at: model.operandEntry(op: 0, position: 4)))
        depthwiseFilter = Int(model.int32(at: model.operandEntry(op: 1, position: 1)))
    }

    func tensorRecord(_ index: Int) -> Int { model.tensorField(index, 0) }
    func opRecord(_ index: Int) -> Int { model.opField(index, 0) }

    func corrupt(_ offset: Int, _ value: Int32) -> ModelError? {
        var copy = model
        copy.set(value, at: offset)
        return copy.loadError()
    }

    @Test("a zero dimension names the tensor, its record and the axis")
    func zeroDimension() {
        #expect(corrupt(model.tensorField(filter, T.shape + 4), 0)
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .badDimension(axis: 1, value: 0)))
    }

    @Test("a shape whose element count overflows is rejected before any size is computed")
    func elementCountOverflow() {
        var copy = model
        for axis in 0..<4 { copy.set(Int32(1 << 16), at: model.tensorField(filter, T.shape + 4 * axis)) }
        #expect(copy.loadError()
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .elementCountOverflow))
    }

    @Test("unknown element type and storage")
    func unknownTypeAndStorage() {
        let typeAndStorage = model.tensorField(filter, T.elementType)
        let original = model.int32(at: typeAndStorage)
        #expect(corrupt(typeAndStorage, (original & ~0xFF) | 9)
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .unknownElementType(9)))
        #expect(corrupt(typeAndStorage, (original & ~0xFF00) | 0x0700)
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .unknownStorage(7)))
    }

    @Test("constant data outside the file or misaligned")
    func constantDataOffsets() {
        let length = Int(model.uint32(at: model.tensorField(filter, T.byteLength)))
        let total = model.bytes.count
        #expect(corrupt(model.tensorField(filter, T.dataOffset), Int32(total))
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .dataOutOfBounds(offset: total, length: length)))
        #expect(corrupt(model.tensorField(filter, T.dataOffset), Int32.max - 15)
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .dataOutOfBounds(offset: Int(Int32.max - 15), length: length)))
        let offset = Int(model.uint32(at: model.tensorField(filter, T.dataOffset)))
        #expect(corrupt(model.tensorField(filter, T.dataOffset), Int32(offset + 4))
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .misalignedData(offset: offset + 4)))
    }

    @Test("byte length must match the shape")
    func byteLengthMismatch() {
        let length = Int(model.uint32(at: model.tensorField(filter, T.byteLength)))
        #expect(corrupt(model.tensorField(filter, T.byteLength), Int32(length + 1))
            == .invalidTensor(index: filter, recordOffset: tensorRecord(filter), .byteLengthMismatch(declared: length + 1, expected: length)))
    }

    @Test("zero point and scale ranges")
    func quantizationRanges() {
        #expect(corrupt(model.tensorField(input, T.zeroPoint), 200)
            == .invalidTensor(index: input, recordOffset: tensorRecord(input), .zeroPointOutOfRange(200)))
        #expect(corrupt(model.tensorField(input, T.scale), Int32(bitPattern: Float(-1).bitPattern))
            == .invalidTensor(index: input, recordOffset: tensorRecord(input), .badScale))
        #expect(corrupt(model.tensorField(input, T.scale), Int32(bitPattern: Float.infinity.bitPattern))
            == .invalidTensor(index: input, recordOffset: tensorRecord(input), .badScale))
        #expect(corrupt(model.tensorField(depthwiseFilter, T.scalesOffset), Int32(model.bytes.count - 8))
            == .invalidTensor(index: depthwiseFilter, recordOffset: tensorRecord(depthwiseFilter),
                              .scalesOutOfBounds(offset: model.bytes.count - 8)))
    }

    @Test("arena tensors must fit the arena and have ordered lifetimes inside the op list")
    func arenaBoundsAndLifetimes() {
        let arenaSize = Int(model.uint32(at: FormatLayout.Header.arenaSize))
        let length = Int(model.uint32(at: model.tensorField(convOutput, T.byteLength)))
        #expect(corrupt(model.tensorField(convOutput, T.dataOffset), Int32(arenaSize))
            == .invalidTensor(index: convOutput, recordOffset: tensorRecord(convOutput),
                              .arenaOutOfBounds(offset: arenaSize, length: length, arenaSize: arenaSize)))
        let last = model.int32(at: model.tensorField(convOutput, T.lastStep))
        #expect(corrupt(model.tensorField(convOutput, T.firstStep), last + 1)
            == .invalidTensor(index: convOutput, recordOffset: tensorRecord(convOutput), .badLifetime(first: last + 1, last: last)))
        let opCount = model.int32(at: FormatLayout.Header.opCount)
        #expect(corrupt(model.tensorField(convOutput, T.lastStep), opCount)
            == .invalidTensor(index: convOutput, recordOffset: tensorRecord(convOutput), .badLifetime(first: 0, last: opCount)))
    }

    @Test("two live tensors sharing bytes are an overlapping plan")
    func overlappingArenaPlan() {
        let outputOffset = model.int32(at: model.tensorField(convOutput, T.dataOffset))
        #expect(corrupt(model.tensorField(input, T.dataOffset), outputOffset)
            == .arenaOverlap(tensor: min(input, convOutput), other: max(input, convOutput)))
    }

    /// The sample's average pool (op 4, no padding) is the last reader of its input, so the
    /// writer planned it in place; the max pool before it (op 3) reads the same input.
    @Test("a pooling op may write over its input only at the same offset, as that input's last reader")
    func inPlacePooling() {
        func operand(_ op: Int, _ position: Int) -> Int { Int(model.int32(at: model.operandEntry(op: op, position: position))) }
        let (sum, averaged, maxPooled) = (operand(4, 0), operand(4, 1), operand(3, 1))
        let sumOffset = model.int32(at: model.tensorField(sum, T.dataOffset))
        #expect(model.int32(at: model.tensorField(averaged, T.dataOffset)) == sumOffset)
        #expect(model.loadError() == nil)
        // Shifted by 16 bytes the two only partly coincide: an overlap.
        #expect(corrupt(model.tensorField(averaged, T.dataOffset), sumOffset + 16)
            == .arenaOverlap(tensor: min(sum, averaged), other: max(sum, averaged)))
        // The max pool's input is read again at the next step: writing over it is an overlap.
        #expect(corrupt(model.tensorField(maxPooled, T.dataOffset), sumOffset)
            == .arenaOverlap(tensor: min(sum, maxPooled), other: max(sum, maxPooled)))
    }

    /// A graph output must survive the invoke: a pool that last reads it may not write over it.
    @Test("a pooling op may not write in place over a graph output")
    func inPlaceNeverOverAGraphOutput() throws {
        var builder = ModelBuilder()
        let input = builder.addActivation(shape: Shape(n: 1, h: 4, w: 4, c: 8), scale: 0.1, zeroPoint: 0)
        let clamped = builder.addActivation(shape: Shape(n: 1, h: 4, w: 4, c: 8), scale: 0.1, zeroPoint: 0)
        let pooled = builder.addActivation(shape: Shape(n: 1, h: 2, w: 2, c: 8), scale: 0.1, zeroPoint: 0)
        builder.pool(average: true, input: input, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1,
                     clamp: ActivationClamp(min: 0, max: 127), output: clamped)
        builder.pool(average: false, input: clamped, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, output: pooled)
        builder.inputs = [input]
        builder.outputs = [clamped, pooled]
        var model = ModelBytes(bytes: try builder.build().bytes)
        let clampedOffset = model.int32(at: model.tensorField(clamped.index, T.dataOffset))
        #expect(model.int32(at: model.tensorField(pooled.index, T.dataOffset)) != clampedOffset)
        model.set(clampedOffset, at: model.tensorField(pooled.index, T.dataOffset))
        #expect(model.loadError() == .arenaOverlap(tensor: clamped.index, other: pooled.index))
    }

    @Test("unknown op kind")
    func unknownOpKind() {
        #expect(corrupt(model.opField(0, O.kind), 99) == .invalidOp(index: 0, recordOffset: opRecord(0), .unknownKind(99)))
    }

    @Test("wrong operand count, index and kind")
    func operands() {
        #expect(corrupt(model.opField(0, O.operandCount), 6)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .operandCount(expected: 5, actual: 6)))
        #expect(corrupt(model.operandEntry(op: 0, position: 2), 10_000)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .operandIndexOutOfRange(position: 2, index: 10_000)))
        #expect(corrupt(model.operandEntry(op: 0, position: 1), Int32(input))
            == .invalidOp(index: 0, recordOffset: opRecord(0), .operandKind(position: 1)))
        #expect(corrupt(model.operandEntry(op: 0, position: 0), Int32(filter))
            == .invalidOp(index: 0, recordOffset: opRecord(0), .operandKind(position: 0)))
    }

    @Test("reading a tensor before the op that writes it")
    func readBeforeWrite() {
        let laterOutput = model.int32(at: model.operandEntry(op: 1, position: 6))
        #expect(corrupt(model.operandEntry(op: 0, position: 0), laterOutput)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .notAlive(position: 0)))
    }

    @Test("parameters out of range and inconsistent shapes")
    func parametersAndShapes() {
        let parameters = O.parameters
        #expect(corrupt(model.opField(0, parameters + 4 * OpParameter.Convolution.strideH), 0)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .parameter(slot: OpParameter.Convolution.strideH, value: 0)))
        #expect(corrupt(model.opField(0, parameters + 4 * OpParameter.Convolution.clampMin), 128)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .parameter(slot: OpParameter.Convolution.clampMin, value: 128)))
        #expect(corrupt(model.opField(0, parameters + 4 * 15), 1)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .parameter(slot: 15, value: 1)))
        #expect(corrupt(model.opField(0, parameters + 4 * OpParameter.Convolution.padBottom), 3)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .shapeMismatch(position: 4)))
        #expect(corrupt(model.opField(0, parameters + 4 * OpParameter.Convolution.kernelW), 2)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .shapeMismatch(position: 4)))
    }

    /// The constants of the first Conv2D: `[bias, multiplier, leftShift, rightShift, Σw][16]`,
    /// channels 0–7 real, 8–15 padding.
    func constantField(_ kind: PackedGEMMShape.Constant, channel: Int) -> Int {
        Int(model.uint32(at: model.tensorField(constants, T.dataOffset))) + 4 * (kind.rawValue * 16 + channel)
    }

    @Test("packed constants: Σw must match the weights, requantization in range, padding zero")
    func packedConstants() {
        let defect = ModelError.invalidOp(
            index: 0, recordOffset: opRecord(0), .packedConstants(position: 2, block: 0, channel: 3))
        let sum = model.int32(at: constantField(.weightSum, channel: 3))
        #expect(corrupt(constantField(.weightSum, channel: 3), sum + 1) == defect)
        #expect(corrupt(constantField(.multiplier, channel: 3), 1 << 29) == defect)
        #expect(corrupt(constantField(.rightShift, channel: 3), 32) == defect)
        #expect(corrupt(constantField(.leftShift, channel: 3), 31) == defect)
        let padding = ModelError.invalidOp(
            index: 0, recordOffset: opRecord(0), .packedConstants(position: 2, block: 0, channel: 12))
        #expect(corrupt(constantField(.bias, channel: 12), 1) == padding)
        // A weight changed without its Σw: the channel it belongs to is named.
        let weights = Int(model.uint32(at: model.tensorField(filter, T.dataOffset)))
        #expect(corrupt(weights + 4 * 5, model.int32(at: weights + 4 * 5) ^ 0x01)
            == .invalidOp(index: 0, recordOffset: opRecord(0), .packedConstants(position: 2, block: 0, channel: 5)))
        // The bias itself is free: any value is a valid (if different) model.
        #expect(corrupt(constantField(.bias, channel: 3), 12_345) == nil)
    }

    @Test("packed weights must have the shape the op's kernel and channels imply")
    func packedShapes() {
        // 3×3×3 = 27 taps: 7 depth groups of one block, [1, 7, 16, 4]; [7, 1, 16, 4] has the same size.
        var copy = model
        copy.set(Int32(7), at: model.tensorField(filter, T.shape))
        copy.set(Int32(1), at: model.tensorField(filter, T.shape + 4))
        #expect(copy.loadError() == .invalidOp(index: 0, recordOffset: opRecord(0), .shapeMismatch(position: 1)))
    }

    @Test("an arena smaller than the plan is refused with the size needed")
    func arenaTooSmall() throws {
        try model.withModel { loaded in
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.arenaSize + 16, alignment: 16)
            defer { arena.deallocate() }
            #expect(throws: ModelError.arenaTooSmall(needed: loaded.arenaSize, provided: loaded.arenaSize - 1)) {
                _ = try Interpreter(model: loaded, arena: UnsafeMutableRawBufferPointer(rebasing: arena[0..<(loaded.arenaSize - 1)]))
            }
            #expect(throws: ModelError.misalignedArena) {
                _ = try Interpreter(model: loaded, arena: UnsafeMutableRawBufferPointer(rebasing: arena[1...]))
            }
        }
    }
}
