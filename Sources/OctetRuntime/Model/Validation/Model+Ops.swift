extension Model {
    /// Decodes an op record; nil for an unknown kind. Operand entries are not checked here.
    func decodeOp(at record: Int) -> OpInfo? {
        typealias O = FormatLayout.Op
        guard let kind = OpKind(rawValue: reader.uncheckedUInt16(record + O.kind)) else { return nil }
        let start = Int(reader.uncheckedUInt32(record + O.operandsStart))
        return OpInfo(
            kind: kind, operandCount: Int(reader.uncheckedUInt32(record + O.operandCount)), reader: reader,
            operandsOffset: operandTableOffset + 4 * start, parametersOffset: record + O.parameters)
    }

    /// Checks op `index`: kind, operand list, then the checks of its kind.
    func validateOp(_ index: Int) throws(ModelError) {
        typealias O = FormatLayout.Op
        let record = opRecordOffset(index)
        let rawKind = reader.uncheckedUInt16(record + O.kind)
        guard let op = decodeOp(at: record) else {
            throw .invalidOp(index: index, recordOffset: record, .unknownKind(rawKind))
        }
        guard reader.uncheckedUInt16(record + O.reserved) == 0 else { throw .reservedNotZero(offset: record + O.reserved) }
        try checkOperandRange(start: Int(reader.uncheckedUInt32(record + O.operandsStart)), count: op.operandCount)
        let check = OpChecker(model: self, index: index, record: record, op: op)
        switch op.kind {
        case .conv2D: try check.conv2D()
        case .depthwiseConv2D: try check.depthwiseConv2D()
        case .fullyConnected: try check.fullyConnected()
        case .maxPool2D, .averagePool2D: try check.pool()
        case .add: try check.add()
        case .concatenation: try check.concatenation()
        case .pad: try check.pad()
        case .reshape: try check.reshape()
        case .softmax: try check.softmax()
        case .logistic: try check.logistic()
        case .requantize: try check.requantize()
        case .mean: try check.mean()
        case .transpose: try check.transpose()
        }
    }

    /// Arena tensors alive at the same step never share bytes, the header's arena size is their
    /// extent rounded up to the alignment, and every graph output is written by some op (or is
    /// an input passed through).
    ///
    /// The loader cannot allocate, so it cannot sort: the overlap check compares each pair of
    /// arena tensors, reading only the four fields it needs; the table caps bound the pairs.
    func validateArenaPlan() throws(ModelError) {
        for position in 0..<outputCount {
            let index = outputTensorIndex(position)
            guard isGraphInput(index) || producedTensor(at: tensor(index).firstStep) == index else {
                throw .invalidGraph(.badOutput(tensor: index))
            }
        }
        var extent = 0
        for first in 0..<tensorCount {
            guard let a = arenaSpan(first) else { continue }
            extent = max(extent, a.end)
            for second in (first + 1)..<max(first + 1, tensorCount) {
                guard let b = arenaSpan(second), a.firstStep <= b.lastStep, b.firstStep <= a.lastStep,
                    a.offset < b.end, b.offset < a.end
                else { continue }
                if !writesInPlace(first, second) && !writesInPlace(second, first) {
                    throw .arenaOverlap(tensor: first, other: second)
                }
            }
        }
        let planned = (extent + FormatLayout.alignment - 1) / FormatLayout.alignment * FormatLayout.alignment
        guard arenaSize == planned else { throw .arenaSizeMismatch(declared: arenaSize, planned: planned) }
    }

    /// The bytes and lifetime of an arena tensor (already validated, so the sums cannot
    /// overflow), or nil for a constant.
    private func arenaSpan(_ index: Int) -> (offset: Int, end: Int, firstStep: Int, lastStep: Int)? {
        typealias T = FormatLayout.Tensor
        let record = tensorTableOffset &+ index &* T.size
        guard reader.base.load(fromByteOffset: record &+ T.storage, as: UInt8.self) == Storage.arena.rawValue else {
            return nil
        }
        let offset = Int(reader.uncheckedUInt32(record &+ T.dataOffset))
        return (offset, offset &+ Int(reader.uncheckedUInt32(record &+ T.byteLength)),
                Int(reader.uncheckedInt32(record &+ T.firstStep)), Int(reader.uncheckedInt32(record &+ T.lastStep)))
    }

    /// Whether tensor `output` may take over tensor `input`'s bytes: the op that writes
    /// `output` is a pooling op without padding that reads `input` last (and `input` is not a
    /// graph output, which must survive the invoke), and both start at the same offset. Such an op reads every window before writing its output pixel, and output
    /// pixel `i` (at `i · C`) is never after the first tap of any later window
    /// (`(y·s·W + x·s) · C ≥ (y·Wo + x) · C`), so no tap is read after it is overwritten.
    public func writesInPlace(_ input: Int, _ output: Int) -> Bool {
        guard input >= 0, input < tensorCount, output >= 0, output < tensorCount else { return false }
        let (a, b) = (tensor(input), tensor(output))
        guard a.storage == .arena, b.storage == .arena, a.dataOffset == b.dataOffset, a.lastStep == b.firstStep,
            !isGraphOutput(input)
        else { return false }
        let op = self.op(b.firstStep)
        guard op.kind == .maxPool2D || op.kind == .averagePool2D, op.operand(0) == input, op.output == output else {
            return false
        }
        typealias P = OpParameter.Pool
        return op.parameter(P.padTop) == 0 && op.parameter(P.padLeft) == 0 && op.parameter(P.padBottom) == 0
            && op.parameter(P.padRight) == 0
    }
}

