import OctetFiles

extension Image {
    /// This image as an 8-bit, non-interlaced PNG file's bytes.
    public func encodedPNG() throws(ImageError) -> [UInt8] {
        try encodedPNG(file: "in-memory PNG")
    }

    /// Writes this image as an 8-bit, non-interlaced PNG file at `path`, replacing any file there.
    /// The write is atomic: on failure the old file, if any, is left as it was.
    public func writePNG(to path: String) throws(ImageError) {
        let bytes = try encodedPNG(file: path)
        do throws(FileError) {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw .writeFailed(file: path, reason: error.reason)
        }
    }

    private func encodedPNG(file: String) throws(ImageError) -> [UInt8] {
        let colorType: PNGColorType = switch format {
        case .gray: .gray
        case .rgb: .rgb
        }
        return try PNGEncoder.encode(
            PNGImageDescription(width: width, height: height, bitDepth: 8, colorType: colorType, rows: pixels),
            file: file)
    }
}
