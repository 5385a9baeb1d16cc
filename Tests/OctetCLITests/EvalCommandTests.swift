import Foundation
import Testing

/// `octet eval` on the shipped plain model and sample images: int8 alone, with the float model,
/// and on the data folders `octet train` reads.
@Suite("octet eval")
struct EvalCommandTests {
    static let int8Model = repositoryRoot.appendingPathComponent("Samples/models/plain.octet").path
    static let floatModel = repositoryRoot.appendingPathComponent("Samples/models/plain.octetf").path
    static let images = repositoryRoot.appendingPathComponent("Samples/images").path

    /// The sample images' labels, from their file names (`3-dress-00013.png` → 3).
    static var labelsByFile: [String: Int] {
        get throws {
            let files = try FileManager.default.contentsOfDirectory(atPath: images).filter { $0.hasSuffix(".png") }
            return Dictionary(uniqueKeysWithValues: files.map { ($0, Int($0.prefix { $0.isNumber })!) })
        }
    }

    static func evalJSON(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(["eval", "--int8", int8Model, "--json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    @Test("an .octet alone: accuracy, per-class counts and a confusion matrix that agree with 'octet run'")
    func int8Alone() throws {
        let report = try Self.evalJSON(["--data", Self.images])
        let labels = try Self.labelsByFile
        #expect(report["imageCount"] as? Int == labels.count)
        #expect(report["float"] == nil)
        let confusion = try #require(report["confusion"] as? [[Int]])
        #expect(confusion.count == 10 && confusion.allSatisfy { $0.count == 10 })
        let classes = try #require(report["classes"] as? [[String: Any]])
        for (index, entry) in classes.enumerated() {
            #expect(entry["index"] as? Int == index)
            #expect(entry["images"] as? Int == labels.values.filter { $0 == index }.count)
            #expect(entry["images"] as? Int == confusion[index].reduce(0, +))
            #expect(entry["correct"] as? Int == confusion[index][index])
        }
        #expect((classes.first?["label"] as? String) == "T-shirt/top")

        // The same images through `octet run`: its top-1 class against the file-name label.
        let run = try CLI.run(["run", Self.int8Model, Self.images, "--json", "--top", "1"])
        #expect(run.status == 0, "\(run.standardError)")
        var expected = Array(repeating: Array(repeating: 0, count: 10), count: 10)
        for line in run.standardOutput.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["kind"] as? String == "result", let file = object["file"] as? String else { continue }
            let predicted = try #require(((object["top"] as? [[String: Any]])?.first?["classIndex"]) as? Int)
            let label = try #require(labels[(file as NSString).lastPathComponent])
            expected[label][predicted] += 1
        }
        #expect(confusion == expected)
        let correct = (0..<10).reduce(0) { $0 + expected[$1][$1] }
        #expect(report["correct"] as? Int == correct)
        // Foundation's JSON parser may be one ulp off; the integers above are exact.
        #expect(abs((report["accuracy"] as? Double ?? -1) - Double(correct) / Double(labels.count)) < 1e-12)
    }

    @Test("--float adds float accuracy, agreement and per-layer SQNR; the int8 figures stay the same")
    func withFloat() throws {
        let alone = try Self.evalJSON(["--data", Self.images])
        let report = try Self.evalJSON(["--data", Self.images, "--float", Self.floatModel])
        #expect(report["confusion"] as? [[Int]] == alone["confusion"] as? [[Int]])
        let float = try #require(report["float"] as? [String: Any])
        let accuracy = try #require(float["accuracy"] as? Double)
        let correct = try #require(float["correct"] as? Int)
        #expect(abs(accuracy - Double(correct) / Double(try #require(report["imageCount"] as? Int))) < 1e-12)
        let drop = try #require(float["accuracyDropPoints"] as? Double)
        #expect(abs(drop - 100 * (accuracy - (report["accuracy"] as? Double ?? -1))) < 1e-9)
        let agreement = try #require(float["top1Agreement"] as? Double)
        #expect((0...1).contains(agreement))
        let layers = try #require(float["layers"] as? [[String: Any]])
        #expect(!layers.isEmpty)
        #expect(layers.allSatisfy { $0["tensor"] is String && ($0["sqnrDecibels"] is Double || $0["sqnrDecibels"] == nil) })
        #expect((float["unmatchedTensors"] as? [String])?.isEmpty == true)

        let noLayers = try Self.evalJSON(["--data", Self.images, "--float", Self.floatModel, "--no-layers"])
        #expect((noLayers["float"] as? [String: Any])?["layers"] == nil)
    }

    @Test("train's IDX folder: the t10k split is evaluated, with the same results as the PNGs")
    func idxFolder() throws {
        let fixture = try CLIFixture()
        let folder = fixture.folder.appendingPathComponent("fashion").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let png = try Self.evalJSON(["--data", Self.images, "--export-idx", folder + "/t10k"])
        // A smaller training split next to it, which must not be the one evaluated.
        _ = try Self.evalJSON(["--data", Self.images, "--count", "10", "--export-idx", folder + "/train"])
        let idx = try Self.evalJSON(["--data", folder])
        #expect(idx["data"] as? String == folder + "/t10k-images-idx3-ubyte")
        #expect(idx["imageCount"] as? Int == png["imageCount"] as? Int)
        #expect(idx["confusion"] as? [[Int]] == png["confusion"] as? [[Int]])

        // Only the training split left: evaluated, with a note saying so.
        for kind in ["images-idx3", "labels-idx1"] { try FileManager.default.removeItem(atPath: folder + "/t10k-\(kind)-ubyte") }
        let train = try CLI.run(["eval", "--int8", Self.int8Model, "--data", folder, "--json"])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardError.contains("note: \(folder) has no t10k-images-idx3-ubyte file; evaluating on its training images train-images-idx3-ubyte"))
        let trainReport = try #require(try JSONSerialization.jsonObject(with: Data(train.standardOutput.utf8)) as? [String: Any])
        #expect(trainReport["imageCount"] as? Int == 10)
    }

    @Test("train's PNG layout: test/ class folders are evaluated, with the same results as the PNGs")
    func classFolders() throws {
        let fixture = try CLIFixture()
        let data = fixture.folder.appendingPathComponent("data")
        let labels = try Self.labelsByFile
        for (file, label) in labels {
            // Class folders sort in class order: 0-…, 1-…, … 9-….
            for split in ["train", "test"] where split == "test" || label < 2 {
                let classFolder = data.appendingPathComponent("\(split)/\(label)-class")
                try FileManager.default.createDirectory(at: classFolder, withIntermediateDirectories: true)
                try FileManager.default.copyItem(
                    atPath: (Self.images as NSString).appendingPathComponent(file), toPath: classFolder.appendingPathComponent(file).path)
            }
        }
        let png = try Self.evalJSON(["--data", Self.images])
        let folders = try Self.evalJSON(["--data", data.path])
        // Folder names cannot hold the label "T-shirt/top": a warning says the order decides.
        let text = try CLI.run(["eval", "--int8", Self.int8Model, "--data", data.path])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardError.contains(
            "warning: the class folders of \(data.path)/test (0-class, 1-class, 2-class, 3-class, 4-class, 5-class, 6-class, 7-class, 8-class, 9-class) are not named like the classes of \(Self.int8Model) (T-shirt/top, Trouser"),
            "\(text.standardError)")
        #expect(text.standardOutput.contains("confusion matrix (rows: labelled class, columns: int8 prediction)"))
        #expect(folders["data"] as? String == data.appendingPathComponent("test").path)
        #expect(folders["imageCount"] as? Int == labels.count)
        #expect(folders["confusion"] as? [[Int]] == png["confusion"] as? [[Int]])
    }

    @Test("unlabelled images and a float model of another input size are data errors naming the files")
    func errors() throws {
        let fixture = try CLIFixture()
        let unlabelled = try CLI.run(["eval", "--int8", Self.int8Model, "--data", fixture.imagesFolder])
        #expect(unlabelled.status == 1)
        #expect(unlabelled.standardError.contains("\(fixture.imagesFolder): images have no labels"), "\(unlabelled.standardError)")
        #expect(!unlabelled.standardError.contains("Usage:"))

        let mismatched = try CLI.run(["eval", "--int8", fixture.modelPath, "--float", Self.floatModel, "--data", Self.images])
        #expect(mismatched.status == 1)
        #expect(mismatched.standardError.contains("\(fixture.modelPath) takes "), "\(mismatched.standardError)")
        #expect(mismatched.standardError.contains("\(Self.floatModel) takes 28x28x1"), "\(mismatched.standardError)")
    }
}
