import Foundation
import OctetFiles

/// Writes `bytes` all or nothing (`AtomicFile`: a temporary file in `path`'s folder renamed
/// over it), so a crash or a full disk leaves either the old file or the new one.
func writeAtomically(_ bytes: [UInt8], to path: String) throws(ModelFileError) {
    do throws(FileError) {
        try AtomicFile.write(bytes, to: path)
    } catch {
        throw .unwritable(path: path, reason: error.reason)
    }
}

/// Fails now, rather than after hours of training, when `path` cannot be written: creates
/// (and removes) a file in its folder, as the atomic write will, and refuses a folder.
public func checkWritable(_ path: String) throws(ModelFileError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw .unwritable(path: path, reason: "it is a folder")
    }
    let folder = (path as NSString).deletingLastPathComponent
    let probe = (folder.isEmpty ? "." : folder) + "/.octet-write-check-\(getpid())"
    let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard descriptor >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
    close(descriptor)
    unlink(probe)
}
