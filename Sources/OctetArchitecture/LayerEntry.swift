/// One item of a `layers:` list as written: a layer (`type:`) or a use of a block (`block:`).
struct LayerEntry {
    /// The name given in the file; entries without one are named by `defaultName(position:)`.
    var name: String?
    /// Every field but `name`, before block parameters are substituted.
    var pairs: [(key: String, value: YAMLNode)]
    var line: Int?

    init(_ node: YAMLNode, file: String) throws(ArchitectureError) {
        let site = Site(file: file, line: node.mark?.line)
        guard let pairs = node.stringKeyedPairs else {
            throw site.error(.malformed, "each item of 'layers' must be a mapping such as {name: conv1, type: conv, filters: 16}")
        }
        line = node.mark?.line
        if let nameNode = pairs.first(where: { $0.key == "name" })?.value {
            guard let name = nameNode.scalar?.string, !name.isEmpty, name != "input" else {
                throw site.error(.badValue, "the name \(nameNode.written) is not allowed: names are non-empty and 'input' is reserved")
            }
            self.name = name
        }
        self.pairs = pairs.filter { $0.key != "name" }
    }

    /// `type` or `block` and the 1-based position, such as `relu4`.
    func defaultName(position: Int) -> String {
        let kind = pairs.first(where: { $0.key == "type" || $0.key == "block" })?.value.scalar?.string ?? "layer"
        return "\(kind)\(position)"
    }
}

/// A group of layers defined once under `blocks:` and used by name, with parameters
/// substituted wherever a field value is `$parameter`.
struct BlockDefinition {
    var name: String
    /// Parameter names in file order with their defaults; nil marks a required one.
    var parameters: [(name: String, fallback: YAMLNode?)]
    var layers: [LayerEntry]
    /// The block-local layer whose output is the block's; nil for the last one.
    var output: String?
    var line: Int?

    init(name: String, node: YAMLNode, file: String) throws(ArchitectureError) {
        let site = Site(file: file, line: node.mark?.line, layer: nil)
        self.name = name
        line = node.mark?.line
        guard let pairs = node.stringKeyedPairs else {
            throw site.error(.malformed, "block '\(name)' must be a mapping with 'layers' (and optionally 'parameters', 'output')")
        }
        let fields = LayerFields(pairs: pairs, site: site)
        try fields.checkOnly(["parameters", "layers", "output"], for: "block '\(name)'")
        parameters = []
        if let declared = fields["parameters"] {
            if let list = declared.sequence?.map({ $0.scalar?.string }), list.allSatisfy({ $0 != nil }) {
                parameters = list.map { ($0!, nil) }
            } else if let mapping = declared.stringKeyedPairs {
                parameters = mapping.map { ($0.key, $0.value.null != nil ? nil : $0.value) }
            } else {
                throw site.at(declared).error(
                    .malformed, "block '\(name)': 'parameters' must be a list of names or a mapping of names to defaults (null for required)")
            }
        }
        guard let list = fields["layers"]?.sequence, !list.isEmpty else {
            throw site.error(.malformed, "block '\(name)' needs a non-empty 'layers' list")
        }
        layers = []
        for item in list { layers.append(try LayerEntry(item, file: file)) }
        output = try fields.text("output")
    }
}
