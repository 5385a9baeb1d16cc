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

/// The 3×3, multiplier 1 kernel on AVX2 for 16 or more channels, every output pixel
/// (borders included).
///
/// Taps are paired for `vpmaddwd`: (row 0, row 1) at each of the three columns, (row 2
/// column 0, row 2 column 1) and (row 2 column 2, zero). A pair's two 16-channel int8 rows
/// are sign-extended to int16 (`vpmovsxbw`) and interleaved (`vpunpck{l,h}wd`), so one
/// `vpmaddwd` does 16 multiplies and 8 pair additions; five pairs per 16 channels instead of
/// nine `vpmulld`. The interleave leaves channels `0-3, 8-11` in one accumulator and `4-7,
/// 12-15` in the other, exactly the order `vpackssdw` turns back into `0…15`, so weights,
/// bias and requantization parameters are used in that order and no output shuffle beyond
/// the usual cross-lane one is needed. The zero point is added to the int16 values with
/// saturation and the clamp is applied to the packed bytes (saturating packs first, which
/// equals clamping the int32 values because the clamp lies inside int8).
///
/// Taps outside the input read a row of `inZP` bytes in scratch: `w · inZP` cancels the
/// `-inZP · Σw` folded into the bias, so border pixels are exact through the same code.
/// A channel count that is not a multiple of 16 ends with an overlapping chunk
/// (`C - 16 ..< C`), which recomputes a few outputs with identical values.
struct Depthwise3x3AVX2Layout {
    /// Weight vectors (int16 pairs, one int32 slot per channel) of each of the five pairs.
    static let pairs = 5
    /// Chunk `k` covers channels `start(k) ..< start(k) + 16`.
    static func chunkStart(_ chunk: Int, channels: Int) -> Int { Swift.min(chunk * 16, channels - 16) }

    /// Position, inside a 16-channel chunk, of the channel in slot `slot`: slots 0…7 are the
    /// low accumulator (channels 0-3, 8-11), slots 8…15 the high one (4-7, 12-15).
    @inline(__always)
    static func channelOffset(slot: Int) -> Int {
        let half = slot >> 3, within = slot & 7
        return (within & 3) + (within >> 2) * 8 + half * 4
    }
}

extension DepthwiseKernel {
    /// Packs the filter into the widened-weights region: pair `p`, chunk `k`, slot `j` at
    /// int32 index `p · paddedChannels + 16k + j` (low int16 = first tap, high = second), then
    /// one row of `inZP` bytes after the five pairs.
    func prepareAVX2() {
        let stride = parameters.count
        let chunks = (channels + 15) / 16
        for c in 0..<stride {
            var sum: Int32 = 0
            if c < channels {
                for tap in 0..<9 { sum = sum &+ Int32(filter.data[tap * channels + c]) }
            }
            foldedBias[c] = parameters.bias[c] &- input.zeroPoint &* sum
        }
        for pair in 0..<Depthwise3x3AVX2Layout.pairs {
            let (first, second) = pairTaps(pair)
            for chunk in 0..<chunks {
                let start = Depthwise3x3AVX2Layout.chunkStart(chunk, channels: channels)
                for slot in 0..<16 {
                    let c = start + Depthwise3x3AVX2Layout.channelOffset(slot: slot)
                    let low = first >= 0 ? Int32(UInt16(bitPattern: Int16(filter.data[first * channels + c]))) : 0
                    let high = Int32(filter.data[second * channels + c]) &<< 16
                    widenedWeights[pair * stride + chunk * 16 + slot] = low | high
                }
            }
        }
        let zeroRow = zeroPointRow
        for c in 0..<stride { zeroRow[c] = Int8(truncatingIfNeeded: input.zeroPoint) }
    }

    private func pairTaps(_ pair: Int) -> (Int, Int) {
        switch pair {
        case 0: return (0, 3)
        case 1: return (1, 4)
        case 2: return (2, 5)
        case 3: return (6, 7)
        default: return (-1, 8)
        }
    }

    /// `paddedChannels` bytes of `inZP`, after the packed pairs.
    var zeroPointRow: UnsafeMutablePointer<Int8> {
        UnsafeMutableRawPointer(widenedWeights + Depthwise3x3AVX2Layout.pairs * parameters.count)
            .assumingMemoryBound(to: Int8.self)
    }

