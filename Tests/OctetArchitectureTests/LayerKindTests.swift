import OctetArchitecture
import Testing
@testable import OctetTrain

/// Every layer type parses and builds the node it names, with the shape it must have.
@Suite struct LayerKindTests {
    /// `layers` between a fixed head and a classifier, on an 8×8×4 input.
    func model(_ layers: String, shape: ActivationShape = ActivationShape(height: 8, width: 8, channels: 4)) throws -> FloatModel {
        try buildModel("layers:\n" + layers + "\n  - {name: logits, type: dense, units: $classes}", shape: shape)
    }

    @Test func convolutionFields() throws {
        let model = try self.model("""
              - {name: c, type: conv, filters: 6, kernel: [3, 1], stride: [2, 1], padding: [1, 0, 1, 0], dilation: [1, 1], groups: 2, bias: true}
            """)
        let node = try #require(model.node("c"))
        guard case .convolution(let convolution) = node.layer else { Issue.record("not a conv: \(node.layer)"); return }
        #expect(convolution.inputChannels == 4 && convolution.outputChannels == 6 && convolution.groups == 2)
        #expect(convolution.window == Window(
            kernelHeight: 3, kernelWidth: 1, strideHeight: 2, strideWidth: 1,
            padding: Padding(top: 1, left: 0, bottom: 1, right: 0)))
        #expect(convolution.bias == [Float](repeating: 0, count: 6))
        #expect(node.outputShape == ActivationShape(height: 4, width: 8, channels: 6))
        #expect(node.inputs == [0])
    }

    @Test func convolutionDefaultsAreThreeBySameWithoutBias() throws {
        let node = try #require(try model("  - {name: c, type: conv, filters: 5}").node("c"))
        guard case .convolution(let convolution) = node.layer else { Issue.record("not a conv"); return }
        #expect(convolution.window == Window(kernelHeight: 3, kernelWidth: 3, padding: Padding(top: 1, left: 1, bottom: 1, right: 1)))
        #expect(convolution.bias == nil && convolution.groups == 1)
        #expect(node.outputShape == ActivationShape(height: 8, width: 8, channels: 5))
    }

    @Test(arguments: [("same", 4), ("valid", 3), ("2", 5), ("[1, 0]", 4)])
    func paddingModes(padding: String, expectedHeight: Int) throws {
        let node = try #require(try model("  - {name: c, type: conv, filters: 2, stride: 2, padding: \(padding)}").node("c"))
        #expect(node.outputShape.height == expectedHeight)
    }

    @Test func dilation() throws {
        let node = try #require(try model("  - {name: c, type: conv, filters: 2, dilation: 2, padding: valid}").node("c"))
        #expect(node.outputShape == ActivationShape(height: 4, width: 4, channels: 2))
    }

    @Test func convolutionUnitIsConvBatchNormActivation() throws {
        let model = try self.model("""
              - {name: u, type: conv, filters: 8, bn: true, activation: relu6}
              - {name: v, type: conv, filters: 8, activation: relu}
            """)
        #expect(model.nodes.map(\.name) == ["input", "u.conv", "u.bn", "u.relu6", "v.conv", "v.relu", "logits"])
        #expect(model.nodes.map(\.layer.kindName) == ["input", "conv", "bn", "relu6", "conv", "relu", "dense"])
        #expect(model.node("v.conv")?.inputs == [model.node("u.relu6")!.id])
    }

    @Test func sameUnitAsGraphBuilder() throws {
        let fromFile = try buildModel("""
            layers:
              - {name: unit, type: conv, filters: 8, kernel: 1, stride: 2, bn: true, activation: relu}
              - {name: logits, type: dense, units: $classes}
            """, seed: 5)
        var builder = GraphBuilder(input: ActivationShape(height: 8, width: 8, channels: 4), seed: 5)
        _ = builder.dense(builder.convolutionBatchNormReLU(builder.input, outputChannels: 8, kernel: 1, stride: 2, name: "unit"), outputFeatures: 3, name: "logits")
        #expect(fromFile.nodes == builder.nodes)
    }

    @Test func batchNormFields() throws {
        let model = try self.model("""
              - {name: a, type: batchnorm, epsilon: 0.001, momentum: 0.01}
              - {name: b, type: bn}
            """)
        #expect(model.node("a")?.layer == .batchNorm(BatchNormalization(channels: 4, epsilon: 0.001, momentum: 0.01)))
        #expect(model.node("b")?.layer == .batchNorm(BatchNormalization(channels: 4)))
    }

    @Test func activationsAndShapePreservingLayers() throws {
        let model = try self.model("""
              - {name: r, type: relu}
              - {name: r6, type: relu6}
              - {name: d, type: dropout, rate: 0.25}
            """)
        #expect(model.node("r")?.layer == .relu)
        #expect(model.node("r6")?.layer == .relu6)
        #expect(model.node("d")?.layer == .dropout(rate: 0.25))
        #expect(model.node("d")?.outputShape == ActivationShape(height: 8, width: 8, channels: 4))
    }

    @Test func pooling() throws {
        let model = try self.model("""
              - {name: m, type: maxpool}
              - {name: a, type: avgpool, kernel: 3, stride: 1, padding: same}
              - {name: m2, type: maxpool, kernel: [1, 2], stride: [1, 2]}
            """)
        #expect(model.node("m")?.layer == .maxPool(Window(kernelHeight: 2, kernelWidth: 2, strideHeight: 2, strideWidth: 2)))
        #expect(model.node("m")?.outputShape == ActivationShape(height: 4, width: 4, channels: 4))
        #expect(model.node("a")?.layer == .averagePool(Window(kernelHeight: 3, kernelWidth: 3, padding: Padding(top: 1, left: 1, bottom: 1, right: 1))))
        #expect(model.node("a")?.outputShape == ActivationShape(height: 4, width: 4, channels: 4))
        #expect(model.node("m2")?.outputShape == ActivationShape(height: 4, width: 2, channels: 4))
    }

    @Test func globalPoolFlattenAndDense() throws {
        let model = try self.model("""
              - {name: g, type: globalavgpool}
              - {name: f, type: flatten}
              - {name: h, type: dense, units: 7, activation: relu}
              - {name: gap, type: gap, input: input}
              - {name: sum, type: concat, inputs: [h, gap]}
            """)
        #expect(model.node("g")?.layer == .globalAveragePool)
        #expect(model.node("g")?.outputShape == ActivationShape(height: 1, width: 1, channels: 4))
        #expect(model.node("f")?.layer == .flatten)
        #expect(model.node("h.dense")?.outputShape == ActivationShape(height: 1, width: 1, channels: 7))
        #expect(model.node("h.relu")?.layer == .relu)
        #expect(model.node("sum")?.outputShape == ActivationShape(height: 1, width: 1, channels: 11))
        guard case .dense(let dense) = model.output.layer else { Issue.record("no dense output"); return }
        #expect(dense.inputFeatures == 11 && dense.outputFeatures == 3)
    }

    @Test func addAndConcatTakeTheirInputsInOrder() throws {
        let model = try self.model("""
              - {name: a, type: conv, filters: 4}
              - {name: b, type: conv, filters: 2, input: input}
              - {name: sum, type: add, inputs: [a, input]}
              - {name: cat, type: concat, inputs: [b, sum, a]}
            """)
        let ids = { (names: [String]) in names.map { model.node($0)!.id } }
        #expect(model.node("sum")?.layer == .add && model.node("sum")?.inputs == ids(["a", "input"]))
        #expect(model.node("cat")?.layer == .concat && model.node("cat")?.inputs == ids(["b", "sum", "a"]))
        #expect(model.node("cat")?.outputShape == ActivationShape(height: 8, width: 8, channels: 10))
    }

    @Test func oneDimensionalConvolutionOverASequence() throws {
        let model = try buildModel("""
            input: {height: 1, width: 64, channels: 3, scale: 0.5, offset: -1}
            classes: [quiet, loud]
            layers:
              - {name: c1, type: conv, filters: 8, kernel: [1, 5], bn: true, activation: relu}
              - {name: p1, type: maxpool, kernel: [1, 2]}
              - {name: c2, type: conv, filters: 8, kernel: [1, 3], dilation: [1, 2], padding: valid}
              - {name: g, type: globalavgpool}
              - {name: logits, type: dense, units: $classes}
            """, shape: nil)
        #expect(model.preprocessing == InputPreprocessing(shape: ActivationShape(height: 1, width: 64, channels: 3), scale: 0.5, offset: -1))
        #expect(model.classLabels == ["quiet", "loud"])
        guard case .convolution(let first) = model.node("c1.conv")?.layer else { Issue.record("no c1"); return }
        #expect(first.window.kernelHeight == 1 && first.window.kernelWidth == 5)
        #expect(first.window.padding == Padding(top: 0, left: 2, bottom: 0, right: 2))
        #expect(model.node("c1.relu")?.outputShape == ActivationShape(height: 1, width: 64, channels: 8))
        #expect(model.node("p1")?.outputShape == ActivationShape(height: 1, width: 32, channels: 8))
        #expect(model.node("c2")?.outputShape == ActivationShape(height: 1, width: 28, channels: 8))
        // It runs like any other model.
        #expect(model.logits(Tensor(zeros: model.preprocessing.shape, batch: 2)).shape == ActivationShape(height: 1, width: 1, channels: 2))
    }

    @Test func unnamedLayersAreNamedByTypeAndPosition() throws {
        let model = try self.model("""
              - {type: conv, filters: 2}
              - {type: relu}
            """)
        #expect(model.nodes.map(\.name) == ["input", "conv1", "relu2", "logits"])
    }

    @Test func forwardReferencesAreBuiltBeforeTheirReaders() throws {
        let model = try buildModel("""
            layers:
              - {name: late, type: add, inputs: [early, input]}
              - {name: early, type: relu, input: input}
              - {name: logits, type: dense, units: $classes, input: late}
            """)
        #expect(model.nodes.map(\.name) == ["input", "early", "late", "logits"])
    }
}
