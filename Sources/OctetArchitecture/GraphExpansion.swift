/// One layer of the expanded graph: no blocks left, parameters substituted, inputs given
/// by full name (a name may still be a block's, which `aliases` maps to its output).
struct PlannedLayer {
    /// The full name, block prefixes included (`block2.unit1`).
    var name: String
    var type: String
    var fields: LayerFields
    var inputs: [String]
}

/// Turns the file's layer list into `PlannedLayer`s: expands block uses (prefixing the
/// names inside with the use's name), `repeat:` copies and `$parameter` values, and
/// resolves every input name within its own block.
struct GraphExpansion {
    private(set) var layers: [PlannedLayer] = []
    /// A block use's (or repeated entry's) full name → the full name of its output.
    private(set) var aliases: [String: String] = [:]
    private let file: String
    private let blocks: [String: BlockDefinition]

    /// The name every scope uses for its input; at the top level it is the network input.
    static let inputName = "input"
    /// Fields any entry may have besides its kind's own.
    static let commonFields = ["type", "block", "input", "inputs", "repeat"]

    init(file: String, blocks: [String: BlockDefinition]) {
        self.file = file
        self.blocks = blocks
    }

    /// Expands `entries` whose names get `prefix`, reading `input`, with `parameters`
    /// substitutable; returns the full name of the scope's output.
    mutating func expand(
        _ entries: [LayerEntry], prefix: String, input: String, parameters: [String: YAMLNode],
        output: String?, blockPath: [String]
    ) throws(ArchitectureError) -> String {
        let names = entries.enumerated().map { $0.element.name ?? $0.element.defaultName(position: $0.offset + 1) }
        var localNames: Set<String> = []
        var repeatCounts: [Int] = []
        var substituted: [LayerFields] = []
        for (entry, name) in zip(entries, names) {
            let site = Site(file: file, line: entry.line, layer: prefix + name)
            var pairs: [(key: String, value: YAMLNode)] = []
            for (key, value) in entry.pairs { pairs.append((key, try substitute(value, parameters, site: site.at(value)))) }
            let fields = LayerFields(pairs: pairs, site: site)
            let count = try fields.has("repeat") ? fields.integer("repeat") : 0
            let copies = count == 0 ? [name] : [name] + (1...count).map { "\(name)\($0)" }
            for copy in copies where !localNames.insert(copy).inserted {
                throw site.error(.duplicateName, "the name '\(prefix + copy)' is used twice")
            }
            repeatCounts.append(count)
            substituted.append(fields)
        }
        func resolve(_ reference: String, site: Site) throws(ArchitectureError) -> String {
            if reference == Self.inputName { return input }
            guard localNames.contains(reference) else {
                let scope = prefix.isEmpty ? "the top-level layers" : "block '\(prefix.dropLast())'"
                throw site.error(
                    .unknownInput, "takes input '\(reference)', which is neither 'input' nor a layer of \(scope) (\(names.joined(separator: ", ")))")
            }
            return prefix + reference
        }

        var previous = input
        for (index, (entry, fields)) in zip(entries, substituted).enumerated() {
            let name = names[index]
            let site = fields.site
            if fields.has("input"), fields.has("inputs") { throw site.error(.badValue, "has both 'input' and 'inputs'; give one") }
            let key = fields.has("input") ? "input" : "inputs"
            var inputs: [String] = [previous]
            if let references = try fields.names(key) {
                inputs = []
                for reference in references { inputs.append(try resolve(reference, site: site.at(fields[key]!))) }
            }
            let count = repeatCounts[index]
            for copy in count == 0 ? [0] : Array(1...count) {
                let copyName = copy == 0 ? name : "\(name)\(copy)"
                let copyInputs = copy <= 1 ? inputs : ["\(prefix)\(name)\(copy - 1)"]
                try expandOne(entry, fields: fields, fullName: prefix + copyName, inputs: copyInputs, parameters: parameters, blockPath: blockPath)
            }
            if count > 0 { aliases[prefix + name] = "\(prefix)\(name)\(count)" }
            previous = prefix + name
        }
        guard let output else { return previous }
        return try resolve(output, site: Site(file: file, line: nil, layer: nil))
    }

    private mutating func expandOne(
        _ entry: LayerEntry, fields: LayerFields, fullName: String, inputs: [String], parameters: [String: YAMLNode],
        blockPath: [String]
    ) throws(ArchitectureError) {
        var fields = fields
        fields.site.layer = fullName
        let site = fields.site
        guard let blockNode = fields["block"] else {
            guard let type = try fields.text("type") else { throw site.error(.missingField, "needs a 'type' (a layer) or a 'block'") }
            layers.append(PlannedLayer(name: fullName, type: type, fields: fields, inputs: inputs))
            return
        }
        if fields.has("type") { throw site.error(.badValue, "has both 'type' and 'block'; give one") }
        let blockName = try fields.text("block") ?? ""
        guard let block = blocks[blockName] else {
            let known = blocks.keys.sorted()
            throw site.at(blockNode).error(
                .unknownBlock, "uses block '\(blockName)', which is not defined under 'blocks' (" + (known.isEmpty ? "none are" : known.joined(separator: ", ")) + ")")
        }
        guard !blockPath.contains(blockName) else {
            throw site.error(.cycle, "block '\(blockName)' uses itself: \((blockPath + [blockName]).joined(separator: " → "))")
        }
        guard inputs.count == 1 else { throw site.error(.badValue, "a block takes one input, but \(inputs.count) are given") }
        let declared = block.parameters.map(\.name)
        if let unknown = fields.keys.first(where: { !Self.commonFields.contains($0) && !declared.contains($0) }) {
            throw site.at(fields[unknown]!).error(
                .unknownBlockParameter, "block '\(blockName)' has no parameter '\(unknown)'; its parameters are "
                    + (declared.isEmpty ? "none" : declared.joined(separator: ", ")))
        }
        var arguments = [Self.classesParameter: parameters[Self.classesParameter]!]
        for (parameter, fallback) in block.parameters {
            if let given = fields[parameter] {
                arguments[parameter] = given
            } else if let fallback {
                arguments[parameter] = try substitute(fallback, parameters, site: site.at(fallback))
            } else {
                throw site.error(.missingBlockParameter, "block '\(blockName)' needs the parameter '\(parameter)'")
            }
        }
        let output = try expand(
            block.layers, prefix: fullName + ".", input: inputs[0], parameters: arguments, output: block.output,
            blockPath: blockPath + [blockName])
        aliases[fullName] = output
    }

    /// The parameter every scope has: the number of classes.
    static let classesParameter = "classes"

    /// `value` with every `$name` scalar replaced by that parameter's value.
    private func substitute(_ value: YAMLNode, _ parameters: [String: YAMLNode], site: Site) throws(ArchitectureError) -> YAMLNode {
        switch value {
        case .scalar(let scalar) where scalar.string.hasPrefix("$"):
            let name = String(scalar.string.dropFirst())
            guard let bound = parameters[name] else {
                throw site.error(
                    .missingBlockParameter, "uses '$\(name)', but no parameter of that name is in scope (\(parameters.keys.sorted().map { "$" + $0 }.joined(separator: ", ")))")
            }
            return bound
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = try substitute(sequence[index], parameters, site: site) }
            return .sequence(sequence)
        default:
            return value
        }
    }
}
