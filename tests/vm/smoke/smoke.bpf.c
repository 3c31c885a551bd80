// SPDX-License-Identifier: GPL-2.0-only
/* tests/vm/smoke/smoke.bpf.c: the smallest BPF LSM program that shows
 * enforcement in the test VM: file_open fails with -EPERM for the file whose
 * inode number is target_ino (a knob the loader sets before loading). */
#include "types.h"
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* Set by the loader through the object's .rodata; 0 denies nothing. */
const volatile __u64 target_ino = 0;

SEC("lsm/file_open")
int BPF_PROG(smoke_file_open, struct file *file, int ret)
{
	if (ret != 0)
		return ret; /* an earlier LSM already decided */
	if (target_ino != 0 && file->f_inode->i_ino == target_ino)
		return -EPERM;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
