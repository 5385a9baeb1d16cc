import OctetFiles

/// A PNG file read into memory whose header has been checked against a pixel limit.
///
/// Decoding turns every valid PNG kind (gray, gray+alpha, RGB, RGBA, palette with or without
/// tRNS; 1, 2, 4, 8 and 16 bits; Adam7 interlaced or not) into 8-bit `.gray` or `.rgb`:
/// - Samples below 8 bits are replicated to 8 bits (1-bit 1 → 255, 2-bit v → 85v, 4-bit v → 17v).
/// - 16-bit samples become `round(v * 255 / 65535)` (libpng's `png_set_scale_16`). No gamma
///   or color-space conversion is applied, whatever gAMA, sRGB or iCCP chunks say.
/// - Alpha (an alpha channel or tRNS) is composited over black (see `PixelConversion`).
/// - RGB becomes gray by ITU-R BT.601 weights in 8-bit fixed point; gray becomes RGB by
///   copying the value into all three channels.
public struct PNGFile: Sendable {
    /// 4096 × 4096: far above any model input, small enough that a hostile header cannot
    /// make the decoder allocate gigabytes.
    public static let defaultMaximumPixelCount = 4096 * 4096

    /// The name used in errors: the path, or what the caller passed with the bytes.
    public let name: String
    public let width: Int
    public let height: Int
    private let bytes: [UInt8]

    /// Reads the file at `path` and checks its signature and header, without decoding pixels.
    public init(contentsOf path: String, maximumPixelCount: Int = defaultMaximumPixelCount) throws(ImageError) {
        // 8 bytes per pixel (16-bit RGBA, stored uncompressed) plus chunk overhead bounds any
        // real PNG within the pixel limit; a longer file is not an image we would decode.
        let maximumBytes = maximumPixelCount.multipliedReportingOverflow(by: 8).overflow ? Int.max : maximumPixelCount * 8 + (1 << 20)
        let bytes: [UInt8]
        do throws(FileError) {
            bytes = try ReadableFile.contents(ofFile: path, maximumBytes: maximumBytes)
        } catch {
            if case .notFound = error { throw .fileNotFound(file: path) }
            throw .unreadable(file: path, reason: error.reason)
        }
        try self.init(bytes: bytes, name: path, maximumPixelCount: maximumPixelCount)
    }

    /// Checks the signature and header of a PNG held in memory; `name` identifies it in errors.
    ///
    /// Throws `.tooManyPixels` when `width * height > maximumPixelCount`, and `.impossibleSize`
    /// when the file is too small to hold that many pixels, before anything is allocated for
    /// the image data: with a high limit, a 100-byte file must not cost gigabytes.
    public init(bytes: [UInt8], name: String, maximumPixelCount: Int = defaultMaximumPixelCount) throws(ImageError) {
        let (width, height) = try PNGReader.reading(bytes, file: name) { reader throws(ImageError) in
            try reader.readHeader()
        }
        guard width * height <= maximumPixelCount else {
            throw .tooManyPixels(file: name, width: width, height: height, limit: maximumPixelCount)
        }
        guard Self.leastDecompressedSize(width: width, height: height) <= Self.maximumDeflateRatio * bytes.count else {
            throw .impossibleSize(file: name, width: width, height: height, size: bytes.count)
        }
        self.name = name
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// zlib's largest compression ratio (a 258-byte match in 2 bits): no deflate stream
    /// inflates to more than this many times its size.
    static let maximumDeflateRatio = 1032

    /// The smallest the decompressed image data of a `width` × `height` PNG can be: one
    /// filter byte and at least one bit per pixel per row (1-bit gray or palette, not interlaced).
    static func leastDecompressedSize(width: Int, height: Int) -> Int {
        height * (1 + (width + 7) / 8)
    }

    /// Decodes into `destination`, which must hold exactly `width * height * format.channelCount`
    /// samples.
    ///
    /// Cost: libpng's own state, plus one row of decoded samples (every row for an interlaced
    /// image, which libpng fills in over seven passes). Every chunk's CRC, IEND included, is
    /// checked, so a damaged file is reported rather than partly decoded.
    public func decode(as format: PixelFormat, into destination: UnsafeMutableBufferPointer<UInt8>) throws(ImageError) {
        let rowSamples = width * format.channelCount
        precondition(destination.count == height * rowSamples, "destination does not hold \(width)×\(height) \(format) pixels")
        try PNGReader.reading(bytes, file: name) { reader throws(ImageError) in
            _ = try reader.readHeader()
            let (channels, rowBytes, passes) = try reader.beginRows()
            let conversion = PixelConversion(sourceChannels: channels, destination: format)
            let heldRows = passes == 1 ? 1 : height
            let rows = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: heldRows * rowBytes)
            rows.initialize(repeating: 0)
            defer { rows.deallocate() }
            func row(_ y: Int) -> UnsafeMutableBufferPointer<UInt8> {
                UnsafeMutableBufferPointer(rebasing: rows[y * rowBytes ..< (y + 1) * rowBytes])
            }
            func convert(_ source: UnsafeMutableBufferPointer<UInt8>, toRow y: Int) {
                conversion.convert(UnsafeBufferPointer(source), into: UnsafeMutableBufferPointer(
                    rebasing: destination[y * rowSamples ..< (y + 1) * rowSamples]))
            }
            if passes == 1 {
                for y in 0..<height {
                    try reader.readRow(into: row(0))
                    convert(row(0), toRow: y)
                }
            } else {
                for _ in 0..<passes {
                    for y in 0..<height { try reader.readRow(into: row(y)) }
                }
                for y in 0..<height { convert(row(y), toRow: y) }
            }
            try reader.readEnd()
        }
    }

    /// Decodes into a new image.
    public func decode(as format: PixelFormat) throws(ImageError) -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height * format.channelCount)
        try pixels.withUnsafeMutableBufferPointer { pixels throws(ImageError) in
            try decode(as: format, into: pixels)
        }
        return Image(width: width, height: height, format: format, pixels: pixels)
    }
}
