import Foundation

/// xoshiro256** seeded through SplitMix64: a small, fast generator whose sequence is
/// fixed by the seed on every platform, so initialization, shuffling, augmentation and
/// dropout are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        words = (next(), next(), next(), next())
    }

    /// The four state words, for checkpoints.
    var state: [UInt64] { [words.0, words.1, words.2, words.3] }

    /// Continues from a saved `state`: four words, not all zero.
    init(state: [UInt64]) {
        words = (state[0], state[1], state[2], state[3])
    }

    public mutating func next() -> UInt64 {
        let result = ((words.1 &* 5) << 7 | (words.1 &* 5) >> 57) &* 9
        let shifted = words.1 << 17
        words.2 ^= words.0
        words.3 ^= words.1
        words.1 ^= words.2
        words.0 ^= words.3
        words.2 ^= shifted
        words.3 = words.3 << 45 | words.3 >> 19
        return result
    }

    /// A uniform Float in [0, 1) from the top 24 bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A standard normal sample (Box–Muller; one of the pair is dropped for simplicity).
    public mutating func nextNormal() -> Float {
        let u1 = Double(next() >> 11 | 1) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
