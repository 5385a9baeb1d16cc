/// Resizes 8-bit gray or RGB images in exact integer arithmetic.
///
/// Each axis is resampled on its own terms, so one axis may shrink while the other grows:
/// - Shrinking (or keeping) an axis uses area averaging: an output pixel is the mean of the
///   source pixels it covers, each weighted by the fraction of it that is covered. This is
///   what removes detail without aliasing; for an unchanged axis it is the identity.
/// - Growing an axis uses bilinear interpolation between the two nearest source pixel centers,
///   with centers aligned (output pixel `o` samples source coordinate `(o + ½)·S/D − ½`,
///   clamped to the edge pixels).
/// Weights are integers, and the weighted sum is divided once and rounded half up (for
/// nonnegative values, half away from zero), so results do not depend on floating point.
public enum Resampling {
    /// Resamples `source` (`sourceWidth`×`sourceHeight`) into `destination` (`width`×`height`),
    /// both in `format`. Does not allocate.
    ///
    /// Cost: every source pixel is read about once per output pixel that covers it when
    /// shrinking, and four source pixels are read per output pixel when growing.
    public static func resize(
        _ source: UnsafeBufferPointer<UInt8>, width sourceWidth: Int, height sourceHeight: Int, format: PixelFormat,
        into destination: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int
    ) {
        let channels = format.channelCount
        precondition(sourceWidth > 0 && sourceHeight > 0 && width > 0 && height > 0, "images have at least one pixel")
        precondition(source.count == sourceWidth * sourceHeight * channels, "source does not match its size")
        precondition(destination.count == width * height * channels, "destination does not match its size")
        let columns = AxisResampling(sourceLength: sourceWidth, destinationLength: width)
        let rows = AxisResampling(sourceLength: sourceHeight, destinationLength: height)
        let denominator = columns.denominator * rows.denominator
        // A weighted sum is at most 255 * denominator; doubling it for rounding must not overflow.
        precondition(denominator <= Int.max / 512, "sizes too large for exact integer resampling")
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<channels {
                    var sum = 0
                    for sourceY in rows.sources(of: y) {
                        let rowWeight = rows.weight(of: sourceY, for: y)
                        for sourceX in columns.sources(of: x) {
                            let sample = Int(source[(sourceY * sourceWidth + sourceX) * channels + channel])
                            sum += rowWeight * columns.weight(of: sourceX, for: x) * sample
                        }
                    }
                    destination[(y * width + x) * channels + channel] = UInt8((2 * sum + denominator) / (2 * denominator))
                }
            }
        }
    }
}

/// The integer weights that map one axis of `sourceLength` pixels to `destinationLength`.
/// For every output pixel, the weights of its sources sum to `denominator`.
struct AxisResampling {
    let sourceLength: Int
    let destinationLength: Int

    private var isGrowing: Bool { destinationLength > sourceLength }

    /// What the weights of each output pixel sum to: `S` when shrinking (overlap lengths, see
    /// `sources(of:)`), `2D` when growing (positions in units of 1/(2D) source pixel).
    var denominator: Int { isGrowing ? 2 * destinationLength : sourceLength }

    /// The source pixels that contribute to output pixel `index`.
    func sources(of index: Int) -> Range<Int> {
        if isGrowing {
            let (first, fraction) = bilinearPosition(of: index)
            return first ..< (fraction == 0 ? first + 1 : first + 2)
        }
        // Measured in units of 1/(S·D) of the axis: source pixel i spans [i·D, (i+1)·D) and
        // output pixel o spans [o·S, (o+1)·S).
        let start = index * sourceLength, end = start + sourceLength
        return start / destinationLength ..< (end + destinationLength - 1) / destinationLength
    }

    /// The weight of source pixel `source` in output pixel `index`.
    func weight(of source: Int, for index: Int) -> Int {
        if isGrowing {
            let (first, fraction) = bilinearPosition(of: index)
            return source == first ? denominator - fraction : fraction
        }
        // The overlap of the two spans described in `sources(of:)`.
        let start = index * sourceLength, end = start + sourceLength
        return min(end, (source + 1) * destinationLength) - max(start, source * destinationLength)
    }

    /// The source pixel at or left of output pixel `index`'s sampling point, and how far
    /// past it the point lies, in units of 1/(2D) source pixel.
    private func bilinearPosition(of index: Int) -> (first: Int, fraction: Int) {
        // (o + ½)·S/D − ½ source pixels is ((2o + 1)·S − D) units, clamped to the edge centers.
        let position = min(max((2 * index + 1) * sourceLength - destinationLength, 0), denominator * (sourceLength - 1))
        return (position / denominator, position % denominator)
    }
}
