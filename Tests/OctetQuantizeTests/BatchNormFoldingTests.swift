import OctetTrain
import Testing
@testable import OctetQuantize

@Suite("BatchNorm folding")
struct BatchNormFoldingTests {
    @Test("folding gives the unfolded model's evaluation-mode outputs to float rounding")
    func foldedMatchesUnfolded() throws {
        let model = try everyLayerModel(seed: 3)
        let folded = try model.foldingBatchNorm()
        let input = blobImages(count: 8, shape: model.preprocessing.shape, seed: 4).inputTensor(0..<8, preprocessing: model.preprocessing)
        let original = model.activations(input)
        let foldedActivations = folded.activations(input)
        let originalByName = Dictionary(uniqueKeysWithValues: model.nodes.map { ($0.name, $0.id) })
        for node in folded.nodes {
            let expected = original[originalByName[node.name]!].values
            let actual = foldedActivations[node.id].values
            let largest = expected.map(abs).max()!
            let worst = zip(expected, actual).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-5 * max(largest, 1), "\(node.name): error \(worst) against magnitude \(largest)")
        }
    }

    @Test("conv → BN and dense → BN fold backward, BN → 1×1 conv folds forward, BN after an add stays")
    func whichBatchNormsFold() throws {
        let folded = try everyLayerModel(seed: 3).foldingBatchNorm()
        let remaining = folded.nodes.filter { if case .batchNorm = $0.layer { true } else { false } }.map(\.name)
        #expect(remaining == ["add.bn"])
        // A folded producer takes the BatchNorm's name: its output is the BatchNorm's output.
        #expect(folded.nodes.contains { $0.name == "stem.bn" })
        #expect(!folded.nodes.contains { $0.name == "stem.conv" })
        #expect(folded.nodes.contains { $0.name == "transition.conv" })
    }

    @Test("folding follows the formula: w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β")
    func backwardFormula() throws {
        var builder = GraphBuilder(input: ActivationShape(height: 1, width: 1, channels: 2), seed: 1)
        let dense = builder.dense(builder.input, outputFeatures: 2)
        _ = builder.batchNorm(dense, epsilon: 0.25)
        var model = try builder.build(
            preprocessing: InputPreprocessing(shape: ActivationShape(height: 1, width: 1, channels: 2), scale: 1, offset: 0),
            classLabels: ["a", "b"])
        model.nodes[1].layer = .dense(Dense(inputFeatures: 2, outputFeatures: 2, weights: [1, 2, 3, 4], bias: [0.5, -1]))
        var batchNorm = BatchNormalization(channels: 2, epsilon: 0.25)
        batchNorm.gamma = [2, 3]
        batchNorm.beta = [1, -1]
        batchNorm.runningMean = [0.5, 1]
        batchNorm.runningVariance = [3.75, 0]
        model.nodes[2].layer = .batchNorm(batchNorm)
        let folded = try model.foldingBatchNorm()
        guard case .dense(let dense) = folded.nodes[1].layer else {
            Issue.record("the dense layer is gone")
            return
        }
        // Factors: 2/√4 = 1 and 3/√0.25 = 6.
        #expect(dense.weights == [1, 2, 18, 24])
        #expect(dense.bias == [1, -13])  // (0.5 − 0.5)·1 + 1 and (−1 − 1)·6 − 1
        #expect(folded.nodes.count == 2)
    }
}