extension OpChecker {
    typealias Convolution = OpParameter.Convolution

    /// The geometry parameters every convolution has, and the output extent they imply.
    private func convolutionGeometry(input: TensorInfo, output: TensorInfo, kernelH: Int, kernelW: Int,
                                     outputPosition: Int) throws(ModelError) -> ConvolutionGeometry {
        let geometry = ConvolutionGeometry(
            strideH: try positive(Convolution.strideH), strideW: try positive(Convolution.strideW),
            dilationH: try positive(Convolution.dilationH), dilationW: try positive(Convolution.dilationW),
            padTop: try padding(Convolution.padTop), padLeft: try padding(Convolution.padLeft))
        guard output.shape.n == input.shape.n else { throw fail(.shapeMismatch(position: outputPosition)) }
        try expectOutputExtent(
            input: input.shape.h, window: (kernelH - 1) * geometry.dilationH + 1, stride: geometry.strideH,
            padBefore: geometry.padTop, padAfter: try padding(Convolution.padBottom), output: output.shape.h,
            position: outputPosition)
        try expectOutputExtent(
            input: input.shape.w, window: (kernelW - 1) * geometry.dilationW + 1, stride: geometry.strideW,
            padBefore: geometry.padLeft, padAfter: try padding(Convolution.padRight), output: output.shape.w,
            position: outputPosition)
        _ = try clamp(minSlot: Convolution.clampMin, maxSlot: Convolution.clampMax)
        return geometry
    }

    func conv2D() throws(ModelError) {
        try expectOperandCount(5)
        let input = try required(0, .input)
        let scratch = try operand(3, .scratch)
        let output = try required(4, .output)
        try expectUnusedParametersZero(from: Convolution.kernelW + 1)
        let kernelH = try positive(Convolution.kernelH), kernelW = try positive(Convolution.kernelW)
        let groups = try positive(Convolution.groupsOrMultiplier)
        guard input.shape.c % groups == 0, output.shape.c % groups == 0 else {
            throw fail(.parameter(slot: Convolution.groupsOrMultiplier, value: Int32(groups)))
        }
        let geometry = try convolutionGeometry(
            input: input, output: output, kernelH: kernelH, kernelW: kernelW, outputPosition: 4)
        // |w · x| < 2^14, so an int32 sum of up to 2^16 taps plus the bias cannot overflow.
        let shape = PackedGEMMShape(depth: kernelH * kernelW * (input.shape.c / groups), columns: output.shape.c / groups,
                                    groups: groups)
        guard shape.depth <= 1 << 16 else { throw fail(.parameter(slot: Convolution.kernelH, value: Int32(kernelH))) }
        try packedWeights(shape: shape, weightsPosition: 1, constantsPosition: 2)
        try expectScratch(scratch, needed: Conv2D.scratchByteCount(
            input: input.shape, output: output.shape, kernelH: kernelH, kernelW: kernelW, groups: groups,
            geometry: geometry))
    }

