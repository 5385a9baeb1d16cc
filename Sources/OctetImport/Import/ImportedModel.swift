import OctetFormat

/// The result of an import: the `.octet` bytes and what was done to get them.
public struct ImportedModel: Sendable {
    /// One TFLite operator and the Octet ops it became (empty when it needed none).
    public struct MappedOperator: Sendable {
        public var index: Int
        public var name: String
        public var octetOps: [String]
    }

    public var built: BuiltModel
    public var operators: [MappedOperator]
    /// Everything the importer changed or assumed, in plain words (dropped edge ops, inserted reshapes, derived pixel map).
    public var notes: [String]
}
