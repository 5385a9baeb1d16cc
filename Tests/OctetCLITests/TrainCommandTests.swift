import Foundation
import OctetImage
import OctetTestSupport
import Testing

/// `octet train` on tiny generated data: data errors exit 1 without usage text, the output
/// path is checked before training, and a diverging run writes nothing.
@Suite("octet train")
struct TrainCommandTests {
    /// A folder with `count` random 28×28 IDX training images and labels 0 ... 9.
    static func idxFolder(count: Int) throws -> CLIFixture {
        let fixture = try CLIFixture()
        var generator = SystemRandomNumberGenerator()
        func header(_ dimensions: [Int]) -> [UInt8] {
            [0, 0, 8, UInt8(dimensions.count)] + dimensions.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        }
        let pixels = (0..<(count * 784)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = try fixture.write(header([count, 28, 28]) + pixels, named: "train-images-idx3-ubyte")
        _ = try fixture.write(header([count]) + (0..<count).map { UInt8($0 % 10) }, named: "train-labels-idx1-ubyte")
        return fixture
    }

    func isDataError(_ result: CLIResult) -> Bool {
        result.status == 1 && !result.standardError.contains("Usage:")
    }

    @Test("too few images for --validation-size is a data error: exit 1, no usage text")
    func validationSizeTooLarge() throws {
        let fixture = try Self.idxFolder(count: 200)
        let output = fixture.folder.appendingPathComponent("m.octetf").path
        let result = try CLI.run(["train", "--data", fixture.folder.path, "--arch", "plain", "--epochs", "1", "-o", output])
        #expect(isDataError(result), "\(result.status) \(result.standardError)")
        #expect(result.standardError.contains("--validation-size 5000 leaves fewer than one batch of the 200 training images in \(fixture.folder.path)"))
    }

    @Test("train and test class folders that differ are a data error")
    func classFoldersDiffer() throws {
        let fixture = try CLIFixture()
        for (split, label) in [("train", "a"), ("train", "b"), ("test", "a"), ("test", "c")] {
            let folder = fixture.folder.appendingPathComponent("data/\(split)/\(label)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Image(width: 28, height: 28, format: .gray, pixels: [UInt8](repeating: 9, count: 784))
                .writePNG(to: folder + "/x.png")
        }
        let data = fixture.folder.appendingPathComponent("data").path
        let output = fixture.folder.appendingPathComponent("m.octetf").path
        let result = try CLI.run(["train", "--data", data, "--arch", "plain", "--epochs", "1", "-o", output])
        #expect(isDataError(result), "\(result.status) \(result.standardError)")
        #expect(result.standardError.contains("\(data)/test has classes [\"a\", \"c\"], \(data)/train has [\"a\", \"b\"]"))
    }

    @Test("--channels 3 trains an RGB model from PNG class folders; IDX data with --channels 3 is a data error")
    func rgbClassFolders() throws {
        let fixture = try CLIFixture()
        var generator = SplitMix64(seed: 7)
        for label in ["a", "b"] {
            let folder = fixture.folder.appendingPathComponent("data/train/\(label)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for index in 0..<4 {
                let pixels = (0..<(12 * 12 * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                try Image(width: 12, height: 12, format: .rgb, pixels: pixels).writePNG(to: folder + "/\(index).png")
            }
        }
        let data = fixture.folder.appendingPathComponent("data").path
        let output = fixture.folder.appendingPathComponent("rgb.octetf").path
        let result = try CLI.run(["train", "--data", data, "--channels", "3", "--arch", "plain", "--epochs", "1",
                                  "--batch-size", "2", "--validation-size", "0", "-o", output])
        #expect(result.status == 0, "\(result.standardError)")
        // The float model's JSON section (docs/FLOAT_MODEL.md) records the input shape.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
        let length = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes[32..<(32 + length)])) as? [String: Any])
        let input = try #require(json["input"] as? [String: Any])
        #expect(input["channels"] as? Int == 3)
        #expect(input["height"] as? Int == 12)

        let idx = try Self.idxFolder(count: 300)
        let gray = try CLI.run(["train", "--data", idx.folder.path, "--channels", "3", "--arch", "plain", "--epochs", "1",
                                "--validation-size", "0", "-o", output])
        #expect(isDataError(gray), "\(gray.status) \(gray.standardError)")
        #expect(gray.standardError.contains("--channels 3: the IDX images in \(idx.folder.path) are gray"))
        let two = try CLI.run(["train", "--data", data, "--channels", "2", "--arch", "plain", "-o", output])
        #expect(two.status == 64)
        #expect(two.standardError.contains("--channels must be 1 (gray) or 3 (RGB)"))

        // An architecture file that declares 3 input channels needs no --channels; one that
        // contradicts it is an error naming both.
        let file = fixture.folder.appendingPathComponent("rgb.yaml").path
        try """
            input: {height: 12, width: 12, channels: 3}
            layers:
              - {name: conv, type: conv, filters: 4, bn: true, activation: relu}
              - {name: pool, type: globalavgpool}
              - {name: logits, type: dense, units: $classes}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let declared = try CLI.run(["train", "--data", data, "--arch", file, "--epochs", "1", "--batch-size", "2",
                                    "--validation-size", "0", "-o", output])
        #expect(declared.status == 0, "\(declared.standardError)")
        let contradicted = try CLI.run(["train", "--data", data, "--arch", file, "--channels", "1", "-o", output])
        #expect(contradicted.status == 1)
        #expect(contradicted.standardError.contains("--channels 1, but \(file) declares a 12x12x3 input"), "\(contradicted.standardError)")
    }

    @Test("an unwritable -o fails before the first epoch and says 'cannot write'")
    func outputCheckedFirst() throws {
        let fixture = try Self.idxFolder(count: 300)
        let output = "/nonexistent-folder/m.octetf"
        let result = try CLI.run(["train", "--data", fixture.folder.path, "--arch", "plain", "--epochs", "1",
                                  "--validation-size", "0", "-o", output])
        #expect(isDataError(result), "\(result.status) \(result.standardError)")
        #expect(result.standardError.contains("\(output): cannot write (No such file or directory)"))
        #expect(!result.standardOutput.contains("epoch"))
    }

    @Test("a diverging run stops with a clear error and writes no model")
    func divergence() throws {
        let fixture = try Self.idxFolder(count: 300)
        let output = fixture.folder.appendingPathComponent("m.octetf").path
        let result = try CLI.run(["train", "--data", fixture.folder.path, "--arch", "plain", "--epochs", "2",
                                  "--validation-size", "0", "--learning-rate", "100000", "-o", output])
        #expect(isDataError(result), "\(result.status) \(result.standardError)")
        #expect(result.standardError.contains("training diverged in epoch "))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("--checkpoint-every saves after each interval and the finished run removes it; --resume without one fails")
    func checkpoints() throws {
        let fixture = try Self.idxFolder(count: 300)
        let output = fixture.folder.appendingPathComponent("m.octetf").path
        let arguments = ["train", "--data", fixture.folder.path, "--arch", "plain", "--epochs", "2", "--batch-size", "100",
                         "--validation-size", "0", "-o", output]
        let result = try CLI.run(arguments + ["--checkpoint-every", "1"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("saved checkpoint \(output).checkpoint"))
        #expect(FileManager.default.fileExists(atPath: output))
        #expect(!FileManager.default.fileExists(atPath: output + ".checkpoint"))
        let resumed = try CLI.run(arguments + ["--resume"])
        #expect(isDataError(resumed), "\(resumed.status) \(resumed.standardError)")
        #expect(resumed.standardError.contains("cannot resume: \(output).checkpoint: no such file"))
    }
}
