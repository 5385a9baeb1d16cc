/// Random per-image changes applied to 8-bit training images before preprocessing.
public struct Augmentation: Hashable, Sendable {
    /// Shift by up to this many pixels in each direction, filling with pixel value 0:
    /// the same as a random crop from the image zero-padded on every side.
    public var cropPadding: Int
    public var horizontalFlip: Bool

    public init(cropPadding: Int, horizontalFlip: Bool) {
        self.cropPadding = cropPadding
        self.horizontalFlip = horizontalFlip
    }

    public static let none = Augmentation(cropPadding: 0, horizontalFlip: false)

    /// Writes `x = pixel * scale + offset` for one augmented image into `destination`.
    func render(
        _ pixels: ArraySlice<UInt8>, height: Int, width: Int, channels: Int,
        preprocessing: InputPreprocessing, generator: inout SeededGenerator,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let span = 2 * cropPadding + 1
        let shiftY = cropPadding > 0 ? Int(generator.next() % UInt64(span)) - cropPadding : 0
        let shiftX = cropPadding > 0 ? Int(generator.next() % UInt64(span)) - cropPadding : 0
        let flip = horizontalFlip && generator.next() & 1 == 1
        let start = pixels.startIndex
        for y in 0..<height {
            for x in 0..<width {
                let sourceY = y + shiftY
                let sourceX = (flip ? width - 1 - x : x) + shiftX
                let inside = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width
                for channel in 0..<channels {
                    let pixel = inside ? pixels[start + (sourceY * width + sourceX) * channels + channel] : 0
                    destination[(y * width + x) * channels + channel] = Float(pixel) * preprocessing.scale + preprocessing.offset
                }
            }
        }
    }
}