    func depthwiseConv2D() throws(ModelError) {
        try expectOperandCount(7)
        let input = try required(0, .input)
        let filter = try required(1, .constant(.int8))
        let bias = try required(2, .constant(.int32))
        let multipliers = try required(3, .constant(.int32))
        let shifts = try required(4, .constant(.int32))
        let scratch = try operand(5, .scratch)
        let output = try required(6, .output)
        try expectUnusedParametersZero(from: Convolution.kernelW + 1)
        let multiplier = try positive(Convolution.groupsOrMultiplier)
        guard filter.zeroPoint == 0 else { throw fail(.quantizationMismatch(position: 1)) }
        let outChannels = output.shape.c
        guard filter.shape.n == 1, filter.shape.c == outChannels,
            filter.shape.h == Int(op.parameter(Convolution.kernelH)), filter.shape.w == Int(op.parameter(Convolution.kernelW))
        else { throw fail(.shapeMismatch(position: 1)) }
        guard input.shape.c * multiplier == outChannels else {
            throw fail(.parameter(slot: Convolution.groupsOrMultiplier, value: Int32(multiplier)))
        }
        // |w * (x - zp)| <= 127 * 255, so an int32 sum of up to 2^16 taps cannot overflow.
        guard filter.shape.h * filter.shape.w <= 1 << 16 else { throw fail(.shapeMismatch(position: 1)) }
        guard bias.shape.elementCount == outChannels else { throw fail(.shapeMismatch(position: 2)) }
        try channelRequantization(multipliers: multipliers, shifts: shifts, channels: outChannels, positions: (3, 4))
        let geometry = try convolutionGeometry(
            input: input, output: output, kernelH: filter.shape.h, kernelW: filter.shape.w, outputPosition: 6)
        try expectScratch(scratch, needed: DepthwiseConv2D.scratchByteCount(
            input: input.shape, filter: filter.shape, output: output.shape, geometry: geometry))
    }

    func fullyConnected() throws(ModelError) {
        try expectOperandCount(5)
        let input = try required(0, .input)
        let scratch = try operand(3, .scratch)
        let output = try required(4, .output)
        try expectUnusedParametersZero(from: OpParameter.FullyConnected.clampMax + 1)
        _ = try clamp(minSlot: OpParameter.FullyConnected.clampMin, maxSlot: OpParameter.FullyConnected.clampMax)
        // TFLite's rows: the output's positions; the input must split into that many rows.
        guard input.shape.elementCount % FullyConnected.rowCount(output: output.shape) == 0 else {
            throw fail(.shapeMismatch(position: 4))
        }
        let depth = FullyConnected.depth(input: input.shape, output: output.shape)
        guard depth <= 1 << 16 else { throw fail(.shapeMismatch(position: 0)) }
        try packedWeights(shape: PackedGEMMShape(depth: depth, columns: output.shape.c),
                          weightsPosition: 1, constantsPosition: 2)
        try expectScratch(scratch, needed: FullyConnected.scratchByteCount(input: input.shape, output: output.shape))
    }

