import Foundation
import OctetFormat
import OctetImage
import OctetTestSupport

/// The repository root, found from this file's path (the shipped models and images are read from it).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs the built `octet` executable and captures what it prints.
struct CLIResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

enum CLI {
    /// The `octet` executable next to the test bundle (SwiftPM builds it because the test
    /// target depends on it).
    static var executable: URL {
        let directory = Bundle.main.bundleURL
        let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("octet") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `command` with `/bin/sh -c` (for limits set with `ulimit` and signal dispositions
    /// set with `trap`, which the command inherits).
    static func run(shell command: String) throws -> CLIResult {
        try run(["-c", command], executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// `environment` entries are added to (or override) this process's environment. A run still
    /// going after `timeout` is terminated (and so fails), for tests of inputs that once hung.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], timeout: Duration? = nil, executable: URL = executable
    ) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        if let timeout {
            let seconds = Double(timeout.components.seconds)
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { if process.isRunning { process.terminate() } }
        }
        // Standard error is drained while standard output is read: a child that fills one pipe
        // (a sanitizer report can be megabytes) while the other is unread would never exit.
        let errorText = PipeText()
        let errorRead = DispatchGroup()
        DispatchQueue.global().async(group: errorRead) { errorText.data = error.fileHandleForReading.readDataToEndOfFile() }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errorText.data, as: UTF8.self))
    }
}

/// What a background read collected; `DispatchGroup.wait()` orders the write before the read.
private final class PipeText: @unchecked Sendable {
    var data = Data()
}

/// A temporary folder holding the sample model and a few PNG images, removed on deinit.
final class CLIFixture {
    let folder: URL
    let modelPath: String
    let imagesFolder: String
    let imagePaths: [String]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("octet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: 42)
        let model = try SampleModel.build(using: &generator)
        modelPath = folder.appendingPathComponent("sample.octet").path
        try Data(model.bytes).write(to: URL(fileURLWithPath: modelPath))
        let imagesFolder = folder.appendingPathComponent("images").path
        self.imagesFolder = imagesFolder
        try FileManager.default.createDirectory(atPath: imagesFolder, withIntermediateDirectories: true)
        let shape = SampleModel.inputShape
        // Two images of the model's size and one larger, which `octet run` resizes.
        imagePaths = try [(shape.w, shape.h), (shape.w, shape.h), (20, 13)].enumerated().map { index, size in
            let pixels = (0..<(size.0 * size.1 * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = (imagesFolder as NSString).appendingPathComponent("image\(index).png")
            try Image(width: size.0, height: size.1, format: .rgb, pixels: pixels).writePNG(to: path)
            return path
        }
    }

    /// Writes `bytes` to a file in the fixture folder and returns its path.
    func write(_ bytes: [UInt8], named name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}
