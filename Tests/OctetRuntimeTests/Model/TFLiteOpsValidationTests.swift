import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("Logistic, Requantize, Mean, Transpose, Pad fill and per-pixel FullyConnected in a model")
struct TFLiteOpsValidationTests {
    typealias O = FormatLayout.Op
    let model: ModelBytes

    init() throws {
        model = try TFLiteOpsModel.build()
    }

    func slot(_ op: Int, _ slot: Int) -> Int { model.opField(op, O.parameters + 4 * slot) }

    func failure(_ op: Int, _ defect: OpDefect) -> ModelError {
        .invalidOp(index: op, recordOffset: model.opField(op, 0), defect)
    }

    func corrupt(_ offset: Int, _ value: Int32) -> ModelError? {
        var copy = model
        copy.set(value, at: offset)
        return copy.loadError()
    }

    /// The model with tensor `index` reshaped along `axis` (its byte length to match), so that
    /// only the op that writes it can object.
    func reshaped(_ index: Int, axis: Int, to size: Int32, byteLength: Int32) -> ModelError? {
        var copy = model
        copy.set(size, at: model.tensorField(index, FormatLayout.Tensor.shape + 4 * axis))
        copy.set(byteLength, at: model.tensorField(index, FormatLayout.Tensor.byteLength))
        return copy.loadError()
    }

    /// The tensor index of operand `position` of `op`.
    func operand(_ op: Int, _ position: Int) -> Int { Int(model.int32(at: model.operandEntry(op: op, position: position))) }

