/// The networks Octet ships, each under 100k parameters for 28×28×1 input, sized so a
/// Fashion-MNIST run fits in about ten minutes on two cores (docs/TRAINING.md).
///
/// All use post-activation conv → BatchNorm → ReLU units, so every BatchNorm directly
/// follows a convolution (or, in DenseNet transitions, directly precedes a 1×1 one) and
/// folds into it exactly.
public enum Architecture: String, CaseIterable, Sendable {
    /// A plain stack: conv-BN-ReLU units and max pooling; a 1×1 conv narrows the last
    /// 7×7 map to 16 channels, which are flattened into the dense classifier so it sees
    /// where features are (global pooling would discard that).
    case plain
    /// A small ResNet: basic blocks with identity shortcuts, and a strided block whose
    /// shortcut is a 1×1 strided projection (conv + BN).
    case resnet
    /// DenseNet-style: dense blocks whose layers see the concatenation of all earlier
    /// outputs, joined by a transition (BN → 1×1 conv → 2×2 average pool).
    case densenet

    /// A freshly initialized model; `seed` fixes the initial weights.
    public func makeModel(preprocessing: InputPreprocessing, classLabels: [String], seed: UInt64) -> FloatModel {
        var builder = GraphBuilder(input: preprocessing.shape, seed: seed)
        let features: Int
        switch self {
        case .plain: features = builder.flatten(Self.buildPlain(&builder), name: "flatten")
        case .resnet: features = builder.globalAveragePool(Self.buildResNet(&builder), name: "pool")
        case .densenet: features = builder.globalAveragePool(Self.buildDenseNet(&builder), name: "pool")
        }
        _ = builder.dense(features, outputFeatures: classLabels.count, name: "logits")
        do {
            return try builder.build(preprocessing: preprocessing, classLabels: classLabels)
        } catch {
            preconditionFailure("shipped architecture \(self) is invalid: \(error)")
        }
    }

    private static func buildPlain(_ builder: inout GraphBuilder) -> Int {
        var x = builder.convolutionBatchNormReLU(builder.input, outputChannels: 32, name: "conv1")
        x = builder.maxPool(x, name: "pool1")
        x = builder.convolutionBatchNormReLU(x, outputChannels: 64, name: "conv2")
        x = builder.maxPool(x, name: "pool2")
        x = builder.convolutionBatchNormReLU(x, outputChannels: 64, name: "conv3")
        return builder.convolutionBatchNormReLU(x, outputChannels: 16, kernel: 1, name: "conv4")
    }

    private static func buildResNet(_ builder: inout GraphBuilder) -> Int {
        var x = builder.convolutionBatchNormReLU(builder.input, outputChannels: 24, name: "stem")
        x = builder.maxPool(x, name: "stem.pool")
        x = residualBlock(&builder, x, outputChannels: 24, stride: 1, name: "block1")
        x = residualBlock(&builder, x, outputChannels: 48, stride: 2, name: "block2")
        return residualBlock(&builder, x, outputChannels: 48, stride: 1, name: "block3")
    }

    /// conv-BN-ReLU → conv-BN, plus the shortcut (identity, or a 1×1 projection with BN
    /// when the stride or channel count changes), then ReLU.
    private static func residualBlock(_ builder: inout GraphBuilder, _ x: Int, outputChannels: Int, stride: Int, name: String) -> Int {
        let hidden = builder.convolutionBatchNormReLU(x, outputChannels: outputChannels, stride: Extent(stride), name: "\(name).unit1")
        let residual = builder.batchNorm(
            builder.convolution(hidden, outputChannels: outputChannels, name: "\(name).unit2.conv"), name: "\(name).unit2.bn")
        var shortcut = x
        if stride != 1 || builder.shape(of: x).channels != outputChannels {
            let projection = builder.convolution(x, outputChannels: outputChannels, kernel: 1, stride: Extent(stride), name: "\(name).projection.conv")
            shortcut = builder.batchNorm(projection, name: "\(name).projection.bn")
        }
        return builder.relu(builder.add([residual, shortcut], name: "\(name).add"), name: "\(name).relu")
    }

    private static func buildDenseNet(_ builder: inout GraphBuilder) -> Int {
        var x = builder.convolutionBatchNormReLU(builder.input, outputChannels: 16, name: "stem")
        x = builder.maxPool(x, name: "stem.pool")
        x = denseBlock(&builder, x, layers: 3, growth: 16, name: "dense1")
        x = builder.batchNorm(x, name: "transition.bn")
        x = builder.convolution(x, outputChannels: 32, kernel: 1, bias: true, name: "transition.conv")
        x = builder.averagePool(x, name: "transition.pool")
        x = denseBlock(&builder, x, layers: 3, growth: 16, name: "dense2")
        return x
    }

    /// Each layer (3×3 conv-BN-ReLU) reads the concatenation of the block input and all
    /// earlier layers' outputs; the block returns the concatenation of all of them.
    private static func denseBlock(_ builder: inout GraphBuilder, _ x: Int, layers: Int, growth: Int, name: String) -> Int {
        var features = x
        for layer in 1...layers {
            let new = builder.convolutionBatchNormReLU(features, outputChannels: growth, name: "\(name).layer\(layer)")
            features = builder.concat([features, new], name: "\(name).concat\(layer)")
        }
        return features
    }
}
