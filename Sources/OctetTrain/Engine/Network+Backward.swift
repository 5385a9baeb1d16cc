extension Network {
    /// Back-propagates `logitsGradient` through a training-mode `pass`, adding every
    /// parameter's gradient into `gradients` (laid out like `parameters`).
    func backward(_ pass: ForwardPass, logitsGradient: Tensor, into gradients: UnsafeMutablePointer<Float>) {
        let nodes = template.nodes
        var outputGradients = [Tensor?](repeating: nil, count: nodes.count)
        outputGradients[nodes.count - 1] = logitsGradient
        parameters.withUnsafeBufferPointer { parameterValues in
            for node in nodes.reversed() where node.id > 0 {
                // Nodes that do not lead to the logits have no gradient.
                guard let outputGradient = outputGradients[node.id] else { continue }
                outputGradients[node.id] = nil
                let inputGradients = backward(
                    node, pass: pass, outputGradient: outputGradient,
                    parameters: parameterValues.baseAddress.map { $0 + parameterOffsets[node.id] },
                    gradients: gradients + parameterOffsets[node.id])
                for (input, gradient) in zip(node.inputs, inputGradients) where input > 0 {
                    guard let gradient else { continue }
                    if var existing = outputGradients[input] {
                        outputGradients[input] = nil
                        existing.values.withUnsafeMutableBufferPointer { sum in
                            gradient.values.withUnsafeBufferPointer { addend in
                                for index in sum.indices { sum[index] += addend[index] }
                            }
                        }
                        outputGradients[input] = existing
                    } else {
                        outputGradients[input] = gradient
                    }
                }
            }
        }
    }

    /// One gradient per input of `node` (nil where none is needed).
    private func backward(
        _ node: Node, pass: ForwardPass, outputGradient: Tensor,
        parameters: UnsafePointer<Float>?, gradients: UnsafeMutablePointer<Float>
    ) -> [Tensor?] {
        let input = pass.outputs[node.inputs[0]]
        switch node.layer {
        case .input:
            return []
        case .convolution(let convolution):
            let biasGradient = convolution.bias == nil ? nil : gradients + convolution.weights.count
            return [convolution.backward(
                input: input, outputGradient: outputGradient, weights: parameters!,
                weightGradient: gradients, biasGradient: biasGradient, needsInputGradient: node.inputs[0] > 0)]
        case .batchNorm(let batchNorm):
            guard case .batchNorm(let cache) = pass.caches[node.id] else {
                preconditionFailure("backward needs a training-mode forward pass")
            }
            return [batchNorm.backward(
                outputGradient: outputGradient, cache: cache, gamma: parameters!,
                gammaGradient: gradients, betaGradient: gradients + batchNorm.channels)]
        case .relu:
            return [ClampedLinear.backward(input: input, outputGradient: outputGradient, upperBound: .infinity)]
        case .relu6:
            return [ClampedLinear.backward(input: input, outputGradient: outputGradient, upperBound: 6)]
        case .maxPool:
            guard case .maxPoolWinners(let winners) = pass.caches[node.id] else { preconditionFailure("missing max-pool cache") }
            return [Pooling.maxBackward(outputGradient: outputGradient, winners: winners, inputShape: input.shape)]
        case .averagePool(let window):
            return [Pooling.averageBackward(outputGradient: outputGradient, window: window, inputShape: input.shape)]
        case .globalAveragePool:
            return [Pooling.globalAverageBackward(outputGradient: outputGradient, inputShape: input.shape)]
        case .dense(let dense):
            return [dense.backward(
                input: input, outputGradient: outputGradient, weights: parameters!,
                weightGradient: gradients, biasGradient: gradients + dense.weights.count)]
        case .add:
            return node.inputs.map { _ in outputGradient }
        case .concat:
            return ChannelConcat.backward(outputGradient: outputGradient, inputShapes: node.inputs.map { pass.outputs[$0].shape })
        case .flatten:
            return [Tensor(batch: input.batch, shape: input.shape, values: outputGradient.values)]
        case .dropout:
            guard case .dropoutMask(let mask) = pass.caches[node.id] else { return [outputGradient] }
            return [Dropout.apply(mask, to: outputGradient)]
        }
    }
}