    @Test("every step matches the reference kernels bit for bit", arguments: UInt64(1)...6)
    func matchesReference(seed: UInt64) throws {
        let bytes = try TFLiteOpsModel.build(seed: seed).bytes
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: bytes)
        let loaded = try Model(bytes: UnsafeRawBufferPointer(buffer))
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: loaded.arenaSize, alignment: 16)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: loaded, arena: arena)
        let reference = ReferenceInterpreter(model: loaded)
        var generator = SplitMix64(seed: seed)
        let input = interpreter.input()
        for index in 0..<input.shape.elementCount { input.data[index] = Int8.random(in: -128...127, using: &generator) }
        reference.tensor(loaded.inputTensorIndex(0)).data.update(from: input.data, count: input.shape.elementCount)
        for step in 0..<loaded.opCount {
            interpreter.invoke(step: step)
            reference.run(step: step)
            let op = loaded.op(step)
            let (actual, expected) = (interpreter.arenaTensor(op.output), reference.tensor(op.output))
            let mismatches = (0..<actual.shape.elementCount).filter { actual.data[$0] != expected.data[$0] }
            #expect(mismatches.isEmpty, "step \(step) (\(op.kind.name)): \(mismatches.count) values differ")
        }
        // The border of the padded tensor holds the explicit fill, not the zero point.
        #expect(reference.tensor(loaded.op(TFLiteOpsModel.pad).output).data[0] == 17)
    }

    @Test("Logistic: Q31 multiplier, left shift 0...31, TFLite's radius, output 1/256 and −128")
    func logistic() {
        typealias L = OpParameter.Logistic
        let op = TFLiteOpsModel.logistic
        #expect(corrupt(slot(op, L.inputMultiplier), 1 << 29) == failure(op, .parameter(slot: L.inputMultiplier, value: 1 << 29)))
        #expect(corrupt(slot(op, L.inputLeftShift), 32) == failure(op, .parameter(slot: L.inputLeftShift, value: 32)))
        #expect(corrupt(slot(op, L.inputLeftShift), -1) == failure(op, .parameter(slot: L.inputLeftShift, value: -1)))
        let radius = model.int32(at: slot(op, L.inputRangeRadius))
        #expect(corrupt(slot(op, L.inputRangeRadius), radius + 1)
            == failure(op, .parameter(slot: L.inputRangeRadius, value: radius + 1)))
        #expect(corrupt(slot(op, L.inputRangeRadius + 1), 1) == failure(op, .parameter(slot: L.inputRangeRadius + 1, value: 1)))
        let output = operand(op, 1)
        #expect(corrupt(model.tensorField(output, FormatLayout.Tensor.zeroPoint), -127)
            == failure(op, .quantizationMismatch(position: 1)))
        #expect(corrupt(model.opField(op, O.operandCount), 1) == failure(op, .operandCount(expected: 2, actual: 1)))
    }

    @Test("Requantize: Q31 multiplier and shift, same shape")
    func requantize() {
        typealias R = OpParameter.Requantize
        let op = TFLiteOpsModel.requantize
        #expect(corrupt(slot(op, R.multiplier), 5) == failure(op, .parameter(slot: R.multiplier, value: 5)))
        #expect(corrupt(slot(op, R.shift), 32) == failure(op, .parameter(slot: R.shift, value: 32)))
        #expect(corrupt(slot(op, R.shift + 1), 1) == failure(op, .parameter(slot: R.shift + 1, value: 1)))
        #expect(reshaped(operand(op, 1), axis: 3, to: 4, byteLength: 2 * 4 * 5 * 4) == failure(op, .shapeMismatch(position: 1)))
    }

    @Test("Transpose: slots 0...3 a permutation, the output shape it implies, shared quantization")
    func transpose() {
        let op = TFLiteOpsModel.transpose
        #expect(corrupt(slot(op, 2), 2) == failure(op, .parameter(slot: 2, value: 2)))
        #expect(corrupt(slot(op, 3), 4) == failure(op, .parameter(slot: 3, value: 4)))
        // A valid permutation that does not produce [2, 5, 4, 8].
        var swapped = model
        swapped.set(Int32(1), at: slot(op, 1))
        swapped.set(Int32(2), at: slot(op, 2))
        #expect(swapped.loadError() == failure(op, .shapeMismatch(position: 1)))
        #expect(corrupt(slot(op, 4), 1) == failure(op, .parameter(slot: 4, value: 1)))
    }

    @Test("Pad: explicit fill 0 or 1; a fill value only with it, in int8 range; channel padding in the output shape")
    func pad() {
        typealias P = OpParameter.Pad
        let op = TFLiteOpsModel.pad
        #expect(corrupt(slot(op, P.explicitFill), 2) == failure(op, .parameter(slot: P.explicitFill, value: 2)))
        #expect(corrupt(slot(op, P.fillValue), 128) == failure(op, .parameter(slot: P.fillValue, value: 128)))
        #expect(corrupt(slot(op, P.explicitFill), 0) == failure(op, .parameter(slot: P.fillValue, value: 17)))
        #expect(corrupt(slot(op, P.fillValue), -128) == nil)
        #expect(corrupt(slot(op, P.padFront), 1) == failure(op, .shapeMismatch(position: 1)))
        #expect(corrupt(slot(op, P.padBack), -1) == failure(op, .parameter(slot: P.padBack, value: -1)))
        #expect(corrupt(slot(op, P.padBack + 1), 1) == failure(op, .parameter(slot: P.padBack + 1, value: 1)))
    }

    @Test("Concatenation: the axis (counted from the last) in 0...3 and matching the shapes")
    func concatenation() {
        let op = TFLiteOpsModel.concatenation
        #expect(corrupt(slot(op, OpParameter.Concatenation.axisFromLast), 4) == failure(op, .parameter(slot: 0, value: 4)))
        #expect(corrupt(slot(op, OpParameter.Concatenation.axisFromLast), 0) == failure(op, .shapeMismatch(position: 0)))
        #expect(corrupt(slot(op, 1), 2) == failure(op, .parameter(slot: 1, value: 2)))
        #expect(corrupt(slot(op, 2), 1) == failure(op, .parameter(slot: 2, value: 1)))
    }

    @Test("Mean: multiplier non-negative, shift −31...31, output [N, 1, 1, C]")
    func mean() {
        typealias M = OpParameter.Mean
        let op = TFLiteOpsModel.mean
        #expect(corrupt(slot(op, M.multiplier), -1) == failure(op, .parameter(slot: M.multiplier, value: -1)))
        #expect(corrupt(slot(op, M.shift), -32) == failure(op, .parameter(slot: M.shift, value: -32)))
        #expect(corrupt(slot(op, M.shift + 1), 1) == failure(op, .parameter(slot: M.shift + 1, value: 1)))
        // The multiplier need not be normalized: divided by the count it usually is not.
        #expect(corrupt(slot(op, M.multiplier), 12345) == nil)
    }

    @Test("an unknown kind is refused by number")
    func unknownKind() {
        let op = TFLiteOpsModel.mean
        let field = model.opField(op, O.kind)
        let original = model.int32(at: field)
        #expect(corrupt(field, (original & ~0xFFFF) | 15)
            == .invalidOp(index: op, recordOffset: model.opField(op, 0), .unknownKind(15)))
    }

    @Test("FullyConnected per pixel: the input must split into the output's rows")
    func fullyConnectedRows() {
        let op = TFLiteOpsModel.fullyConnected
        // Output [2, 7, 5, 3]: 70 rows do not divide 672 input values.
        #expect(reshaped(operand(op, 4), axis: 2, to: 5, byteLength: 2 * 7 * 5 * 3) == failure(op, .shapeMismatch(position: 4)))
    }
}
