import OctetFormat
import OctetRuntime
import OctetTestSupport
import Testing

@Suite("TFLite's Prepare arithmetic: activation clamps and multipliers")
struct TFLitePrepareTests {
    @Test("fused activations: zeroPoint + roundf(f / scale), halves away from zero, bounds folded into int8")
    func activationClamps() throws {
        #expect(ActivationClamp(tflite: .none, scale: 0.05, zeroPoint: 10) == ActivationClamp.none)
        #expect(ActivationClamp(tflite: .relu, scale: 0.05, zeroPoint: 10) == ActivationClamp(min: 10, max: 127))
        // 6 / 0.05 = 120 → 130, lowered to 127.
        #expect(ActivationClamp(tflite: .relu6, scale: 0.05, zeroPoint: 10) == ActivationClamp(min: 10, max: 127))
        #expect(ActivationClamp(tflite: .relu6, scale: 0.05, zeroPoint: -128) == ActivationClamp(min: -128, max: -8))
        #expect(ActivationClamp(tflite: .reluN1To1, scale: 0.05, zeroPoint: 10) == ActivationClamp(min: -10, max: 30))
        // 1 / 0.4 is 2.5 in Float: roundf takes it to 3, not to the even 2.
        #expect(ActivationClamp(tflite: .reluN1To1, scale: 0.4, zeroPoint: 0) == ActivationClamp(min: -3, max: 3))
        // A ReLU6 with the usual 6/255 scale spans the whole int8 range.
        #expect(ActivationClamp(tflite: .relu6, scale: 6.0 / 255, zeroPoint: -128) == ActivationClamp(min: -128, max: 127))
        // TFLite's Prepare fails when a bound leaves int32.
        #expect(ActivationClamp(tflite: .relu6, scale: 1e-30, zeroPoint: 0) == nil)
    }

    @Test("weighted ops: QuantizeMultiplier of the Double product of the widened scales")
    func weightedMultipliers() {
        var rng = SplitMix64(seed: 0xF10A7)
        var differsFromFloatProduct = 0
        for _ in 0..<2000 {
            let input = Float.random(in: 0.001...0.1, using: &rng), filter = Float.random(in: 0.0001...0.01, using: &rng)
            let output = Float.random(in: 0.01...0.5, using: &rng)
            let m = QuantizedMultiplier(tfliteInputScale: input, filterScale: filter, outputScale: output)
            #expect(m == QuantizedMultiplier(approximating: Double(input) * Double(filter) / Double(output)))
            if m != QuantizedMultiplier(approximating: Double(input * filter) / Double(output)) { differsFromFloatProduct += 1 }
        }
        // The Float product moves the multiplier by up to about 2^7: it almost never agrees, so
        // the TFLM goldens' boundary cases can tell the two formulas apart.
        #expect(differsFromFloatProduct > 1500)
    }

    @Test("a Logistic or Requantize the integers cannot express is a build error naming the op")
    func unrepresentable() {
        var model = ModelBuilder()
        let input = model.addActivation(shape: Shape(n: 1, h: 1, w: 1, c: 4), scale: 32, zeroPoint: 0)
        let output = model.addActivation(shape: Shape(n: 1, h: 1, w: 1, c: 4), scale: 1.0 / 256, zeroPoint: -128)
        #expect(throws: ModelBuildError.self) { try model.logistic(input: input, output: output) }
        let tiny = model.addActivation(shape: Shape(n: 1, h: 1, w: 1, c: 4), scale: 1e-8, zeroPoint: 0)
        do {
            try model.requantize(input: input, output: tiny)
            Issue.record("a ratio of 3.2e9 was accepted")
        } catch {
            #expect("\(error)".contains("Requantize"))
        }
    }
}
