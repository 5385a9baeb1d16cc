import Foundation

/// What `octet run` found: per-image predictions, failures, and the timing summary.
struct RunReport: Encodable {
    struct Prediction: Encodable {
        var label: String
        var classIndex: Int
        var probability: Double
    }

    struct Result: Encodable {
        var file: String
        var top: [Prediction]
        var latency: Duration

        var text: String {
            "\(file): " + top.map { "\($0.label) \(String(format: "%.1f%%", 100 * $0.probability))" }.joined(separator: ", ")
        }

        enum CodingKeys: String, CodingKey { case file, top, latencyMicroseconds }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(top, forKey: .top)
            try container.encode(latency.microseconds, forKey: .latencyMicroseconds)
        }
    }

    struct Failure: Error, Encodable {
        var file: String
        var reason: String
    }

    var modelBytes: Int
    var arenaBytes: Int
    var results: [Result] = []
    var failures: [Failure] = []
    var elapsed: Duration = .zero

    /// Median time of `invoke()` alone, per image.
    var medianLatency: Duration {
        let sorted = results.map(\.latency).sorted()
        guard !sorted.isEmpty else { return .zero }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Images per second, decoding and preprocessing included.
    var imagesPerSecond: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(results.count) / seconds : 0
    }

    var summary: String {
        """
        \(results.count) image(s) classified, \(failures.count) failed; \
        \(String(format: "%.0f", imagesPerSecond)) images/s (decode included), \
        median inference \(String(format: "%.1f", medianLatency.microseconds)) µs; \
        arena \(arenaBytes) bytes, model \(modelBytes) bytes
        """
    }

    enum CodingKeys: String, CodingKey {
        case results, failures, imagesPerSecond, medianLatencyMicroseconds, arenaBytes, modelBytes
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(results, forKey: .results)
        try container.encode(failures, forKey: .failures)
        try container.encode(imagesPerSecond, forKey: .imagesPerSecond)
        try container.encode(medianLatency.microseconds, forKey: .medianLatencyMicroseconds)
        try container.encode(arenaBytes, forKey: .arenaBytes)
        try container.encode(modelBytes, forKey: .modelBytes)
    }
}
