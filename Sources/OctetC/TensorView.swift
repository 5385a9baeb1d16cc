#if canImport(OctetRuntime)
import OctetRuntime
#endif
import COctet

extension octet_tensor {
    /// The C view of an arena tensor: its bytes, shape and quantization.
    init(_ data: UnsafeMutablePointer<Int8>, _ info: TensorInfo) {
        // The loader checked every dimension (at most 65536) and the element count fit in an Int32.
        self.init(
            data: data,
            shape: (
                Int32(truncatingIfNeeded: info.shape.n), Int32(truncatingIfNeeded: info.shape.h),
                Int32(truncatingIfNeeded: info.shape.w), Int32(truncatingIfNeeded: info.shape.c)
            ),
            element_count: Int32(truncatingIfNeeded: info.shape.elementCount),
            scale: info.scale,
            zero_point: info.zeroPoint)
    }
}

/// A StaticString (emitted NUL-terminated) as a C string.
func cString(_ text: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}
