import OctetFormat
import OctetImage
import OctetRuntime
import OctetTrain

/// Why a model could not be quantized or evaluated. Every case names what is wrong and where.
public enum QuantizationError: Error, CustomStringConvertible {
    /// A float layer the int8 runtime cannot express (the node's name and why).
    case unsupportedLayer(node: String, reason: String)
    /// A value that does not fit its integer type, such as a bias beyond int32.
    case valueOutOfRange(node: String, reason: String)
    /// A calibration or evaluation image source that cannot be used.
    case badImages(path: String, reason: String)
    case image(ImageError)
    case data(DataError)
    /// The int8 model does not load (a malformed file, or a quantizer bug caught by the loader).
    case model(path: String, ModelError)
    case build(ModelBuildError)

    public var description: String {
        switch self {
        case .unsupportedLayer(let node, let reason): "layer '\(node)' cannot be quantized: \(reason)"
        case .valueOutOfRange(let node, let reason): "layer '\(node)': \(reason)"
        case .badImages(let path, let reason): "\(path): \(reason)"
        case .image(let error): error.description
        case .data(let error): error.description
        case .model(let path, let error): "\(path): \(error)"
        case .build(let error): error.description
        }
    }
}
