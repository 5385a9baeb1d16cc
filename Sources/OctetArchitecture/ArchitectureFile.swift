import Foundation
import OctetTrain
import Yams

/// A network described in a YAML architecture file (docs/ARCHITECTURES.md): the input,
/// optional class labels, reusable blocks and a graph of named layers. `makeModel` turns
/// it into a freshly initialized `FloatModel`, checking every shape on the way.
public struct ArchitectureFile {
    /// The path, or `built-in NAME`; every error starts with it.
    public let file: String
    /// Height × width × channels, or nil when the file leaves the input shape to the data.
    public let inputShape: ActivationShape?
    /// `x = pixel * scale + offset`; the defaults map 0...255 to 0...1, as `octet train` does.
    public let scale: Float
    public let offset: Float
    /// Class names, or nil when the data supplies them.
    public let classLabels: [String]?
    let blocks: [String: BlockDefinition]
    let layers: [LayerEntry]

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String) throws(ArchitectureError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ArchitectureError(.unreadableFile, file: path, "cannot read the architecture file (\(error.localizedDescription))")
        }
        try self.init(yaml: text, file: path)
    }

    /// Parses `yaml`; `file` names it in errors.
    public init(yaml: String, file: String) throws(ArchitectureError) {
        self.file = file
        let root: YAMLNode?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        } catch {
            throw ArchitectureError(.syntax, file: file, "is not valid YAML: \(error)")
        }
        let site = Site(file: file)
        guard let root, let pairs = root.stringKeyedPairs else {
            throw site.error(.malformed, "must be a YAML mapping with a 'layers' list (and optionally 'input', 'classes', 'blocks')")
        }
        let fields = LayerFields(pairs: pairs, site: site)
        try fields.checkOnly(["input", "classes", "blocks", "layers"], for: "an architecture file")

        var shape: ActivationShape?
        var scale: Float = 1 / 255
        var offset: Float = 0
        if let input = fields["input"] {
            guard let inputPairs = input.stringKeyedPairs else {
                throw site.at(input).error(.malformed, "'input' must be a mapping such as {height: 28, width: 28, channels: 1}")
            }
            let inputFields = LayerFields(pairs: inputPairs, site: site.at(input))
            try inputFields.checkOnly(["height", "width", "channels", "scale", "offset"], for: "'input'")
            let sizes = ["height", "width", "channels"]
            if sizes.contains(where: inputFields.has) {
                shape = ActivationShape(
                    height: try inputFields.integer("height"), width: try inputFields.integer("width"),
                    channels: try inputFields.integer("channels"))
            }
            scale = try inputFields.number("scale", default: scale)
            offset = try inputFields.number("offset", default: offset)
        }
        inputShape = shape
        self.scale = scale
        self.offset = offset

        if let classes = fields["classes"] {
            guard let names = classes.sequence?.map({ $0.scalar?.string }), names.count >= 2, names.allSatisfy({ $0 != nil && !$0!.isEmpty })
            else { throw site.at(classes).error(.malformed, "'classes' must be a list of at least two non-empty names") }
            classLabels = names.map { $0! }
        } else {
            classLabels = nil
        }

        var blocks: [String: BlockDefinition] = [:]
        if let blockNode = fields["blocks"] {
            guard let blockPairs = blockNode.stringKeyedPairs else {
                throw site.at(blockNode).error(.malformed, "'blocks' must map block names to definitions")
            }
            for (name, definition) in blockPairs { blocks[name] = try BlockDefinition(name: name, node: definition, file: file) }
        }
        self.blocks = blocks

        guard let list = fields["layers"]?.sequence, !list.isEmpty else {
            throw site.error(.malformed, "needs a non-empty 'layers' list")
        }
        var layers: [LayerEntry] = []
        for item in list { layers.append(try LayerEntry(item, file: file)) }
        self.layers = layers
    }

    /// `file:line: …` from the parser's mark.
    private static func syntaxError(_ error: YamlError, file: String) -> ArchitectureError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            return ArchitectureError(.syntax, file: file, line: mark.line, "YAML syntax error at column \(mark.column): \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ArchitectureError(
                .syntax, file: file, line: context.mark.line, "a mapping repeats the key(s) \(duplicates.sorted().joined(separator: ", "))")
        default:
            return ArchitectureError(.syntax, file: file, "is not valid YAML: \(error)")
        }
    }
}
