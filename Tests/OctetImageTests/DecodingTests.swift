import Testing
@testable import OctetImage

@Suite("Decoding every PNG kind")
struct DecodingTests {
    @Test("gray at every bit depth decodes to replicated or scaled 8-bit values", arguments: [1, 2, 4, 8, 16])
    func grayAtEveryBitDepth(bitDepth: Int) throws {
        let fixture = PNGFixture(width: 13, height: 3, bitDepth: bitDepth, colorType: .gray,
                                 samples: spreadSamples(count: 39, bitDepth: bitDepth))
        try expectDecodes(fixture)
    }

    @Test("sub-byte gray samples are replicated: 1-bit 1 → 255, 2-bit v → 85v, 4-bit v → 17v")
    func subByteReplication() throws {
        let oneBit = PNGFixture(width: 3, height: 1, bitDepth: 1, colorType: .gray, samples: [1, 0, 1])
        #expect(try oneBit.decode(as: .gray).pixels == [255, 0, 255])
        let twoBit = PNGFixture(width: 4, height: 1, bitDepth: 2, colorType: .gray, samples: [0, 1, 2, 3])
        #expect(try twoBit.decode(as: .gray).pixels == [0, 85, 170, 255])
        let fourBit = PNGFixture(width: 3, height: 1, bitDepth: 4, colorType: .gray, samples: [1, 8, 15])
        #expect(try fourBit.decode(as: .gray).pixels == [17, 136, 255])
    }

    @Test("every 16-bit value v becomes round(v * 255 / 65535), with no gamma curve")
    func sixteenBitScalingIsExactForEveryValue() throws {
        let fixture = PNGFixture(width: 256, height: 256, bitDepth: 16, colorType: .gray, samples: Array(0..<65536))
        let decoded = try fixture.decode(as: .gray).pixels
        let expected = (0..<65536).map { UInt8(($0 * 255 + 32767) / 65535) }
        #expect(decoded == expected)
        // Spot values a gamma conversion would move: mid-gray stays mid-gray.
        #expect(decoded[32767] == 127 && decoded[32896] == 128 && decoded[128] == 0 && decoded[129] == 1)
    }

    @Test("gAMA and sRGB chunks do not change the samples")
    func colorSpaceChunksAreIgnored() throws {
        let fixture = PNGFixture(width: 4, height: 4, bitDepth: 16, colorType: .rgb,
                                 samples: spreadSamples(count: 48, bitDepth: 16))
        var bytes = fixture.bytes
        let gamma = PNGChunks.chunk("gAMA", PNGChunks.bigEndian(100_000))  // linear light
        let sRGB = PNGChunks.chunk("sRGB", [0])
        bytes.insert(contentsOf: gamma + sRGB, at: PNGChunks.offset(of: "IDAT", in: bytes))
        let image = try PNGFile(bytes: bytes, name: "gamma.png").decode(as: .rgb)
        #expect(image.pixels == fixture.expected(as: .rgb))
    }

    @Test("gray+alpha is composited over black", arguments: [8, 16])
    func grayAlpha(bitDepth: Int) throws {
        let fixture = PNGFixture(width: 5, height: 4, bitDepth: bitDepth, colorType: .grayAlpha,
                                 samples: spreadSamples(count: 40, bitDepth: bitDepth))
        try expectDecodes(fixture)
    }

    @Test("gray+alpha composites to round(gray * alpha / 255)")
    func grayAlphaHandValues() throws {
        let fixture = PNGFixture(width: 4, height: 1, bitDepth: 8, colorType: .grayAlpha,
                                 samples: [200, 128, 255, 255, 255, 0, 1, 128])
        #expect(try fixture.decode(as: .gray).pixels == [100, 255, 0, 1])
    }

    @Test("RGB decodes exactly as RGB and by BT.601 weights as gray", arguments: [8, 16])
    func rgb(bitDepth: Int) throws {
        let fixture = PNGFixture(width: 7, height: 3, bitDepth: bitDepth, colorType: .rgb,
                                 samples: spreadSamples(count: 63, bitDepth: bitDepth))
        try expectDecodes(fixture)
    }

    @Test("RGB primaries become BT.601 luma in gray")
    func rgbPrimariesToGray() throws {
        let fixture = PNGFixture(width: 4, height: 1, bitDepth: 8, colorType: .rgb,
                                 samples: [255, 0, 0, 0, 255, 0, 0, 0, 255, 90, 90, 90])
        #expect(try fixture.decode(as: .gray).pixels == [76, 150, 29, 90])
        #expect(try fixture.decode(as: .rgb).pixels == fixture.samples.map { UInt8($0) })
    }

    @Test("RGBA is composited over black, then converted", arguments: [8, 16])
    func rgba(bitDepth: Int) throws {
        let fixture = PNGFixture(width: 6, height: 5, bitDepth: bitDepth, colorType: .rgba,
                                 samples: spreadSamples(count: 120, bitDepth: bitDepth))
        try expectDecodes(fixture)
    }

