import Foundation
import OctetTrain

/// Per-channel rescaling between a weighted layer and the layers that read its output,
/// exact in float, that evens out the channels of the int8 tensor in between.
///
/// An int8 activation tensor has one scale for all its channels, so a channel whose values
/// span a tenth of the tensor's range gets a tenth of its resolution. When a conv or dense
/// layer `P` feeds only layers that commute with a positive per-channel factor (ReLU, max,
/// average and global pooling, flatten, dropout) before weighted consumers,
/// multiplying `P`'s output channel `c` (its weights and bias) by `s_c` and dividing every
/// consumer's weights on that channel by `s_c` computes the same function. Weights are
/// quantized per output channel, so scaling `P`'s rows costs nothing, and neither does
/// scaling a depthwise consumer's (each of its rows reads one channel); an ungrouped conv
/// or dense consumer loses what its scaled-down weights lose. With `r_c` the channel's
/// largest value in calibration and `R` the tensor's, `s_c = R / r_c` when every consumer
/// is depthwise, else `√(R / r_c)`, splitting the difference between activation and weight
/// resolution as cross-layer equalization (Nagel et al., 2019) does; at most `limit`.
///
/// The rescaled tensors no longer hold the float model's values channel for channel, so
/// their nodes (and the int8 tensors named after them) get `renamedSuffix`;
/// `QuantizationEvaluation` compares them after fitting a factor per channel (`ChannelFit`).
struct ChannelEqualization {
    var limit: Float = 32
    /// Appended to the name of every node whose output is rescaled.
    static let renamedSuffix = " (rescaled)"

    /// Where a producer's channel `c` appears in a tensor that a consumer reads: element
    /// `offset + c` of each pixel of `period` channels (a flattened map keeps its NHWC
    /// order, so channel `c` is every index congruent to `offset + c` modulo `period`).
    struct Route {
        var node: Int
        var offset: Int
        var period: Int
    }

    /// The model with every equalizable producer rescaled, given each node's per-channel
    /// largest magnitude over the calibration images (`maxima[node][channel]`).
    func apply(to model: FloatModel, maxima: [[Float]]) -> FloatModel {
        var nodes = model.nodes
        var readers = [[Int]](repeating: [], count: nodes.count)
        for node in nodes { for input in node.inputs { readers[input].append(node.id) } }
        for producer in nodes.indices {
            guard let channels = Self.outputChannels(nodes[producer].layer),
                  let (consumers, rescaled) = routes(from: producer, channels: channels, nodes: nodes, readers: readers)
            else { continue }
            // The quantized tensor: the producer's output, or its ReLU's when that is the only reader.
            let own = readers[producer].count == 1 && nodes[readers[producer][0]].layer == .relu ? readers[producer][0] : producer
            let ranges = maxima[own]
            let largest = ranges.max() ?? 0
            let free = consumers.allSatisfy { Self.isDepthwise(nodes[$0.node].layer) }
            let factors = ranges.map { range in
                guard range > 0, largest > 0 else { return Float(1) }
                let ratio = largest / range
                return Swift.min(limit, free ? ratio : ratio.squareRoot())
            }
            guard factors.contains(where: { $0 != 1 }) else { continue }
            nodes[producer].layer = Self.scalingOutputs(nodes[producer].layer, by: factors)
            for route in consumers {
                nodes[route.node].layer = Self.dividingInputs(nodes[route.node].layer, by: factors, route: route)
            }
            for node in rescaled where !nodes[node].name.hasSuffix(Self.renamedSuffix) { nodes[node].name += Self.renamedSuffix }
        }
        return try! FloatModel(preprocessing: model.preprocessing, classLabels: model.classLabels, nodes: nodes)
    }

