/// How concatenations are quantized (`octet quantize --concat`).
public enum ConcatQuantization: String, CaseIterable, Sendable {
    /// Every concatenation joins its inputs and output into one quantization group, so the
    /// runtime copies bytes; the group's range is the union of all its members'.
    case shared
    /// Every concatenation's output has its own range; inputs whose quantization differs are
    /// requantized to it as they are copied.
    case requantize
    /// Per concatenation, from the first calibration pass (`ConcatChoice`).
    case auto
}

/// The per-concatenation choice of `ConcatQuantization.auto`, made from each tensor's
/// calibration extremes before any group range is chosen.
///
/// Sharing costs precision where a member's range is widened: a tensor quantized to a range
/// k times wider keeps 1/k of its levels (20·log10 k dB of SQNR). Requantizing costs one more
/// rounding of the requantized inputs' values (at most the output's step). So a concatenation
/// requantizes when joining would widen some member's group more than `widening` times, counting
/// only members read by something besides this concatenation: a tensor read by it alone ends up
/// at the output's scale either way. Concatenations are decided in execution order, each seeing
/// the groups the earlier decisions formed (a DenseNet block's chain).
enum ConcatChoice {
    /// More than one bit (6 dB) lost on a member that other ops read.
    static let widening: Float = 2

    /// The concatenation nodes of `plan` that requantize their inputs under `policy`, given
    /// each tensor node's extremes.
    static func requantizing(
        _ policy: ConcatQuantization, plan: LoweringPlan, extremes: [Int: ActivationRange]
    ) -> Set<Int> {
        switch policy {
        case .shared: return []
        case .requantize: return Set(plan.concatenations)
        case .auto: break
        }
        var groups = plan.baseGroups
        var requantizing: Set<Int> = []
        for node in plan.concatenations {
            let members = plan.concatenationInputs(node) + [node]
            let groupRange = { (member: Int) -> ActivationRange in
                let group = groups.representative(member)
                return plan.tensorNodes.filter { groups.representative($0) == group }
                    .map { extremes[$0]! }.reduce(extremes[member]!) { $0.union($1) }
            }
            let joined = members.map(groupRange).reduce(extremes[node]!) { $0.union($1) }
            let widened = members.contains { member in
                let readElsewhere = member == node || plan.consumers[member] > 1
                    || plan.tensorNodes.contains { $0 != member && groups.representative($0) == groups.representative(member) }
                return readElsewhere && joined.width > widening * groupRange(member).width
            }
            if widened {
                requantizing.insert(node)
            } else {
                for input in plan.concatenationInputs(node) { groups.join(node, input) }
            }
        }
        return requantizing
    }
}

extension ActivationRange {
    /// `upperBound − lowerBound`, at least the width a range is widened to before quantizing.
    var width: Float { Swift.max(upperBound - lowerBound, Float(QuantizationParameters.minimumRangeWidth)) }
}
