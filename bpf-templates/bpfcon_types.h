/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_types.h - the few kernel types the BPF templates read, declared
 * by hand so that compiling a policy needs no kernel BTF.  Every struct is
 * marked preserve_access_index: clang records each field access as a CO-RE
 * relocation and libbpf fixes the offsets against the running kernel's
 * BTF at load time.  Only the fields used are listed, in any order. */
#ifndef BPFCON_TYPES_H
#define BPFCON_TYPES_H

#include <linux/types.h>
#include <linux/bpf.h>

/* This header stands in for vmlinux.h: tell bpf_tracing.h to use the
 * kernel's register names (di, si ...) for struct pt_regs. */
#define __VMLINUX_H__ 1

typedef _Bool bool;
#define true 1
#define false 0
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;
typedef __u32 dev_t_k;		/* the kernel's dev_t: major << 20 | minor */
typedef unsigned int fmode_t;

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct qstr {
	union {
		struct {
			u32 hash;
			u32 len;
		};
		u64 hash_len;
	};
	const unsigned char *name;
};

struct list_head {
	struct list_head *next, *prev;
};

struct super_block {
	dev_t_k s_dev;
	unsigned long s_magic;
	struct dentry *s_root;
	struct list_head s_mounts;	/* its mounts, by mount.mnt_instance */
};

struct inode {
	unsigned short i_mode;
	unsigned long i_ino;
	dev_t_k i_rdev;
	struct super_block *i_sb;
};

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
	struct super_block *d_sb;
};

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
};

struct mnt_namespace;

struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
	struct list_head mnt_instance;	/* in its super_block's s_mounts */
	struct mnt_namespace *mnt_ns;
};

struct nsproxy {
	struct mnt_namespace *mnt_ns;
};

/* What notify_change is asked to change (inode_setattr). */
struct iattr {
	unsigned int ia_valid;
	struct file *ia_file;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	unsigned int f_flags;
	fmode_t f_mode;
	void *private_data;
};

/* io_uring: a ring's file (an anonymous inode "[io_uring]") has its
 * io_ring_ctx as private_data; sq_data is set when a kernel thread polls
 * its submissions (IORING_SETUP_SQPOLL), task_tgid the process of that
 * thread. */
struct io_sq_data {
	int task_tgid;		/* pid_t */
};

struct io_ring_ctx {
	struct io_sq_data *sq_data;
};

struct vm_area_struct {
	struct file *vm_file;
};

struct linux_binprm {
	struct file *file;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

/* What a task's /proc/PID inode points at. */
struct pid {
	struct hlist_head tasks[4];	/* PIDTYPE_PID ... */
};

struct proc_inode {
	struct pid *pid;
	struct inode vfs_inode;
};

struct mm_struct {
	struct file *exe_file;
};

struct task_struct {
	int pid;
	int tgid;
	unsigned int flags;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct task_struct *group_leader;
	struct mm_struct *mm;
	struct nsproxy *nsproxy;
	struct hlist_node pid_links[4];
	char comm[16];
};

/* x86-64 user registers, as a uprobe sees them. */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

#pragma clang attribute pop

#define S_IFMT 00170000
#define S_IFCHR 0020000
#define S_IFBLK 0060000
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define O_APPEND_K 00002000
#define PROT_EXEC_K 0x4
#define PROT_READ_K 0x1
#define PROT_WRITE_K 0x2
#define MAP_SHARED_K 0x1
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define BPF_FS_MAGIC_K 0xcafe4a11
#define EPERM_K 1

#endif
