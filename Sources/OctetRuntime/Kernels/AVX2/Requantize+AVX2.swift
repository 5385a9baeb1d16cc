#if OCTET_AVX2
import _Builtin_intrinsics.intel

/// Eight lanes of the output stage (`Requantize.output`), bit-exact with the scalar code.
///
/// `saturatingRoundingDoublingHighMul(a, m)` equals `(a · m + 2^30) >> 31` (floor) for every
/// pair except `a == m == Int32.min`: adding `1 - 2^30` and truncating toward zero is the
/// same as adding `2^30` and flooring. Multipliers are Q31 values in `[0, 2^31)`, never
/// `Int32.min`, so the saturating case cannot occur here. The 64-bit products come from
/// `vpmuldq` on even and odd lanes; the rounding division is gemmlowp's mask/threshold form.
@usableFromInline
struct RequantizationLanes {
    var multiplier: __m256i
    /// The multiplier of each odd lane moved to the even position, for `vpmuldq`.
    var oddMultiplier: __m256i
    var leftShift: __m256i
    var rightShift: __m256i
    var roundingMask: __m256i
    var zeroPoint: __m256i
    var minimum: __m256i
    var maximum: __m256i

    /// Lanes for channels `channel ..< channel + 8` of `parameters`.
    @inline(__always)
    init(_ parameters: PackedChannelParameters, channel: Int, zeroPoint: Int32, clamp: ActivationClamp) {
        multiplier = loadVector(parameters.multiplier + channel)
        oddMultiplier = oddLanes(multiplier)
        leftShift = loadVector(parameters.leftShift + channel)
        rightShift = loadVector(parameters.rightShift + channel)
        roundingMask = loadVector(parameters.roundingMask + channel)
        self.zeroPoint = _mm256_set1_epi32(zeroPoint)
        minimum = _mm256_set1_epi32(clamp.min)
        maximum = _mm256_set1_epi32(clamp.max)
    }

    /// Lanes from explicit per-lane vectors (any channel order); zero point and clamp are
    /// left to the caller (`scaled` does not use them).
    @inline(__always)
    init(multiplier: __m256i, leftShift: __m256i, rightShift: __m256i, roundingMask: __m256i) {
        self.multiplier = multiplier
        oddMultiplier = oddLanes(multiplier)
        self.leftShift = leftShift
        self.rightShift = rightShift
        self.roundingMask = roundingMask
        zeroPoint = _mm256_setzero_si256()
        minimum = _mm256_set1_epi32(-128)
        maximum = _mm256_set1_epi32(127)
    }

    /// `clamp(zeroPoint + roundingDivideByPOT(SRDHM(acc << left, multiplier), right))` per lane.
    @inline(__always)
    func apply(_ accumulator: __m256i) -> __m256i {
        let result = _mm256_add_epi32(scaled(accumulator), zeroPoint)
        return _mm256_min_epi32(_mm256_max_epi32(result, minimum), maximum)
    }

    /// `roundingDivideByPOT(SRDHM(acc << left, multiplier), right)` per lane: the output stage
    /// before the zero point and the clamp.
    @inline(__always)
    func scaled(_ accumulator: __m256i, shiftLeft: Bool = true) -> __m256i {
        // `shiftLeft: false` when every lane's left shift is known to be 0.
        let shifted = shiftLeft ? _mm256_sllv_epi32(accumulator, leftShift) : accumulator
        let nudge = _mm256_set1_epi64x(1 << 30)
        let evenProduct = _mm256_add_epi64(_mm256_mul_epi32(shifted, multiplier), nudge)
        // The odd lanes moved down with a shuffle (`vpshufd`), not `srli_epi64`: after a logical
        // shift LLVM no longer sees a sign-extended operand and emulates vpmuldq with three
        // vpmuludq.
        let oddProduct = _mm256_add_epi64(_mm256_mul_epi32(oddLanes(shifted), oddMultiplier), nudge)
        // Bits 31...62 of each sum: in the low half of an even lane, the high half of an odd one.
        let evenHigh = _mm256_srli_epi64(evenProduct, 31)
        let oddHigh = _mm256_slli_epi64(oddProduct, 1)
        let high = _mm256_blendv_epi8(evenHigh, oddHigh, _mm256_setr_epi32(0, -1, 0, -1, 0, -1, 0, -1))

        let remainder = _mm256_and_si256(high, roundingMask)
        // threshold = mask / 2, plus one for a negative value (srai by 31 gives -1).
        let threshold = _mm256_sub_epi32(_mm256_srli_epi32(roundingMask, 1), _mm256_srai_epi32(high, 31))
        return _mm256_sub_epi32(_mm256_srav_epi32(high, rightShift), _mm256_cmpgt_epi32(remainder, threshold))
    }
}

/// Each odd int32 lane copied into the even lane below it (`vpshufd` 0xF5).
@inline(__always)
func oddLanes(_ vector: __m256i) -> __m256i {
    _mm256_permutevar8x32_epi32(vector, _mm256_setr_epi32(1, 1, 3, 3, 5, 5, 7, 7))
}

@inline(__always)
func loadVector(_ pointer: UnsafePointer<Int32>) -> __m256i {
    _mm256_loadu_si256(UnsafeRawPointer(pointer).assumingMemoryBound(to: __m256i.self))
}

@inline(__always)
func loadVector(_ pointer: UnsafeMutablePointer<Int32>) -> __m256i {
    loadVector(UnsafePointer(pointer))
}

/// Narrows 16 int32 lanes already in [-128, 127] (`low` = lanes 0...7) to 16 int8 in order.
@inline(__always)
func narrowToInt8(_ low: __m256i, _ high: __m256i) -> __m128i {
    // packs works within 128-bit halves: bytes come out as low0-3 high0-3 | low4-7 high4-7.
    let words = _mm256_packs_epi32(low, high)
    let bytes = _mm256_packs_epi16(words, words)
    let ordered = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 0, 4, 1, 5))
    return _mm256_castsi256_si128(ordered)
}

/// Stores the first `count` (≤ 16) bytes of `bytes`.
@inline(__always)
func store(_ bytes: __m128i, count: Int, to destination: UnsafeMutablePointer<Int8>) {
    if count == 16 {
        _mm_storeu_si128(UnsafeMutableRawPointer(destination).assumingMemoryBound(to: __m128i.self), bytes)
    } else {
        var staging = bytes
        withUnsafeBytes(of: &staging) { raw in
            UnsafeMutableRawPointer(destination).copyMemory(from: raw.baseAddress!, byteCount: count)
        }
    }
}
#endif
