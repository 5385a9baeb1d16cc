/// ReLU and ReLU6: `min(max(x, 0), upperBound)`, with `upperBound` infinite for ReLU.
/// The gradient passes where the input is strictly inside (0, upperBound) and is zero at
/// and beyond the kinks.
enum ClampedLinear {
    static func forward(_ input: Tensor, upperBound: Float) -> Tensor {
        var output = input
        output.values.withUnsafeMutableBufferPointer { values in
            for index in values.indices { values[index] = min(max(values[index], 0), upperBound) }
        }
        return output
    }

    /// Four elements at a time with compares and a select, into fresh storage: a branch per
    /// element mispredicted on about half of them, and copying the gradient first cost a
    /// memmove (the compiler left the scalar select unvectorized).
    static func backward(input: Tensor, outputGradient: Tensor, upperBound: Float) -> Tensor {
        let count = input.values.count
        let values = [Float](unsafeUninitializedCapacity: count) { dx, initialized in
            input.values.withUnsafeBufferPointer { x in
                outputGradient.values.withUnsafeBufferPointer { dy in
                    let x = UnsafeRawPointer(x.baseAddress!), dy = UnsafeRawPointer(dy.baseAddress!)
                    let dx = UnsafeMutableRawPointer(dx.baseAddress!), stride = MemoryLayout<SIMD4<Float>>.stride
                    for chunk in 0..<count / 4 {
                        let value = x.loadUnaligned(fromByteOffset: chunk &* stride, as: SIMD4<Float>.self)
                        var gradient = dy.loadUnaligned(fromByteOffset: chunk &* stride, as: SIMD4<Float>.self)
                        gradient.replace(with: 0, where: .!((value .> 0) .& (value .< upperBound)))
                        dx.storeBytes(of: gradient, toByteOffset: chunk &* stride, as: SIMD4<Float>.self)
                    }
                    for index in count / 4 * 4..<count {
                        let value = x.load(fromByteOffset: index &* 4, as: Float.self)
                        let inside = value > 0 && value < upperBound
                        dx.storeBytes(of: inside ? dy.load(fromByteOffset: index &* 4, as: Float.self) : 0,
                                      toByteOffset: index &* 4, as: Float.self)
                    }
                }
            }
            initialized = count
        }
        return Tensor(batch: input.batch, shape: input.shape, values: values)
    }
}
