import OctetTrain

extension PlannedLayer {
    /// Every layer type and the fields it takes besides `GraphExpansion.commonFields`.
    static let fieldsByType: [(type: String, fields: [String])] = [
        ("conv", ["filters", "kernel", "stride", "padding", "dilation", "groups", "bias", "bn", "activation"]),
        ("batchnorm", ["epsilon", "momentum"]),
        ("relu", []), ("relu6", []),
        ("maxpool", ["kernel", "stride", "padding"]), ("avgpool", ["kernel", "stride", "padding"]),
        ("globalavgpool", []),
        ("dense", ["units", "activation"]),
        ("dropout", ["rate"]),
        ("add", []), ("concat", []), ("flatten", []),
    ]

    /// Short spellings, as `octet summary` and the float model format name the kinds.
    static let typeAliases = ["bn": "batchnorm", "gap": "globalavgpool"]

    /// Weights one layer may hold; more is a typo, and would exhaust memory before any check.
    static let maximumWeights = 1 << 26

    /// Appends this layer's node(s) to `builder` and returns the id of the last one.
    func build(into builder: inout GraphBuilder, inputs: [Int]) throws(ArchitectureError) -> Int {
        let site = fields.site
        let type = Self.typeAliases[self.type] ?? self.type
        guard let known = Self.fieldsByType.first(where: { $0.type == type }) else {
            throw site.at(fields["type"]!).error(
                .unknownLayerType, "has the unknown type '\(type)'; the types are \(Self.fieldsByType.map(\.type).joined(separator: ", "))")
        }
        try fields.checkOnly(GraphExpansion.commonFields + known.fields, for: "a \(type) layer")
        let shapes = inputs.map { builder.shape(of: $0) }
        let inputNames = self.inputs
        if type == "add" || type == "concat" {
            guard inputs.count >= 2 else {
                throw site.error(.badValue, "\(type) needs two or more inputs; list them with 'inputs: [a, b]'")
            }
            let described = zip(inputNames, shapes).map { "'\($0)' is \($1)" }.joined(separator: ", ")
            let fits = type == "add"
                ? shapes.allSatisfy { $0 == shapes[0] }
                : shapes.allSatisfy { $0.height == shapes[0].height && $0.width == shapes[0].width }
            guard fits else {
                let rule = type == "add" ? "inputs of one shape" : "inputs of one height and width"
                throw site.error(.shapeMismatch, "\(type) needs \(rule), but \(described)")
            }
            return type == "add" ? builder.add(inputs, name: name) : builder.concat(inputs, name: name)
        }
        guard inputs.count == 1 else { throw site.error(.badValue, "a \(type) layer takes one input, but \(inputs.count) are given") }
        let x = inputs[0]
        let shape = shapes[0]
        switch type {
        case "conv": return try buildConvolution(into: &builder, x, shape)
        case "batchnorm":
            let epsilon = try fields.number("epsilon", default: 1e-5)
            let momentum = try fields.number("momentum", default: 0.1)
            guard epsilon > 0 else { throw fields.bad("epsilon", "positive") }
            guard momentum > 0, momentum <= 1 else { throw fields.bad("momentum", "in (0, 1]") }
            return builder.batchNorm(x, epsilon: epsilon, momentum: momentum, name: name)
        case "relu": return builder.relu(x, name: name)
        case "relu6": return builder.relu6(x, name: name)
        case "maxpool", "avgpool":
            let kernel = try fields.extent("kernel", default: 2)
            let stride = try fields.extent("stride", default: kernel)
            let padding = try fields.padding("padding", default: .valid)
            try checkWindow(kernel: kernel, dilation: 1, padding: padding, stride: stride, on: shape)
            return type == "maxpool"
                ? builder.maxPool(x, kernel: kernel, stride: stride, padding: padding, name: name)
                : builder.averagePool(x, kernel: kernel, stride: stride, padding: padding, name: name)
        case "globalavgpool": return builder.globalAveragePool(x, name: name)
        case "flatten": return builder.flatten(x, name: name)
        case "dropout":
            let rate = try fields.number("rate", default: .nan)
            guard (0..<1).contains(rate) else {
                throw fields.has("rate") ? fields.bad("rate", "in [0, 1)") : site.error(.missingField, "needs the field 'rate'")
            }
            return builder.dropout(x, rate: rate, name: name)
        default:  // dense
            let units = try fields.integer("units")
            try checkWeightCount(shape.elementCount, units)
            let activation = try self.activation()
            let dense = builder.dense(x, outputFeatures: units, name: activation == nil ? name : "\(name).dense")
            return try activate(dense, activation, into: &builder)
        }
    }

