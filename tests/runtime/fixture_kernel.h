/* fixture_kernel.h - the few kernel types and constants the runtime's
 * fixture object needs, written by hand so that building it needs no
 * kernel BTF (no vmlinux.h).  Structs carry preserve_access_index: libbpf
 * relocates every field offset against the running kernel's BTF. */
#ifndef FIXTURE_KERNEL_H
#define FIXTURE_KERNEL_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

/* <linux/bpf.h> values used here */
enum {
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_RINGBUF = 27,
	BPF_MAP_TYPE_TASK_STORAGE = 29,
};
#define BPF_F_NO_PREALLOC 1u
#define BPF_LOCAL_STORAGE_GET_F_CREATE 1ull
#define BPF_ANY 0

#define EPERM 1

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct task_struct {
	int pid;
};

struct qstr {
	const unsigned char *name;
};

struct dentry {
	struct qstr d_name;
};

struct path {
	struct dentry *dentry;
};

struct file {
	struct path f_path;
};

/* x86-64 user registers at a uprobe: the first two arguments. */
struct pt_regs {
	unsigned long di;
	unsigned long si;
};

#pragma clang attribute pop

#endif
