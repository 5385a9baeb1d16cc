import Foundation
import OctetTestSupport
import Testing
@testable import OctetFiles

@Suite("Reading regular files only")
struct ReadableFileTests {
    @Test("a regular file is read whole")
    func regularFile() throws {
        let path = temporaryPath("bytes")
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { unlink(path) }
        #expect(try ReadableFile.contents(ofFile: path) == bytes)
        #expect(try ReadableFile(path: path).size == 5000)
    }

    @Test("a FIFO is refused at once, without waiting for a writer")
    func fifo() throws {
        try withFIFO { path in
            #expect(throws: FileError.notRegularFile(path: path, kind: "a FIFO")) { try ReadableFile.contents(ofFile: path) }
        }
    }

    @Test("a device and a directory are refused before any read")
    func deviceAndDirectory() {
        #expect(throws: FileError.notRegularFile(path: "/dev/zero", kind: "a character device")) {
            try ReadableFile.contents(ofFile: "/dev/zero")
        }
        #expect(throws: FileError.notRegularFile(path: "/tmp", kind: "a directory")) { try ReadableFile(path: "/tmp") }
        #expect(FileError.notRegularFile(path: "/dev/zero", kind: "a character device").description
            == "/dev/zero: not a regular file (a character device)")
    }

    @Test("a missing file and one over the size limit are told apart")
    func missingAndTooLarge() throws {
        #expect(throws: FileError.notFound(path: "/nonexistent-octet/x")) { try ReadableFile(path: "/nonexistent-octet/x") }
        let path = temporaryPath("large")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 101)))
        defer { unlink(path) }
        #expect(throws: FileError.tooLarge(path: path, size: 101, limit: 100)) {
            try ReadableFile.contents(ofFile: path, maximumBytes: 100)
        }
    }
}