    private func buildConvolution(into builder: inout GraphBuilder, _ x: Int, _ shape: ActivationShape) throws(ArchitectureError) -> Int {
        let site = fields.site
        let filters = try fields.integer("filters")
        let kernel = try fields.extent("kernel", default: 3)
        let stride = try fields.extent("stride", default: 1)
        let dilation = try fields.extent("dilation", default: 1)
        let padding = try fields.padding("padding", default: .same)
        let groups = try fields.integer("groups", default: 1)
        let bias = try fields.flag("bias")
        let batchNorm = try fields.flag("bn")
        let activation = try activation()
        guard shape.channels % groups == 0, filters % groups == 0 else {
            throw site.error(.badValue, "groups \(groups) must divide both the \(shape.channels) input channels and the \(filters) filters")
        }
        try checkWindow(kernel: kernel, dilation: dilation, padding: padding, stride: stride, on: shape)
        try checkWeightCount(filters, kernel.height, kernel.width, shape.channels / groups)
        let unit = batchNorm || activation != nil
        var y = builder.convolution(
            x, outputChannels: filters, kernel: kernel, stride: stride, padding: padding, dilation: dilation, groups: groups,
            bias: bias, name: unit ? "\(name).conv" : name)
        if batchNorm { y = builder.batchNorm(y, name: "\(name).bn") }
        return try activate(y, activation, into: &builder)
    }

    /// `relu`, `relu6` or nil (`none` or no field).
    private func activation() throws(ArchitectureError) -> String? {
        switch try fields.text("activation") {
        case nil, "none": nil
        case let name? where name == "relu" || name == "relu6": name
        default: throw fields.bad("activation", "relu, relu6 or none")
        }
    }

    private func activate(_ x: Int, _ activation: String?, into builder: inout GraphBuilder) throws(ArchitectureError) -> Int {
        switch activation {
        case "relu": builder.relu(x, name: "\(name).relu")
        case "relu6": builder.relu6(x, name: "\(name).relu6")
        default: x
        }
    }

    /// Fails when the (dilated) kernel does not fit the padded input even once.
    private func checkWindow(kernel: Extent, dilation: Extent, padding: GraphBuilder.PaddingMode, stride: Extent, on shape: ActivationShape) throws(ArchitectureError) {
        let explicit: Padding
        switch padding {
        case .same: explicit = .same(input: shape, kernel: kernel, stride: stride, dilation: dilation)
        case .valid: explicit = .zero
        case .explicit(let given): explicit = given
        }
        let window = Window(
            kernelHeight: kernel.height, kernelWidth: kernel.width, strideHeight: stride.height, strideWidth: stride.width,
            dilationHeight: dilation.height, dilationWidth: dilation.width, padding: explicit)
        guard window.outputSize(height: shape.height, width: shape.width) == nil else { return }
        let reach = Extent(height: (kernel.height - 1) * dilation.height + 1, width: (kernel.width - 1) * dilation.width + 1)
        let padded = "\(shape.height + explicit.top + explicit.bottom)x\(shape.width + explicit.left + explicit.right)"
        throw fields.site.error(
            .badValue, "the \(reach.height)x\(reach.width) kernel" + (dilation == 1 ? "" : " (dilated)")
                + " is larger than its input \(shape), \(padded) with padding")
    }

    private func checkWeightCount(_ factors: Int...) throws(ArchitectureError) {
        var product = 1
        for factor in factors {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            guard !overflow, next <= Self.maximumWeights else {
                throw fields.site.error(.badValue, "would hold more than \(Self.maximumWeights) weights")
            }
            product = next
        }
    }
}
