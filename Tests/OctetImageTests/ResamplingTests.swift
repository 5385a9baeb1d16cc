import Testing
import OctetImage

@Suite("Resampling")
struct ResamplingTests {
    @Test("the same size is the identity", arguments: [PixelFormat.gray, .rgb])
    func identity(format: PixelFormat) {
        let image = Image(width: 5, height: 3, format: format,
                          pixels: spreadSamples(count: 15 * format.channelCount, bitDepth: 8).map { UInt8($0) })
        #expect(image.resized(width: 5, height: 3) == image)
    }

    @Test("halving averages pairs and rounds ties up")
    func halving() {
        let image = gray(width: 4, height: 1, [0, 10, 20, 31])
        #expect(image.resized(width: 2, height: 1).pixels == [5, 26])  // 5, 25.5
    }

    @Test("shrinking by a non-integer factor weights pixels by the area covered")
    func threeToTwo() {
        // Output 0 covers all of source 0 and half of source 1: (2·10 + 11) / 3 = 10.33.
        // Output 1 covers half of source 1 and all of source 2: (11 + 2·0) / 3 = 3.67.
        #expect(gray(width: 3, height: 1, [10, 11, 0]).resized(width: 2, height: 1).pixels == [10, 4])
    }

    @Test("shrinking in two dimensions averages blocks")
    func blocks() {
        let image = gray(width: 4, height: 2, [
            0, 4, 100, 100,
            8, 12, 101, 100,
        ])
        #expect(image.resized(width: 2, height: 1).pixels == [6, 100])  // 6, 100.25
        #expect(image.resized(width: 1, height: 1).pixels == [53])  // 425 / 8 = 53.125
    }

    @Test("growing interpolates between pixel centers and holds the edge pixels")
    func growing() {
        // Output o samples source position o/2 − 1/4: −1/4 (clamped), 1/4, 3/4, 5/4 (clamped).
        #expect(gray(width: 2, height: 1, [0, 100]).resized(width: 4, height: 1).pixels == [0, 25, 75, 100])
        // Positions −1/6 (clamped), 1/2, 7/6 (clamped): the middle one is a tie, 25.5.
        #expect(gray(width: 2, height: 1, [0, 51]).resized(width: 3, height: 1).pixels == [0, 26, 51])
        #expect(gray(width: 1, height: 1, [77]).resized(width: 3, height: 2).pixels == [UInt8](repeating: 77, count: 6))
    }

    @Test("growing in two dimensions is bilinear")
    func bilinear() {
        let image = gray(width: 2, height: 2, [0, 100, 200, 60])
        // Inner samples sit 1/4 and 3/4 of the way between centers: e.g. (1/4, 1/4) is
        // 9/16·0 + 3/16·100 + 3/16·200 + 1/16·60 = 60, and (1/4, 3/4) is 3/16·0 + 1/16·100 + 9/16·200 + 3/16·60 = 130.
        #expect(image.resized(width: 4, height: 4).pixels == [
            0, 25, 75, 100,
            50, 60, 80, 90,
            150, 130, 90, 70,
            200, 165, 95, 60,
        ])
    }

    @Test("one axis may shrink while the other grows")
    func mixed() {
        let image = gray(width: 4, height: 1, [0, 10, 20, 31])
        #expect(image.resized(width: 2, height: 2).pixels == [5, 26, 5, 26])
    }

    @Test("RGB channels are resampled independently")
    func rgbChannels() {
        let image = Image(width: 2, height: 1, format: .rgb, pixels: [10, 200, 0, 20, 100, 255])
        #expect(image.resized(width: 1, height: 1).pixels == [15, 150, 128])  // 127.5 rounds up
    }

    @Test("a large image shrinks to a model's input size by block means")
    func largeToModelSize() {
        let large = checkerboard(side: 280, cell: 10)
        #expect(large.resized(width: 28, height: 28) == checkerboard(side: 28, cell: 1))
    }

    /// A black and white checkerboard of `cell`×`cell` squares, white first.
    private func checkerboard(side: Int, cell: Int) -> Image {
        let pixels = (0 ..< side * side).map { index -> UInt8 in
            let (row, column) = index.quotientAndRemainder(dividingBy: side)
            return (row / cell + column / cell).isMultiple(of: 2) ? 255 : 0
        }
        return gray(width: side, height: side, pixels)
    }

    private func gray(width: Int, height: Int, _ pixels: [UInt8]) -> Image {
        Image(width: width, height: height, format: .gray, pixels: pixels)
    }
}
