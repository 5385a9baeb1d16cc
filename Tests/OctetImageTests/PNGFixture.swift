@testable import OctetImage

/// PNG files of every kind, written by libpng through Octet's encoder, with the samples
/// they hold, so decoding tests compare against values the test chose.
struct PNGFixture {
    var width: Int
    var height: Int
    var bitDepth: Int
    var colorType: PNGColorType
    var isInterlaced = false
    /// Row-major samples, `colorType.channelCount` per pixel, each below `1 << bitDepth`.
    var samples: [Int]
    var palette: [UInt8] = []
    var paletteAlpha: [UInt8] = []
    var transparentColor: [UInt16] = []

    /// The file's bytes.
    var bytes: [UInt8] {
        let description = PNGImageDescription(
            width: width, height: height, bitDepth: bitDepth, colorType: colorType, isInterlaced: isInterlaced,
            rows: packedRows(), palette: palette, paletteAlpha: paletteAlpha, transparentColor: transparentColor)
        return try! PNGEncoder.encode(description, file: "fixture")
    }

    func decode(as format: PixelFormat, maximumPixelCount: Int = PNGFile.defaultMaximumPixelCount) throws(ImageError) -> Image {
        try PNGFile(bytes: bytes, name: "fixture.png", maximumPixelCount: maximumPixelCount).decode(as: format)
    }

    /// Rows as PNG stores them: samples below 8 bits packed from the high bit of each byte,
    /// 16-bit samples big-endian, each row padded to whole bytes.
    private func packedRows() -> [UInt8] {
        let rowSamples = width * colorType.channelCount
        var bytes: [UInt8] = []
        for y in 0..<height {
            var row = [UInt8](repeating: 0, count: (rowSamples * bitDepth + 7) / 8)
            for (index, sample) in samples[y * rowSamples ..< (y + 1) * rowSamples].enumerated() {
                precondition(sample >= 0 && sample < 1 << bitDepth, "sample does not fit the bit depth")
                if bitDepth == 16 {
                    row[2 * index] = UInt8(sample >> 8)
                    row[2 * index + 1] = UInt8(sample & 0xFF)
                } else {
                    let bit = index * bitDepth
                    row[bit / 8] |= UInt8(sample << (8 - bitDepth - bit % 8))
                }
            }
            bytes += row
        }
        return bytes
    }
}

/// Chunk-level edits for building damaged files.
enum PNGChunks {
    /// The offset of the first chunk of `type` (its length field) in `bytes`.
    static func offset(of type: String, in bytes: [UInt8]) -> Int {
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
            if String(decoding: bytes[offset + 4 ..< offset + 8], as: UTF8.self) == type { return offset }
            offset += 12 + length
        }
        fatalError("no \(type) chunk")
    }

    /// A whole chunk (length, type, data, CRC) with a correct CRC.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc32(typeAndData))
    }

    /// Recomputes the CRC of the chunk at `offset` after its data was edited.
    static func fixCRC(ofChunkAt offset: Int, in bytes: inout [UInt8]) {
        let length = bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | Int($1) }
        let crc = crc32(Array(bytes[offset + 4 ..< offset + 8 + length]))
        bytes.replaceSubrange(offset + 8 + length ..< offset + 12 + length, with: bigEndian(crc))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    /// CRC-32 as PNG defines it (polynomial 0xEDB88320, reflected, inverted).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }
}
