import OctetRuntime

/// A small, fast, seeded random number generator (Steele, Lea and Flood's SplitMix64) so
/// that every randomized test is repeatable from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// A uniformly random int8 array.
    public mutating func int8s(count: Int, in range: ClosedRange<Int8> = -128...127) -> [Int8] {
        (0..<count).map { _ in Int8.random(in: range, using: &self) }
    }

    /// A random Q31 multiplier in [2^30, 2^31) and a shift in `shifts`.
    public mutating func quantizedMultiplier(shifts: ClosedRange<Int32>) -> QuantizedMultiplier {
        QuantizedMultiplier(
            multiplier: Int32.random(in: (1 << 30)...Int32.max, using: &self),
            shift: Int32.random(in: shifts, using: &self))
    }
}
