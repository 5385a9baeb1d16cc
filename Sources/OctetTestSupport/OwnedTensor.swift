import OctetRuntime

/// An int8 NHWC tensor that owns its bytes, for tests: hands out the runtime's views for the
/// duration of a closure.
public struct OwnedTensor: Equatable {
    public var values: [Int8]
    public var shape: Shape
    public var zeroPoint: Int32

    public init(values: [Int8], shape: Shape, zeroPoint: Int32) {
        precondition(values.count == shape.elementCount)
        self.values = values
        self.shape = shape
        self.zeroPoint = zeroPoint
    }

    /// Filled with `fill` (a value no kernel should leave behind unless it computes it).
    public init(shape: Shape, zeroPoint: Int32, fill: Int8 = 0) {
        self.init(values: [Int8](repeating: fill, count: shape.elementCount), shape: shape, zeroPoint: zeroPoint)
    }

    public func withTensor<R>(_ body: (Int8Tensor) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer { try body(Int8Tensor(data: $0.baseAddress!, shape: shape, zeroPoint: zeroPoint)) }
    }

    public mutating func withMutableTensor<R>(_ body: (MutableInt8Tensor) throws -> R) rethrows -> R {
        let shape = shape, zeroPoint = zeroPoint
        return try values.withUnsafeMutableBufferPointer {
            try body(MutableInt8Tensor(data: $0.baseAddress!, shape: shape, zeroPoint: zeroPoint))
        }
    }
}

/// Per-channel requantization arrays that own their storage.
public struct OwnedRequantization {
    public var multipliers: [Int32]
    public var shifts: [Int32]

    public init(multipliers: [Int32], shifts: [Int32]) {
        self.multipliers = multipliers
        self.shifts = shifts
    }

    public func withRequantization<R>(_ body: (ChannelRequantization) throws -> R) rethrows -> R {
        try multipliers.withUnsafeBufferPointer { m in
            try shifts.withUnsafeBufferPointer { s in
                try body(ChannelRequantization(multipliers: m.baseAddress!, shifts: s.baseAddress!))
            }
        }
    }
}

/// 16-byte-aligned scratch of exactly `byteCount` bytes, filled with a garbage pattern so
/// that a kernel relying on zeroed scratch fails, followed by a guard region. Returns the
/// body's result and whether the guard survived (a kernel that writes past its scratch
/// size corrupts it).
public func withGuardedScratch<R>(
    byteCount: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> R
) rethrows -> (result: R, guardIntact: Bool) {
    let guardBytes = 64
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: byteCount + guardBytes, alignment: 16)
    defer { buffer.deallocate() }
    for i in 0..<buffer.count { buffer[i] = UInt8(truncatingIfNeeded: i &* 151 &+ 7) }
    let result = try body(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<byteCount]))
    let intact = (byteCount..<buffer.count).allSatisfy { buffer[$0] == UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }
    return (result, intact)
}
