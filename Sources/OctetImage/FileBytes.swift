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
    static func contents(ofFile path: String) throws(ImageError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw code == ENOENT ? .fileNotFound(file: path) : .unreadable(file: path, reason: describe(code))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        let chunkSize = 1 << 16
        while true {
            let filled = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunkSize))
            let (count, code) = bytes.withUnsafeMutableBytes { (read(descriptor, $0.baseAddress! + filled, chunkSize), errno) }
            bytes.removeLast(chunkSize - max(count, 0))
            if count == 0 { return bytes }
            if count < 0 && code != EINTR { throw .unreadable(file: path, reason: describe(code)) }
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
