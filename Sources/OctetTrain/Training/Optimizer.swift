import Foundation

/// How parameters move along their gradients.
public enum Optimizer: Hashable, Sendable {
    /// Stochastic gradient descent with (optionally Nesterov) momentum:
    /// `v = momentum * v + g`, `w -= lr * (nesterov ? g + momentum * v : v)`, where `g`
    /// includes `weightDecay * w` (L2 regularization, as PyTorch's SGD does).
    case sgd(momentum: Float, nesterov: Bool)
    /// Adam with decoupled weight decay (AdamW): `w -= lr * (m̂ / (√v̂ + epsilon) + weightDecay * w)`.
    case adam(beta1: Float, beta2: Float, epsilon: Float)

    public static let defaultSGD = Optimizer.sgd(momentum: 0.9, nesterov: true)
    public static let defaultAdam = Optimizer.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
}

/// An optimizer's per-parameter state, updating a flat parameter vector in place.
struct OptimizerState {
    let optimizer: Optimizer
    let weightDecay: Float
    /// 1 where weight decay applies (conv and dense weights), 0 elsewhere.
    private let decayMask: [Float]
    private(set) var firstMoment: [Float]
    private(set) var secondMoment: [Float]
    private(set) var step = 0

    init(optimizer: Optimizer, weightDecay: Float, parameterCount: Int, decayedRanges: [Range<Int>]) {
        self.optimizer = optimizer
        self.weightDecay = weightDecay
        var mask = [Float](repeating: 0, count: parameterCount)
        for range in decayedRanges { mask.replaceSubrange(range, with: repeatElement(1, count: range.count)) }
        decayMask = mask
        firstMoment = [Float](repeating: 0, count: parameterCount)
        if case .adam = optimizer { secondMoment = firstMoment } else { secondMoment = [] }
    }

    /// Sets the state a checkpoint saved; the counts were checked against this optimizer.
    mutating func restore(step: Int, firstMoment: [Float], secondMoment: [Float]) {
        self.step = step
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }

    mutating func update(_ parameters: inout [Float], gradients: [Float], learningRate: Float) {
        step += 1
        switch optimizer {
        case .sgd(let momentum, let nesterov):
            for index in parameters.indices {
                let gradient = gradients[index] + weightDecay * decayMask[index] * parameters[index]
                firstMoment[index] = momentum * firstMoment[index] + gradient
                let direction = nesterov ? gradient + momentum * firstMoment[index] : firstMoment[index]
                parameters[index] -= learningRate * direction
            }
        case .adam(let beta1, let beta2, let epsilon):
            let correction1 = 1 - pow(beta1, Float(step))
            let correction2 = 1 - pow(beta2, Float(step))
            for index in parameters.indices {
                let gradient = gradients[index]
                firstMoment[index] = beta1 * firstMoment[index] + (1 - beta1) * gradient
                secondMoment[index] = beta2 * secondMoment[index] + (1 - beta2) * gradient * gradient
                let adaptive = (firstMoment[index] / correction1) / ((secondMoment[index] / correction2).squareRoot() + epsilon)
                parameters[index] -= learningRate * (adaptive + weightDecay * decayMask[index] * parameters[index])
            }
        }
    }
}
