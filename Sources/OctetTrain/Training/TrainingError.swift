/// Why training stopped before its last epoch.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The loss, a weight or a BatchNorm statistic became NaN or infinite; the weights are
    /// those before the failing step, and no model should be written from them.
    case diverged(epoch: Int, batch: Int, what: String)

    public var description: String {
        switch self {
        case .diverged(let epoch, let batch, let what):
            "training diverged in epoch \(epoch), batch \(batch): \(what) is not finite (a lower learning rate usually helps)"
        }
    }
}
