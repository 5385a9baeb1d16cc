/// Why a model was rejected. Every case names what is wrong and where: a byte offset, a
/// tensor or op index with the byte offset of its record, an operand position or a
/// parameter slot. (Embedded Swift has no string interpolation without allocation, so the
/// details are values; host builds render them as text in ModelError+Description.swift.)
public enum ModelError: Error, Equatable, Sendable {
    /// The buffer ends before byte `needed`.
    case truncated(needed: Int, available: Int)
    /// The model bytes do not start at a 16-byte aligned address.
    case misalignedBuffer
    case badMagic
    case unsupportedVersion(UInt16)
    case badHeaderSize(Int)
    /// The header's total length is larger than the buffer or smaller than the header.
    case lengthMismatch(declared: Int, available: Int)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// A reserved field at this byte offset is not zero.
    case reservedNotZero(offset: Int)
    /// A table or section lies outside the file, or overlaps the header.
    case sectionOutOfBounds(ModelSection, offset: Int, length: Int)
    case invalidTensor(index: Int, recordOffset: Int, TensorDefect)
    case invalidOp(index: Int, recordOffset: Int, OpDefect)
    case invalidGraph(GraphDefect)
    /// Two arena tensors that are alive at the same step share bytes.
    case arenaOverlap(tensor: Int, other: Int)
    /// The header's arena size is not the planned extent (the end of the last arena tensor,
    /// rounded up to the 16-byte alignment).
    case arenaSizeMismatch(declared: Int, planned: Int)
    /// A table holds more entries than `FormatLayout` allows.
    case tableTooLarge(ModelTable, count: Int, limit: Int)
    /// The arena passed to the interpreter is smaller than the model's plan.
    case arenaTooSmall(needed: Int, provided: Int)
    /// The arena passed to the interpreter does not start at a 16-byte aligned address.
    case misalignedArena
    /// The labels or names section is malformed at this byte offset.
    case invalidStrings(ModelSection, offset: Int)
    /// The input preprocessing map is not finite or its scale is zero.
    case invalidPreprocessing
}

/// A table whose entry count is capped.
public enum ModelTable: Equatable, Sendable {
    case tensors
    case ops
    case operands
    case inputs
    case outputs
}

/// A table or section of the file.
public enum ModelSection: Equatable, Sendable {
    case tensorTable
    case opTable
    case operandTable
    case labels
    case names
}

/// What is wrong with one tensor record.
public enum TensorDefect: Equatable, Sendable {
    /// Dimension `axis` (0 = N ... 3 = C) is not in `1...65536`.
    case badDimension(axis: Int, value: Int32)
    /// The element count does not fit in an Int32.
    case elementCountOverflow
    case unknownElementType(UInt8)
    /// A scale axis above 3, or a non-zero reserved byte.
    case badScaleAxis(UInt8)
    case unknownStorage(UInt8)
    case byteLengthMismatch(declared: Int, expected: Int)
    case dataOutOfBounds(offset: Int, length: Int)
    case misalignedData(offset: Int)
    case zeroPointOutOfRange(Int32)
    /// The scale is not a positive finite number.
    case badScale
    case scalesOutOfBounds(offset: Int)
    case badLifetime(first: Int32, last: Int32)
    case arenaOutOfBounds(offset: Int, length: Int, arenaSize: Int)
    /// An arena tensor must be int8.
    case arenaTensorNotInt8
}

/// What is wrong with one op record. `position` is an index into the op's operand list.
public enum OpDefect: Equatable, Sendable {
    case unknownKind(UInt16)
    case operandCount(expected: Int, actual: Int)
    case operandIndexOutOfRange(position: Int, index: Int32)
    /// The operand has the wrong element type, storage or quantization for its role.
    case operandKind(position: Int)
    case shapeMismatch(position: Int)
    case parameter(slot: Int, value: Int32)
    case scratchTooSmall(needed: Int, available: Int)
    /// The operand's scale or zero point differs from what the op requires.
    case quantizationMismatch(position: Int)
    /// An arena operand is used outside its planned lifetime.
    case notAlive(position: Int)
    /// An input is read before any op writes it, or an output is written by two ops.
    case dataflow(position: Int)
    /// A packed channel's requantization is out of range, its Σw differs from its weights, or
    /// a padding channel is not all zero.
    case packedConstants(position: Int, block: Int, channel: Int)
}

/// What is wrong with the graph's inputs or outputs.
public enum GraphDefect: Equatable, Sendable {
    case noInputs
    case noOutputs
    case noOps
    case indexOutOfRange(index: Int32)
    /// A graph input must be an int8 arena tensor alive from step 0 and not written by an op.
    case badInput(tensor: Int)
    /// A graph output must be an int8 arena tensor that is written and alive at the last step.
    case badOutput(tensor: Int)
}
