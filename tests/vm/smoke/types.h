/* SPDX-License-Identifier: GPL-2.0-only */
/* tests/vm/smoke/types.h: the few kernel types smoke.bpf.c reads, made by
 * hand so the build needs no kernel BTF (no vmlinux.h).  Only the fields
 * used are declared; preserve_access_index makes every access a CO-RE
 * relocation, which libbpf resolves against the running kernel's BTF
 * (/sys/kernel/btf/vmlinux) when it loads the program. */
#ifndef BPFCON_VM_SMOKE_TYPES_H
#define BPFCON_VM_SMOKE_TYPES_H

#include <linux/types.h>

#define EPERM 1

struct inode {
	unsigned long i_ino;
} __attribute__((preserve_access_index));

struct file {
	struct inode *f_inode;
} __attribute__((preserve_access_index));

#endif
