#if OCTET_AVX2
import _Builtin_intrinsics.intel

extension PackedGEMMTile {
    /// The packed 4×16 `vpmaddwd` tile: per depth pair, two loads of the panel (8 channels ×
    /// 2 weights each), one broadcast of each row's pair, eight multiply-adds. Accumulators
    /// start at the bias; the output stage runs on the registers.
    @inline(__always)
    func runAVX2() {
        let bias0 = loadVector(parameters.bias), bias1 = loadVector(parameters.bias + 8)
        var acc00 = bias0, acc01 = bias1, acc10 = bias0, acc11 = bias1
        var acc20 = bias0, acc21 = bias1, acc30 = bias0, acc31 = bias1
        let row0 = UnsafeRawPointer(rowBlock)
        let row1 = row0 + 2 * rowStride, row2 = row1 + 2 * rowStride, row3 = row2 + 2 * rowStride
        var weights = UnsafeRawPointer(panel)
        var offset = 0
        for _ in 0..<pairCount {
            let w0 = _mm256_loadu_si256(weights.assumingMemoryBound(to: __m256i.self))
            let w1 = _mm256_loadu_si256((weights + 32).assumingMemoryBound(to: __m256i.self))
            let a0 = _mm256_set1_epi32(row0.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            acc00 = _mm256_add_epi32(acc00, _mm256_madd_epi16(a0, w0))
            acc01 = _mm256_add_epi32(acc01, _mm256_madd_epi16(a0, w1))
            let a1 = _mm256_set1_epi32(row1.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            acc10 = _mm256_add_epi32(acc10, _mm256_madd_epi16(a1, w0))
            acc11 = _mm256_add_epi32(acc11, _mm256_madd_epi16(a1, w1))
            let a2 = _mm256_set1_epi32(row2.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            acc20 = _mm256_add_epi32(acc20, _mm256_madd_epi16(a2, w0))
            acc21 = _mm256_add_epi32(acc21, _mm256_madd_epi16(a2, w1))
            let a3 = _mm256_set1_epi32(row3.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            acc30 = _mm256_add_epi32(acc30, _mm256_madd_epi16(a3, w0))
            acc31 = _mm256_add_epi32(acc31, _mm256_madd_epi16(a3, w1))
            weights += 64
            offset += 4
        }

        let lanes0 = RequantizationLanes(parameters, channel: 0, zeroPoint: zeroPoint, clamp: clamp)
        let lanes1 = RequantizationLanes(parameters, channel: 8, zeroPoint: zeroPoint, clamp: clamp)
        store(narrowToInt8(lanes0.apply(acc00), lanes1.apply(acc01)), count: columns, to: output)
        guard rows > 1 else { return }
        store(narrowToInt8(lanes0.apply(acc10), lanes1.apply(acc11)), count: columns, to: output + outputRowStride)
        guard rows > 2 else { return }
        store(narrowToInt8(lanes0.apply(acc20), lanes1.apply(acc21)), count: columns, to: output + 2 * outputRowStride)
        guard rows > 3 else { return }
        store(narrowToInt8(lanes0.apply(acc30), lanes1.apply(acc31)), count: columns, to: output + 3 * outputRowStride)
    }
}
#endif
