import OctetTrain

/// The activation range of every int8 tensor of a model, as chosen by an observer over
/// calibration images. Keys are node ids of the BatchNorm-folded model.
public struct Calibration: Sendable {
    public var observer: Observer
    public var imageCount: Int
    /// The range each tensor is quantized to (the same for all members of a quantization group).
    public var ranges: [Int: ActivationRange]
    /// The smallest and largest value each tensor took.
    public var extremes: [Int: ActivationRange]
    /// The concatenation nodes that requantize their inputs; every other one shares one range.
    public var requantizingConcatenations: Set<Int>
    public var weightRounding: WeightRounding
    /// For `.gptq`, each conv and dense node's input correlation over the images.
    var inputCorrelations: [Int: InputCorrelation] = [:]
}

/// Progress of a calibration run, for a progress bar.
public struct CalibrationProgress: Sendable {
    /// 1 for the min/max pass, 2 for the histogram pass.
    public var pass: Int
    public var passes: Int
    public var imagesDone: Int
    public var imageCount: Int

    /// Done so far, in [0, 1].
    public var fraction: Double {
        (Double(pass - 1) + Double(imagesDone) / Double(Swift.max(1, imageCount))) / Double(passes)
    }
}

/// Runs a float model over calibration images and records what each tensor node's output did.
///
/// The observer sees a quantization group as one distribution: the values of all its
/// members together. A group must share one scale, so its range is chosen for everything
/// it holds; in a DenseNet block, where a signed transition output and many ReLU outputs
/// share the concatenations' scale, the union of separately clipped ranges would let the
/// rare wide tensor decide for all the others.
///
/// The groups depend on which concatenations share a range (`ConcatChoice`), decided from
/// the first pass's extremes; the histograms of the second pass are then filled per group.
struct Calibrator {
    let plan: LoweringPlan
    let observer: Observer
    let concatenations: ConcatQuantization
    let weightRounding: WeightRounding
    /// The input tensor's range (it covers the pixel range exactly).
    let inputRange: ActivationRange

    var model: FloatModel { plan.model }
    /// The tensor nodes calibrated: all but the input.
    var nodes: [Int] { plan.tensorNodes.filter { $0 != 0 } }
    /// Images per float evaluation; both cores share each batch.
    let batchSize = 50

    /// Fails, naming the first such layer, when a tensor takes a NaN or infinite value.
    func calibrate(on images: ImageSet, progress: (CalibrationProgress) -> Void) throws(QuantizationError) -> Calibration {
        let passes = observer.needsHistogram ? 2 : 1
        var extremes = [Int: (min: Float, max: Float)]()
        var correlations: [Int: InputCorrelation] = weightRounding == .gptq
            ? Dictionary(uniqueKeysWithValues: model.nodes.compactMap { node in InputCorrelation(for: node.layer).map { (node.id, $0) } })
            : [:]
        // Seeded, so the same images give the same sampled pixels and the same bytes.
        var generator = SeededGenerator(seed: 1)
        forEachBatch(images, pass: 1, passes: passes, progress: progress) { activations in
            for id in correlations.keys.sorted() {
                let node = model.nodes[id]
                correlations[id]!.add(activations[node.inputs[0]], layer: node.layer, outputShape: node.outputShape, generator: &generator)
            }
            for node in nodes {
                let values = activations[node].values
                var (low, high) = extremes[node] ?? (0, 0)
                for value in values {
                    // NaN is kept as the low bound: min and max would drop it.
                    low = value.isNaN || low.isNaN ? .nan : Swift.min(low, value)
                    high = Swift.max(high, value)
                }
                extremes[node] = (low, high)
            }
        }
        var ranges: [Int: ActivationRange] = [:]
        for node in nodes.sorted() {
            let (low, high) = extremes[node] ?? (0, 0)
            ranges[node] = try ActivationRange(checking: low, high, node: model.nodes[node].name)
        }
        let nodeExtremes = ranges
        let requantizing = ConcatChoice.requantizing(
            concatenations, plan: plan, extremes: ranges.merging([0: inputRange]) { first, _ in first })
        let groups = plan.groups(requantizing: requantizing).members(of: nodes)
        let groupExtremes = groups.map { members in members.dropFirst().reduce(ranges[members[0]]!) { $0.union(ranges[$1]!) } }
        guard observer.needsHistogram else {
            for (group, members) in groups.enumerated() { for node in members { ranges[node] = groupExtremes[group] } }
            return Calibration(
                observer: observer, imageCount: images.count, ranges: ranges, extremes: nodeExtremes,
                requantizingConcatenations: requantizing, weightRounding: weightRounding, inputCorrelations: correlations)
        }

        var histograms = groupExtremes.map { Histogram(range: $0) }
        forEachBatch(images, pass: 2, passes: passes, progress: progress) { activations in
            for (group, members) in groups.enumerated() {
                for node in members { histograms[group].add(activations[node].values) }
            }
        }
        for (group, members) in groups.enumerated() {
            let range = observer.range(extremes: groupExtremes[group], histogram: histograms[group])
            for node in members { ranges[node] = range }
        }
        return Calibration(
            observer: observer, imageCount: images.count, ranges: ranges, extremes: nodeExtremes,
            requantizingConcatenations: requantizing, weightRounding: weightRounding, inputCorrelations: correlations)
    }

    private func forEachBatch(
        _ images: ImageSet, pass: Int, passes: Int, progress: (CalibrationProgress) -> Void, body: ([Tensor]) -> Void
    ) {
        progress(CalibrationProgress(pass: pass, passes: passes, imagesDone: 0, imageCount: images.count))
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let range = start..<Swift.min(images.count, start + batchSize)
            body(model.activations(images.inputTensor(range, preprocessing: model.preprocessing)))
            progress(CalibrationProgress(pass: pass, passes: passes, imagesDone: range.upperBound, imageCount: images.count))
        }
    }
}
