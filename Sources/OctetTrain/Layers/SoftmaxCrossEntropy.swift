import Foundation

/// Softmax cross-entropy over logits `[batch][classes]`.
enum SoftmaxCrossEntropy {
    struct Result {
        /// Sum (not mean) of the per-example losses, so shards can be added.
        var lossSum: Double
        var correct: Int
        /// d(loss)/d(logits) for a loss averaged over `normalizer` examples.
        var gradient: Tensor
    }

    /// `normalizer` is the size of the whole batch, which may be larger than this shard.
    /// Non-finite logits (a diverged network) give a NaN loss sum for the caller to report.
    static func evaluate(logits: Tensor, labels: ArraySlice<Int>, normalizer: Int) -> Result {
        let classes = logits.shape.channels
        var gradient = logits
        var lossSum = 0.0
        var correct = 0
        for (example, label) in zip(0..., labels) {
            let row = example * classes
            let scores = logits.values[row..<row + classes]
            guard scores.allSatisfy(\.isFinite) else {
                lossSum = .nan
                continue
            }
            let maximum = scores.max()!
            let exponentials = scores.map { exp($0 - maximum) }
            let total = exponentials.reduce(0, +)
            lossSum += Double(log(total) - (scores[row + label] - maximum))
            if scores.firstIndex(of: maximum)! - row == label { correct += 1 }
            for index in 0..<classes {
                let probability = exponentials[index] / total
                gradient.values[row + index] = (probability - (index == label ? 1 : 0)) / Float(normalizer)
            }
        }
        return Result(lossSum: lossSum, correct: correct, gradient: gradient)
    }
}
