/// The parts of a `.tflite` file (TFLite's FlatBuffer schema, `schema.fbs`, identifier
/// "TFL3") that Octet imports, read through the verifying `FlatBuffer`. docs/IMPORT.md lists
/// the tables and fields used. Only the first subgraph is read, as TFLM runs it.
public struct TFLiteModel: Sendable {
    public let file: FlatBuffer
    public let schemaVersion: UInt32
    public let description: String
    public let operatorCodes: [TFLiteOperatorCode]
    public let subgraphCount: Int
    public let tensors: [TFLiteTensor]
    public let operators: [TFLiteOperator]
    public let inputs: [Int]
    public let outputs: [Int]
    /// Each buffer's bytes, as a range of `file.bytes`.
    public let buffers: [Range<Int>]

    public init(bytes: [UInt8]) throws(ImportError) {
        file = FlatBuffer(bytes: bytes)
        do throws(FlatBufferError) {
            let model = try file.root(context: "model")
            schemaVersion = try model.uint32(0)
            description = try model.string(3)
            operatorCodes = try Self.read(model.vector(1, elementSize: 4), "operator code") { table, _ throws(FlatBufferError) in
                try TFLiteOperatorCode(table)
            }
            buffers = try Self.read(model.vector(4, elementSize: 4), "buffer") { table, _ throws(FlatBufferError) in
                try Self.bufferRange(table, fileSize: bytes.count)
            }
            let subgraphs = try model.vector(2, elementSize: 4)
            subgraphCount = subgraphs.count
            guard subgraphs.count > 0 else { throw FlatBufferError(context: "model", position: 0, problem: "no subgraphs") }
            let graph = try subgraphs.table(0, context: "subgraph 0")
            tensors = try Self.read(graph.vector(0, elementSize: 4), "tensor") { table, index throws(FlatBufferError) in
                try TFLiteTensor(table, index: index)
            }
            operators = try Self.read(graph.vector(3, elementSize: 4), "operator") { table, index throws(FlatBufferError) in
                try TFLiteOperator(table, index: index)
            }
            inputs = try graph.vector(1, elementSize: 4).int32s().map(Int.init)
            outputs = try graph.vector(2, elementSize: 4).int32s().map(Int.init)
        } catch {
            throw ImportError(.malformed, "not a readable TFLite model: \(error)")
        }
        try checkReferences()
    }

    /// The builtin operator code of `op`.
    public func code(of op: TFLiteOperator) -> TFLiteOperatorCode { operatorCodes[op.opcodeIndex] }

    /// The constant bytes of `tensor` (empty for activations).
    public func data(of tensor: TFLiteTensor) -> ArraySlice<UInt8> { file.bytes[buffers[tensor.buffer]] }

    /// Every index a table holds points inside the table it indexes, so the importer never checks again.
    private func checkReferences() throws(ImportError) {
        for tensor in tensors where tensor.buffer >= buffers.count {
            throw ImportError(.malformed, "tensor \(tensor.index) ('\(tensor.name)') names buffer \(tensor.buffer) of \(buffers.count)")
        }
        for op in operators {
            guard op.opcodeIndex < operatorCodes.count else {
                throw ImportError(.malformed, "operator \(op.index) names operator code \(op.opcodeIndex) of \(operatorCodes.count)")
            }
            // -1 marks an omitted optional input (a conv without bias).
            for tensor in op.inputs + op.outputs where tensor < -1 || tensor >= tensors.count {
                throw ImportError(.malformed, "operator \(op.index) names tensor \(tensor) of \(tensors.count)")
            }
            guard !op.outputs.isEmpty, !op.outputs.contains(-1) else {
                throw ImportError(.malformed, "operator \(op.index) has a missing output")
            }
        }
        for tensor in inputs + outputs where tensor < 0 || tensor >= tensors.count {
            throw ImportError(.malformed, "the graph names tensor \(tensor) of \(tensors.count) as an input or output")
        }
    }

