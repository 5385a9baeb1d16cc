#if OCTET_AVX2
import _Builtin_intrinsics.intel

extension FullyConnectedRow {
    /// Four weight rows at a time against one widened input row: 16 int8 weights per row
    /// sign-extended to int16 (`vpmovsxbw`) and multiplied in pairs (`vpmaddwd`). The depth
    /// tail below 16 and the last rows below 4 are finished by scalar code.
    func runAVX2() {
        let vectorDepth = depth & ~15
        var o = 0
        while o + 4 <= outputChannels {
            let r0 = UnsafeRawPointer(weights + o * depth)
            let r1 = r0 + depth, r2 = r1 + depth, r3 = r2 + depth
            var acc0 = _mm256_setzero_si256(), acc1 = acc0, acc2 = acc0, acc3 = acc0
            let x = UnsafeRawPointer(input)
            var i = 0
            while i < vectorDepth {
                let values = _mm256_loadu_si256((x + 2 * i).assumingMemoryBound(to: __m256i.self))
                acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(widenedWeights(r0 + i), values))
                acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(widenedWeights(r1 + i), values))
                acc2 = _mm256_add_epi32(acc2, _mm256_madd_epi16(widenedWeights(r2 + i), values))
                acc3 = _mm256_add_epi32(acc3, _mm256_madd_epi16(widenedWeights(r3 + i), values))
                i += 16
            }
            let sums = (horizontalSum(acc0), horizontalSum(acc1), horizontalSum(acc2), horizontalSum(acc3))
            store(finish(sums.0, row: o, from: vectorDepth), channel: o)
            store(finish(sums.1, row: o + 1, from: vectorDepth), channel: o + 1)
            store(finish(sums.2, row: o + 2, from: vectorDepth), channel: o + 2)
            store(finish(sums.3, row: o + 3, from: vectorDepth), channel: o + 3)
            o += 4
        }
        runPortable(from: o)
    }

    @inline(__always)
    private func widenedWeights(_ pointer: UnsafeRawPointer) -> __m256i {
        _mm256_cvtepi8_epi16(_mm_loadu_si128(pointer.assumingMemoryBound(to: __m128i.self)))
    }

    /// Bias plus the vector sum plus the scalar depth tail.
    @inline(__always)
    private func finish(_ vectorSum: Int32, row o: Int, from start: Int) -> Int32 {
        var accumulator = bias[o] &+ vectorSum
        let row = weights + o * depth
        for i in start..<depth {
            accumulator = accumulator &+ Int32(row[i]) &* Int32(input[i])
        }
        return accumulator
    }
}

@inline(__always)
func horizontalSum(_ vector: __m256i) -> Int32 {
    unsafeBitCast(vector, to: SIMD8<Int32>.self).wrappedSum()
}
#endif
