import Foundation
import OctetTestSupport
import Testing

@Suite("octet run")
struct RunCommandTests {
    @Test("classifies every image in a folder and prints a summary")
    func classifiesFolder() throws {
        let fixture = try CLIFixture()
        let result = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder, "--top", "2"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == fixture.imagePaths.count + 1)
        for path in fixture.imagePaths {
            let line = try #require(lines.first { $0.hasPrefix(path + ": ") })
            // Two labels from the model, each with a percentage.
            #expect(line.split(separator: "%").count == 2 + 1 || line.hasSuffix("%"))
            #expect(SampleModel.labels.contains { line.contains($0) })
        }
        #expect(result.standardOutput.contains("3 image(s) classified, 0 failed"))
        #expect(result.standardOutput.contains("arena "))
    }

    @Test("JSON Lines: one object per image as it is done, with raw int8 outputs, then the summary")
    func json() throws {
        let fixture = try CLIFixture()
        let missing = fixture.folder.appendingPathComponent("missing.png").path
        let result = try CLI.run(["run", fixture.modelPath, fixture.imagePaths[0], missing, fixture.imagePaths[1], "--json", "--top", "5"])
        #expect(result.status == 1, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        try #require(lines.count == 4)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.map { $0["kind"] as? String } == ["result", "failure", "result", "summary"])
        #expect(objects.map { $0["file"] as? String } == [fixture.imagePaths[0], missing, fixture.imagePaths[1], nil])
        #expect((objects[1]["error"] as? String)?.contains("no such file") == true)
        for object in [objects[0], objects[2]] {
            let top = try #require(object["top"] as? [[String: Any]])
            #expect(top.count == 5)
            let raw = try #require(object["raw"] as? [Int])
            #expect(raw.count == SampleModel.labels.count)
            // The sample model ends in an int8 softmax (scale 1/256, zero point -128), so each
            // probability is its raw value's.
            for prediction in top {
                let index = try #require(prediction["classIndex"] as? Int)
                #expect(prediction["probability"] as? Double == Double(raw[index] + 128) / 256)
            }
        }
        #expect(objects[3]["classified"] as? Int == 2)
        #expect(objects[3]["failed"] as? Int == 1)
        #expect(objects[3]["arenaBytes"] as? Int ?? 0 > 0)
    }

    @Test("a FIFO named .png, given or inside a folder, is refused at once; the rest still run")
    func fifo() throws {
        let fixture = try CLIFixture()
        try withFIFO(at: fixture.imagesFolder + "/zz-fifo.png") { path in
            for input in [path, fixture.imagesFolder] {
                let result = try CLI.run(["run", fixture.modelPath, input], timeout: .seconds(60))
                #expect(result.status == 1)
                #expect(result.standardError.contains("\(path): cannot read: not a regular file (a FIFO)"))
            }
        }
    }

    @Test("a bad image and a missing file are reported by name; the rest still run; exit status 1")
    func failuresAreReportedAndOthersStillRun() throws {
        let fixture = try CLIFixture()
        let notPNG = try fixture.write(Array("hello".utf8), named: "notes.png")
        let missing = fixture.folder.appendingPathComponent("missing.png").path
        let result = try CLI.run(["run", fixture.modelPath, notPNG, fixture.imagePaths[0], missing])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains(fixture.imagePaths[0] + ": "))
        #expect(result.standardError.contains(notPNG))
        #expect(result.standardError.contains(missing))
        #expect(result.standardOutput.contains("1 image(s) classified, 2 failed"))
    }

    @Test("a corrupt model is refused with the loader's reason")
    func corruptModel() throws {
        let fixture = try CLIFixture()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture.modelPath)))
        bytes[200] ^= 0xFF
        let corrupt = try fixture.write(bytes, named: "corrupt.octet")
        let result = try CLI.run(["run", corrupt, fixture.imagesFolder])
        #expect(result.status != 0)
        #expect(result.standardError.contains("checksum mismatch"))
        let truncated = try fixture.write(Array(bytes.prefix(50)), named: "short.octet")
        let short = try CLI.run(["run", truncated, fixture.imagesFolder])
        #expect(short.status != 0)
        #expect(short.standardError.contains("truncated"))
    }

    @Test("wrong flags are usage errors")
    func wrongFlags() throws {
        let fixture = try CLIFixture()
        let result = try CLI.run(["run", fixture.modelPath, fixture.imagesFolder, "--top", "0"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("--top"))
        let unknown = try CLI.run(["run", fixture.modelPath, "--frobnicate"])
        #expect(unknown.status == 64)
    }
}

@Suite("octet inspect")
struct InspectCommandTests {
    @Test("prints every op, the totals and the arena picture")
    func inspect() throws {
        let fixture = try CLIFixture()
        let result = try CLI.run(["inspect", fixture.modelPath])
        #expect(result.status == 0, "\(result.standardError)")
        for kind in ["Conv2D", "DepthwiseConv2D", "Add", "MaxPool2D", "AveragePool2D", "Concatenation", "Pad", "Reshape", "FullyConnected", "Softmax"] {
            #expect(result.standardOutput.contains(kind), "missing \(kind)")
        }
        #expect(result.standardOutput.contains("lower bound"))
        #expect(result.standardOutput.contains("arena over time"))
        #expect(result.standardOutput.contains("probabilities"))
    }

    @Test("a missing model exits non-zero naming the file")
    func missingModel() throws {
        let result = try CLI.run(["inspect", "/nonexistent/model.octet"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("/nonexistent/model.octet: no such file"))
    }
}
