// The per-ISA int8 microkernels behind OctetRuntime's packed GEMM (Conv2D, FullyConnected)
// and its Add, DepthwiseConv2D and MaxPool2D, and OctetTrain's float GEMM tile.
// Each is a `static inline` function in its own header, compiled only for its architecture;
// x86 kernels carry `__attribute__((target(...)))` so that the rest of the program stays
// baseline x86-64 and a CPU without the ISA never executes them (OctetRuntime picks one
// from CPUID at run time). Swift sees only what this umbrella header includes.
#ifndef OCTET_MICROKERNELS_H
#define OCTET_MICROKERNELS_H

#include "GEMMContract.h"
#include "RequantizeScalar.h"
#include "CPUFeatures.h"
#include "GEMM_x86.h"
#include "Add_x86.h"
#include "Depthwise_x86.h"
#include "Pool_x86.h"
#include "SGEMM_x86.h"
#include "GEMM_NEON.h"
#include "GEMM_DSP.h"

#endif
