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

    /// Conv2D: `weights` are OHWI (`[out][kernelH][kernelW][in / groups]`); they are packed for
    /// the kernels (`GEMMPacking`) with the input's zero point folded into the bias.
    public mutating func convolution(
        input: TensorID, weights: QuantizedWeights, kernelH: Int, kernelW: Int, strideH: Int = 1, strideW: Int = 1,
        dilationH: Int = 1, dilationW: Int = 1, padding: Padding = .zero, groups: Int = 1,
        clamp: ActivationClamp = .none, output: TensorID
    ) {
        let (inputShape, outputShape) = (shape(of: input), shape(of: output))
        let geometry = ConvolutionGeometry(
            strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW,
            padTop: padding.top, padLeft: padding.left)
        let gemm = PackedGEMMShape(
            depth: kernelH * kernelW * inputShape.c / groups, columns: outputShape.c / groups, groups: groups)
        let (packed, constants) = addPacked(weights, shape: gemm, input: input)
        let scratch = addScratch(byteCount: Conv2D.scratchByteCount(
            input: inputShape, output: outputShape, kernelH: kernelH, kernelW: kernelW, groups: groups, geometry: geometry))
        addOp(.conv2D, operands: [input, packed, constants, scratch, output],
              parameters: convolutionParameters(geometry, padding: padding, groupsOrMultiplier: groups, clamp: clamp,
                                                kernelH: kernelH, kernelW: kernelW))
    }

    /// DepthwiseConv2D: `filter` is 1HWC int8 (`[1, kh, kw, inC · multiplier]`), `bias` int32.
    public mutating func depthwiseConvolution(
        input: TensorID, filter: TensorID, bias: TensorID, requantization: [QuantizedMultiplier], strideH: Int = 1,
        strideW: Int = 1, dilationH: Int = 1, dilationW: Int = 1, padding: Padding = .zero, multiplier: Int = 1,
        clamp: ActivationClamp = .none, output: TensorID
    ) {
        let geometry = ConvolutionGeometry(
            strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW,
            padTop: padding.top, padLeft: padding.left)
        let filterShape = shape(of: filter)
        let multipliers = addInt32(requantization.map(\.multiplier))
        let shifts = addInt32(requantization.map(\.shift))
        let scratch = addScratch(byteCount: DepthwiseConv2D.scratchByteCount(
            input: shape(of: input), filter: filterShape, output: shape(of: output), geometry: geometry))
        addOp(.depthwiseConv2D, operands: [input, filter, bias, multipliers, shifts, scratch, output],
              parameters: convolutionParameters(geometry, padding: padding, groupsOrMultiplier: multiplier, clamp: clamp,
                                                kernelH: filterShape.h, kernelW: filterShape.w))
    }

    /// FullyConnected: `weights` are `[out][in]`; `in` is the input's elements per output row
    /// (`FullyConnected.depth`: H·W·C for an output `[N, 1, 1, out]`, C for `[N, H, W, out]`).
    public mutating func fullyConnected(
        input: TensorID, weights: QuantizedWeights, clamp: ActivationClamp = .none, output: TensorID
    ) {
        let (inputShape, outputShape) = (shape(of: input), shape(of: output))
        let (packed, constants) = addPacked(
            weights, shape: PackedGEMMShape(
                depth: FullyConnected.depth(input: inputShape, output: outputShape), columns: outputShape.c),
            input: input)
        let scratch = addScratch(byteCount: FullyConnected.scratchByteCount(input: inputShape, output: outputShape))
        addOp(.fullyConnected, operands: [input, packed, constants, scratch, output], parameters: [clamp.min, clamp.max])
    }

    /// The packed weights and constants tensors of a GEMM op reading `input`.
    private mutating func addPacked(
        _ weights: QuantizedWeights, shape: PackedGEMMShape, input: TensorID
    ) -> (weights: TensorID, constants: TensorID) {
        let panels = GEMMPacking.panels(weights, shape: shape)
        let packed = add(PendingTensor(
            shape: shape.weightShape, elementType: .int8, storage: .constant, scale: 0, zeroPoint: 0,
            channelScales: [], scaleAxis: 0, data: panels.map { UInt8(bitPattern: $0) }))
        let constants = addInt32(
            GEMMPacking.constants(weights, shape: shape, inputZeroPoint: zeroPoint(of: input)),
            shape: shape.constantsShape)
        return (packed, constants)
    }

    private func convolutionParameters(
        _ geometry: ConvolutionGeometry, padding: Padding, groupsOrMultiplier: Int, clamp: ActivationClamp,
        kernelH: Int, kernelW: Int
    ) -> [Int32] {
        [
            geometry.strideH, geometry.strideW, geometry.dilationH, geometry.dilationW, padding.top, padding.left,
            padding.bottom, padding.right, groupsOrMultiplier,
        ].map { Int32($0) } + [clamp.min, clamp.max, Int32(kernelH), Int32(kernelW)]
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

    /// Concatenation along NHWC `axis` (3, channels, by default). When some input's scale or
    /// zero point differs from the output's, every input gets a rescale entry (0, 0 for a
    /// copy; `Concatenation.rescale` for the others) and the op requantizes those inputs.
    /// Each input scale / output scale must be below 2^31 (`Concatenation.rescale`).
    public mutating func concatenation(inputs: [TensorID], axis: Int = 3, output: TensorID) {
        let (outputScale, outputZeroPoint) = (scale(of: output), zeroPoint(of: output))
        guard inputs.contains(where: { scale(of: $0) != outputScale || zeroPoint(of: $0) != outputZeroPoint }) else {
            addOp(.concatenation, operands: inputs + [output], parameters: axis == 3 ? [] : [Int32(3 - axis)])
            return
        }
        let rescales = inputs.flatMap { input -> [Int32] in
            guard scale(of: input) != outputScale || zeroPoint(of: input) != outputZeroPoint else { return [0, 0] }
            let multiplier = Concatenation.rescale(inputScale: scale(of: input), outputScale: outputScale)!
            return [multiplier.multiplier, multiplier.shift]
        }
        addOp(.concatenation, operands: inputs + [addInt32(rescales), output], parameters: [Int32(3 - axis), 1])
    }

    /// Pad: the border holds the output's zero point (TFLite's PAD), or `fill` when given
    /// (PADV2's constant, an int8 value in the output's quantization). `channels` adds
    /// channels before and after the input's.
    public mutating func pad(
        input: TensorID, padding: Padding, channels: (front: Int, back: Int) = (0, 0), fill: Int8? = nil,
        output: TensorID
    ) {
        let sides = [padding.top, padding.left, padding.bottom, padding.right].map { Int32($0) }
        let fillSlots: [Int32] = fill.map { [1, Int32($0)] } ?? [0, 0]
        let channelSlots: [Int32] = channels == (0, 0) ? [] : [Int32(channels.front), Int32(channels.back)]
        let parameters = sides + (channelSlots.isEmpty && fill == nil ? [] : fillSlots) + channelSlots
        addOp(.pad, operands: [input, output], parameters: parameters)
    }

    public mutating func reshape(input: TensorID, output: TensorID) {
        addOp(.reshape, operands: [input, output])
    }

    public mutating func softmax(input: TensorID, parameters: SoftmaxParameters, output: TensorID) {
        addOp(.softmax, operands: [input, output],
              parameters: [parameters.inputBetaMultiplier, parameters.inputBetaLeftShift, parameters.diffMin])
    }
}
