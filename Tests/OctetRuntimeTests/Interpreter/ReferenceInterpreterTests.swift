import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

/// Runs a model op by op with the scalar reference kernels, each tensor in its own buffer,
/// decoding operands and parameter slots independently of `Interpreter`.
final class ReferenceInterpreter {
    let model: Model
    private var buffers: [Int: UnsafeMutablePointer<Int8>] = [:]

    init(model: Model) {
        self.model = model
    }

    deinit { buffers.values.forEach { $0.deallocate() } }

    func tensor(_ index: Int) -> MutableInt8Tensor {
        let info = model.tensor(index)
        if buffers[index] == nil { buffers[index] = .allocate(capacity: info.shape.elementCount) }
        return MutableInt8Tensor(data: buffers[index]!, shape: info.shape, zeroPoint: info.zeroPoint)
    }

    func run(step: Int) {
        let op = model.op(step)
        let output = tensor(op.output)
        func input(_ position: Int) -> Int8Tensor { tensor(op.operand(position)).readOnly }
        func constant<T>(_ position: Int, _ type: T.Type) -> UnsafePointer<T> {
            model.constantData(of: model.tensor(op.operand(position)), as: type)
        }
        func weights() -> Int8Weights { Int8Weights(data: constant(1, Int8.self), shape: model.tensor(op.operand(1)).shape) }
        func requantization() -> ChannelRequantization {
            ChannelRequantization(multipliers: constant(3, Int32.self), shifts: constant(4, Int32.self))
        }
        func p(_ slot: Int) -> Int { Int(op.parameter(slot)) }
        func clamp(_ low: Int, _ high: Int) -> ActivationClamp { ActivationClamp(min: op.parameter(low), max: op.parameter(high)) }
        /// Operands 1 and 2 of a Conv2D or FullyConnected, unpacked; the closure gets the plain weights.
        func unpacked(_ shape: PackedGEMMShape, filterShape: Shape,
                      _ body: (Int8Weights, UnsafePointer<Int32>, ChannelRequantization) -> Void) {
            let weights = UnpackedWeights(
                PackedWeights(shape: shape, panels: constant(1, Int8.self), constants: constant(2, Int32.self)),
                inputZeroPoint: input(0).zeroPoint)
            weights.values.withUnsafeBufferPointer { values in
                weights.bias.withUnsafeBufferPointer { bias in
                    weights.multipliers.withUnsafeBufferPointer { multipliers in
                        weights.shifts.withUnsafeBufferPointer { shifts in
                            body(Int8Weights(data: values.baseAddress!, shape: filterShape), bias.baseAddress!,
                                 ChannelRequantization(multipliers: multipliers.baseAddress!, shifts: shifts.baseAddress!))
                        }
                    }
                }
            }
        }
        switch op.kind {
        case .conv2D, .depthwiseConv2D:
            typealias C = OpParameter.Convolution
            let geometry = ConvolutionGeometry(
                strideH: p(C.strideH), strideW: p(C.strideW), dilationH: p(C.dilationH), dilationW: p(C.dilationW),
                padTop: p(C.padTop), padLeft: p(C.padLeft))
            if op.kind == .conv2D {
                let groups = p(C.groupsOrMultiplier), inputShape = input(0).shape
                let filterShape = Shape(n: output.shape.c, h: p(C.kernelH), w: p(C.kernelW), c: inputShape.c / groups)
                let shape = PackedGEMMShape(
                    depth: filterShape.h * filterShape.w * filterShape.c, columns: output.shape.c / groups, groups: groups)
                unpacked(shape, filterShape: filterShape) { filter, bias, requantization in
                    Reference.conv2D(
                        input: input(0), filter: filter, bias: bias, requantization: requantization, geometry: geometry,
                        groups: groups, clamp: clamp(C.clampMin, C.clampMax), output: output)
                }
            } else {
                Reference.depthwiseConv2D(
                    input: input(0), filter: weights(), bias: constant(2, Int32.self), requantization: requantization(),
                    geometry: geometry, clamp: clamp(C.clampMin, C.clampMax), output: output)
            }
        case .fullyConnected:
            let depth = FullyConnected.depth(input: input(0).shape, output: output.shape)
            unpacked(PackedGEMMShape(depth: depth, columns: output.shape.c),
                     filterShape: Shape(n: output.shape.c, h: 1, w: 1, c: depth)) { weights, bias, requantization in
                Reference.fullyConnected(
                    input: input(0), weights: weights, bias: bias, requantization: requantization,
                    clamp: clamp(OpParameter.FullyConnected.clampMin, OpParameter.FullyConnected.clampMax), output: output)
            }
        case .maxPool2D, .averagePool2D:
            typealias P = OpParameter.Pool
            Reference.pool(
                input: input(0),
                geometry: PoolGeometry(
                    kernelH: p(P.kernelH), kernelW: p(P.kernelW), strideH: p(P.strideH), strideW: p(P.strideW),
                    padTop: p(P.padTop), padLeft: p(P.padLeft)),
                clamp: clamp(P.clampMin, P.clampMax), output: output, average: op.kind == .averagePool2D)
        case .add:
            typealias A = OpParameter.Add
            Reference.add(
                input1: input(0), input2: input(1), table1: constant(2, Int32.self), table2: constant(3, Int32.self),
                output: QuantizedMultiplier(multiplier: op.parameter(A.outputMultiplier), shift: op.parameter(A.outputShift)),
                clamp: clamp(A.clampMin, A.clampMax), output: output)
        case .concatenation:
            let axis = 3 - p(OpParameter.Concatenation.axisFromLast)
            let requantizes = p(OpParameter.Concatenation.requantizesInputs) == 1
            var offset = 0
            for position in 0..<(op.operandCount - (requantizes ? 2 : 1)) {
                var rescale: QuantizedMultiplier? = nil
                if requantizes {
                    let table = model.constantData(of: model.tensor(op.operand(op.operandCount - 2)), as: Int32.self)
                    if table[2 * position] != 0 {
                        rescale = QuantizedMultiplier(multiplier: table[2 * position], shift: table[2 * position + 1])
                    }
                }
                Reference.concatenate(input: input(position), into: output, axis: axis, offset: offset, rescale: rescale)
                offset += input(position).shape.dimension(axis)
            }
        case .pad:
            typealias P = OpParameter.Pad
            let fill = p(P.explicitFill) == 1 ? Int8(p(P.fillValue)) : Int8(output.zeroPoint)
            Reference.pad(
                input: input(0), padTop: p(P.padTop), padLeft: p(P.padLeft), padFront: p(P.padFront), fill: fill,
                output: output)
        case .reshape:
            output.data.update(from: input(0).data, count: output.shape.elementCount)
        case .softmax:
            typealias S = OpParameter.Softmax
            Reference.softmax(
                input: input(0),
                parameters: SoftmaxParameters(
                    inputBetaMultiplier: op.parameter(S.inputBetaMultiplier),
                    inputBetaLeftShift: op.parameter(S.inputBetaLeftShift), diffMin: op.parameter(S.diffMin)),
                output: output)
        case .logistic:
            typealias L = OpParameter.Logistic
            Reference.logistic(
                input: input(0),
                parameters: LogisticParameters(
                    inputMultiplier: op.parameter(L.inputMultiplier), inputLeftShift: op.parameter(L.inputLeftShift),
                    inputRangeRadius: op.parameter(L.inputRangeRadius)),
                output: output)
        case .requantize, .mean:
            // Both store the multiplier in slot 0 and the shift in slot 1.
            let m = QuantizedMultiplier(multiplier: op.parameter(0), shift: op.parameter(1))
            if op.kind == .mean {
                Reference.mean(input: input(0), multiplier: m, output: output)
            } else {
                Reference.requantize(input: input(0), multiplier: m, output: output)
            }
        case .transpose:
            Reference.transpose(input: input(0), permutation: (0..<4).map(p), output: output)
        }
    }
}

@Suite("Interpreter against the reference kernels")
struct ReferenceInterpreterTests {
    @Test("every intermediate tensor of random sample models matches the reference, bit for bit", arguments: UInt64(1)...12)
    func matchesReference(seed: UInt64) throws {
        let sample = try LoadedSample(seed: seed)
        let model = sample.interpreter.model
        let reference = ReferenceInterpreter(model: model)
        sample.fillInput(seed: seed &* 31)
        let input = sample.interpreter.input()
        reference.tensor(model.inputTensorIndex(0)).data.update(from: input.data, count: input.shape.elementCount)
        for step in 0..<model.opCount {
            sample.interpreter.invoke(step: step)
            reference.run(step: step)
            let op = model.op(step)
            let actual = sample.interpreter.arenaTensor(op.output)
            let expected = reference.tensor(op.output)
            let count = actual.shape.elementCount
            let mismatches = (0..<count).filter { actual.data[$0] != expected.data[$0] }
            #expect(mismatches.isEmpty, "step \(step) (\(op.kind.name)): \(mismatches.count) of \(count) values differ")
        }
    }
}
