import Testing
@testable import OctetTrain

@Suite struct ArchitectureTests {
    let preprocessing = InputPreprocessing(shape: ActivationShape(height: 28, width: 28, channels: 1), scale: 1 / 255, offset: 0)

    @Test(arguments: Architecture.allCases)
    func isSmallValidAndProducesLogits(architecture: Architecture) throws {
        let model = architecture.makeModel(preprocessing: preprocessing, classLabels: (0..<10).map(String.init), seed: 1)
        #expect(model.parameterCount < 100_000)
        try model.validate()
        let input = randomTensor(preprocessing.shape, batch: 3, seed: 2)
        let activations = model.activations(input)
        #expect(activations.count == model.nodes.count)
        for (node, activation) in zip(model.nodes, activations) {
            #expect(activation.shape == node.outputShape && activation.batch == 3)
        }
        #expect(activations.last == model.logits(input))
        // Evaluation is per example: a batch gives the same logits as its examples alone.
        #expect(model.logits(input.example(2)).values == Array(model.logits(input).values[20...]))
    }

    @Test func residualNetworkHasIdentityAndProjectionShortcuts() {
        let model = Architecture.resnet.makeModel(preprocessing: preprocessing, classLabels: (0..<10).map(String.init), seed: 1)
        let adds = model.nodes.filter { $0.layer == .add }
        let projectionInputs = adds.filter { model.nodes[$0.inputs[1]].name.contains("projection") }
        #expect(adds.count == 3)
        #expect(projectionInputs.count == 1)
    }

    @Test func denseNetConcatenatesAndHasATransition() {
        let model = Architecture.densenet.makeModel(preprocessing: preprocessing, classLabels: (0..<10).map(String.init), seed: 1)
        #expect(model.nodes.filter { $0.layer == .concat }.count == 6)
        #expect(model.nodes.contains { if case .averagePool = $0.layer { true } else { false } })
    }
}
