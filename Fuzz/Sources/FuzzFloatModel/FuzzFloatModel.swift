import OctetQuantize
import OctetTrain

/// One input: load it as a float model, calibrate on two fixed images and lower it to int8.
/// Inputs larger than 2^16 values skip calibration (a forward pass would only be slow).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFloatModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let model = try? FloatModel(serialized: bytes), let quantizer = try? Quantizer(model: model) else { return 0 }
    let shape = model.preprocessing.shape
    let count = shape.height * shape.width * shape.channels
    guard count <= 1 << 16 else { return 0 }
    let pixels = (0..<(2 * count)).map { UInt8(truncatingIfNeeded: $0 &* 29) }
    let images = ImageSet(
        height: shape.height, width: shape.width, channels: shape.channels, pixels: pixels, labels: nil, names: ["a", "b"])
    for observer in [Observer.minMax, .percentile(99.99)] {
        guard let calibration = try? quantizer.calibrate(on: images, observer: observer) else { continue }
        _ = try? quantizer.quantize(with: calibration)
    }
    return 0
}
