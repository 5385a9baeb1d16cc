#pragma once
#include <stdint.h>

/// 1 when allocations are counted (glibc, no sanitizer), 0 when the counter is compiled out.
int octet_allocation_counter_available(void);
/// Starts counting heap allocations made by the calling thread.
void octet_allocation_counter_start(void);
/// Stops counting and returns how many allocations were made since the last start.
int64_t octet_allocation_counter_stop(void);
