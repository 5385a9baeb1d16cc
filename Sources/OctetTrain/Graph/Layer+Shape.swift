extension Layer {
    /// The output shape this layer produces from inputs of the given shapes, or a reason
    /// why those inputs do not fit it. Used by `GraphBuilder` (where a misfit is a
    /// programming error) and when validating a loaded model file (where it is a data error).
    public func outputShape(for inputs: [ActivationShape]) -> Result<ActivationShape, ShapeError> {
        func fail(_ reason: String) -> Result<ActivationShape, ShapeError> { .failure(ShapeError(reason: reason)) }
        guard let first = inputs.first else { return fail("no inputs") }
        let needsOneInput: Bool
        switch self {
        case .add, .concat: needsOneInput = false
        default: needsOneInput = true
        }
        if needsOneInput, inputs.count != 1 { return fail("takes 1 input, has \(inputs.count)") }
        switch self {
        case .input:
            return fail("only node 0 may be an input")
        case .convolution(let convolution):
            guard first.channels == convolution.inputChannels else {
                return fail("expects \(convolution.inputChannels) input channels, gets \(first.channels)")
            }
            let window = convolution.window
            // Checked products: a file may hold any integers, and a wrapped product could match the weight count.
            guard convolution.groups > 0, convolution.inputChannels % convolution.groups == 0,
                  convolution.outputChannels % convolution.groups == 0,
                  convolution.weights.count == checkedProduct(
                      convolution.outputChannels, window.kernelHeight, window.kernelWidth, convolution.inputChannels / convolution.groups),
                  convolution.bias.map({ $0.count == convolution.outputChannels }) ?? true
            else { return fail("convolution groups, weight count or bias count do not match its channels") }
            return windowOutput(convolution.window, first, channels: convolution.outputChannels)
        case .batchNorm(let batchNorm):
            guard [batchNorm.beta, batchNorm.runningMean, batchNorm.runningVariance].allSatisfy({ $0.count == batchNorm.channels }),
                  batchNorm.runningVariance.allSatisfy({ $0 >= 0 }), batchNorm.epsilon > 0, batchNorm.epsilon.isFinite
            else { return fail("BatchNorm arrays differ in length, or a variance or epsilon is not positive") }
            guard batchNorm.channels == first.channels else {
                return fail("has \(batchNorm.channels) channels, input has \(first.channels)")
            }
            return .success(first)
        case .relu, .relu6:
            return .success(first)
        case .dropout(let rate):
            return (0..<1).contains(rate) ? .success(first) : fail("dropout rate \(rate) is outside [0, 1)")
        case .maxPool(let window), .averagePool(let window):
            return windowOutput(window, first, channels: first.channels)
        case .globalAveragePool:
            return .success(ActivationShape(height: 1, width: 1, channels: first.channels))
        case .flatten:
            return .success(ActivationShape(height: 1, width: 1, channels: first.elementCount))
        case .dense(let dense):
            guard first.elementCount == dense.inputFeatures else {
                return fail("expects \(dense.inputFeatures) input features, gets \(first.elementCount)")
            }
            guard dense.weights.count == checkedProduct(dense.inputFeatures, dense.outputFeatures), dense.bias.count == dense.outputFeatures else {
                return fail("dense weight or bias count does not match its features")
            }
            return .success(ActivationShape(height: 1, width: 1, channels: dense.outputFeatures))
        case .add:
            guard inputs.count >= 2, inputs.allSatisfy({ $0 == first }) else {
                return fail("needs two or more inputs of one shape, gets \(inputs)")
            }
            return .success(first)
        case .concat:
            guard inputs.count >= 2, inputs.allSatisfy({ $0.height == first.height && $0.width == first.width }) else {
                return fail("needs two or more inputs of one height and width, gets \(inputs)")
            }
            return .success(ActivationShape(height: first.height, width: first.width, channels: inputs.reduce(0) { $0 + $1.channels }))
        }
    }

    private func windowOutput(_ window: Window, _ input: ActivationShape, channels: Int) -> Result<ActivationShape, ShapeError> {
        guard window.kernelHeight > 0, window.kernelWidth > 0, window.strideHeight > 0, window.strideWidth > 0,
              window.dilationHeight > 0, window.dilationWidth > 0,
              [window.padding.top, window.padding.left, window.padding.bottom, window.padding.right].allSatisfy({ $0 >= 0 }),
              let size = window.outputSize(height: input.height, width: input.width)
        else { return .failure(ShapeError(reason: "window \(window) does not fit input \(input)")) }
        return .success(ActivationShape(height: size.height, width: size.width, channels: channels))
    }

    /// Every parameter and statistic array of this layer, named as in the model file.
    public var parameterArrays: [(field: String, values: [Float])] {
        switch self {
        case .convolution(let convolution): [("weights", convolution.weights)] + (convolution.bias.map { [("bias", $0)] } ?? [])
        case .batchNorm(let batchNorm):
            [("gamma", batchNorm.gamma), ("beta", batchNorm.beta), ("runningMean", batchNorm.runningMean),
             ("runningVariance", batchNorm.runningVariance)]
        case .dense(let dense): [("weights", dense.weights), ("bias", dense.bias)]
        default: []
        }
    }

    /// Trainable floats in this layer.
    public var parameterCount: Int {
        switch self {
        case .convolution(let convolution): convolution.weights.count + (convolution.bias?.count ?? 0)
        case .batchNorm(let batchNorm): 2 * batchNorm.channels
        case .dense(let dense): dense.weights.count + dense.bias.count
        default: 0
        }
    }
}

/// The product of `factors`, or nil when it overflows `Int`: sizes read from a file may be
/// anything, and shape checks must reject them, not trap.
func checkedProduct(_ factors: Int...) -> Int? {
    var product = 1
    for factor in factors {
        let (result, overflow) = product.multipliedReportingOverflow(by: factor)
        if overflow { return nil }
        product = result
    }
    return product
}

/// Why a layer cannot take inputs of some shapes.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
