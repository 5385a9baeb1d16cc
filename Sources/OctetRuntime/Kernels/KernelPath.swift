/// Which implementation of a kernel runs. The public entry points always use `preferred`;
/// the test harness runs every case through each available path, so the portable path
/// (the only one in Embedded builds) is checked on the host as well.
@usableFromInline
enum KernelPath: Equatable, Sendable {
    /// Plain Swift on raw pointers; builds for every target, including Embedded Swift.
    case portable
    #if OCTET_AVX2
    /// x86-64 AVX2 intrinsics (`vpmaddwd` GEMM tile, 8-lane requantization).
    case avx2
    #endif

    /// The fastest path this build has.
    @usableFromInline
    static var preferred: KernelPath {
        #if OCTET_AVX2
        return .avx2
        #else
        return .portable
        #endif
    }
}
