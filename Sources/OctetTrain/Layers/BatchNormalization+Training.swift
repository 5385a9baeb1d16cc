/// What a training-mode BatchNorm forward keeps for its backward pass and for the
/// running-statistics update.
struct BatchNormCache {
    /// `(x - mean) * inverseStandardDeviation`, same layout as the input.
    var normalized: [Float]
    var inverseStandardDeviation: [Float]
    var mean: [Float]
    /// Unbiased (n - 1) batch variance, the value blended into the running variance.
    var unbiasedVariance: [Float]
}

extension BatchNormalization {
    /// Training mode: normalizes with the batch's own mean and (biased) variance over N, H and W.
    func forwardTraining(_ input: Tensor, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>) -> (Tensor, BatchNormCache) {
        let channels = self.channels
        let rows = input.batch * input.shape.height * input.shape.width
        var mean = [Float](repeating: 0, count: channels)
        var variance = [Float](repeating: 0, count: channels)
        var normalized = input.values
        input.values.withUnsafeBufferPointer { values in
            let x = values.baseAddress!
            sumRows(x, rows: rows, columns: channels, into: &mean)
            for channel in 0..<channels { mean[channel] /= Float(rows) }
            mean.withUnsafeBufferPointer { mean in
                variance.withUnsafeMutableBufferPointer { variance in
                    for row in 0..<rows {
                        let pixel = x + row &* channels
                        for channel in 0..<channels {
                            let deviation = pixel[channel] - mean[channel]
                            variance[channel] += deviation * deviation
                        }
                    }
                }
            }
        }
        let inverseStandardDeviation = variance.map { 1 / ($0 / Float(rows) + epsilon).squareRoot() }
        let unbiasedVariance = variance.map { $0 / Float(max(1, rows - 1)) }
        var output = input
        normalized.withUnsafeMutableBufferPointer { normalized in
            output.values.withUnsafeMutableBufferPointer { output in
                for row in 0..<rows {
                    let base = row &* channels
                    for channel in 0..<channels {
                        let value = (normalized[base &+ channel] - mean[channel]) * inverseStandardDeviation[channel]
                        normalized[base &+ channel] = value
                        output[base &+ channel] = gamma[channel] * value + beta[channel]
                    }
                }
            }
        }
        let cache = BatchNormCache(
            normalized: normalized, inverseStandardDeviation: inverseStandardDeviation,
            mean: mean, unbiasedVariance: unbiasedVariance)
        return (output, cache)
    }

    /// Evaluation mode: a fixed per-channel affine map from the running statistics.
    func forwardEvaluation(_ input: Tensor, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, runningMean: UnsafePointer<Float>, runningVariance: UnsafePointer<Float>) -> Tensor {
        let channels = self.channels
        let scale = (0..<channels).map { gamma[$0] / (runningVariance[$0] + epsilon).squareRoot() }
        let shift = (0..<channels).map { beta[$0] - runningMean[$0] * scale[$0] }
        var output = input
        output.values.withUnsafeMutableBufferPointer { values in
            for row in 0..<(input.values.count / channels) {
                let base = row &* channels
                for channel in 0..<channels { values[base &+ channel] = values[base &+ channel] * scale[channel] + shift[channel] }
            }
        }
        return output
    }

    /// Gradients through the batch statistics:
    /// `dx = gamma * invStd / m * (m * dy - Σdy - x̂ * Σ(dy * x̂))`.
    func backward(
        outputGradient: Tensor, cache: BatchNormCache, gamma: UnsafePointer<Float>,
        gammaGradient: UnsafeMutablePointer<Float>, betaGradient: UnsafeMutablePointer<Float>
    ) -> Tensor {
        let channels = self.channels
        let rows = outputGradient.values.count / channels
        var gradientSum = [Float](repeating: 0, count: channels)
        var projection = [Float](repeating: 0, count: channels)
        var inputGradient = outputGradient
        outputGradient.values.withUnsafeBufferPointer { dy in
            cache.normalized.withUnsafeBufferPointer { normalized in
                for row in 0..<rows {
                    let base = row &* channels
                    for channel in 0..<channels {
                        gradientSum[channel] += dy[base &+ channel]
                        projection[channel] += dy[base &+ channel] * normalized[base &+ channel]
                    }
                }
                for channel in 0..<channels {
                    betaGradient[channel] += gradientSum[channel]
                    gammaGradient[channel] += projection[channel]
                }
                let count = Float(rows)
                let scale = (0..<channels).map { gamma[$0] * cache.inverseStandardDeviation[$0] / count }
                let meanGradient = gradientSum
                let meanProjection = projection
                inputGradient.values.withUnsafeMutableBufferPointer { dx in
                    for row in 0..<rows {
                        let base = row &* channels
                        for channel in 0..<channels {
                            dx[base &+ channel] = scale[channel] * (count * dy[base &+ channel] - meanGradient[channel]
                                - normalized[base &+ channel] * meanProjection[channel])
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
