/// A gzip (RFC 1952) decoder with its own DEFLATE (RFC 1951) inflater, so reading the
/// compressed Fashion-MNIST files needs no C library and no Foundation compression API
/// (which Linux lacks). It follows zlib's `puff.c`: canonical Huffman codes decoded one
/// bit at a time — simple to audit, and fast enough (~1 s for the 26 MB training images).
enum Gzip {
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses every gzip member in `bytes` (concatenated members are allowed, as
    /// `gunzip` allows), checking each member's CRC-32 and length.
    static func decompress(_ bytes: [UInt8], path: String) throws(DataError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 4)
        var position = 0
        repeat {
            position = try decompressMember(bytes, from: position, into: &output, path: path)
        } while position < bytes.count
        return output
    }

    private static func decompressMember(
        _ bytes: [UInt8], from start: Int, into output: inout [UInt8], path: String
    ) throws(DataError) -> Int {
        func fail(_ offset: Int, _ reason: String) -> DataError {
            .corruptGzip(path: path, offset: offset, reason: reason)
        }
        guard bytes.count - start >= 18 else { throw fail(start, "truncated gzip header") }
        guard bytes[start] == 0x1F, bytes[start + 1] == 0x8B else { throw fail(start, "bad gzip magic") }
        guard bytes[start + 2] == 8 else { throw fail(start + 2, "compression method is not DEFLATE") }
        let flags = bytes[start + 3]
        guard flags & 0xE0 == 0 else { throw fail(start + 3, "reserved header flags are set") }
        var position = start + 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard position + 2 <= bytes.count else { throw fail(position, "truncated extra field") }
            position += 2 + Int(bytes[position]) | Int(bytes[position + 1]) << 8
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while position < bytes.count, bytes[position] != 0 { position += 1 }
            position += 1
        }
        if flags & 0x02 != 0 { position += 2 }  // FHCRC
        guard position < bytes.count else { throw fail(position, "truncated gzip header") }

        let memberStart = output.count
        var inflater = Inflater(input: bytes, position: position, path: path)
        try inflater.inflate(into: &output)
        position = inflater.position
        guard position + 8 <= bytes.count else { throw fail(position, "truncated gzip trailer") }
        let storedCRC = readLittleEndian32(bytes, at: position)
        let storedLength = readLittleEndian32(bytes, at: position + 4)
        let crc = output.withUnsafeBytes { CRC32.checksum(of: UnsafeRawBufferPointer(rebasing: $0[memberStart...])) }
        guard crc == storedCRC else { throw fail(position, "CRC-32 mismatch") }
        guard UInt32(truncatingIfNeeded: output.count - memberStart) == storedLength else {
            throw fail(position + 4, "length mismatch")
        }
        return position + 8
    }

    private static func readLittleEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}

/// A canonical Huffman code: how many codes have each length, and the symbols in code order.
private struct HuffmanCode {
    var countPerLength = [Int](repeating: 0, count: 16)
    var symbols: [Int]

    /// Returns nil for an over-subscribed set of lengths (no prefix code has them).
    /// Incomplete codes are accepted; decoding an unused code fails instead.
    init?(lengths: ArraySlice<Int>) {
        symbols = []
        for length in lengths { countPerLength[length] += 1 }
        var left = 1
        for length in 1..<16 {
            left = left * 2 - countPerLength[length]
            if left < 0 { return nil }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + countPerLength[length] }
        symbols = [Int](repeating: 0, count: lengths.count)
        for (symbol, length) in zip(0..., lengths) where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
    }
}

/// Inflates one DEFLATE stream (RFC 1951).
private struct Inflater {
    let input: [UInt8]
    /// The next unread byte. DEFLATE ends on a bit boundary and whole bytes are never read
    /// ahead, so after `inflate` this is where the gzip trailer starts.
    private(set) var position: Int
    let path: String
    private var bitBuffer = 0
    private var bitCount = 0

    init(input: [UInt8], position: Int, path: String) {
        self.input = input
        self.position = position
        self.path = path
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order in which code-length code lengths are stored (RFC 1951, 3.2.7).
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    private static let fixedLiteralCode = HuffmanCode(
        lengths: ArraySlice(Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
            + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8)))!
    private static let fixedDistanceCode = HuffmanCode(lengths: ArraySlice(Array(repeating: 5, count: 30)))!

