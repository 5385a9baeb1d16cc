// Which x86-64 instruction-set extensions this CPU and OS support, from CPUID and XGETBV.
// OctetRuntime asks once and picks its microkernels; code compiled for baseline x86-64 runs
// these checks, so a CPU without AVX2 never reaches an AVX2 instruction.
#ifndef OCTET_CPU_FEATURES_H
#define OCTET_CPU_FEATURES_H

#include <stdint.h>

enum {
    OCTET_X86_AVX2 = 1u << 0,
    /// AVX-512 F + BW + VL + VNNI (512-bit `vpdpbusd`).
    OCTET_X86_AVX512_VNNI = 1u << 1,
    /// AVX-VNNI (256-bit `vpdpbusd`, VEX encoded), with AVX2.
    OCTET_X86_AVX_VNNI = 1u << 2,
    /// AVX2 with FMA3 (float fused multiply-add), for OctetTrain's float GEMM.
    OCTET_X86_AVX2_FMA = 1u << 3,
};

#if defined(__x86_64__)
#include <cpuid.h>

static inline uint32_t octet_x86_features(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int hasFMA = (ecx >> 12) & 1;
    const unsigned int osxsave = 1u << 27, avx = 1u << 28;
    if ((ecx & (osxsave | avx)) != (osxsave | avx)) return 0;
    unsigned int xcr0Low, xcr0High;
    __asm__("xgetbv" : "=a"(xcr0Low), "=d"(xcr0High) : "c"(0));
    // The OS saves SSE and AVX state (bits 1, 2), and for AVX-512 also opmask and ZMM (5, 6, 7).
    const int ymmEnabled = (xcr0Low & 0x6u) == 0x6u;
    const int zmmEnabled = ymmEnabled && (xcr0Low & 0xE0u) == 0xE0u;
    if (!ymmEnabled || __get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    uint32_t features = 0;
    const int hasAVX2 = (ebx >> 5) & 1;
    if (hasAVX2) features |= OCTET_X86_AVX2;
    if (hasAVX2 && hasFMA) features |= OCTET_X86_AVX2_FMA;
    const int hasAVX512 = ((ebx >> 16) & 1) && ((ebx >> 30) & 1) && ((ebx >> 31) & 1);  // F, BW, VL
    if (zmmEnabled && hasAVX512 && ((ecx >> 11) & 1)) features |= OCTET_X86_AVX512_VNNI;
    const unsigned int maxSubleaf = eax;
    if (maxSubleaf >= 1 && hasAVX2) {
        __cpuid_count(7, 1, eax, ebx, ecx, edx);
        if ((eax >> 4) & 1) features |= OCTET_X86_AVX_VNNI;
    }
    return features;
}
#else
static inline uint32_t octet_x86_features(void) { return 0; }
#endif

#endif
