// A QEMU TCG plugin that counts executed guest instructions and prints the total at exit
// ("insns: N" on QEMU's plugin output, which is stderr): a deterministic cost figure for
// any guest (Cortex-M, riscv32, aarch64). Every translated block adds its instruction count
// each time it runs.
//
// Build (no QEMU headers needed: the few API entry points are declared below):
//   cc -shared -fPIC -O2 -o insn-count.so scripts/qemu/insn-count.c
// Use:
//   qemu-system-arm -M mps2-an386 ... -plugin ./insn-count.so -d plugin -kernel app.elf
// The API version exported is 1 (QEMU 4.2 to 8.x); pass -DOCTET_QEMU_PLUGIN_VERSION=N if a
// newer QEMU refuses it. Only calls whose signatures are unchanged across those versions
// are used (a callback per block rather than the inline counter, which QEMU 9 replaced).
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef OCTET_QEMU_PLUGIN_VERSION
#define OCTET_QEMU_PLUGIN_VERSION 1
#endif

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_info_t;
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, void (*)(qemu_plugin_id_t, struct qemu_plugin_tb *));
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *, void (*)(unsigned int, void *), int flags, void *);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, void (*)(qemu_plugin_id_t, void *), void *);
void qemu_plugin_outs(const char *);

__attribute__((visibility("default"))) int qemu_plugin_version = OCTET_QEMU_PLUGIN_VERSION;

static uint64_t executed;  // single vCPU guests: no atomics needed

static void block_executed(unsigned int vcpu, void *instructions) {
    (void)vcpu;
    executed += (uintptr_t)instructions;
}

static void block_translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_executed, 0 /* QEMU_PLUGIN_CB_NO_REGS */,
                                         (void *)(uintptr_t)qemu_plugin_tb_n_insns(tb));
}

static void report(qemu_plugin_id_t id, void *unused) {
    (void)id, (void)unused;
    char line[64];
    snprintf(line, sizeof line, "insns: %" PRIu64 "\n", executed);
    qemu_plugin_outs(line);
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
                                                               int argc, char **argv) {
    (void)info, (void)argc, (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, block_translated);
    qemu_plugin_register_atexit_cb(id, report, NULL);
    return 0;
}
