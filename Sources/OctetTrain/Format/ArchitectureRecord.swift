/// The JSON part of a float model file. Weight arrays are not in the JSON: each is a
/// `BlobReference` to a run of Float32 values in the blob that follows it.
struct ArchitectureRecord: Codable {
    var format: String
    var input: PreprocessingRecord
    var classLabels: [String]
    var nodes: [NodeRecord]
}

struct PreprocessingRecord: Codable {
    var height: Int
    var width: Int
    var channels: Int
    var scale: Float
    var offset: Float

    init(_ preprocessing: InputPreprocessing) {
        height = preprocessing.shape.height
        width = preprocessing.shape.width
        channels = preprocessing.shape.channels
        scale = preprocessing.scale
        offset = preprocessing.offset
    }

    func preprocessing() throws(ModelFileError) -> InputPreprocessing {
        guard height > 0, width > 0, channels > 0,
              let size = checkedProduct(height, width, channels), size <= FloatModel.maximumActivationSize
        else {
            throw .malformedArchitecture(reason: "input shape \(height)x\(width)x\(channels) is not positive or holds more than 2^24 values")
        }
        // Pixel 255 must map to a finite value too.
        guard scale.isFinite, offset.isFinite, (255 * scale + offset).isFinite else {
            throw .malformedArchitecture(reason: "input scale \(scale) or offset \(offset) does not map pixels to finite values")
        }
        return InputPreprocessing(shape: ActivationShape(height: height, width: width, channels: channels), scale: scale, offset: offset)
    }
}

/// `count` floats starting at float index `offset` of the blob.
struct BlobReference: Codable {
    var offset: Int
    var count: Int
}

/// One node: common fields plus those of its kind (the others are absent).
struct NodeRecord: Codable {
    var name: String
    var kind: String
    var inputs: [Int]
    /// [height, width, channels]
    var outputShape: [Int]

    // Convolution, pooling
    var kernel: [Int]?
    var stride: [Int]?
    var dilation: [Int]?
    /// [top, left, bottom, right]
    var padding: [Int]?
    // Convolution
    var inputChannels: Int?
    var outputChannels: Int?
    var groups: Int?
    // Convolution, dense
    var weights: BlobReference?
    var bias: BlobReference?
    // Dense
    var inputFeatures: Int?
    var outputFeatures: Int?
    // BatchNorm
    var gamma: BlobReference?
    var beta: BlobReference?
    var runningMean: BlobReference?
    var runningVariance: BlobReference?
    var epsilon: Float?
    var momentum: Float?
    // Dropout
    var rate: Float?

    /// Describes `node`, appending its arrays to `blob`.
    init(_ node: Node, blob: inout [Float]) {
        func store(_ values: [Float]) -> BlobReference {
            defer { blob += values }
            return BlobReference(offset: blob.count, count: values.count)
        }
        name = node.name
        kind = node.layer.kindName
        inputs = node.inputs
        outputShape = [node.outputShape.height, node.outputShape.width, node.outputShape.channels]
        switch node.layer {
        case .convolution(let convolution):
            setWindow(convolution.window)
            inputChannels = convolution.inputChannels
            outputChannels = convolution.outputChannels
            groups = convolution.groups
            weights = store(convolution.weights)
            bias = convolution.bias.map(store)
        case .batchNorm(let batchNorm):
            gamma = store(batchNorm.gamma)
            beta = store(batchNorm.beta)
            runningMean = store(batchNorm.runningMean)
            runningVariance = store(batchNorm.runningVariance)
            epsilon = batchNorm.epsilon
            momentum = batchNorm.momentum
        case .maxPool(let window), .averagePool(let window):
            setWindow(window)
        case .dense(let dense):
            inputFeatures = dense.inputFeatures
            outputFeatures = dense.outputFeatures
            weights = store(dense.weights)
            bias = store(dense.bias)
        case .dropout(let rate):
            self.rate = rate
        case .input, .relu, .relu6, .globalAveragePool, .add, .concat, .flatten:
            break
        }
    }

    private mutating func setWindow(_ window: Window) {
        kernel = [window.kernelHeight, window.kernelWidth]
        stride = [window.strideHeight, window.strideWidth]
        dilation = [window.dilationHeight, window.dilationWidth]
        padding = [window.padding.top, window.padding.left, window.padding.bottom, window.padding.right]
    }

