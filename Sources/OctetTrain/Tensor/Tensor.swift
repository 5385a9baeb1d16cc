/// The shape of one example's activation: height × width × channels (NHWC without the N).
/// Flat activations (dense layers, logits) are 1 × 1 × features.
public struct ActivationShape: Hashable, Codable, Sendable, CustomStringConvertible {
    public var height: Int
    public var width: Int
    public var channels: Int

    public init(height: Int, width: Int, channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    public var elementCount: Int { height * width * channels }
    public var description: String { "\(height)x\(width)x\(channels)" }
}

/// A batch of Float32 activations in NHWC layout, contiguous.
public struct Tensor: Equatable, Sendable {
    public var batch: Int
    public var shape: ActivationShape
    public var values: [Float]

    public init(batch: Int, shape: ActivationShape, values: [Float]) {
        precondition(values.count == batch * shape.elementCount, "tensor values do not match its shape")
        self.batch = batch
        self.shape = shape
        self.values = values
    }

    public init(zeros shape: ActivationShape, batch: Int) {
        self.init(batch: batch, shape: shape, values: [Float](repeating: 0, count: batch * shape.elementCount))
    }

    /// Elements per example.
    public var exampleSize: Int { shape.elementCount }

    /// Example `index` alone, as a batch of one.
    public func example(_ index: Int) -> Tensor {
        Tensor(batch: 1, shape: shape, values: Array(values[index * exampleSize..<(index + 1) * exampleSize]))
    }
}
