/// How 8-bit pixels become network input: `x = pixel * scale + offset`, for an image of
/// `shape` (height × width × channels, NHWC).
public struct InputPreprocessing: Hashable, Codable, Sendable {
    public var shape: ActivationShape
    public var scale: Float
    public var offset: Float

    public init(shape: ActivationShape, scale: Float, offset: Float) {
        self.shape = shape
        self.scale = scale
        self.offset = offset
    }
}

/// A trained (or freshly initialized) float network: a graph of nodes in topological
/// order, node 0 being the input and the last node the logits, plus what is needed to
/// use it on images (preprocessing and class labels). This is what the quantizer reads.
public struct FloatModel: Hashable, Sendable {
    public var preprocessing: InputPreprocessing
    public var classLabels: [String]
    public var nodes: [Node]

    public init(preprocessing: InputPreprocessing, classLabels: [String], nodes: [Node]) throws(ModelFileError) {
        self.preprocessing = preprocessing
        self.classLabels = classLabels
        self.nodes = nodes
        try validate()
    }

    /// The logits node.
    public var output: Node { nodes[nodes.count - 1] }

    /// Trainable parameters (BatchNorm running statistics are not counted).
    public var parameterCount: Int { nodes.reduce(0) { $0 + $1.layer.parameterCount } }

    /// Values per example any activation may hold; with it no shape product can overflow.
    public static let maximumActivationSize = 1 << 24

    /// Checks the invariants every consumer relies on: node 0 is the only input node and
    /// has the preprocessing's shape, ids match positions, inputs come earlier, every
    /// stored output shape is positive, at most `maximumActivationSize` values, and the one
    /// the layer computes, every parameter is finite, and the logits are one value per class.
    public func validate() throws(ModelFileError) {
        guard let first = nodes.first, case .input = first.layer, first.inputs.isEmpty,
              first.outputShape == preprocessing.shape
        else { throw .invalidGraph(node: 0, reason: "node 0 must be the input, with the preprocessing's shape") }
        for (position, node) in nodes.enumerated() {
            let shape = node.outputShape
            guard shape.height > 0, shape.width > 0, shape.channels > 0,
                  let size = checkedProduct(shape.height, shape.width, shape.channels), size <= Self.maximumActivationSize
            else {
                throw .invalidGraph(node: position, reason: "\(node.name): output shape \(shape) is not positive or holds more than 2^24 values")
            }
        }
        if let bad = firstNonFiniteParameter() { throw bad }
        for (position, node) in nodes.enumerated().dropFirst() {
            let fail = { (reason: String) in ModelFileError.invalidGraph(node: position, reason: "\(node.name): \(reason)") }
            guard node.id == position else { throw fail("id does not match position") }
            guard node.inputs.allSatisfy({ $0 >= 0 && $0 < node.id }) else { throw fail("inputs must be earlier nodes") }
            switch node.layer.outputShape(for: node.inputs.map { nodes[$0].outputShape }) {
            case .success(let shape) where shape == node.outputShape: break
            case .success(let shape): throw fail("stored output shape \(node.outputShape) differs from computed \(shape)")
            case .failure(let error): throw fail(error.reason)
            }
        }
        guard nodes.count > 1, output.outputShape == ActivationShape(height: 1, width: 1, channels: classLabels.count) else {
            throw .invalidGraph(node: nodes.count - 1, reason: "the last node must output one logit per class label")
        }
        guard Set(nodes.map(\.name)).count == nodes.count else { throw .invalidGraph(node: 0, reason: "node names are not unique") }
    }
}

extension FloatModel {
    /// The first NaN or infinite weight or statistic, as the error that names it; nil when all are finite.
    /// A diverged training run produces such models, and no consumer can use them.
    public func firstNonFiniteParameter() -> ModelFileError? {
        for (position, node) in nodes.enumerated() {
            for (field, values) in node.layer.parameterArrays {
                if let index = values.firstIndex(where: { !$0.isFinite }) {
                    return .nonFiniteParameter(node: position, name: node.name, field: field, index: index, value: values[index])
                }
            }
        }
        return nil
    }
}
