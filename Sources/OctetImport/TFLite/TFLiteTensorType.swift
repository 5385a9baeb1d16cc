/// A TFLite tensor element type (schema.fbs `TensorType`). Octet imports int8 activations and
/// weights with int32 biases and shape operands; float32 only at a graph edge (QUANTIZE in,
/// DEQUANTIZE out).
public struct TFLiteTensorType: RawRepresentable, Equatable, Sendable, CustomStringConvertible {
    public let rawValue: Int8
    public init(rawValue: Int8) { self.rawValue = rawValue }

    public static let float32 = Self(rawValue: 0)
    public static let int32 = Self(rawValue: 2)
    public static let int64 = Self(rawValue: 4)
    public static let int8 = Self(rawValue: 9)

    private static let names = [
        "float32", "float16", "int32", "uint8", "int64", "string", "bool", "int16", "complex64", "int8", "float64",
        "complex128", "uint64", "resource", "variant", "uint32", "uint16", "int4", "bfloat16", "int2", "uint4",
        "float8_e4m3fn", "float8_e5m2",
    ]

    public var description: String {
        rawValue >= 0 && Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "type \(rawValue)"
    }

    /// Bytes per element of the types whose data Octet reads.
    var elementSize: Int? {
        switch self {
        case .int8: 1
        case .int32, .float32: 4
        case .int64: 8
        default: nil
        }
    }
}
