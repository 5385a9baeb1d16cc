import Foundation
import Testing

/// `octet summary` and `octet train --arch FILE` on a tiny architecture file.
@Suite("octet summary and train --arch FILE")
struct ArchitectureCommandTests {
    static let tinyNetwork = """
        # A tiny residual net for 28×28 grey images.
        input: {height: 28, width: 28, channels: 1}
        blocks:
          unit:
            parameters: [channels]
            layers:
              - {name: conv, type: conv, filters: $channels, bn: true, activation: relu}
              - {name: add, type: add, inputs: [conv, input]}
        layers:
          - {name: stem, type: conv, filters: 4, stride: 2, bn: true, activation: relu}
          - {name: stage, block: unit, channels: 4, repeat: 2}
          - {name: pool, type: globalavgpool}
          - {name: logits, type: dense, units: $classes}
        """

    struct Summary: Decodable {
        struct Row: Decodable {
            var name: String
            var type: String
            var outputShape: [Int]
            var parameters: Int
            var macs: Int
            var receptiveField: [Int]
            var jump: [Int]
        }
        var rows: [Row]
        var totalParameters: Int
        var totalMACs: Int
        var classes: Int
    }

    @Test("summary --json lists every node with its shape, costs and receptive field")
    func summaryJSON() throws {
        let fixture = try CLIFixture()
        let file = try fixture.write(Array(Self.tinyNetwork.utf8), named: "tiny.yaml")
        let result = try CLI.run(["summary", file, "--json", "--classes", "4"])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(result.standardOutput.utf8))
        #expect(summary.rows.map(\.name) == [
            "input", "stem.conv", "stem.bn", "stem.relu", "stage1.conv.conv", "stage1.conv.bn", "stage1.conv.relu", "stage1.add",
            "stage2.conv.conv", "stage2.conv.bn", "stage2.conv.relu", "stage2.add", "pool", "logits",
        ])
        let stem = try #require(summary.rows.first { $0.name == "stem.conv" })
        #expect(stem.type == "conv" && stem.outputShape == [14, 14, 4] && stem.parameters == 36 && stem.macs == 14 * 14 * 4 * 9)
        #expect(stem.receptiveField == [3, 3] && stem.jump == [2, 2])
        let second = try #require(summary.rows.first { $0.name == "stage2.conv.conv" })
        #expect(second.receptiveField == [11, 11] && second.jump == [2, 2])
        #expect(summary.rows.last?.outputShape == [1, 1, 4] && summary.classes == 4)
        #expect(summary.totalParameters == summary.rows.reduce(0) { $0 + $1.parameters })
        #expect(summary.totalMACs == summary.rows.reduce(0) { $0 + $1.macs })
    }

    @Test("train --arch FILE trains it, and inspect on the result prints the summary's table")
    func trainFromFile() throws {
        let fixture = try TrainCommandTests.idxFolder(count: 300)
        let file = try fixture.write(Array(Self.tinyNetwork.utf8), named: "tiny.yaml")
        let output = fixture.folder.appendingPathComponent("tiny.octetf").path
        let result = try CLI.run([
            "train", "--data", fixture.folder.path, "--arch", file, "--epochs", "1", "--validation-size", "0",
            "--batch-size", "100", "--class-names", "digits", "-o", output,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\(file): 398 parameters"))
        let summary = try CLI.run(["summary", file, "--classes", "10"])
        let inspection = try CLI.run(["inspect", output])
        #expect(summary.status == 0 && inspection.status == 0, "\(summary.standardError) \(inspection.standardError)")
        #expect(inspection.standardOutput == summary.standardOutput)
        #expect(inspection.standardOutput.contains("stage2.add"))
    }

    @Test("a broken architecture file fails before training: exit 1, file, line, layer and shapes")
    func brokenFile() throws {
        let fixture = try TrainCommandTests.idxFolder(count: 300)
        let broken = Self.tinyNetwork.replacingOccurrences(of: "{name: pool, type: globalavgpool}", with: "{name: pool, type: add, inputs: [stage, input]}")
        let file = try fixture.write(Array(broken.utf8), named: "broken.yaml")
        let output = fixture.folder.appendingPathComponent("m.octetf").path
        // With --class-names the file alone fixes every shape, so train fails before reading the data (a missing folder).
        for arguments in [["summary", file, "--classes", "10"], ["train", "--data", fixture.folder.path, "--arch", file, "--validation-size", "0", "-o", output],
                          ["train", "--data", "/nonexistent", "--arch", file, "--class-names", "digits", "-o", output]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 1 && !result.standardError.contains("Usage:"), "\(result.standardError)")
            #expect(result.standardError.contains("\(file):12: layer 'pool': add needs inputs of one shape, but 'stage' is 14x14x4, 'input' is 28x28x1"),
                    "\(result.standardError)")
            #expect(!result.standardOutput.contains("epoch"))
        }
    }

    @Test("summary of a shipped name that leaves the input to the data asks for --input")
    func shippedNeedsInput() throws {
        let missing = try CLI.run(["summary", "resnet"])
        #expect(missing.status == 1 && missing.standardError.contains("built-in resnet: declares no input shape"))
        #expect(missing.standardError.contains("or pass --input HxWxC"))
        let given = try CLI.run(["summary", "resnet", "--input", "28x28x1"])
        #expect(given.status == 0 && given.standardOutput.contains("parameters   85426 trainable"), "\(given.standardError)")
    }
}
