import Foundation

/// One image's result in `octet run`: the top labels, the raw int8 output and the time of
/// `invoke()`. Printed as soon as the image is done, then forgotten (docs/RUN_OUTPUT.md).
struct Classification: Encodable {
    struct Prediction: Encodable {
        var label: String
        var classIndex: Int
        var probability: Double
    }

    var file: String
    var top: [Prediction]
    /// The output tensor's int8 values, before dequantization.
    var raw: [Int8]
    var latency: Duration

    var text: String {
        "\(file): " + top.map { "\($0.label) \(String(format: "%.1f%%", 100 * $0.probability))" }.joined(separator: ", ")
    }

    enum CodingKeys: String, CodingKey { case kind, file, top, raw, latencyMicroseconds }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("result", forKey: .kind)
        try container.encode(file, forKey: .file)
        try container.encode(top, forKey: .top)
        try container.encode(raw, forKey: .raw)
        try container.encode(latency.microseconds, forKey: .latencyMicroseconds)
    }
}

/// An input `octet run` could not classify, with the reason.
struct RunFailure: Error, Encodable {
    var file: String
    var reason: String

    init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    /// The reason is `error`'s sentence without the file name it may start with, which the
    /// report prints once.
    init(file: String, error: any Error) {
        let text = "\(error)"
        self.init(file: file, reason: text.hasPrefix(file + ": ") ? String(text.dropFirst(file.count + 2)) : text)
    }

    enum CodingKeys: String, CodingKey { case kind, file, error }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("failure", forKey: .kind)
        try container.encode(file, forKey: .file)
        try container.encode(reason, forKey: .error)
    }
}
