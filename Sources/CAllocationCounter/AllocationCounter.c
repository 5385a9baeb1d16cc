// Counts heap allocations by defining malloc and friends in the test executable, which the
// dynamic linker then prefers over libc's for every library in the process. Each wrapper
// forwards to glibc's internal entry points, so no dlsym (which itself allocates) is needed.
// Only glibc exposes those entry points; elsewhere the counter is compiled out and the test
// that uses it is skipped. Under AddressSanitizer or ThreadSanitizer it is compiled out too:
// the sanitizer's runtime owns malloc, and a second definition crashes the process.
#include "AllocationCounter.h"
#include <stddef.h>

#if defined(__GLIBC__) || defined(__linux__)
#include <features.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define OCTET_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OCTET_SANITIZED 1
#endif

// Per thread, so tests running in parallel on other threads do not disturb the count.
static _Thread_local int counting = 0;
static _Thread_local int64_t allocations = 0;

void octet_allocation_counter_start(void) {
    allocations = 0;
    counting = 1;
}

int64_t octet_allocation_counter_stop(void) {
    counting = 0;
    return allocations;
}

#if defined(__GLIBC__) && !defined(OCTET_SANITIZED)
int octet_allocation_counter_available(void) { return 1; }

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static inline void count(void) {
    if (counting) allocations += 1;
}

void *malloc(size_t size) { count(); return __libc_malloc(size); }
void *calloc(size_t count_, size_t size) { count(); return __libc_calloc(count_, size); }
void *realloc(void *pointer, size_t size) { count(); return __libc_realloc(pointer, size); }
void free(void *pointer) { __libc_free(pointer); }
void *aligned_alloc(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
void *memalign(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
int posix_memalign(void **result, size_t alignment, size_t size) {
    count();
    void *pointer = __libc_memalign(alignment, size);
    if (!pointer) return 12; // ENOMEM
    *result = pointer;
    return 0;
}
#else
int octet_allocation_counter_available(void) { return 0; }
#endif
