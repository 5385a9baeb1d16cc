import Foundation
import OctetClassifier
import OctetFormat
import OctetImage
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("Classifier")
struct ClassifierTests {
    /// SampleModel (8×8 RGB in, int8 softmax over 5 labels out) written to a file and loaded.
    static func sampleClassifier(seed: UInt64 = 7) throws -> Classifier {
        var generator = SplitMix64(seed: seed)
        let path = temporaryPath("sample.octet")
        try Data(try SampleModel.build(using: &generator).bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Classifier(contentsOf: path)
    }

    static func randomImage(width: Int, height: Int, format: PixelFormat = .rgb, using generator: inout SplitMix64) -> Image {
        let count = width * height * format.channelCount
        return Image(width: width, height: height, format: format, pixels: (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The same pixels through a separate interpreter and arena, quantized by the same public
    /// function: the classifier's raw output, ranking and probabilities must follow from it.
    static func referenceOutput(_ classifier: Classifier, pixels: [UInt8]) throws -> [Int8] {
        let model = classifier.loaded.model
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: model.arenaSize, alignment: FormatLayout.alignment)
        defer { arena.deallocate() }
        let interpreter = try Interpreter(model: model, arena: arena, kernelPath: .portable)
        let input = interpreter.input()
        pixels.withUnsafeBufferPointer {
            classifier.quantize($0, into: UnsafeMutableBufferPointer(start: input.data, count: input.shape.elementCount))
        }
        interpreter.invoke()
        let output = interpreter.output()
        return Array(UnsafeBufferPointer(start: output.data, count: output.shape.elementCount))
    }

    @Test("pixels, PNG bytes and PNG files of 8×8 images give the reference output, ranked")
    func matchesReference() throws {
        let classifier = try Self.sampleClassifier()
        var generator = SplitMix64(seed: 11)
        for trial in 0..<20 {
            let image = Self.randomImage(width: 8, height: 8, using: &generator)
            let expected = try Self.referenceOutput(classifier, pixels: image.pixels)
            let fromPixels = try classifier.classify(image, top: 5)
            #expect(fromPixels.raw == expected, "trial \(trial)")
            // The model ends in an int8 softmax: probability = (q + 128) / 256.
            let ranked = expected.indices.sorted { expected[$0] > expected[$1] || (expected[$0] == expected[$1] && $0 < $1) }
            #expect(fromPixels.top.map(\.classIndex) == ranked)
            #expect(fromPixels.top.map(\.probability) == ranked.map { (Double(expected[$0]) + 128) / 256 })
            #expect(fromPixels.top.map(\.label) == ranked.map { SampleModel.labels[$0] })

            let png = try image.encodedPNG()
            let fromBytes = try classifier.classify(pngBytes: png, top: 5)
            #expect(fromBytes.top == fromPixels.top && fromBytes.raw == fromPixels.raw)
            let path = temporaryPath("image.png")
            try image.writePNG(to: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let fromFile = try classifier.classify(pngFile: path, top: 2)
            #expect(fromFile.top == Array(fromPixels.top.prefix(2)) && fromFile.raw == fromPixels.raw)
        }
    }

    @Test("images of another size are resized first, PNG or pixels alike")
    func resizes() throws {
        let classifier = try Self.sampleClassifier()
        var generator = SplitMix64(seed: 12)
        for (width, height) in [(16, 16), (5, 11), (30, 7)] {
            let image = Self.randomImage(width: width, height: height, using: &generator)
            let expected = try Self.referenceOutput(classifier, pixels: image.resized(width: 8, height: 8).pixels)
            #expect(try classifier.classify(image).raw == expected, "\(width)×\(height)")
            #expect(try classifier.classify(pngBytes: try image.encodedPNG()).raw == expected, "\(width)×\(height) PNG")
        }
    }

    @Test("raw tensors run as given; a wrong size, a wrong pixel format and a bad PNG are named")
    func rejectsBadInput() throws {
        let classifier = try Self.sampleClassifier()
        var generator = SplitMix64(seed: 13)
        let raw = (0..<192).map { _ in Int8.random(in: -128...127, using: &generator) }
        #expect(try classifier.classify(raw: raw, top: 0).top.isEmpty)
        #expect(throws: ClassifierError.rawInputSize(expected: 192, actual: 191)) { try classifier.classify(raw: Array(raw.dropLast())) }
        let gray = Self.randomImage(width: 8, height: 8, format: .gray, using: &generator)
        #expect(throws: ClassifierError.pixelFormatMismatch(expected: .rgb, actual: .gray)) { try classifier.classify(gray) }
        #expect(throws: ImageError.notPNG(file: "bytes.png")) { try classifier.classify(pngBytes: [1, 2, 3, 4, 5, 6, 7, 8], name: "bytes.png") }
        #expect(throws: LoadedModelError.self) { try Classifier(contentsOf: temporaryPath("missing.octet")) }
    }

    @Test("a model whose input is not an image takes raw tensors only")
    func nonImageModel() throws {
        var model = ModelBuilder()
        let input = model.addActivation(shape: Shape(n: 1, h: 2, w: 2, c: 2), scale: 0.1, zeroPoint: 0)
        let output = model.addActivation(shape: Shape(n: 1, h: 1, w: 1, c: 2), scale: 0.1, zeroPoint: 0)
        model.pool(average: false, input: input, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, output: output)
        model.inputs = [input]
        model.outputs = [output]
        let path = temporaryPath("pairs.octet")
        try Data(try model.build().bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let classifier = try Classifier(contentsOf: path)
        #expect(throws: ClassifierError.notAnImageModel(path: path, inputShape: [1, 2, 2, 2])) {
            try classifier.classify(Image(width: 2, height: 2, format: .gray, pixels: [0, 1, 2, 3]))
        }
        let result = try classifier.classify(raw: [1, -5, 7, 2, -3, 9, 4, 0], top: 2)
        #expect(result.raw == [7, 9])
        #expect(result.top.map(\.classIndex) == [1, 0] && result.top.map(\.label) == ["class 1", "class 0"])
    }
}
