import OctetRuntime

/// A serialized model with its arena plan, for reports (`octet quantize`, `octet inspect`).
public struct BuiltModel: Sendable {
    public var bytes: [UInt8]
    public var arenaSize: Int
    /// The largest sum of activation and scratch sizes alive at one step.
    public var arenaLowerBound: Int
}

public enum ModelBuildError: Error, CustomStringConvertible {
    /// The builder produced a file the runtime rejects: a bug in the caller's graph.
    case rejected(ModelError)
    /// An op's quantization has no representation in TFLite's integer parameters (TFLite's
    /// Prepare would fail too): which op and why.
    case unrepresentable(op: String, reason: String)

    public var description: String {
        switch self {
        case .rejected(let error): "the built model does not load: \(error)"
        case .unrepresentable(let op, let reason): "\(op) cannot be expressed in TFLite's integer parameters: \(reason)"
        }
    }
}

extension ModelBuilder {
    /// Derives lifetimes, plans the arena, serializes, and loads the result once to check it.
    public func build() throws(ModelBuildError) -> BuiltModel {
        let lifetimes = arenaLifetimes()
        let arenaIndices = tensors.indices.filter { tensors[$0].storage == .arena }
        let position = Dictionary(uniqueKeysWithValues: arenaIndices.enumerated().map { ($1, $0) })
        let reused = inPlaceInputs(lifetimes: lifetimes)
        let plan = ArenaPlanner.plan(arenaIndices.map { index in
            ArenaPlanner.Request(
                byteCount: tensors[index].shape.elementCount,
                firstStep: lifetimes[index].first, lastStep: lifetimes[index].last,
                reuses: reused[index].map { position[$0]! })
        })
        var arenaOffsets = [Int](repeating: 0, count: tensors.count)
        for (position, index) in arenaIndices.enumerated() { arenaOffsets[index] = plan.offsets[position] }
        let bytes = serialize(lifetimes: lifetimes, arenaOffsets: arenaOffsets, arenaSize: plan.arenaSize)
        try Self.checkLoads(bytes)
        return BuiltModel(bytes: bytes, arenaSize: plan.arenaSize, arenaLowerBound: plan.lowerBound)
    }

    /// Output tensor → the input whose bytes it takes over: a pooling op without padding is
    /// the input's last reader (`Model.writesInPlace`, the rule the loader checks).
    func inPlaceInputs(lifetimes: [(first: Int, last: Int)]) -> [Int: Int] {
        var reused: [Int: Int] = [:]
        typealias P = OpParameter.Pool
        for (step, op) in ops.enumerated() where op.kind == .maxPool2D || op.kind == .averagePool2D {
            let padding = [P.padTop, P.padLeft, P.padBottom, P.padRight].map { $0 < op.parameters.count ? op.parameters[$0] : 0 }
            let (input, output) = (op.operands[0], op.operands[1])
            if padding.allSatisfy({ $0 == 0 }) && lifetimes[input].last == step && !outputs.contains(TensorID(index: input)) {
                reused[output] = input
            }
        }
        return reused
    }

    /// First and last step of each arena tensor: from the first op that mentions it (step 0
    /// for graph inputs) to the last (the final step for graph outputs).
    func arenaLifetimes() -> [(first: Int, last: Int)] {
        var lifetimes = [(first: Int, last: Int)](repeating: (Int.max, -1), count: tensors.count)
        for (step, op) in ops.enumerated() {
            for index in op.operands where index >= 0 {
                lifetimes[index].first = min(lifetimes[index].first, step)
                lifetimes[index].last = max(lifetimes[index].last, step)
            }
        }
        for input in inputs { lifetimes[input.index].first = 0 }
        for output in outputs { lifetimes[output.index].last = ops.count - 1 }
        return lifetimes.map { $0.first == Int.max ? (0, max($0.last, 0)) : $0 }
    }

