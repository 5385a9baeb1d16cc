/// What a `Classifier` found for one input: the best labels first, the raw output and the
/// time of the model call itself.
public struct Classification: Sendable, Equatable {
    /// One class of the output, with the model's label for it.
    public struct Prediction: Sendable, Equatable {
        /// The label stored in the model, or "class N" when the model has none for it.
        public var label: String
        /// The index of the class in the output tensor.
        public var classIndex: Int
        /// The class's probability in [0, 1]: the model's own int8 softmax when it ends in one,
        /// otherwise a float softmax of the dequantized output.
        public var probability: Double

        public init(label: String, classIndex: Int, probability: Double) {
            self.label = label
            self.classIndex = classIndex
            self.probability = probability
        }
    }

    /// The `top` most probable classes, most probable first (ties: the lower index first).
    public var top: [Prediction]
    /// The output tensor's int8 values, before dequantization.
    public var raw: [Int8]
    /// The time of `invoke()` alone: decoding, resizing and quantizing are not included.
    public var latency: Duration

    public init(top: [Prediction], raw: [Int8], latency: Duration) {
        self.top = top
        self.raw = raw
        self.latency = latency
    }
}
