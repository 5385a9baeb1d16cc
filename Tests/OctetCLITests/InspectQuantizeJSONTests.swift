import Foundation
import OctetFormat
import OctetRuntime
import Testing

/// `inspect --json` and `quantize --json`: standard output parses, and the fields say what the
/// model file itself says.
@Suite("inspect and quantize --json")
struct InspectQuantizeJSONTests {
    static func object(_ result: CLIResult) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test("inspect --json: totals, tensors and one entry per op, as the loaded model has them")
    func inspect() throws {
        let fixture = try CLIFixture()
        let report = try Self.object(try CLI.run(["inspect", fixture.modelPath, "--json"]))
        let loaded = try LoadedModel(path: fixture.modelPath)
        let model = loaded.model
        #expect(report["model"] as? String == fixture.modelPath)
        #expect(report["modelBytes"] as? Int == model.byteCount)
        #expect(report["arenaBytes"] as? Int == model.arenaSize)
        #expect(report["labels"] as? [String] == ["circle", "square", "triangle", "star", "cross"])
        let input = try #require((report["inputs"] as? [[String: Any]])?.first)
        let inputInfo = model.tensor(model.inputTensorIndex(0))
        #expect(input["shape"] as? [Int] == [1, 8, 8, 3])
        #expect(input["zeroPoint"] as? Int == Int(inputInfo.zeroPoint))
        #expect((input["scale"] as? Double).map(Float.init) == inputInfo.scale)
        let ops = try #require(report["ops"] as? [[String: Any]])
        #expect(ops.count == model.opCount)
        for (step, op) in ops.enumerated() {
            let info = model.op(step)
            let output = model.tensor(info.output)
            #expect(op["index"] as? Int == step)
            #expect(op["kind"] as? String == "\(info.kind.name)")
            #expect(op["output"] as? String == loaded.tensorName(info.output))
            #expect(op["outputShape"] as? [Int] == [output.shape.n, output.shape.h, output.shape.w, output.shape.c])
            #expect(op["arenaOffset"] as? Int == output.dataOffset)
            #expect(op["bytes"] as? Int == output.byteLength)
            #expect(op["alive"] as? [Int] == [output.firstStep, output.lastStep])
        }
        let macs = ops.compactMap { $0["macs"] as? Int }.reduce(0, +)
        #expect(macs > 0)
        #expect(report["macs"] as? Int == macs)
        #expect(report["parameters"] as? Int == ops.compactMap { $0["weights"] as? Int }.reduce(0, +))
        let lowerBound = try #require(report["arenaLowerBound"] as? Int)
        #expect(lowerBound > 0 && lowerBound <= model.arenaSize)
    }

    @Test("quantize --json: the written file's size and arena, one entry per int8 tensor, progress on stderr only")
    func quantize() throws {
        let fixture = try CLIFixture()
        let output = fixture.folder.appendingPathComponent("plain.octet").path
        let result = try CLI.run([
            "quantize", repositoryRoot.appendingPathComponent("Samples/models/plain.octetf").path,
            "--calibration", repositoryRoot.appendingPathComponent("Calibration/images").path, "--calibration-count", "4",
            "--observer", "minmax", "-o", output, "--json",
        ])
        let report = try Self.object(result)
        #expect(result.standardError.contains("calibrating (minmax) ["))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int)
        #expect(report["output"] as? String == output)
        #expect(report["modelBytes"] as? Int == size)
        #expect(report["observer"] as? String == "minmax")
        #expect(report["calibrationImageCount"] as? Int == 4)
        let loaded = try LoadedModel(path: output)
        #expect(report["arenaBytes"] as? Int == loaded.model.arenaSize)
        let tensors = try #require(report["tensors"] as? [[String: Any]])
        #expect(!tensors.isEmpty)
        let names = Set((0..<loaded.model.tensorCount).map { loaded.tensorName($0) })
        for tensor in tensors {
            let name = try #require(tensor["name"] as? String)
            #expect(names.contains(name), "\(name) is not a tensor of the written model")
            let (low, high) = (try #require(tensor["rangeMin"] as? Double), try #require(tensor["rangeMax"] as? Double))
            #expect(low <= 0 && 0 <= high)
            let scale = try #require(tensor["scale"] as? Double)
            #expect(scale > 0)
            #expect((-128...127).contains(try #require(tensor["zeroPoint"] as? Int)))
            #expect((tensor["weightScaleMin"] == nil) == (tensor["weightScaleMax"] == nil))
        }
        #expect(tensors.contains { $0["weightScaleMin"] != nil })
    }
}
