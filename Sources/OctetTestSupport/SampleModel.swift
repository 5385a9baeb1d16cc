import OctetFormat
import OctetRuntime

/// A small model that uses every op kind once or more, with random weights: the fixture for
/// loader, interpreter, allocation and CLI tests.
///
///     input [1,8,8,3] → conv 3×3 (ReLU) → depthwise 3×3 → add(conv, depthwise)
///       → max pool 2×2 ┐
///       → avg pool 2×2 ┴ concat → conv 1×1 → pad 1 → grouped conv 3×3 /2 (ReLU6)
///       → reshape → fully connected → softmax [1,1,1,5]
public enum SampleModel {
    public static let labels = ["circle", "square", "triangle", "star", "cross"]
    public static let inputShape = Shape(n: 1, h: 8, w: 8, c: 3)

    public static func build(using generator: inout some RandomNumberGenerator) throws -> BuiltModel {
        var model = ModelBuilder()
        model.labels = labels
        model.pixelScale = 1.0 / 255
        let input = model.addActivation(shape: inputShape, scale: 1.0 / 255, zeroPoint: -128)
        model.inputs = [input]
        model.setName("image", of: input)

        let conv = model.addActivation(shape: Shape(n: 1, h: 8, w: 8, c: 8), scale: 0.05, zeroPoint: -128)
        model.randomConvolution(
            input: input, output: conv, kernel: 3, padding: .init(top: 1, left: 1, bottom: 1, right: 1),
            clamp: ActivationClamp(min: -128, max: 127), using: &generator)
        let depthwise = model.addActivation(shape: Shape(n: 1, h: 8, w: 8, c: 8), scale: 0.04, zeroPoint: -5)
        model.randomConvolution(
            depthwise: true, input: conv, output: depthwise, kernel: 3,
            padding: .init(top: 1, left: 1, bottom: 1, right: 1), using: &generator)
        let sum = model.addActivation(shape: Shape(n: 1, h: 8, w: 8, c: 8), scale: 0.08, zeroPoint: 2)
        model.add(
            input1: conv, input2: depthwise,
            rescaling: AddRescaling(input1Scale: 0.05, input2Scale: 0.04, outputScale: 0.08, clamp: .none)!, output: sum)

        let maxPooled = model.addActivation(shape: Shape(n: 1, h: 4, w: 4, c: 8), scale: 0.08, zeroPoint: 2)
        model.pool(average: false, input: sum, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, output: maxPooled)
        let averaged = model.addActivation(shape: Shape(n: 1, h: 4, w: 4, c: 8), scale: 0.08, zeroPoint: 2)
        model.pool(average: true, input: sum, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, output: averaged)
        let joined = model.addActivation(shape: Shape(n: 1, h: 4, w: 4, c: 16), scale: 0.08, zeroPoint: 2)
        model.concatenation(inputs: [maxPooled, averaged], output: joined)

        let mixed = model.addActivation(shape: Shape(n: 1, h: 4, w: 4, c: 8), scale: 0.06, zeroPoint: 3)
        model.randomConvolution(input: joined, output: mixed, kernel: 1, using: &generator)
        let padded = model.addActivation(shape: Shape(n: 1, h: 6, w: 6, c: 8), scale: 0.06, zeroPoint: 3)
        model.pad(input: mixed, padding: .init(top: 1, left: 1, bottom: 1, right: 1), output: padded)
        let grouped = model.addActivation(shape: Shape(n: 1, h: 2, w: 2, c: 8), scale: 0.03, zeroPoint: -128)
        model.randomConvolution(
            input: padded, output: grouped, kernel: 3, stride: 2, groups: 2,
            clamp: ActivationClamp(min: -128, max: min(127, -128 + Int32((6 / 0.03).rounded()))), using: &generator)

        let flat = model.addActivation(shape: Shape(n: 1, h: 1, w: 1, c: 32), scale: 0.03, zeroPoint: -128)
        model.reshape(input: grouped, output: flat)
        let logits = model.addActivation(shape: Shape(n: 1, h: 1, w: 1, c: 5), scale: 0.1, zeroPoint: 0)
        model.randomFullyConnected(input: flat, output: logits, using: &generator)
        let probabilities = model.addActivation(shape: Shape(n: 1, h: 1, w: 1, c: 5), scale: 1.0 / 256, zeroPoint: -128)
        model.softmax(input: logits, parameters: Softmax.parameters(inputScale: 0.1, beta: 1), output: probabilities)
        model.setName("probabilities", of: probabilities)
        model.outputs = [probabilities]
        return try model.build()
    }
}

extension ModelBuilder {
    /// A convolution with random weights (scale 0.01–0.02 per channel), random biases and the
    /// multipliers those scales imply.
    public mutating func randomConvolution(
        depthwise: Bool = false, input: TensorID, output: TensorID, kernel: Int, stride: Int = 1,
        padding: Padding = .zero, groups: Int = 1, clamp: ActivationClamp = .none,
        using generator: inout some RandomNumberGenerator
    ) {
        let (inputShape, outputShape) = (shape(of: input), shape(of: output))
        let filterShape = depthwise
            ? Shape(n: 1, h: kernel, w: kernel, c: outputShape.c)
            : Shape(n: outputShape.c, h: kernel, w: kernel, c: inputShape.c / groups)
        let weightScales = (0..<outputShape.c).map { _ in Float.random(in: 0.01...0.02, using: &generator) }
        let values = (0..<filterShape.elementCount).map { _ in Int8.random(in: -127...127, using: &generator) }
        let bias = (0..<outputShape.c).map { _ in Int32.random(in: -2000...2000, using: &generator) }
        let requantization = weightScales.map {
            QuantizedMultiplier(approximating: Double(scale(of: input)) * Double($0) / Double(scale(of: output)))
        }
        if depthwise {
            depthwiseConvolution(
                input: input, filter: addWeights(values, shape: filterShape, channelScales: weightScales, axis: 3),
                bias: addInt32(bias), requantization: requantization, strideH: stride, strideW: stride,
                padding: padding, multiplier: outputShape.c / inputShape.c, clamp: clamp, output: output)
        } else {
            convolution(
                input: input, weights: QuantizedWeights(values: values, bias: bias, requantization: requantization),
                kernelH: kernel, kernelW: kernel, strideH: stride, strideW: stride, padding: padding, groups: groups,
                clamp: clamp, output: output)
        }
    }

    /// A fully connected layer with random weights, biases and the implied multipliers.
    public mutating func randomFullyConnected(
        input: TensorID, output: TensorID, using generator: inout some RandomNumberGenerator
    ) {
        let inputs = FullyConnected.depth(input: shape(of: input), output: shape(of: output))
        let outputs = shape(of: output).c
        let weightScales = (0..<outputs).map { _ in Float.random(in: 0.01...0.02, using: &generator) }
        let values = (0..<(inputs * outputs)).map { _ in Int8.random(in: -127...127, using: &generator) }
        let bias = (0..<outputs).map { _ in Int32.random(in: -2000...2000, using: &generator) }
        let requantization = weightScales.map {
            QuantizedMultiplier(approximating: Double(scale(of: input)) * Double($0) / Double(scale(of: output)))
        }
        fullyConnected(
            input: input, weights: QuantizedWeights(values: values, bias: bias, requantization: requantization),
            output: output)
    }
}
