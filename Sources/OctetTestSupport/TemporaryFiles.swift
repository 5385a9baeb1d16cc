import Foundation

/// A fresh path in the temporary folder.
public func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("octet-\(UUID().uuidString)-\(name)").path
}

/// Makes a FIFO at `path` and runs `body` with it. A reader that blocks in `open` (the
/// defect the FIFO tests guard) is released after 10 s by a watchdog that opens the write end,
/// so such a test fails instead of hanging.
@discardableResult
public func withFIFO<R>(at path: String = temporaryPath("fifo.png"), _ body: (String) throws -> R) throws -> R {
    guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
    defer { unlink(path) }
    DispatchQueue.global().asyncAfter(deadline: .now() + 10) {
        let descriptor = open(path, O_WRONLY | O_NONBLOCK)
        if descriptor >= 0 { close(descriptor) }
    }
    return try body(path)
}
