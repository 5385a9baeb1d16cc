import OctetRuntime

/// TFLite Micro's reference int8 LOGISTIC, QUANTIZE (int8 → int8), MEAN and TRANSPOSE,
/// transcribed loop for loop with the Int64 helpers of `TFLiteArithmetic`.
extension Reference {
    /// reference_integer_ops::Logistic: saturate beyond the radius, else gemmlowp's logistic
    /// of the input rescaled into Q4.27, rescaled to Q0.8 around −128.
    public static func logistic(input: Int8Tensor, parameters p: LogisticParameters, output: MutableInt8Tensor) {
        for i in 0..<input.shape.elementCount {
            let x = Int32(input.data[i]) - input.zeroPoint
            if x <= -p.inputRangeRadius {
                output.data[i] = -128
            } else if x >= p.inputRangeRadius {
                output.data[i] = 127
            } else {
                let inQ4 = TFLiteArithmetic.multiplyByQuantizedMultiplier(x, p.inputMultiplier, p.inputLeftShift)
                let inQ23 = TFLiteArithmetic.roundingDivideByPOT(gemmlowpLogistic(inQ4), 31 - 8)
                output.data[i] = Int8(min(max(inQ23 - 128, -128), 127))
            }
        }
    }

    /// gemmlowp `logistic` for FixedPoint<int32, 4>, Q0 result.
    static func gemmlowpLogistic(_ a: Int32) -> Int32 {
        let absolute = a > 0 ? a : -a
        // logistic_on_positive_values: 1 / (1 + exp(-|a|)).
        let positive = oneOverOnePlusX(expOnNegativeValues(-absolute, kIntegerBits: 4))
        let negative = Int32.max - positive  // ResultF::One() - positive
        if a == 0 { return 1 << 30 }
        return a > 0 ? positive : negative
    }

    /// reference_ops::Requantize for int8 → int8.
    public static func requantize(input: Int8Tensor, multiplier m: QuantizedMultiplier, output: MutableInt8Tensor) {
        for i in 0..<input.shape.elementCount {
            let x = Int32(input.data[i]) - input.zeroPoint
            let scaled = Int64(TFLiteArithmetic.multiplyByQuantizedMultiplier(x, m.multiplier, m.shift)) + Int64(output.zeroPoint)
            output.data[i] = Int8(min(max(scaled, -128), 127))
        }
    }

    /// The multiplier and shift `QuantizedMeanOrSum` uses for a mean of `count` elements,
    /// from Prepare's `QuantizeMultiplier(inputScale / outputScale)`.
    public static func meanMultiplier(prepared: QuantizedMultiplier, count: Int) -> QuantizedMultiplier {
        let n = Int64(count)
        var shift = 63 - n.leadingZeroBitCount  // 63 - CountLeadingZeros(uint64 n)
        shift = min(shift, 32)
        shift = min(shift, 31 + Int(prepared.shift))
        let multiplier = Int32(truncatingIfNeeded: (Int64(prepared.multiplier) << Int64(shift)) / n)
        return QuantizedMultiplier(multiplier: multiplier, shift: prepared.shift - Int32(shift))
    }

    /// QuantizedMeanOrSum (mean) over axes 1 and 2 of an NHWC tensor, with the multiplier
    /// already divided by the count (`meanMultiplier`).
    public static func mean(input: Int8Tensor, multiplier m: QuantizedMultiplier, output: MutableInt8Tensor) {
        let s = input.shape
        let count = Int64(s.h * s.w)
        for b in 0..<s.n {
            for c in 0..<s.c {
                var sum: Int32 = 0
                for y in 0..<s.h {
                    for x in 0..<s.w { sum = sum &+ Int32(input.data[((b * s.h + y) * s.w + x) * s.c + c]) }
                }
                let shiftedSum = Int32(truncatingIfNeeded: Int64(sum) - Int64(input.zeroPoint) * count)
                let value = Int64(TFLiteArithmetic.multiplyByQuantizedMultiplier(shiftedSum, m.multiplier, m.shift))
                    + Int64(output.zeroPoint)
                output.data[b * s.c + c] = Int8(min(max(value, -128), 127))
            }
        }
    }

    /// reference_ops::Transpose: output index `o` reads input index `i` with
    /// `i[permutation[k]] = o[k]`.
    public static func transpose(input: Int8Tensor, permutation: [Int], output: MutableInt8Tensor) {
        let inDims = [input.shape.n, input.shape.h, input.shape.w, input.shape.c]
        let outDims = [output.shape.n, output.shape.h, output.shape.w, output.shape.c]
        var o = [0, 0, 0, 0]
        for flat in 0..<output.shape.elementCount {
            var rest = flat
            for axis in (0..<4).reversed() {
                o[axis] = rest % outDims[axis]
                rest /= outDims[axis]
            }
            var i = [0, 0, 0, 0]
            for k in 0..<4 { i[permutation[k]] = o[k] }
            output.data[flat] = input.data[((i[0] * inDims[1] + i[1]) * inDims[2] + i[2]) * inDims[3] + i[3]]
        }
    }
}
