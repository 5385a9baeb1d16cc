import Foundation

/// Writes `bytes` to a temporary file in `path`'s folder and renames it over `path`, so a
/// crash or a full disk leaves either the old file or the new one, never a mix.
func writeAtomically(_ bytes: [UInt8], to path: String) throws(ModelFileError) {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw .unwritable(path: path, reason: systemReason(error))
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

/// The operating system's words for why a file operation failed ("No space left on
/// device"), rather than Foundation's wrapper ("The operation could not be completed").
private func systemReason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return nsError.localizedDescription
}
