import CZlib

/// Reads gzip files (the compressed Fashion-MNIST IDX files) through zlib, which checks each
/// member's CRC-32 and length. Concatenated members are decoded one after another, as
/// `gunzip` does.
enum Gzip {
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The first `limit` decompressed bytes, or all of them when the stream holds fewer.
    /// Inflating stops at `limit`, so a small file that expands to gigabytes (a "gzip bomb")
    /// costs no more memory than the caller expects; the stream's checksum is checked only
    /// when it ends before `limit`.
    static func decompress(_ bytes: [UInt8], path: String, limit: Int) throws(DataError) -> [UInt8] {
        try bytes.withUnsafeBufferPointer { inflate($0, path: path, limit: limit) }.get()
    }

    private static func inflate(_ input: UnsafeBufferPointer<UInt8>, path: String, limit: Int) -> Result<[UInt8], DataError> {
        var stream = z_stream()
        // 15 + 16: the largest window, and expect a gzip header and trailer.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failure(.corruptGzip(path: path, offset: 0, reason: "zlib could not start"))
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count * 4))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while output.count < limit {
            let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(min(buffer.count, limit - output.count))
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = min(chunk.count, limit - output.count) - Int(stream.avail_out)
            output += chunk[0..<produced]
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
        return .success(output)
    }
}
