/// The packed int8 GEMM behind `Conv2D`: `C[M×N] = A[M×K] · B[K×N]`, where a row of `A` is
/// one output pixel's receptive field (im2col) and a column of `B` is one output channel's
/// filter. Both operands are widened to int16 in scratch so that two adjacent depth
/// entries form a pair: the AVX2 tile multiplies pairs with `vpmaddwd`, and a Cortex-M
/// with the DSP extension can do the same with `SMLAD`.
///
/// Overflow: `A` holds `x - inputZeroPoint` in [-255, 255] and `B` holds weights in
/// [-127, 127] (the quantizer never emits -128), so one product is at most 32,385 in
/// magnitude and `K` products plus the bias fit in int32 for any `K < 2^16`. Every sum is
/// written with wrapping operators, which give the exact result whenever it fits.
@usableFromInline
struct PackedGEMMLayout {
    /// Output pixels per register tile.
    static let tileRows = 4
    /// Output channels per register tile (a "panel" of `B`).
    static let tileColumns = 16
    /// Int16 values per packed depth pair of a panel: 16 columns × 2.
    static let panelPairStride = 32

    /// Depth `K` of one column of `B` (kernel height × width × input channels per group).
    let depth: Int
    /// `K` rounded up to pairs; the odd tail is padded with a zero weight.
    let pairCount: Int
    /// Output channels `N` of one group.
    let columns: Int
    /// `N` rounded up to whole panels.
    let panelCount: Int

    let packedPanelOffset: Int
    let channelParametersOffset: Int
    let rowBlockOffset: Int
    /// Scratch of one convolution: ONE packed panel (`ceil(K/2) × 64` bytes), the channel
    /// parameters of that panel (`5 × 16 × 4 = 320` bytes) and the four-row block
    /// (`4 × ceil(K/2) × 4` bytes), each rounded up to 16 bytes. The sum is
    /// `80·ceil(K/2) + 320` (rounded up to 16) for any `N`: no more than 16 output channels
    /// are ever packed.
    let byteCount: Int

    @usableFromInline
    init(depth: Int, columns: Int) {
        self.depth = depth
        self.columns = columns
        pairCount = (depth + 1) / 2
        panelCount = (columns + Self.tileColumns - 1) / Self.tileColumns
        packedPanelOffset = 0
        let packedPanelBytes = pairCount * Self.panelPairStride * 2
        channelParametersOffset = alignedTo16(packedPanelOffset + packedPanelBytes)
        let channelParameterBytes = PackedChannelParameters.arrayCount * Self.tileColumns * 4
        rowBlockOffset = alignedTo16(channelParametersOffset + channelParameterBytes)
        let rowBlockBytes = Self.tileRows * pairCount * 2 * 2
        byteCount = alignedTo16(rowBlockOffset + rowBlockBytes)
    }

    /// Int16 elements between rows of the row block (a whole number of pairs).
    var rowStride: Int { pairCount * 2 }

