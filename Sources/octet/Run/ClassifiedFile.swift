import Foundation
import OctetClassifier

/// One input's result in `octet run`: the file and what the classifier found. Printed as soon
/// as the input is done, then forgotten (docs/RUN_OUTPUT.md).
struct ClassifiedFile: Encodable {
    var file: String
    var classification: Classification

    var text: String {
        "\(file): " + classification.top.map { "\($0.label) \(String(format: "%.1f%%", 100 * $0.probability))" }
            .joined(separator: ", ")
    }

    enum CodingKeys: String, CodingKey { case kind, file, top, raw, latencyMicroseconds }
    enum PredictionKeys: String, CodingKey { case label, classIndex, probability }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("result", forKey: .kind)
        try container.encode(file, forKey: .file)
        var top = container.nestedUnkeyedContainer(forKey: .top)
        for prediction in classification.top {
            var entry = top.nestedContainer(keyedBy: PredictionKeys.self)
            try entry.encode(prediction.label, forKey: .label)
            try entry.encode(prediction.classIndex, forKey: .classIndex)
            try entry.encode(prediction.probability, forKey: .probability)
        }
        try container.encode(classification.raw, forKey: .raw)
        try container.encode(classification.latency.microseconds, forKey: .latencyMicroseconds)
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
