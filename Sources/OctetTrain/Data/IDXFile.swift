import Foundation
import OctetFiles

/// A file in the IDX format of MNIST and Fashion-MNIST: two zero bytes, an element-type
/// code, the number of dimensions, each dimension as a big-endian UInt32, then the
/// elements in row-major order. Only unsigned-byte elements (type 0x08) are read, the
/// type every MNIST-family file uses. The file may be gzip-compressed.
public struct IDXFile: Sendable {
    public var dimensions: [Int]
    public var bytes: [UInt8]

    /// Parses IDX bytes (plain or gzip), checking that the header matches the payload size.
    /// A gzip stream is inflated only up to the size its header declares (plus one byte to
    /// tell that it holds more), so a small file cannot expand into gigabytes.
    public init(contents: [UInt8], path: String = "<memory>") throws(DataError) {
        let compressed = Gzip.isCompressed(contents)
        func prefix(_ limit: Int) throws(DataError) -> [UInt8] {
            compressed ? try Gzip.decompress(contents, path: path, limit: limit) : Array(contents.prefix(limit))
        }
        let magic = try prefix(4)
        guard magic.count >= 4, magic[0] == 0, magic[1] == 0 else { throw .idxBadMagic(path: path) }
        guard magic[2] == 0x08 else { throw .idxUnsupportedElementType(path: path, code: magic[2]) }
        let rank = Int(magic[3])
        let headerSize = 4 + 4 * rank
        let header = try prefix(headerSize)
        guard header.count == headerSize else {
            throw .idxSizeMismatch(path: path, expected: headerSize, found: header.count)
        }
        dimensions = (0..<rank).map { index in
            (0..<4).reduce(0) { $0 << 8 | Int(header[4 + 4 * index + $1]) }
        }
        // Each dimension is below 2^32, so a product of more than 2^31 is rejected before it can overflow.
        var expected = 1
        for dimension in dimensions {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Int(Int32.max) else {
                throw .idxSizeMismatch(path: path, expected: Int.max, found: contents.count - headerSize)
            }
            expected = product
        }
        let data = try prefix(headerSize + expected + 1)
        if compressed, data.count > headerSize + expected { throw .idxExcessData(path: path, expected: expected) }
        guard data.count - headerSize == expected else {
            throw .idxSizeMismatch(path: path, expected: expected, found: (compressed ? data.count : contents.count) - headerSize)
        }
        bytes = Array(data[headerSize...])
    }

    public init(path: String) throws(DataError) {
        try self.init(contents: try readFile(path), path: path)
    }

    /// Serializes to plain (uncompressed) IDX bytes; used to write test subsets.
    public func encoded() -> [UInt8] {
        var result: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for dimension in dimensions {
            result += (0..<4).map { UInt8(truncatingIfNeeded: dimension >> (24 - 8 * $0)) }
        }
        return result + bytes
    }
}

/// Reads a whole regular file (a FIFO or device is refused without blocking), turning a
/// missing file into `DataError.fileNotFound`.
func readFile(_ path: String) throws(DataError) -> [UInt8] {
    do throws(FileError) {
        return try ReadableFile.contents(ofFile: path)
    } catch {
        if case .notFound = error { throw .fileNotFound(path: path) }
        throw .unreadable(path: path, reason: error.reason)
    }
}
