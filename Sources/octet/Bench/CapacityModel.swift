import OctetFormat
import OctetRuntime

/// The costliest model the loader accepts for its size: `FormatLayout.maximumTensorCount`
/// tensors, nearly all of them 16-byte arena tensors alive at the same step (so the
/// arena-plan check compares every pair in full), and one int32 constant that pads the file
/// to about `fileBytes`. `octet bench --loading` times loading it (docs/FORMAT.md).
enum CapacityModel {
    static func build(fileBytes: Int) throws -> BuiltModel {
        var model = ModelBuilder()
        let shape = Shape(n: 1, h: 1, w: 1, c: 16)
        let input = model.addActivation(shape: shape, scale: 1, zeroPoint: 0)
        model.inputs = [input]
        let output = model.addActivation(shape: shape, scale: 1, zeroPoint: 0)
        model.reshape(input: input, output: output)
        model.outputs = [output]
        let tableBytes = FormatLayout.maximumTensorCount * FormatLayout.Tensor.size
        let constantCount = max(1, (fileBytes - tableBytes) / 4)
        let rows = (constantCount + FormatLayout.maximumDimension - 1) / FormatLayout.maximumDimension
        _ = model.addInt32(
            [Int32](repeating: 1, count: rows * (constantCount / rows)),
            shape: Shape(n: 1, h: 1, w: rows, c: constantCount / rows))
        // Input, output and constant are three; the rest are never read, alive at step 0.
        for _ in 3..<FormatLayout.maximumTensorCount { _ = model.addActivation(shape: shape, scale: 1, zeroPoint: 0) }
        return try model.build()
    }
}
