import Testing
@testable import OctetRuntime
import OctetTestSupport

@Suite("Concatenation and Pad are bit-exact with the reference")
struct ElementwiseTests {
    @Test("Concatenation: two or three inputs with random channel counts")
    func concatenation() {
        var rng = SplitMix64(seed: 0xCA7)
        for index in 0..<200 {
            let n = rng.int(1...2), h = rng.int(1...5), w = rng.int(1...5)
            let inputs = (0..<rng.int(1...3)).map { _ in rng.tensor(Shape(n: n, h: h, w: w, c: rng.int(1...9))) }
            let outputShape = Shape(n: n, h: h, w: w, c: inputs.map(\.shape.c).reduce(0, +))
            var reference = OwnedTensor(shape: outputShape, zeroPoint: 0, fill: 99)
            var optimized = reference
            var offset = 0
            for input in inputs {
                input.withTensor { tensor in
                    reference.withMutableTensor { Reference.concatenate(input: tensor, into: $0, channelOffset: offset) }
                    optimized.withMutableTensor { Concatenation.copy(input: tensor, into: $0, channelOffset: offset) }
                }
                offset += input.shape.c
            }
            #expect(optimized == reference, "case \(index)")
        }
    }

    @Test("Pad: random paddings on every side, filled with the zero point or an explicit value")
    func pad() {
        var rng = SplitMix64(seed: 0xBAD)
        for index in 0..<200 {
            let input = rng.tensor(Shape(n: rng.int(1...2), h: rng.int(1...6), w: rng.int(1...6), c: rng.int(1...8)))
            let top = rng.int(0...3), left = rng.int(0...3)
            let outputShape = Shape(
                n: input.shape.n, h: input.shape.h + top + rng.int(0...3), w: input.shape.w + left + rng.int(0...3),
                c: input.shape.c)
            var reference = OwnedTensor(shape: outputShape, zeroPoint: input.zeroPoint, fill: 99)
            var optimized = reference
            let fill = index % 2 == 0 ? Int8(input.zeroPoint) : Int8.random(in: -128...127, using: &rng)
            input.withTensor { tensor in
                reference.withMutableTensor { Reference.pad(input: tensor, padTop: top, padLeft: left, fill: fill, output: $0) }
                optimized.withMutableTensor { Pad.run(input: tensor, padTop: top, padLeft: left, fill: fill, output: $0) }
            }
            #expect(optimized == reference, "case \(index)")
        }
    }
}
