@testable import OctetImage

extension PNGFixture {
    /// The decoded image Octet's policy asks for, computed from the samples by the PNG
    /// specification's meaning of each color type, independently of libpng.
    func expected(as format: PixelFormat) -> [UInt8] {
        referenceRGBA.flatMap { pixel in
            let color = pixel[0..<3].map { PixelConversion.composite(UInt8($0), overBlackWithAlpha: UInt8(pixel[3])) }
            return format == .gray ? [PixelConversion.luma(red: color[0], green: color[1], blue: color[2])] : color
        }
    }

    /// Each pixel as 8-bit red, green, blue and alpha.
    private var referenceRGBA: [[Int]] {
        let channels = colorType.channelCount
        return (0 ..< width * height).map { pixel in
            let stored = Array(samples[pixel * channels ..< (pixel + 1) * channels])
            let value = stored.map { eightBit($0) }
            let isTransparent = transparentColor == stored.map { UInt16($0) }
            switch colorType {
            case .gray: return [value[0], value[0], value[0], isTransparent ? 0 : 255]
            case .grayAlpha: return [value[0], value[0], value[0], value[1]]
            case .rgb: return value + [isTransparent ? 0 : 255]
            case .rgba: return value
            case .palette:
                let index = stored[0]
                let alpha = index < paletteAlpha.count ? Int(paletteAlpha[index]) : 255
                return palette[3 * index ..< 3 * index + 3].map { Int($0) } + [alpha]
            }
        }
    }

    /// A sample scaled to 8 bits: bit replication below 8 (`v * 255 / (2^depth - 1)`, exact
    /// for depths 1, 2 and 4), `round(v * 255 / 65535)` for 16 (never a tie: 65535 is odd).
    private func eightBit(_ sample: Int) -> Int {
        switch bitDepth {
        case 16: (sample * 255 + 32767) / 65535
        default: colorType == .palette ? sample : sample * 255 / ((1 << bitDepth) - 1)
        }
    }
}

/// Samples that spread over the whole range of `bitDepth`, deterministic.
func spreadSamples(count: Int, bitDepth: Int) -> [Int] {
    (0..<count).map { ($0 * 40503 + 17) % (1 << bitDepth) }
}
