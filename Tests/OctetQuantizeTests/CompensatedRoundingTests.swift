import OctetTrain
import Testing
@testable import OctetQuantize

/// GPTQ weight rounding (`CompensatedRounding`) and the input correlations it reads.
@Suite struct CompensatedRoundingTests {
    /// A random symmetric positive definite `size × size` matrix: Σ x xᵀ over correlated vectors.
    func correlation(size: Int, vectors: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        var sums = [Double](repeating: 0, count: size * size)
        for _ in 0..<vectors {
            let shared = Double(generator.nextNormal())
            let vector = (0..<size).map { _ in shared + 0.5 * Double(generator.nextNormal()) }
            for i in 0..<size { for j in 0..<size { sums[i * size + j] += vector[i] * vector[j] } }
        }
        return sums
    }

    /// Δwᵀ H Δw: the squared output error a row's rounding adds over the correlated inputs.
    func outputError(_ weights: ArraySlice<Float>, _ values: ArraySlice<Int8>, scale: Float, _ sums: [Double], size: Int) -> Double {
        let delta = zip(weights, values).map { Double($0) - Double($1) * Double(scale) }
        var total = 0.0
        for i in 0..<size { for j in 0..<size { total += delta[i] * sums[i * size + j] * delta[j] } }
        return total
    }

    @Test func factorInvertsTheDampedMatrix() {
        for size in [1, 2, 7, 30] {
            let sums = correlation(size: size, vectors: 3 * size, seed: UInt64(size))
            let upper = CompensatedRounding.upperCholeskyOfInverse(sums, size: size)!
            let mean = (0..<size).reduce(0.0) { $0 + sums[$1 * size + $1] } / Double(size)
            // (Uᵀ U) (H + λI) = I
            for i in 0..<size {
                for j in 0..<size {
                    var value = 0.0
                    for k in 0..<size {
                        var inverse = 0.0
                        for m in 0..<size { inverse += upper[m * size + i] * upper[m * size + k] }
                        value += inverse * (sums[k * size + j] + (k == j ? 0.01 * mean : 0))
                    }
                    #expect(abs(value - (i == j ? 1 : 0)) < 1e-9, "size \(size), entry \(i), \(j): \(value)")
                    if j < i { #expect(upper[i * size + j] == 0) }
                }
            }
        }
    }

    /// Over correlated inputs, carrying the errors forward leaves a clearly smaller output
    /// error than rounding each weight alone, summed over a layer's rows (GPTQ is greedy:
    /// a single row may come out no better).
    @Test func compensationLowersTheOutputError() {
        for (size, seed) in [(9, 1), (27, 2), (64, 3)] as [(Int, UInt64)] {
            let rows = 16
            let sums = correlation(size: size, vectors: 4 * size, seed: seed)
            let weights = randomWeights(rows * size, seed: seed + 10)
            let rounded = ChannelWeights(weights, channels: rows)
            let compensated = ChannelWeights(weights, channels: rows, correlation: correlation(sums, size: size))
            #expect(compensated.scales == rounded.scales)
            var nearest = 0.0, gptq = 0.0
            for row in 0..<rows {
                let range = row * size..<(row + 1) * size
                nearest += outputError(weights[range], rounded.values[range], scale: rounded.scales[row], sums, size: size)
                gptq += outputError(weights[range], compensated.values[range], scale: rounded.scales[row], sums, size: size)
            }
            #expect(gptq < 0.75 * nearest, "size \(size): output error \(gptq) with GPTQ, \(nearest) with nearest rounding")
        }
    }

    /// Uncorrelated inputs of equal power leave nothing to compensate: the result is nearest
    /// rounding, value for value.
    @Test func uncorrelatedInputsGiveNearestRounding() {
        let size = 12, rows = 5
        var sums = [Double](repeating: 0, count: size * size)
        for i in 0..<size { sums[i * size + i] = 3 }
        let weights = randomWeights(rows * size, seed: 4)
        #expect(ChannelWeights(weights, channels: rows, correlation: correlation(sums, size: size)).values
                == ChannelWeights(weights, channels: rows).values)
    }

    /// A depthwise layer has one matrix per channel; the correlation of a conv group is taken
    /// from its own channels, in OHWI filter order.
    @Test func convolutionCorrelationFollowsFilterOrderPerGroup() {
        let window = Window(kernelHeight: 1, kernelWidth: 2)
        let layer = Layer.convolution(Convolution(
            inputChannels: 2, outputChannels: 2, window: window, groups: 2, weights: [0, 0, 0, 0], bias: nil))
        var correlation = InputCorrelation(for: layer)!
        // One example, 1×2 pixels of 2 channels: channel 0 reads (1, 2), channel 1 reads (3, 5).
        let input = Tensor(batch: 1, shape: ActivationShape(height: 1, width: 2, channels: 2), values: [1, 3, 2, 5])
        var generator = SeededGenerator(seed: 1)
        correlation.add(input, layer: layer, outputShape: ActivationShape(height: 1, width: 1, channels: 2), generator: &generator)
        #expect(correlation.sums == [[1, 2, 2, 4], [9, 15, 15, 25]])
        #expect(InputCorrelation(for: .relu) == nil)
    }

    func randomWeights(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextNormal() * 0.1 }
    }

    func correlation(_ sums: [Double], size: Int) -> InputCorrelation {
        InputCorrelation(size: size, sums: [sums])
    }
}
