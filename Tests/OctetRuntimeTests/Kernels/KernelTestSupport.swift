@testable import OctetRuntime
import OctetFormat
import OctetTestSupport

extension KernelPath {
    /// Every path this CPU supports; each harness runs all of them. The first use prints which
    /// ran and which were skipped, so a log shows what a green run covered.
    static let all: [KernelPath] = {
        var supported: [KernelPath] = [], skipped: [KernelPath] = []
        forEach { path in
            if path.isSupported { supported.append(path) } else { skipped.append(path) }
        }
        print("kernel paths tested: \(supported.map { "\($0.name)" }.joined(separator: ", "));"
            + " skipped (not supported by this CPU or architecture): "
            + (skipped.isEmpty ? "none" : skipped.map { "\($0.name)" }.joined(separator: ", ")))
        return supported
    }()
}

/// Packs `filter` (one output channel after another) as the model writer does and passes the
/// runtime's view of it to `body`.
func withPackedWeights<R>(
    _ filter: [Int8], bias: [Int32], requantization: OwnedRequantization, shape: PackedGEMMShape,
    inputZeroPoint: Int32, _ body: (PackedWeights) -> R
) -> R {
    let weights = QuantizedWeights(
        values: filter, bias: bias,
        requantization: zip(requantization.multipliers, requantization.shifts).map {
            QuantizedMultiplier(multiplier: $0, shift: $1)
        })
    let panels = GEMMPacking.panels(weights, shape: shape)
    let constants = GEMMPacking.constants(weights, shape: shape, inputZeroPoint: inputZeroPoint)
    return panels.withUnsafeBufferPointer { panels in
        constants.withUnsafeBufferPointer { constants in
            body(PackedWeights(shape: shape, panels: panels.baseAddress!, constants: constants.baseAddress!))
        }
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
