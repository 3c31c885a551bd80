// SPDX-License-Identifier: GPL-2.0-only
/* bpfcon_dispatch.bpf.c - the dispatcher: the only BPF programs attached
 * to LSM hooks, one per hook, shared by every loaded policy.  Each finds
 * the policy that decides (the current task's, for most hooks) and calls
 * that policy's own program for the hook with a tail call through the
 * hook's slot table (a program array indexed by the policy's slot).  A
 * task in no policy costs one task-storage lookup per hook.
 *
 * bpfcon-load installs it with the first policy (embedded in the runtime
 * as a skeleton), checks its version (the "abi" map, BPFCON_ABI_VERSION)
 * on every later load, and the last unload removes it.  Policies stay
 * standalone objects: their programs are loaded for their hooks but not
 * attached; bpfcon-load puts them into the slot tables.
 *
 * Only the dispatcher writes the owner records no single policy decides
 * on: /proc inodes (task_to_inode), files' SIGIO setters (file_set_fowner,
 * file_free_security) and the end of SysV objects (*_free_security).
 * docs/object-format.md "The dispatcher" describes all of it. */
#include "bpfcon_shared.h"

char LICENSE[] SEC("license") = "GPL";

/* [0]: the version of this dispatcher, BPFCON_ABI_VERSION; read by
 * bpfcon-load from the pin PIN_ROOT/+dispatch/abi. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u32);
} abi SEC(".maps");


/* The current task's policy, 0 if none. */
static __always_inline u64 current_policy_id(void)
{
	struct bpfcon_task *st = bpf_task_storage_get(&bpfcon_tasks, bpf_get_current_task_btf(), 0, 0);
	return st ? st->policy_id : 0;
}

/* The policy whose command the file of an exec is (0: none). */
static __always_inline u64 command_policy(struct linux_binprm *bprm)
{
	struct inode *ino = bprm->file->f_inode;
	struct bpfcon_cmd_key k = { .dev = ino->i_sb->s_dev, .ino = ino->i_ino };
	u64 *id = bpf_map_lookup_elem(&bpfcon_cmds, &k);
	return id ? *id : 0;
}

/* A hook decided by the current task's policy alone.  The trampoline runs
 * a BPF LSM program only while every program before it returned 0, so
 * there is no earlier denial to keep here (the policy's program checks
 * ret all the same). */
