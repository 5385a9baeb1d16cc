import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("Model header validation")
struct HeaderValidationTests {
    typealias H = FormatLayout.Header

    @Test("the sample model loads")
    func sampleLoads() throws {
        let model = try ModelBytes.sample()
        #expect(model.loadError() == nil)
    }

    @Test("truncation at every byte offset gives a specific error")
    func truncatedEverywhere() throws {
        let model = try ModelBytes.sample()
        for length in 0..<model.bytes.count {
            let error = ModelBytes.loadError(Array(model.bytes.prefix(length)))
            if length < H.size {
                #expect(error == .truncated(needed: H.size, available: length), "length \(length)")
            } else {
                #expect(error == .lengthMismatch(declared: model.bytes.count, available: length), "length \(length)")
            }
        }
    }

    @Test("each header field, corrupted, gives its own error")
    func corruptedHeaderFields() throws {
        let model = try ModelBytes.sample()
        let total = model.bytes.count
        func corrupt(_ offset: Int, _ value: UInt32, refresh: Bool = true) -> ModelError? {
            var copy = model
            copy.set(value, at: offset, refreshChecksum: refresh)
            return copy.loadError()
        }
        #expect(corrupt(H.magic, 0x3854_4350, refresh: false) == .badMagic)
        #expect(corrupt(H.version, 0x0060_0003) == .unsupportedVersion(3))
        // A file from before packed weights is told to re-quantize.
        #expect(corrupt(H.version, 0x0060_0001) == .unsupportedVersion(1))
        #expect(ModelError.unsupportedVersion(1).description.contains("re-quantize"))
        #expect(corrupt(H.version, 0x0040_0002) == .badHeaderSize(64))
        #expect(corrupt(H.totalLength, UInt32(total + 16)) == .lengthMismatch(declared: total + 16, available: total))
        #expect(corrupt(H.totalLength, 12) == .lengthMismatch(declared: 12, available: total))
        let stored = model.uint32(at: H.checksum)
        #expect(corrupt(H.checksum, stored ^ 1, refresh: false) == .checksumMismatch(stored: stored ^ 1, computed: stored))
        #expect(corrupt(H.reserved + 4, 7) == .reservedNotZero(offset: H.reserved + 4))
        #expect(corrupt(H.tensorTableOffset, UInt32(total)) == .sectionOutOfBounds(
            .tensorTable, offset: total, length: Int(model.uint32(at: H.tensorCount)) * FormatLayout.Tensor.size))
        // Counts within their caps whose tables run past the end of the file.
        let (tensors, operands) = (FormatLayout.maximumTensorCount, FormatLayout.maximumOperandCount)
        #expect(tensors * FormatLayout.Tensor.size > total && 4 * operands > total)
        #expect(corrupt(H.tensorCount, UInt32(tensors)) == .sectionOutOfBounds(
            .tensorTable, offset: Int(model.uint32(at: H.tensorTableOffset)), length: tensors * FormatLayout.Tensor.size))
        #expect(corrupt(H.opTableOffset, 8) == .sectionOutOfBounds(
            .opTable, offset: 8, length: Int(model.uint32(at: H.opCount)) * FormatLayout.Op.size))
        #expect(corrupt(H.operandCount, UInt32(operands)) == .sectionOutOfBounds(
            .operandTable, offset: Int(model.uint32(at: H.operandTableOffset)), length: 4 * operands))
        #expect(corrupt(H.labelsLength, UInt32(total)) == .sectionOutOfBounds(
            .labels, offset: Int(model.uint32(at: H.labelsOffset)), length: total))
        #expect(corrupt(H.labelCount, 4) == .invalidStrings(.labels, offset: Int(model.uint32(at: H.labelsOffset) + model.uint32(at: H.labelsLength)) - 6))
        #expect(corrupt(H.inputCount, 0) == .invalidGraph(.noInputs))
        #expect(corrupt(H.outputCount, 0) == .invalidGraph(.noOutputs))
        #expect(corrupt(H.opCount, 0) == .invalidGraph(.noOps))
        #expect(corrupt(H.pixelScale, 0) == .invalidPreprocessing)
        #expect(corrupt(H.pixelOffset, Float.nan.bitPattern) == .invalidPreprocessing)
    }

    @Test("the buffer must be 16-byte aligned")
    func misalignedBuffer() throws {
        let model = try ModelBytes.sample()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: model.bytes.count + 1, alignment: 16)
        defer { buffer.deallocate() }
        UnsafeMutableRawBufferPointer(rebasing: buffer[1...]).copyBytes(from: model.bytes)
        #expect(throws: ModelError.misalignedBuffer) {
            _ = try Model(bytes: UnsafeRawBufferPointer(rebasing: buffer[1...]))
        }
    }

    @Test("random byte corruption is caught by the checksum")
    func randomCorruptionFailsChecksum() throws {
        let model = try ModelBytes.sample()
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            var copy = model.bytes
            let offset = Int.random(in: FormatLayout.checksummedFrom..<copy.count, using: &generator)
            copy[offset] ^= UInt8.random(in: 1...255, using: &generator)
            guard case .checksumMismatch = ModelBytes.loadError(copy) else {
                Issue.record("flip at \(offset) not caught by the checksum")
                continue
            }
        }
    }

    @Test("random corruption with a valid checksum never crashes the loader")
    func randomCorruptionWithValidChecksum() throws {
        let model = try ModelBytes.sample()
        var generator = SplitMix64(seed: 11)
        var rejected = 0
        for _ in 0..<3000 {
            var copy = model.bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let offset = Int.random(in: FormatLayout.checksummedFrom..<copy.count, using: &generator)
                copy[offset] = UInt8.random(in: 0...255, using: &generator)
            }
            OctetFile.refreshChecksum(&copy)
            if ModelBytes.loadError(copy) != nil { rejected += 1 }
        }
        // Most flips land in tables and are caught; flips inside weights are valid models.
        #expect(rejected > 100)
    }
}
