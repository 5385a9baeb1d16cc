/// What an op does with one of its operands; decides which checks the operand must pass.
enum OperandRole: Equatable {
    /// An int8 arena tensor written earlier (or a graph input) and alive at this step.
    case input
    /// An int8 arena tensor that this step writes first.
    case output
    /// A constant tensor of this element type, read in place.
    case constant(ElementType)
    /// Optional (-1 when absent) arena bytes the op may overwrite, alive at this step and
    /// holding no other op's data.
    case scratch
}
