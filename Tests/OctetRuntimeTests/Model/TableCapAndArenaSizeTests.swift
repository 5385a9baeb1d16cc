import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("Table caps and the declared arena size")
struct TableCapAndArenaSizeTests {
    typealias H = FormatLayout.Header

    @Test("the header's arena size must be the planned extent rounded up to 16, no more")
    func arenaSizeIsThePlannedExtent() throws {
        let model = try ModelBytes.sample()
        let planned = Int(model.uint32(at: H.arenaSize))
        #expect(planned % FormatLayout.alignment == 0)
        for declared in [planned + 1, planned + 16, Int(UInt32.max)] {
            var copy = model
            copy.set(UInt32(declared), at: H.arenaSize)
            #expect(copy.loadError() == .arenaSizeMismatch(declared: declared, planned: planned))
        }
        #expect(ModelError.arenaSizeMismatch(declared: 4096, planned: 2048).description
            == "header declares an arena of 4096 bytes but the arena tensors need 2048 (their extent rounded up to 16)")
    }

    @Test("the writer declares exactly the planned extent for random models")
    func writerDeclaresThePlannedExtent() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let model = try ModelBytes.sample(seed: seed)
            try model.withModel { loaded in
                let extent = (0..<loaded.tensorCount).map { loaded.tensor($0) }.filter { $0.storage == .arena }
                    .map { $0.dataOffset + $0.byteLength }.max() ?? 0
                #expect(loaded.arenaSize == (extent + 15) / 16 * 16)
            }
        }
    }

    @Test("each capped table count, one over its cap, is refused before its table is read")
    func tablesOverTheirCaps() throws {
        let model = try ModelBytes.sample()
        let cases: [(field: Int, table: ModelTable, limit: Int)] = [
            (H.tensorCount, .tensors, FormatLayout.maximumTensorCount),
            (H.opCount, .ops, FormatLayout.maximumOpCount),
            (H.operandCount, .operands, FormatLayout.maximumOperandCount),
            (H.inputCount, .inputs, FormatLayout.maximumGraphEnds),
            (H.outputCount, .outputs, FormatLayout.maximumGraphEnds),
        ]
        for (field, table, limit) in cases {
            var copy = model
            copy.set(UInt32(limit + 1), at: field)
            #expect(copy.loadError() == .tableTooLarge(table, count: limit + 1, limit: limit))
        }
        #expect(ModelError.tableTooLarge(.tensors, count: 5000, limit: 4096).description == "5000 tensors is more than the 4096 allowed")
    }
}
