#if canImport(OctetRuntime)
import OctetRuntime
#endif
import COctet

/// `octet_model_load`: validates the bytes in place and stores the `Model` view in the handle.
@_cdecl("octet_model_load")
public func octetModelLoad(
    _ handle: UnsafeMutablePointer<octet_model>?, _ bytes: UnsafeRawPointer?, _ size: Int, _ flags: UInt32
) -> octet_status {
    guard let handle else { return OCTET_ERROR_NULL_ARGUMENT }
    Model.clear(handle)
    guard let bytes else { return OCTET_ERROR_NULL_ARGUMENT }
    guard size >= 0, flags & ~OCTET_LOAD_SKIP_CHECKSUM == 0 else { return OCTET_ERROR_BAD_ARGUMENT }
    let verifyingChecksum = flags & OCTET_LOAD_SKIP_CHECKSUM == 0
    do throws(ModelError) {
        try Model(bytes: UnsafeRawBufferPointer(start: bytes, count: size), verifyingChecksum: verifyingChecksum)
            .store(in: handle)
        return OCTET_OK
    } catch {
        return octet_status(error)
    }
}

/// `octet_model_info_get`: the sizes and counts a caller plans memory and loops with.
@_cdecl("octet_model_info_get")
public func octetModelInfoGet(
    _ handle: UnsafePointer<octet_model>?, _ info: UnsafeMutablePointer<octet_model_info>?
) -> octet_status {
    guard let handle, let info else { return OCTET_ERROR_NULL_ARGUMENT }
    guard let model = Model.load(from: handle) else { return OCTET_ERROR_NOT_READY }
    info.pointee = octet_model_info(
        byte_count: model.byteCount, arena_size: model.arenaSize, input_count: model.inputCount,
        output_count: model.outputCount, op_count: model.opCount)
    return OCTET_OK
}

/// `octet_error_text`: a sentence for every status, and one for unknown codes.
@_cdecl("octet_error_text")
public func octetErrorText(_ status: octet_status) -> UnsafePointer<CChar> {
    cString(status.text)
}
