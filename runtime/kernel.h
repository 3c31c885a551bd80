/* SPDX-License-Identifier: GPL-2.0-only */
/* kernel.h - what this kernel offers that enforcement needs: the BPF LSM
 * in the active LSM list, BTF, the LSM hooks and helpers an object uses.
 * Shared by `bpfcon-load` (which refuses before loading anything) and
 * `bpfcon doctor` (which reports every piece with its fix). */
#ifndef BPFCON_RT_KERNEL_H
#define BPFCON_RT_KERNEL_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_object;

#define KERNEL_LSM_FILE "/sys/kernel/security/lsm"
#define KERNEL_BTF_FILE "/sys/kernel/btf/vmlinux"

/* Reads the active LSM list into buf (no newline).  Returns 1 when `bpf`
 * is in it, 0 when it is not, -1 when the list cannot be read (errno). */
int kernel_lsm_list(char *buf, size_t n);

/* The lsm= value that adds bpf to the active list LIST (as read above;
 * "capability" is always active and left out). */
void kernel_lsm_fix(const char *list, char *buf, size_t n);

/* One line, no prefix: why the BPF LSM is not active and the exact fix;
 * "" when it is active. */
void kernel_lsm_problem(char *buf, size_t n);

/* Checks that the BPF LSM is active and the kernel has BTF; on failure
 * prints one error line (PATH: the cause and its fix) and returns -1. */
int kernel_check_lsm(const char *path);

/* Checks, before anything is loaded, that this kernel has what the opened
 * (not loaded) object OBJ needs: the BPF LSM active, BTF, every LSM hook
 * its programs attach to, bpf_loop and task storage.  A program for a hook
 * a later kernel split out of an older one (inode_set_acl ...) is set not
 * to load where the kernel lacks the hook, and so is a program for another
 * form of its hook (named ..._aN: for N arguments).  On the first thing
 * missing, prints one error line (PATH: what is missing, what needs it,
 * the first kernel that has it) and returns -1; 0 when all is there. */
int kernel_check_object(const char *path, struct bpf_object *obj);

/* The kernel's release (uname -r) into buf. */
void kernel_release(char *buf, size_t n);

#endif
