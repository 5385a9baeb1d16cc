import Foundation
@testable import OctetTrain

/// The committed Fashion-MNIST subset: 2,000 training images (gzip) and 500 test images (plain).
let fixtureDirectory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path

func randomValues(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in generator.nextNormal() * scale }
}

func randomTensor(_ shape: ActivationShape, batch: Int, seed: UInt64, scale: Float = 1) -> Tensor {
    Tensor(batch: batch, shape: shape, values: randomValues(batch * shape.elementCount, seed: seed, scale: scale))
}

/// A model ending in a dense layer with one output per label, for tests that need a full `FloatModel`.
func finishModel(_ builder: GraphBuilder, last: Int, classes: Int = 3) throws -> FloatModel {
    var builder = builder
    _ = builder.dense(builder.flatten(last), outputFeatures: classes)
    let preprocessing = InputPreprocessing(shape: builder.shape(of: 0), scale: 1, offset: 0)
    return try builder.build(preprocessing: preprocessing, classLabels: (0..<classes).map(String.init))
}
