import OctetFormat
import OctetRuntime

/// The importer's state while it walks the TFLite operators in order: the `ModelBuilder` it
/// fills, which Octet tensor holds each TFLite tensor, and the operator being translated (for
/// error messages). Op families live in `GraphTranslation+*.swift`.
struct GraphTranslation {
    let model: TFLiteModel
    var builder = ModelBuilder()
    /// TFLite tensor index → the Octet tensor holding its bytes (several TFLite tensors share
    /// one Octet tensor across RESHAPE-like operators).
    var octet: [Int: TensorID] = [:]
    /// Reshaped views made so far: (tensor, shape) → the Reshape op's output.
    var reshaped: [ReshapeKey: TensorID] = [:]
    /// Float graph inputs → the int8 tensor their QUANTIZE writes, which Octet takes instead.
    var floatInputs: [Int: TensorID] = [:]
    /// Float graph outputs → the int8 TFLite tensor their DEQUANTIZE reads.
    var floatOutputs: [Int: Int] = [:]
    var notes: [String] = []
    var mapped: [ImportedModel.MappedOperator] = []
    /// The operator being translated.
    var current: TFLiteOperator?
    /// Ops emitted for `current`.
    var emitted: [String] = []

    struct ReshapeKey: Hashable {
        var tensor: TensorID
        var n: Int, h: Int, w: Int, c: Int
    }

    init(model: TFLiteModel) { self.model = model }

    var opName: String { current.map { model.code(of: $0).name } ?? "graph" }

    /// An error about the current operator.
    func fail(_ kind: ImportError.Kind, _ problem: String) -> ImportError {
        guard let current else { return ImportError(kind, problem) }
        return ImportError(kind, operator: current.index, opName, problem)
    }

    func tensor(_ index: Int) -> TFLiteTensor { model.tensors[index] }

    // MARK: - Shapes

    /// Octet's 4-D NHWC shape for a TFLite shape of rank 0 ... 4: leading dimensions become
    /// the batch, so `[N, C]` is `[N, 1, 1, C]` and `[A, B, C]` is `[A, 1, B, C]`.
    func octetShape(of tensor: TFLiteTensor) throws(ImportError) -> Shape {
        let dims = tensor.shape
        guard dims.count <= 4 else {
            throw fail(.unsupported, "\(tensor.label) has rank \(dims.count); Octet tensors have at most 4 dimensions")
        }
        guard dims.allSatisfy({ (1...65_536).contains($0) }) else {
            throw fail(.unsupported, "\(tensor.label) has shape \(dims); every dimension must be 1 ... 65536")
        }
        let shape = switch dims.count {
        case 0: Shape(n: 1, h: 1, w: 1, c: 1)
        case 1: Shape(n: 1, h: 1, w: 1, c: dims[0])
        case 2: Shape(n: dims[0], h: 1, w: 1, c: dims[1])
        case 3: Shape(n: dims[0], h: 1, w: dims[1], c: dims[2])
        default: Shape(n: dims[0], h: dims[1], w: dims[2], c: dims[3])
        }
        let (_, overflow) = shape.n.multipliedReportingOverflow(by: shape.elementsPerBatch)
        guard !overflow, shape.elementCount <= Int(Int32.max) else {
            throw fail(.unsupported, "\(tensor.label) has more than 2^31 − 1 elements")
        }
        return shape
    }

    /// Where each axis of `tensor` sits in Octet's NHWC (see `octetShape(of:)`).
    func octetAxes(of tensor: TFLiteTensor) throws(ImportError) -> [Int] {
        _ = try octetShape(of: tensor)  // refuses ranks above 4
        return [[], [3], [0, 3], [0, 2, 3], [0, 1, 2, 3]][tensor.shape.count]
    }

    /// A rank-4 NHWC shape, for operators that sweep windows.
    func imageShape(of tensor: TFLiteTensor) throws(ImportError) -> Shape {
        guard tensor.shape.count == 4 else {
            throw fail(.unsupported, "\(tensor.label) has shape \(tensor.shape); \(opName) needs a 4-D NHWC tensor")
        }
        return try octetShape(of: tensor)
    }

    // MARK: - Activations

    /// The per-tensor int8 quantization of an activation.
    func quantization(of tensor: TFLiteTensor) throws(ImportError) -> (scale: Float, zeroPoint: Int32) {
        guard tensor.type == .int8 else {
            throw fail(.unsupportedType, "\(tensor.label) is \(tensor.type); Octet runs int8 activations")
        }
        guard tensor.scales.count == 1, tensor.zeroPoints.count == 1 else {
            throw fail(.unsupported, "\(tensor.label) has \(tensor.scales.count) scales and \(tensor.zeroPoints.count) zero points; an activation needs one of each")
        }
        let (scale, zeroPoint) = (tensor.scales[0], tensor.zeroPoints[0])
        guard scale.isFinite, scale > 0 else { throw fail(.inconsistent, "\(tensor.label) has scale \(scale)") }
        guard (-128...127).contains(zeroPoint) else {
            throw fail(.inconsistent, "\(tensor.label) has zero point \(zeroPoint), outside −128 ... 127")
        }
        return (scale, Int32(zeroPoint))
    }

    /// The Octet tensor holding activation `index`, in whatever shape its producer gave it.
    func existingActivation(_ index: Int) throws(ImportError) -> TensorID {
        let tensor = self.tensor(index)
        if let id = octet[index] { return id }
        if model.inputs.contains(index) {
            throw fail(.unsupportedType, "graph input \(tensor.label) is \(tensor.type); Octet runs int8 activations (float only through a QUANTIZE at the input)")
        }
        throw model.data(of: tensor).isEmpty
            ? fail(.malformed, "\(tensor.label) is read before any operator writes it")
            : fail(.unsupported, "\(tensor.label) is a constant where Octet needs an activation")
    }

