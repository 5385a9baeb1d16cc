/// The gradient of one batch, summed over its shards.
struct BatchGradient {
    var gradients: [Float]
    var lossSum: Double
    var correct: Int
    /// Per BatchNorm node, the shards' mean batch mean and unbiased variance, laid out like
    /// `runningStatistics`.
    var batchStatistics: [Float]
}

extension Network {
    /// The number of shards a batch is split into. Fixed (not the core count) so a seeded
    /// run computes the same numbers on any machine; two matches this project's machines.
    static let shardCount = 2

    /// Forward and backward over `input` in training mode, one shard per core.
    ///
    /// Each shard normalizes with its own batch statistics, as data-parallel training
    /// without synchronized BatchNorm does; the running statistics get the shards' mean.
    func batchGradient(_ input: Tensor, labels: [Int], seed: UInt64) -> BatchGradient {
        let ranges = Tensor.shardRanges(batch: input.batch, count: Self.shardCount)
        let shards = parallelMap(ranges.count) { shard in
            let range = ranges[shard]
            let pass = forward(input.examples(range), mode: .training(seed: seed &+ UInt64(shard) &* 0x1_0000_0001))
            let loss = SoftmaxCrossEntropy.evaluate(logits: pass.logits, labels: labels[range], normalizer: input.batch)
            var gradients = [Float](repeating: 0, count: parameters.count)
            gradients.withUnsafeMutableBufferPointer { backward(pass, logitsGradient: loss.gradient, into: $0.baseAddress!) }
            return BatchGradient(gradients: gradients, lossSum: loss.lossSum, correct: loss.correct, batchStatistics: batchStatistics(of: pass))
        }
        var total = shards[0]
        for shard in shards.dropFirst() {
            for index in total.gradients.indices { total.gradients[index] += shard.gradients[index] }
            for index in total.batchStatistics.indices { total.batchStatistics[index] += shard.batchStatistics[index] }
            total.lossSum += shard.lossSum
            total.correct += shard.correct
        }
        for index in total.batchStatistics.indices { total.batchStatistics[index] /= Float(shards.count) }
        return total
    }

    private func batchStatistics(of pass: ForwardPass) -> [Float] {
        var statistics = [Float](repeating: 0, count: runningStatistics.count)
        for (id, cache) in pass.caches.enumerated() {
            guard case .batchNorm(let batchNorm) = cache else { continue }
            let offset = statisticsOffsets[id]
            let channels = batchNorm.mean.count
            statistics.replaceSubrange(offset..<offset + channels, with: batchNorm.mean)
            statistics.replaceSubrange(offset + channels..<offset + 2 * channels, with: batchNorm.unbiasedVariance)
        }
        return statistics
    }

    /// Blends batch statistics into the running ones with each BatchNorm's momentum.
    mutating func updateRunningStatistics(with batchStatistics: [Float]) {
        for (id, node) in template.nodes.enumerated() {
            guard case .batchNorm(let batchNorm) = node.layer else { continue }
            let offset = statisticsOffsets[id]
            for index in offset..<offset + 2 * batchNorm.channels {
                runningStatistics[index] += batchNorm.momentum * (batchStatistics[index] - runningStatistics[index])
            }
        }
    }

    /// Evaluation-mode outputs of every node (or only the logits), one shard per core.
    func evaluate(_ input: Tensor, keepingAllOutputs: Bool) -> [Tensor] {
        let ranges = Tensor.shardRanges(batch: input.batch, count: Self.shardCount)
        let shards = parallelMap(ranges.count) { shard in
            let outputs = forward(input.examples(ranges[shard]), mode: .evaluation).outputs
            return keepingAllOutputs ? outputs : [outputs[outputs.count - 1]]
        }
        return shards[0].indices.map { node in Tensor(concatenating: shards.map { $0[node] }) }
    }
}
