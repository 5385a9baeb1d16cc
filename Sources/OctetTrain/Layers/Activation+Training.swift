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

    static func backward(input: Tensor, outputGradient: Tensor, upperBound: Float) -> Tensor {
        var inputGradient = outputGradient
        input.values.withUnsafeBufferPointer { x in
            inputGradient.values.withUnsafeMutableBufferPointer { gradient in
                for index in gradient.indices where !(x[index] > 0 && x[index] < upperBound) { gradient[index] = 0 }
            }
        }
        return inputGradient
    }
}
