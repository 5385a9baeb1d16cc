// The demo every board and the host run (scripts/run-embedded.sh), written the way firmware
// uses Octet: it links liboctet.a (scripts/build-c-library.sh), includes octet.h and the
// header `octet export --name model` wrote for the model, whose model.c puts the bytes in
// flash. It prints
//
//     op <index> <kind> <FNV-1a 32 of the op's output bytes, hex>     one line per op
//     output <index> <int8 value>                                      one line per output element
//
// The ops are first run one at a time (octet_invoke_step), each output hashed right after it
// is written, before the arena plan reuses its bytes; then the whole model runs in one
// octet_invoke between two board_mark() calls, where an instruction counter can measure it,
// and its output is printed.
#include "Board.h"
#include "model.h"
#include "octet.h"

// The arena, sized by the exported header; octet_interpreter_init checks size and alignment.
static uint8_t arena[MODEL_ARENA_SIZE] __attribute__((aligned(16)));

static void write_text(const char *text) {
    while (*text) board_write_byte((uint8_t)*text++);
}

// A signed integer in decimal.
static void write_decimal(int32_t value) {
    uint32_t magnitude = value < 0 ? 0u - (uint32_t)value : (uint32_t)value;
    char digits[11];
    int count = 0;
    if (value < 0) board_write_byte('-');
    do {
        digits[count++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    while (count > 0) board_write_byte((uint8_t)digits[--count]);
}

// Eight hex digits.
static void write_hex(uint32_t value) {
    for (int shift = 28; shift >= 0; shift -= 4) board_write_byte((uint8_t)"0123456789abcdef"[(value >> shift) & 0xf]);
}

// FNV-1a (32-bit) of a tensor's bytes.
static uint32_t fnv1a(const octet_tensor *tensor) {
    uint32_t hash = 0x811c9dc5u;
    for (int32_t index = 0; index < tensor->element_count; index++) hash = (hash ^ (uint8_t)tensor->data[index]) * 0x01000193u;
    return hash;
}

// A fixed input pattern every side reproduces. Refilled before each run: the arena plan may
// reuse the input's bytes once the ops that read it have run.
static void fill_input(const octet_tensor *input) {
    for (int32_t index = 0; index < input->element_count; index++) input->data[index] = (int8_t)(uint8_t)((index * 37 + 11) % 256);
}

// Prints why a call failed; main returns 2.
static int fail(const char *call, octet_status status) {
    write_text(call);
    write_text(" failed: ");
    write_text(octet_error_text(status));
    write_text("\n");
    return 2;
}

int main(void) {
    static octet_model loaded;
    static octet_interpreter interpreter;
    octet_model_info info;
    octet_tensor input, output;
    octet_status status;
    if ((status = octet_model_load(&loaded, model, MODEL_SIZE, 0)) != OCTET_OK) return fail("octet_model_load", status);
    if ((status = octet_model_info_get(&loaded, &info)) != OCTET_OK) return fail("octet_model_info_get", status);
    if ((status = octet_interpreter_init(&interpreter, &loaded, arena, sizeof arena)) != OCTET_OK) {
        return fail("octet_interpreter_init", status);
    }
    if ((status = octet_input(&interpreter, 0, &input)) != OCTET_OK) return fail("octet_input", status);

    fill_input(&input);
    for (size_t step = 0; step < info.op_count; step++) {
        octet_op op;
        if ((status = octet_invoke_step(&interpreter, step)) != OCTET_OK) return fail("octet_invoke_step", status);
        if ((status = octet_op_get(&interpreter, step, &op)) != OCTET_OK) return fail("octet_op_get", status);
        write_text("op ");
        write_decimal((int32_t)step);
        write_text(" ");
        write_text(op.kind);
        write_text(" ");
        write_hex(fnv1a(&op.output));
        write_text("\n");
    }

    fill_input(&input);
    board_mark();
    status = octet_invoke(&interpreter);
    board_mark();
    if (status != OCTET_OK) return fail("octet_invoke", status);
    if ((status = octet_output(&interpreter, 0, &output)) != OCTET_OK) return fail("octet_output", status);
    for (int32_t index = 0; index < output.element_count; index++) {
        write_text("output ");
        write_decimal(index);
        write_text(" ");
        write_decimal(output.data[index]);
        write_text("\n");
    }
    return 0;
}