    func pool() throws(ModelError) {
        typealias P = OpParameter.Pool
        try expectOperandCount(2)
        let input = try required(0, .input)
        let output = try required(1, .output)
        try expectUnusedParametersZero(from: P.clampMax + 1)
        let kernelH = try positive(P.kernelH)
        let kernelW = try positive(P.kernelW)
        let strideH = try positive(P.strideH)
        let strideW = try positive(P.strideW)
        // Padding below the window size keeps at least one input tap in every window, so
        // the average's divisor is never zero.
        let padTop = try parameter(P.padTop, in: 0...Int32(kernelH - 1))
        let padLeft = try parameter(P.padLeft, in: 0...Int32(kernelW - 1))
        let padBottom = try parameter(P.padBottom, in: 0...Int32(kernelH - 1))
        let padRight = try parameter(P.padRight, in: 0...Int32(kernelW - 1))
        _ = try clamp(minSlot: P.clampMin, maxSlot: P.clampMax)
        guard output.sharesQuantization(with: input) else { throw fail(.quantizationMismatch(position: 1)) }
        guard output.shape.n == input.shape.n, output.shape.c == input.shape.c else {
            throw fail(.shapeMismatch(position: 1))
        }
        try expectOutputExtent(
            input: input.shape.h, window: kernelH, stride: strideH, padBefore: padTop, padAfter: padBottom,
            output: output.shape.h, position: 1)
        try expectOutputExtent(
            input: input.shape.w, window: kernelW, stride: strideW, padBefore: padLeft, padAfter: padRight,
            output: output.shape.w, position: 1)
    }

    func add() throws(ModelError) {
        typealias A = OpParameter.Add
        try expectOperandCount(5)
        let input1 = try required(0, .input)
        let input2 = try required(1, .input)
        let table1 = try required(2, .constant(.int32))
        let table2 = try required(3, .constant(.int32))
        let output = try required(4, .output)
        try expectUnusedParametersZero(from: A.clampMax + 1)
        // TFLite's ADD output multiplier is below one (`QuantizeMultiplierSmallerThanOneExp`).
        let multiplier = try quantizedMultiplier(multiplierSlot: A.outputMultiplier, shiftSlot: A.outputShift)
        guard multiplier.shift <= 0 else { throw fail(.parameter(slot: A.outputShift, value: multiplier.shift)) }
        _ = try clamp(minSlot: A.clampMin, maxSlot: A.clampMax)
        try addTable(table1, of: input1, position: 2)
        try addTable(table2, of: input2, position: 3)
        guard input2.shape == input1.shape else { throw fail(.shapeMismatch(position: 1)) }
        guard output.shape == input1.shape else { throw fail(.shapeMismatch(position: 4)) }
    }

    /// An input's rescale table: 256 entries below `Add.tableEntryLimit` in magnitude (what the
    /// kernel's exactness needs), and 0 at the input's zero point (x − zp = 0 rescales to 0),
    /// which catches a table built for another tensor.
    private func addTable(_ table: TensorInfo, of input: TensorInfo, position: Int) throws(ModelError) {
        guard table.shape == Shape(n: 1, h: 1, w: 1, c: 256) else { throw fail(.shapeMismatch(position: position)) }
        let entries = model.constantData(of: table, as: Int32.self)
        for index in 0..<256 {
            let entry = Int32(littleEndian: entries[index])
            guard entry > -Add.tableEntryLimit, entry < Add.tableEntryLimit else { throw fail(.operandKind(position: position)) }
        }
        guard entries[Int(input.zeroPoint) + 128] == 0 else { throw fail(.quantizationMismatch(position: position)) }
    }

