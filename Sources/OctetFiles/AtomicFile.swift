#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files all or nothing: the bytes go to a temporary file in the same folder, are
/// flushed to disk, and the temporary file is renamed over the target. A full disk, a file
/// size limit or a killed process leaves the old file (or no file) at the path, never a
/// truncated one.
public enum AtomicFile {
    /// Replaces the file at `path` with `bytes` (mode 0644).
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        try write(bytes, to: path, using: SystemCalls.write)
    }

    /// `writeChunk` is `write(2)` except in tests, which make it fail partway.
    static func write(
        _ bytes: [UInt8], to path: String, using writeChunk: (Int32, UnsafeRawPointer, Int) -> Int
    ) throws(FileError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(folder).\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: SystemCalls.reason(errno)) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        func fail(_ code: Int32) -> FileError {
            close(descriptor)
            unlink(temporary)
            return .unwritable(path: path, reason: SystemCalls.reason(code))
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { writeChunk(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count <= 0 {
                let code = count == 0 ? ENOSPC : errno
                if code == EINTR { continue }
                throw fail(code)
            }
            written += count
        }
        guard fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0 else { throw fail(errno) }
        // close reports delayed write errors (for example on network file systems).
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporary)
            throw .unwritable(path: path, reason: SystemCalls.reason(code))
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .unwritable(path: path, reason: SystemCalls.reason(code))
        }
    }
}