    /// Every output pixel, all channels (`channels ≥ 16`).
    func run3x3AVX2() {
        let interior = interiorColumns()
        let chunks = (channels + 15) / 16
        let clampLow = _mm_set1_epi8(Int8(truncatingIfNeeded: clamp.min))
        let clampHigh = _mm_set1_epi8(Int8(truncatingIfNeeded: clamp.max))
        let zeroPoint16 = _mm256_set1_epi16(Int16(truncatingIfNeeded: output.zeroPoint))
        for chunk in 0..<chunks {
            let start = Depthwise3x3AVX2Layout.chunkStart(chunk, channels: channels)
            let stage = ChunkStage(
                parameters: parameters, foldedBias: foldedBias, start: start,
                weights: UnsafePointer(widenedWeights + chunk * 16), pairStride: parameters.count,
                zeroPoint16: zeroPoint16, clampLow: clampLow, clampHigh: clampHigh)
            var shiftsLeft = false
            for slot in 0..<16 where parameters.leftShift[start + slot] != 0 { shiftsLeft = true }
            // Two copies of the loops, so that the common case (no left shift) has no vpsllvd.
            if shiftsLeft {
                runChunk(stage, start: start, interior: interior, shiftLeft: true)
            } else {
                runChunk(stage, start: start, interior: interior, shiftLeft: false)
            }
        }
    }

    @inline(__always)
    private func runChunk(_ stage: ChunkStage, start: Int, interior: Range<Int>, shiftLeft: Bool) {
        let out = output.shape
        let inH = input.shape.h, inW = input.shape.w
        let rowBytes = inW * channels
        let zeroRow = UnsafePointer(zeroPointRow)
        for batch in 0..<out.n {
            let image = input.data + batch * inH * rowBytes + start
            for y in 0..<out.h {
                let originY = y * geometry.strideH - geometry.padTop
                var rows: (UnsafePointer<Int8>?, UnsafePointer<Int8>?, UnsafePointer<Int8>?) = (nil, nil, nil)
                for ky in 0..<3 {
                    let iy = originY + ky * geometry.dilationH
                    let row: UnsafePointer<Int8>? = iy >= 0 && iy < inH ? image + iy * rowBytes : nil
                    switch ky {
                    case 0: rows.0 = row
                    case 1: rows.1 = row
                    default: rows.2 = row
                    }
                }
                let rowOutput = output.data + ((batch * out.h + y) * out.w) * channels + start
                let allRows = rows.0 != nil && rows.1 != nil && rows.2 != nil
                let fast = allRows ? interior : 0..<0
                // Border pixels: per-tap pointers into the input or the zero-point row.
                for x in 0..<out.w where !fast.contains(x) {
                    let originX = x * geometry.strideW - geometry.padLeft
                    func tap(_ row: UnsafePointer<Int8>?, _ kx: Int) -> UnsafePointer<Int8> {
                        let ix = originX + kx * geometry.dilationW
                        guard let row, ix >= 0 && ix < inW else { return zeroRow + start }
                        return row + ix * channels
                    }
                    stage.pixel(
                        tap(rows.0, 0), tap(rows.1, 0), tap(rows.0, 1), tap(rows.1, 1), tap(rows.0, 2),
                        tap(rows.1, 2), tap(rows.2, 0), tap(rows.2, 1), tap(rows.2, 2),
                        destination: rowOutput + x * channels, shiftLeft: shiftLeft)
                }
                guard !fast.isEmpty, let row0 = rows.0, let row1 = rows.1, let row2 = rows.2 else { continue }
                let column = geometry.dilationW * channels
                let pixelStep = geometry.strideW * channels
                let firstColumn = (fast.lowerBound * geometry.strideW - geometry.padLeft) * channels
                var p0 = row0 + firstColumn, p1 = row1 + firstColumn, p2 = row2 + firstColumn
                var target = rowOutput + fast.lowerBound * channels
                if geometry.strideW == 1 && geometry.dilationW == 1 {
                    stage.row(
                        p0, p1, p2, pixels: fast.count, columnStep: channels, destination: target,
                        shiftLeft: shiftLeft)
                    continue
                }
                for _ in fast {
                    stage.pixel(
                        p0, p1, p0 + column, p1 + column, p0 + 2 * column, p1 + 2 * column,
                        p2, p2 + column, p2 + 2 * column, destination: target, shiftLeft: shiftLeft)
                    p0 += pixelStep
                    p1 += pixelStep
                    p2 += pixelStep
                    target += channels
                }
            }
        }
    }
}

