import Foundation

/// The monotonic clock (`CLOCK_MONOTONIC`) in nanoseconds: read around one call, it costs a
/// vDSO call of a few tens of nanoseconds, so single calls can be timed.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}
