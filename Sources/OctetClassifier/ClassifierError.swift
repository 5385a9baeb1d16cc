import Foundation
import OctetImage
import OctetRuntime

/// Why a `Classifier` cannot be made for a model, or cannot take an input.
public enum ClassifierError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The interpreter refused the model (for example, an arena it cannot use).
    case unusableModel(path: String, ModelError)
    /// An image was given to a model whose input is not one image of 1 or 3 channels.
    case notAnImageModel(path: String, inputShape: [Int])
    /// An `Image` was given whose pixel format is not the one the model's input takes.
    case pixelFormatMismatch(expected: PixelFormat, actual: PixelFormat)
    /// A raw input tensor does not have exactly the input's element count.
    case rawInputSize(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .unusableModel(let path, let error): "\(path): \(error)"
        case .notAnImageModel(let path, let shape):
            "\(path): the model's input is \(shape.map(String.init).joined(separator: "×")), not one image of 1 or 3 channels; it takes raw input tensors (`octet run --raw`)"
        case .pixelFormatMismatch(let expected, let actual):
            "the model takes \(expected.channelCount)-channel images, the image has \(actual.channelCount) channels"
        case .rawInputSize(let expected, let actual):
            "a raw input must hold the input tensor's \(expected) int8 values, this one holds \(actual)"
        }
    }

    public var errorDescription: String? { description }
}
