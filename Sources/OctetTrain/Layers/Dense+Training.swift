extension Dense {
    /// `output[n] = weights · input[n] + bias`, one GEMM for the batch.
    func forward(_ input: Tensor, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>) -> Tensor {
        var output = Tensor(zeros: ActivationShape(height: 1, width: 1, channels: outputFeatures), batch: input.batch)
        input.values.withUnsafeBufferPointer { x in
            output.values.withUnsafeMutableBufferPointer { y in
                for example in 0..<input.batch { (y.baseAddress! + example * outputFeatures).update(from: bias, count: outputFeatures) }
                GEMM.multiply(
                    rows: input.batch, columns: outputFeatures, depth: inputFeatures,
                    a: .rowMajor(x.baseAddress!, leadingDimension: inputFeatures),
                    b: .transposed(weights, leadingDimension: inputFeatures),
                    c: y.baseAddress!, ldc: outputFeatures, accumulate: true)
            }
        }
        return output
    }

    /// Accumulates weight and bias gradients and returns the input gradient.
    func backward(
        input: Tensor, outputGradient: Tensor, weights: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>
    ) -> Tensor {
        var inputGradient = Tensor(zeros: input.shape, batch: input.batch)
        input.values.withUnsafeBufferPointer { x in
            outputGradient.values.withUnsafeBufferPointer { dy in
                GEMM.multiply(
                    rows: outputFeatures, columns: inputFeatures, depth: input.batch,
                    a: .transposed(dy.baseAddress!, leadingDimension: outputFeatures),
                    b: .rowMajor(x.baseAddress!, leadingDimension: inputFeatures),
                    c: weightGradient, ldc: inputFeatures, accumulate: true)
                sumRows(dy.baseAddress!, rows: input.batch, columns: outputFeatures, into: biasGradient)
                inputGradient.values.withUnsafeMutableBufferPointer { dx in
                    GEMM.multiply(
                        rows: input.batch, columns: inputFeatures, depth: outputFeatures,
                        a: .rowMajor(dy.baseAddress!, leadingDimension: outputFeatures),
                        b: .rowMajor(weights, leadingDimension: inputFeatures),
                        c: dx.baseAddress!, ldc: inputFeatures, accumulate: false)
                }
            }
        }
        return inputGradient
    }
}
