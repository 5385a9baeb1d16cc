/// Explicit zero padding, in pixels, on each side of a feature map.
public struct Padding: Hashable, Codable, Sendable {
    public var top: Int
    public var left: Int
    public var bottom: Int
    public var right: Int

    public init(top: Int, left: Int, bottom: Int, right: Int) {
        self.top = top
        self.left = left
        self.bottom = bottom
        self.right = right
    }

    public static let zero = Padding(top: 0, left: 0, bottom: 0, right: 0)

    /// TensorFlow's "same" padding: the output has `ceil(input / stride)` pixels, the odd
    /// pixel of padding (if any) goes to the bottom/right.
    public static func same(input: ActivationShape, kernel: Extent, stride: Extent, dilation: Extent = 1) -> Padding {
        func split(_ size: Int, _ kernel: Int, _ stride: Int, _ dilation: Int) -> (Int, Int) {
            let effectiveKernel = (kernel - 1) * dilation + 1
            let output = (size + stride - 1) / stride
            let total = max(0, (output - 1) * stride + effectiveKernel - size)
            return (total / 2, total - total / 2)
        }
        let (top, bottom) = split(input.height, kernel.height, stride.height, dilation.height)
        let (left, right) = split(input.width, kernel.width, stride.width, dilation.width)
        return Padding(top: top, left: left, bottom: bottom, right: right)
    }
}

/// The geometry of a sliding window (convolution or pooling) over an NHWC feature map.
public struct Window: Hashable, Codable, Sendable {
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideHeight: Int
    public var strideWidth: Int
    public var dilationHeight: Int
    public var dilationWidth: Int
    public var padding: Padding

    public init(
        kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
        dilationHeight: Int = 1, dilationWidth: Int = 1, padding: Padding = .zero
    ) {
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.padding = padding
    }

    /// Output height and width for an input of the given size; nil when the window does
    /// not fit even once, or its geometry is not positive or overflows `Int`.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
        func size(_ input: Int, kernel: Int, dilation: Int, stride: Int, before: Int, after: Int) -> Int? {
            guard kernel > 0, dilation > 0, stride > 0 else { return nil }
            let (reach, reachOverflow) = (kernel - 1).multipliedReportingOverflow(by: dilation)
            let (padded, paddedOverflow) = input.addingReportingOverflow(before)
            let (total, totalOverflow) = padded.addingReportingOverflow(after)
            guard !reachOverflow, !paddedOverflow, !totalOverflow, total > reach else { return nil }
            return (total - 1 - reach) / stride + 1
        }
        guard let outputHeight = size(height, kernel: kernelHeight, dilation: dilationHeight, stride: strideHeight,
                                      before: padding.top, after: padding.bottom),
              let outputWidth = size(width, kernel: kernelWidth, dilation: dilationWidth, stride: strideWidth,
                                     before: padding.left, after: padding.right)
        else { return nil }
        return (outputHeight, outputWidth)
    }

    /// The input row that kernel row `kernelY` of output row `outputY` reads; outside
    /// `0..<height` when it falls in the padding.
    @inlinable public func inputRow(outputY: Int, kernelY: Int) -> Int {
        outputY &* strideHeight &- padding.top &+ kernelY &* dilationHeight
    }

    /// The input column that kernel column `kernelX` of output column `outputX` reads;
    /// outside `0..<width` when it falls in the padding.
    @inlinable public func inputColumn(outputX: Int, kernelX: Int) -> Int {
        outputX &* strideWidth &- padding.left &+ kernelX &* dilationWidth
    }
}

/// A 2-D convolution with weights in OHWI layout:
/// `weights[out][kernelY][kernelX][in / groups]`, flattened.
public struct Convolution: Hashable, Codable, Sendable {
    public var inputChannels: Int
    public var outputChannels: Int
    public var window: Window
    /// Input and output channels are split into this many independent groups
    /// (`groups == inputChannels` is a depthwise convolution).
    public var groups: Int
    public var weights: [Float]
    /// One value per output channel, or nil for none (the usual case before BatchNorm).
    public var bias: [Float]?

