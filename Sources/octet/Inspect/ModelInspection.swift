import Foundation
import OctetFormat
import OctetRuntime

/// Per-op facts about a loaded model: shapes, parameters, weights, MACs, receptive field and
/// the arena placement of each op's output.
struct ModelInspection {
    struct Row {
        var step: Int
        var kind: OpKind
        var output: Int
        var inputShapes: [Shape]
        var outputShape: Shape
        var parameters: String
        var weightCount: Int
        var macs: Int
        /// Receptive field of one output pixel, in input pixels (height × width).
        var receptiveField: (h: Int, w: Int)
    }

    let loaded: LoadedModel
    var rows: [Row] = []

    init(_ loaded: LoadedModel) {
        self.loaded = loaded
        let model = loaded.model
        // Receptive field and jump (input pixels between neighbouring outputs) per tensor.
        var field: [Int: (h: Int, w: Int, jumpH: Int, jumpW: Int)] = [:]
        for position in 0..<model.inputCount { field[model.inputTensorIndex(position)] = (1, 1, 1, 1) }
        for step in 0..<model.opCount {
            let op = model.op(step)
            let inputs = Self.activationInputs(op)
            let inputShapes = inputs.map { model.tensor($0).shape }
            let outputShape = model.tensor(op.output).shape
            let incoming = inputs.compactMap { field[$0] }.reduce((h: 1, w: 1, jumpH: 1, jumpW: 1)) {
                (max($0.h, $1.h), max($0.w, $1.w), max($0.jumpH, $1.jumpH), max($0.jumpW, $1.jumpW))
            }
            let window = Self.window(op, model: model)
            field[op.output] = (
                incoming.h + (window.extentH - 1) * incoming.jumpH, incoming.w + (window.extentW - 1) * incoming.jumpW,
                incoming.jumpH * window.strideH, incoming.jumpW * window.strideW)
            let weights = Self.weightCount(op, model: model)
            rows.append(Row(
                step: step, kind: op.kind, output: op.output, inputShapes: inputShapes, outputShape: outputShape,
                parameters: Self.describeParameters(op, model: model), weightCount: weights,
                macs: Self.macs(op, model: model, outputShape: outputShape),
                receptiveField: (field[op.output]!.h, field[op.output]!.w)))
        }
    }

    /// Operands that are activations (not weights, biases, requantization or scratch).
    static func activationInputs(_ op: OpInfo) -> [Int] {
        switch op.kind {
        case .conv2D, .depthwiseConv2D, .fullyConnected: [op.operand(0)]
        case .concatenation where op.parameter(OpParameter.Concatenation.requantizesInputs) == 1:
            (0..<(op.operandCount - 2)).map { op.operand($0) }
        default: (0..<(op.operandCount - 1)).map { op.operand($0) }
        }
    }

    /// Window extent (dilation included) and stride of spatial ops; 1 for the others.
    static func window(_ op: OpInfo, model: Model) -> (extentH: Int, extentW: Int, strideH: Int, strideW: Int) {
        switch op.kind {
        case .conv2D, .depthwiseConv2D:
            typealias C = OpParameter.Convolution
            let (kernelH, kernelW) = kernelSize(op)
            return ((kernelH - 1) * Int(op.parameter(C.dilationH)) + 1, (kernelW - 1) * Int(op.parameter(C.dilationW)) + 1,
                    Int(op.parameter(C.strideH)), Int(op.parameter(C.strideW)))
        case .maxPool2D, .averagePool2D:
            typealias P = OpParameter.Pool
            return (Int(op.parameter(P.kernelH)), Int(op.parameter(P.kernelW)),
                    Int(op.parameter(P.strideH)), Int(op.parameter(P.strideW)))
        case .fullyConnected:
            // Every output sees its whole row: the whole input, or one pixel with kept dimensions.
            let (input, output) = (model.tensor(op.operand(0)).shape, model.tensor(op.output).shape)
            return output.h * output.w == 1 ? (input.h, input.w, 1, 1) : (1, 1, 1, 1)
        case .mean:
            let input = model.tensor(op.operand(0)).shape
            return (input.h, input.w, 1, 1)
        default:
            return (1, 1, 1, 1)
        }
    }

