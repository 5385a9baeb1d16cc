import Foundation
import OctetQuantize
import OctetTrain

/// The repository root, found from this file's path (tests read Calibration/ and Samples/).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let fashionLabels = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

/// `model` with every BatchNorm given seeded, non-trivial statistics and affine parameters,
/// as after training (a fresh BatchNorm is the identity, which would hide folding mistakes).
func withTrainedLookingBatchNorm(_ model: FloatModel, seed: UInt64) throws -> FloatModel {
    var generator = SeededGenerator(seed: seed)
    var nodes = model.nodes
    for index in nodes.indices {
        guard case .batchNorm(var batchNorm) = nodes[index].layer else { continue }
        for channel in 0..<batchNorm.channels {
            batchNorm.gamma[channel] = 0.5 + generator.nextUnitFloat()
            batchNorm.beta[channel] = 0.3 * generator.nextNormal()
            batchNorm.runningMean[channel] = 0.5 * generator.nextNormal()
            batchNorm.runningVariance[channel] = 0.2 + 2 * generator.nextUnitFloat()
        }
        nodes[index].layer = .batchNorm(batchNorm)
    }
    return try FloatModel(preprocessing: model.preprocessing, classLabels: model.classLabels, nodes: nodes)
}

/// A small network on 12×12 gray input with every kind of node the quantizer lowers:
/// conv-BN-ReLU, max pool, depthwise conv-BN-ReLU6, a residual add followed by a BatchNorm
/// that cannot fold, concat, ReLU after concat, average pool, dropout, BN → 1×1 conv,
/// global average pool, flatten, dense → BN.
func everyLayerModel(seed: UInt64) throws -> FloatModel {
    var builder = GraphBuilder(input: ActivationShape(height: 12, width: 12, channels: 1), seed: seed)
    let stem = builder.relu(builder.batchNorm(builder.convolution(builder.input, outputChannels: 8, name: "stem.conv"), name: "stem.bn"), name: "stem.relu")
    let pooled = builder.maxPool(stem, name: "pool")
    let depthwise = builder.relu6(builder.batchNorm(
        builder.convolution(pooled, outputChannels: 8, groups: 8, name: "dw.conv"), name: "dw.bn"), name: "dw.relu6")
    let sum = builder.add([pooled, depthwise], name: "add")
    let normalized = builder.batchNorm(sum, name: "add.bn")
    let branch = builder.relu(builder.convolution(normalized, outputChannels: 4, kernel: 1, bias: true, name: "branch.conv"), name: "branch.relu")
    let joined = builder.relu(builder.concat([normalized, branch], name: "concat"), name: "concat.relu")
    let averaged = builder.averagePool(builder.dropout(joined, rate: 0.2, name: "dropout"), name: "avgpool")
    let transition = builder.convolution(builder.batchNorm(averaged, name: "transition.bn"), outputChannels: 8, kernel: 1, bias: true, name: "transition.conv")
    let features = builder.flatten(builder.globalAveragePool(transition, name: "gap"), name: "flatten")
    let hidden = builder.batchNorm(builder.dense(features, outputFeatures: 16, name: "hidden"), name: "hidden.bn")
    _ = builder.dense(builder.relu(hidden, name: "hidden.relu"), outputFeatures: 10, name: "logits")
    let preprocessing = InputPreprocessing(shape: ActivationShape(height: 12, width: 12, channels: 1), scale: 1 / 255, offset: 0)
    return try withTrainedLookingBatchNorm(try builder.build(preprocessing: preprocessing, classLabels: fashionLabels), seed: seed &+ 1)
}

/// Seeded images of smooth blobs on a dark background, roughly like Fashion-MNIST's, with
/// labels from the seed (they only matter for bookkeeping).
func blobImages(count: Int, shape: ActivationShape, seed: UInt64) -> ImageSet {
    var generator = SeededGenerator(seed: seed)
    var pixels: [UInt8] = []
    for _ in 0..<count {
        let centerY = Float(shape.height) * (0.25 + 0.5 * generator.nextUnitFloat())
        let centerX = Float(shape.width) * (0.25 + 0.5 * generator.nextUnitFloat())
        let radius = Float(shape.height) * (0.15 + 0.3 * generator.nextUnitFloat())
        let brightness = 120 + 135 * generator.nextUnitFloat()
        for y in 0..<shape.height {
            for x in 0..<shape.width {
                let distance = ((Float(y) - centerY) * (Float(y) - centerY) + (Float(x) - centerX) * (Float(x) - centerX)).squareRoot()
                let value = brightness * max(0, 1 - distance / radius) + 20 * generator.nextUnitFloat()
                for _ in 0..<shape.channels { pixels.append(UInt8(min(255, value))) }
            }
        }
    }
    return ImageSet(
        height: shape.height, width: shape.width, channels: shape.channels, pixels: pixels,
        labels: (0..<count).map { $0 % 10 }, names: (0..<count).map { "blob\($0)" })
}
