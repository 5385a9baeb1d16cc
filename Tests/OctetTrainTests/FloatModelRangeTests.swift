import Foundation
import Testing
@testable import OctetTrain

/// Float model files that pass the checksum but hold values no consumer can use: each was
/// a trap in `octet quantize` before the loader rejected it.
@Suite struct FloatModelRangeTests {
    let file = FloatModelFileTests()
    let bytes: [UInt8]

    init() throws {
        bytes = try file.perturbedModel("plain").serialized()
    }

    /// `bytes` with blob float `index` set to `value` and the checksum redone.
    func settingBlobFloat(_ bytes: [UInt8], index: Int, to value: Float) -> [UInt8] {
        let jsonLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        var result = bytes
        let offset = 32 + jsonLength + 4 * index
        for byte in 0..<4 { result[offset + byte] = UInt8(truncatingIfNeeded: value.bitPattern >> (8 * byte)) }
        let checksum = CRC32.checksum(of: Array(result[32...]))
        for byte in 0..<4 { result[24 + byte] = UInt8(truncatingIfNeeded: checksum >> (8 * byte)) }
        return result
    }

    /// The error loading `bytes` throws, or nil when it loads.
    func loadError(_ bytes: [UInt8]) -> ModelFileError? {
        do {
            _ = try FloatModel(serialized: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func rejectsANaNWeightNamingLayerFieldAndIndex() throws {
        let error = loadError(settingBlobFloat(bytes, index: 5, to: .nan))
        guard case .nonFiniteParameter(let node, let name, let field, let index, let value) = error else {
            Issue.record("expected nonFiniteParameter, got \(String(describing: error))")
            return
        }
        #expect(node == 1 && field == "weights" && index == 5 && value.isNaN)
        #expect(error!.description == "node 1 (\(name)): weights[5] is nan; every weight and statistic must be finite")
    }

    @Test func rejectsAnInfiniteStatistic() throws {
        let model = try file.perturbedModel("plain")
        // The blob holds node arrays in node order: the first convolution's 288 weights (no
        // bias), then its BatchNorm's gamma, beta, running mean and variance (32 each).
        let error = loadError(settingBlobFloat(bytes, index: 288 + 32 + 32 + 3, to: .infinity))
        #expect(error == .nonFiniteParameter(node: 2, name: model.nodes[2].name, field: "runningMean", index: 3, value: .infinity))
    }

    @Test func aLargeFiniteWeightLoads() throws {
        #expect(loadError(settingBlobFloat(bytes, index: 0, to: 1e37)) == nil)
    }

    @Test func rejectsAKernelSizeOf10To18() {
        let edited = file.reencoded(bytes) { json in
            json = json.replacingOccurrences(of: "\"kernel\":[3,3]", with: "\"kernel\":[1000000000000000000,3]")
        }
        #expect(loadError(edited) == .fieldOutOfRange(node: 1, field: "kernel", value: 1_000_000_000_000_000_000, limit: 1 << 24))
        #expect(loadError(edited)!.description == "node 1: kernel 1000000000000000000 is outside 0...16777216")
    }

    @Test func rejectsChannelCountsWhoseProductsWouldOverflow() {
        let edited = file.reencoded(bytes) { json in
            json = json.replacingOccurrences(of: "\"outputChannels\":32", with: "\"outputChannels\":4611686018427387904")
        }
        #expect(loadError(edited) == .fieldOutOfRange(node: 1, field: "outputChannels", value: 1 << 62, limit: 1 << 24))
    }

    @Test func rejectsAnInputOf2To40By2To40Pixels() {
        let edited = file.reencoded(bytes) { json in
            json = json.replacingOccurrences(of: "\"height\":28", with: "\"height\":1099511627776")
                .replacingOccurrences(of: "\"width\":28", with: "\"width\":1099511627776")
        }
        #expect(loadError(edited) == .malformedArchitecture(
            reason: "input shape 1099511627776x1099511627776x1 is not positive or holds more than 2^24 values"))
    }

    @Test func rejectsAScaleThatMapsPixel255ToInfinity() {
        let edited = file.reencoded(bytes) { json in
            json = json.replacingOccurrences(of: "\"scale\":", with: "\"scale\":3e38,\"unused\":")
        }
        guard case .malformedArchitecture(let reason) = loadError(edited) else {
            Issue.record("expected a malformed architecture")
            return
        }
        #expect(reason.hasPrefix("input scale 3e+38"))
    }

    @Test func rejectsAStoredShapeOfMoreThan2To24Values() {
        let edited = file.reencoded(bytes) { json in
            json = json.replacingOccurrences(of: "\"outputShape\":[28,28,32]", with: "\"outputShape\":[16777216,16777216,32]")
        }
        guard case .invalidGraph(let node, let reason) = loadError(edited) else {
            Issue.record("expected an invalid graph")
            return
        }
        #expect(node == 1 && reason.hasSuffix("output shape 16777216x16777216x32 is not positive or holds more than 2^24 values"))
    }

    @Test func windowArithmeticReportsOverflowInsteadOfTrapping() {
        let huge = Window(kernelHeight: Int.max / 2, kernelWidth: 3, dilationHeight: 4)
        #expect(huge.outputSize(height: 28, width: 28) == nil)
        let padded = Window(kernelHeight: 3, kernelWidth: 3, padding: Padding(top: Int.max, left: 0, bottom: Int.max, right: 0))
        #expect(padded.outputSize(height: 28, width: 28) == nil)
        #expect(Window(kernelHeight: 3, kernelWidth: 3, strideHeight: 2, strideWidth: 2).outputSize(height: 28, width: 28)! == (13, 13))
        let convolution = Convolution(
            unvalidatedInputChannels: 1 << 40, outputChannels: 1 << 40, window: Window(kernelHeight: 1 << 40, kernelWidth: 1),
            groups: 1, weights: [1], bias: nil)
        let shape = ActivationShape(height: 4, width: 4, channels: 1 << 40)
        guard case .failure = Layer.convolution(convolution).outputShape(for: [shape]) else {
            Issue.record("expected a shape failure")
            return
        }
        let dense = Dense(unvalidatedInputFeatures: 1 << 40, outputFeatures: 1 << 40, weights: [1], bias: [])
        guard case .failure = Layer.dense(dense).outputShape(for: [ActivationShape(height: 1, width: 1, channels: 1 << 40)]) else {
            Issue.record("expected a shape failure")
            return
        }
    }
}
