import Foundation
import OctetArchitecture
import Testing
@testable import OctetTrain

/// The shipped files build exactly the graphs the former Swift-coded builders did: the
/// same nodes as the committed Samples/models (which those builders made), and the same
/// initial weights for a seed.
@Suite struct BuiltInArchitectureTests {
    static let shape = ActivationShape(height: 28, width: 28, channels: 1)
    static let labels = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Samples")

    @Test func shipsTheThreeArchitectures() {
        #expect(Set(["plain", "resnet", "densenet"]).isSubset(of: ArchitectureFile.builtInNames))
    }

    /// The layer with its weights and statistics zeroed: what the file decides.
    func skeleton(_ layer: Layer) -> Layer {
        switch layer {
        case .convolution(var convolution):
            convolution.weights = convolution.weights.map { _ in 0 }
            convolution.bias = convolution.bias?.map { _ in 0 }
            return .convolution(convolution)
        case .batchNorm(let batchNorm):
            return .batchNorm(BatchNormalization(channels: batchNorm.channels, epsilon: batchNorm.epsilon, momentum: batchNorm.momentum))
        case .dense(var dense):
            dense.weights = dense.weights.map { _ in 0 }
            dense.bias = dense.bias.map { _ in 0 }
            return .dense(dense)
        default:
            return layer
        }
    }

    @Test(arguments: ["plain", "resnet", "densenet"])
    func sameNodesAsTheSampleModel(name: String) throws {
        let sample = try FloatModel(contentsOf: Self.samples.appendingPathComponent("models/\(name).octetf").path)
        let model = try ArchitectureFile(named: name).makeModel(inputShape: Self.shape, classLabels: Self.labels, seed: 1)
        #expect(model.preprocessing == sample.preprocessing)
        #expect(model.classLabels == sample.classLabels)
        #expect(model.nodes.count == sample.nodes.count)
        for (built, saved) in zip(model.nodes, sample.nodes) {
            #expect(built.name == saved.name)
            #expect(built.inputs == saved.inputs, "\(built.name)")
            #expect(built.outputShape == saved.outputShape, "\(built.name)")
            #expect(skeleton(built.layer) == skeleton(saved.layer), "\(built.name)")
        }
    }

    /// FNV-1a over the bit patterns of every initial weight, computed from the Swift-coded
    /// builders (`Architecture.makeModel`) before they were removed.
    static let initialWeightHashes: [String: [UInt64: UInt64]] = [
        "plain": [1: 0xb965_1a1e_e56f_b7fa, 7: 0xefca_0d42_a377_e45d],
        "resnet": [1: 0x817f_b4e1_bb35_83c0, 7: 0x731f_03cd_e5ce_0662],
        "densenet": [1: 0xb11f_a6b5_a755_f8ba, 7: 0x6d50_dcc6_049f_5850],
    ]

    @Test(arguments: ["plain", "resnet", "densenet"])
    func sameInitialWeightsAsTheFormerBuilders(name: String) throws {
        for (seed, expected) in Self.initialWeightHashes[name]! {
            let model = try ArchitectureFile(named: name).makeModel(
                inputShape: Self.shape, classLabels: (0..<10).map(String.init), seed: seed)
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for node in model.nodes {
                for (_, values) in node.layer.parameterArrays {
                    for value in values { hash = (hash ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3 }
                }
            }
            #expect(hash == expected, "seed \(seed)")
        }
    }
}
