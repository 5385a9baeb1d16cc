import OctetImage

/// One input: check the PNG header (at most 2^20 pixels), decode it as gray and as RGB, and
/// resize each down and up.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? PNGFile(bytes: bytes, name: "fuzz input", maximumPixelCount: 1 << 20) else { return 0 }
    for format in [PixelFormat.gray, .rgb] {
        guard let image = try? file.decode(as: format) else { continue }
        _ = image.resized(width: 7, height: 5)
        _ = image.resized(width: min(image.width * 2, 300), height: min(image.height * 3, 300))
    }
    return 0
}
