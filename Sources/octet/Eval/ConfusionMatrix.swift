import OctetQuantize

/// Top-1 predictions against labels: `counts[label][predicted]`, from which accuracy and
/// per-class accuracy follow.
struct ConfusionMatrix: Equatable {
    private(set) var counts: [[Int]]

    init(classCount: Int) {
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    mutating func record(label: Int, predicted: Int) {
        counts[label][predicted] += 1
    }

    var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }

    /// The int8 model's top-1 class (the first on ties, as `octet run` ranks them) for every
    /// image, which must be labelled and of the model's input size. `progress` gets images done.
    static func evaluate(_ model: Int8Model, classCount: Int, images: ImageSet, progress: (Int) -> Void) -> ConfusionMatrix {
        guard let labels = images.labels else { preconditionFailure("evaluation images need labels") }
        var matrix = ConfusionMatrix(classCount: classCount)
        for index in 0..<images.count {
            let output = model.run(images.image(index))
            var best = 0
            for position in output.indices where output[position] > output[best] { best = position }
            matrix.record(label: labels[index], predicted: best)
            if (index + 1) % 100 == 0 || index + 1 == images.count { progress(index + 1) }
        }
        return matrix
    }
}