    /// The weighted consumers of `producer`'s channels and the nodes whose outputs carry
    /// them (the producer's and the pass-through layers'); nil when some path reaches a layer
    /// that does not commute with per-channel factors (add, ReLU6, BatchNorm, concat, a
    /// grouped conv) or the graph output.
    private func routes(from producer: Int, channels: Int, nodes: [Node], readers: [[Int]]) -> ([Route], [Int])? {
        var consumers: [Route] = []
        var rescaled: [Int] = []
        var pending = [Route(node: producer, offset: 0, period: channels)]
        while let route = pending.popLast() {
            rescaled.append(route.node)
            guard !readers[route.node].isEmpty, route.node != nodes.count - 1 else { return nil }
            for reader in readers[route.node] {
                let node = nodes[reader]
                switch node.layer {
                case .relu, .maxPool, .averagePool, .globalAveragePool, .dropout, .flatten:
                    pending.append(Route(node: reader, offset: route.offset, period: route.period))
                case .convolution(let convolution) where convolution.groups == 1 || convolution.isDepthwise:
                    consumers.append(route.with(node: reader))
                case .dense:
                    consumers.append(route.with(node: reader))
                default:
                    return nil
                }
            }
        }
        return (consumers, rescaled)
    }

    private static func isDepthwise(_ layer: Layer) -> Bool {
        if case .convolution(let convolution) = layer { convolution.isDepthwise } else { false }
    }

    private static func outputChannels(_ layer: Layer) -> Int? {
        switch layer {
        case .convolution(let convolution): convolution.outputChannels
        case .dense(let dense): dense.outputFeatures
        default: nil
        }
    }

    /// Output channel `c`'s weights (one contiguous row in OHWI and [out][in]) and bias times `factors[c]`.
    private static func scalingOutputs(_ layer: Layer, by factors: [Float]) -> Layer {
        func scale(_ weights: inout [Float], _ bias: inout [Float]?) {
            let row = weights.count / factors.count
            for (channel, factor) in factors.enumerated() {
                for index in channel * row..<(channel + 1) * row { weights[index] *= factor }
                bias?[channel] *= factor
            }
        }
        switch layer {
        case .convolution(var convolution):
            scale(&convolution.weights, &convolution.bias)
            return .convolution(convolution)
        case .dense(var dense):
            var bias: [Float]? = dense.bias
            scale(&dense.weights, &bias)
            dense.bias = bias!
            return .dense(dense)
        default:
            preconditionFailure("only conv and dense layers are producers")
        }
    }

    /// The consumer's weights on the routed channels divided by their factors: along the
    /// input index (varying fastest within a row) for ungrouped convs and dense layers,
    /// whole rows for a depthwise conv.
    private static func dividingInputs(_ layer: Layer, by factors: [Float], route: Route) -> Layer {
        func divide(_ weights: inout [Float], channelOf: (Int) -> Int) {
            for index in weights.indices {
                let channel = channelOf(index) - route.offset
                if channel >= 0 && channel < factors.count { weights[index] /= factors[channel] }
            }
        }
        switch layer {
        case .convolution(var convolution):
            let rowLength = convolution.filterSize
            if convolution.isDepthwise {
                divide(&convolution.weights) { $0 / rowLength }
            } else {
                divide(&convolution.weights) { $0 % rowLength % route.period }
            }
            return .convolution(convolution)
        case .dense(var dense):
            divide(&dense.weights) { $0 % dense.inputFeatures % route.period }
            return .dense(dense)
        default:
            preconditionFailure("only ungrouped and depthwise convs and dense layers are consumers")
        }
    }
}

extension ChannelEqualization.Route {
    func with(node: Int) -> Self { Self(node: node, offset: offset, period: period) }
}

extension FloatModel {
    /// Each node's largest magnitude per channel over `images` (a flattened or dense output
    /// counts each element as a channel).
    func channelMaxima(on images: ImageSet, batchSize: Int = 50) -> [[Float]] {
        var maxima = nodes.map { [Float](repeating: 0, count: $0.outputShape.channels) }
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let activations = activations(images.inputTensor(start..<Swift.min(images.count, start + batchSize), preprocessing: preprocessing))
            for (node, tensor) in activations.enumerated() {
                let channels = tensor.shape.channels
                for (index, value) in tensor.values.enumerated() {
                    maxima[node][index % channels] = Swift.max(maxima[node][index % channels], abs(value))
                }
            }
        }
        return maxima
    }
}
