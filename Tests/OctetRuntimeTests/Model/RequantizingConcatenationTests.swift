import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

/// A Concatenation whose inputs do not all have the output's quantization, in a model: three
/// graph inputs joined along one axis, the last with the output's scale and zero point.
@Suite("Requantizing Concatenation: encoding, loader checks and results")
struct RequantizingConcatenationTests {
    typealias O = FormatLayout.Op
    typealias C = OpParameter.Concatenation

    /// Graph inputs of random shapes and quantizations (the last one the output's), joined along `axis`.
    static func build(seed: UInt64, axis: Int) throws -> ModelBytes {
        var rng = SplitMix64(seed: seed)
        var model = ModelBuilder()
        var dims = [rng.int(1...2), rng.int(1...4), rng.int(1...4), rng.int(1...12)]
        let outputScale = Float(rng.int(1...1000)) / 4000, outputZeroPoint = rng.int32(-128...127)
        var inputs: [TensorID] = []
        for position in 0..<3 {
            dims[axis] = rng.int(1...3)
            let shares = position == 2
            inputs.append(model.addActivation(
                shape: Shape(n: dims[0], h: dims[1], w: dims[2], c: dims[3]),
                scale: shares ? outputScale : outputScale * Float(rng.int(1...4000)) / 1000,
                zeroPoint: shares ? outputZeroPoint : rng.int32(-128...127)))
        }
        dims[axis] = inputs.map { model.shape(of: $0).dimension(axis) }.reduce(0, +)
        let output = model.addActivation(
            shape: Shape(n: dims[0], h: dims[1], w: dims[2], c: dims[3]), scale: outputScale, zeroPoint: outputZeroPoint)
        model.concatenation(inputs: inputs, axis: axis, output: output)
        model.inputs = inputs
        model.outputs = [output]
        return ModelBytes(bytes: try model.build().bytes)
    }

    @Test("each input is copied or requantized exactly as the reference does it", arguments: 0..<8)
    func matchesReference(seed: Int) throws {
        let axis = seed % 4
        try Self.build(seed: UInt64(seed), axis: axis).withModel { model in
            let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: model.arenaSize, alignment: 16)
            defer { arena.deallocate() }
            let interpreter = try Interpreter(model: model, arena: arena)
            let op = model.op(0)
            #expect(op.parameter(C.requantizesInputs) == 1 && op.operandCount == 5)
            let rescales = model.constantData(of: model.tensor(op.operand(3)), as: Int32.self)
            #expect(rescales[4] == 0 && rescales[5] == 0, "the input with the output's quantization is a copy")
            var rng = SplitMix64(seed: UInt64(seed) + 100)
            let output = model.tensor(op.output)
            var expected = OwnedTensor(shape: output.shape, zeroPoint: output.zeroPoint, fill: 99)
            var offset = 0
            for position in 0..<3 {
                let input = interpreter.input(position)
                for index in 0..<input.shape.elementCount { input.data[index] = Int8.random(in: -128...127, using: &rng) }
                let info = model.tensor(model.inputTensorIndex(position))
                let rescale = position == 2 ? nil : Concatenation.rescale(inputScale: info.scale, outputScale: output.scale)
                #expect(rescale == (position == 2 ? nil : QuantizedMultiplier(multiplier: rescales[2 * position], shift: rescales[2 * position + 1])))
                expected.withMutableTensor {
                    Reference.concatenate(input: input.readOnly, into: $0, axis: axis, offset: offset, rescale: rescale)
                }
                offset += input.shape.dimension(axis)
            }
            interpreter.invoke()
            let actual = interpreter.output()
            #expect((0..<actual.shape.elementCount).map { actual.data[$0] } == expected.values)
        }
    }

    @Test("inputs that all share the output's quantization keep the plain encoding")
    func sharedStaysPlain() throws {
        var model = ModelBuilder()
        let first = model.addActivation(shape: Shape(n: 1, h: 2, w: 2, c: 3), scale: 0.1, zeroPoint: 4)
        let second = model.addActivation(shape: Shape(n: 1, h: 2, w: 2, c: 5), scale: 0.1, zeroPoint: 4)
        let output = model.addActivation(shape: Shape(n: 1, h: 2, w: 2, c: 8), scale: 0.1, zeroPoint: 4)
        model.concatenation(inputs: [first, second], output: output)
        model.inputs = [first, second]
        model.outputs = [output]
        try ModelBytes(bytes: try model.build().bytes).withModel { loaded in
            #expect(loaded.op(0).operandCount == 3)
            #expect((0..<O.parameterCount).allSatisfy { loaded.op(0).parameter($0) == 0 })
        }
    }

    @Test("the loader refuses bad rescales, a wrong table and a flag an older runtime would misread")
    func loaderRejections() throws {
        let model = try Self.build(seed: 3, axis: 3)
        let record = model.opField(0, 0)
        func failure(_ defect: OpDefect) -> ModelError { .invalidOp(index: 0, recordOffset: record, defect) }
        func corrupt(_ offset: Int, _ value: Int32) -> ModelError? {
            var copy = model
            copy.set(value, at: offset)
            return copy.loadError()
        }
        let slot = { (slot: Int) in model.opField(0, O.parameters + 4 * slot) }
        let table = Int(model.int32(at: model.operandEntry(op: 0, position: 3)))
        let entry = { (index: Int) in
            Int(model.uint32(at: model.tensorField(table, FormatLayout.Tensor.dataOffset))) + 4 * index
        }
        #expect(model.loadError() == nil)
        #expect(corrupt(slot(C.requantizesInputs), 2) == failure(.parameter(slot: C.requantizesInputs, value: 2)))
        #expect(corrupt(slot(C.requantizesInputs + 1), 1) == failure(.parameter(slot: C.requantizesInputs + 1, value: 1)))
        // Read as a plain concatenation, the first input's quantization differs from the output's.
        #expect(corrupt(slot(C.requantizesInputs), 0) == failure(.quantizationMismatch(position: 0)))
        // Multipliers below 2^30 (other than 0) and shifts outside −31 ... 31 are refused.
        #expect(corrupt(entry(0), (1 << 30) - 1) == failure(.operandKind(position: 3)))
        #expect(corrupt(entry(0), -1) == failure(.operandKind(position: 3)))
        #expect(corrupt(entry(1), 32) == failure(.operandKind(position: 3)))
        #expect(corrupt(entry(3), -32) == failure(.operandKind(position: 3)))
        // A copy entry for an input of another quantization, a rescale for one of the same.
        #expect(corrupt(entry(2), 0) != nil)
        var copyForRequantized = model
        copyForRequantized.set(Int32(0), at: entry(0))
        copyForRequantized.set(Int32(0), at: entry(1))
        #expect(copyForRequantized.loadError() == failure(.quantizationMismatch(position: 0)))
        var rescaledCopy = model
        rescaledCopy.set(Int32(1 << 30), at: entry(4))
        rescaledCopy.set(Int32(1), at: entry(5))
        #expect(rescaledCopy.loadError() == failure(.quantizationMismatch(position: 2)))
        #expect(corrupt(entry(5), 1) == failure(.operandKind(position: 3)))
        // The table must hold two entries per input.
        #expect(corrupt(model.tensorField(table, FormatLayout.Tensor.shape + 12), 5) != nil)
        // An arena tensor in the table's place.
        #expect(corrupt(model.operandEntry(op: 0, position: 3), 0) == failure(.operandKind(position: 3)))
    }
}
