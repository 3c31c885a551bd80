/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_shared.h - what the dispatcher (bpfcon_dispatch.bpf.c) and every
 * policy object share: the maps pinned by name under BPFCON_PIN_ROOT (the
 * task state, the slot of each loaded policy, the commands that enter a
 * policy by exec, the owners of sockets, SysV objects, /proc inodes and
 * files' SIGIO), the per-hook slot tables the ipc hooks chain through,
 * and the small readers of them.  docs/object-format.md "The dispatcher"
 * explains how they fit together.  Every definition here must stay the
 * same in both objects: libbpf reuses a pinned map only if its type, key,
 * value, size and flags match. */
#ifndef BPFCON_SHARED_H
#define BPFCON_SHARED_H

#include "bpfcon_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "bpfcon_abi.h"

/* Which policy each task is in. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct bpfcon_task);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_tasks SEC(".maps");

/* The slot of each loaded policy (policy id -> slot): its programs sit at
 * that index of every hook's slot table.  Written only by bpfcon-load and
 * bpfcon unload; a policy is live exactly while it has an entry. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPFCON_MAX_POLICIES);
	__type(key, u64);
	__type(value, u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_slots SEC(".maps");

/* The policy whose command each executable is (its device, kernel
 * encoding, and inode -> policy id): exec of it enters that policy, or
 * moves a task there through a #[transition] right. */
struct bpfcon_cmd_key {
	u64 dev;
	u64 ino;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPFCON_MAX_POLICIES);
	__type(key, struct bpfcon_cmd_key);
	__type(value, u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_cmds SEC(".maps");

/* The policy id of task t (0: in no policy).  t: a kernel-given task. */
static __always_inline u64 task_policy(struct task_struct *t)
{
	struct bpfcon_task *ts = bpf_task_storage_get(&bpfcon_tasks, t, 0, 0);
	return ts ? ts->policy_id : 0;
}

/* The slot of loaded policy id in *slot; false if it is not loaded. */
static __always_inline bool policy_slot(u64 id, u32 *slot)
{
	u32 *s = id ? bpf_map_lookup_elem(&bpfcon_slots, &id) : 0;
	if (!s)
		return false;
	*slot = *s;
	return true;
}

/* --- owners of objects: the creator's or setter's policy --------------- */

/* The policy of the task a /proc/PID inode shows, as of the last path
 * lookup that reached it: proc calls task_to_inode with the task on every
 * such lookup (pid_revalidate).  Kept by the dispatcher. */
struct {
	__uint(type, BPF_MAP_TYPE_INODE_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_proc_owner SEC(".maps");

/* The policy that owns each socket: its creator's (sockets made by a
 * task of a policy with ipc rules; socket_post_create of that policy). */
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_socks SEC(".maps");

/* The policy that owns each live SysV message queue, shared memory
 * segment and semaphore set made by a confined task, by the address of
 * its kern_ipc_perm (an entry goes when the object is freed: the
 * dispatcher).  The default limits allow 32000 + 4096 + 32000 objects in
 * one namespace. */
#define BPFCON_SYSV_MAX (1u << 17)
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, BPFCON_SYSV_MAX);
	__type(key, u64);
	__type(value, u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_sysv SEC(".maps");

/* Who set a file's owner (F_SETOWN, F_SETOWN_EX, FIOSETOWN, SIOCSPGRP):
 * the signals the file later sends (SIGIO, SIGURG) are that task's.  Kept
 * by the dispatcher for every confined setter, keyed by the file's
 * fown_struct; removed when an unconfined task sets the owner and when the
 * file is freed.  Past BPFCON_MAX_FOWNERS files at once, further owners
 * are not recorded. */
struct fowner {
	u64 policy;	/* the setter's policy id */
	u32 tgid;	/* the setter's process */
	u32 ptgid;	/* its parent process */
	u32 flags;	/* its task state flags then (BPFCON_TASK_TAINTED) */
	u32 pad;
};

#define BPFCON_MAX_FOWNERS 16384

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPFCON_MAX_FOWNERS);
	__type(key, u64);
	__type(value, struct fowner);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_fowners SEC(".maps");

/* What a policy allowed on an open file its tasks used: at the open
 * (file_open) or at a use (a descriptor opened outside the policy, decided
 * at read, write or mmap: bpfcon_hooks.h fd_use), by the address of the
 * struct file.  The dentry and mount tell a struct file reused at the same
 * address apart; least recently used entries go first (a use then is
 * decided again). */
struct bpfcon_fd {
	u64 policy;	/* the policy that allowed it */
	u64 dentry, mnt;	/* the file's */
	u32 access;	/* BPFCON_ACC_* allowed so far */
	u32 pad;
};

#define BPFCON_MAX_FDS 16384

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, BPFCON_MAX_FDS);
	__type(key, u64);
	__type(value, struct bpfcon_fd);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} bpfcon_fds SEC(".maps");

/* The kernel types read here.  The ___bpfcon flavours keep these apart
 * from any declaration of the same structs elsewhere; libbpf matches them
 * to the kernel's struct socket and file all the same. */
struct sock;
struct kern_ipc_perm;
struct fown_struct;

struct socket___bpfcon {
	struct sock *sk;
} __attribute__((preserve_access_index));

/* The kernel socket behind a struct socket (NULL: none yet). */
static __always_inline struct sock *socket_sk(struct socket *sock)
{
	return ((struct socket___bpfcon *)sock)->sk;
}

/* The policy owning kernel socket sk (0: none known). */
static __always_inline u64 sock_owner(struct sock *sk)
{
	if (!sk)
		return 0;
	u64 *owner = bpf_sk_storage_get(&bpfcon_socks, sk, 0, 0);
	return owner ? *owner : 0;
}

/* The policy owning the SysV object of perm (0: none known). */
static __always_inline u64 sysv_owner(struct kern_ipc_perm *perm)
{
	u64 key = (u64)perm;
	u64 *owner = bpf_map_lookup_elem(&bpfcon_sysv, &key);
	return owner ? *owner : 0;
}

struct fown_struct___bpfcon_task {
	int signum;
} __attribute__((preserve_access_index));

/* A file's owner: embedded in struct file up to 6.11, a pointer to a
 * structure allocated at the first F_SETOWN from 6.12 on.  Each kernel
 * matches one flavour; the other's code is dead there (bpf_core_field_exists
 * is a constant once libbpf has relocated it). */
struct file___fown_embedded {
	struct fown_struct___bpfcon_task f_owner;	/* only its address is used */
} __attribute__((preserve_access_index));

struct file___fown_ptr {
	struct fown_struct___bpfcon_task *f_owner;
} __attribute__((preserve_access_index));

/* The key of a file's owner record: the address of its fown_struct. */
static __always_inline u64 fown_of(struct file *file)
{
	if (bpf_core_field_exists(struct file___fown_ptr, f_owner)) {
		struct file___fown_ptr *f = (void *)file;
		return (u64)BPF_CORE_READ(f, f_owner);
	}
	return (u64)file + bpf_core_field_offset(struct file___fown_embedded, f_owner);
}

/* --- the slot tables the ipc hooks chain through ----------------------- */

/* One program array per hook, indexed by slot; the dispatcher has one for
 * every hook (bpfcon_dispatch.bpf.c).  These are the hooks where a request
 * between two policies is decided by both: the dispatcher calls the
 * acting task's policy, whose program, once it allows, calls the other
 * side's (chain_to_peer). */
#define BPFCON_SLOT_TABLE(hook)                                   \
	struct {                                                  \
		__uint(type, BPF_MAP_TYPE_PROG_ARRAY);            \
		__uint(max_entries, BPFCON_MAX_POLICIES);         \
		__type(key, u32);                                 \
		__type(value, u32);                               \
		__uint(pinning, LIBBPF_PIN_BY_NAME);              \
	} bpfcon_jt_##hook SEC(".maps")

BPFCON_SLOT_TABLE(task_kill);
BPFCON_SLOT_TABLE(file_send_sigiotask);
BPFCON_SLOT_TABLE(unix_stream_connect);
BPFCON_SLOT_TABLE(unix_may_send);
BPFCON_SLOT_TABLE(ipc_permission);
BPFCON_SLOT_TABLE(msg_queue_msgctl);
BPFCON_SLOT_TABLE(shm_shmctl);
BPFCON_SLOT_TABLE(sem_semctl);

/* Calls the program of policy id on the hook of table jt (a tail call: it
 * does not come back); returns only if id is not loaded or has no program
 * there. */
#define chain_to_policy(ctx, jt, id)                              \
	do {                                                      \
		u32 slot_;                                        \
		if (policy_slot((id), &slot_))                    \
			bpf_tail_call((ctx), (jt), slot_);        \
	} while (0)

#endif
