import OctetFormat
import OctetRuntime
import OctetTrain
import Testing
@testable import OctetQuantize

/// `ConcatChoice`: which concatenations requantize, from given extremes, on a dense block.
@Suite("Per-concatenation choice between one shared range and requantized inputs")
struct ConcatChoiceTests {
    /// input → a (conv+ReLU) → b (conv+ReLU); concat1 = [a, b] → c (conv+ReLU);
    /// concat2 = [concat1, c] → global average pool → logits. `a` and `concat1` are read by
    /// a convolution and a concatenation; `b` and `c` by their concatenation alone.
    static func denseBlock() throws -> FloatModel {
        let shape = ActivationShape(height: 8, width: 8, channels: 1)
        var builder = GraphBuilder(input: shape, seed: 5)
        let a = builder.relu(builder.convolution(builder.input, outputChannels: 4, name: "a.conv"), name: "a")
        let b = builder.relu(builder.convolution(a, outputChannels: 4, name: "b.conv"), name: "b")
        let concat1 = builder.concat([a, b], name: "concat1")
        let c = builder.relu(builder.convolution(concat1, outputChannels: 4, name: "c.conv"), name: "c")
        let concat2 = builder.concat([concat1, c], name: "concat2")
        _ = builder.dense(builder.globalAveragePool(concat2, name: "pool"), outputFeatures: 10, name: "logits")
        return try builder.build(preprocessing: InputPreprocessing(shape: shape, scale: 1 / 255, offset: 0), classLabels: fashionLabels)
    }

    /// The concatenations (by name) that requantize when the named tensors have the given upper
    /// bounds (lower bounds 0; every other tensor [0, 4]; a concatenation the union of its inputs).
    func requantizing(_ policy: ConcatQuantization = .auto, upper: [String: Float]) throws -> [String] {
        let plan = try LoweringPlan(model: try Self.denseBlock())
        let id = { (name: String) in plan.model.nodes.firstIndex { $0.name == name }! }
        var extremes: [Int: ActivationRange] = [:]
        for node in plan.tensorNodes { extremes[node] = ActivationRange(0, upper[plan.model.nodes[node].name] ?? 4) }
        extremes[id("concat1")] = extremes[id("a")]!.union(extremes[id("b")]!)
        extremes[id("concat2")] = extremes[id("concat1")]!.union(extremes[id("c")]!)
        return ConcatChoice.requantizing(policy, plan: plan, extremes: extremes).sorted().map { plan.model.nodes[$0].name }
    }

    @Test("ranges within a factor of 2 share; the policies shared and requantize ignore the ranges")
    func similarRanges() throws {
        #expect(try requantizing(upper: [:]) == [])
        #expect(try requantizing(upper: ["c": 7.9]) == [])
        #expect(try requantizing(.requantize, upper: [:]) == ["concat1", "concat2"])
        #expect(try requantizing(.shared, upper: ["c": 100]) == [])
    }

    @Test("a concatenation requantizes when sharing would widen a tensor another op reads more than twice")
    func wideningAReadTensor() throws {
        // concat1 (read by c's convolution) would take c's range, 0…9: concat2 requantizes.
        #expect(try requantizing(upper: ["c": 9]) == ["concat2"])
        // a (read by b's convolution) would take b's range, 0…20: concat1 requantizes; concat2's
        // inputs are then 0…20 (concat1) and 0…4 (c, read by concat2 alone): it shares.
        #expect(try requantizing(upper: ["b": 20]) == ["concat1"])
    }

    @Test("a tensor read only by the concatenation does not count: it ends at the output's scale either way")
    func narrowTensorReadOnlyByTheConcatenation() throws {
        // c (0…1) is four times narrower than concat1 (0…4) but only concat2 reads it.
        #expect(try requantizing(upper: ["c": 1]) == [])
        // b likewise for concat1, while a (0…4) is read by b's convolution and not widened.
        #expect(try requantizing(upper: ["b": 0.5]) == [])
    }

    @Test("a requantizing concatenation lowers to a valid model whose report names it")
    func lowersAndReports() throws {
        let model = try Self.denseBlock()
        let quantizer = try Quantizer(model: model)
        let images = blobImages(count: 20, shape: model.preprocessing.shape, seed: 9)
        let shared = try quantizer.quantize(with: try quantizer.calibrate(on: images, observer: .minMax, concatenations: .shared))
        let requantized = try quantizer.quantize(with: try quantizer.calibrate(on: images, observer: .minMax, concatenations: .requantize))
        let operations = { (model: QuantizedModel) in model.layers.filter { $0.name.hasPrefix("concat") }.map(\.operation) }
        #expect(operations(shared) == ["Concatenation", "Concatenation"])
        #expect(operations(requantized).allSatisfy { $0.hasPrefix("Concatenation (requantizes") })
        // Requantized, a concatenation's inputs keep their own ranges.
        let ranges = Dictionary(uniqueKeysWithValues: requantized.layers.map { ($0.name, $0.range) })
        #expect(ranges["b"] == requantized.layers.first { $0.name == "b" }!.extremes)
        #expect(ranges["concat1"] == ranges["a"]!.union(ranges["b"]!))
    }
}
