import CMicrokernels

/// Which microkernels run the packed GEMM behind Conv2D and FullyConnected. Every path gives
/// the same bytes (the tests run each one the CPU supports against the scalar reference); they
/// differ only in speed. `preferred` is the fastest this CPU supports, found from CPUID on x86-64,
/// so one binary runs on any x86-64 CPU and uses VNNI where it exists.
public enum KernelPath: Equatable, Sendable {
    /// Plain Swift on raw pointers; every target, including Embedded Swift builds.
    case portable
    /// x86-64 AVX2: `vpmaddwd` on int8 widened to int16.
    case avx2
    /// x86-64 AVX-VNNI: 256-bit `vpdpbusd`.
    case avxVNNI
    /// x86-64 AVX-512 VNNI: 512-bit `vpdpbusd`, one register per 16-channel row.
    case avx512VNNI

    public var name: StaticString {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avxVNNI: "avx-vnni"
        case .avx512VNNI: "avx512-vnni"
        }
    }

    /// Whether this CPU (and OS) can run the path.
    public var isSupported: Bool {
        switch self {
        case .portable: return true
        #if arch(x86_64)
        case .avx2: return Self.x86Features & UInt32(OCTET_X86_AVX2) != 0
        case .avxVNNI: return Self.x86Features & UInt32(OCTET_X86_AVX_VNNI) != 0
        case .avx512VNNI: return Self.x86Features & UInt32(OCTET_X86_AVX512_VNNI) != 0
        #else
        case .avx2, .avxVNNI, .avx512VNNI: return false
        #endif
        }
    }

    /// The fastest supported path. (AVX-512 VNNI before AVX-VNNI: one 512-bit register holds a
    /// whole 16-channel row.)
    public static var preferred: KernelPath {
        var best = KernelPath.portable
        forEachSupported { best = $0 }
        return best
    }

    /// Calls `body` with every path this CPU supports, slowest first.
    public static func forEachSupported(_ body: (KernelPath) -> Void) {
        body(.portable)
        if KernelPath.avx2.isSupported { body(.avx2) }
        if KernelPath.avxVNNI.isSupported { body(.avxVNNI) }
        if KernelPath.avx512VNNI.isSupported { body(.avx512VNNI) }
    }

    #if arch(x86_64)
    /// CPUID is asked once per process.
    private static let x86Features: UInt32 = octet_x86_features()
    #endif
}