    /// One packed panel: depth pair-major, then `[c0k0, c0k1, c1k0, c1k1, …, c15k0, c15k1]`.
    func packedPanel(in scratch: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<Int16> {
        (scratch.baseAddress! + packedPanelOffset).assumingMemoryBound(to: Int16.self)
    }

    /// The channel parameters of one panel (16 channels).
    func channelParameters(in scratch: UnsafeMutableRawBufferPointer) -> PackedChannelParameters {
        let base = (scratch.baseAddress! + channelParametersOffset).assumingMemoryBound(to: Int32.self)
        return PackedChannelParameters(base: base, count: Self.tileColumns)
    }

    /// `tileRows` rows of `A`, widened to int16 with the input zero point subtracted.
    func rowBlock(in scratch: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<Int16> {
        (scratch.baseAddress! + rowBlockOffset).assumingMemoryBound(to: Int16.self)
    }

    /// Packs `channels` (at most `tileColumns`) filters of `depth` int8 weights each (filter
    /// `c` starts at `weights + c * depth`) into one panel of int16 pairs, zero-padding the
    /// last pair and the missing channels.
    func packPanel(_ weights: UnsafePointer<Int8>, channels: Int, into packed: UnsafeMutablePointer<Int16>) {
        let stride = Self.panelPairStride
        let fullPairs = depth / 2
        for column in 0..<Self.tileColumns {
            let destination = packed + 2 * column
            if column < channels {
                let filter = weights + column * depth
                for pair in 0..<fullPairs {
                    destination[pair * stride] = Int16(filter[2 * pair])
                    destination[pair * stride + 1] = Int16(filter[2 * pair + 1])
                }
                if fullPairs < pairCount {
                    destination[fullPairs * stride] = Int16(filter[2 * fullPairs])
                    destination[fullPairs * stride + 1] = 0
                }
            } else {
                for pair in 0..<pairCount {
                    destination[pair * stride] = 0
                    destination[pair * stride + 1] = 0
                }
            }
        }
    }
}

/// Per-output-channel bias and requantization in structure-of-arrays form, padded to whole
/// panels (padding channels are all zero), so that vector code can load 8 or 16 channels at
/// once without reading past the model's arrays.
@usableFromInline
struct PackedChannelParameters {
    static let arrayCount = 5

    let bias: UnsafeMutablePointer<Int32>
    let multiplier: UnsafeMutablePointer<Int32>
    /// `max(shift, 0)`.
    let leftShift: UnsafeMutablePointer<Int32>
    /// `max(-shift, 0)`.
    let rightShift: UnsafeMutablePointer<Int32>
    /// `2^rightShift - 1`, the remainder mask of the rounding division.
    let roundingMask: UnsafeMutablePointer<Int32>

    init(base: UnsafeMutablePointer<Int32>, count: Int) {
        bias = base
        multiplier = base + count
        leftShift = base + 2 * count
        rightShift = base + 3 * count
        roundingMask = base + 4 * count
        self.count = count
    }

    private init(_ other: PackedChannelParameters, advancedBy offset: Int) {
        bias = other.bias + offset
        multiplier = other.multiplier + offset
        leftShift = other.leftShift + offset
        rightShift = other.rightShift + offset
        roundingMask = other.roundingMask + offset
        count = other.count - offset
    }

    let count: Int

    /// The parameters starting at `channel`.
    func advanced(by channel: Int) -> PackedChannelParameters {
        PackedChannelParameters(self, advancedBy: channel)
    }

    /// Fills the first `channels` entries from the model (bias and requantization starting
    /// at the group's first channel) and zeroes the padding.
    func fill(
        bias source: UnsafePointer<Int32>, requantization: ChannelRequantization,
        firstChannel: Int, channels: Int
    ) {
        for c in 0..<count {
            if c < channels {
                let shift = requantization.shifts[firstChannel + c]
                bias[c] = source[firstChannel + c]
                multiplier[c] = requantization.multipliers[firstChannel + c]
                leftShift[c] = shift > 0 ? shift : 0
                rightShift[c] = shift > 0 ? 0 : 0 &- shift
                roundingMask[c] = (Int32(1) &<< rightShift[c]) &- 1
            } else {
                bias[c] = 0
                multiplier[c] = 0
                leftShift[c] = 0
                rightShift[c] = 0
                roundingMask[c] = 0
            }
        }
    }

    /// Requantizes one accumulator (bias already included) of channel `c`.
    @inline(__always)
    func output(_ accumulator: Int32, channel c: Int, zeroPoint: Int32, clamp: ActivationClamp) -> Int8 {
        Requantize.output(
            accumulator, multiplier: multiplier[c], leftShift: leftShift[c], rightShift: rightShift[c],
            zeroPoint: zeroPoint, clamp: clamp)
    }
}

/// One `tileRows × tileColumns` tile of the packed GEMM and its requantized int8 store.
@usableFromInline
struct PackedGEMMTile {
    /// First of `tileRows` rows of `A` (rows beyond `rows` are computed but not stored).
    var rowBlock: UnsafePointer<Int16>
    var rowStride: Int
    /// The panel of `B` for these columns.
    var panel: UnsafePointer<Int16>
    var pairCount: Int
    var parameters: PackedChannelParameters
    var zeroPoint: Int32
    var clamp: ActivationClamp
    /// Where row 0, column 0 of the tile goes; rows are `outputRowStride` bytes apart.
    var output: UnsafeMutablePointer<Int8>
    var outputRowStride: Int
    var rows: Int
    var columns: Int

    /// Portable: one dot product per output, read straight from the packed layout.
    func runPortable() {
        let stride = PackedGEMMLayout.panelPairStride
        for r in 0..<rows {
            let a = rowBlock + r * rowStride
            for c in 0..<columns {
                let b = panel + 2 * c
                var accumulator = parameters.bias[c]
                for pair in 0..<pairCount {
                    let a0 = Int32(a[2 * pair]), a1 = Int32(a[2 * pair + 1])
                    let b0 = Int32(b[pair * stride]), b1 = Int32(b[pair * stride + 1])
                    accumulator = accumulator &+ a0 &* b0 &+ a1 &* b1
                }
                output[r * outputRowStride + c] = parameters.output(
                    accumulator, channel: c, zeroPoint: zeroPoint, clamp: clamp)
            }
        }
    }

    @inline(__always)
    func run(path: KernelPath) {
        switch path {
        case .portable: runPortable()
        #if OCTET_AVX2
        case .avx2: runAVX2()
        #endif
        }
    }
}

@inline(__always)
func alignedTo16(_ byteCount: Int) -> Int { (byteCount + 15) & ~15 }

/// Widens `count` int8 values to int16 and subtracts `zeroPoint` (vectorizes to
/// `vpmovsxbw` + `vpsubw`; the result is in [-255, 255]).
@inline(__always)
func widen(
    _ source: UnsafePointer<Int8>, count: Int, subtracting zeroPoint: Int16,
    into destination: UnsafeMutablePointer<Int16>
) {
    // Whole chunks of 16 as SIMD values (one `vpmovsxbw` + `vpsubw` + store), then the
    // tail; a plain loop leaves counts below the vectorizer's unrolled width (48 = a 3-tap
    // row of 16 channels) to scalar code.
    let zeroPoints = SIMD16<Int16>(repeating: zeroPoint)
    var i = 0
    while i + 16 <= count {
        let bytes = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD16<Int8>.self)
        UnsafeMutableRawPointer(destination + i).storeBytes(
            of: SIMD16<Int16>(truncatingIfNeeded: bytes) &- zeroPoints, as: SIMD16<Int16>.self)
        i += 16
    }
    while i < count {
        destination[i] = Int16(source[i]) &- zeroPoint
        i += 1
    }
}
