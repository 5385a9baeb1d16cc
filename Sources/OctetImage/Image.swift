/// An 8-bit gray or RGB image that owns its pixels.
///
/// The allocation-free paths take `UnsafeBufferPointer`s in the same layout; this type is the
/// convenience for tools and tests.
public struct Image: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public let format: PixelFormat
    /// `height` rows of `width * format.channelCount` samples.
    public let pixels: [UInt8]

    public init(width: Int, height: Int, format: PixelFormat, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "an image has at least one pixel")
        precondition(pixels.count == width * height * format.channelCount, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// This image resampled to `width`×`height` (see `Resampling`).
    public func resized(width: Int, height: Int) -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height * format.channelCount)
        self.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { destination in
                Resampling.resize(source, width: self.width, height: self.height, format: format,
                                  into: destination, width: width, height: height)
            }
        }
        return Image(width: width, height: height, format: format, pixels: pixels)
    }
}
