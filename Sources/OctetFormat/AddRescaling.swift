import OctetRuntime

/// TFLite's quantized ADD parameters as its `Prepare` computes them: both inputs are shifted
/// left by 20 and rescaled to twice the larger input scale, then the sum is rescaled to the
/// output. The writer turns the input multipliers into the model's two 256-entry tables.
public struct AddRescaling: Equatable, Sendable {
    public var leftShift: Int32
    public var input1: QuantizedMultiplier
    public var input2: QuantizedMultiplier
    /// Below one (shift ≤ 0), as TFLite's `QuantizeMultiplierSmallerThanOneExp` requires.
    public var output: QuantizedMultiplier
    public var clamp: ActivationClamp

    public init(
        leftShift: Int32, input1: QuantizedMultiplier, input2: QuantizedMultiplier, output: QuantizedMultiplier,
        clamp: ActivationClamp
    ) {
        self.leftShift = leftShift
        self.input1 = input1
        self.input2 = input2
        self.output = output
        self.clamp = clamp
    }

    /// TFLite's preparation from the three tensors' scales (positive and finite); nil when the
    /// output multiplier is not below one, which happens only when the output scale is over
    /// 2^19 times finer than the inputs'. The quantizer reports that as an error naming the layer.
    public init?(input1Scale: Double, input2Scale: Double, outputScale: Double, clamp: ActivationClamp) {
        let leftShift: Int32 = 20
        let twiceMaxInputScale = 2 * max(input1Scale, input2Scale)
        guard let output = QuantizedMultiplier(representing: twiceMaxInputScale / (Double(1 << leftShift) * outputScale)),
              output.shift <= 0
        else { return nil }
        self.init(
            leftShift: leftShift,
            input1: QuantizedMultiplier(approximating: input1Scale / twiceMaxInputScale),
            input2: QuantizedMultiplier(approximating: input2Scale / twiceMaxInputScale),
            output: output, clamp: clamp)
    }

    /// One input's table: entry `i` is TFLite's rescale of int8 value `i − 128`,
    /// `MultiplyByQuantizedMultiplierSmallerThanOneExp((x − zeroPoint) << leftShift, multiplier)`.
    public func table(multiplier: QuantizedMultiplier, zeroPoint: Int32) -> [Int32] {
        (-128...127).map { Requantize.multiply((Int32($0) - zeroPoint) << leftShift, by: multiplier) }
    }
}
