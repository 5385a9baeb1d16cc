import Foundation

/// The learning rate over a run, as a multiple of the base rate.
public enum LearningRateSchedule: Hashable, Sendable {
    case constant
    /// Linear warm-up from 0 over `warmupEpochs`, then half a cosine down to 0 at the end.
    case cosine(warmupEpochs: Double)
    /// Multiplied by `factor` every `epochs` epochs.
    case step(epochs: Int, factor: Float)

    /// The rate at `progress` epochs (fractional) into a run of `totalEpochs`.
    public func rate(base: Float, progress: Double, totalEpochs: Int) -> Float {
        switch self {
        case .constant:
            return base
        case .cosine(let warmupEpochs):
            if progress < warmupEpochs { return base * Float(progress / warmupEpochs) }
            let fraction = (progress - warmupEpochs) / max(1e-9, Double(totalEpochs) - warmupEpochs)
            return base * Float(0.5 * (1 + cos(Double.pi * min(1, fraction))))
        case .step(let epochs, let factor):
            return base * pow(factor, Float(Int(progress) / max(1, epochs)))
        }
    }
}
