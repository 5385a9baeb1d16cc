import Foundation
import OctetTestSupport
import Testing
@testable import OctetFiles

@Suite("Atomic writes")
struct AtomicFileTests {
    /// A folder holding `old.bin` with known contents, removed afterwards.
    struct Folder: ~Copyable {
        let path = temporaryPath("folder")
        var target: String { path + "/old.bin" }
        let old: [UInt8] = Array("the previous contents".utf8)

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            try AtomicFile.write(old, to: target)
        }

        /// Everything in the folder: only the target once a write has finished or failed.
        var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test("a write replaces the file and leaves no temporary file behind")
    func replaces() throws {
        let folder = try Folder()
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        try AtomicFile.write(bytes, to: folder.target)
        #expect(try ReadableFile.contents(ofFile: folder.target) == bytes)
        #expect(folder.entries == ["old.bin"])
        var status = stat()
        #expect(stat(folder.target, &status) == 0 && status.st_mode & 0o777 == 0o644)
    }

    @Test("a write that fails partway leaves the old file intact and removes the temporary file")
    func failsPartway() throws {
        let folder = try Folder()
        let bytes = [UInt8](repeating: 7, count: 1 << 16)
        var calls = 0
        // The first chunk goes through, the second hits the file size limit.
        #expect(throws: FileError.unwritable(path: folder.target, reason: "File too large")) {
            try AtomicFile.write(bytes, to: folder.target) { descriptor, buffer, count in
                calls += 1
                guard calls == 1 else {
                    errno = EFBIG
                    return -1
                }
                return write(descriptor, buffer, min(count, 1000))
            }
        }
        #expect(calls == 2)
        #expect(try ReadableFile.contents(ofFile: folder.target) == folder.old)
        #expect(folder.entries == ["old.bin"])
    }

    @Test("a write into a missing folder says which file and why")
    func missingFolder() {
        let path = "/nonexistent-octet-folder/out.octet"
        #expect(throws: FileError.unwritable(path: path, reason: "No such file or directory")) {
            try AtomicFile.write([1, 2, 3], to: path)
        }
        #expect(FileError.unwritable(path: path, reason: "No such file or directory").description
            == "cannot write /nonexistent-octet-folder/out.octet: No such file or directory")
    }

    @Test("a write over a directory fails and leaves the directory as it was")
    func overDirectory() throws {
        let folder = try Folder()
        let target = folder.path + "/sub"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        #expect(throws: FileError.unwritable(path: target, reason: "Is a directory")) {
            try AtomicFile.write([1, 2, 3], to: target)
        }
        #expect(folder.entries == ["old.bin", "sub"])
    }
}
