/// Inverted dropout: kept elements are scaled by `1 / (1 - rate)` in training so that
/// evaluation is the identity.
enum Dropout {
    /// The mask holds 0 or `1 / (1 - rate)` per element; backward multiplies by it too.
    static func forward(_ input: Tensor, rate: Float, generator: inout SeededGenerator) -> (Tensor, [Float]) {
        let keep = 1 / (1 - rate)
        let mask = input.values.indices.map { _ in generator.nextUnitFloat() < rate ? 0 : keep }
        return (apply(mask, to: input), mask)
    }

    static func apply(_ mask: [Float], to tensor: Tensor) -> Tensor {
        var result = tensor
        for index in result.values.indices { result.values[index] *= mask[index] }
        return result
    }
}
