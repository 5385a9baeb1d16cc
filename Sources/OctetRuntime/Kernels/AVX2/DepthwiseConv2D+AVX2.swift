#if OCTET_AVX2
import _Builtin_intrinsics.intel

extension DepthwiseKernel {
    /// Eight channels at a time: int8 taps sign-extended to int32 (`vpmovsxbd`), multiplied
    /// by the widened weights (`vpmulld`), accumulated in a register over the nine taps, then
    /// the 8-lane output stage. Returns the first channel it did not handle (the tail
    /// below 8 goes to the portable loop).
    @inline(__always)
    func runInterior3x3AVX2(origin: UnsafePointer<Int8>, destination: UnsafeMutablePointer<Int8>) -> Int {
        let rowStep = geometry.dilationH * input.shape.w * channels
        let columnStep = geometry.dilationW * channels
        let stride = parameters.count
        var channel = 0
        while channel + 8 <= channels {
            var accumulator = loadVector(foldedBias + channel)
            for ky in 0..<3 {
                for kx in 0..<3 {
                    let source = UnsafeRawPointer(origin + ky * rowStep + kx * columnStep + channel)
                    let values = _mm256_cvtepi8_epi32(_mm_loadl_epi64(source.assumingMemoryBound(to: __m128i.self)))
                    let weights = loadVector(widenedWeights + (ky * 3 + kx) * stride + channel)
                    accumulator = _mm256_add_epi32(accumulator, _mm256_mullo_epi32(values, weights))
                }
            }
            let lanes = RequantizationLanes(parameters, channel: channel, zeroPoint: output.zeroPoint, clamp: clamp)
            let result = lanes.apply(accumulator)
            _mm_storel_epi64(
                UnsafeMutableRawPointer(destination + channel).assumingMemoryBound(to: __m128i.self),
                narrowToInt8(result, result))
            channel += 8
        }
        return channel
    }
}
#endif
