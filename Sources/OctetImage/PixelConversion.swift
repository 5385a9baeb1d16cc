/// Converts one row of libpng's 8-bit output (gray, gray+alpha, RGB or RGBA) to `.gray` or `.rgb`.
///
/// Alpha policy: each color sample is composited over black, `c * a / 255` rounded to nearest
/// (the quotient is never exactly halfway, since 255 is odd). Fashion-MNIST-style data is a
/// light object on a black (0) background, so a transparent region becomes exactly what the
/// model saw as "no object"; over white it would look like a bright object filling the frame.
///
/// Gray from color: compositing comes first, then ITU-R BT.601 luma, `0.299 R + 0.587 G +
/// 0.114 B`, in libjpeg's 16-bit fixed point: `(19595 R + 38470 G + 7471 B + 32768) >> 16`.
/// The weights sum to 65536, so a gray pixel stored as RGB (R = G = B) keeps its value
/// exactly, and pure primaries round as the real-valued formula does (255, 0, 0 → 76).
struct PixelConversion {
    /// Channels per pixel in the source row: 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA).
    let sourceChannels: Int
    let destination: PixelFormat

    init(sourceChannels: Int, destination: PixelFormat) {
        precondition((1...4).contains(sourceChannels), "libpng delivers 1 to 4 channels")
        self.sourceChannels = sourceChannels
        self.destination = destination
    }

    func convert(_ source: UnsafeBufferPointer<UInt8>, into row: UnsafeMutableBufferPointer<UInt8>) {
        let width = row.count / destination.channelCount
        precondition(source.count >= width * sourceChannels, "source row is shorter than the destination row")
        let hasAlpha = sourceChannels % 2 == 0
        let isColor = sourceChannels >= 3
        for x in 0..<width {
            let pixel = x * sourceChannels
            let alpha = hasAlpha ? source[pixel + sourceChannels - 1] : 255
            let red = Self.composite(source[pixel], overBlackWithAlpha: alpha)
            let green = isColor ? Self.composite(source[pixel + 1], overBlackWithAlpha: alpha) : red
            let blue = isColor ? Self.composite(source[pixel + 2], overBlackWithAlpha: alpha) : red
            switch destination {
            case .gray:
                row[x] = isColor ? Self.luma(red: red, green: green, blue: blue) : red
            case .rgb:
                row[3 * x] = red
                row[3 * x + 1] = green
                row[3 * x + 2] = blue
            }
        }
    }

    /// `sample * alpha / 255`, rounded to nearest.
    static func composite(_ sample: UInt8, overBlackWithAlpha alpha: UInt8) -> UInt8 {
        UInt8((Int(sample) * Int(alpha) + 127) / 255)
    }

    /// ITU-R BT.601 luma with weights 19595, 38470 and 7471 out of 65536.
    static func luma(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let weighted: Int = 19595 * Int(red) + 38470 * Int(green) + 7471 * Int(blue)
        return UInt8((weighted + 32768) >> 16)
    }
}
