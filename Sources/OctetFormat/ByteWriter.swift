import OctetRuntime

/// Appends little-endian values to a byte array, and patches them in place.
struct ByteWriter {
    var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Float) { append(value.bitPattern) }

    mutating func append(contentsOf raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// Length-prefixed UTF-8 strings, each cut to 255 bytes at a character boundary.
    mutating func appendStrings(_ strings: [String]) {
        for string in strings {
            var text = Substring(string)
            while text.utf8.count > 255 { text = text.dropLast() }
            append(UInt8(text.utf8.count))
            append(contentsOf: text.utf8)
        }
    }

    /// Pads with zeros up to the next multiple of `alignment`.
    mutating func align(to alignment: Int = FormatLayout.alignment) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    mutating func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (position, byte) in raw.enumerated() { bytes[offset + position] = byte }
        }
    }
}
