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
    /// A gzip-compressed IDX file inflates to more than its header describes; inflating stopped there.
    case idxExcessData(path: String, expected: Int)
    /// `path` is the label file (or the image folder) whose label count differs from the images'.
    case countMismatch(path: String, images: Int, labels: Int)
    /// `path` is the label file (or the image folder) holding the bad label.
    case labelOutOfRange(path: String, index: Int, label: Int, classes: Int)
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
        case .idxExcessData(let path, let expected):
            "\(path): the IDX header describes \(expected) data bytes but the gzip stream holds more"
        case .countMismatch(let path, let images, let labels): "\(path): \(labels) labels for \(images) images"
        case .labelOutOfRange(let path, let index, let label, let classes):
            "\(path): label \(label) of example \(index) is outside 0..<\(classes)"
        case .badImageFolder(let path, let reason): "\(path): \(reason)"
        }
    }
}
