/// TFLite's TRANSPOSE of a 4-D int8 tensor: output axis `i` is input axis `permutation[i]`,
/// so output element `(o0, o1, o2, o3)` is the input element whose coordinate on axis
/// `permutation[i]` is `oi`. A byte copy; quantization is unchanged.
public enum Transpose {
    public static func run(input: Int8Tensor, permutation: (Int, Int, Int, Int), output: MutableInt8Tensor) {
        let s = input.shape
        let inputStrides = SIMD4(s.h * s.w * s.c, s.w * s.c, s.c, 1)
        // The input stride each output axis steps by.
        let strides = SIMD4(
            inputStrides[permutation.0], inputStrides[permutation.1], inputStrides[permutation.2],
            inputStrides[permutation.3])
        let o = output.shape
        var index = 0
        for a in 0..<o.n {
            for b in 0..<o.h {
                for c in 0..<o.w {
                    let base = a * strides[0] + b * strides[1] + c * strides[2]
                    for d in 0..<o.c {
                        output.data[index] = input.data[base + d * strides[3]]
                        index += 1
                    }
                }
            }
        }
    }

    /// The output shape of transposing `shape` by `permutation`.
    public static func outputShape(of shape: Shape, permutation: (Int, Int, Int, Int)) -> Shape {
        let dimensions = SIMD4(shape.n, shape.h, shape.w, shape.c)
        return Shape(
            n: dimensions[permutation.0], h: dimensions[permutation.1], w: dimensions[permutation.2],
            c: dimensions[permutation.3])
    }
}
