import OctetFormat
import Testing
@testable import OctetRuntime
import OctetTestSupport

/// The worked examples of docs/ARITHMETIC.md, computed by the runtime's kernels and the
/// writer's parameter arithmetic, so the specification cannot drift from the code.
@Suite("docs/ARITHMETIC.md's worked examples")
struct ArithmeticExamplesTests {
    static let pointThree = QuantizedMultiplier(multiplier: 1_288_490_189, shift: -1)

    @Test("§1: pixel 128 at scale 1/255 and zero point −128 quantizes to 0")
    func realToInt8() {
        let scale: Float = 1.0 / 255
        #expect(Interpreter.quantize(128 * scale, scale: scale, zeroPoint: -128) == 0)
    }

    @Test("§3: QuantizeMultiplier of 0.3 and of a convolution's scales")
    func multipliers() {
        #expect(QuantizedMultiplier(approximating: 0.3) == Self.pointThree)
        #expect(QuantizedMultiplier(tfliteInputScale: 1.0 / 255, filterScale: 0.02, outputScale: 0.05)
            == QuantizedMultiplier(multiplier: 1_724_724_160, shift: -9))
    }

    @Test("§4: SRDHM and the double-rounding MBQM against single rounding, M = 0.3")
    func doubleRounding() {
        // (x, SRDHM(x, m), MBQM, TFLite's single-rounding variant)
        let rows: [(Int32, Int32, Int32, Int64)] = [(1000, 600, 300, 300), (5, 3, 2, 2), (-5, -3, -2, -2), (1, 1, 1, 0),
                                                    (-298, -179, -90, -89)]
        for (x, high, result, single) in rows {
            #expect(Requantize.saturatingRoundingDoublingHighMul(x, Self.pointThree.multiplier) == high, "x = \(x)")
            #expect(Requantize.multiply(x, by: Self.pointThree) == result, "x = \(x)")
            // (x · m + 2^(30 − s)) >> (31 − s) with s = −1.
            #expect((Int64(x) * Int64(Self.pointThree.multiplier) + (1 << 31)) >> 32 == single, "x = \(x)")
        }
        // SRDHM's ties go toward +∞: 0.5 → 1, −0.5 → 0, −1.5 → −1.
        #expect(Requantize.saturatingRoundingDoublingHighMul(1, 1 << 30) == 1)
        #expect(Requantize.saturatingRoundingDoublingHighMul(-1, 1 << 30) == 0)
        #expect(Requantize.saturatingRoundingDoublingHighMul(-3, 1 << 30) == -1)
    }

    @Test("§5: the folded bias and the output stage of one channel, on every kernel path", arguments: KernelPath.all)
    func convolutionOutputStage(path: KernelPath) {
        let weights = QuantizedWeights(
            values: [3, -2, 5], bias: [1000], requantization: [QuantizedMultiplier(multiplier: 1_724_724_160, shift: -9)])
        let shape = PackedGEMMShape(depth: 3, columns: 1)
        let constants = GEMMPacking.constants(weights, shape: shape, inputZeroPoint: -128)
        #expect(constants[PackedGEMMShape.Constant.bias.rawValue * PackedGEMMShape.blockColumns] == 1768)
        #expect(constants[PackedGEMMShape.Constant.weightSum.rawValue * PackedGEMMShape.blockColumns] == 6)
        #expect(Requantize.saturatingRoundingDoublingHighMul(1428, 1_724_724_160) == 1147)

        let input = OwnedTensor(values: [-100, 20, 0], shape: Shape(n: 1, h: 1, w: 1, c: 3), zeroPoint: -128)
        var output = OwnedTensor(shape: Shape(n: 1, h: 1, w: 1, c: 1), zeroPoint: -20, fill: 99)
        let panels = GEMMPacking.panels(weights, shape: shape)
        let scratchBytes = FullyConnected.scratchByteCount(input: input.shape, output: output.shape)
        var scratch = [UInt8](repeating: 0xA5, count: scratchBytes)
        input.withTensor { tensor in
            panels.withUnsafeBufferPointer { panels in
                constants.withUnsafeBufferPointer { constants in
                    let packed = PackedWeights(shape: shape, panels: panels.baseAddress!, constants: constants.baseAddress!)
                    scratch.withUnsafeMutableBytes { scratch in
                        output.withMutableTensor {
                            FullyConnected.run(input: tensor, weights: packed, clamp: .none, output: $0, scratch: scratch, path: path)
                        }
                    }
                }
            }
        }
        #expect(output.values == [-18])
    }

    @Test("§6: ReLU6 at scale 0.03 and zero point −128 clamps to [−128, 72]")
    func reluSixClamp() {
        #expect(ActivationClamp(tflite: .relu6, scale: 0.03, zeroPoint: -128) == ActivationClamp(min: -128, max: 72))
    }

    @Test("§7: Add's Prepare, tables and one element, on every kernel path", arguments: KernelPath.all)
    func add(path: KernelPath) throws {
        let rescaling = try #require(AddRescaling(
            input1Scale: Double(Float(0.05)), input2Scale: Double(Float(0.1)), outputScale: Double(Float(0.12)),
            clamp: .none))
        #expect(rescaling.input1 == QuantizedMultiplier(multiplier: 1 << 30, shift: -1))
        #expect(rescaling.input2 == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        #expect(rescaling.output == QuantizedMultiplier(multiplier: 1_789_569_773, shift: -19))
        let table1 = rescaling.table(multiplier: rescaling.input1, zeroPoint: 3)
        let table2 = rescaling.table(multiplier: rescaling.input2, zeroPoint: -10)
        #expect(table1[40 + 128] == 9_699_328)
        #expect(table2[-60 + 128] == -26_214_400)
        #expect(Requantize.saturatingRoundingDoublingHighMul(-16_515_072, 1_789_569_773) == -13_762_561)

        let shape = Shape(n: 1, h: 1, w: 1, c: 1)
        let input1 = OwnedTensor(values: [40], shape: shape, zeroPoint: 3)
        let input2 = OwnedTensor(values: [-60], shape: shape, zeroPoint: -10)
        var output = OwnedTensor(shape: shape, zeroPoint: 5, fill: 99)
        input1.withTensor { a in
            input2.withTensor { b in
                table1.withUnsafeBufferPointer { t1 in
                    table2.withUnsafeBufferPointer { t2 in
                        let parameters = AddParameters(
                            table1: t1.baseAddress!, table2: t2.baseAddress!, output: rescaling.output, clamp: .none)
                        output.withMutableTensor { Add.run(input1: a, input2: b, parameters: parameters, output: $0, path: path) }
                    }
                }
            }
        }
        #expect(output.values == [-21])
    }

    @Test("§8: AveragePool2D rounds halves away from zero")
    func averageRounding() {
        let cases: [(sum: Int32, count: Int32, average: Int8)] = [(7, 2, 4), (-7, 2, -4), (-10, 4, -3), (11, 4, 3)]
        for (sum, count, average) in cases {
            #expect(AveragePool2D.average(sum, count: count, clamp: .none) == average, "\(sum) / \(count)")
        }
    }

    @Test("§10: Requantize from scale 0.1 to 0.04 with output zero point 10")
    func requantize() {
        let multiplier = QuantizedMultiplier(approximating: Double(Float(0.1)) / Double(Float(0.04)))
        #expect(multiplier == QuantizedMultiplier(multiplier: 1_342_177_330, shift: 2))
        let input = OwnedTensor(values: [7], shape: Shape(n: 1, h: 1, w: 1, c: 1), zeroPoint: 0)
        var output = OwnedTensor(shape: input.shape, zeroPoint: 10, fill: 99)
        input.withTensor { tensor in
            output.withMutableTensor { Requantization.run(input: tensor, multiplier: multiplier, output: $0) }
        }
        #expect(output.values == [28])
    }

    @Test("§11: Mean over 49 values at equal scales folds the count and rounds twice")
    func mean() {
        let folded = QuantizedMultiplier(multiplier: 1 << 30, shift: 1).tfliteMean(count: 49)
        #expect(folded == QuantizedMultiplier(multiplier: 701_219_150, shift: -4))
        #expect(Requantize.saturatingRoundingDoublingHighMul(23, folded.multiplier) == 8)
        #expect(Requantize.multiply(23, by: folded) == 1)
    }

    @Test("§12: Softmax of [10, 0, −20, 5] at input scale 0.1")
    func softmax() {
        let parameters = Softmax.parameters(inputScale: 0.1, beta: 1)
        #expect(parameters == SoftmaxParameters(inputBetaMultiplier: 1_717_986_944, inputBetaLeftShift: 23, diffMin: -248))
        let values: [Int8] = [10, 0, -20, 5]
        let exponentials = values.map { Softmax.exponential($0, maximum: 10, parameters) }
        #expect(exponentials == [Int32.max, 790_014_891, 106_916_886, 1_302_515_042])
        let sum = exponentials.reduce(Int32(0)) { $0 + Requantize.roundingDivideByPowerOfTwo($1!, 12) }
        #expect(sum == 1_061_263)
        let input = OwnedTensor(values: values, shape: Shape(n: 1, h: 1, w: 1, c: 4), zeroPoint: 0)
        var output = OwnedTensor(shape: input.shape, zeroPoint: -128, fill: 99)
        input.withTensor { tensor in output.withMutableTensor { Softmax.run(input: tensor, parameters: parameters, output: $0) } }
        #expect(output.values == [-2, -81, -122, -51])
    }

    @Test("§13: Logistic at input scale 0.1")
    func logistic() throws {
        let parameters = try #require(LogisticParameters(tfliteInputScale: 0.1))
        #expect(parameters == LogisticParameters(inputMultiplier: 1_717_986_944, inputLeftShift: 24, inputRangeRadius: 120))
        let inQ4 = Requantize.multiply(10, multiplier: parameters.inputMultiplier, shift: parameters.inputLeftShift)
        #expect(inQ4 == 134_217_730)
        #expect(FixedPointMath.logistic(inQ4) == 1_569_936_448)
        let outputs = ([10, -10, 25, -50, 70] as [Int8]).map { Logistic.value($0, zeroPoint: 0, parameters) }
        #expect(outputs == [59, -59, 109, -126, 127])
    }
}
