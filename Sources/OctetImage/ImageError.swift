/// Why an image could not be read, decoded or written.
///
/// Every case about a file names it, so a batch tool can report each failure and go on.
/// Reasons that come from libpng or the operating system are passed through verbatim.
public enum ImageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case fileNotFound(file: String)
    /// The file exists but could not be read (permissions, a directory, an I/O error).
    case unreadable(file: String, reason: String)
    /// The first bytes are not the PNG signature.
    case notPNG(file: String)
    /// The file ends before the PNG does (inside the signature, a chunk, or before IEND).
    case truncated(file: String, reason: String)
    /// libpng rejected the contents: a CRC mismatch, a zlib error, an invalid header or chunk.
    case corrupt(file: String, reason: String)
    /// The header declares more pixels than the decoder's limit; nothing was decoded.
    case tooManyPixels(file: String, width: Int, height: Int, limit: Int)
    /// The header declares more pixels than the file's `size` bytes could decompress to, even
    /// at 1 bit per pixel and zlib's best ratio; nothing was allocated for them.
    case impossibleSize(file: String, width: Int, height: Int, size: Int)
    /// The caller asked for something images cannot give, such as a 4-channel input.
    case unsupportedRequest(reason: String)
    /// Encoding or writing a PNG failed.
    case writeFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let file):
            "\(file): no such file"
        case .unreadable(let file, let reason):
            "\(file): cannot read: \(reason)"
        case .notPNG(let file):
            "\(file): not a PNG file (bad signature)"
        case .truncated(let file, let reason):
            "\(file): truncated PNG: \(reason)"
        case .corrupt(let file, let reason):
            "\(file): corrupt PNG: \(reason)"
        case .tooManyPixels(let file, let width, let height, let limit):
            "\(file): \(width)×\(height) image has more than the limit of \(limit) pixels"
        case .impossibleSize(let file, let width, let height, let size):
            "\(file): the header declares \(width)×\(height) pixels, more than \(size) bytes of compressed data can hold"
        case .unsupportedRequest(let reason):
            "unsupported image request: \(reason)"
        case .writeFailed(let file, let reason):
            "cannot write \(file): \(reason)"
        }
    }
}
