/// One step of `invoke()`: turn an op record into kernel arguments and call the kernel.
extension Interpreter {
    func run(_ op: OpInfo) {
        switch op.kind {
        case .conv2D, .depthwiseConv2D: runConvolution(op)
        case .fullyConnected: runFullyConnected(op)
        case .maxPool2D, .averagePool2D: runPool(op)
        case .add: runAdd(op)
        case .concatenation: runConcatenation(op)
        case .pad: runPad(op)
        case .reshape: runReshape(op)
        case .softmax:
            typealias S = OpParameter.Softmax
            let parameters = SoftmaxParameters(
                inputBetaMultiplier: op.parameter(S.inputBetaMultiplier),
                inputBetaLeftShift: op.parameter(S.inputBetaLeftShift), diffMin: op.parameter(S.diffMin))
            Softmax.run(input: activation(op.operand(0)).readOnly, parameters: parameters, output: activation(op.output))
        case .logistic:
            typealias L = OpParameter.Logistic
            let parameters = LogisticParameters(
                inputMultiplier: op.parameter(L.inputMultiplier), inputLeftShift: op.parameter(L.inputLeftShift),
                inputRangeRadius: op.parameter(L.inputRangeRadius))
            Logistic.run(input: activation(op.operand(0)).readOnly, parameters: parameters, output: activation(op.output))
        case .requantize:
            typealias R = OpParameter.Requantize
            Requantization.run(
                input: activation(op.operand(0)).readOnly,
                multiplier: QuantizedMultiplier(multiplier: op.parameter(R.multiplier), shift: op.parameter(R.shift)),
                output: activation(op.output))
        case .mean:
            typealias M = OpParameter.Mean
            Mean.run(
                input: activation(op.operand(0)).readOnly,
                multiplier: QuantizedMultiplier(multiplier: op.parameter(M.multiplier), shift: op.parameter(M.shift)),
                output: activation(op.output))
        case .transpose:
            Transpose.run(input: activation(op.operand(0)).readOnly, permutation: op.permutation, output: activation(op.output))
        }
    }

    private func runPad(_ op: OpInfo) {
        typealias P = OpParameter.Pad
        let output = activation(op.output)
        let fill = op.parameter(P.explicitFill) == 1 ? op.parameter(P.fillValue) : output.zeroPoint
        Pad.run(
            input: activation(op.operand(0)).readOnly, padTop: Int(op.parameter(P.padTop)),
            padLeft: Int(op.parameter(P.padLeft)), padFront: Int(op.parameter(P.padFront)),
            fill: Int8(truncatingIfNeeded: fill), output: output)
    }

    private func runConvolution(_ op: OpInfo) {
        typealias C = OpParameter.Convolution
        let geometry = ConvolutionGeometry(
            strideH: Int(op.parameter(C.strideH)), strideW: Int(op.parameter(C.strideW)),
            dilationH: Int(op.parameter(C.dilationH)), dilationW: Int(op.parameter(C.dilationW)),
            padTop: Int(op.parameter(C.padTop)), padLeft: Int(op.parameter(C.padLeft)))
        let clamp = ActivationClamp(min: op.parameter(C.clampMin), max: op.parameter(C.clampMax))
        let input = activation(op.operand(0)).readOnly
        if op.kind == .depthwiseConv2D {
            DepthwiseConv2D.run(
                input: input, filter: weights(op.operand(1)), bias: int32Constant(op.operand(2)),
                requantization: ChannelRequantization(
                    multipliers: int32Constant(op.operand(3)), shifts: int32Constant(op.operand(4))),
                geometry: geometry, clamp: clamp, output: activation(op.output), scratch: scratch(op.operand(5)),
                path: kernelPath)
            return
        }
        let kernelH = Int(op.parameter(C.kernelH)), kernelW = Int(op.parameter(C.kernelW))
        let groups = Int(op.parameter(C.groupsOrMultiplier))
        let output = activation(op.output)
        let shape = PackedGEMMShape(
            depth: kernelH * kernelW * input.shape.c / groups, columns: output.shape.c / groups, groups: groups)
        Conv2D.run(
            input: input, weights: packedWeights(op, shape: shape), kernelH: kernelH, kernelW: kernelW,
            geometry: geometry, groups: groups, clamp: clamp, output: output, scratch: scratch(op.operand(3)),
            path: kernelPath)
    }

