import OctetArchitecture
import OctetTrain

/// The file name the tests' YAML texts go by in errors.
let testFile = "net.yaml"

/// Parses `yaml` and builds it for `shape` input (unless the text declares one) and `classes` classes.
func buildModel(
    _ yaml: String, shape: ActivationShape? = ActivationShape(height: 8, width: 8, channels: 4), classes: Int = 3, seed: UInt64 = 1
) throws(ArchitectureError) -> FloatModel {
    let file = try ArchitectureFile(yaml: yaml, file: testFile)
    return try file.makeModel(
        inputShape: file.inputShape == nil ? shape : nil, classLabels: file.classLabels ?? (0..<classes).map { "c\($0)" }, seed: seed)
}

/// The error parsing or building `yaml` raises, or nil when it builds.
func buildError(_ yaml: String, shape: ActivationShape? = ActivationShape(height: 8, width: 8, channels: 4)) -> ArchitectureError? {
    do {
        _ = try buildModel(yaml, shape: shape)
        return nil
    } catch {
        return error
    }
}

extension FloatModel {
    func node(_ name: String) -> Node? { nodes.first { $0.name == name } }
}
