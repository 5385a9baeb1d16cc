/// Why an architecture file cannot be read or built. The description is one sentence that
/// names the file (and line), the layer and the problem, so the CLI can print it as is.
public struct ArchitectureError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, for callers and tests that branch on it; the message says the rest.
    public enum Problem: String, Equatable, Sendable {
        case unreadableFile, syntax, malformed
        case unknownLayerType, unknownField, missingField, badValue
        case unknownBlock, missingBlockParameter, unknownBlockParameter
        case unknownInput, danglingLayer, duplicateName, cycle, shapeMismatch
        case inputShapeMismatch, classMismatch, missingInputShape, wrongOutput
    }

    public var problem: Problem
    /// The file's path, or `built-in NAME` for a shipped architecture.
    public var file: String
    /// 1-based line in the file, when known.
    public var line: Int?
    /// The full name of the layer (`block2.unit1`), when the problem belongs to one.
    public var layer: String?
    public var message: String

    public init(_ problem: Problem, file: String, line: Int? = nil, layer: String? = nil, _ message: String) {
        self.problem = problem
        self.file = file
        self.line = line
        self.layer = layer
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): " + (layer.map { "layer '\($0)': " } ?? "") + message
    }
}
