/* octet.h: the C API of the Octet int8 runtime (docs/C_API.md).
 *
 * Link liboctet.a (scripts/build-c-library.sh builds it for a board and for the host). The
 * library never allocates and keeps no global state: every object lives in memory you own.
 *
 * Ownership and lifetimes
 *   - The model bytes are yours: the library reads them in place and never copies or writes
 *     them. They must start at a 16-byte aligned address and stay alive and unchanged while
 *     any octet_model or octet_interpreter made from them is used (a const array in flash,
 *     as `octet export` writes, is the usual case).
 *   - octet_model and octet_interpreter are fixed-size handles you place anywhere (static,
 *     stack, inside your own struct). They hold no pointers to each other: an interpreter
 *     stays usable after its octet_model goes out of scope. Neither needs to be released.
 *   - The arena is yours: at least `arena_size` bytes (octet_model_info) at a 16-byte
 *     aligned address, alive while the interpreter is used. The interpreter writes every
 *     activation there; one arena serves one interpreter at a time.
 *   - Tensor views (octet_tensor) point into the arena; they stay valid as long as the
 *     interpreter and its arena do.
 *
 * Errors
 *   Every function that can fail returns an octet_status; octet_error_text(status) is a
 *   sentence for a log. A handle whose load or init failed is marked unusable, so later calls
 *   on it return OCTET_ERROR_NOT_READY instead of reading garbage. Nothing in the library
 *   traps on bad input. (`octet inspect MODEL.octet` on a host names the exact field that
 *   made a model fail to load.)
 *
 * Thread safety
 *   The library only reads the model bytes and has no global state. Distinct interpreters,
 *   each with its own arena, may run at the same time on different threads, also over the
 *   same model bytes. One interpreter must not be invoked from two threads at once, and its input must
 *   not be written while it runs.
 */
#ifndef OCTET_H
#define OCTET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Why a call failed. The values are stable; new codes are only ever appended. */
typedef enum octet_status {
    OCTET_OK = 0,
    /* A pointer argument (a handle, the model bytes, the arena, a result) is NULL. */
    OCTET_ERROR_NULL_ARGUMENT = 1,
    /* An input or output position, an op step or a flag is outside what the model has. */
    OCTET_ERROR_BAD_ARGUMENT = 2,
    /* The handle's octet_model_load or octet_interpreter_init failed (or was never called). */
    OCTET_ERROR_NOT_READY = 3,
    /* The bytes end before the model header, or before the length the header declares. */
    OCTET_ERROR_TRUNCATED = 4,
    /* The model bytes do not start at a 16-byte aligned address. */
    OCTET_ERROR_MISALIGNED_MODEL = 5,
    /* The bytes do not start with the .octet magic "OCT8". */
    OCTET_ERROR_NOT_A_MODEL = 6,
    /* The header's format version or header size is not the one this library reads. */
    OCTET_ERROR_UNSUPPORTED_VERSION = 7,
    /* The stored CRC-32 differs from the bytes' (damaged in storage or transfer). */
    OCTET_ERROR_CHECKSUM = 8,
    /* A table, tensor, op, graph input or output, arena plan or string section is invalid. */
    OCTET_ERROR_MALFORMED_MODEL = 9,
    /* The arena is smaller than the model's arena size. */
    OCTET_ERROR_ARENA_TOO_SMALL = 10,
    /* The arena does not start at a 16-byte aligned address. */
    OCTET_ERROR_MISALIGNED_ARENA = 11,
} octet_status;

/* Flag for octet_model_load: skip only the CRC-32 (for a model in flash that was verified
   when it was written). Every structural check still runs, so a damaged model can compute
   wrong results but never read out of bounds. */
#define OCTET_LOAD_SKIP_CHECKSUM 1u

/* Handle sizes, in words of the target (uintptr_t). The library's own state is smaller; the
   slack lets it grow without changing this header; the tests check that the state fits. */
