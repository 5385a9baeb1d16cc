import OctetTrain
import Yams

extension ArchitectureFile {
    /// A freshly initialized model; `seed` fixes the initial weights. `inputShape` and
    /// `classLabels` come from the data (nil when there is none, as for `octet summary`);
    /// where the file declares them too, they must agree.
    public func makeModel(inputShape dataShape: ActivationShape? = nil, classLabels dataLabels: [String]? = nil, seed: UInt64)
        throws(ArchitectureError) -> FloatModel
    {
        let site = Site(file: file)
        let shape: ActivationShape
        switch (inputShape, dataShape) {
        case (let declared?, let data?) where declared != data:
            throw site.error(.inputShapeMismatch, "declares the input \(declared), but the images are \(data)")
        case (let declared?, _): shape = declared
        case (nil, let data?): shape = data
        case (nil, nil): throw site.error(.missingInputShape, "declares no input shape; add 'input: {height: …, width: …, channels: …}'")
        }
        let labels: [String]
        switch (classLabels, dataLabels) {
        case (let declared?, let data?) where declared != data:
            throw site.error(.classMismatch, "lists the classes \(declared), but the data has \(data)")
        case (let declared?, _): labels = declared
        case (nil, let data?): labels = data
        case (nil, nil): throw site.error(.missingField, "lists no 'classes' and no data supplies them")
        }

        var expansion = GraphExpansion(file: file, blocks: blocks)
        let output = try expansion.expand(
            layers, prefix: "", input: GraphExpansion.inputName,
            parameters: [GraphExpansion.classesParameter: YAMLNode(String(labels.count))], output: nil, blockPath: [])
        let order = try buildOrder(expansion, output: output)
        var builder = GraphBuilder(input: shape, seed: seed)
        var nodeOf: [String: Int] = [GraphExpansion.inputName: builder.input]
        for layer in order {
            let inputs = layer.inputs.map { nodeOf[Self.target(of: $0, in: expansion)]! }
            nodeOf[layer.name] = try layer.build(into: &builder, inputs: inputs)
        }
        let last = order.last!
        let produced = builder.shape(of: nodeOf[last.name]!)
        guard produced == ActivationShape(height: 1, width: 1, channels: labels.count) else {
            throw last.fields.site.error(
                .wrongOutput, "is the output and produces \(produced), but the \(labels.count) classes need 1x1x\(labels.count); end with 'type: dense, units: $classes'")
        }
        do {
            return try builder.build(preprocessing: InputPreprocessing(shape: shape, scale: scale, offset: offset), classLabels: labels)
        } catch {
            var seen: Set<String> = []
            if let repeated = builder.nodes.first(where: { !seen.insert($0.name).inserted }) {
                throw ArchitectureError(.duplicateName, file: file, layer: repeated.name, "the node name '\(repeated.name)' is used twice")
            }
            if case .invalidGraph(let node, let reason) = error, node > 0, node < builder.nodes.count {
                throw ArchitectureError(.badValue, file: file, layer: builder.nodes[node].name, reason)
            }
            throw site.error(.badValue, error.description)
        }
    }

    /// The planned layer a (possibly block) name stands for.
    private static func target(of name: String, in expansion: GraphExpansion) -> String {
        var name = name
        while let next = expansion.aliases[name] { name = next }
        return name
    }

    /// The layers in file order, each moved after the layers it reads (forward references
    /// are allowed); fails on a cycle, and on a layer the output does not depend on.
    private func buildOrder(_ expansion: GraphExpansion, output: String) throws(ArchitectureError) -> [PlannedLayer] {
        var index: [String: Int] = [:]
        for (position, layer) in expansion.layers.enumerated() {
            guard index.updateValue(position, forKey: layer.name) == nil, expansion.aliases[layer.name] == nil else {
                throw layer.fields.site.error(.duplicateName, "the name '\(layer.name)' is used twice")
            }
        }
        // 0 unvisited, 1 on the current path, 2 done.
        var state = [Int](repeating: 0, count: expansion.layers.count)
        var order: [PlannedLayer] = []
        var path: [Int] = []
        func visit(_ position: Int) throws(ArchitectureError) {
            if state[position] == 2 { return }
            let layer = expansion.layers[position]
            if state[position] == 1 {
                let cycle = path.drop(while: { $0 != position }).map { expansion.layers[$0].name } + [layer.name]
                throw layer.fields.site.error(.cycle, "the layers form a cycle: \(cycle.joined(separator: " → "))")
            }
            state[position] = 1
            path.append(position)
            for input in layer.inputs {
                if let source = index[Self.target(of: input, in: expansion)] { try visit(source) }
            }
            path.removeLast()
            state[position] = 2
            order.append(layer)
        }
        var used: Set<String> = [Self.target(of: output, in: expansion)]
        for position in expansion.layers.indices { try visit(position) }
        for layer in order.reversed() where used.contains(layer.name) {
            for input in layer.inputs { used.insert(Self.target(of: input, in: expansion)) }
        }
        if let unused = order.first(where: { !used.contains($0.name) }) {
            throw unused.fields.site.error(
                .danglingLayer, "is dangling: the output '\(Self.target(of: output, in: expansion))' does not depend on it; remove it or use it as an input")
        }
        guard let outputPosition = index[Self.target(of: output, in: expansion)], order.last?.name == expansion.layers[outputPosition].name else {
            throw Site(file: file).error(.wrongOutput, "the network input cannot be its output; add layers")
        }
        return order
    }
}
