/// Why a `.tflite` file cannot be imported: a sentence naming the operator (index and TFLite
/// name) or tensor, and a kind tests and callers can match on.
public struct ImportError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The file is not a well-formed TFLite FlatBuffer, or its tables disagree.
        case malformed
        /// An operator Octet does not import.
        case unsupportedOperator
        /// A tensor type other than int8 activations/weights, int32 biases and float graph edges.
        case unsupportedType
        /// A shape, axis or option Octet's ops do not cover.
        case unsupported
        /// Tensors or options that contradict each other (TFLM would refuse them too).
        case inconsistent
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An error about operator `op` (`name` is its TFLite name).
    init(_ kind: Kind, operator index: Int, _ name: String, _ problem: String) {
        self.init(kind, "operator \(index) (\(name)): \(problem)")
    }

    public var description: String { message }
}
