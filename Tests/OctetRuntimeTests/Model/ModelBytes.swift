import OctetFormat
import OctetRuntime
import OctetTestSupport

/// Loading and patching helpers for the loader tests: a valid sample model's bytes, reads and
/// writes of little-endian fields, and a load that returns the error instead of throwing.
struct ModelBytes {
    var bytes: [UInt8]

    static func sample(seed: UInt64 = 1) throws -> ModelBytes {
        var generator = SplitMix64(seed: seed)
        return ModelBytes(bytes: try SampleModel.build(using: &generator).bytes)
    }

    func uint32(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    func int32(at offset: Int) -> Int32 { Int32(bitPattern: uint32(at: offset)) }

    mutating func set(_ value: UInt32, at offset: Int, refreshChecksum: Bool = true) {
        for byte in 0..<4 { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
        if refreshChecksum { OctetFile.refreshChecksum(&bytes) }
    }

    mutating func set(_ value: Int32, at offset: Int, refreshChecksum: Bool = true) {
        set(UInt32(bitPattern: value), at: offset, refreshChecksum: refreshChecksum)
    }

    /// File offset of field `field` in tensor record `index`.
    func tensorField(_ index: Int, _ field: Int) -> Int {
        Int(uint32(at: FormatLayout.Header.tensorTableOffset)) + index * FormatLayout.Tensor.size + field
    }

    /// File offset of field `field` in op record `index`.
    func opField(_ index: Int, _ field: Int) -> Int {
        Int(uint32(at: FormatLayout.Header.opTableOffset)) + index * FormatLayout.Op.size + field
    }

    /// File offset of operand `position` of op `index`.
    func operandEntry(op index: Int, position: Int) -> Int {
        let start = Int(uint32(at: opField(index, FormatLayout.Op.operandsStart)))
        return Int(uint32(at: FormatLayout.Header.operandTableOffset)) + 4 * (start + position)
    }

    /// Loads and returns the error, or nil when the model is valid.
    func loadError(verifyingChecksum: Bool = true) -> ModelError? {
        Self.loadError(bytes, verifyingChecksum: verifyingChecksum)
    }

    static func loadError(_ bytes: [UInt8], verifyingChecksum: Bool = true) -> ModelError? {
        OctetFile.withAlignedBytes(bytes) { raw in
            do throws(ModelError) {
                _ = try Model(bytes: raw, verifyingChecksum: verifyingChecksum)
                return nil
            } catch {
                return error
            }
        }
    }

    /// Loads the model and hands it to `body`.
    func withModel<R>(_ body: (Model) throws -> R) throws -> R {
        try OctetFile.withAlignedBytes(bytes) { raw in try body(try Model(bytes: raw)) }
    }
}
