import CZlib

/// Reads gzip files (the compressed Fashion-MNIST IDX files) through zlib, which checks each
/// member's CRC-32 and length. Concatenated members are decoded one after another, as
/// `gunzip` does.
enum Gzip {
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    static func decompress(_ bytes: [UInt8], path: String) throws(DataError) -> [UInt8] {
        try bytes.withUnsafeBufferPointer { inflate($0, path: path) }.get()
    }

    private static func inflate(_ input: UnsafeBufferPointer<UInt8>, path: String) -> Result<[UInt8], DataError> {
        var stream = z_stream()
        // 15 + 16: the largest window, and expect a gzip header and trailer.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failure(.corruptGzip(path: path, offset: 0, reason: "zlib could not start"))
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(buffer.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            output += chunk[0..<(chunk.count - Int(stream.avail_out))]
            let offset = input.count - Int(stream.avail_in)
            switch status {
            case Z_STREAM_END:
                guard stream.avail_in > 0 else { return .success(output) }
                inflateReset(&stream)
            case Z_OK where stream.avail_in > 0 || stream.avail_out == 0:
                continue
            case Z_OK, Z_BUF_ERROR:
                return .failure(.corruptGzip(path: path, offset: offset, reason: "truncated gzip stream"))
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return .failure(.corruptGzip(path: path, offset: offset, reason: reason))
            }
        }
    }
}
