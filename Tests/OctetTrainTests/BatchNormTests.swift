import Testing
@testable import OctetTrain

@Suite struct BatchNormTests {
    let shape = ActivationShape(height: 3, width: 4, channels: 2)

    func network() throws -> Network {
        var builder = GraphBuilder(input: shape, seed: 1)
        let normalized = builder.batchNorm(builder.input, momentum: 0.25)
        return Network(try finishModel(builder, last: normalized))
    }

    @Test func trainingModeNormalizesWithBatchStatistics() throws {
        let input = randomTensor(shape, batch: 5, seed: 2, scale: 3)
        let output = try network().forward(input, mode: .training(seed: 0)).outputs[1]
        for channel in 0..<2 {
            let values = stride(from: channel, to: output.values.count, by: 2).map { Double(output.values[$0]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-5)
            #expect(abs(variance - 1) < 1e-3)  // epsilon 1e-5 keeps it just under 1
        }
    }

    @Test func runningStatisticsBlendInTheUnbiasedBatchStatistics() throws {
        var network = try network()
        let input = randomTensor(shape, batch: 4, seed: 3, scale: 2)
        let gradient = network.batchGradient(input, labels: [0, 1, 2, 0], seed: 0)
        network.updateRunningStatistics(with: gradient.batchStatistics)
        // Each of the two shards holds 2 examples; the running values start at mean 0, variance 1.
        var expectedMean: Float = 0
        var expectedVariance: Float = 0
        for shard in Tensor.shardRanges(batch: 4, count: Network.shardCount) {
            let values = input.examples(shard).values.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            let mean = values.reduce(0, +) / Float(values.count)
            expectedMean += mean / 2
            expectedVariance += values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count - 1) / 2
        }
        #expect(abs(network.runningStatistics[0] - 0.25 * expectedMean) < 1e-5)
        #expect(abs(network.runningStatistics[2] - (0.75 + 0.25 * expectedVariance)) < 1e-4)
    }

    @Test func evaluationModeUsesRunningStatistics() throws {
        var network = try network()
        network.parameters = [2, 3, 0.5, -1] + network.parameters.dropFirst(4)  // gamma, beta
        network.runningStatistics = [1, -2, 4, 0.25]  // mean, variance
        let input = randomTensor(shape, batch: 2, seed: 4)
        let output = network.forward(input, mode: .evaluation).outputs[1]
        for (index, x) in input.values.enumerated() {
            let channel = index % 2
            let gamma: Float = channel == 0 ? 2 : 3, beta: Float = channel == 0 ? 0.5 : -1
            let mean: Float = channel == 0 ? 1 : -2, variance: Float = channel == 0 ? 4 : 0.25
            let expected = gamma * (x - mean) / (variance + 1e-5).squareRoot() + beta
            #expect(abs(output.values[index] - expected) < 1e-5)
        }
        // Evaluation does not depend on the rest of the batch.
        let alone = network.forward(input.example(1), mode: .evaluation).outputs[1]
        #expect(alone.values == Array(output.values[24...]))
    }
}
