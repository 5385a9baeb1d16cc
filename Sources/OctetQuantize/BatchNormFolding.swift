import OctetTrain

extension FloatModel {
    /// The same function with every foldable BatchNorm merged into a neighbouring
    /// convolution or dense layer (docs/QUANTIZATION.md), so the quantizer sees one weighted op
    /// where the float model has two:
    ///
    /// - **Backward**, into the producer (conv → BN, dense → BN) when the BN is the
    ///   producer's only consumer: with `a = γ / sqrt(σ² + ε)` per output channel,
    ///   `w' = w · a` and `b' = (b − μ) · a + β`. The folded node takes the BN's name,
    ///   because its output is the BN's output.
    /// - **Forward**, into the consumer (BN → conv without padding, BN → dense) when the
    ///   conv or dense is the BN's only consumer, as in a DenseNet transition. With
    ///   `t = β − μ · a` per input channel, `w' = w · a` along the input channel and
    ///   `b' = b + Σ w · t`. Padded taps would read 0 before the BN but `t` after it, so a
    ///   padded convolution is never folded forward.
    ///
    /// A BatchNorm that fits neither (for example one after a residual add) stays; the
    /// lowering turns it into a 1×1 depthwise convolution. The result gives the same
    /// evaluation-mode outputs as `self` to float rounding. Fails, naming the layer, when a
    /// folded weight or bias overflows Float32 (huge γ, or a variance and ε near 0).
    public func foldingBatchNorm() throws(QuantizationError) -> FloatModel {
        var nodes = self.nodes
        var consumers = [Int](repeating: 0, count: nodes.count)
        for node in nodes { for input in node.inputs { consumers[input] += 1 } }
        consumers[nodes.count - 1] += 1  // the graph output

        // Node ids whose output is now produced by another node (folded BatchNorms).
        var replacement = Array(nodes.indices)
        for id in nodes.indices {
            guard case .batchNorm(let batchNorm) = nodes[id].layer else { continue }
            let producer = Self.resolve(nodes[id].inputs[0], through: replacement)
            if consumers[producer] == 1, let folded = nodes[producer].layer.foldingBackward(batchNorm) {
                nodes[producer].layer = folded
                nodes[producer].name = nodes[id].name
                consumers[producer] = consumers[id]
                replacement[id] = producer
            } else if consumers[id] == 1, let consumer = nodes.indices.first(where: { nodes[$0].inputs.contains(id) }),
                      let folded = nodes[consumer].layer.foldingForward(batchNorm, inputShape: nodes[id].outputShape) {
                nodes[consumer].layer = folded
                replacement[id] = producer
            }
        }

        // Drop the folded nodes and renumber; inputs follow the replacements.
        var newID = [Int](repeating: -1, count: nodes.count)
        var kept: [Node] = []
        for var node in nodes where replacement[node.id] == node.id {
            node.inputs = node.inputs.map { newID[Self.resolve($0, through: replacement)] }
            newID[node.id] = kept.count
            node.id = kept.count
            kept.append(node)
        }
        do {
            return try FloatModel(preprocessing: preprocessing, classLabels: classLabels, nodes: kept)
        } catch .nonFiniteParameter(_, let name, let field, let index, let value) {
            throw .valueOutOfRange(node: name, reason: "folding BatchNorm into it makes \(field)[\(index)] \(value)")
        } catch {
            preconditionFailure("BatchNorm folding produced an invalid graph: \(error)")
        }
    }

    private static func resolve(_ id: Int, through replacement: [Int]) -> Int {
        var id = id
        while replacement[id] != id { id = replacement[id] }
        return id
    }
}

extension BatchNormalization {
    /// `γ / sqrt(σ² + ε)` per channel, in Double so folding adds no rounding of its own.
    var channelFactors: [Double] {
        (0..<channels).map { Double(gamma[$0]) / (Double(runningVariance[$0]) + Double(epsilon)).squareRoot() }
    }

    /// `β − μ · a` per channel: what the BN adds after scaling.
    var channelOffsets: [Double] {
        let factors = channelFactors
        return (0..<channels).map { Double(beta[$0]) - Double(runningMean[$0]) * factors[$0] }
    }
}

extension Layer {
    /// This conv or dense layer followed by `batchNorm`, as one layer; nil for other kinds.
    func foldingBackward(_ batchNorm: BatchNormalization) -> Layer? {
        let factors = batchNorm.channelFactors
        func fold(weights: [Float], bias: [Float]?, outputs: Int) -> ([Float], [Float]) {
            let perOutput = weights.count / outputs
            var folded = weights
            var newBias = [Float](repeating: 0, count: outputs)
            for output in 0..<outputs {
                let factor = factors[output]
                for index in output * perOutput..<(output + 1) * perOutput {
                    folded[index] = Float(Double(weights[index]) * factor)
                }
                let b = Double(bias?[output] ?? 0)
                newBias[output] = Float((b - Double(batchNorm.runningMean[output])) * factor + Double(batchNorm.beta[output]))
            }
            return (folded, newBias)
        }
        switch self {
        case .convolution(var convolution):
            (convolution.weights, convolution.bias) = fold(
                weights: convolution.weights, bias: convolution.bias, outputs: convolution.outputChannels)
            return .convolution(convolution)
        case .dense(var dense):
            (dense.weights, dense.bias) = fold(weights: dense.weights, bias: dense.bias, outputs: dense.outputFeatures)
            return .dense(dense)
        default:
            return nil
        }
    }

    /// `batchNorm` followed by this layer, as one layer; nil unless this is a dense layer or
    /// an unpadded convolution. `inputShape` is the BN's (and so this layer's) input shape.
    func foldingForward(_ batchNorm: BatchNormalization, inputShape: ActivationShape) -> Layer? {
        let factors = batchNorm.channelFactors
        let offsets = batchNorm.channelOffsets
        // Both layouts are output-major with the input channel varying fastest:
        // OHWI (per group) and dense [out][h·w·c] over NHWC input.
        func fold(weights: [Float], bias: [Float]?, outputs: Int, inputChannel: (Int, Int) -> Int) -> ([Float], [Float]) {
            let perOutput = weights.count / outputs
            var folded = weights
            var newBias = [Float](repeating: 0, count: outputs)
            for output in 0..<outputs {
                var shift = Double(bias?[output] ?? 0)
                for position in 0..<perOutput {
                    let index = output * perOutput + position
                    let channel = inputChannel(output, position)
                    folded[index] = Float(Double(weights[index]) * factors[channel])
                    shift += Double(weights[index]) * offsets[channel]
                }
                newBias[output] = Float(shift)
            }
            return (folded, newBias)
        }
        switch self {
        case .convolution(var convolution):
            guard convolution.window.padding == .zero else { return nil }
            let groupInputs = convolution.inputChannels / convolution.groups
            let groupOutputs = convolution.outputChannels / convolution.groups
            (convolution.weights, convolution.bias) = fold(
                weights: convolution.weights, bias: convolution.bias, outputs: convolution.outputChannels,
                inputChannel: { output, position in output / groupOutputs * groupInputs + position % groupInputs })
            return .convolution(convolution)
        case .dense(var dense):
            (dense.weights, dense.bias) = fold(
                weights: dense.weights, bias: dense.bias, outputs: dense.outputFeatures,
                inputChannel: { _, position in position % inputShape.channels })
            return .dense(dense)
        default:
            return nil
        }
    }
}