/// One 16-channel chunk's weights, bias and output stage, in the paired channel order.
struct ChunkStage {
    let weights: UnsafePointer<Int32>
    let pairStride: Int
    let biasLow: __m256i
    let biasHigh: __m256i
    let lanesLow: RequantizationLanes
    let lanesHigh: RequantizationLanes
    let zeroPoint16: __m256i
    let clampLow: __m128i
    let clampHigh: __m128i

    @inline(__always)
    init(
        parameters: PackedChannelParameters, foldedBias: UnsafeMutablePointer<Int32>, start: Int,
        weights: UnsafePointer<Int32>, pairStride: Int, zeroPoint16: __m256i, clampLow: __m128i, clampHigh: __m128i
    ) {
        @inline(__always) func low(_ p: UnsafeMutablePointer<Int32>) -> __m256i { pairedLoad(p + start, 0) }
        @inline(__always) func high(_ p: UnsafeMutablePointer<Int32>) -> __m256i { pairedLoad(p + start, 4) }
        self.weights = weights
        self.pairStride = pairStride
        biasLow = low(foldedBias)
        biasHigh = high(foldedBias)
        lanesLow = RequantizationLanes(
            multiplier: low(parameters.multiplier), leftShift: low(parameters.leftShift),
            rightShift: low(parameters.rightShift), roundingMask: low(parameters.roundingMask))
        lanesHigh = RequantizationLanes(
            multiplier: high(parameters.multiplier), leftShift: high(parameters.leftShift),
            rightShift: high(parameters.rightShift), roundingMask: high(parameters.roundingMask))
        self.zeroPoint16 = zeroPoint16
        self.clampLow = clampLow
        self.clampHigh = clampHigh
    }

    /// The nine taps of one output pixel, in pair order (see `Depthwise3x3AVX2Layout`):
    /// `t0…t5` are rows 0 and 1 of columns 0, 1, 2; `t6…t8` row 2.
    @inline(__always)
    func pixel(
        _ t0: UnsafePointer<Int8>, _ t1: UnsafePointer<Int8>, _ t2: UnsafePointer<Int8>, _ t3: UnsafePointer<Int8>,
        _ t4: UnsafePointer<Int8>, _ t5: UnsafePointer<Int8>, _ t6: UnsafePointer<Int8>, _ t7: UnsafePointer<Int8>,
        _ t8: UnsafePointer<Int8>, destination: UnsafeMutablePointer<Int8>, shiftLeft: Bool
    ) {
        var low = biasLow, high = biasHigh
        pair(t0, t1, 0, &low, &high)
        pair(t2, t3, 1, &low, &high)
        pair(t4, t5, 2, &low, &high)
        pair(t6, t7, 3, &low, &high)
        let last = widen(t8)
        let zero = _mm256_setzero_si256()
        multiplyAdd(_mm256_unpacklo_epi16(zero, last), _mm256_unpackhi_epi16(zero, last), 4, &low, &high)
        finish(low, high, destination: destination, shiftLeft: shiftLeft)
    }