    static func kernelSize(_ op: OpInfo) -> (h: Int, w: Int) {
        (Int(op.parameter(OpParameter.Convolution.kernelH)), Int(op.parameter(OpParameter.Convolution.kernelW)))
    }

    /// Weights one output channel reads (before packing pads them).
    static func weightsPerOutput(_ op: OpInfo, model: Model) -> Int {
        let input = model.tensor(op.operand(0)).shape
        switch op.kind {
        case .conv2D:
            let (kernelH, kernelW) = kernelSize(op)
            return kernelH * kernelW * input.c / Int(op.parameter(OpParameter.Convolution.groupsOrMultiplier))
        case .depthwiseConv2D:
            let (kernelH, kernelW) = kernelSize(op)
            return kernelH * kernelW
        case .fullyConnected: return FullyConnected.depth(input: input, output: model.tensor(op.output).shape)
        default: return 0
        }
    }

    /// Weights plus biases.
    static func weightCount(_ op: OpInfo, model: Model) -> Int {
        let outputChannels = model.tensor(op.output).shape.c
        return op.kind.isWeighted ? outputChannels * (weightsPerOutput(op, model: model) + 1) : 0
    }

    /// Multiply-accumulates of conv and fully connected ops (one per weight use).
    static func macs(_ op: OpInfo, model: Model, outputShape: Shape) -> Int {
        outputShape.elementCount * weightsPerOutput(op, model: model)
    }

    static func describeParameters(_ op: OpInfo, model: Model) -> String {
        func clamp(_ low: Int, _ high: Int) -> String {
            let (minimum, maximum) = (op.parameter(low), op.parameter(high))
            return minimum == -128 && maximum == 127 ? "" : " clamp \(minimum)…\(maximum)"
        }
        switch op.kind {
        case .conv2D, .depthwiseConv2D:
            typealias C = OpParameter.Convolution
            let (kernelH, kernelW) = kernelSize(op)
            let p = (0..<11).map { Int(op.parameter($0)) }
            var text = "\(kernelH)x\(kernelW) /\(p[C.strideH])x\(p[C.strideW]) pad \(p[C.padTop]),\(p[C.padLeft]),\(p[C.padBottom]),\(p[C.padRight])"
            if p[C.dilationH] != 1 || p[C.dilationW] != 1 { text += " dil \(p[C.dilationH])x\(p[C.dilationW])" }
            if op.kind == .conv2D && p[C.groupsOrMultiplier] != 1 { text += " groups \(p[C.groupsOrMultiplier])" }
            if op.kind == .depthwiseConv2D && p[C.groupsOrMultiplier] != 1 { text += " mult \(p[C.groupsOrMultiplier])" }
            return text + clamp(C.clampMin, C.clampMax)
        case .maxPool2D, .averagePool2D:
            typealias P = OpParameter.Pool
            let p = (0..<10).map { Int(op.parameter($0)) }
            return "\(p[P.kernelH])x\(p[P.kernelW]) /\(p[P.strideH])x\(p[P.strideW]) pad \(p[P.padTop]),\(p[P.padLeft]),\(p[P.padBottom]),\(p[P.padRight])"
                + clamp(P.clampMin, P.clampMax)
        case .fullyConnected: return clamp(OpParameter.FullyConnected.clampMin, OpParameter.FullyConnected.clampMax).trimmingCharacters(in: .whitespaces)
        case .add: return clamp(OpParameter.Add.clampMin, OpParameter.Add.clampMax).trimmingCharacters(in: .whitespaces)
        case .pad:
            typealias P = OpParameter.Pad
            let fill = op.parameter(P.explicitFill) == 1 ? " fill \(op.parameter(P.fillValue))" : ""
            return "pad " + (0..<4).map { String(op.parameter($0)) }.joined(separator: ",") + fill
        case .requantize:
            typealias R = OpParameter.Requantize
            return "m \(op.parameter(R.multiplier)) shift \(op.parameter(R.shift))"
        case .mean:
            typealias M = OpParameter.Mean
            return "m \(op.parameter(M.multiplier)) shift \(op.parameter(M.shift))"
        case .transpose:
            let p = op.permutation
            return "perm \(p.0),\(p.1),\(p.2),\(p.3)"
        case .concatenation:
            guard op.parameter(OpParameter.Concatenation.requantizesInputs) == 1 else { return "" }
            let inputCount = op.operandCount - 2
            let rescales = model.constantData(of: model.tensor(op.operand(inputCount)), as: Int32.self)
            let requantized = (0..<inputCount).filter { rescales[2 * $0] != 0 }
            return "requantizes input" + (requantized.count == 1 ? " " : "s ") + requantized.map(String.init).joined(separator: ", ")
        case .reshape, .softmax, .logistic: return ""
        }
    }

