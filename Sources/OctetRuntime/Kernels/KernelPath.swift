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
    /// arm64 NEON: `sdot` where the compiler targets the dot-product extension, else
    /// `smull` + `sadalp`.
    case neon
    /// 32-bit Arm with the DSP extension (Cortex-M4, M7, M33, M55): `SXTB16` + `SMLAD`.
    case dsp

    public var name: StaticString {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avxVNNI: "avx-vnni"
        case .avx512VNNI: "avx512-vnni"
        case .neon: "neon"
        case .dsp: "dsp"
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
        #if arch(arm64)
        case .neon: return true
        #else
        case .neon: return false
        #endif
        #if arch(arm)
        case .dsp: return octet_dsp_available() != 0
        #else
        case .dsp: return false
        #endif
        }
    }

    /// A supported x86 path. Each includes AVX2, so ops that have only an AVX2 kernel (Add,
    /// DepthwiseConv2D, MaxPool2D) run it on all three.
    var runsAVX2Kernels: Bool {
        isSupported && (self == .avx2 || self == .avxVNNI || self == .avx512VNNI)
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
        forEach { path in if path.isSupported { body(path) } }
    }

    /// Calls `body` with every path of every architecture, slowest first.
    public static func forEach(_ body: (KernelPath) -> Void) {
        body(.portable)
        body(.dsp)
        body(.neon)
        body(.avx2)
        body(.avxVNNI)
        body(.avx512VNNI)
    }

    #if arch(x86_64)
    /// CPUID is asked once per process.
    private static let x86Features: UInt32 = octet_x86_features()
    #endif
}
