/// A `FloatModel` laid out for training: every trainable parameter in one flat vector
/// (so optimizers, gradient sums and weight decay are single loops) and the BatchNorm
/// running statistics in another. Layer hyperparameters are read from `template`, whose
/// own weight arrays are stale until `exportModel()` writes the vectors back.
struct Network: Sendable {
    private(set) var template: FloatModel
    var parameters: [Float]
    /// Per BatchNorm node: running mean, then running variance.
    var runningStatistics: [Float]
    /// Where each node's parameters start in `parameters`. Order within a node:
    /// convolution weights then bias; BatchNorm gamma then beta; dense weights then bias.
    let parameterOffsets: [Int]
    /// Where each BatchNorm node's statistics start in `runningStatistics`.
    let statisticsOffsets: [Int]
    /// Ranges of `parameters` that weight decay applies to: convolution and dense
    /// weights, not biases or BatchNorm's gamma and beta.
    let decayedRanges: [Range<Int>]

    init(_ model: FloatModel) {
        template = model
        var parameters: [Float] = []
        var statistics: [Float] = []
        var parameterOffsets: [Int] = []
        var statisticsOffsets: [Int] = []
        var decayedRanges: [Range<Int>] = []
        for node in model.nodes {
            parameterOffsets.append(parameters.count)
            statisticsOffsets.append(statistics.count)
            switch node.layer {
            case .convolution(let convolution):
                decayedRanges.append(parameters.count..<parameters.count + convolution.weights.count)
                parameters += convolution.weights + (convolution.bias ?? [])
            case .batchNorm(let batchNorm):
                parameters += batchNorm.gamma + batchNorm.beta
                statistics += batchNorm.runningMean + batchNorm.runningVariance
            case .dense(let dense):
                decayedRanges.append(parameters.count..<parameters.count + dense.weights.count)
                parameters += dense.weights + dense.bias
            default:
                break
            }
        }
        self.parameters = parameters
        self.runningStatistics = statistics
        self.parameterOffsets = parameterOffsets
        self.statisticsOffsets = statisticsOffsets
        self.decayedRanges = decayedRanges
    }

    /// The model with the current parameters and running statistics.
    func exportModel() -> FloatModel {
        var model = template
        for (id, node) in model.nodes.enumerated() {
            let offset = parameterOffsets[id]
            let statisticsOffset = statisticsOffsets[id]
            switch node.layer {
            case .convolution(var convolution):
                let count = convolution.weights.count
                convolution.weights = Array(parameters[offset..<offset + count])
                if convolution.bias != nil { convolution.bias = Array(parameters[offset + count..<offset + count + convolution.outputChannels]) }
                model.nodes[id].layer = .convolution(convolution)
            case .batchNorm(var batchNorm):
                let channels = batchNorm.channels
                batchNorm.gamma = Array(parameters[offset..<offset + channels])
                batchNorm.beta = Array(parameters[offset + channels..<offset + 2 * channels])
                batchNorm.runningMean = Array(runningStatistics[statisticsOffset..<statisticsOffset + channels])
                batchNorm.runningVariance = Array(runningStatistics[statisticsOffset + channels..<statisticsOffset + 2 * channels])
                model.nodes[id].layer = .batchNorm(batchNorm)
            case .dense(var dense):
                let count = dense.weights.count
                dense.weights = Array(parameters[offset..<offset + count])
                dense.bias = Array(parameters[offset + count..<offset + count + dense.outputFeatures])
                model.nodes[id].layer = .dense(dense)
            default:
                break
            }
        }
        return model
    }
}
