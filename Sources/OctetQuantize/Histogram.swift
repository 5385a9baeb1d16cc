/// Counts of one tensor's values in calibration, in two one-sided histograms of equal bin
/// count: `positive` over (0, positiveLimit] and `negative` over the magnitudes of negative
/// values, (0, negativeLimit]; exact zeros are counted apart. The limits come from a first
/// min/max pass, so no value falls outside. Splitting at 0 keeps the bins that matter for
/// ReLU outputs (all of them non-negative) as fine as for a two-sided tensor, and keeping
/// zeros apart keeps ReLU's spike at 0 (often half the values) out of the observers'
/// error estimates: every range represents 0 exactly.
struct Histogram: Sendable {
    static let binCount = 2048

    struct Side: Sendable {
        var limit: Double
        var counts: [Int]

        init(limit: Double) {
            self.limit = limit
            counts = [Int](repeating: 0, count: Histogram.binCount)
        }

        var binWidth: Double { limit / Double(Histogram.binCount) }
        var total: Int { counts.reduce(0, +) }

        /// Adds a magnitude in [0, limit].
        @inline(__always)
        mutating func add(_ magnitude: Double) {
            guard limit > 0 else {
                counts[0] += 1
                return
            }
            let bin = Int(magnitude / limit * Double(Histogram.binCount))
            counts[Swift.min(bin, Histogram.binCount - 1)] += 1
        }

        /// The center of bin `index`, as a magnitude.
        func center(_ index: Int) -> Double { (Double(index) + 0.5) * binWidth }
    }

    var positive: Side
    var negative: Side
    var zeros = 0

    init(range: ActivationRange) {
        positive = Side(limit: Double(range.upperBound))
        negative = Side(limit: -Double(range.lowerBound))
    }

    mutating func add(_ values: some Collection<Float>) {
        for value in values {
            if value == 0 {
                zeros += 1
            } else if value > 0 {
                positive.add(Double(value))
            } else {
                negative.add(-Double(value))
            }
        }
    }

    var total: Int { positive.total + negative.total + zeros }
}