    /// `pixels` consecutive output pixels with stride 1 and dilation 1 along x, `p0…p2` at the
    /// first pixel's left taps: each input column is widened and interleaved once and used by
    /// the three pixels that read it. Rows 0 and 1 pair vertically; row 2 pairs a column
    /// with the next one (weights `(w20, w21)` on the pair at `x`, `(0, w22)` on the pair at
    /// `x + 1`).
    @inline(__always)
    func row(
        _ p0: UnsafePointer<Int8>, _ p1: UnsafePointer<Int8>, _ p2: UnsafePointer<Int8>, pixels: Int,
        columnStep: Int, destination: UnsafeMutablePointer<Int8>, shiftLeft: Bool
    ) {
        var r0 = p0, r1 = p1, r2 = p2
        var a0 = widen(r0), b0 = widen(r1)
        var top0Low = _mm256_unpacklo_epi16(a0, b0), top0High = _mm256_unpackhi_epi16(a0, b0)
        a0 = widen(r0 + columnStep)
        b0 = widen(r1 + columnStep)
        var top1Low = _mm256_unpacklo_epi16(a0, b0), top1High = _mm256_unpackhi_epi16(a0, b0)
        let first = widen(r2)
        var bottom = widen(r2 + columnStep)
        var bottom0Low = _mm256_unpacklo_epi16(first, bottom), bottom0High = _mm256_unpackhi_epi16(first, bottom)
        var target = destination
        for _ in 0..<pixels {
            let a = widen(r0 + 2 * columnStep), b = widen(r1 + 2 * columnStep)
            let top2Low = _mm256_unpacklo_epi16(a, b), top2High = _mm256_unpackhi_epi16(a, b)
            let next = widen(r2 + 2 * columnStep)
            let bottom1Low = _mm256_unpacklo_epi16(bottom, next), bottom1High = _mm256_unpackhi_epi16(bottom, next)
            var low = biasLow, high = biasHigh
            multiplyAdd(top0Low, top0High, 0, &low, &high)
            multiplyAdd(top1Low, top1High, 1, &low, &high)
            multiplyAdd(top2Low, top2High, 2, &low, &high)
            multiplyAdd(bottom0Low, bottom0High, 3, &low, &high)
            multiplyAdd(bottom1Low, bottom1High, 4, &low, &high)
            finish(low, high, destination: target, shiftLeft: shiftLeft)
            top0Low = top1Low; top0High = top1High
            top1Low = top2Low; top1High = top2High
            bottom0Low = bottom1Low; bottom0High = bottom1High
            bottom = next
            r0 += columnStep
            r1 += columnStep
            r2 += columnStep
            target += columnStep
        }
    }

    @inline(__always)
    private func multiplyAdd(
        _ pairLow: __m256i, _ pairHigh: __m256i, _ index: Int, _ low: inout __m256i, _ high: inout __m256i
    ) {
        let w = weights + index * pairStride
        low = _mm256_add_epi32(low, _mm256_madd_epi16(pairLow, loadVector(w)))
        high = _mm256_add_epi32(high, _mm256_madd_epi16(pairHigh, loadVector(w + 8)))
    }

    @inline(__always)
    private func finish(_ low: __m256i, _ high: __m256i, destination: UnsafeMutablePointer<Int8>, shiftLeft: Bool) {
        let words = _mm256_adds_epi16(
            _mm256_packs_epi32(
                lanesLow.scaled(low, shiftLeft: shiftLeft), lanesHigh.scaled(high, shiftLeft: shiftLeft)),
            zeroPoint16)
        let bytes = _mm256_packs_epi16(words, words)
        let ordered = _mm256_castsi256_si128(
            _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 1, 4, 5, 0, 1, 4, 5)))
        let clamped = _mm_min_epi8(_mm_max_epi8(ordered, clampLow), clampHigh)
        _mm_storeu_si128(UnsafeMutableRawPointer(destination).assumingMemoryBound(to: __m128i.self), clamped)
    }

    @inline(__always)
    private func pair(
        _ first: UnsafePointer<Int8>, _ second: UnsafePointer<Int8>, _ index: Int,
        _ low: inout __m256i, _ high: inout __m256i
    ) {
        let a = widen(first), b = widen(second)
        multiplyAdd(_mm256_unpacklo_epi16(a, b), _mm256_unpackhi_epi16(a, b), index, &low, &high)
    }

    /// 16 int8 to 16 int16 (`vpmovsxbw`).
    @inline(__always)
    private func widen(_ p: UnsafePointer<Int8>) -> __m256i {
        _mm256_cvtepi8_epi16(_mm_loadu_si128(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self)))
    }
}

/// Channels `offset ..< offset + 4` and `offset + 8 ..< offset + 12` of `p` in one vector.
@inline(__always)
private func pairedLoad(_ p: UnsafeMutablePointer<Int32>, _ offset: Int) -> __m256i {
    let low = _mm_loadu_si128(UnsafeRawPointer(p + offset).assumingMemoryBound(to: __m128i.self))
    let high = _mm_loadu_si128(UnsafeRawPointer(p + offset + 8).assumingMemoryBound(to: __m128i.self))
    return _mm256_setr_m128i(low, high)
}
#endif