    private func failure(_ reason: String) -> DataError {
        .corruptGzip(path: path, offset: position, reason: reason)
    }

    private mutating func bits(_ count: Int) throws(DataError) -> Int {
        while bitCount < count {
            guard position < input.count else { throw failure("unexpected end of compressed data") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << count) - 1)
        bitBuffer >>= count
        bitCount -= count
        return value
    }

    mutating func inflate(into output: inout [UInt8]) throws(DataError) {
        var isLast = false
        while !isLast {
            isLast = try bits(1) == 1
            switch try bits(2) {
            case 0: try copyStoredBlock(into: &output)
            case 1: try decodeBlock(Self.fixedLiteralCode, Self.fixedDistanceCode, into: &output)
            case 2:
                let (literals, distances) = try readDynamicCodes()
                try decodeBlock(literals, distances, into: &output)
            default: throw failure("invalid block type 3")
            }
        }
        // Unused bits of the last byte are padding; whole unused bytes were never read.
        bitBuffer = 0
        bitCount = 0
    }

    private mutating func copyStoredBlock(into output: inout [UInt8]) throws(DataError) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw failure("truncated stored block header") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw failure("stored block length check failed") }
        position += 4
        guard position + length <= input.count else { throw failure("truncated stored block") }
        output.append(contentsOf: input[position..<position + length])
        position += length
    }

    private mutating func decodeSymbol(_ code: HuffmanCode) throws(DataError) -> Int {
        var value = 0, first = 0, index = 0
        for length in 1..<16 {
            value |= try bits(1)
            let count = code.countPerLength[length]
            if value - first < count { return code.symbols[index + value - first] }
            index += count
            first = (first + count) << 1
            value <<= 1
        }
        throw failure("invalid Huffman code")
    }

    private mutating func readDynamicCodes() throws(DataError) -> (HuffmanCode, HuffmanCode) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw failure("too many length or distance codes") }
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[index]] = try bits(3) }
        guard let codeLengthCode = HuffmanCode(lengths: codeLengthLengths[...]) else {
            throw failure("over-subscribed code length code")
        }
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decodeSymbol(codeLengthCode)
            let (value, repeatCount): (Int, Int)
            switch symbol {
            case 0..<16: (value, repeatCount) = (symbol, 1)
            case 16:
                guard let previous = lengths.last else { throw failure("repeat with no previous length") }
                (value, repeatCount) = (previous, 3 + (try bits(2)))
            case 17: (value, repeatCount) = (0, 3 + (try bits(3)))
            default: (value, repeatCount) = (0, 11 + (try bits(7)))
            }
            guard lengths.count + repeatCount <= literalCount + distanceCount else { throw failure("too many code lengths") }
            lengths.append(contentsOf: repeatElement(value, count: repeatCount))
        }
        guard lengths[256] != 0 else { throw failure("no end-of-block code") }
        guard let literals = HuffmanCode(lengths: lengths[..<literalCount]),
              let distances = HuffmanCode(lengths: lengths[literalCount...])
        else { throw failure("over-subscribed literal or distance code") }
        return (literals, distances)
    }

    private mutating func decodeBlock(
        _ literals: HuffmanCode, _ distances: HuffmanCode, into output: inout [UInt8]
    ) throws(DataError) {
        while true {
            let symbol = try decodeSymbol(literals)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let lengthIndex = symbol - 257
                guard lengthIndex < 29 else { throw failure("invalid length symbol") }
                let length = Self.lengthBase[lengthIndex] + (try bits(Self.lengthExtra[lengthIndex]))
                let distanceSymbol = try decodeSymbol(distances)
                guard distanceSymbol < 30 else { throw failure("invalid distance symbol") }
                let distance = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw failure("distance reaches before the start of the data") }
                // Overlapping copies (distance < length) repeat the bytes just written, byte by byte.
                let from = output.count - distance
                for offset in 0..<length { output.append(output[from + offset]) }
            }
        }
    }
}
