#if canImport(OctetRuntime)
import OctetRuntime
#endif
import COctet

extension octet_status {
    /// The C status for a loader or binding error. The codes group the runtime's detailed
    /// errors by what a firmware can do about them; `octet inspect` on a host names the field.
    init(_ error: ModelError) {
        switch error {
        case .truncated: self = OCTET_ERROR_TRUNCATED
        case .lengthMismatch(let declared, _):
            self = declared < FormatLayout.Header.size ? OCTET_ERROR_MALFORMED_MODEL : OCTET_ERROR_TRUNCATED
        case .misalignedBuffer: self = OCTET_ERROR_MISALIGNED_MODEL
        case .badMagic: self = OCTET_ERROR_NOT_A_MODEL
        case .unsupportedVersion, .badHeaderSize: self = OCTET_ERROR_UNSUPPORTED_VERSION
        case .checksumMismatch: self = OCTET_ERROR_CHECKSUM
        case .reservedNotZero, .sectionOutOfBounds, .invalidTensor, .invalidOp, .invalidGraph, .arenaOverlap,
            .arenaSizeMismatch, .tableTooLarge, .invalidStrings, .invalidPreprocessing:
            self = OCTET_ERROR_MALFORMED_MODEL
        case .arenaTooSmall: self = OCTET_ERROR_ARENA_TOO_SMALL
        case .misalignedArena: self = OCTET_ERROR_MISALIGNED_ARENA
        }
    }

    /// A sentence for a log. (Swift emits string literals NUL-terminated, so a StaticString's
    /// start is a C string.)
    var text: StaticString {
        switch self {
        case OCTET_OK: "The call succeeded."
        case OCTET_ERROR_NULL_ARGUMENT: "A pointer argument (a handle, the model bytes, the arena or a result) is NULL."
        case OCTET_ERROR_BAD_ARGUMENT: "An input or output position, op step or load flag is outside what the model has."
        case OCTET_ERROR_NOT_READY:
            "The handle is not ready: its octet_model_load or octet_interpreter_init failed or was never called."
        case OCTET_ERROR_TRUNCATED: "The model bytes end before the model header or before the length the header declares."
        case OCTET_ERROR_MISALIGNED_MODEL: "The model bytes do not start at a 16-byte aligned address."
        case OCTET_ERROR_NOT_A_MODEL: "The bytes are not a .octet model: they do not start with the magic \"OCT8\"."
        case OCTET_ERROR_UNSUPPORTED_VERSION:
            "The model's format version or header size is not the one this library reads; re-export the model."
        case OCTET_ERROR_CHECKSUM: "The model's CRC-32 does not match its bytes: they were damaged in storage or transfer."
        case OCTET_ERROR_MALFORMED_MODEL:
            "The model is malformed: a table, tensor, op, graph input or output, arena plan or string section is invalid (octet inspect names it)."
        case OCTET_ERROR_ARENA_TOO_SMALL: "The arena is smaller than the model's arena size."
        case OCTET_ERROR_MISALIGNED_ARENA: "The arena does not start at a 16-byte aligned address."
        default: "Unknown octet_status code."
        }
    }
}
