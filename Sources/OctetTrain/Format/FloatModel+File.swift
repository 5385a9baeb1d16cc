import Foundation

/// Reading and writing float model files (`.octetf`), laid out as docs/FLOAT_MODEL.md
/// describes: a 32-byte header, the architecture as JSON, then every weight and statistic
/// as raw little-endian Float32, so a save → load round trip is bit-exact.
extension FloatModel {
    static let fileMagic = Array("OCTETFLT".utf8)
    static let fileVersion: UInt32 = 1
    static let headerSize = 32

    /// The file's bytes.
    public func serialized() -> [UInt8] {
        var blob: [Float] = []
        let architecture = ArchitectureRecord(
            format: "octet-float-model",
            input: PreprocessingRecord(preprocessing),
            classLabels: classLabels,
            nodes: nodes.map { NodeRecord($0, blob: &blob) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var json = [UInt8](try! encoder.encode(architecture))
        // Spaces are JSON whitespace; padding keeps the weights 4-byte aligned for mapping.
        json += repeatElement(UInt8(ascii: " "), count: (4 - json.count % 4) % 4)
        let blobBytes = blob.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern.littleEndian >> (8 * $0)) } }
        let checksum = CRC32.checksum(of: json + blobBytes)
        var header = Self.fileMagic
        header += littleEndianBytes(UInt64(Self.fileVersion), count: 4)
        header += littleEndianBytes(UInt64(json.count), count: 4)
        header += littleEndianBytes(UInt64(blobBytes.count), count: 8)
        header += littleEndianBytes(UInt64(checksum), count: 4)
        header += [0, 0, 0, 0]
        return header + json + blobBytes
    }

    /// Parses and validates a float model file's bytes.
    public init(serialized bytes: [UInt8]) throws(ModelFileError) {
        guard bytes.count >= Self.headerSize else { throw .tooShort(size: bytes.count) }
        guard Array(bytes[0..<8]) == Self.fileMagic else { throw .badMagic }
        let version = UInt32(readLittleEndian(bytes, at: 8, count: 4))
        guard version == Self.fileVersion else { throw .unsupportedVersion(version) }
        let jsonLength = Int(readLittleEndian(bytes, at: 12, count: 4))
        let blobLength = readLittleEndian(bytes, at: 16, count: 8)
        // The blob length is checked before the sum, which then cannot overflow (each term < 2^32).
        guard blobLength < UInt64(Int32.max) else {
            throw .lengthMismatch(expected: Int.max, actual: bytes.count)
        }
        let expected = UInt64(Self.headerSize) + UInt64(jsonLength) + blobLength
        guard expected == UInt64(bytes.count), blobLength % 4 == 0 else {
            throw .lengthMismatch(expected: Int(clamping: expected), actual: bytes.count)
        }
        let stored = UInt32(readLittleEndian(bytes, at: 24, count: 4))
        let computed = bytes.withUnsafeBytes { CRC32.checksum(of: UnsafeRawBufferPointer(rebasing: $0[Self.headerSize...])) }
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }

        let jsonEnd = Self.headerSize + jsonLength
        let architecture: ArchitectureRecord
        do {
            architecture = try JSONDecoder().decode(ArchitectureRecord.self, from: Data(bytes[Self.headerSize..<jsonEnd]))
        } catch {
            throw .malformedArchitecture(reason: String(describing: error))
        }
        guard architecture.format == "octet-float-model" else { throw .malformedArchitecture(reason: "format is not \"octet-float-model\"") }
        let blob = (0..<Int(blobLength / 4)).map { index in
            Float(bitPattern: UInt32(readLittleEndian(bytes, at: jsonEnd + 4 * index, count: 4)))
        }
        var nodes: [Node] = []
        for (position, record) in architecture.nodes.enumerated() {
            nodes.append(try record.node(id: position, blob: blob))
        }
        try self.init(preprocessing: try architecture.input.preprocessing(), classLabels: architecture.classLabels, nodes: nodes)
    }

    /// Writes the file atomically; a model with a NaN or infinite value is refused, since
    /// nothing could use it.
    public func write(to path: String) throws(ModelFileError) {
        if let bad = firstNonFiniteParameter() { throw bad }
        try writeAtomically(serialized(), to: path)
    }

    public init(contentsOf path: String) throws(ModelFileError) {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch .fileNotFound {
            throw .fileNotFound(path: path)
        } catch .unreadable(_, let reason) {
            throw .unreadable(path: path, reason: reason)  // the reason alone: the path is named once
        } catch {
            throw .unreadable(path: path, reason: error.description)
        }
        try self.init(serialized: bytes)
    }
}

private func littleEndianBytes(_ value: UInt64, count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

private func readLittleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> UInt64 {
    (0..<count).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
}
