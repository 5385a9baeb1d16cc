/// A height × width pair for kernels, strides and dilations. An integer literal means a
/// square (`kernel: 3`); `Extent(height: 1, width: 5)` is a 1-D kernel over an H=1 sequence.
public struct Extent: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    public init(_ side: Int) {
        self.init(height: side, width: side)
    }

    public init(integerLiteral side: Int) {
        self.init(side)
    }

    public var description: String { height == width ? "\(height)" : "\(height)×\(width)" }
}
