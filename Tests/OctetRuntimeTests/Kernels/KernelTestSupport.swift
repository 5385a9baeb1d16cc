@testable import OctetRuntime
import OctetTestSupport

extension KernelPath {
    /// Every implementation this build of the runtime has (the test target does not see the
    /// runtime's `OCTET_AVX2` flag, so ask the runtime); each harness runs all of them.
    static var all: [KernelPath] {
        preferred == .portable ? [.portable] : [.portable, preferred]
    }
}

/// Random ingredients shared by the kernel harnesses.
extension SplitMix64 {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func int32(_ range: ClosedRange<Int32>) -> Int32 { Int32.random(in: range, using: &self) }

    mutating func tensor(_ shape: Shape) -> OwnedTensor {
        OwnedTensor(values: int8s(count: shape.elementCount), shape: shape, zeroPoint: int32(-128...127))
    }

    /// Symmetric weights in [-127, 127], as the quantizer emits them.
    mutating func weights(count: Int) -> [Int8] { int8s(count: count, in: -127...127) }

    mutating func biases(count: Int) -> [Int32] { (0..<count).map { _ in int32(-(1 << 16)...(1 << 16)) } }

    /// Mostly shifts that bring typical accumulators into int8 range, sometimes positive
    /// shifts (left shift, usually saturating) and sometimes zero multipliers.
    mutating func requantization(channels: Int, shifts: ClosedRange<Int32> = -14...2) -> OwnedRequantization {
        var multipliers: [Int32] = [], shiftValues: [Int32] = []
        for _ in 0..<channels {
            let m = quantizedMultiplier(shifts: shifts)
            multipliers.append(int(0...40) == 0 ? 0 : m.multiplier)
            shiftValues.append(m.shift)
        }
        return OwnedRequantization(multipliers: multipliers, shifts: shiftValues)
    }

    /// No clamp, ReLU-like (low bound at the zero point) or an arbitrary narrow range.
    mutating func clamp(zeroPoint: Int32) -> ActivationClamp {
        switch int(0...2) {
        case 0: return .none
        case 1: return ActivationClamp(min: max(-128, zeroPoint), max: 127)
        default:
            let low = int32(-128...100)
            return ActivationClamp(min: low, max: int32(low...127))
        }
    }
}

/// Output size of a window along one axis: `(input + padBefore + padAfter - extent) / stride + 1`.
func outputLength(input: Int, padBefore: Int, padAfter: Int, extent: Int, stride: Int) -> Int {
    (input + padBefore + padAfter - extent) / stride + 1
}
