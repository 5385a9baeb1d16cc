import OctetRuntime

/// Reading constant tensors: weights, biases and the small index tensors (axes, paddings,
/// permutations) whose values become op parameters.
extension GraphTranslation {
    /// The bytes of constant `index`, checked to be exactly its shape's elements of `type`.
    func constantBytes(_ index: Int, type: TFLiteTensorType) throws(ImportError) -> ArraySlice<UInt8> {
        let tensor = self.tensor(index)
        guard tensor.type == type else {
            throw fail(.unsupportedType, "\(tensor.label) is \(tensor.type); expected \(type)")
        }
        let data = model.data(of: tensor)
        guard !data.isEmpty else { throw fail(.unsupported, "\(tensor.label) must be a constant (it has no data)") }
        var count = 1
        for dimension in tensor.shape {
            guard dimension >= 0 else { throw fail(.malformed, "\(tensor.label) has shape \(tensor.shape)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail(.malformed, "\(tensor.label) has shape \(tensor.shape)") }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: type.elementSize ?? 1)
        guard !overflow, data.count == byteCount else {
            throw fail(.malformed, "\(tensor.label) holds \(data.count) bytes, not the \(count) \(type) values of shape \(tensor.shape)")
        }
        return data
    }

    /// Weights: int8 with zero point 0, one scale per index of `axis` or one for all.
    func weights(_ index: Int, axis: Int) throws(ImportError) -> (values: [Int8], scales: [Float]) {
        let tensor = self.tensor(index)
        let values = try constantBytes(index, type: .int8).map { Int8(bitPattern: $0) }
        let channels = tensor.shape[axis]
        guard tensor.scales.count == 1 || (tensor.scales.count == channels && tensor.quantizedDimension == axis) else {
            throw fail(.unsupported, "\(tensor.label) has \(tensor.scales.count) scales on dimension \(tensor.quantizedDimension); expected 1 or \(channels) on dimension \(axis)")
        }
        guard tensor.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw fail(.unsupported, "\(tensor.label) has a non-zero zero point; Octet's weights are symmetric, as TFLM's int8 kernels require")
        }
        guard tensor.scales.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw fail(.inconsistent, "\(tensor.label) has a negative or non-finite scale")
        }
        let scales = tensor.scales.count == 1 ? Array(repeating: tensor.scales[0], count: channels) : tensor.scales
        return (values, scales)
    }

    /// An int32 bias of `count` entries, or zeros when the operator omits it.
    func bias(_ index: Int?, count: Int) throws(ImportError) -> [Int32] {
        guard let index else { return Array(repeating: 0, count: count) }
        let values = try int32s(index)
        guard values.count == count else {
            throw fail(.inconsistent, "\(tensor(index).label) has \(values.count) biases for \(count) output channels")
        }
        return values
    }

    func int32s(_ index: Int) throws(ImportError) -> [Int32] {
        let bytes = try constantBytes(index, type: .int32)
        return stride(from: bytes.startIndex, to: bytes.endIndex, by: 4).map { i in
            Int32(truncatingIfNeeded: FlatBuffer.littleEndian(bytes[i..<(i + 4)]))
        }
    }

    /// A small int32 or int64 index tensor (axes, paddings, permutations, shapes).
    func indices(_ index: Int) throws(ImportError) -> [Int] {
        let tensor = self.tensor(index)
        guard tensor.type == .int64 else { return try int32s(index).map(Int.init) }
        let bytes = try constantBytes(index, type: .int64)
        return stride(from: bytes.startIndex, to: bytes.endIndex, by: 8).map { i in
            Int(truncatingIfNeeded: Int64(bitPattern: FlatBuffer.littleEndian(bytes[i..<(i + 8)])))
        }
    }
}
