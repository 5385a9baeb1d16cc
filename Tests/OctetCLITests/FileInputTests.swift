import Foundation
@testable import octet
import OctetFiles
import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("Inputs that are not regular files, and huge ones")
struct FileInputTests {
    @Test("a FIFO or a device given as a model is refused at once")
    func modelNotARegularFile() throws {
        let fixture = try CLIFixture()
        try withFIFO(at: fixture.folder.appendingPathComponent("model.octet").path) { fifo in
            for (path, kind) in [(fifo, "a FIFO"), ("/dev/zero", "a character device")] {
                let result = try CLI.run(["run", path, fixture.imagesFolder], timeout: .seconds(60))
                #expect(result.status == 1)
                #expect(result.standardError.contains("\(path): not a regular file (\(kind))"))
            }
        }
    }

    @Test("a FIFO or /dev/zero given as calibration images says so, not \"permission\"")
    func calibrationNotARegularFile() throws {
        let fixture = try CLIFixture()
        let floatModel = repositoryRoot.appendingPathComponent("Samples/models/plain.octetf").path
        let output = fixture.folder.appendingPathComponent("out.octet").path
        try withFIFO(at: fixture.folder.appendingPathComponent("images.idx").path) { fifo in
            for (path, kind) in [(fifo, "a FIFO"), ("/dev/zero", "a character device")] {
                let result = try CLI.run(["quantize", floatModel, "--calibration", path, "-o", output], timeout: .seconds(120))
                #expect(result.status == 1)
                #expect(result.standardError.contains("not a regular file (\(kind))"), "\(result.standardError)")
                #expect(!result.standardError.lowercased().contains("permission"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("a FIFO given as a float model is refused at once")
    func floatModelNotARegularFile() throws {
        let fixture = try CLIFixture()
        let output = fixture.folder.appendingPathComponent("out.octet").path
        try withFIFO(at: fixture.folder.appendingPathComponent("model.octetf").path) { fifo in
            let result = try CLI.run(["quantize", fifo, "--calibration", fixture.imagesFolder, "-o", output], timeout: .seconds(60))
            #expect(result.status == 1)
            #expect(result.standardError.contains("not a regular file (a FIFO)"), "\(result.standardError)")
        }
    }

    /// A sparse file reads as zeros without using disk; reading it whole (as the loader once
    /// did, then copying it) would need 3 GiB of memory twice.
    @Test("a 3 GiB file that is not a model is refused after reading its header")
    func hugeFileIsRefusedFromItsHeader() throws {
        let fixture = try CLIFixture()
        let path = fixture.folder.appendingPathComponent("huge.octet").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 3 << 30) == 0)
        let (status, standardError, hugePeakKiB) = try runMeasuringPeakMemory(["inspect", path])
        #expect(status == 1)
        #expect(standardError.contains("\(path): not an Octet model (bad magic"))
        // A spawned child's peak starts from this process's (posix_spawn shares its memory
        // until exec), so the huge file is compared with the small sample model, run after it.
        let (_, _, samplePeakKiB) = try runMeasuringPeakMemory(["inspect", fixture.modelPath])
        #expect(hugePeakKiB < samplePeakKiB + 256 << 10, "huge file: \(hugePeakKiB) KiB, sample: \(samplePeakKiB) KiB")
    }

    /// Runs `octet` with `arguments` and returns its exit status, standard error and peak
    /// resident memory in KiB (from `wait4`, so no other child counts).
    func runMeasuringPeakMemory(_ arguments: [String]) throws -> (Int32, String, Int) {
        let errorPath = temporaryPath("stderr")
        defer { unlink(errorPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([CLI.executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        try #require(posix_spawn(&pid, CLI.executable.path, &actions, nil, argv, environ) == 0)
        var status: Int32 = 0
        var usage = rusage()
        try #require(wait4(pid, &status, 0, &usage) == pid)
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let standardError = String(decoding: try ReadableFile.contents(ofFile: errorPath), as: UTF8.self)
        return (exitStatus, standardError, usage.ru_maxrss)
    }

    @Test("a model declaring more bytes than its file holds is refused from its header")
    func declaredLengthBeyondTheFile() throws {
        let fixture = try CLIFixture()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.modelPath)))
        let declared = bytes.count + 1
        for byte in 0..<4 { bytes[FormatLayout.Header.totalLength + byte] = UInt8(truncatingIfNeeded: declared >> (8 * byte)) }
        let path = try fixture.write(bytes, named: "long.octet")
        let result = try CLI.run(["inspect", path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("header declares \(declared) bytes but \(bytes.count) are available"))
    }

    @Test("the costliest model the caps allow loads; octet bench --loading times it")
    func capacityModelLoads() throws {
        let built = try CapacityModel.build(fileBytes: 1 << 16)
        let tensorCount = try OctetFile.withAlignedBytes(built.bytes) { try Model(bytes: $0).tensorCount }
        #expect(tensorCount == FormatLayout.maximumTensorCount)
        let result = try CLI.run(["bench", "--loading", "--iterations", "100", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let rows = try #require(object["loading"] as? [[String: Any]])
        // Crafted to about 1 MB and 4 MB, each with the most tensors allowed.
        #expect(rows.count == 2)
        for (row, size) in zip(rows, [1 << 20, 4 << 20]) {
            #expect(abs((row["fileBytes"] as? Int ?? 0) - size) < 1 << 16, "\(row)")
            #expect(row["tensorCount"] as? Int == FormatLayout.maximumTensorCount)
            #expect((row["loadMsWithChecksum"] as? Double ?? 0) > 0)
        }
    }
}
