import OctetTrain

/// Per-layer costs of a float model, before or after training: output shape, trainable
/// parameters, multiply-accumulates and receptive field, plus totals. `octet summary`
/// and `octet inspect` on a `.octetf` print it.
public struct ModelSummary: Codable, Equatable, Sendable {
    public struct Row: Codable, Equatable, Sendable {
        public var name: String
        public var type: String
        public var inputs: [String]
        /// Height, width, channels.
        public var outputShape: [Int]
        public var parameters: Int
        /// Multiply-accumulates per example (convolution and dense only).
        public var macs: Int
        /// Input pixels (height, width) one output pixel sees.
        public var receptiveField: [Int]
        /// Input pixels (height, width) between neighbouring output pixels.
        public var jump: [Int]
    }

    public var inputShape: [Int]
    public var classes: Int
    public var rows: [Row]
    public var totalParameters: Int
    public var totalMACs: Int

    public init(_ model: FloatModel) {
        var field: [(size: Extent, jump: Extent)] = []
        rows = []
        for node in model.nodes {
            let inputShapes = node.inputs.map { model.nodes[$0].outputShape }
            let incoming = node.inputs.map { field[$0] }.reduce((size: Extent(1), jump: Extent(1))) {
                (Extent(height: max($0.size.height, $1.size.height), width: max($0.size.width, $1.size.width)),
                 Extent(height: max($0.jump.height, $1.jump.height), width: max($0.jump.width, $1.jump.width)))
            }
            let (reach, stride) = Self.window(node.layer, input: inputShapes.first)
            field.append((
                Extent(height: incoming.size.height + (reach.height - 1) * incoming.jump.height,
                       width: incoming.size.width + (reach.width - 1) * incoming.jump.width),
                Extent(height: incoming.jump.height * stride.height, width: incoming.jump.width * stride.width)))
            let shape = node.outputShape
            rows.append(Row(
                name: node.name, type: node.layer.kindName, inputs: node.inputs.map { model.nodes[$0].name },
                outputShape: [shape.height, shape.width, shape.channels], parameters: node.layer.parameterCount,
                macs: Self.macs(node.layer, output: shape),
                receptiveField: [field[node.id].size.height, field[node.id].size.width],
                jump: [field[node.id].jump.height, field[node.id].jump.width]))
        }
        let input = model.preprocessing.shape
        inputShape = [input.height, input.width, input.channels]
        classes = model.classLabels.count
        totalParameters = rows.reduce(0) { $0 + $1.parameters }
        totalMACs = rows.reduce(0) { $0 + $1.macs }
    }

    /// The extent (dilation included) and stride of the layer's window; layers that see
    /// their whole input (global pooling, flatten, dense) act as one window over it.
    private static func window(_ layer: Layer, input: ActivationShape?) -> (reach: Extent, stride: Extent) {
        switch layer {
        case .convolution(let convolution): return reachAndStride(convolution.window)
        case .maxPool(let window), .averagePool(let window): return reachAndStride(window)
        case .globalAveragePool, .flatten, .dense:
            let whole = Extent(height: input?.height ?? 1, width: input?.width ?? 1)
            return (whole, whole)
        default: return (1, 1)
        }
    }

    private static func reachAndStride(_ window: Window) -> (reach: Extent, stride: Extent) {
        (Extent(height: (window.kernelHeight - 1) * window.dilationHeight + 1, width: (window.kernelWidth - 1) * window.dilationWidth + 1),
         Extent(height: window.strideHeight, width: window.strideWidth))
    }

    private static func macs(_ layer: Layer, output: ActivationShape) -> Int {
        switch layer {
        case .convolution(let convolution): output.elementCount * convolution.filterSize
        case .dense(let dense): dense.weights.count
        default: 0
        }
    }
}
