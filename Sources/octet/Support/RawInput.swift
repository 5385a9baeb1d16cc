import ArgumentParser
import OctetFiles

/// Raw input tensors, for models whose input is not an image (audio features, sensor
/// windows, anything imported from TFLite): a file holds exactly the input tensor's elements
/// in its NHWC order, one byte each.
enum RawInputFormat: String, ExpressibleByArgument, CaseIterable {
    /// The int8 values themselves.
    case int8
    /// uint8 values, fed as `value − 128` (how TFLM's examples feed camera and sensor bytes).
    case uint8

    /// Reads `path` as one input of `elementCount` values; errors leave naming the file to the caller.
    func read(_ path: String, elementCount: Int) throws -> [Int8] {
        let bytes: [UInt8]
        do {
            bytes = try ReadableFile.contents(ofFile: path, maximumBytes: elementCount + 1)
        } catch {
            throw CLIError(error.reason)
        }
        guard bytes.count == elementCount else {
            throw CLIError("holds \(bytes.count) bytes; the model's input takes \(elementCount) \(rawValue) values")
        }
        switch self {
        case .int8: return bytes.map { Int8(bitPattern: $0) }
        case .uint8: return bytes.map { Int8(Int($0) - 128) }
        }
    }

    /// File name endings a folder of raw inputs is searched for.
    static let fileExtensions = ["bin", "raw"]
}
