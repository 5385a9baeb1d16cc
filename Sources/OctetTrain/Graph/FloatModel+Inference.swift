/// Accuracy and mean loss of a model on labelled images.
public struct Evaluation: Hashable, Sendable {
    public var accuracy: Double
    public var meanLoss: Double
    public var count: Int
}

extension FloatModel {
    /// Images `range` of `images`, preprocessed into network input (`x = pixel * scale + offset`).
    public func inputTensor(_ images: LabeledImages, range: Range<Int>) -> Tensor {
        precondition(images.height == preprocessing.shape.height && images.width == preprocessing.shape.width
            && images.channels == preprocessing.shape.channels, "images do not have the model's input shape")
        let pixels = images.pixels[range.lowerBound * images.imageSize..<range.upperBound * images.imageSize]
        return Tensor(batch: range.count, shape: preprocessing.shape, values: pixels.map { Float($0) * preprocessing.scale + preprocessing.offset })
    }

    /// Evaluation-mode logits (`[batch][classes]`) for preprocessed input; uses both cores.
    public func logits(_ input: Tensor) -> Tensor {
        Network(self).evaluate(input, keepingAllOutputs: false)[0]
    }

    /// Evaluation-mode output of every node, indexed by node id (index 0 is `input`
    /// itself), for calibration and per-layer error measurements.
    public func activations(_ input: Tensor) -> [Tensor] {
        Network(self).evaluate(input, keepingAllOutputs: true)
    }

    /// Accuracy and mean cross-entropy on `images`, evaluated `batchSize` images at a time.
    public func evaluate(on images: LabeledImages, batchSize: Int = 500) -> Evaluation {
        Network(self).evaluate(on: images, preprocessing: preprocessing, batchSize: batchSize)
    }
}

extension Network {
    func evaluate(on images: LabeledImages, preprocessing: InputPreprocessing, batchSize: Int) -> Evaluation {
        var correct = 0
        var lossSum = 0.0
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let range = start..<min(images.count, start + batchSize)
            let logits = evaluate(template.inputTensor(images, range: range), keepingAllOutputs: false)[0]
            let result = SoftmaxCrossEntropy.evaluate(logits: logits, labels: images.labels[range], normalizer: range.count)
            correct += result.correct
            lossSum += result.lossSum
        }
        let count = max(1, images.count)
        return Evaluation(accuracy: Double(correct) / Double(count), meanLoss: lossSum / Double(count), count: images.count)
    }
}
