import Foundation
import OctetRuntime
import OctetTrain

/// Float against int8 on labelled images: accuracy of each, their top-1 agreement, and
/// per-layer signal-to-quantization-noise ratios.
public struct QuantizationEvaluation: Sendable {
    public var imageCount: Int
    public var floatCorrect: Int
    public var int8Correct: Int
    /// Images on which float and int8 pick the same class.
    public var agreeing: Int
    /// One entry per int8 tensor matched by name to a float node, in execution order.
    public var layers: [LayerError]
    /// Op outputs whose name names no float node of the same size, apart from the
    /// quantizer's own intermediates ("pool (before conv)"): a sign of a mismatched pair.
    public var unmatchedTensors: [String]

    public var floatAccuracy: Double { Double(floatCorrect) / Double(Swift.max(1, imageCount)) }
    public var int8Accuracy: Double { Double(int8Correct) / Double(Swift.max(1, imageCount)) }
    /// Float minus int8 accuracy, in percentage points.
    public var accuracyDrop: Double { 100 * (floatAccuracy - int8Accuracy) }
    public var agreement: Double { Double(agreeing) / Double(Swift.max(1, imageCount)) }

    /// How far one int8 tensor, dequantized, is from the float activation it stands for.
    public struct LayerError: Sendable {
        public var name: String
        /// Σ float² over all images.
        public var signalEnergy: Double
        /// Σ (float − dequantized int8)² over all images.
        public var noiseEnergy: Double

        /// `10 · log10(signal / noise)` in dB; infinite when the int8 values are exact.
        public var signalToQuantizationNoise: Double {
            guard noiseEnergy > 0 else { return .infinity }
            return 10 * log10(signalEnergy / noiseEnergy)
        }
    }

    /// Runs `float` (the unfolded model as trained) and `int8` over `images`, which must be
    /// labelled and of the models' input size. `progress` gets the number of images done.
    public static func evaluate(
        float: FloatModel, int8: Int8Model, images: ImageSet, batchSize: Int = 100,
        progress: (Int) -> Void = { _ in }
    ) -> QuantizationEvaluation {
        guard let labels = images.labels else { preconditionFailure("evaluation images need labels") }
        let nodeByName = Dictionary(uniqueKeysWithValues: float.nodes.map { ($0.name, $0.id) })
        // A tensor that channel equalization rescaled holds its float node's values times a
        // factor per channel; it is compared after fitting that factor (`ChannelFit`).
        func floatNode(_ name: String) -> Int? {
            nodeByName[name.hasSuffix(ChannelEqualization.renamedSuffix)
                ? String(name.dropLast(ChannelEqualization.renamedSuffix.count)) : name]
        }
        // Arena tensors that some op writes and that have a float counterpart.
        let model = int8.model
        var matched: [(tensor: Int, node: Int)] = []
        var unmatched: [String] = []
        for step in 0..<model.opCount {
            let output = model.op(step).output
            let name = int8.tensorNames[output]
            if let node = floatNode(name), float.nodes[node].outputShape.elementCount == model.tensor(output).shape.elementsPerBatch {
                matched.append((output, node))
            } else if !name.contains(" (before ") {
                unmatched.append(name)
            }
        }
        let layerOfTensor = Dictionary(uniqueKeysWithValues: matched.enumerated().map { ($1.tensor, $0) })
        var layers = matched.map { LayerError(name: int8.tensorNames[$0.tensor], signalEnergy: 0, noiseEnergy: 0) }
        var fits: [Int: ChannelFit] = [:]
        for (layer, match) in matched.enumerated() where layers[layer].name.hasSuffix(ChannelEqualization.renamedSuffix) {
            fits[layer] = ChannelFit(channels: float.nodes[match.node].outputShape.channels)
        }

        var result = QuantizationEvaluation(imageCount: images.count, floatCorrect: 0, int8Correct: 0, agreeing: 0, layers: [], unmatchedTensors: unmatched)
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let range = start..<Swift.min(images.count, start + batchSize)
            let activations = float.activations(images.inputTensor(range, preprocessing: float.preprocessing))
            let logits = activations[float.nodes.count - 1]
            for (position, index) in range.enumerated() {
                let int8Logits = int8.run(images.image(index)) { tensor, values in
                    guard let layer = layerOfTensor[tensor] else { return }
                    let reference = activations[matched[layer].node]
                    let size = reference.exampleSize
                    let dequantized = int8.dequantize(
                        UnsafeBufferPointer(start: values.data, count: values.shape.elementCount), tensor: tensor)
                    if fits[layer] != nil {
                        fits[layer]!.add(reference.values[(position * size)..<((position + 1) * size)], dequantized)
                        return
                    }
                    var signal = 0.0
                    var noise = 0.0
                    for element in 0..<size {
                        let expected = Double(reference.values[position * size + element])
                        let difference = expected - Double(dequantized[element])
                        signal += expected * expected
                        noise += difference * difference
                    }
                    layers[layer].signalEnergy += signal
                    layers[layer].noiseEnergy += noise
                }
                let floatClass = argmax(logits.values[position * logits.exampleSize..<(position + 1) * logits.exampleSize])
                let int8Class = argmax(int8Logits[...])
                if floatClass == labels[index] { result.floatCorrect += 1 }
                if int8Class == labels[index] { result.int8Correct += 1 }
                if floatClass == int8Class { result.agreeing += 1 }
            }
            progress(range.upperBound)
        }
        for (layer, fit) in fits { (layers[layer].signalEnergy, layers[layer].noiseEnergy) = fit.energies }
        result.layers = layers
        return result
    }
}

/// Σ f², Σ f·q and Σ q² per channel of a float tensor `f` and its dequantized int8 `q`, for
/// SQNR after fitting each channel's factor: the noise left by the best `g_c` in
/// `f ≈ g_c · q` is `Σ f² − (Σ f·q)² / Σ q²`.
struct ChannelFit {
    private var floatSquares: [Double], products: [Double], int8Squares: [Double]

    init(channels: Int) {
        floatSquares = [Double](repeating: 0, count: channels)
        products = floatSquares
        int8Squares = floatSquares
    }

    mutating func add(_ reference: ArraySlice<Float>, _ dequantized: [Float]) {
        let channels = floatSquares.count
        for (offset, expected) in reference.enumerated() {
            let channel = offset % channels, f = Double(expected), q = Double(dequantized[offset])
            floatSquares[channel] += f * f
            products[channel] += f * q
            int8Squares[channel] += q * q
        }
    }

    var energies: (signal: Double, noise: Double) {
        var noise = 0.0
        for channel in floatSquares.indices {
            let fitted = int8Squares[channel] > 0 ? products[channel] * products[channel] / int8Squares[channel] : 0
            noise += Swift.max(0, floatSquares[channel] - fitted)
        }
        return (floatSquares.reduce(0, +), noise)
    }
}

/// The index of the largest value; the first one on ties.
func argmax<C: Collection>(_ values: C) -> Int where C.Element: Comparable {
    var best = values.startIndex
    var index = values.startIndex
    while index != values.endIndex {
        if values[index] > values[best] { best = index }
        index = values.index(after: index)
    }
    return values.distance(from: values.startIndex, to: best)
}