    /// The node this record describes; shapes and parameter counts are checked afterwards
    /// by `FloatModel.validate()`.
    func node(id: Int, blob: [Float]) throws(ModelFileError) -> Node {
        func require<T>(_ value: T?, _ field: String) throws(ModelFileError) -> T {
            guard let value else { throw .missingField(node: id, field: field) }
            return value
        }
        /// Sizes, channels and window geometry: no layer needs more than 2^24, and with that
        /// bound no product of two of them can overflow.
        func bounded(_ values: [Int], _ field: String) throws(ModelFileError) -> [Int] {
            if let bad = values.first(where: { !(0...FloatModel.maximumActivationSize).contains($0) }) {
                throw .fieldOutOfRange(node: id, field: field, value: bad, limit: FloatModel.maximumActivationSize)
            }
            return values
        }
        func count(_ value: Int?, _ field: String) throws(ModelFileError) -> Int {
            try bounded([try require(value, field)], field)[0]
        }
        func load(_ reference: BlobReference?, _ field: String) throws(ModelFileError) -> [Float] {
            let reference = try require(reference, field)
            guard reference.offset >= 0, reference.count >= 0, reference.count <= blob.count - reference.offset else {
                throw .blobOutOfRange(node: id, field: field)
            }
            return Array(blob[reference.offset..<reference.offset + reference.count])
        }
        func pair(_ values: [Int]?, _ field: String) throws(ModelFileError) -> (Int, Int) {
            let values = try bounded(try require(values, field), field)
            guard values.count == 2 else { throw .malformedArchitecture(reason: "node \(id): \(field) needs 2 numbers") }
            return (values[0], values[1])
        }
        func window() throws(ModelFileError) -> Window {
            let (kernelHeight, kernelWidth) = try pair(kernel, "kernel")
            let (strideHeight, strideWidth) = try pair(stride, "stride")
            let (dilationHeight, dilationWidth) = try pair(dilation, "dilation")
            let padding = try bounded(try require(padding, "padding"), "padding")
            guard padding.count == 4 else { throw .malformedArchitecture(reason: "node \(id): padding needs 4 numbers") }
            return Window(
                kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideHeight: strideHeight, strideWidth: strideWidth,
                dilationHeight: dilationHeight, dilationWidth: dilationWidth,
                padding: Padding(top: padding[0], left: padding[1], bottom: padding[2], right: padding[3]))
        }

        guard outputShape.count == 3 else { throw .malformedArchitecture(reason: "node \(id): outputShape needs 3 numbers") }
        _ = try bounded(outputShape, "outputShape")
        let layer: Layer
        switch kind {
        case "input": layer = .input
        case "conv":
            layer = .convolution(Convolution(
                unvalidatedInputChannels: try count(inputChannels, "inputChannels"),
                outputChannels: try count(outputChannels, "outputChannels"), window: try window(),
                groups: try count(groups, "groups"), weights: try load(weights, "weights"),
                bias: bias == nil ? nil : try load(bias, "bias")))
        case "bn":
            var batchNorm = BatchNormalization(channels: 0, epsilon: try require(epsilon, "epsilon"), momentum: try require(momentum, "momentum"))
            batchNorm.gamma = try load(gamma, "gamma")
            batchNorm.beta = try load(beta, "beta")
            batchNorm.runningMean = try load(runningMean, "runningMean")
            batchNorm.runningVariance = try load(runningVariance, "runningVariance")
            layer = .batchNorm(batchNorm)
        case "relu": layer = .relu
        case "relu6": layer = .relu6
        case "maxpool": layer = .maxPool(try window())
        case "avgpool": layer = .averagePool(try window())
        case "gap": layer = .globalAveragePool
        case "dense":
            layer = .dense(Dense(
                unvalidatedInputFeatures: try count(inputFeatures, "inputFeatures"),
                outputFeatures: try count(outputFeatures, "outputFeatures"),
                weights: try load(weights, "weights"), bias: try load(bias, "bias")))
        case "add": layer = .add
        case "concat": layer = .concat
        case "flatten": layer = .flatten
        case "dropout": layer = .dropout(rate: try require(rate, "rate"))
        default: throw .unknownLayer(node: id, kind: kind)
        }
        return Node(
            id: id, name: name, layer: layer, inputs: inputs,
            outputShape: ActivationShape(height: outputShape[0], width: outputShape[1], channels: outputShape[2]))
    }
}

extension Convolution {
    /// Field-by-field, without the initializer's preconditions: file contents are checked
    /// by `FloatModel.validate()`, which reports a data error instead of trapping.
    init(unvalidatedInputChannels inputChannels: Int, outputChannels: Int, window: Window, groups: Int, weights: [Float], bias: [Float]?) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.window = window
        self.groups = groups
        self.weights = weights
        self.bias = bias
    }
}

extension Dense {
    /// Field-by-field; see `Convolution.init(unvalidatedInputChannels:...)`.
    init(unvalidatedInputFeatures inputFeatures: Int, outputFeatures: Int, weights: [Float], bias: [Float]) {
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        self.weights = weights
        self.bias = bias
    }
}
