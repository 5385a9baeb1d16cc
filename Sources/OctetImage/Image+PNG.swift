extension Image {
    /// This image as an 8-bit, non-interlaced PNG file's bytes.
    public func encodedPNG() throws(ImageError) -> [UInt8] {
        try encodedPNG(file: "in-memory PNG")
    }

    /// Writes this image as an 8-bit, non-interlaced PNG file at `path`, replacing any file there.
    public func writePNG(to path: String) throws(ImageError) {
        try FileBytes.replaceContents(ofFile: path, with: encodedPNG(file: path))
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
