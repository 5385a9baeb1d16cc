/// What the `.tflite` file does not say and the `.octet` header holds.
public struct ImportOptions: Sendable {
    /// Class names for the output channels; none by default (reports then say "class N").
    public var labels: [String]
    /// The network input is `pixel · pixelScale + pixelOffset` for an 8-bit pixel. When nil, the
    /// map is derived from the input tensor's quantization so that pixel `p` becomes the int8
    /// value `p − 128`: the whole int8 range, as TFLM's image examples feed it.
    public var pixelScale: Float?
    public var pixelOffset: Float?

    public init(labels: [String] = [], pixelScale: Float? = nil, pixelOffset: Float? = nil) {
        self.labels = labels
        self.pixelScale = pixelScale
        self.pixelOffset = pixelOffset
    }
}
