import Yams

/// A YAML value as the file wrote it (Yams's node; OctetTrain has its own `Node`).
typealias YAMLNode = Yams.Node

/// Where in a file something was written, so every error can say so.
struct Site {
    var file: String
    var line: Int?
    var layer: String?

    func error(_ problem: ArchitectureError.Problem, _ message: String) -> ArchitectureError {
        ArchitectureError(problem, file: file, line: line, layer: layer, message)
    }

    /// The same place, at the line of `node` when the parser recorded one.
    func at(_ node: YAMLNode) -> Site {
        Site(file: file, line: node.mark?.line ?? line, layer: layer)
    }
}

extension YAMLNode {
    /// Key/value pairs of a mapping with string keys, in file order; nil for other nodes.
    var stringKeyedPairs: [(key: String, value: YAMLNode)]? {
        guard let mapping else { return nil }
        var pairs: [(key: String, value: YAMLNode)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// The scalar's text as written, for messages.
    var written: String {
        switch self {
        case .scalar(let scalar): scalar.string
        case .sequence(let sequence): "[" + sequence.map(\.written).joined(separator: ", ") + "]"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
