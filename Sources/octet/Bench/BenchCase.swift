import Foundation
import OctetClassifier
import OctetFormat
import OctetQuantize
import OctetRuntime

/// One model on one kind of input, timed one `invoke()` — or, for a profile, one
/// `invoke(step:)` — at a time, cycling through its inputs.
///
/// The inputs are quantized before timing, by the same code `octet run` uses; each call first
/// copies its input into the arena (untimed: the plan may reuse the input's bytes).
final class BenchCase {
    enum Input: String, Codable {
        /// Real images, quantized as `octet run` quantizes them.
        case images
        /// One all-zero int8 input tensor (what the old whole-model benchmark timed).
        case zeros
        /// Raw input tensors from files, for models whose input is not an image.
        case raw
    }

    let path: String
    let input: Input
    let classifier: Classifier
    let inspection: ModelInspection
    /// The quantized inputs, one after the other.
    private let tensors: [Int8]
    private let tensorSize: Int
    private var nextTensor = 0
    private(set) var callNanoseconds: [UInt64] = []
    /// Per op, the time of each of its timed calls (profiles only).
    private(set) var opNanoseconds: [[UInt64]]

    /// `images` are used only for `.images` and must have the model's input size; `rawInputs`
    /// only for `.raw`, each exactly the input tensor's elements.
    init(
        path: String, loaded: LoadedModel, input: Input, images: ImageSet? = nil, rawInputs: [[Int8]] = [],
        kernelPath: KernelPath
    ) throws {
        self.path = path
        self.input = input
        let classifier = try Classifier(loaded, kernelPath: kernelPath)
        let tensorSize = classifier.interpreter.input().shape.elementCount
        self.classifier = classifier
        self.tensorSize = tensorSize
        inspection = ModelInspection(loaded)
        switch input {
        case .zeros:
            tensors = [Int8](repeating: 0, count: tensorSize)
        case .raw:
            guard !rawInputs.isEmpty else { throw CLIError("\(path): no raw inputs to time it on") }
            tensors = rawInputs.flatMap { $0 }
        case .images:
            guard let images, images.count > 0 else { throw CLIError("\(path): no images to time it on") }
            precondition(images.imageSize == tensorSize, "images do not have the model's input size")
            var tensors = [Int8](repeating: 0, count: images.count * tensorSize)
            tensors.withUnsafeMutableBufferPointer { destination in
                images.pixels.withUnsafeBufferPointer { pixels in
                    for image in 0..<images.count {
                        let range = image * tensorSize..<(image + 1) * tensorSize
                        classifier.quantize(UnsafeBufferPointer(rebasing: pixels[range]), into: UnsafeMutableBufferPointer(rebasing: destination[range]))
                    }
                }
            }
            self.tensors = tensors
        }
        opNanoseconds = Array(repeating: [], count: loaded.model.opCount)
    }

    var name: String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
    var inputCount: Int { tensors.count / tensorSize }
    var macs: Int { inspection.rows.reduce(0) { $0 + $1.macs } }

    /// Runs `calls` inferences; records their times when `record` is set. With `perOp`, each op
    /// is timed alone and a call's time is the sum of its ops' times.
    func run(calls: Int, perOp: Bool, record: Bool) {
        let interpreter = classifier.interpreter
        let destination = interpreter.input().data
        let opCount = interpreter.model.opCount
        if record {
            callNanoseconds.reserveCapacity(callNanoseconds.count + calls)
            if perOp { for step in 0..<opCount { opNanoseconds[step].reserveCapacity(opNanoseconds[step].count + calls) } }
        }
        tensors.withUnsafeBufferPointer { tensors in
            for _ in 0..<calls {
                destination.update(from: tensors.baseAddress! + nextTensor * tensorSize, count: tensorSize)
                nextTensor = (nextTensor + 1) % inputCount
                var elapsed: UInt64 = 0
                if perOp {
                    for step in 0..<opCount {
                        let start = monotonicNanoseconds()
                        interpreter.invoke(step: step)
                        let time = monotonicNanoseconds() &- start
                        elapsed &+= time
                        if record { opNanoseconds[step].append(time) }
                    }
                } else {
                    let start = monotonicNanoseconds()
                    interpreter.invoke()
                    elapsed = monotonicNanoseconds() &- start
                }
                if record { callNanoseconds.append(elapsed) }
            }
        }
    }
}
