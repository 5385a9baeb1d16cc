import OctetFormat
import OctetRuntime

/// Translates a TFLite int8 model into a `.octet` model that computes the same bytes as
/// TensorFlow Lite Micro's reference kernels (docs/IMPORT.md): operators in order, each onto
/// Octet ops with TFLM's Prepare arithmetic done here, then the arena planned by the same
/// `ModelBuilder` the quantizer uses, whose loader check runs before anything is returned.
public enum TFLiteImporter {
    /// The TFLite operators Octet imports.
    public static let supportedOperators = [
        "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEQUANTIZE", "EXPAND_DIMS",
        "FULLY_CONNECTED", "LOGISTIC", "MAX_POOL_2D", "MEAN", "PAD", "PADV2", "QUANTIZE", "RESHAPE", "SOFTMAX", "SQUEEZE",
        "TRANSPOSE",
    ]

    public static func importModel(_ model: TFLiteModel, options: ImportOptions = ImportOptions()) throws(ImportError) -> ImportedModel {
        var graph = GraphTranslation(model: model)
        if model.subgraphCount > 1 {
            graph.notes.append("only subgraph 0 of \(model.subgraphCount) is imported, as TFLM runs it")
        }
        try graph.addGraphInputs()
        for op in model.operators {
            graph.current = op
            graph.emitted = []
            try graph.translate(op)
            graph.mapped.append(ImportedModel.MappedOperator(index: op.index, name: graph.opName, octetOps: graph.emitted))
        }
        graph.current = nil
        try graph.addGraphOutputs()
        try graph.setPreprocessing(options)
        graph.builder.labels = options.labels
        do throws(ModelBuildError) {
            let built = try graph.builder.build()
            return ImportedModel(built: built, operators: graph.mapped, notes: graph.notes)
        } catch {
            throw ImportError(.unsupported, "the translated model does not pass Octet's loader: \(error)")
        }
    }
}

extension GraphTranslation {
    mutating func translate(_ op: TFLiteOperator) throws(ImportError) {
        let code = model.code(of: op)
        guard code.customName.isEmpty else {
            throw fail(.unsupportedOperator, "custom operators are not supported")
        }
        let isEdge = code.builtin == 6 || code.builtin == 114  // DEQUANTIZE, QUANTIZE
        for index in op.inputs + op.outputs where index >= 0 && !isEdge {
            let tensor = self.tensor(index)
            if model.data(of: tensor).isEmpty && tensor.type != .int8 {
                throw fail(.unsupportedType, "\(tensor.label) is \(tensor.type); Octet runs int8 activations")
            }
        }
        switch code.builtin {
        case 0: try add(op)
        case 1: try pool(op, average: true)
        case 2: try concatenation(op)
        case 3: try convolution(op)
        case 4: try depthwiseConvolution(op)
        case 6: try dequantize(op)
        case 9: try fullyConnected(op)
        case 14: try logistic(op)
        case 17: try pool(op, average: false)
        case 22, 43, 70: try reshape(op)  // RESHAPE, SQUEEZE, EXPAND_DIMS
        case 25: try softmax(op)
        case 34: try pad(op, withConstant: false)
        case 39: try transpose(op)
        case 40: try mean(op)
        case 60: try pad(op, withConstant: true)
        case 114: try quantize(op)
        default:
            throw fail(.unsupportedOperator, "is not supported; Octet imports \(TFLiteImporter.supportedOperators.joined(separator: ", "))")
        }
    }

    /// int8 graph inputs become Octet tensors now; float ones when their QUANTIZE is reached.
    mutating func addGraphInputs() throws(ImportError) {
        for index in model.inputs where tensor(index).type == .int8 {
            _ = try output(index)
        }
    }

    mutating func addGraphOutputs() throws(ImportError) {
        for index in model.inputs {
            guard let id = floatInputs[index] ?? octet[index] else {
                throw fail(.unsupportedType, "graph input \(tensor(index).label) is \(tensor(index).type) and no QUANTIZE turns it into int8")
            }
            builder.inputs.append(id)
        }
        for index in model.outputs {
            let source = floatOutputs[index] ?? index
            guard tensor(source).type == .int8 else {
                throw fail(.unsupportedType, "graph output \(tensor(source).label) is \(tensor(source).type); Octet's outputs are int8")
            }
            let id = try activation(source)
            guard !builder.inputs.contains(id) else {
                throw fail(.unsupported, "graph output \(tensor(source).label) is a graph input; there is nothing to run")
            }
            builder.outputs.append(id)
        }
    }

    /// The pixel map: given, or derived so that pixel `p` becomes int8 `p − 128` in the first input.
    mutating func setPreprocessing(_ options: ImportOptions) throws(ImportError) {
        guard let first = builder.inputs.first else { throw ImportError(.malformed, "the model has no inputs") }
        let (scale, zeroPoint) = (builder.scale(of: first), builder.zeroPoint(of: first))
        builder.pixelScale = options.pixelScale ?? scale
        builder.pixelOffset = options.pixelOffset ?? scale * Float(-128 - zeroPoint)
        if options.pixelScale == nil && options.pixelOffset == nil {
            notes.append("pixel map derived from the input's quantization: pixel p is fed as int8 p − 128 (real value \(builder.pixelScale)·p + \(builder.pixelOffset))")
        }
    }
}
