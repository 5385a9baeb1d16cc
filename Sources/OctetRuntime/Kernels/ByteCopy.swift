/// Copies and fills of a few bytes to a few hundred, inlined: the im2col gather's runs (one
/// kernel row or one pixel's channels) and concatenation's per-pixel slices are often shorter
/// than a `memmove`/`memset` call costs, and on a microcontroller those may be byte loops.
/// Eight bytes per step, then the tail as at most one 4-, one 2- and one 1-byte store (a byte
/// loop would be turned back into a library call). Unaligned loads and stores are fine on
/// x86-64, arm64 and Cortex-M4/M7/M33.
@inline(__always)
func copyBytes(_ source: UnsafePointer<Int8>, to destination: UnsafeMutablePointer<Int8>, count: Int) {
    let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(destination)
    var i = 0
    while i + 8 <= count {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
        i += 8
    }
    if count & 4 != 0 {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt32.self), toByteOffset: i, as: UInt32.self)
        i += 4
    }
    if count & 2 != 0 {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt16.self), toByteOffset: i, as: UInt16.self)
        i += 2
    }
    if count & 1 != 0 { destination[i] = source[i] }
}

@inline(__always)
func fillBytes(_ destination: UnsafeMutablePointer<Int8>, with value: Int8, count: Int) {
    let to = UnsafeMutableRawPointer(destination)
    // 32-bit words: widening to UInt64 is rejected by -no-allocations on 32-bit targets.
    let pattern = UInt32(UInt8(bitPattern: value)) &* 0x0101_0101
    var i = 0
    while i + 4 <= count {
        to.storeBytes(of: pattern, toByteOffset: i, as: UInt32.self)
        i += 4
    }
    if count & 2 != 0 {
        to.storeBytes(of: UInt16(truncatingIfNeeded: pattern), toByteOffset: i, as: UInt16.self)
        i += 2
    }
    if count & 1 != 0 { destination[i] = value }
}
