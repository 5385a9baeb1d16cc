import OctetRuntime

/// Turns 8-bit pixels (already resized to the model's H×W×C) into a model's input tensor.
///
/// The model stores an affine map from a pixel `p` to the real input value it was trained on,
/// `x = p * pixelScale + pixelOffset` (for example `1/255` and `0` for inputs in [0, 1]),
/// computed in `Float` exactly as written, so the float model and the int8 model see the
/// same `x`. These functions take those values plainly and do not allocate.
public enum PixelPreprocessing {
    /// The real input value of `pixel`.
    @inlinable
    public static func realValue(of pixel: UInt8, pixelScale: Float, pixelOffset: Float) -> Float {
        Float(pixel) * pixelScale + pixelOffset
    }

    /// Writes `x` for every pixel into `destination` (same count), for the float model.
    public static func normalize(
        _ pixels: UnsafeBufferPointer<UInt8>, pixelScale: Float, pixelOffset: Float,
        into destination: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(destination.count == pixels.count, "destination does not match the pixel count")
        for index in pixels.indices {
            destination[index] = realValue(of: pixels[index], pixelScale: pixelScale, pixelOffset: pixelOffset)
        }
    }

    /// Writes `q = clamp(round(x / scale) + zeroPoint, -128, 127)` for every pixel into
    /// `destination` (same count), where `scale` and `zeroPoint` are the input tensor's.
    ///
    /// `x / scale` is a `Float` division rounded half away from zero, as in TensorFlow Lite's
    /// reference Quantize kernel. Values outside the tensor's range saturate; the calibration
    /// range normally covers every pixel value, so saturation means the model and its
    /// preprocessing disagree.
    public static func quantize(
        _ pixels: UnsafeBufferPointer<UInt8>, pixelScale: Float, pixelOffset: Float,
        scale: Float, zeroPoint: Int32, into destination: UnsafeMutableBufferPointer<Int8>
    ) {
        precondition(destination.count == pixels.count, "destination does not match the pixel count")
        precondition(scale > 0 && scale.isFinite, "a quantization scale is positive and finite")
        precondition(pixelScale.isFinite && pixelOffset.isFinite, "the pixel map is finite")
        for index in pixels.indices {
            let x = realValue(of: pixels[index], pixelScale: pixelScale, pixelOffset: pixelOffset)
            destination[index] = Interpreter.quantize(x, scale: scale, zeroPoint: zeroPoint)
        }
    }
}
