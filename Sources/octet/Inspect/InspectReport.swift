import OctetFormat
import OctetRuntime

/// `octet inspect --json`: the model's totals and its per-op table as one object
/// (docs/CLI_JSON.md); the arena picture is text only.
struct InspectReport: Codable, Equatable {
    struct Tensor: Codable, Equatable {
        var name: String
        /// N, H, W, C.
        var shape: [Int]
        var scale: Double
        var zeroPoint: Int
    }

    struct Op: Codable, Equatable {
        var index: Int
        var kind: String
        /// The name of the tensor the op writes.
        var output: String
        /// N, H, W, C of each activation input, and of the output.
        var inputShapes: [[Int]]
        var outputShape: [Int]
        /// Kernel, stride, padding, clamp… as the text table shows them.
        var parameters: String
        /// Weights plus biases.
        var weights: Int
        var macs: Int
        /// Input pixels one output pixel depends on: height, width.
        var receptiveField: [Int]
        /// Where the output lives in the arena and the steps it is alive (first, last).
        var arenaOffset: Int
        var bytes: Int
        var alive: [Int]
    }

    var model: String
    var modelBytes: Int
    var arenaBytes: Int
    var arenaLowerBound: Int
    var parameters: Int
    var macs: Int
    var labels: [String]
    var inputs: [Tensor]
    var outputs: [Tensor]
    var ops: [Op]

    init(_ inspection: ModelInspection) {
        let loaded = inspection.loaded
        let model = loaded.model
        func tensor(_ index: Int) -> Tensor {
            let info = model.tensor(index)
            return Tensor(name: loaded.tensorName(index), shape: Self.dimensions(info.shape), scale: Double(info.scale), zeroPoint: Int(info.zeroPoint))
        }
        self.model = loaded.path
        modelBytes = model.byteCount
        arenaBytes = model.arenaSize
        arenaLowerBound = inspection.arenaLowerBound
        parameters = inspection.rows.reduce(0) { $0 + $1.weightCount }
        macs = inspection.rows.reduce(0) { $0 + $1.macs }
        labels = (0..<model.labelCount).map { loaded.label($0) }
        inputs = (0..<model.inputCount).map { tensor(model.inputTensorIndex($0)) }
        outputs = (0..<model.outputCount).map { tensor(model.outputTensorIndex($0)) }
        ops = inspection.rows.map { row in
            let output = model.tensor(row.output)
            return Op(
                index: row.step, kind: "\(row.kind.name)", output: loaded.tensorName(row.output),
                inputShapes: row.inputShapes.map(Self.dimensions), outputShape: Self.dimensions(row.outputShape),
                parameters: row.parameters, weights: row.weightCount, macs: row.macs,
                receptiveField: [row.receptiveField.h, row.receptiveField.w], arenaOffset: output.dataOffset,
                bytes: output.byteLength, alive: [output.firstStep, output.lastStep])
        }
    }

    static func dimensions(_ shape: Shape) -> [Int] { [shape.n, shape.h, shape.w, shape.c] }
}
