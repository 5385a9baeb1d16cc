// QEMU TCG plugin: counts executed guest instructions, exactly (an inline add per
// instruction). Loaded with
//   -plugin scripts/qemu/insn-count.so[,mark=ADDRESS] -d plugin -D LOG
// it writes `insn-count total N` to LOG when the guest exits; with `mark=` (hex with 0x, or
// decimal), also `insn-count mark N` each time the instruction at ADDRESS is about to execute,
// N counting what has executed so far; the difference of two marks counts exactly the code
// run between two calls of a marker function. One vCPU.
//
// Plugin API version 1 (QEMU 4.2 to 7.2). Debian does not ship qemu-plugin.h, so the few
// declarations used are written out here.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, void (*)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *, void (*)(unsigned int, void *),
                                            enum qemu_plugin_cb_flags, void *);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *, enum qemu_plugin_op, void *, uint64_t);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, void (*)(qemu_plugin_id_t, void *), void *);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *, size_t);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
void qemu_plugin_outs(const char *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t executed;
static uint64_t mark_address;
static int has_mark;

static void report(const char *what) {
    char line[64];
    snprintf(line, sizeof line, "insn-count %s %" PRIu64 "\n", what, executed);
    qemu_plugin_outs(line);
}

static void on_mark(unsigned int vcpu, void *data) { report("mark"); }
static void on_guest_exit(qemu_plugin_id_t id, void *data) { report("total"); }

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    for (size_t index = 0; index < qemu_plugin_tb_n_insns(tb); index++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, index);
        if (has_mark && qemu_plugin_insn_vaddr(insn) == mark_address) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
    }
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
    for (int index = 0; index < argc; index++) {
        if (strncmp(argv[index], "mark=", 5) != 0) {
            fprintf(stderr, "insn-count: unknown argument %s (expected mark=ADDRESS)\n", argv[index]);
            return -1;
        }
        mark_address = strtoull(argv[index] + 5, NULL, 0);
        has_mark = 1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_guest_exit, NULL);
    return 0;
}