#define BY_CURRENT(hook)                                               \
	BPFCON_SLOT_TABLE(hook);                                       \
	SEC("lsm/" #hook)                                              \
	int BPF_PROG(dispatch_##hook)                                  \
	{                                                              \
		chain_to_policy(ctx, &bpfcon_jt_##hook, current_policy_id()); \
		return 0;                                              \
	}

/* files */
BY_CURRENT(bprm_check_security)
BY_CURRENT(file_open)
BY_CURRENT(file_permission)
BY_CURRENT(file_receive)
BY_CURRENT(file_truncate)	/* 6.2 and later: left out before (kernel.c) */
BY_CURRENT(path_notify)
BY_CURRENT(mmap_file)
BY_CURRENT(file_mprotect)
BY_CURRENT(file_ioctl)
BY_CURRENT(inode_getattr)
BY_CURRENT(inode_readlink)
BY_CURRENT(inode_getxattr)
BY_CURRENT(inode_listxattr)
BY_CURRENT(inode_get_acl)	/* 6.2 and later: left out before (kernel.c) */
BY_CURRENT(inode_setattr)
BY_CURRENT(inode_setxattr)
BY_CURRENT(inode_removexattr)
BY_CURRENT(inode_set_acl)	/* 6.2 and later: left out before (kernel.c) */
BY_CURRENT(inode_remove_acl)	/* the same */
BY_CURRENT(path_chmod)
BY_CURRENT(path_chown)
BY_CURRENT(path_truncate)
BY_CURRENT(path_mknod)
BY_CURRENT(path_mkdir)
BY_CURRENT(path_symlink)
BY_CURRENT(path_link)
BY_CURRENT(path_unlink)
BY_CURRENT(path_rmdir)
BY_CURRENT(path_rename)
/* bpf(), tasks */
BY_CURRENT(bpf)
BY_CURRENT(task_alloc)
BY_CURRENT(ptrace_access_check)
BY_CURRENT(ptrace_traceme)
BY_CURRENT(task_setnice)
BY_CURRENT(task_setioprio)
BY_CURRENT(task_setscheduler)
BY_CURRENT(task_setrlimit)
BY_CURRENT(task_movememory)
/* capabilities and the always-denied operations */
BY_CURRENT(capable)
BY_CURRENT(kernel_module_request)
BY_CURRENT(kernel_read_file)
BY_CURRENT(kernel_load_data)
BY_CURRENT(sb_mount)
BY_CURRENT(sb_umount)
BY_CURRENT(move_mount)
BY_CURRENT(sb_pivotroot)
BY_CURRENT(userns_create)
BY_CURRENT(settime)
BY_CURRENT(perf_event_open)
BY_CURRENT(key_alloc)
BY_CURRENT(key_permission)
/* sockets; the creator's policy records a new socket's or SysV object's owner */
BY_CURRENT(socket_create)
BY_CURRENT(socket_post_create)
BY_CURRENT(socket_connect)
BY_CURRENT(socket_bind)
BY_CURRENT(socket_listen)
BY_CURRENT(socket_accept)
BY_CURRENT(socket_sendmsg)
BY_CURRENT(socket_recvmsg)
BY_CURRENT(socket_shutdown)
BY_CURRENT(msg_queue_alloc_security)
BY_CURRENT(shm_alloc_security)
BY_CURRENT(sem_alloc_security)

/* --- between two policies: the actor's side, then the object's -------- */

/* The acting task's policy decides first; its program calls the other
 * side's when it allows (chain_to_policy in bpfcon_net.h, bpfcon_task.h).
 * If the actor's policy has no program on the hook, the other side's is
 * called from here.  A task in no policy is no ipc peer: nothing to ask. */
#define BETWEEN(hook, args, peer_expr)                                 \
	SEC("lsm/" #hook)                                              \
	int BPF_PROG(dispatch_##hook, args)                            \
	{                                                              \
		u64 actor = current_policy_id();                       \
		if (!actor)                                            \
			return 0;                                      \
		chain_to_policy(ctx, &bpfcon_jt_##hook, actor);        \
		u64 peer = (peer_expr);                                \
		if (peer != actor)                                     \
			chain_to_policy(ctx, &bpfcon_jt_##hook, peer); \
		return 0;                                              \
	}
#define ARGS(...) __VA_ARGS__

BETWEEN(task_kill, ARGS(struct task_struct *p), task_policy(p))
BETWEEN(unix_stream_connect, ARGS(struct sock *sock, struct sock *other), sock_owner(other))
BETWEEN(unix_may_send, ARGS(struct socket *sock, struct socket *other),
	sock_owner(socket_sk(other)))
BETWEEN(ipc_permission, ARGS(struct kern_ipc_perm *perm), sysv_owner(perm))
BETWEEN(msg_queue_msgctl, ARGS(struct kern_ipc_perm *perm), sysv_owner(perm))
BETWEEN(shm_shmctl, ARGS(struct kern_ipc_perm *perm), sysv_owner(perm))
BETWEEN(sem_semctl, ARGS(struct kern_ipc_perm *perm), sysv_owner(perm))

/* SIGIO and SIGURG: sent for whoever set the file's owner. */
SEC("lsm/file_send_sigiotask")
int BPF_PROG(dispatch_file_send_sigiotask, struct task_struct *tsk, struct fown_struct *fown)
{
	u64 key = (u64)fown;
	struct fowner *o = bpf_map_lookup_elem(&bpfcon_fowners, &key);
	u64 actor = o ? o->policy : 0;
	if (!actor)
		return 0;
	chain_to_policy(ctx, &bpfcon_jt_file_send_sigiotask, actor);
	u64 peer = task_policy(tsk);
	if (peer != actor)
		chain_to_policy(ctx, &bpfcon_jt_file_send_sigiotask, peer);
	return 0;
}

/* --- exec: entering a policy, transitions ------------------------------ */

/* Step 1 of exec (bpfcon_hooks.h): a task whose exec went through a
 * #[transition] right moves into the policy whose command it executes;
 * that policy's program does it. */
BPFCON_SLOT_TABLE(bprm_committing_creds);
SEC("lsm/bprm_committing_creds")
int BPF_PROG(dispatch_bprm_committing_creds, struct linux_binprm *bprm)
{
	struct bpfcon_task *st = bpf_task_storage_get(&bpfcon_tasks, bpf_get_current_task_btf(), 0, 0);
	if (!st || !st->policy_id || !(st->flags & BPFCON_TASK_PENDING_TRANSITION))
		return 0;
	u64 target = command_policy(bprm);
	if (target && target != st->policy_id)
		chain_to_policy(ctx, &bpfcon_jt_bprm_committing_creds, target);
	return 0;
}

/* Step 2: the task's policy ends the exec; a task in none that executes a
 * policy's command enters that policy. */
BPFCON_SLOT_TABLE(bprm_committed_creds);
SEC("lsm/bprm_committed_creds")
int BPF_PROG(dispatch_bprm_committed_creds, struct linux_binprm *bprm)
{
	u64 id = current_policy_id();
	if (!id)
		id = command_policy(bprm);
	chain_to_policy(ctx, &bpfcon_jt_bprm_committed_creds, id);
	return 0;
}

/* --- owner records ------------------------------------------------------ */

/* A /proc/PID inode shows task p: remember p's policy (proc requests). */
SEC("lsm/task_to_inode")
void BPF_PROG(dispatch_task_to_inode, struct task_struct *p, struct inode *inode)
{
	u64 policy = task_policy(p);
	u64 *v = bpf_inode_storage_get(&bpfcon_proc_owner, inode, 0,
				       policy ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	if (v)
		*v = policy;
}

/* A file's owner is set (F_SETOWN ...): the setter's policy, taint and
 * process then, for the SIGIO it may send later; none for a setter in no
 * policy. */
SEC("lsm/file_set_fowner")
int BPF_PROG(dispatch_file_set_fowner, struct file *file)
{
	u64 key = fown_of(file);
	struct task_struct *me = bpf_get_current_task_btf();
	struct bpfcon_task *ts = bpf_task_storage_get(&bpfcon_tasks, me, 0, 0);
	if (!ts || !ts->policy_id) {
		if (bpf_map_lookup_elem(&bpfcon_fowners, &key))
			bpf_map_delete_elem(&bpfcon_fowners, &key);
		return 0;
	}
	struct fowner o = {
		.policy = ts->policy_id,
		.tgid = me->tgid,
		.ptgid = BPF_CORE_READ(me, real_parent, tgid),
		.flags = ts->flags & BPFCON_TASK_TAINTED,
	};
	bpf_map_update_elem(&bpfcon_fowners, &key, &o, BPF_ANY);
	return 0;
}

/* Every file's end: drop its owner record, if it has one (a lookup first:
 * a delete takes the bucket's lock even when there is nothing). */
SEC("lsm/file_free_security")
int BPF_PROG(dispatch_file_free_security, struct file *file)
{
	u64 key = fown_of(file);
	if (bpf_map_lookup_elem(&bpfcon_fowners, &key))
		bpf_map_delete_elem(&bpfcon_fowners, &key);
	return 0;
}

static __always_inline void sysv_freed(struct kern_ipc_perm *perm)
{
	u64 key = (u64)perm;
	if (bpf_map_lookup_elem(&bpfcon_sysv, &key))
		bpf_map_delete_elem(&bpfcon_sysv, &key);
}

SEC("lsm/msg_queue_free_security")
int BPF_PROG(dispatch_msg_queue_free_security, struct kern_ipc_perm *perm)
{
	sysv_freed(perm);
	return 0;
}

SEC("lsm/shm_free_security")
int BPF_PROG(dispatch_shm_free_security, struct kern_ipc_perm *perm)
{
	sysv_freed(perm);
	return 0;
}

SEC("lsm/sem_free_security")
int BPF_PROG(dispatch_sem_free_security, struct kern_ipc_perm *perm)
{
	sysv_freed(perm);
	return 0;
}
