/// One decoded op record: its kind, operand tensor indices and parameter slots.
/// Obtained from `Model.op(_:)`; reads go to the model bytes, which the loader validated.
public struct OpInfo {
    public let kind: OpKind
    public let operandCount: Int
    let reader: ByteReader
    /// File offsets of the first operand entry and of parameter slot 0.
    let operandsOffset: Int
    let parametersOffset: Int

    /// Tensor index of operand `position`, or -1 for an absent optional operand.
    public func operand(_ position: Int) -> Int {
        Int(reader.uncheckedInt32(operandsOffset + 4 * position))
    }

    /// Tensor index of the output, which is always the last operand.
    public var output: Int { operand(operandCount - 1) }

    public func parameter(_ slot: Int) -> Int32 {
        reader.uncheckedInt32(parametersOffset + 4 * slot)
    }

    /// A Transpose's permutation (slots 0...3), each an input axis 0 = N ... 3 = C.
    public var permutation: (Int, Int, Int, Int) {
        let first = OpParameter.Transpose.permutation
        return (Int(parameter(first)), Int(parameter(first + 1)), Int(parameter(first + 2)), Int(parameter(first + 3)))
    }
}
