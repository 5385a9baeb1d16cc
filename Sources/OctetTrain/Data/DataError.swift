/// Why a data file could not be read. Every case names the file (when known) and what
/// was wrong, so the CLI can print it as is.
public enum DataError: Error, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, reason: String)
    /// The gzip wrapper or its DEFLATE stream is malformed; `offset` is in the compressed bytes.
    case corruptGzip(path: String, offset: Int, reason: String)
    case idxBadMagic(path: String)
    case idxUnsupportedElementType(path: String, code: UInt8)
    case idxUnexpectedDimensions(path: String, expected: Int, found: Int)
    /// The header promises `expected` payload bytes but the file holds `found`.
    case idxSizeMismatch(path: String, expected: Int, found: Int)
    case countMismatch(images: Int, labels: Int)
    case labelOutOfRange(index: Int, label: Int, classes: Int)
    case badImageFolder(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "\(path): no such file"
        case .unreadable(let path, let reason): "\(path): cannot read (\(reason))"
        case .corruptGzip(let path, let offset, let reason): "\(path): corrupt gzip data at byte \(offset): \(reason)"
        case .idxBadMagic(let path): "\(path): not an IDX file (the first two bytes must be zero)"
        case .idxUnsupportedElementType(let path, let code):
            "\(path): IDX element type 0x\(String(code, radix: 16)) is not supported (only 0x08, unsigned bytes)"
        case .idxUnexpectedDimensions(let path, let expected, let found):
            "\(path): expected an IDX file with \(expected) dimension(s), found \(found)"
        case .idxSizeMismatch(let path, let expected, let found):
            "\(path): the IDX header describes \(expected) data bytes but the file has \(found)"
        case .countMismatch(let images, let labels): "\(images) images but \(labels) labels"
        case .labelOutOfRange(let index, let label, let classes):
            "label \(label) of example \(index) is outside 0..<\(classes)"
        case .badImageFolder(let path, let reason): "\(path): \(reason)"
        }
    }
}
