import OctetFormat
import OctetRuntime
import OctetTestSupport

/// A model of the ops added for TFLite graphs, with every step's index fixed for the
/// validation tests:
///
///     input [2,4,5,8] → 0 requantize → 1 logistic → 2 transpose (0,2,1,3) [2,5,4,8]
///       → 3 pad 1 (fill 17) [2,7,6,8] → 4 mean [2,1,1,8] → 6 concatenation with itself along H [2,2,1,8]
///                                     → 5 fully connected per pixel (keep_num_dims) [2,7,6,3]
enum TFLiteOpsModel {
    static let requantize = 0, logistic = 1, transpose = 2, pad = 3, mean = 4, fullyConnected = 5, concatenation = 6

    static func build(seed: UInt64 = 1) throws -> ModelBytes {
        var generator = SplitMix64(seed: seed)
        var model = ModelBuilder()
        let input = model.addActivation(shape: Shape(n: 2, h: 4, w: 5, c: 8), scale: 0.05, zeroPoint: 3)
        model.inputs = [input]
        let rescaled = model.addActivation(shape: Shape(n: 2, h: 4, w: 5, c: 8), scale: 0.08, zeroPoint: -10)
        try model.requantize(input: input, output: rescaled)
        let squashed = model.addActivation(shape: Shape(n: 2, h: 4, w: 5, c: 8), scale: 1.0 / 256, zeroPoint: -128)
        try model.logistic(input: rescaled, output: squashed)
        let transposed = model.addActivation(shape: Shape(n: 2, h: 5, w: 4, c: 8), scale: 1.0 / 256, zeroPoint: -128)
        model.transpose(input: squashed, permutation: [0, 2, 1, 3], output: transposed)
        let padded = model.addActivation(shape: Shape(n: 2, h: 7, w: 6, c: 8), scale: 1.0 / 256, zeroPoint: -128)
        model.pad(input: transposed, padding: .init(top: 1, left: 1, bottom: 1, right: 1), fill: 17, output: padded)
        let averaged = model.addActivation(shape: Shape(n: 2, h: 1, w: 1, c: 8), scale: 0.003, zeroPoint: 5)
        try model.mean(input: padded, output: averaged)
        let perPixel = model.addActivation(shape: Shape(n: 2, h: 7, w: 6, c: 3), scale: 0.02, zeroPoint: -7)
        model.randomFullyConnected(input: padded, output: perPixel, using: &generator)
        let joined = model.addActivation(shape: Shape(n: 2, h: 2, w: 1, c: 8), scale: 0.003, zeroPoint: 5)
        model.concatenation(inputs: [averaged, averaged], axis: 1, output: joined)
        model.outputs = [joined, perPixel]
        return ModelBytes(bytes: try model.build().bytes)
    }
}
