import OctetFormat
import OctetRuntime
import Testing

@Suite("Add op validation: tables, output shift, shapes")
struct AddValidationTests {
    typealias O = FormatLayout.Op

    /// The sample model's third op is the Add: input1, input2, table1, table2, output.
    let model: ModelBytes
    let add = 2

    init() throws {
        model = try ModelBytes.sample()
        try #require(model.int32(at: model.opField(add, O.kind)) & 0xFFFF == Int32(OpKind.add.rawValue))
    }

    func operand(_ position: Int) -> Int32 { model.int32(at: model.operandEntry(op: add, position: position)) }

    func failure(_ defect: OpDefect) -> ModelError {
        .invalidOp(index: add, recordOffset: model.opField(add, 0), defect)
    }

    func corrupt(_ offset: Int, _ value: Int32) -> ModelError? {
        var copy = model
        copy.set(value, at: offset)
        return copy.loadError()
    }

    /// File offset of entry `index` of the table at operand `position`.
    func tableEntry(_ position: Int, _ index: Int) -> Int {
        Int(model.uint32(at: model.tensorField(Int(operand(position)), FormatLayout.Tensor.dataOffset))) + 4 * index
    }

    @Test("the sample's tables are 256 entries, 0 at each input's zero point")
    func sampleTables() throws {
        try model.withModel { loaded in
            for position in 2...3 {
                let table = loaded.tensor(Int(operand(position)))
                #expect(table.shape == Shape(n: 1, h: 1, w: 1, c: 256))
                let zeroPoint = loaded.tensor(Int(operand(position - 2))).zeroPoint
                #expect(model.int32(at: tableEntry(position, Int(zeroPoint) + 128)) == 0)
            }
        }
    }

    @Test("table entries at or beyond ±2^28 are rejected")
    func entryRange() {
        #expect(corrupt(tableEntry(2, 255), 1 << 28) == failure(.operandKind(position: 2)))
        #expect(corrupt(tableEntry(3, 7), -(1 << 28)) == failure(.operandKind(position: 3)))
        // Just inside the limit (entry 7 is not input2's zero point, −5) the model loads.
        #expect(corrupt(tableEntry(3, 7), (1 << 28) - 1) == nil)
    }

    @Test("a table that is not 0 at its input's zero point was built for another tensor")
    func zeroPointEntry() throws {
        let zeroPoint = try model.withModel { $0.tensor(Int(operand(0))).zeroPoint }
        #expect(corrupt(tableEntry(2, Int(zeroPoint) + 128), 5) == failure(.quantizationMismatch(position: 2)))
    }

    @Test("tables must be int32 constants of 256 entries; five operands")
    func tableOperands() {
        let convFilter = model.int32(at: model.operandEntry(op: 0, position: 1))
        let convBias = model.int32(at: model.operandEntry(op: 0, position: 2))
        #expect(corrupt(model.operandEntry(op: add, position: 3), convFilter) == failure(.operandKind(position: 3)))
        #expect(corrupt(model.operandEntry(op: add, position: 2), convBias) == failure(.shapeMismatch(position: 2)))
        #expect(corrupt(model.opField(add, O.operandCount), 3) == failure(.operandCount(expected: 5, actual: 3)))
    }

    @Test("the output multiplier is Q31 with a shift in −31…0")
    func outputMultiplier() {
        let slot = { (slot: Int) in model.opField(add, O.parameters + 4 * slot) }
        typealias A = OpParameter.Add
        #expect(corrupt(slot(A.outputShift), 1) == failure(.parameter(slot: A.outputShift, value: 1)))
        #expect(corrupt(slot(A.outputShift), -32) == failure(.parameter(slot: A.outputShift, value: -32)))
        #expect(corrupt(slot(A.outputMultiplier), 1 << 29) == failure(.parameter(slot: A.outputMultiplier, value: 1 << 29)))
        #expect(corrupt(slot(A.outputShift), 0) == nil)
        #expect(corrupt(slot(A.clampMax), -129) == failure(.parameter(slot: A.clampMax, value: -129)))
        #expect(corrupt(slot(A.clampMax + 1), 1) == failure(.parameter(slot: A.clampMax + 1, value: 1)))
    }
}
