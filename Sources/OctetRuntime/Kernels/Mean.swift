/// TFLite's int8 MEAN over H and W (reference `QuantizedMeanOrSum`, bit-exact): per batch
/// item and channel the int32 sum of the `H·W` values, minus `inZP · H·W`, through
/// `MultiplyByQuantizedMultiplier` with the model's multiplier and shift (which already
/// include TFLite's division by the element count; docs/ARITHMETIC.md), plus the output zero
/// point, clamped to int8. Output `[N, 1, 1, C]`.
///
/// Channels are summed 16 at a time in an int32 vector register (no scratch). The loader
/// bounds `H·W` by 2^23, so neither the sum nor the zero-point correction can wrap.
public enum Mean {
    /// Largest `H·W` the loader accepts.
    public static let maximumWindow = 1 << 23

    public static func run(input: Int8Tensor, multiplier: QuantizedMultiplier, output: MutableInt8Tensor) {
        let channels = input.shape.c
        let pixels = input.shape.h * input.shape.w
        let correction = input.zeroPoint &* Int32(truncatingIfNeeded: pixels)
        for batch in 0..<input.shape.n {
            let image = input.data + batch * input.shape.elementsPerBatch
            let destination = output.data + batch * channels
            var block = 0
            while block + 16 <= channels {
                var sums = SIMD16<Int32>()
                for pixel in 0..<pixels {
                    let values = UnsafeRawPointer(image + pixel * channels + block).loadUnaligned(as: SIMD16<Int8>.self)
                    sums &+= SIMD16<Int32>(truncatingIfNeeded: values)
                }
                for lane in 0..<16 {
                    destination[block + lane] = mean(sums[lane], correction, multiplier, output.zeroPoint)
                }
                block += 16
            }
            for c in block..<channels {
                var sum: Int32 = 0
                for pixel in 0..<pixels { sum &+= Int32(image[pixel * channels + c]) }
                destination[c] = mean(sum, correction, multiplier, output.zeroPoint)
            }
        }
    }

    @inline(__always)
    static func mean(_ sum: Int32, _ correction: Int32, _ multiplier: QuantizedMultiplier, _ zeroPoint: Int32) -> Int8 {
        Requantize.clamped(Requantize.multiply(sum &- correction, by: multiplier), zeroPoint: zeroPoint, clamp: .none)
    }
}
