/// Order statistics of per-call times in nanoseconds. Percentiles interpolate linearly between
/// the two nearest ranks (NumPy's default), so figures compare directly with
/// `numpy.percentile` over the same samples (scripts/bench_peers.py).
struct LatencySummary: Codable, Equatable {
    var count: Int
    var minNs: Double
    var p10Ns: Double
    var q1Ns: Double
    var medianNs: Double
    var q3Ns: Double
    var p90Ns: Double
    var p99Ns: Double
    var maxNs: Double

    init(nanoseconds samples: [UInt64]) {
        precondition(!samples.isEmpty, "no samples to summarize")
        let sorted = samples.sorted().map { Double($0) }
        count = sorted.count
        minNs = sorted[0]
        p10Ns = Self.percentile(10, ofSorted: sorted)
        q1Ns = Self.percentile(25, ofSorted: sorted)
        medianNs = Self.percentile(50, ofSorted: sorted)
        q3Ns = Self.percentile(75, ofSorted: sorted)
        p90Ns = Self.percentile(90, ofSorted: sorted)
        p99Ns = Self.percentile(99, ofSorted: sorted)
        maxNs = sorted[sorted.count - 1]
    }

    /// The `percent` percentile (0…100) of ascending `sorted` values: rank `percent/100 · (n−1)`,
    /// interpolated between its neighbours.
    static func percentile(_ percent: Double, ofSorted sorted: [Double]) -> Double {
        precondition(!sorted.isEmpty && (0...100).contains(percent), "percentile of nothing or outside 0…100")
        let rank = percent / 100 * Double(sorted.count - 1)
        let below = Int(rank.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - Double(below))
    }
}
