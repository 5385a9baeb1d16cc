/// The layout of a decoded 8-bit image: channels interleaved, rows top to bottom, no padding.
public enum PixelFormat: Sendable, Hashable {
    /// One channel.
    case gray
    /// Three channels in the order red, green, blue.
    case rgb

    public var channelCount: Int {
        switch self {
        case .gray: 1
        case .rgb: 3
        }
    }

    /// The format that fills a model input with `channelCount` channels (the C of NHWC).
    public init(channelCount: Int) throws(ImageError) {
        switch channelCount {
        case 1: self = .gray
        case 3: self = .rgb
        default:
            throw .unsupportedRequest(reason: "images decode to 1 (gray) or 3 (RGB) channels, not \(channelCount)")
        }
    }
}