    private func runFullyConnected(_ op: OpInfo) {
        typealias F = OpParameter.FullyConnected
        let input = activation(op.operand(0)).readOnly
        let output = activation(op.output)
        FullyConnected.run(
            input: input,
            weights: packedWeights(op, shape: PackedGEMMShape(
                depth: FullyConnected.depth(input: input.shape, output: output.shape), columns: output.shape.c)),
            clamp: ActivationClamp(min: op.parameter(F.clampMin), max: op.parameter(F.clampMax)), output: output,
            scratch: scratch(op.operand(3)), path: kernelPath)
    }

    /// Operands 1 and 2 of a Conv2D or FullyConnected: the packed weights and constants.
    private func packedWeights(_ op: OpInfo, shape: PackedGEMMShape) -> PackedWeights {
        PackedWeights(
            shape: shape, panels: model.constantData(of: model.tensor(op.operand(1)), as: Int8.self),
            constants: int32Constant(op.operand(2)))
    }

    private func runPool(_ op: OpInfo) {
        typealias P = OpParameter.Pool
        let geometry = PoolGeometry(
            kernelH: Int(op.parameter(P.kernelH)), kernelW: Int(op.parameter(P.kernelW)),
            strideH: Int(op.parameter(P.strideH)), strideW: Int(op.parameter(P.strideW)),
            padTop: Int(op.parameter(P.padTop)), padLeft: Int(op.parameter(P.padLeft)))
        let clamp = ActivationClamp(min: op.parameter(P.clampMin), max: op.parameter(P.clampMax))
        let input = activation(op.operand(0)).readOnly
        if op.kind == .maxPool2D {
            MaxPool2D.run(input: input, geometry: geometry, clamp: clamp, output: activation(op.output), path: kernelPath)
        } else {
            AveragePool2D.run(input: input, geometry: geometry, clamp: clamp, output: activation(op.output))
        }
    }

    private func runAdd(_ op: OpInfo) {
        typealias A = OpParameter.Add
        let parameters = AddParameters(
            table1: int32Constant(op.operand(2)), table2: int32Constant(op.operand(3)),
            output: QuantizedMultiplier(multiplier: op.parameter(A.outputMultiplier), shift: op.parameter(A.outputShift)),
            clamp: ActivationClamp(min: op.parameter(A.clampMin), max: op.parameter(A.clampMax)))
        Add.run(
            input1: activation(op.operand(0)).readOnly, input2: activation(op.operand(1)).readOnly,
            parameters: parameters, output: activation(op.output), path: kernelPath)
    }

    /// Inputs whose rescale entry is 0 (the output's quantization) are copied; the others are
    /// requantized.
    private func runConcatenation(_ op: OpInfo) {
        typealias C = OpParameter.Concatenation
        let output = activation(op.output)
        let axis = 3 - Int(op.parameter(C.axisFromLast))
        let requantizes = op.parameter(C.requantizesInputs) != 0
        let rescales = requantizes ? int32Constant(op.operand(op.operandCount - 2)) : nil
        var offset = 0
        for position in 0..<(op.operandCount - (requantizes ? 2 : 1)) {
            let input = activation(op.operand(position)).readOnly
            if let rescales, rescales[2 * position] != 0 {
                let multiplier = QuantizedMultiplier(multiplier: rescales[2 * position], shift: rescales[2 * position + 1])
                Concatenation.requantize(input: input, multiplier: multiplier, into: output, axis: axis, offset: offset)
            } else {
                Concatenation.copy(input: input, into: output, axis: axis, offset: offset)
            }
            offset += input.shape.dimension(axis)
        }
    }

    /// Same elements in the same order; the arena plan never lets the two overlap.
    private func runReshape(_ op: OpInfo) {
        let input = activation(op.operand(0))
        let output = activation(op.output)
        output.data.update(from: input.data, count: input.shape.elementCount)
    }
}
