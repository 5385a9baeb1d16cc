import Testing
@testable import OctetRuntime
import OctetTestSupport

@Suite("Concatenation and Pad are bit-exact with the reference")
struct ElementwiseTests {
    @Test("Concatenation: one to three inputs along each of the four axes, random sizes")
    func concatenation() {
        var rng = SplitMix64(seed: 0xCA7)
        for index in 0..<400 {
            let axis = index % 4
            var dims = [rng.int(1...2), rng.int(1...5), rng.int(1...5), rng.int(1...9)]
            let inputs = (0..<rng.int(1...3)).map { _ in
                dims[axis] = rng.int(1...4)
                return rng.tensor(Shape(n: dims[0], h: dims[1], w: dims[2], c: dims[3]))
            }
            dims[axis] = inputs.map { $0.shape.dimension(axis) }.reduce(0, +)
            let outputShape = Shape(n: dims[0], h: dims[1], w: dims[2], c: dims[3])
            var reference = OwnedTensor(shape: outputShape, zeroPoint: 0, fill: 99)
            var optimized = reference
            var offset = 0
            for input in inputs {
                input.withTensor { tensor in
                    reference.withMutableTensor { Reference.concatenate(input: tensor, into: $0, axis: axis, offset: offset) }
                    optimized.withMutableTensor { Concatenation.copy(input: tensor, into: $0, axis: axis, offset: offset) }
                }
                offset += input.shape.dimension(axis)
            }
            #expect(optimized == reference, "case \(index)")
        }
    }

    @Test("Concatenation: inputs copied or requantized to the output's zero point, random shifts and zero points")
    func requantizingConcatenation() {
        var rng = SplitMix64(seed: 0xC0C47)
        for index in 0..<400 {
            let axis = index % 4
            let outputZeroPoint = AddTests.zeroPoint(&rng)
            var dims = [rng.int(1...2), rng.int(1...5), rng.int(1...5), rng.int(1...19)]
            let inputs = (0..<rng.int(1...3)).map { _ -> (OwnedTensor, QuantizedMultiplier?) in
                dims[axis] = rng.int(1...4)
                let shape = Shape(n: dims[0], h: dims[1], w: dims[2], c: dims[3])
                // Mostly ratios near 1 (−2 ... 1), sometimes any shift, sometimes a copy.
                let rescale: QuantizedMultiplier? = switch rng.int(0...5) {
                case 0: nil
                case 1: rng.quantizedMultiplier(shifts: -31...31)
                default: rng.quantizedMultiplier(shifts: -2...1)
                }
                let zeroPoint = rescale == nil ? outputZeroPoint : AddTests.zeroPoint(&rng)
                return (OwnedTensor(values: rng.int8s(count: shape.elementCount), shape: shape, zeroPoint: zeroPoint), rescale)
            }
            dims[axis] = inputs.map { $0.0.shape.dimension(axis) }.reduce(0, +)
            var reference = OwnedTensor(shape: Shape(n: dims[0], h: dims[1], w: dims[2], c: dims[3]), zeroPoint: outputZeroPoint, fill: 99)
            var optimized = reference
            var offset = 0
            for (input, rescale) in inputs {
                input.withTensor { tensor in
                    reference.withMutableTensor {
                        Reference.concatenate(input: tensor, into: $0, axis: axis, offset: offset, rescale: rescale)
                    }
                    optimized.withMutableTensor { output in
                        if let rescale {
                            Concatenation.requantize(input: tensor, multiplier: rescale, into: output, axis: axis, offset: offset)
                        } else {
                            Concatenation.copy(input: tensor, into: output, axis: axis, offset: offset)
                        }
                    }
                }
                offset += input.shape.dimension(axis)
            }
            #expect(optimized == reference, "case \(index)")
        }
    }

    @Test("Pad: random paddings on every side and of channels, filled with the zero point or an explicit value")
    func pad() {
        var rng = SplitMix64(seed: 0xBAD)
        for index in 0..<200 {
            let input = rng.tensor(Shape(n: rng.int(1...2), h: rng.int(1...6), w: rng.int(1...6), c: rng.int(1...8)))
            let top = rng.int(0...3), left = rng.int(0...3), front = index % 3 == 0 ? rng.int(0...3) : 0
            let outputShape = Shape(
                n: input.shape.n, h: input.shape.h + top + rng.int(0...3), w: input.shape.w + left + rng.int(0...3),
                c: input.shape.c + front + (index % 3 == 0 ? rng.int(0...3) : 0))
            var reference = OwnedTensor(shape: outputShape, zeroPoint: input.zeroPoint, fill: 99)
            var optimized = reference
            let fill = index % 2 == 0 ? Int8(input.zeroPoint) : Int8.random(in: -128...127, using: &rng)
            input.withTensor { tensor in
                reference.withMutableTensor {
                    Reference.pad(input: tensor, padTop: top, padLeft: left, padFront: front, fill: fill, output: $0)
                }
                optimized.withMutableTensor {
                    Pad.run(input: tensor, padTop: top, padLeft: left, padFront: front, fill: fill, output: $0)
                }
            }
            #expect(optimized == reference, "case \(index)")
        }
    }
}