#define OCTET_MODEL_WORDS 32
#define OCTET_INTERPRETER_WORDS 40

/* A validated model: a view over bytes you own. Opaque; place it anywhere. */
typedef struct octet_model {
    uintptr_t opaque[OCTET_MODEL_WORDS];
} octet_model;

/* A model bound to an arena, ready to run. Opaque; place it anywhere. */
typedef struct octet_interpreter {
    uintptr_t opaque[OCTET_INTERPRETER_WORDS];
} octet_interpreter;

/* What a loaded model needs and holds. */
typedef struct octet_model_info {
    /* Bytes of the model, as its header declares them. */
    size_t byte_count;
    /* Bytes of arena octet_interpreter_init needs (a multiple of 16). */
    size_t arena_size;
    size_t input_count;
    size_t output_count;
    /* Ops, run in order by octet_invoke; octet_invoke_step takes 0 ..< op_count. */
    size_t op_count;
} octet_model_info;

/* An int8 tensor in the arena, NHWC. The real value of element q is scale * (q - zero_point). */
typedef struct octet_tensor {
    /* element_count bytes; write an input's before each octet_invoke, read an output's after. */
    int8_t *data;
    /* N, H, W, C. */
    int32_t shape[4];
    int32_t element_count;
    float scale;
    int32_t zero_point;
} octet_tensor;

/* One op of the model and the tensor it writes. */
typedef struct octet_op {
    /* The op kind ("Conv2D", "Add", ...), a static NUL-terminated string. */
    const char *kind;
    /* Its output; holds the op's result right after octet_invoke_step(step), until a later op
       reuses the bytes (the arena plan shares bytes between tensors not alive together). */
    octet_tensor output;
} octet_op;

/* Validates `size` bytes at `bytes` as a .octet model and makes `model` a view of them.
   `flags` is 0 or OCTET_LOAD_SKIP_CHECKSUM. Reads every table once; allocates nothing. */
octet_status octet_model_load(octet_model *model, const void *bytes, size_t size, uint32_t flags);

/* Fills `info` from a loaded model. */
octet_status octet_model_info_get(const octet_model *model, octet_model_info *info);

/* Binds a loaded model to `arena` (16-byte aligned, at least info.arena_size bytes) and picks
   the fastest kernel path this CPU supports. The interpreter copies what it needs from
   `model`. */
octet_status octet_interpreter_init(
    octet_interpreter *interpreter, const octet_model *model, void *arena, size_t arena_size);

/* The view of graph input `position` (0 for a one-input model). Fill it before every
   octet_invoke: the arena plan may reuse its bytes once the ops that read it have run. */
octet_status octet_input(const octet_interpreter *interpreter, size_t position, octet_tensor *tensor);

/* The view of graph output `position`, meaningful after octet_invoke. */
octet_status octet_output(const octet_interpreter *interpreter, size_t position, octet_tensor *tensor);

/* Runs every op in order. Never allocates; cannot fail once the interpreter is initialized. */
octet_status octet_invoke(octet_interpreter *interpreter);

/* Runs the op at `step` alone (steps must run in order from 0 for meaningful results): with
   octet_op_get, a debugging aid that reads every intermediate activation. */
octet_status octet_invoke_step(octet_interpreter *interpreter, size_t step);

/* The kind and output tensor of the op at `step`. */
octet_status octet_op_get(const octet_interpreter *interpreter, size_t step, octet_op *op);

/* The kernel path the interpreter runs ("dsp", "neon", "avx2", "portable", ...): a static
   NUL-terminated string. Every path computes the same bytes; they differ only in speed. */
octet_status octet_kernel_path(const octet_interpreter *interpreter, const char **name);

/* A sentence describing `status` (a static NUL-terminated string; never NULL). */
const char *octet_error_text(octet_status status);

#ifdef __cplusplus
}
#endif

#endif /* OCTET_H */
