/// Whether BatchNorm uses batch or running statistics and whether dropout is active.
enum PassMode {
    /// `seed` draws the dropout masks of this pass.
    case training(seed: UInt64)
    case evaluation
}

/// What a node's forward pass keeps for its backward pass.
enum NodeCache {
    case none
    case batchNorm(BatchNormCache)
    case maxPoolWinners([Int32])
    case dropoutMask([Float])
}

/// Every node's output and cache from one forward pass over one shard of a batch.
struct ForwardPass {
    var outputs: [Tensor]
    var caches: [NodeCache]

    var logits: Tensor { outputs[outputs.count - 1] }
}

extension Network {
    /// Runs the graph in node order on `input` (NHWC, already preprocessed), on the calling thread.
    func forward(_ input: Tensor, mode: PassMode) -> ForwardPass {
        var outputs: [Tensor] = [input]
        var caches: [NodeCache] = [.none]
        outputs.reserveCapacity(template.nodes.count)
        parameters.withUnsafeBufferPointer { parameterValues in
            runningStatistics.withUnsafeBufferPointer { statisticsValues in
                for node in template.nodes.dropFirst() {
                    let parameters = parameterValues.baseAddress.map { $0 + parameterOffsets[node.id] }
                    let statistics = statisticsValues.baseAddress.map { $0 + statisticsOffsets[node.id] }
                    let (output, cache) = forward(
                        node, inputs: node.inputs.map { outputs[$0] }, parameters: parameters, statistics: statistics, mode: mode)
                    outputs.append(output)
                    caches.append(cache)
                }
            }
        }
        return ForwardPass(outputs: outputs, caches: caches)
    }

    private func forward(
        _ node: Node, inputs: [Tensor], parameters: UnsafePointer<Float>?, statistics: UnsafePointer<Float>?, mode: PassMode
    ) -> (Tensor, NodeCache) {
        let input = inputs[0]
        switch node.layer {
        case .input:
            preconditionFailure("node 0 is the only input node")
        case .convolution(let convolution):
            let bias = convolution.bias == nil ? nil : parameters! + convolution.weights.count
            return (convolution.forward(input, outputShape: node.outputShape, weights: parameters!, bias: bias), .none)
        case .batchNorm(let batchNorm):
            let gamma = parameters!, beta = parameters! + batchNorm.channels
            switch mode {
            case .training:
                let (output, cache) = batchNorm.forwardTraining(input, gamma: gamma, beta: beta)
                return (output, .batchNorm(cache))
            case .evaluation:
                let output = batchNorm.forwardEvaluation(
                    input, gamma: gamma, beta: beta, runningMean: statistics!, runningVariance: statistics! + batchNorm.channels)
                return (output, .none)
            }
        case .relu:
            return (ClampedLinear.forward(input, upperBound: .infinity), .none)
        case .relu6:
            return (ClampedLinear.forward(input, upperBound: 6), .none)
        case .maxPool(let window):
            let (output, winners) = Pooling.maxForward(input, window: window, outputShape: node.outputShape)
            return (output, .maxPoolWinners(winners))
        case .averagePool(let window):
            return (Pooling.averageForward(input, window: window, outputShape: node.outputShape), .none)
        case .globalAveragePool:
            return (Pooling.globalAverageForward(input), .none)
        case .dense(let dense):
            return (dense.forward(input, weights: parameters!, bias: parameters! + dense.weights.count), .none)
        case .add:
            var sum = input
            sum.values.withUnsafeMutableBufferPointer { sum in
                for other in inputs.dropFirst() {
                    other.values.withUnsafeBufferPointer { addend in
                        for index in sum.indices { sum[index] += addend[index] }
                    }
                }
            }
            return (sum, .none)
        case .concat:
            return (ChannelConcat.forward(inputs, outputShape: node.outputShape), .none)
        case .flatten:
            return (Tensor(batch: input.batch, shape: node.outputShape, values: input.values), .none)
        case .dropout(let rate):
            guard case .training(let seed) = mode, rate > 0 else { return (input, .none) }
            var generator = SeededGenerator(seed: seed &+ UInt64(node.id) &* 0x9E37_79B9)
            let (output, mask) = Dropout.forward(input, rate: rate, generator: &generator)
            return (output, .dropoutMask(mask))
        }
    }
}