    public init(inputChannels: Int, outputChannels: Int, window: Window, groups: Int = 1, weights: [Float], bias: [Float]?) {
        precondition(inputChannels % groups == 0 && outputChannels % groups == 0, "channels must divide into groups")
        precondition(weights.count == outputChannels * window.kernelHeight * window.kernelWidth * (inputChannels / groups))
        precondition(bias.map { $0.count == outputChannels } ?? true)
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.window = window
        self.groups = groups
        self.weights = weights
        self.bias = bias
    }

    /// Weights per output channel: kernelHeight × kernelWidth × (inputChannels / groups).
    public var filterSize: Int { window.kernelHeight * window.kernelWidth * (inputChannels / groups) }

    /// One filter per channel: each output channel reads its own input channel alone
    /// (training takes a direct path for it; a per-channel rescaling of the input passes
    /// through it for free).
    public var isDepthwise: Bool { groups > 1 && groups == inputChannels && groups == outputChannels }
}

/// Batch normalization over the channels of an NHWC tensor:
/// `y = gamma * (x - mean) / sqrt(variance + epsilon) + beta`, where mean and variance are
/// the batch's in training and the running statistics in evaluation.
public struct BatchNormalization: Hashable, Codable, Sendable {
    public var gamma: [Float]
    public var beta: [Float]
    public var runningMean: [Float]
    /// The running average of the unbiased batch variance (as PyTorch keeps it).
    public var runningVariance: [Float]
    public var epsilon: Float
    /// Weight of the new batch in the running averages: `running = (1 - m) * running + m * batch`.
    public var momentum: Float

    public init(channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        gamma = [Float](repeating: 1, count: channels)
        beta = [Float](repeating: 0, count: channels)
        runningMean = [Float](repeating: 0, count: channels)
        runningVariance = [Float](repeating: 1, count: channels)
        self.epsilon = epsilon
        self.momentum = momentum
    }

    public var channels: Int { gamma.count }
}

/// A fully connected layer over the flattened input: `weights[out][in]`, flattened.
public struct Dense: Hashable, Codable, Sendable {
    public var inputFeatures: Int
    public var outputFeatures: Int
    public var weights: [Float]
    public var bias: [Float]

    public init(inputFeatures: Int, outputFeatures: Int, weights: [Float], bias: [Float]) {
        precondition(weights.count == inputFeatures * outputFeatures && bias.count == outputFeatures)
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        self.weights = weights
        self.bias = bias
    }
}

/// What a node computes, with its parameters.
public enum Layer: Hashable, Codable, Sendable {
    /// The network input; always node 0 and only there.
    case input
    case convolution(Convolution)
    case batchNorm(BatchNormalization)
    case relu
    /// `min(max(x, 0), 6)`.
    case relu6
    /// Padded positions never win; among equal values the first in row-major window
    /// order wins, and only it receives the gradient.
    case maxPool(Window)
    /// Divides by the number of window taps inside the input (border windows by fewer),
    /// as the int8 runtime does.
    case averagePool(Window)
    /// Mean over height and width: N×H×W×C → N×1×1×C.
    case globalAveragePool
    case dense(Dense)
    /// Element-wise sum of two or more inputs of the same shape (residual connections).
    case add
    /// Concatenation of the inputs along channels, in input order.
    case concat
    /// N×H×W×C → N×1×1×(H·W·C); the NHWC data is unchanged.
    case flatten
    /// Zeroes each element with probability `rate` in training and scales the rest by
    /// `1 / (1 - rate)`; the identity in evaluation.
    case dropout(rate: Float)
}

/// One step of a network: what it computes, which nodes feed it, and the shape it produces.
public struct Node: Hashable, Codable, Sendable {
    /// Index of this node in `FloatModel.nodes`.
    public var id: Int
    /// A readable label such as "block1.conv2"; unique within a model.
    public var name: String
    public var layer: Layer
    /// Ids of the nodes whose outputs this node reads, all smaller than `id`.
    public var inputs: [Int]
    /// Shape of this node's output for one example.
    public var outputShape: ActivationShape

    public init(id: Int, name: String, layer: Layer, inputs: [Int], outputShape: ActivationShape) {
        self.id = id
        self.name = name
        self.layer = layer
        self.inputs = inputs
        self.outputShape = outputShape
    }
}
