import CPNGGuard

// The only Swift code that calls libpng. It goes through CPNGGuard, whose C functions catch
// libpng's longjmp before it can reach a Swift frame, and turns each status into an
// `ImageError` here and nowhere else.

/// Color types as the PNG specification numbers them (IHDR byte 9), for `PNGEncoder`.
enum PNGColorType: Int32 {
    case gray = 0
    case rgb = 2
    case palette = 3
    case grayAlpha = 4
    case rgba = 6

    /// Samples per pixel as stored (a palette pixel is one index).
    var channelCount: Int {
        switch self {
        case .gray, .palette: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }
}

/// A classic-API libpng reader over bytes in memory, alive only inside `PNGReader.reading`.
struct PNGReader {
    private let reader: OpaquePointer
    private let file: String

    /// Calls `body` with a reader over `bytes`, destroying it (and libpng's buffers) afterwards.
    /// `file` names the source in errors.
    static func reading<Result>(
        _ bytes: [UInt8], file: String,
        _ body: (PNGReader) throws(ImageError) -> Result
    ) throws(ImageError) -> Result {
        try bytes.withUnsafeBufferPointer { bytes throws(ImageError) in
            guard let reader = octet_png_reader_create(bytes.baseAddress, bytes.count) else {
                throw .unreadable(file: file, reason: "out of memory for libpng's decoder")
            }
            defer { octet_png_reader_destroy(reader) }
            return try body(PNGReader(reader: reader, file: file))
        }
    }

    /// Checks the signature, reads the chunks before the image data, and returns the image size.
    func readHeader() throws(ImageError) -> (width: Int, height: Int) {
        var width: UInt32 = 0, height: UInt32 = 0
        try check(octet_png_read_header(reader, &width, &height))
        return (Int(width), Int(height))
    }

    /// Asks libpng for 8-bit rows (see `octet_png_begin_rows`) and returns their layout.
    func beginRows() throws(ImageError) -> (channels: Int, rowBytes: Int, passes: Int) {
        var layout = octet_png_row_layout()
        try check(octet_png_begin_rows(reader, &layout))
        return (Int(layout.channels), layout.row_bytes, Int(layout.passes))
    }

    /// Reads the next row of the current interlace pass into `row` (at least `rowBytes` long).
    func readRow(into row: UnsafeMutableBufferPointer<UInt8>) throws(ImageError) {
        try check(octet_png_read_row(reader, row.baseAddress))
    }

    /// Reads and checks everything after the image data, up to IEND.
    func readEnd() throws(ImageError) {
        try check(octet_png_read_end(reader))
    }

    private func check(_ status: octet_png_status) throws(ImageError) {
        switch status {
        case OCTET_PNG_OK: return
        case OCTET_PNG_NOT_PNG: throw .notPNG(file: file)
        case OCTET_PNG_TRUNCATED: throw .truncated(file: file, reason: reason)
        default: throw .corrupt(file: file, reason: reason)
        }
    }

    private var reason: String { String(cString: octet_png_reader_message(reader)) }
}

/// What `PNGEncoder` writes: any PNG kind, with rows already packed as PNG stores them
/// (samples below 8 bits packed from the high bit, 16-bit samples big-endian).
struct PNGImageDescription {
    var width: Int
    var height: Int
    var bitDepth: Int
    var colorType: PNGColorType
    var isInterlaced = false
    /// `height` rows of equal length.
    var rows: [UInt8]
    /// Red, green, blue triples, for `.palette`.
    var palette: [UInt8] = []
    /// tRNS alpha for the first palette entries.
    var paletteAlpha: [UInt8] = []
    /// tRNS single transparent sample for `.gray` (one value) or `.rgb` (three values).
    var transparentColor: [UInt16] = []
}

enum PNGEncoder {
    /// Encodes `image`; `file` names the destination in errors.
    static func encode(_ image: PNGImageDescription, file: String) throws(ImageError) -> [UInt8] {
        let packedRowBytes = (image.width * image.colorType.channelCount * image.bitDepth + 7) / 8
        precondition(image.height > 0 && image.rows.count % image.height == 0
                     && image.rows.count / image.height >= packedRowBytes, "rows do not hold the described image")
        guard let writer = octet_png_writer_create() else {
            throw .writeFailed(file: file, reason: "out of memory for libpng's encoder")
        }
        defer { octet_png_writer_destroy(writer) }
        let status = image.rows.withUnsafeBufferPointer { rows in
            image.palette.withUnsafeBufferPointer { palette in
                image.paletteAlpha.withUnsafeBufferPointer { paletteAlpha in
                    let transparent = image.transparentColor
                    var description = octet_png_image_description(
                        width: UInt32(image.width), height: UInt32(image.height),
                        bit_depth: Int32(image.bitDepth), color_type: Int32(image.colorType.rawValue),
                        interlaced: image.isInterlaced ? 1 : 0,
                        rows: rows.baseAddress, row_stride: image.rows.count / image.height,
                        palette: palette.baseAddress, palette_count: Int32(image.palette.count / 3),
                        palette_alpha: paletteAlpha.baseAddress, palette_alpha_count: Int32(image.paletteAlpha.count),
                        has_transparent_color: transparent.isEmpty ? 0 : 1,
                        transparent_gray: transparent.count == 1 ? transparent[0] : 0,
                        transparent_red: transparent.count == 3 ? transparent[0] : 0,
                        transparent_green: transparent.count == 3 ? transparent[1] : 0,
                        transparent_blue: transparent.count == 3 ? transparent[2] : 0)
                    return octet_png_write(writer, &description)
                }
            }
        }
        guard status == OCTET_PNG_OK else {
            throw .writeFailed(file: file, reason: String(cString: octet_png_writer_message(writer)))
        }
        return Array(UnsafeBufferPointer(start: octet_png_writer_bytes(writer), count: octet_png_writer_count(writer)))
    }
}