    /// Without rescales every input must have the output's quantization. With them, each
    /// input's entry is 0, 0 exactly when it has (a copy, so one file has one meaning) and
    /// otherwise a Q31 multiplier in [2^30, 2^31) with a shift in −31 ... 31.
    func concatenation() throws(ModelError) {
        typealias C = OpParameter.Concatenation
        try expectUnusedParametersZero(from: C.requantizesInputs + 1)
        let requantizes = try parameter(C.requantizesInputs, in: 0...1) == 1
        let minimum = requantizes ? 3 : 2
        guard op.operandCount >= minimum else { throw fail(.operandCount(expected: minimum, actual: op.operandCount)) }
        let outputPosition = op.operandCount - 1
        let inputCount = outputPosition - (requantizes ? 1 : 0)
        let output = try required(outputPosition, .output)
        let axis = 3 - Int(try parameter(C.axisFromLast, in: 0...3))
        var rescales: UnsafePointer<Int32>? = nil
        if requantizes {
            let table = try required(inputCount, .constant(.int32))
            guard table.shape == Shape(n: 1, h: 1, w: 1, c: 2 * inputCount) else {
                throw fail(.shapeMismatch(position: inputCount))
            }
            rescales = model.constantData(of: table, as: Int32.self)
        }
        var joined = 0
        for position in 0..<inputCount {
            let input = try required(position, .input)
            for other in 0..<4 where other != axis && input.shape.dimension(other) != output.shape.dimension(other) {
                throw fail(.shapeMismatch(position: position))
            }
            guard input.shape.dimension(axis) <= output.shape.dimension(axis) - joined else {
                throw fail(.shapeMismatch(position: position))
            }
            let shares = input.sharesQuantization(with: output)
            if let rescales {
                let multiplier = Int32(littleEndian: rescales[2 * position])
                let shift = Int32(littleEndian: rescales[2 * position + 1])
                guard (multiplier == 0 && shift == 0) || (multiplier >= 1 << 30 && shift >= -31 && shift <= 31) else {
                    throw fail(.operandKind(position: inputCount))
                }
                guard shares == (multiplier == 0) else { throw fail(.quantizationMismatch(position: position)) }
            } else {
                guard shares else { throw fail(.quantizationMismatch(position: position)) }
            }
            joined += input.shape.dimension(axis)
        }
        guard joined == output.shape.dimension(axis) else { throw fail(.shapeMismatch(position: outputPosition)) }
    }

    func pad() throws(ModelError) {
        typealias P = OpParameter.Pad
        try expectOperandCount(2)
        let input = try required(0, .input)
        let output = try required(1, .output)
        try expectUnusedParametersZero(from: P.padBack + 1)
        // Fill value 0 when the border is the zero point, so one file has one meaning.
        let explicitFill = try parameter(P.explicitFill, in: 0...1)
        _ = try parameter(P.fillValue, in: explicitFill == 1 ? -128...127 : 0...0)
        let expected = Shape(
            n: input.shape.n, h: input.shape.h + (try padding(P.padTop)) + (try padding(P.padBottom)),
            w: input.shape.w + (try padding(P.padLeft)) + (try padding(P.padRight)),
            c: input.shape.c + (try padding(P.padFront)) + (try padding(P.padBack)))
        guard output.shape == expected else { throw fail(.shapeMismatch(position: 1)) }
        guard output.sharesQuantization(with: input) else { throw fail(.quantizationMismatch(position: 1)) }
    }

    func reshape() throws(ModelError) {
        try expectOperandCount(2)
        let input = try required(0, .input)
        let output = try required(1, .output)
        try expectUnusedParametersZero(from: 0)
        guard output.shape.elementCount == input.shape.elementCount else { throw fail(.shapeMismatch(position: 1)) }
        guard output.sharesQuantization(with: input) else { throw fail(.quantizationMismatch(position: 1)) }
    }

    func softmax() throws(ModelError) {
        typealias S = OpParameter.Softmax
        try expectOperandCount(2)
        let input = try required(0, .input)
        let output = try required(1, .output)
        try expectUnusedParametersZero(from: S.diffMin + 1)
        _ = try parameter(S.inputBetaMultiplier, in: 1...Int32.max)
        _ = try parameter(S.inputBetaLeftShift, in: 0...31)
        _ = try parameter(S.diffMin, in: Int32.min...0)
        guard output.shape == input.shape else { throw fail(.shapeMismatch(position: 1)) }
        guard output.scale == 1.0 / 256, output.zeroPoint == -128 else { throw fail(.quantizationMismatch(position: 1)) }
    }

    /// The scratch operand holds at least `needed` bytes (and may be absent when none are needed).
    func expectScratch(_ scratch: TensorInfo?, needed: Int) throws(ModelError) {
        let available = scratch?.byteLength ?? 0
        guard available >= needed else { throw fail(.scratchTooSmall(needed: needed, available: available)) }
    }
}
