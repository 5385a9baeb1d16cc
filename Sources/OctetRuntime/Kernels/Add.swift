import CMicrokernels

/// TFLite's quantized ADD (integer_ops/add.h) on two tensors of the same shape.
///
/// TFLite rescales each input as `MultiplyByQuantizedMultiplierSmallerThanOneExp((x - zp) << 20,
/// m, s)`, which depends only on the int8 value `x`: the quantizer stores it for all 256 values
/// as a table per input, so per element the kernel does two lookups, one output
/// requantization, the zero point and the clamp, with no branch on the data.
public enum Add {
    /// Largest magnitude (exclusive) of a table entry. A rescale with a multiplier below one is
    /// at most 255 · 2^20 < 2^28, and the bound keeps the output stage exact (`OutputStage`).
    public static let tableEntryLimit: Int32 = 1 << 28

    /// On the x86 paths (all of which have AVX2) eight elements go per step through two
    /// `vpgatherdd` (`CMicrokernels/Add_x86.h`); every path gives the same bytes.
    public static func run(
        input1: Int8Tensor, input2: Int8Tensor, parameters: AddParameters, output: MutableInt8Tensor,
        path: KernelPath = .preferred
    ) {
        #if arch(x86_64)
        if path.runsAVX2Kernels {
            octet_add_avx2(
                parameters.table1, parameters.table2, input1.data, input2.data, output.data, output.shape.elementCount,
                parameters.output.multiplier, -parameters.output.shift, output.zeroPoint, parameters.clamp.min,
                parameters.clamp.max)
            return
        }
        #endif
        let stage = OutputStage(parameters.output, zeroPoint: output.zeroPoint, clamp: parameters.clamp)
        // Entry `x + 128` holds int8 value x: offset the bases so a signed byte indexes directly.
        let table1 = parameters.table1 + 128, table2 = parameters.table2 + 128
        let in1 = input1.data, in2 = input2.data, out = output.data
        for i in 0..<output.shape.elementCount {
            out[i] = stage.apply(table1[Int(in1[i])] &+ table2[Int(in2[i])])
        }
    }

    /// TFLite's `MultiplyByQuantizedMultiplierSmallerThanOneExp(sum, m, -r)` (double rounding),
    /// zero point and clamp, rewritten as one 64-bit product and one shift.
    ///
    /// TFLite computes `x = (sum·m + 2^30) >> 31` (its nudge-and-truncate equals this floor for
    /// every m < 2^31), then rounds `x / 2^r` half away from zero, which is
    /// `(x + 2^(r-1) - [x < 0]) >> r` for r ≥ 1. Folding the second rounding into the first
    /// gives `(2·sum·m + 2^31 + c·2^32) >> (32 + r)` with `c = 2^(r-1) - [sum < 0]` (0 for
    /// r = 0): when `sum < 0` but `x = 0`, subtracting 1 leaves the quotient 0, so the sign of
    /// `sum` can stand in for the sign of `x`. `c = (2^r + (sum >> 31)) >>> 1` covers r = 0 too.
    /// On Armv7E-M the product, `c·2^32` and `2^31` make one `smmlar`.
    ///
    /// Exact when |sum| < 2^29 (tables below 2^28): `2·sum` fits, and the high word stays
    /// below 2^29 + 2^30.
    struct OutputStage {
        let multiplier: Int32
        let rightShift: Int32
        /// `2^rightShift` as unsigned, so that r = 31 does not overflow.
        let roundingUnit: UInt32
        let zeroPoint: Int32
        let clamp: ActivationClamp

        init(_ output: QuantizedMultiplier, zeroPoint: Int32, clamp: ActivationClamp) {
            multiplier = output.multiplier
            rightShift = -output.shift
            roundingUnit = 1 &<< UInt32(rightShift)
            self.zeroPoint = zeroPoint
            self.clamp = clamp
        }

        @inline(__always)
        func apply(_ sum: Int32) -> Int8 {
            let signOfSum = UInt32(bitPattern: sum &>> 31)  // 0 or all ones
            let rounding = Int32(bitPattern: (roundingUnit &+ signOfSum) &>> 1)
            let product = Self.widened(sum &<< 1) &* Self.widened(multiplier)
            let high = Int32(truncatingIfNeeded: (product &+ (Self.widened(rounding) &<< 32) &+ 0x8000_0000) &>> 32)
            let scaled = (high &>> rightShift) &+ zeroPoint
            // Clamp with masks rather than min/max: x86's backend turns min/max in this loop
            // into data-dependent branches; here |scaled| < 2^31 - 2^8, so the differences fit.
            let belowMin = scaled &- clamp.min
            let raised = scaled &- (belowMin & (belowMin &>> 31))
            let aboveMax = raised &- clamp.max
            return Int8(truncatingIfNeeded: clamp.max &+ (aboveMax & (aboveMax &>> 31)))
        }

        /// `Int64(x)`, which Embedded Swift with `-no-allocations` rejects on 32-bit targets
        /// (docs/EMBEDDED.md): the two halves of a sign-extended little-endian Int64 (the runtime
        /// assumes little-endian). LLVM sees a plain sign extension and, with the multiply,
        /// forms `smmlar`.
        @inline(__always)
        static func widened(_ x: Int32) -> Int64 {
            unsafeBitCast((UInt32(bitPattern: x), x &>> 31), to: Int64.self)
        }
    }
}
