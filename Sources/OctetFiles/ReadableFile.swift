#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open regular file, checked before any byte is read.
///
/// It is opened with `O_NONBLOCK` and checked with `fstat`, so a FIFO (whose blocking open
/// waits for a writer), a device such as `/dev/zero` (which never ends) or a directory is
/// refused at once instead of hanging or filling memory.
public struct ReadableFile: ~Copyable {
    public let path: String
    /// The size `fstat` reported when the file was opened.
    public let size: Int
    private let descriptor: Int32

    public init(path: String) throws(FileError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? .notFound(path: path) : .unreadable(path: path, reason: SystemCalls.reason(code))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw .unreadable(path: path, reason: SystemCalls.reason(code))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .notRegularFile(path: path, kind: Self.kind(of: status.st_mode))
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// Fills `buffer` from the current position; returns the bytes read, fewer only at the end
    /// of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = SystemCalls.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw .unreadable(path: path, reason: SystemCalls.reason(code))
            }
            filled += count
        }
        return filled
    }

    /// Up to `count` bytes from the current position, fewer only at the end of the file.
    public func read(count: Int) throws(FileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let filled = try bytes.withUnsafeMutableBytes { buffer in
            Result { () throws(FileError) in try read(into: buffer) }
        }.get()
        bytes.removeLast(count - filled)
        return bytes
    }

    /// The whole file, refusing one longer than `maximumBytes`.
    public static func contents(ofFile path: String, maximumBytes: Int = Int.max) throws(FileError) -> [UInt8] {
        let file = try ReadableFile(path: path)
        guard file.size <= maximumBytes else { throw .tooLarge(path: path, size: file.size, limit: maximumBytes) }
        let bytes = try file.read(count: file.size)
        guard bytes.count == file.size else { throw .unreadable(path: path, reason: "the file shrank while it was read") }
        return bytes
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a directory"
        case S_IFSOCK: "a socket"
        default: "not a plain file"
        }
    }
}
