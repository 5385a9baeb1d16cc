// Readable messages for the runtime's errors, so every host program that prints one (even an
// uncaught one) gets a sentence. Embedded Swift builds leave them out: there the runtime must
// not allocate, so its errors stay values.
#if !hasFeature(Embedded)
extension ModelError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .truncated(let needed, let available):
            "model is truncated: needs at least \(needed) bytes, has \(available)"
        case .misalignedBuffer: "model bytes do not start at a 16-byte aligned address"
        case .badMagic: "not an Octet model (bad magic; expected \"OCT8\")"
        case .unsupportedVersion(let version) where version < FormatLayout.version:
            "format version \(version) is older than this runtime's \(FormatLayout.version) (weights are now packed for the kernels); re-quantize the float model with `octet quantize`"
        case .unsupportedVersion(let version): "unsupported format version \(version) (this runtime reads \(FormatLayout.version))"
        case .badHeaderSize(let size): "bad header size \(size) (expected \(FormatLayout.Header.size))"
        case .lengthMismatch(let declared, let available):
            "header declares \(declared) bytes but \(available) are available"
        case .checksumMismatch(let stored, let computed):
            "checksum mismatch: header says \(hex(stored)), bytes give \(hex(computed))"
        case .reservedNotZero(let offset): "reserved field at byte \(offset) is not zero"
        case .sectionOutOfBounds(let section, let offset, let length):
            "\(section) at byte \(offset) (\(length) bytes) lies outside the file"
        case .invalidTensor(let index, let record, let defect):
            "tensor \(index) (record at byte \(record)): \(defect)"
        case .invalidOp(let index, let record, let defect):
            "op \(index) (record at byte \(record)): \(defect)"
        case .invalidGraph(let defect): "graph: \(defect)"
        case .arenaOverlap(let tensor, let other):
            "arena plan: tensors \(tensor) and \(other) are alive at the same step and share bytes"
        case .arenaSizeMismatch(let declared, let planned):
            "header declares an arena of \(declared) bytes but the arena tensors need \(planned) (their extent rounded up to \(FormatLayout.alignment))"
        case .tableTooLarge(let table, let count, let limit): "\(count) \(table) is more than the \(limit) allowed"
        case .arenaTooSmall(let needed, let provided): "arena too small: the model needs \(needed) bytes, got \(provided)"
        case .misalignedArena: "arena does not start at a 16-byte aligned address"
        case .invalidStrings(let section, let offset): "\(section) is malformed at byte \(offset)"
        case .invalidPreprocessing: "input preprocessing map is not finite or has a zero scale"
        }
    }
}

extension ModelTable: CustomStringConvertible {
    public var description: String {
        switch self {
        case .tensors: "tensors"
        case .ops: "ops"
        case .operands: "operand entries"
        case .inputs: "graph inputs"
        case .outputs: "graph outputs"
        }
    }
}

extension ModelSection: CustomStringConvertible {
    public var description: String {
        switch self {
        case .tensorTable: "tensor table"
        case .opTable: "op table"
        case .operandTable: "operand table"
        case .labels: "labels section"
        case .names: "tensor names section"
        }
    }
}

extension TensorDefect: CustomStringConvertible {
    public var description: String {
        switch self {
        case .badDimension(let axis, let value): "dimension \("NHWC".map(String.init)[axis]) is \(value), not in 1...65536"
        case .elementCountOverflow: "element count overflows Int32"
        case .unknownElementType(let raw): "unknown element type \(raw)"
        case .badScaleAxis(let raw): "bad per-channel scale axis \(raw)"
        case .unknownStorage(let raw): "unknown storage \(raw)"
        case .byteLengthMismatch(let declared, let expected): "byte length \(declared), shape says \(expected)"
        case .dataOutOfBounds(let offset, let length): "data at byte \(offset) (\(length) bytes) lies outside the file"
        case .misalignedData(let offset): "data offset \(offset) is not 16-byte aligned"
        case .zeroPointOutOfRange(let zeroPoint): "zero point \(zeroPoint) out of range"
        case .badScale: "scale is not a positive finite number"
        case .scalesOutOfBounds(let offset): "per-channel scales at byte \(offset) lie outside the file or are misaligned"
        case .badLifetime(let first, let last): "bad lifetime [\(first), \(last)]"
        case .arenaOutOfBounds(let offset, let length, let arenaSize):
            "arena bytes \(offset)..<\(offset + length) exceed the arena size \(arenaSize)"
        case .arenaTensorNotInt8: "arena tensors must be int8"
        }
    }
}

extension OpDefect: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unknownKind(let raw): "unknown op kind \(raw)"
        case .operandCount(let expected, let actual): "expects \(expected) operands, has \(actual)"
        case .operandIndexOutOfRange(let position, let index): "operand \(position) names tensor \(index), which does not exist"
        case .operandKind(let position): "operand \(position) has the wrong type, storage or value range for its role"
        case .shapeMismatch(let position): "operand \(position) has a shape inconsistent with the op"
        case .parameter(let slot, let value): "parameter slot \(slot) has invalid value \(value)"
        case .scratchTooSmall(let needed, let available): "scratch holds \(available) bytes, the kernel needs \(needed)"
        case .quantizationMismatch(let position): "operand \(position) has a scale or zero point the op does not allow"
        case .notAlive(let position): "operand \(position) is used outside its planned lifetime"
        case .dataflow(let position): "operand \(position) is read before it is written, or written twice"
        case .packedConstants(let position, let block, let channel):
            "operand \(position), block \(block), channel \(channel): requantization out of range, Σw differs from the packed weights, or a padding channel is not zero"
        }
    }
}

extension GraphDefect: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noInputs: "no inputs"
        case .noOutputs: "no outputs"
        case .noOps: "no ops"
        case .indexOutOfRange(let index): "input or output names tensor \(index), which does not exist"
        case .badInput(let tensor): "input tensor \(tensor) must be an arena tensor alive from step 0 and not written by an op"
        case .badOutput(let tensor): "output tensor \(tensor) must be written by an op and alive at the last step"
        }
    }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
#endif