    /// The Octet tensor holding activation `index`, in `shape` (a Reshape op is added once per
    /// tensor and shape when the producer's layout differs, e.g. after FULLY_CONNECTED with keep_num_dims).
    mutating func activation(_ index: Int, as shape: Shape) throws(ImportError) -> TensorID {
        let tensor = self.tensor(index)
        let id = try existingActivation(index)
        let current = builder.shape(of: id)
        guard current != shape else { return id }
        guard current.elementCount == shape.elementCount else {
            throw fail(.inconsistent, "\(tensor.label) holds \(current.elementCount) elements, not \(shape.elementCount)")
        }
        let key = ReshapeKey(tensor: id, n: shape.n, h: shape.h, w: shape.w, c: shape.c)
        if let view = reshaped[key] { return view }
        let view = builder.addActivation(shape: shape, scale: builder.scale(of: id), zeroPoint: builder.zeroPoint(of: id))
        builder.setName(tensor.name, of: view)
        builder.reshape(input: id, output: view)
        emitted.append("Reshape")
        reshaped[key] = view
        return view
    }

    /// Activation `index` in its own TFLite shape.
    mutating func activation(_ index: Int) throws(ImportError) -> TensorID {
        try activation(index, as: octetShape(of: tensor(index)))
    }

    /// A new Octet activation for output `index`, in `shape` (which must hold the TFLite shape's elements).
    mutating func output(_ index: Int, shape: Shape) throws(ImportError) -> TensorID {
        let tensor = self.tensor(index)
        let (scale, zeroPoint) = try quantization(of: tensor)
        let declared = try octetShape(of: tensor)
        guard declared.elementCount == shape.elementCount else {
            throw fail(.inconsistent, "\(tensor.label) has shape \(tensor.shape), but \(opName) produces \(describe(shape))")
        }
        guard octet[index] == nil else { throw fail(.malformed, "\(tensor.label) is written twice") }
        let id = builder.addActivation(shape: shape, scale: scale, zeroPoint: zeroPoint)
        builder.setName(tensor.name, of: id)
        octet[index] = id
        return id
    }

    /// Output `index` in its own TFLite shape.
    mutating func output(_ index: Int) throws(ImportError) -> TensorID {
        try output(index, shape: octetShape(of: tensor(index)))
    }

    /// Requires two activations to share scale and zero point (TFLM's pooling, reshapes and
    /// concatenation copy bytes without rescaling).
    func requireSameQuantization(_ a: Int, _ b: Int) throws(ImportError) {
        let (x, y) = (try quantization(of: tensor(a)), try quantization(of: tensor(b)))
        guard x.scale == y.scale, x.zeroPoint == y.zeroPoint else {
            throw fail(.inconsistent, "\(tensor(a).label) (scale \(x.scale), zero point \(x.zeroPoint)) and \(tensor(b).label) (scale \(y.scale), zero point \(y.zeroPoint)) must share quantization")
        }
    }

    func describe(_ shape: Shape) -> String { "[\(shape.n), \(shape.h), \(shape.w), \(shape.c)]" }

    // MARK: - Operands

    /// Input `position` of the current operator, or nil when omitted (-1) or absent.
    func input(_ position: Int, of op: TFLiteOperator) -> Int? {
        position < op.inputs.count && op.inputs[position] >= 0 ? op.inputs[position] : nil
    }

    /// Requires `count` inputs (the last `optional` of which may be omitted) and one output.
    func requireOperands(_ op: TFLiteOperator, inputs count: Int, optional: Int = 0) throws(ImportError) {
        guard (count - optional...count).contains(op.inputs.count), op.outputs.count == 1 else {
            throw fail(.malformed, "has \(op.inputs.count) inputs and \(op.outputs.count) outputs; expected \(count) and 1")
        }
        for position in 0..<(count - optional) where op.inputs[position] < 0 {
            throw fail(.malformed, "input \(position) is missing")
        }
    }

    /// The builtin options table, when present, after checking it is the kind the operator uses.
    func options(_ op: TFLiteOperator, type: UInt8) throws(ImportError) -> FlatTable? {
        guard let table = op.options else { return nil }
        guard op.optionsType == type else {
            throw fail(.malformed, "has options of union type \(op.optionsType), expected \(type)")
        }
        return table
    }

    /// Reads option fields, turning a malformed table into an error about this operator.
    func read<T>(_ body: () throws(FlatBufferError) -> T) throws(ImportError) -> T {
        do throws(FlatBufferError) { return try body() } catch { throw fail(.malformed, "options: \(error)") }
    }

    /// The fused activation's clamp for output `index` (TFLite's `ActivationFunctionType` code).
    func clamp(_ code: Int8, output index: Int) throws(ImportError) -> ActivationClamp {
        let activations: [Int8: FusedActivation] = [0: .none, 1: .relu, 2: .reluN1To1, 3: .relu6]
        guard let activation = activations[code] else {
            throw fail(.unsupported, "fused activation \(code) (TANH or SIGN_BIT) is not supported; Octet fuses RELU, RELU6 and RELU_N1_TO_1")
        }
        let (scale, zeroPoint) = try quantization(of: tensor(index))
        guard let clamp = ActivationClamp(tflite: activation, scale: scale, zeroPoint: zeroPoint), clamp.min <= clamp.max else {
            throw fail(.inconsistent, "the fused activation leaves no int8 value for \(tensor(index).label)")
        }
        return clamp
    }

    /// Runs a builder call whose Prepare arithmetic can fail, naming the current operator.
    func prepared(_ body: () throws(ModelBuildError) -> Void) throws(ImportError) {
        do throws(ModelBuildError) { try body() } catch { throw fail(.inconsistent, "\(error)") }
    }
}
