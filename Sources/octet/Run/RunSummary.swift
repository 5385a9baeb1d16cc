import Foundation
import OctetClassifier

/// The totals of an `octet run`: counts and timing, kept while the per-image results are
/// streamed out; only each image's latency (8 bytes) is kept, for the median.
struct RunSummary: Encodable {
    var modelBytes: Int
    var arenaBytes: Int
    var classified = 0
    var failed = 0
    var elapsed: Duration = .zero
    private var latencies: [Double] = []

    init(modelBytes: Int, arenaBytes: Int) {
        self.modelBytes = modelBytes
        self.arenaBytes = arenaBytes
    }

    mutating func record(_ classification: Classification) {
        classified += 1
        latencies.append(classification.latency.microseconds)
    }

    /// Median time of `invoke()` alone, per image, in microseconds.
    var medianLatencyMicroseconds: Double {
        let sorted = latencies.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Images per second, decoding and preprocessing included.
    var imagesPerSecond: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(classified) / seconds : 0
    }

    var text: String {
        """
        \(classified) image(s) classified, \(failed) failed; \
        \(String(format: "%.0f", imagesPerSecond)) images/s (decode included), \
        median inference \(String(format: "%.1f", medianLatencyMicroseconds)) µs; \
        arena \(arenaBytes) bytes, model \(modelBytes) bytes
        """
    }

    enum CodingKeys: String, CodingKey {
        case kind, classified, failed, imagesPerSecond, medianLatencyMicroseconds, arenaBytes, modelBytes
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("summary", forKey: .kind)
        try container.encode(classified, forKey: .classified)
        try container.encode(failed, forKey: .failed)
        try container.encode(imagesPerSecond, forKey: .imagesPerSecond)
        try container.encode(medianLatencyMicroseconds, forKey: .medianLatencyMicroseconds)
        try container.encode(arenaBytes, forKey: .arenaBytes)
        try container.encode(modelBytes, forKey: .modelBytes)
    }
}
