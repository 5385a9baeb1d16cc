import Testing
import OctetImage

@Suite("Input preprocessing")
struct PixelPreprocessingTests {
    @Test("pixels map to x = p * pixelScale + pixelOffset")
    func normalize() {
        let pixels: [UInt8] = [0, 255, 128]
        var values = [Float](repeating: .nan, count: 3)
        pixels.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { values in
                PixelPreprocessing.normalize(pixels, pixelScale: 2, pixelOffset: -255, into: values)
            }
        }
        #expect(values == [-255, 255, 1])
    }

    @Test("[0, 1] inputs with scale 1/255 and zero point -128 quantize to p - 128 for every pixel")
    func unitRange() {
        let pixels = (0...255).map { UInt8($0) }
        let quantized = quantize(pixels, pixelScale: 1 / 255, pixelOffset: 0, scale: 1 / 255, zeroPoint: -128)
        #expect(quantized == (0...255).map { Int8($0 - 128) })
    }

    @Test("ties round half away from zero", arguments: [
        (pixel: UInt8(1), offset: Float(0), expected: Int8(1)),  // 0.5 → 1
        (pixel: 5, offset: 0, expected: 3),  // 2.5 → 3, not 2
        (pixel: 3, offset: -4, expected: -1),  // -0.5 → -1, not 0
        (pixel: 0, offset: -5, expected: -3),  // -2.5 → -3, not -2
    ])
    func ties(pixel: UInt8, offset: Float, expected: Int8) {
        #expect(quantize([pixel], pixelScale: 1, pixelOffset: offset, scale: 2, zeroPoint: 0) == [expected])
    }

    @Test("the zero point is added after rounding")
    func zeroPoint() {
        #expect(quantize([0, 3, 10], pixelScale: 1, pixelOffset: 0, scale: 2, zeroPoint: 10) == [10, 12, 15])
    }

    @Test("values beyond the int8 range saturate")
    func saturation() {
        #expect(quantize([255, 0], pixelScale: 1, pixelOffset: -100, scale: 0.5, zeroPoint: 0) == [127, -128])
        #expect(quantize([255], pixelScale: 1e30, pixelOffset: 0, scale: 1e-30, zeroPoint: -128) == [127])
    }

    @Test("the int8 input is the quantized float input")
    func agreesWithFloatPath() {
        let pixels = (0...255).map { UInt8($0) }
        let (pixelScale, pixelOffset, scale, zeroPoint): (Float, Float, Float, Int32) = (0.0123, -1.3, 0.0137, 7)
        var values = [Float](repeating: 0, count: 256)
        pixels.withUnsafeBufferPointer { pixels in
            values.withUnsafeMutableBufferPointer { values in
                PixelPreprocessing.normalize(pixels, pixelScale: pixelScale, pixelOffset: pixelOffset, into: values)
            }
        }
        let expected = values.map { Int8(max(-128, min(127, ($0 / scale).rounded(.toNearestOrAwayFromZero) + Float(zeroPoint)))) }
        #expect(quantize(pixels, pixelScale: pixelScale, pixelOffset: pixelOffset, scale: scale, zeroPoint: zeroPoint) == expected)
    }

    private func quantize(_ pixels: [UInt8], pixelScale: Float, pixelOffset: Float, scale: Float, zeroPoint: Int32) -> [Int8] {
        var output = [Int8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { pixels in
            output.withUnsafeMutableBufferPointer { output in
                PixelPreprocessing.quantize(pixels, pixelScale: pixelScale, pixelOffset: pixelOffset,
                                            scale: scale, zeroPoint: zeroPoint, into: output)
            }
        }
        return output
    }
}
