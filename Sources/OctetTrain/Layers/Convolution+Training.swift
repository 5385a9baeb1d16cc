extension Convolution {
    private func im2col(input: ActivationShape, output: ActivationShape) -> Im2Col {
        Im2Col(window: window, input: input, output: output, groupChannels: inputChannels / groups)
    }

    /// `output = conv(input, weights) + bias`: the direct depthwise kernel for depthwise
    /// layers, one im2col + GEMM per example and group for the rest.
    func forward(_ input: Tensor, outputShape: ActivationShape, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?) -> Tensor {
        isDepthwise
            ? depthwiseForward(input, outputShape: outputShape, weights: weights, bias: bias)
            : gemmForward(input, outputShape: outputShape, weights: weights, bias: bias)
    }

    func gemmForward(_ input: Tensor, outputShape: ActivationShape, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?) -> Tensor {
        var output = Tensor(zeros: outputShape, batch: input.batch)
        let unfold = im2col(input: input.shape, output: outputShape)
        let groupOutputs = outputChannels / groups
        let direct = Im2Col.isIdentity(window, groups: groups)
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: direct ? 0 : unfold.rowCount * unfold.rowLength)
        defer { columns.deallocate() }
        input.values.withUnsafeBufferPointer { inputValues in
            output.values.withUnsafeMutableBufferPointer { outputValues in
                for example in 0..<input.batch {
                    let source = inputValues.baseAddress! + example * input.exampleSize
                    let destination = outputValues.baseAddress! + example * outputShape.elementCount
                    for group in 0..<groups {
                        if !direct { unfold.unfold(source, firstChannel: group * unfold.groupChannels, into: columns) }
                        GEMM.multiply(
                            rows: unfold.rowCount, columns: groupOutputs, depth: unfold.rowLength,
                            a: .rowMajor(direct ? source : UnsafePointer(columns), leadingDimension: unfold.rowLength),
                            b: .transposed(weights + group * groupOutputs * filterSize, leadingDimension: filterSize),
                            c: destination + group * groupOutputs, ldc: outputChannels, accumulate: false)
                    }
                }
                if let bias { addBias(bias, to: outputValues.baseAddress!, rows: input.batch * unfold.rowCount) }
            }
        }
        return output
    }

    private func addBias(_ bias: UnsafePointer<Float>, to values: UnsafeMutablePointer<Float>, rows: Int) {
        for row in 0..<rows {
            let pixel = values + row &* outputChannels
            for channel in 0..<outputChannels { pixel[channel] += bias[channel] }
        }
    }

    /// Accumulates the weight and bias gradients and returns the input gradient (nil when
    /// `needsInputGradient` is false, as for the first layer, which saves its col2im).
    func backward(
        input: Tensor, outputGradient: Tensor, weights: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>?,
        needsInputGradient: Bool
    ) -> Tensor? {
        isDepthwise
            ? depthwiseBackward(input: input, outputGradient: outputGradient, weights: weights, weightGradient: weightGradient,
                                biasGradient: biasGradient, needsInputGradient: needsInputGradient)
            : gemmBackward(input: input, outputGradient: outputGradient, weights: weights, weightGradient: weightGradient,
                           biasGradient: biasGradient, needsInputGradient: needsInputGradient)
    }

    func gemmBackward(
        input: Tensor, outputGradient: Tensor, weights: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>?,
        needsInputGradient: Bool
    ) -> Tensor? {
        let outputShape = outputGradient.shape
        let unfold = im2col(input: input.shape, output: outputShape)
        let groupOutputs = outputChannels / groups
        let direct = Im2Col.isIdentity(window, groups: groups)
        let matrixSize = unfold.rowCount * unfold.rowLength
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: direct ? 0 : matrixSize)
        let columnGradient = UnsafeMutablePointer<Float>.allocate(capacity: direct || !needsInputGradient ? 0 : matrixSize)
        defer {
            columns.deallocate()
            columnGradient.deallocate()
        }
        var inputGradient = needsInputGradient ? Tensor(zeros: input.shape, batch: input.batch) : nil
        input.values.withUnsafeBufferPointer { inputValues in
            outputGradient.values.withUnsafeBufferPointer { gradientValues in
                for example in 0..<input.batch {
                    let source = inputValues.baseAddress! + example * input.exampleSize
                    let gradient = gradientValues.baseAddress! + example * outputShape.elementCount
                    for group in 0..<groups {
                        let firstChannel = group * unfold.groupChannels
                        let groupGradient = gradient + group * groupOutputs
                        let groupWeights = group * groupOutputs * filterSize
                        if !direct { unfold.unfold(source, firstChannel: firstChannel, into: columns) }
                        // dW[o][k] += Σ_row dOut[row][o] · columns[row][k]
                        GEMM.multiply(
                            rows: groupOutputs, columns: unfold.rowLength, depth: unfold.rowCount,
                            a: .transposed(groupGradient, leadingDimension: outputChannels),
                            b: .rowMajor(direct ? source : UnsafePointer(columns), leadingDimension: unfold.rowLength),
                            c: weightGradient + groupWeights, ldc: filterSize, accumulate: true)
                        guard needsInputGradient else { continue }
                        // dColumns[row][k] = Σ_o dOut[row][o] · W[o][k], then folded back onto the input.
                        inputGradient!.values.withUnsafeMutableBufferPointer { inputGradientValues in
                            let destination = inputGradientValues.baseAddress! + example * input.exampleSize
                            GEMM.multiply(
                                rows: unfold.rowCount, columns: unfold.rowLength, depth: groupOutputs,
                                a: .rowMajor(groupGradient, leadingDimension: outputChannels),
                                b: .rowMajor(weights + groupWeights, leadingDimension: filterSize),
                                c: direct ? destination : columnGradient, ldc: unfold.rowLength, accumulate: false)
                            if !direct { unfold.fold(columnGradient, firstChannel: firstChannel, into: destination) }
                        }
                    }
                }
                if let biasGradient {
                    sumRows(gradientValues.baseAddress!, rows: input.batch * unfold.rowCount, columns: outputChannels, into: biasGradient)
                }
            }
        }
        return inputGradient
    }
}

/// `result[j] += Σ_i matrix[i][j]` — the gradient of a per-channel bias.
func sumRows(_ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into result: UnsafeMutablePointer<Float>) {
    for row in 0..<rows {
        let values = matrix + row &* columns
        for column in 0..<columns { result[column] += values[column] }
    }
}
