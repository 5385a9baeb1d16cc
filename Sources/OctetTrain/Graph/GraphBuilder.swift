/// Builds a `FloatModel` layer by layer. Each method appends one node and returns its id,
/// so sequential stacks read top to bottom and skip connections are plain variables:
///
///     var builder = GraphBuilder(input: ActivationShape(height: 28, width: 28, channels: 1), seed: 1)
///     let stem = builder.relu(builder.batchNorm(builder.convolution(builder.input, outputChannels: 16)))
///     let branch = builder.batchNorm(builder.convolution(stem, outputChannels: 16))
///     let sum = builder.relu(builder.add([stem, branch]))
///
/// Weights are initialized from the seed (He normal for conv and dense, so ReLU stacks keep
/// their activation scale; BatchNorm starts as the identity). Shape mismatches are
/// programming errors and trap with the reason.
public struct GraphBuilder {
    public private(set) var nodes: [Node]
    private var generator: SeededGenerator

    public init(input: ActivationShape, seed: UInt64) {
        nodes = [Node(id: 0, name: "input", layer: .input, inputs: [], outputShape: input)]
        generator = SeededGenerator(seed: seed)
    }

    /// The id of the input node.
    public var input: Int { 0 }

    public func shape(of node: Int) -> ActivationShape { nodes[node].outputShape }

    /// Appends a node computing `layer` from `inputs`; every other method ends here.
    @discardableResult
    public mutating func append(_ layer: Layer, inputs: [Int], name: String? = nil) -> Int {
        let id = nodes.count
        let shapes = inputs.map { shape(of: $0) }
        switch layer.outputShape(for: shapes) {
        case .success(let shape):
            nodes.append(Node(id: id, name: name ?? "\(layer.kindName)\(id)", layer: layer, inputs: inputs, outputShape: shape))
            return id
        case .failure(let error):
            preconditionFailure("cannot add \(layer.kindName) to inputs \(shapes): \(error)")
        }
    }

    /// How a builder call asks for padding; resolved to explicit `Padding` at once.
    public enum PaddingMode {
        /// Output size `ceil(input / stride)`.
        case same
        /// No padding.
        case valid
        case explicit(Padding)
    }

    public mutating func convolution(
        _ x: Int, outputChannels: Int, kernel: Extent = 3, stride: Extent = 1, padding: PaddingMode = .same,
        dilation: Extent = 1, groups: Int = 1, bias: Bool = false, name: String? = nil
    ) -> Int {
        let input = shape(of: x)
        let window = Window(
            kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
            dilationHeight: dilation.height, dilationWidth: dilation.width,
            padding: resolve(padding, input: input, kernel: kernel, stride: stride, dilation: dilation))
        let fanIn = kernel.height * kernel.width * input.channels / groups
        let weights = heNormal(count: outputChannels * fanIn, fanIn: fanIn)
        let convolution = Convolution(
            inputChannels: input.channels, outputChannels: outputChannels, window: window, groups: groups,
            weights: weights, bias: bias ? [Float](repeating: 0, count: outputChannels) : nil)
        return append(.convolution(convolution), inputs: [x], name: name)
    }

    public mutating func batchNorm(_ x: Int, epsilon: Float = 1e-5, momentum: Float = 0.1, name: String? = nil) -> Int {
        append(.batchNorm(BatchNormalization(channels: shape(of: x).channels, epsilon: epsilon, momentum: momentum)), inputs: [x], name: name)
    }

    public mutating func relu(_ x: Int, name: String? = nil) -> Int { append(.relu, inputs: [x], name: name) }
    public mutating func relu6(_ x: Int, name: String? = nil) -> Int { append(.relu6, inputs: [x], name: name) }

    public mutating func maxPool(_ x: Int, kernel: Extent = 2, stride: Extent? = nil, padding: PaddingMode = .valid, name: String? = nil) -> Int {
        append(.maxPool(poolingWindow(x, kernel: kernel, stride: stride ?? kernel, padding: padding)), inputs: [x], name: name)
    }

    public mutating func averagePool(_ x: Int, kernel: Extent = 2, stride: Extent? = nil, padding: PaddingMode = .valid, name: String? = nil) -> Int {
        append(.averagePool(poolingWindow(x, kernel: kernel, stride: stride ?? kernel, padding: padding)), inputs: [x], name: name)
    }

    public mutating func globalAveragePool(_ x: Int, name: String? = nil) -> Int { append(.globalAveragePool, inputs: [x], name: name) }
    public mutating func flatten(_ x: Int, name: String? = nil) -> Int { append(.flatten, inputs: [x], name: name) }
    public mutating func dropout(_ x: Int, rate: Float, name: String? = nil) -> Int { append(.dropout(rate: rate), inputs: [x], name: name) }
    public mutating func add(_ xs: [Int], name: String? = nil) -> Int { append(.add, inputs: xs, name: name) }
    public mutating func concat(_ xs: [Int], name: String? = nil) -> Int { append(.concat, inputs: xs, name: name) }

    public mutating func dense(_ x: Int, outputFeatures: Int, name: String? = nil) -> Int {
        let inputFeatures = shape(of: x).elementCount
        let dense = Dense(
            inputFeatures: inputFeatures, outputFeatures: outputFeatures,
            weights: heNormal(count: inputFeatures * outputFeatures, fanIn: inputFeatures),
            bias: [Float](repeating: 0, count: outputFeatures))
        return append(.dense(dense), inputs: [x], name: name)
    }

    /// Convolution → BatchNorm → ReLU, the unit most architectures are made of.
    public mutating func convolutionBatchNormReLU(
        _ x: Int, outputChannels: Int, kernel: Extent = 3, stride: Extent = 1, name: String
    ) -> Int {
        let convolution = convolution(x, outputChannels: outputChannels, kernel: kernel, stride: stride, name: "\(name).conv")
        return relu(batchNorm(convolution, name: "\(name).bn"), name: "\(name).relu")
    }

    /// The finished model; the last node added must produce one logit per class label.
    public func build(preprocessing: InputPreprocessing, classLabels: [String]) throws(ModelFileError) -> FloatModel {
        try FloatModel(preprocessing: preprocessing, classLabels: classLabels, nodes: nodes)
    }

    private func resolve(_ mode: PaddingMode, input: ActivationShape, kernel: Extent, stride: Extent, dilation: Extent) -> Padding {
        switch mode {
        case .same: .same(input: input, kernel: kernel, stride: stride, dilation: dilation)
        case .valid: .zero
        case .explicit(let padding): padding
        }
    }

    private func poolingWindow(_ x: Int, kernel: Extent, stride: Extent, padding: PaddingMode) -> Window {
        Window(
            kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
            padding: resolve(padding, input: shape(of: x), kernel: kernel, stride: stride, dilation: 1))
    }

    private mutating func heNormal(count: Int, fanIn: Int) -> [Float] {
        let standardDeviation = (2 / Float(fanIn)).squareRoot()
        return (0..<count).map { _ in generator.nextNormal() * standardDeviation }
    }
}

extension Layer {
    /// A short lowercase name of the layer kind, used in node names and messages.
    public var kindName: String {
        switch self {
        case .input: "input"
        case .convolution: "conv"
        case .batchNorm: "bn"
        case .relu: "relu"
        case .relu6: "relu6"
        case .maxPool: "maxpool"
        case .averagePool: "avgpool"
        case .globalAveragePool: "gap"
        case .dense: "dense"
        case .add: "add"
        case .concat: "concat"
        case .flatten: "flatten"
        case .dropout: "dropout"
        }
    }
}
