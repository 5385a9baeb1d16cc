#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes through POSIX calls, so errors keep the system's reason
/// (`strerror`) and a missing file is told apart from an unreadable one.
enum FileBytes {
    /// Reads the whole file, refusing files longer than `maximumBytes`.
    static func contents(ofFile path: String, maximumBytes: Int) throws(ImageError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? .fileNotFound(file: path) : .unreadable(file: path, reason: describe(code))
        }
        defer { close(descriptor) }
        // Size the buffer from fstat once (a PNG is read whole); grow by doubling only for
        // files that change size or report none (pipes), and stop at a hard cap so a device
        // file such as /dev/zero cannot exhaust memory.
        var status = stat()
        let reported = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        var bytes = [UInt8](repeating: 0, count: min(max(reported, 1 << 12), maximumBytes) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard filled <= maximumBytes else {
                    throw .unreadable(file: path, reason: "larger than \(maximumBytes) bytes")
                }
                bytes += repeatElement(0, count: min(bytes.count, maximumBytes + 1 - filled))
            }
            let (count, code) = bytes.withUnsafeMutableBytes { (read(descriptor, $0.baseAddress! + filled, $0.count - filled), errno) }
            if count == 0 { return Array(bytes[0..<filled]) }
            if count < 0 && code != EINTR { throw .unreadable(file: path, reason: describe(code)) }
            filled += max(count, 0)
        }
    }

    static func replaceContents(ofFile path: String, with bytes: [UInt8]) throws(ImageError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(file: path, reason: describe(errno)) }
        var written = 0
        while written < bytes.count {
            let (count, code) = bytes.withUnsafeBytes { (write(descriptor, $0.baseAddress! + written, bytes.count - written), errno) }
            if count < 0 && code != EINTR {
                close(descriptor)
                throw .writeFailed(file: path, reason: describe(code))
            }
            written += max(count, 0)
        }
        // close reports delayed write errors (for example on network file systems).
        guard close(descriptor) == 0 else { throw .writeFailed(file: path, reason: describe(errno)) }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
