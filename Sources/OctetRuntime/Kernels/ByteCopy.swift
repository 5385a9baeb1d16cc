/// Copies and fills of a few bytes to a few hundred, inlined: the im2col gather's runs (one
/// kernel row or one pixel's channels) and concatenation's per-pixel slices are often shorter
/// than a `memmove` call costs, and on a microcontroller `memcpy` may be a byte loop. Eight
/// bytes per step (unaligned loads and stores are fine on x86-64, arm64 and Cortex-M4/M7/M33).
@inline(__always)
func copyBytes(_ source: UnsafePointer<Int8>, to destination: UnsafeMutablePointer<Int8>, count: Int) {
    var i = 0
    while i + 8 <= count {
        UnsafeMutableRawPointer(destination + i).storeBytes(
            of: UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self), as: UInt64.self)
        i += 8
    }
    while i < count {
        destination[i] = source[i]
        i += 1
    }
}

@inline(__always)
func fillBytes(_ destination: UnsafeMutablePointer<Int8>, with value: Int8, count: Int) {
    var i = 0
    while i < count {
        destination[i] = value
        i += 1
    }
}
