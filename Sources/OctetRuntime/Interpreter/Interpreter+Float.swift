/// Conversions between real values and the int8 graph inputs and outputs, for callers that
/// hold floats (on a device the input usually arrives as int8 already and this is unused).
extension Interpreter {
    /// Quantizes real `values` (NHWC order, one per input element) into graph input
    /// `position`: `q = clamp(round(x / scale) + zeroPoint, -128, 127)`, rounding half away
    /// from zero. `values.count` must equal the input's element count.
    public func setInput(_ values: UnsafeBufferPointer<Float>, position: Int = 0) {
        let info = model.tensor(model.inputTensorIndex(position))
        precondition(values.count == info.shape.elementCount, "input element count mismatch")
        let destination = input(position).data
        for index in 0..<values.count {
            destination[index] = Self.quantize(values[index], scale: info.scale, zeroPoint: info.zeroPoint)
        }
    }

    /// Writes the real values of graph output `position`: `scale * (q - zeroPoint)`.
    public func dequantizeOutput(into values: UnsafeMutableBufferPointer<Float>, position: Int = 0) {
        let info = model.tensor(model.outputTensorIndex(position))
        precondition(values.count == info.shape.elementCount, "output element count mismatch")
        let source = output(position).data
        for index in 0..<values.count {
            // `Float(Int(_:))`: Float from a narrower integer is rejected by `-no-allocations` on
            // 32-bit targets (Swift 6.3.1), Float from the word-sized Int is not.
            values[index] = info.scale * Float(Int(Int32(source[index]) - info.zeroPoint))
        }
    }

    /// One real value to int8 with this scale and zero point, saturating.
    @inlinable
    public static func quantize(_ value: Float, scale: Float, zeroPoint: Int32) -> Int8 {
        let scaled = (value / scale).rounded(.toNearestOrAwayFromZero) + Float(Int(zeroPoint))
        guard scaled.isFinite else { return value.sign == .minus ? -128 : 127 }
        return Int8(max(-128, min(127, scaled)))
    }
}
