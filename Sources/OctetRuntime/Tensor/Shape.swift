/// The NHWC shape of a tensor. Every tensor in Octet has four dimensions; vectors and
/// matrices use leading ones (a fully connected output of 10 classes is `[1, 1, 1, 10]`).
///
/// Dimensions are `Int` for arithmetic convenience; the loader has already checked that
/// every dimension is positive and that the element count fits in an `Int32`.
public struct Shape: Equatable, Sendable {
    public var n: Int
    public var h: Int
    public var w: Int
    public var c: Int

    @inlinable
    public init(n: Int, h: Int, w: Int, c: Int) {
        self.n = n
        self.h = h
        self.w = w
        self.c = c
    }

    /// Number of elements. Only call on validated shapes (the loader checks for overflow).
    @inlinable
    public var elementCount: Int { n * h * w * c }

    /// Dimension `axis` of NHWC (0 = N ... 3 = C).
    @inlinable
    public func dimension(_ axis: Int) -> Int {
        switch axis {
        case 0: n
        case 1: h
        case 2: w
        default: c
        }
    }

    /// The product of the dimensions in `axes` (a sub-range of 0 ..< 4).
    @inlinable
    public func product(_ axes: Range<Int>) -> Int {
        var product = 1
        for axis in axes { product *= dimension(axis) }
        return product
    }

    /// Elements in one image of the batch.
    @inlinable
    public var elementsPerBatch: Int { h * w * c }
}
