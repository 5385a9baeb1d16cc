/// A FlatBuffer that cannot be read safely: every offset, length and vtable is checked before
/// it is followed, and the first one that does not fit the buffer is reported with its byte
/// position and what was being read.
public struct FlatBufferError: Error, Equatable, CustomStringConvertible {
    /// What was being read, e.g. "subgraph 0 tensor 12 quantization".
    public var context: String
    /// Byte position of the offending field or offset.
    public var position: Int
    /// What is wrong with it.
    public var problem: String

    public var description: String { "\(context): \(problem) (at byte \(position))" }
}
