/// Why a file could not be read or written, with the path and the system's reason.
public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path names something other than a regular file (a FIFO, a device, a directory):
    /// reading it could block forever or never end, so it is refused before any read.
    case notRegularFile(path: String, kind: String)
    /// The file is longer than the reader accepts.
    case tooLarge(path: String, size: Int, limit: Int)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file could not be written; whatever was at the path before is unchanged.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): no such file"
        case .notRegularFile(let path, let kind): "\(path): not a regular file (\(kind))"
        case .tooLarge(let path, let size, let limit): "\(path): \(size) bytes is more than the \(limit) allowed"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }

    /// The part after the path, for callers whose own errors name the file themselves.
    public var reason: String {
        switch self {
        case .notFound: "no such file"
        case .notRegularFile(_, let kind): "not a regular file (\(kind))"
        case .tooLarge(_, let size, let limit): "\(size) bytes is more than the \(limit) allowed"
        case .unreadable(_, let reason), .unwritable(_, let reason): reason
        }
    }
}
