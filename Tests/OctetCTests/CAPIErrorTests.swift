import COctet
import OctetFormat
import OctetRuntime
import Testing

/// Every status code, each from the bad input that must raise it, and its sentence.
struct CAPIErrorTests {
    let sample: [UInt8]

    init() throws {
        sample = try CAPIFixture.shippedModels()[0].bytes
    }

    /// Loads `bytes` (16-byte aligned) and returns the status.
    private func load(_ bytes: [UInt8], flags: UInt32 = 0) -> octet_status {
        let fixture = CAPIFixture(bytes: bytes)
        var handle = octet_model()
        return octet_model_load(&handle, fixture.model.baseAddress, fixture.model.count, flags)
    }

    /// The sample with a little-endian 32-bit field replaced, the checksum refreshed or not.
    private func patched(_ value: UInt32, at offset: Int, refreshChecksum: Bool = true) -> [UInt8] {
        var bytes = sample
        for byte in 0..<4 { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
        if refreshChecksum { OctetFile.refreshChecksum(&bytes) }
        return bytes
    }

    @Test func modelErrors() {
        typealias H = FormatLayout.Header
        #expect(load(sample) == OCTET_OK)
        #expect(load(Array(sample[..<40])) == OCTET_ERROR_TRUNCATED)
        #expect(load(Array(sample.dropLast())) == OCTET_ERROR_TRUNCATED)
        #expect(load(patched(0x3854_434E, at: 0)) == OCTET_ERROR_NOT_A_MODEL)
        #expect(load(patched(UInt32(H.size) << 16 | 3, at: H.version)) == OCTET_ERROR_UNSUPPORTED_VERSION)
        #expect(load(patched(1, at: H.checksum, refreshChecksum: false)) == OCTET_ERROR_CHECKSUM)
        #expect(load(patched(1, at: H.reserved)) == OCTET_ERROR_MALFORMED_MODEL)
        #expect(load(patched(16, at: H.totalLength)) == OCTET_ERROR_MALFORMED_MODEL)
        #expect(load(patched(UInt32(sample.count) * 2, at: H.arenaSize)) == OCTET_ERROR_MALFORMED_MODEL)

        let fixture = CAPIFixture(bytes: sample)
        var handle = octet_model()
        let misaligned = fixture.misalignedModel()
        #expect(octet_model_load(&handle, misaligned.baseAddress, misaligned.count, 0) == OCTET_ERROR_MISALIGNED_MODEL)
    }

    @Test func skippingTheChecksumKeepsEveryOtherCheck() {
        typealias H = FormatLayout.Header
        let damagedChecksum = patched(1, at: H.checksum, refreshChecksum: false)
        #expect(load(damagedChecksum, flags: OCTET_LOAD_SKIP_CHECKSUM) == OCTET_OK)
        #expect(load(patched(1, at: H.reserved, refreshChecksum: false), flags: OCTET_LOAD_SKIP_CHECKSUM)
            == OCTET_ERROR_MALFORMED_MODEL)
        #expect(load(sample, flags: 2) == OCTET_ERROR_BAD_ARGUMENT)
    }

    @Test func argumentAndStateErrors() {
        let fixture = CAPIFixture(bytes: sample)
        var model = octet_model()
        var info = octet_model_info()
        #expect(octet_model_load(nil, fixture.model.baseAddress, fixture.model.count, 0) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_model_load(&model, nil, fixture.model.count, 0) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_model_load(&model, fixture.model.baseAddress, Int.max &+ 1, 0) == OCTET_ERROR_BAD_ARGUMENT)
        // A zeroed handle, and a handle whose load failed, are not ready.
        #expect(octet_model_info_get(&model, &info) == OCTET_ERROR_NOT_READY)
        #expect(octet_model_load(&model, fixture.model.baseAddress, fixture.model.count, 0) == OCTET_OK)
        #expect(octet_model_info_get(&model, nil) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_model_info_get(&model, &info) == OCTET_OK)

        let arena = Arena(size: info.arena_size)
        let base = arena.buffer.baseAddress
        var interpreter = octet_interpreter()
        var tensor = octet_tensor()
        var op = octet_op()
        var path: UnsafePointer<CChar>?
        #expect(octet_invoke(&interpreter) == OCTET_ERROR_NOT_READY)
        #expect(octet_input(&interpreter, 0, &tensor) == OCTET_ERROR_NOT_READY)
        #expect(octet_interpreter_init(&interpreter, &model, nil, info.arena_size) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_interpreter_init(&interpreter, &model, base, info.arena_size - 1) == OCTET_ERROR_ARENA_TOO_SMALL)
        #expect(octet_interpreter_init(&interpreter, &model, base! + 1, info.arena_size) == OCTET_ERROR_MISALIGNED_ARENA)
        #expect(octet_interpreter_init(&interpreter, &model, base, -1) == OCTET_ERROR_BAD_ARGUMENT)
        #expect(octet_invoke_step(&interpreter, 0) == OCTET_ERROR_NOT_READY)

        var failed = octet_model()
        #expect(octet_model_load(&failed, fixture.model.baseAddress, 40, 0) == OCTET_ERROR_TRUNCATED)
        #expect(octet_interpreter_init(&interpreter, &failed, base, info.arena_size) == OCTET_ERROR_NOT_READY)
        #expect(octet_interpreter_init(&interpreter, &model, base, info.arena_size) == OCTET_OK)

        #expect(octet_input(&interpreter, info.input_count, &tensor) == OCTET_ERROR_BAD_ARGUMENT)
        #expect(octet_output(&interpreter, info.output_count, &tensor) == OCTET_ERROR_BAD_ARGUMENT)
        #expect(octet_output(&interpreter, -1, &tensor) == OCTET_ERROR_BAD_ARGUMENT)
        #expect(octet_invoke_step(&interpreter, info.op_count) == OCTET_ERROR_BAD_ARGUMENT)
        #expect(octet_op_get(&interpreter, info.op_count, &op) == OCTET_ERROR_BAD_ARGUMENT)
        #expect(octet_input(&interpreter, 0, nil) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_output(nil, 0, &tensor) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_op_get(&interpreter, 0, nil) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_kernel_path(&interpreter, nil) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_kernel_path(nil, &path) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_invoke(nil) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_invoke_step(nil, 0) == OCTET_ERROR_NULL_ARGUMENT)
        #expect(octet_invoke(&interpreter) == OCTET_OK)

        // A loaded model handle passed where an interpreter belongs.
        var asInterpreter = octet_interpreter()
        withUnsafeMutableBytes(of: &asInterpreter) { raw in
            withUnsafeBytes(of: &model) { raw.copyMemory(from: $0) }
        }
        #expect(octet_invoke(&asInterpreter) == OCTET_ERROR_NOT_READY)
    }

    @Test func everyStatusHasItsOwnSentence() {
        let texts = (0...11).map { String(cString: octet_error_text(octet_status(rawValue: $0))) }
        #expect(Set(texts).count == texts.count)
        for text in texts {
            #expect(text.first!.isUppercase && text.hasSuffix("."))
        }
        #expect(texts[Int(OCTET_ERROR_CHECKSUM.rawValue)].contains("CRC-32"))
        #expect(String(cString: octet_error_text(octet_status(rawValue: 99))) == "Unknown octet_status code.")
    }
}
