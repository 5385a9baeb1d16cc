import OctetRuntime

/// Typed op constructors: they lay out operands and parameter slots as docs/FORMAT.md says,
/// add per-channel multipliers and shifts as constants, and size the scratch with the
/// runtime's own kernel functions, so writer and runtime always agree.
extension ModelBuilder {
    /// Explicit padding on all four sides.
    public struct Padding: Equatable, Sendable {
        public var top: Int, left: Int, bottom: Int, right: Int

        public init(top: Int, left: Int, bottom: Int, right: Int) {
            (self.top, self.left, self.bottom, self.right) = (top, left, bottom, right)
        }

        public static let zero = Padding(top: 0, left: 0, bottom: 0, right: 0)
    }

    /// Conv2D (`depthwise: false`, `groupsOrMultiplier` = groups) or DepthwiseConv2D
    /// (`groupsOrMultiplier` = channel multiplier).
    public mutating func convolution(
        depthwise: Bool = false, input: TensorID, filter: TensorID, bias: TensorID,
        requantization: [QuantizedMultiplier], strideH: Int = 1, strideW: Int = 1, dilationH: Int = 1,
        dilationW: Int = 1, padding: Padding = .zero, groupsOrMultiplier: Int = 1, clamp: ActivationClamp = .none,
        output: TensorID
    ) {
        let geometry = ConvolutionGeometry(
            strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW,
            padTop: padding.top, padLeft: padding.left)
        let (inputShape, filterShape, outputShape) = (shape(of: input), shape(of: filter), shape(of: output))
        let scratchBytes = depthwise
            ? DepthwiseConv2D.scratchByteCount(input: inputShape, filter: filterShape, output: outputShape, geometry: geometry)
            : Conv2D.scratchByteCount(
                input: inputShape, filter: filterShape, output: outputShape, groups: groupsOrMultiplier, geometry: geometry)
        let multipliers = addInt32(requantization.map(\.multiplier))
        let shifts = addInt32(requantization.map(\.shift))
        let scratch = addScratch(byteCount: scratchBytes)
        let parameters: [Int32] = [
            strideH, strideW, dilationH, dilationW, padding.top, padding.left, padding.bottom, padding.right,
            groupsOrMultiplier,
        ].map { Int32($0) } + [clamp.min, clamp.max]
        addOp(depthwise ? .depthwiseConv2D : .conv2D,
              operands: [input, filter, bias, multipliers, shifts, scratch, output], parameters: parameters)
    }

    public mutating func fullyConnected(
        input: TensorID, weights: TensorID, bias: TensorID, requantization: [QuantizedMultiplier],
        clamp: ActivationClamp = .none, output: TensorID
    ) {
        let multipliers = addInt32(requantization.map(\.multiplier))
        let shifts = addInt32(requantization.map(\.shift))
        let scratch = addScratch(byteCount: FullyConnected.scratchByteCount(
            input: shape(of: input), weights: shape(of: weights), output: shape(of: output)))
        addOp(.fullyConnected, operands: [input, weights, bias, multipliers, shifts, scratch, output],
              parameters: [clamp.min, clamp.max])
    }

    /// MaxPool2D or AveragePool2D.
    public mutating func pool(
        average: Bool, input: TensorID, kernelH: Int, kernelW: Int, strideH: Int, strideW: Int,
        padding: Padding = .zero, clamp: ActivationClamp = .none, output: TensorID
    ) {
        let parameters: [Int32] = [
            kernelH, kernelW, strideH, strideW, padding.top, padding.left, padding.bottom, padding.right,
        ].map { Int32($0) } + [clamp.min, clamp.max]
        addOp(average ? .averagePool2D : .maxPool2D, operands: [input, output], parameters: parameters)
    }

    /// Add: each input's rescale becomes a 256-entry int32 constant for the input's zero point.
    public mutating func add(input1: TensorID, input2: TensorID, rescaling: AddRescaling, output: TensorID) {
        let table1 = addInt32(rescaling.table(multiplier: rescaling.input1, zeroPoint: zeroPoint(of: input1)))
        let table2 = addInt32(rescaling.table(multiplier: rescaling.input2, zeroPoint: zeroPoint(of: input2)))
        addOp(.add, operands: [input1, input2, table1, table2, output], parameters: [
            rescaling.output.multiplier, rescaling.output.shift, rescaling.clamp.min, rescaling.clamp.max,
        ])
    }

    public mutating func concatenation(inputs: [TensorID], output: TensorID) {
        addOp(.concatenation, operands: inputs + [output])
    }

    public mutating func pad(input: TensorID, padding: Padding, output: TensorID) {
        addOp(.pad, operands: [input, output],
              parameters: [padding.top, padding.left, padding.bottom, padding.right].map { Int32($0) })
    }

    public mutating func reshape(input: TensorID, output: TensorID) {
        addOp(.reshape, operands: [input, output])
    }

    public mutating func softmax(input: TensorID, parameters: SoftmaxParameters, output: TensorID) {
        addOp(.softmax, operands: [input, output],
              parameters: [parameters.inputBetaMultiplier, parameters.inputBetaLeftShift, parameters.diffMin])
    }
}
