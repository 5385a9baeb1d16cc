import OctetTrain

/// The fields of one layer after block parameters are substituted, with typed readers
/// whose errors name the file, line, layer and field.
struct LayerFields {
    var values: [String: YAMLNode]
    /// Field names in file order, for the unknown-field check.
    var keys: [String]
    var site: Site

    init(pairs: [(key: String, value: YAMLNode)], site: Site) {
        values = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        keys = pairs.map(\.key)
        self.site = site
    }

    subscript(key: String) -> YAMLNode? { values[key] }

    func has(_ key: String) -> Bool { values[key] != nil }

    /// Fails on the first field not in `allowed`, listing the ones that are.
    func checkOnly(_ allowed: [String], for what: String) throws(ArchitectureError) {
        if let unknown = keys.first(where: { !allowed.contains($0) }) {
            throw site.at(values[unknown]!).error(
                .unknownField, "\(what) has no field '\(unknown)'; its fields are \(allowed.joined(separator: ", "))")
        }
    }

    func bad(_ key: String, _ expected: String) -> ArchitectureError {
        site.at(values[key]!).error(.badValue, "field '\(key)' is \(values[key]!.written), but must be \(expected)")
    }

    func integer(_ key: String, default fallback: Int? = nil, minimum: Int = 1) throws(ArchitectureError) -> Int {
        guard let node = values[key] else {
            guard let fallback else { throw site.error(.missingField, "needs the field '\(key)'") }
            return fallback
        }
        guard let value = node.int, value >= minimum else {
            throw bad(key, minimum == 1 ? "a positive integer" : "an integer of at least \(minimum)")
        }
        return value
    }

    func number(_ key: String, default fallback: Float) throws(ArchitectureError) -> Float {
        guard let node = values[key] else { return fallback }
        guard let value = node.float, value.isFinite else { throw bad(key, "a number") }
        return Float(value)
    }

    func flag(_ key: String, default fallback: Bool = false) throws(ArchitectureError) -> Bool {
        guard let node = values[key] else { return fallback }
        guard let value = node.bool else { throw bad(key, "true or false") }
        return value
    }

    func text(_ key: String) throws(ArchitectureError) -> String? {
        guard let node = values[key] else { return nil }
        guard let value = node.scalar?.string, node.scalar != nil else { throw bad(key, "a name") }
        return value
    }

    /// An int (square) or `[height, width]`, each positive.
    func extent(_ key: String, default fallback: Extent) throws(ArchitectureError) -> Extent {
        guard let node = values[key] else { return fallback }
        if let side = node.int, side > 0 { return Extent(side) }
        if let pair = node.sequence, pair.count == 2, let height = pair[0].int, let width = pair[1].int, height > 0, width > 0 {
            return Extent(height: height, width: width)
        }
        throw bad(key, "a positive integer or [height, width]")
    }

    /// `same`, `valid`, an int (every side), `[vertical, horizontal]` or `[top, left, bottom, right]`.
    func padding(_ key: String, default fallback: GraphBuilder.PaddingMode) throws(ArchitectureError) -> GraphBuilder.PaddingMode {
        guard let node = values[key] else { return fallback }
        let expected = "same, valid, an integer, [vertical, horizontal] or [top, left, bottom, right] (none negative)"
        switch node.scalar?.string {
        case "same": return .same
        case "valid": return .valid
        default: break
        }
        let sides: [Int]
        if let all = node.int {
            sides = [all, all, all, all]
        } else if let list = node.sequence?.map(\.int), list.count == 2 || list.count == 4, list.allSatisfy({ $0 != nil }) {
            let values = list.map { $0! }
            sides = values.count == 2 ? [values[0], values[1], values[0], values[1]] : values
        } else {
            throw bad(key, expected)
        }
        guard sides.allSatisfy({ $0 >= 0 }) else { throw bad(key, expected) }
        return .explicit(Padding(top: sides[0], left: sides[1], bottom: sides[2], right: sides[3]))
    }

    /// One name, or a list of names, of the layers feeding this one.
    func names(_ key: String) throws(ArchitectureError) -> [String]? {
        guard let node = values[key] else { return nil }
        if let single = node.scalar?.string { return [single] }
        if let list = node.sequence?.map({ $0.scalar?.string }), !list.isEmpty, list.allSatisfy({ $0 != nil }) {
            return list.map { $0! }
        }
        throw bad(key, "a layer name or a list of layer names")
    }
}