    /// A buffer's bytes: inline `data`, or `offset`/`size` into the file (models over 2 GB).
    private static func bufferRange(_ table: FlatTable, fileSize: Int) throws(FlatBufferError) -> Range<Int> {
        let inline = try table.vector(0, elementSize: 1)
        if inline.count > 0 { return inline.byteRange }
        let (offset, size) = (try table.uint64(1), try table.uint64(2))
        guard offset > 1 else { return 0..<0 }
        guard size <= UInt64(fileSize), offset <= UInt64(fileSize) - size else {
            throw FlatBufferError(context: table.context, position: 0, problem: "data of \(size) bytes at \(offset) lies outside the file")
        }
        return Int(offset)..<Int(offset + size)
    }

    private static func read<T>(
        _ vector: FlatVector, _ what: String, _ make: (FlatTable, Int) throws(FlatBufferError) -> T
    ) throws(FlatBufferError) -> [T] {
        var items: [T] = []
        items.reserveCapacity(vector.count)
        for i in 0..<vector.count { items.append(try make(vector.table(i, context: "\(what) \(i)"), i)) }
        return items
    }
}

/// An operator code: a builtin operator, or a custom one by name.
public struct TFLiteOperatorCode: Sendable {
    /// The builtin code: the larger of the deprecated int8 field and the int32 one, as TFLite reads it.
    public let builtin: Int32
    public let customName: String
    public let version: Int32

    init(_ table: FlatTable) throws(FlatBufferError) {
        builtin = max(Int32(try table.int8(0)), try table.int32(3))
        customName = try table.string(1)
        version = try table.int32(2, default: 1)
    }

    /// "CONV_2D", or the custom operator's name.
    public var name: String { customName.isEmpty ? BuiltinOperatorNames.name(of: builtin) : "custom operator '\(customName)'" }
}

/// A tensor: shape, type, buffer (0 = no data) and affine quantization.
public struct TFLiteTensor: Sendable {
    public let index: Int
    public let name: String
    public let shape: [Int]
    public let type: TFLiteTensorType
    public let buffer: Int
    public let scales: [Float]
    public let zeroPoints: [Int64]
    public let quantizedDimension: Int
    public let isVariable: Bool
    public let isSparse: Bool

    init(_ table: FlatTable, index: Int) throws(FlatBufferError) {
        self.index = index
        name = try table.string(3)
        shape = try table.vector(0, elementSize: 4).int32s().map(Int.init)
        type = TFLiteTensorType(rawValue: try table.int8(1))
        buffer = Int(try table.uint32(2))
        if let quantization = try table.table(4, context: "tensor \(index) quantization") {
            scales = try quantization.vector(2, elementSize: 4).float32s()
            zeroPoints = try quantization.vector(3, elementSize: 8).int64s()
            quantizedDimension = Int(try quantization.int32(6))
        } else {
            (scales, zeroPoints, quantizedDimension) = ([], [], 0)
        }
        isVariable = try table.bool(5)
        isSparse = try table.has(6)
    }

    /// "tensor 12 ('conv1/Relu')".
    public var label: String { name.isEmpty ? "tensor \(index)" : "tensor \(index) ('\(name)')" }
}

/// An operator: its code, tensors (-1 = omitted optional input) and builtin options table.
public struct TFLiteOperator: Sendable {
    public let index: Int
    public let opcodeIndex: Int
    public let inputs: [Int]
    public let outputs: [Int]
    public let optionsType: UInt8
    public let options: FlatTable?
    public let hasCustomOptions: Bool

    init(_ table: FlatTable, index: Int) throws(FlatBufferError) {
        self.index = index
        opcodeIndex = Int(try table.uint32(0))
        inputs = try table.vector(1, elementSize: 4).int32s().map(Int.init)
        outputs = try table.vector(2, elementSize: 4).int32s().map(Int.init)
        optionsType = try table.uint8(3)
        options = try table.table(4, context: "operator \(index) options")
        hasCustomOptions = try table.vector(5, elementSize: 1).count > 0
    }
}