    @Test("RGBA hand values: half alpha halves each channel, zero alpha is black")
    func rgbaHandValues() throws {
        let fixture = PNGFixture(width: 2, height: 1, bitDepth: 8, colorType: .rgba,
                                 samples: [200, 100, 50, 128, 255, 255, 255, 0])
        #expect(try fixture.decode(as: .rgb).pixels == [100, 50, 25, 0, 0, 0])
    }

    @Test("palette images at every index depth map to their entries", arguments: [1, 2, 4, 8])
    func palette(bitDepth: Int) throws {
        let fixture = PNGFixture(width: 11, height: 3, bitDepth: bitDepth, colorType: .palette,
                                 samples: spreadSamples(count: 33, bitDepth: bitDepth),
                                 palette: Self.palette(entries: 1 << bitDepth))
        try expectDecodes(fixture)
    }

    @Test("palette tRNS alpha applies to the entries it lists; later entries are opaque", arguments: [2, 8])
    func paletteWithTransparency(bitDepth: Int) throws {
        let entries = 1 << bitDepth
        let fixture = PNGFixture(width: 9, height: 2, bitDepth: bitDepth, colorType: .palette,
                                 samples: spreadSamples(count: 18, bitDepth: bitDepth),
                                 palette: Self.palette(entries: entries),
                                 paletteAlpha: (0 ..< entries - 1).map { UInt8($0 * 97 % 256) })
        try expectDecodes(fixture)
    }

    @Test("a tRNS transparent gray value decodes as black", arguments: [4, 8, 16])
    func grayWithTransparentColor(bitDepth: Int) throws {
        let samples = spreadSamples(count: 24, bitDepth: bitDepth)
        let fixture = PNGFixture(width: 8, height: 3, bitDepth: bitDepth, colorType: .gray, samples: samples,
                                 transparentColor: [UInt16(samples[5])])
        #expect(try fixture.decode(as: .gray).pixels[5] == 0)
        try expectDecodes(fixture)
    }

    @Test("a tRNS transparent RGB color decodes as black", arguments: [8, 16])
    func rgbWithTransparentColor(bitDepth: Int) throws {
        let samples = spreadSamples(count: 30, bitDepth: bitDepth)
        let fixture = PNGFixture(width: 5, height: 2, bitDepth: bitDepth, colorType: .rgb, samples: samples,
                                 transparentColor: samples[3..<6].map { UInt16($0) })
        #expect(try fixture.decode(as: .rgb).pixels[3..<6] == [0, 0, 0])
        try expectDecodes(fixture)
    }

    @Test("Adam7 interlaced images decode like their non-interlaced twins",
          arguments: [(1, 1), (2, 3), (3, 2), (9, 11), (17, 5)])
    func interlaced(width: Int, height: Int) throws {
        let count = width * height
        let fixtures = [
            PNGFixture(width: width, height: height, bitDepth: 8, colorType: .gray,
                       samples: spreadSamples(count: count, bitDepth: 8)),
            PNGFixture(width: width, height: height, bitDepth: 1, colorType: .gray,
                       samples: spreadSamples(count: count, bitDepth: 1)),
            PNGFixture(width: width, height: height, bitDepth: 16, colorType: .rgba,
                       samples: spreadSamples(count: 4 * count, bitDepth: 16)),
            PNGFixture(width: width, height: height, bitDepth: 2, colorType: .palette,
                       samples: spreadSamples(count: count, bitDepth: 2), palette: Self.palette(entries: 4),
                       paletteAlpha: [0, 128]),
        ]
        for var fixture in fixtures {
            fixture.isInterlaced = true
            #expect(fixture.bytes[28] == 1, "IHDR interlace method is Adam7")
            try expectDecodes(fixture)
        }
    }

    @Test("decoding into a caller-owned buffer fills it with the same pixels")
    func decodeIntoCallerBuffer() throws {
        let fixture = PNGFixture(width: 4, height: 2, bitDepth: 8, colorType: .rgb,
                                 samples: spreadSamples(count: 24, bitDepth: 8))
        let file = try PNGFile(bytes: fixture.bytes, name: "fixture.png")
        #expect(file.width == 4 && file.height == 2)
        var buffer = [UInt8](repeating: 0, count: 8)
        try buffer.withUnsafeMutableBufferPointer { buffer in try file.decode(as: .gray, into: buffer) }
        #expect(buffer == fixture.expected(as: .gray))
    }

    /// Decodes `fixture` as gray and as RGB and compares with the policy's expected pixels.
    private func expectDecodes(_ fixture: PNGFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for format in [PixelFormat.gray, .rgb] {
            let image = try fixture.decode(as: format)
            #expect(image.width == fixture.width && image.height == fixture.height, sourceLocation: sourceLocation)
            #expect(image.pixels == fixture.expected(as: format), "\(format)", sourceLocation: sourceLocation)
        }
    }

    /// Distinct, non-gray palette entries.
    private static func palette(entries: Int) -> [UInt8] {
        (0 ..< 3 * entries).map { UInt8(($0 * 53 + 7) % 256) }
    }
}