    /// Writes header, tables, labels, per-channel scales and 16-byte aligned constant data.
    func serialize(lifetimes: [(first: Int, last: Int)], arenaOffsets: [Int], arenaSize: Int) -> [UInt8] {
        typealias H = FormatLayout.Header
        var out = ByteWriter()
        out.append(contentsOf: [UInt8](repeating: 0, count: H.size))
        let tensorTable = out.count
        out.append(contentsOf: [UInt8](repeating: 0, count: tensors.count * FormatLayout.Tensor.size))
        let opTable = out.count
        var operandTable: [Int32] = []
        for op in ops {
            out.append(op.kind.rawValue)
            out.append(UInt16(0))
            out.append(UInt32(op.operands.count))
            out.append(UInt32(operandTable.count))
            for slot in 0..<FormatLayout.Op.parameterCount {
                out.append(slot < op.parameters.count ? op.parameters[slot] : 0)
            }
            out.append(contentsOf: [UInt8](repeating: 0, count: FormatLayout.Op.size - 12 - 4 * FormatLayout.Op.parameterCount))
            operandTable += op.operands.map { Int32($0) }
        }
        let inputsStart = operandTable.count
        operandTable += inputs.map { Int32($0.index) }
        let outputsStart = operandTable.count
        operandTable += outputs.map { Int32($0.index) }
        let operandOffset = out.count
        for entry in operandTable { out.append(entry) }
        let labelsOffset = out.count
        out.appendStrings(labels)
        let labelsLength = out.count - labelsOffset
        let namesOffset = out.count
        if tensors.contains(where: { !$0.name.isEmpty }) { out.appendStrings(tensors.map(\.name)) }
        let namesLength = out.count - namesOffset

        var scalesOffsets = [Int](repeating: 0, count: tensors.count)
        out.align(to: 4)
        for (index, tensor) in tensors.enumerated() where !tensor.channelScales.isEmpty {
            scalesOffsets[index] = out.count
            for scale in tensor.channelScales { out.append(scale) }
        }
        var dataOffsets = arenaOffsets
        for (index, tensor) in tensors.enumerated() where tensor.storage == .constant {
            out.align()
            dataOffsets[index] = out.count
            out.append(contentsOf: tensor.data)
        }
        out.align()

        for (index, tensor) in tensors.enumerated() {
            var record = ByteWriter()
            for dimension in [tensor.shape.n, tensor.shape.h, tensor.shape.w, tensor.shape.c] { record.append(Int32(dimension)) }
            record.append(tensor.elementType.rawValue)
            record.append(tensor.storage.rawValue)
            record.append(UInt8(tensor.scaleAxis))
            record.append(UInt8(0))
            record.append(tensor.zeroPoint)
            record.append(tensor.scale)
            record.append(UInt32(scalesOffsets[index]))
            record.append(UInt32(dataOffsets[index]))
            record.append(UInt32(tensor.shape.elementCount * tensor.elementType.byteSize))
            let isArena = tensor.storage == .arena
            record.append(Int32(isArena ? lifetimes[index].first : -1))
            record.append(Int32(isArena ? lifetimes[index].last : -1))
            for (position, byte) in record.bytes.enumerated() {
                out.bytes[tensorTable + index * FormatLayout.Tensor.size + position] = byte
            }
        }

        out.bytes.replaceSubrange(0..<4, with: [FormatLayout.magic.0, FormatLayout.magic.1, FormatLayout.magic.2, FormatLayout.magic.3])
        out.patch(FormatLayout.version, at: H.version)
        out.patch(UInt16(H.size), at: H.headerSize)
        out.patch(UInt32(out.count), at: H.totalLength)
        let fields: [(Int, Int)] = [
            (H.tensorCount, tensors.count), (H.tensorTableOffset, tensorTable), (H.opCount, ops.count),
            (H.opTableOffset, opTable), (H.operandCount, operandTable.count), (H.operandTableOffset, operandOffset),
            (H.arenaSize, arenaSize), (H.inputCount, inputs.count), (H.inputsStart, inputsStart),
            (H.outputCount, outputs.count), (H.outputsStart, outputsStart), (H.labelCount, labels.count),
            (H.labelsOffset, labelsOffset), (H.labelsLength, labelsLength),
            (H.namesOffset, namesLength > 0 ? namesOffset : 0), (H.namesLength, namesLength),
        ]
        for (offset, value) in fields { out.patch(UInt32(value), at: offset) }
        out.patch(pixelScale.bitPattern, at: H.pixelScale)
        out.patch(pixelOffset.bitPattern, at: H.pixelOffset)
        OctetFile.refreshChecksum(&out.bytes)
        return out.bytes
    }

    static func checkLoads(_ bytes: [UInt8]) throws(ModelBuildError) {
        let result = OctetFile.withAlignedBytes(bytes) { raw -> ModelError? in
            do throws(ModelError) {
                _ = try Model(bytes: raw)
                return nil
            } catch {
                return error
            }
        }
        if let error = result { throw .rejected(error) }
    }
}
