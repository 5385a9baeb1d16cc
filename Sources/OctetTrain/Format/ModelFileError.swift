/// Why bytes are not a valid float model file (docs/FLOAT_MODEL.md), or why a graph is
/// not a valid model.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case tooShort(size: Int)
    case badMagic
    case unsupportedVersion(UInt32)
    /// The header's section lengths do not add up to the file size.
    case lengthMismatch(expected: Int, actual: Int)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    case malformedArchitecture(reason: String)
    case unknownLayer(node: Int, kind: String)
    case missingField(node: Int, field: String)
    /// A weight array reference points outside the weight blob.
    case blobOutOfRange(node: Int, field: String)
    case invalidGraph(node: Int, reason: String)
    /// A weight or statistic that is NaN or infinite.
    case nonFiniteParameter(node: Int, name: String, field: String, index: Int, value: Float)
    /// A number in the architecture JSON outside the range the format allows.
    case fieldOutOfRange(node: Int, field: String, value: Int, limit: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): no such file"
        case .unreadable(let path, let reason): "\(path): cannot read (\(reason))"
        case .unwritable(let path, let reason): "\(path): cannot write (\(reason))"
        case .tooShort(let size): "float model file is \(size) bytes, shorter than its 32-byte header"
        case .badMagic: "not a float model file (bad magic; expected \"OCTETFLT\")"
        case .unsupportedVersion(let version): "float model format version \(version) is not supported (only 1)"
        case .lengthMismatch(let expected, let actual): "header describes \(expected) bytes but the file has \(actual)"
        case .checksumMismatch(let stored, let computed):
            "checksum mismatch: stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))"
        case .malformedArchitecture(let reason): "malformed architecture JSON: \(reason)"
        case .unknownLayer(let node, let kind): "node \(node): unknown layer kind \"\(kind)\""
        case .missingField(let node, let field): "node \(node): missing field \"\(field)\""
        case .blobOutOfRange(let node, let field): "node \(node): \(field) lies outside the weight data"
        case .invalidGraph(let node, let reason): "node \(node): \(reason)"
        case .nonFiniteParameter(let node, let name, let field, let index, let value):
            "node \(node) (\(name)): \(field)[\(index)] is \(value); every weight and statistic must be finite"
        case .fieldOutOfRange(let node, let field, let value, let limit):
            "node \(node): \(field) \(value) is outside 0...\(limit)"
        }
    }
}