    /// The per-op table.
    /// A tensor name short enough for a table: converters name a fused op's output after every
    /// op fused into it (`a/conv;a/bn;a/relu`), so keep the first and at most 40 characters of its end.
    static func shortName(_ name: String) -> String {
        let first = name.split(separator: ";").first.map(String.init) ?? name
        return first.count <= 40 ? first : "…" + first.suffix(39)
    }

    var opTable: String {
        let model = loaded.model
        var table = TextTable(columns: [
            "#", "op", "output", "input → output", "parameters", "weights", "MACs", "RF", "arena offset", "bytes", "alive",
        ])
        for row in rows {
            let output = model.tensor(row.output)
            table.add([
                "\(row.step)", "\(row.kind.name)", Self.shortName(loaded.tensorName(row.output)),
                row.inputShapes.map(Self.format).joined(separator: " + ") + " → " + Self.format(row.outputShape),
                row.parameters, row.weightCount == 0 ? "" : "\(row.weightCount)", row.macs == 0 ? "" : "\(row.macs)",
                "\(row.receptiveField.h)x\(row.receptiveField.w)", "\(output.dataOffset)", "\(output.byteLength)",
                "\(output.firstStep)…\(output.lastStep)",
            ])
        }
        return table.text
    }

    var totals: String {
        let model = loaded.model
        let parameters = rows.reduce(0) { $0 + $1.weightCount }
        let macs = rows.reduce(0) { $0 + $1.macs }
        return """
            parameters   \(parameters)
            MACs         \(macs) per inference
            model        \(model.byteCount) bytes
            arena        \(model.arenaSize) bytes (lower bound \(arenaLowerBound) bytes: the most bytes alive at one step)
            """
    }

    /// Arena tensors of the model, each with its byte range and lifetime.
    var arenaTensors: [(index: Int, info: TensorInfo)] {
        (0..<loaded.model.tensorCount).map { ($0, loaded.model.tensor($0)) }.filter { $0.info.storage == .arena }
    }

    /// The largest sum of 16-byte aligned sizes of arena tensors alive at one step (an output
    /// written in place over its input counting only beyond it).
    var arenaLowerBound: Int {
        let tensors = arenaTensors
        let model = loaded.model
        let position = Dictionary(uniqueKeysWithValues: tensors.enumerated().map { ($1.index, $0) })
        return ArenaPlanner.lowerBound(tensors.map { tensor in
            let op = tensor.info.firstStep >= 0 ? model.op(tensor.info.firstStep) : nil
            let reused = op.flatMap { op in
                op.output == tensor.index && op.operandCount > 1 && model.writesInPlace(op.operand(0), tensor.index)
                    ? position[op.operand(0)] : nil
            }
            return ArenaPlanner.Request(
                byteCount: tensor.info.byteLength, firstStep: tensor.info.firstStep, lastStep: tensor.info.lastStep,
                reuses: reused)
        })
    }

    static func format(_ shape: Shape) -> String { "\(shape.n)x\(shape.h)x\(shape.w)x\(shape.c)" }
}
