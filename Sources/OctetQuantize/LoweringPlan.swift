import OctetTrain

/// How the nodes of a BatchNorm-folded float model map onto int8 tensors and runtime ops,
/// decided from the graph alone (before calibration):
///
/// - Dropout is the identity in evaluation: its node is an alias of its input's tensor.
/// - A ReLU or ReLU6 whose input is produced by an op with a clamp (conv, dense, add, a
///   standalone BatchNorm, or a pool) that feeds nothing else is fused into that op; the
///   activation node owns the tensor and the producer has none. Any other ReLU becomes a
///   1×1 average pool whose clamp is the activation.
/// - An average pool whose input is a 1×1 convolution that feeds nothing else (a DenseNet
///   transition) runs before it instead: averaging and a 1×1 convolution are both affine
///   per pixel, so they commute exactly, the convolution does a quarter of the work, and
///   its output is requantized once, straight from the accumulators, instead of being
///   rounded again by a pool that must keep its scale.
/// - Every other node owns one tensor, computed by one op.
/// - Pools, reshapes and standalone activations must give their output the scale and zero
///   point of their input (the runtime checks this; it makes max pooling exact), so those
///   tensors are joined into quantization groups, each quantized to the union of its
///   members' ranges. A concatenation may join its inputs' groups (a copy) or requantize
///   them; `ConcatChoice` decides per concatenation after calibration's first pass.
struct LoweringPlan {
    enum Role: Equatable {
        /// The node's output is a tensor of its own.
        case tensor
        /// The node's output is the tensor of another node (dropout).
        case alias(of: Int)
        /// The node's op is emitted as part of the node that consumes it (with that node's
        /// clamp, or after its pooling).
        case fused(into: Int)
    }

    let model: FloatModel
    private(set) var roles: [Role]
    /// For a tensor node, the node whose layer computes it: itself, or the producer of a
    /// fused activation.
    private(set) var computingNode: [Int]
    /// For a tensor node, the activation its op applies as a clamp.
    private(set) var activation: [FusedActivation]
    /// For a node, how many node inputs read it (the graph output counts as one).
    private(set) var consumers: [Int]
    /// The quantization groups every lowering needs; concatenations are not joined yet.
    private(set) var baseGroups: QuantizationGroups
    /// For a tensor node whose computing node is a 1×1 convolution moved after an average
    /// pool, that pool's window.
    private(set) var poolBeforeComputing: [Int: Window] = [:]

    init(model: FloatModel) throws(QuantizationError) {
        self.model = model
        let nodes = model.nodes
        roles = [Role](repeating: .tensor, count: nodes.count)
        computingNode = Array(nodes.indices)
        activation = [FusedActivation](repeating: .none, count: nodes.count)
        baseGroups = QuantizationGroups(nodeCount: nodes.count)
        consumers = [Int](repeating: 0, count: nodes.count)

        for node in nodes where node.layer.isDropout {
            roles[node.id] = .alias(of: tensorNode(node.inputs[0]))
        }
        for node in nodes where roles[node.id] == .tensor {
            for input in node.inputs { consumers[tensorNode(input)] += 1 }
        }
        consumers[tensorNode(nodes.count - 1)] += 1  // the graph output

        for node in nodes {
            let fused: FusedActivation
            switch node.layer {
            case .relu: fused = .relu
            case .relu6: fused = .relu6
            default: continue
            }
            activation[node.id] = fused
            let producer = tensorNode(node.inputs[0])
            if consumers[producer] == 1, roles[producer] == .tensor, activation[producer] == .none,
               nodes[producer].layer.acceptsFusedActivation {
                roles[producer] = .fused(into: node.id)
                computingNode[node.id] = producer
            }
        }
        for node in nodes where roles[node.id] == .tensor {
            guard case .averagePool(let window) = node.layer else { continue }
            let producer = tensorNode(node.inputs[0])
            guard consumers[producer] == 1, roles[producer] == .tensor, producer == computingNode[producer],
                  case .convolution(let convolution) = nodes[producer].layer, convolution.window.isPointwise
            else { continue }
            roles[producer] = .fused(into: node.id)
            computingNode[node.id] = producer
            poolBeforeComputing[node.id] = window
        }
        for node in nodes where roles[node.id] == .tensor {
            try checkSupported(nodes[computingNode[node.id]])
            try checkSupported(node)
            if nodes[computingNode[node.id]].layer.sharesInputQuantization {
                for input in nodes[computingNode[node.id]].inputs { baseGroups.join(node.id, tensorNode(input)) }
            }
        }
    }

    /// The tensor node holding `node`'s output (follows aliases; a fused producer has none).
    func tensorNode(_ node: Int) -> Int {
        if case .alias(let target) = roles[node] { return target }
        return node
    }

    /// Nodes that own a tensor, in execution order.
    var tensorNodes: [Int] { model.nodes.indices.filter { roles[$0] == .tensor } }

    /// The tensor node of the graph output (the logits).
    var outputNode: Int { tensorNode(model.nodes.count - 1) }

    /// Tensor nodes computed by a concatenation, in execution order.
    var concatenations: [Int] {
        tensorNodes.filter { if case .concat = model.nodes[$0].layer { true } else { false } }
    }

    /// The tensor nodes a concatenation joins.
    func concatenationInputs(_ node: Int) -> [Int] { model.nodes[node].inputs.map(tensorNode) }

    /// The quantization groups when the concatenations in `requantizing` requantize their
    /// inputs and every other one joins its inputs and output into one group.
    func groups(requantizing: Set<Int>) -> QuantizationGroups {
        var groups = baseGroups
        for node in concatenations where !requantizing.contains(node) {
            for input in concatenationInputs(node) { groups.join(node, input) }
        }
        return groups
    }

    private func checkSupported(_ node: Node) throws(QuantizationError) {
        func fail(_ reason: String) -> QuantizationError { .unsupportedLayer(node: node.name, reason: reason) }
        switch node.layer {
        case .add where node.inputs.count != 2:
            throw fail("the int8 add takes two inputs, this one has \(node.inputs.count)")
        case .maxPool(let window), .averagePool(let window):
            guard window.dilationHeight == 1, window.dilationWidth == 1 else { throw fail("pooling windows are not dilated in the runtime") }
            let padding = window.padding
            guard padding.top < window.kernelHeight, padding.bottom < window.kernelHeight,
                  padding.left < window.kernelWidth, padding.right < window.kernelWidth
            else { throw fail("pooling padding must be smaller than the window") }
        default:
            break
        }
    }
}

extension Window {
    /// 1×1, stride 1, no padding: the window of a per-pixel (pointwise) convolution.
    var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1 && padding == .zero
    }
}

extension Layer {
    var isDropout: Bool {
        if case .dropout = self { return true }
        return false
    }

    /// Ops that end in a requantization or a clamp, so a following ReLU costs nothing.
    var acceptsFusedActivation: Bool {
        switch self {
        case .convolution, .dense, .add, .batchNorm, .maxPool, .averagePool, .globalAveragePool: true
        default: false
        }
    }

    /// Ops whose runtime form requires output and input to share scale and zero point.
    var sharesInputQuantization: Bool {
        switch self {
        case .maxPool, .averagePool, .flatten, .relu, .relu6: true
        default: false
        }
    }
}
