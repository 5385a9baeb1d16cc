import Testing
@testable import OctetImage

@Suite("Pixel conversion")
struct PixelConversionTests {
    @Test("luma uses BT.601 weights in 16-bit fixed point")
    func lumaHandValues() {
        #expect(PixelConversion.luma(red: 255, green: 0, blue: 0) == 76)  // 76.245
        #expect(PixelConversion.luma(red: 0, green: 255, blue: 0) == 150)  // 149.685
        #expect(PixelConversion.luma(red: 0, green: 0, blue: 255) == 29)  // 29.07
        #expect(PixelConversion.luma(red: 10, green: 200, blue: 30) == 124)  // 2.99 + 117.4 + 3.42 = 123.81
    }

    @Test("luma keeps every gray value exactly")
    func lumaOfGray() {
        for value in UInt8.min ... UInt8.max {
            #expect(PixelConversion.luma(red: value, green: value, blue: value) == value)
        }
    }

    @Test("compositing over black rounds sample * alpha / 255 to nearest, for every pair")
    func compositeEveryPair() {
        for sample in 0...255 {
            for alpha in 0...255 {
                let exact = Double(sample * alpha) / 255
                let composited = PixelConversion.composite(UInt8(sample), overBlackWithAlpha: UInt8(alpha))
                #expect(abs(Double(composited) - exact) < 0.5, "\(sample) at alpha \(alpha)")
            }
        }
    }

    @Test("opaque pixels are unchanged and transparent ones are black")
    func compositeEnds() {
        #expect(PixelConversion.composite(173, overBlackWithAlpha: 255) == 173)
        #expect(PixelConversion.composite(173, overBlackWithAlpha: 0) == 0)
    }

    @Test("a channel count other than 1 or 3 is an unsupported request")
    func pixelFormatFromChannels() throws {
        #expect(try PixelFormat(channelCount: 1) == .gray)
        #expect(try PixelFormat(channelCount: 3) == .rgb)
        #expect(throws: ImageError.unsupportedRequest(reason: "images decode to 1 (gray) or 3 (RGB) channels, not 4")) {
            try PixelFormat(channelCount: 4)
        }
    }
}
