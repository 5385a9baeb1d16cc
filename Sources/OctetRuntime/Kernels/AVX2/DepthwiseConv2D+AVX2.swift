#if OCTET_AVX2
import _Builtin_intrinsics.intel

extension DepthwiseKernel {
    /// Eight channels at a time over a run of interior pixels: int8 taps sign-extended to
    /// int32 (`vpmovsxbd`), multiplied by the widened weights (`vpmulld`), accumulated in a
    /// register over the nine taps, then the 8-lane output stage. The chunk's parameters are
    /// loaded once per run. Returns the first channel it did not handle (a tail below 8 goes
    /// to the portable loop).
    func runInterior3x3AVX2(origin: UnsafePointer<Int8>, destination: UnsafeMutablePointer<Int8>, pixels: Int) -> Int {
        let rowStep = geometry.dilationH * input.shape.w * channels
        let columnStep = geometry.dilationW * channels
        let pixelStep = geometry.strideW * channels
        let stride = parameters.count
        var channel = 0
        while channel + 8 <= channels {
            let lanes = RequantizationLanes(parameters, channel: channel, zeroPoint: output.zeroPoint, clamp: clamp)
            let bias = loadVector(foldedBias + channel)
            let weights = widenedWeights + channel
            var source = UnsafeRawPointer(origin + channel)
            var target = destination + channel
            for _ in 0..<pixels {
                var accumulator = bias
                for ky in 0..<3 {
                    for kx in 0..<3 {
                        let tap = (source + ky * rowStep + kx * columnStep).assumingMemoryBound(to: __m128i.self)
                        let values = _mm256_cvtepi8_epi32(_mm_loadl_epi64(tap))
                        let product = _mm256_mullo_epi32(values, loadVector(weights + (ky * 3 + kx) * stride))
                        accumulator = _mm256_add_epi32(accumulator, product)
                    }
                }
                let result = lanes.apply(accumulator)
                _mm_storel_epi64(
                    UnsafeMutableRawPointer(target).assumingMemoryBound(to: __m128i.self), narrowToInt8(result, result))
                source += pixelStep
                target += channels
            }
            channel += 8
        }
        return channel
    }
}
#endif
