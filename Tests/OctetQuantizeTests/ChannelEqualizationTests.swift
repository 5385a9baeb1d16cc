import OctetTrain
import Testing
@testable import OctetQuantize

/// `ChannelEqualization`: the rescaled model computes the same function, evens out the
/// channels it may, and leaves alone what it may not.
@Suite struct ChannelEqualizationTests {
    let shape = ActivationShape(height: 10, width: 10, channels: 1)

    /// conv → ReLU → depthwise → ReLU → 1×1 conv → ReLU → max pool → flatten → dense, plus a
    /// branch into an add (which cannot be rescaled); weights seeded, channel ranges uneven.
    func model() throws -> FloatModel {
        var builder = GraphBuilder(input: shape, seed: 7)
        let stem = builder.relu(builder.convolution(builder.input, outputChannels: 4, bias: true, name: "stem"), name: "stem.relu")
        let depthwise = builder.relu(builder.convolution(stem, outputChannels: 4, groups: 4, bias: true, name: "dw"), name: "dw.relu")
        let pointwise = builder.relu(builder.convolution(depthwise, outputChannels: 6, kernel: 1, bias: true, name: "pw"), name: "pw.relu")
        let side = builder.convolution(pointwise, outputChannels: 6, kernel: 1, bias: true, name: "side")
        let sum = builder.add([pointwise, side], name: "sum")
        let pooled = builder.maxPool(builder.relu(sum, name: "sum.relu"), name: "pool")
        _ = builder.dense(builder.flatten(pooled, name: "flatten"), outputFeatures: 3, name: "logits")
        let preprocessing = InputPreprocessing(shape: shape, scale: 1 / 255, offset: 0)
        var model = try builder.build(preprocessing: preprocessing, classLabels: ["a", "b", "c"])
        // Channel c of the stem and of the depthwise conv gets weights 4^-c as large: ranges 1 : 1/4 : 1/16 : 1/64.
        for name in ["stem", "dw"] {
            let index = model.nodes.firstIndex { $0.name == name }!
            guard case .convolution(var convolution) = model.nodes[index].layer else { continue }
            let row = convolution.filterSize
            for index in convolution.weights.indices { convolution.weights[index] *= Float.pow4(-(index / row)) }
            model.nodes[index].layer = .convolution(convolution)
        }
        return try FloatModel(preprocessing: model.preprocessing, classLabels: model.classLabels, nodes: model.nodes)
    }

    func node(_ model: FloatModel, _ name: String) -> Int {
        model.nodes.firstIndex { $0.name == name || $0.name == name + ChannelEqualization.renamedSuffix }!
    }

    @Test func theFunctionIsUnchanged() throws {
        let model = try model()
        let images = blobImages(count: 20, shape: shape, seed: 3)
        let equalized = ChannelEqualization().apply(to: model, maxima: model.channelMaxima(on: images))
        #expect(equalized != model)
        let input = images.inputTensor(0..<20, preprocessing: model.preprocessing)
        let expected = model.activations(input).last!.values, actual = equalized.activations(input).last!.values
        let worst = zip(expected, actual).map { abs($0 - $1) / Swift.max(1, abs($0)) }.max()!
        #expect(worst < 1e-5, "largest relative difference in the logits: \(worst)")
    }

    /// A depthwise reader pays nothing for the rescaling, so the stem's ReLU channels are
    /// brought to one range; the depthwise conv's channels, read by an ungrouped conv, only
    /// halfway (by the square root of the ratio). Rescaled tensors are renamed.
    @Test func channelsAreEvenedOut() throws {
        let model = try model()
        let images = blobImages(count: 20, shape: shape, seed: 3)
        let before = model.channelMaxima(on: images)
        let equalized = ChannelEqualization().apply(to: model, maxima: before)
        let after = equalized.channelMaxima(on: images)
        let stem = node(model, "stem.relu"), depthwise = node(model, "dw.relu")
        let limit = ChannelEqualization().limit
        for (channel, range) in after[stem].enumerated() {
            let original = before[stem][channel], top = before[stem].max()!
            #expect(abs(range - original * Swift.min(limit, top / original)) < 1e-4 * top, "stem channel \(channel)")
        }
        #expect(after[stem].min()! < after[stem].max()!, "the limit should bind on the 1/64 channel")
        for (channel, range) in after[depthwise].enumerated() {
            let original = before[depthwise][channel], top = before[depthwise].max()!
            #expect(abs(range - original * Swift.min(limit, (top / original).squareRoot())) < 1e-4 * top, "depthwise channel \(channel)")
        }
        #expect(equalized.nodes[stem].name == "stem.relu" + ChannelEqualization.renamedSuffix)
        #expect(equalized.nodes[node(model, "stem")].name == "stem" + ChannelEqualization.renamedSuffix)
    }

    /// The pointwise conv and the side conv feed an add: neither output is rescaled (the
    /// pointwise conv's weights change only as the depthwise conv's reader).
    @Test func producersReadByAnAddAreLeftAlone() throws {
        let model = try model()
        let images = blobImages(count: 20, shape: shape, seed: 3)
        let maxima = model.channelMaxima(on: images)
        let equalized = ChannelEqualization().apply(to: model, maxima: maxima)
        #expect(equalized.nodes[node(model, "side")] == model.nodes[node(model, "side")])
        #expect(equalized.nodes[node(model, "pw")].name == "pw")
        let pointwise = node(model, "pw.relu")
        for (after, before) in zip(equalized.channelMaxima(on: images)[pointwise], maxima[pointwise]) {
            #expect(abs(after - before) <= 1e-5 * maxima[pointwise].max()!)
        }
    }
}

private extension Float {
    static func pow4(_ exponent: Int) -> Float {
        exponent >= 0 ? Float(1 << (2 * exponent)) : 1 / Float(1 << (-2 * exponent))
    }
}
