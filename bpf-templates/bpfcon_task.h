/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_task.h - what a confined task may do to other tasks and to the
 * system (docs/policy-language.md "What each operation asks"): signals,
 * ptrace, capabilities and the operations denied unless a capability rule
 * grants them.  Each LSM program turns what the kernel asks into one
 * request (struct obj_req) and leaves the decision, logging and taint to
 * check_obj (bpfcon_check.h).  /proc/PID files are decided by check_file.
 *
 * NEED_SIGNAL: task_kill (kill, tgkill, tkill, sigqueue, pidfd_send_signal)
 *   and file_send_sigiotask (SIGIO/SIGURG to a file's owner) are signal
 *   requests (`bit` = the signal, 0 for an existence check) with the
 *   target's facts.  For SIGIO the sender is whoever set the owner
 *   (F_SETOWN ...): file_set_fowner records the setter, and the request is
 *   decided with the facts of the target seen from the setter.
 * NEED_IPC: a signal between tasks of two different policies A and B
 *   also needs A's ipc(B) (decided in A's object) and B's ipc(A) (in B's).
 * NEED_PTRACE: ptrace_access_check (PTRACE_ATTACH, /proc/PID/mem, environ,
 *   process_vm_readv, pidfd_getfd ...) asks ptrace(target, read) or
 *   (target, attach) by the kernel's mode; ptrace_traceme asks
 *   ptrace(parent, attach) for the tracee.
 * NEED_CAP: capable() is a cap request; and, as cap requests too, loading
 *   modules (sys_module), kexec (sys_boot), mount, umount, move_mount,
 *   pivot_root (sys_admin), new namespaces (userns_create, clone with
 *   CLONE_NEW*: sys_admin), setting the clock (sys_time), perf_event_open
 *   (perfmon) and allocating or using keys (sys_admin).
 * NEED_PROC: changing another process's priority, scheduling, limits or
 *   memory placement is proc(target, write).
 *
 * Kernel checks that only probe (PTRACE_MODE_NOAUDIT, CAP_OPT_NOAUDIT) are
 * decided but not logged.  capable() decides only checks of the current
 * task's own credentials (not those of another task or of a file's
 * opener).  On 6.1 sb_mount comes before mount's capability check, so a
 * mount is denied (and logged) by the mount hook; umount, setns, unshare
 * of a namespace other than the user one are decided at capable().
 *
 * The signal and ipc requests of a hook are one program (task_kill,
 * file_send_sigiotask): check_obj's costly parts (the rule walk, the
 * decision) are global functions, checked once per program, so two call
 * sites cost little.  The dispatcher calls the sender's policy; when the
 * target is in another policy, the sender's program, once it allows, calls
 * the target's (its side of ipc). */
#ifndef BPFCON_TASK_H
#define BPFCON_TASK_H

/* --- kernel types and constants read here ----------------------------- */

/* Flavours (libbpf ignores the ___ suffix when matching the kernel's
 * types), so that these fields need no change to bpfcon_types.h. */
struct fown_struct;
struct kernel_siginfo;
struct user_namespace;
struct timespec64;
struct timezone;
struct perf_event_attr;
struct key;
struct cred;

struct task_struct___bpfcon_task {
	const struct cred *cred;	/* the subjective credentials */
} __attribute__((preserve_access_index));

/* fown_struct and struct file's f_owner flavours: bpfcon_shared.h. */

#define SEND_SIG_PRIV_K ((struct kernel_siginfo *)1)
#define SIGIO_K 29
#define PTRACE_MODE_ATTACH_K 0x02
#define PTRACE_MODE_NOAUDIT_K 0x04
#define CAP_OPT_NOAUDIT_K 0x02

/* Capabilities the always-denied operations ask for. */
#define CAP_SYS_MODULE_K 16
#define CAP_SYS_BOOT_K 22
#define CAP_SYS_TIME_K 25
#define CAP_PERFMON_K 38

/* enum kernel_read_file_id and enum kernel_load_data_id (same order). */
#define READING_MODULE_K 2
#define READING_KEXEC_IMAGE_K 3
#define READING_KEXEC_INITRAMFS_K 4

/* perf_event_open's first check (enum perf_event_open type). */
#define PERF_SECURITY_OPEN_K 0

/* Every CLONE_NEW* flag (CLONE_NEWTIME only reaches clone3). */
#define CLONE_NEW_ANY_K (0x00000080ul | 0x00020000ul | 0x02000000ul | 0x04000000ul | \
			 0x08000000ul | 0x10000000ul | 0x20000000ul | 0x40000000ul)

/* --- signals ------------------------------------------------------------ */

#if NEED_SIGNAL || NEED_IPC

/* This policy's side of ipc between an acting task in policy `actor` and a
 * target in policy `target` (0: none): when the actor is ours (its state
 * st) and the target in another policy, ipc(target) for the actor; when
 * the target is ours and the actor in another policy, ipc(actor) as the
 * object side (no task state).  Otherwise nothing to decide. */
static __always_inline int signal_ipc(u32 hook, struct bpfcon_task *st, u64 actor, u64 target,
				       u32 target_pid)
{
	u64 mine = bpfcon_config.policy_id;
	struct obj_req r;
	obj_req_init(&r, BPFCON_KIND_IPC);
	if (actor == mine && st && target && target != mine) {
		r.policy = target;
		r.target_pid = target_pid;
	} else if (actor && actor != mine && target == mine) {
		r.policy = actor;
		st = 0;
	} else {
		return 0;
	}
	return check_obj(st, hook, &r, -1, 0);
}

/* The kernel's own signals (SEND_SIG_PRIV, si_code > 0) never reach
 * task_kill (check_kill_permission lets them through first); cred is set
 * only for a signal the kernel sends for other credentials (usbfs async
 * URBs), where the current task is not the sender: not decided. */
static __always_inline bool kernel_signal(void *ctx)
{
	/* task_kill(p, info, sig, cred): by number, see hook_arg */
	return hook_arg(ctx, 3) || hook_arg(ctx, 1) == (u64)SEND_SIG_PRIV_K;
}

/* kill, tgkill, tkill, sigqueue, pidfd_send_signal ... of the current
 * task: the signal request (NEED_SIGNAL), then this policy's side of ipc
 * between policies (NEED_IPC), in one program on the hook. */
SEC("lsm/task_kill")
int BPF_PROG(bpfcon_task_kill, struct task_struct *p, struct kernel_siginfo *info, int sig,
	     const struct cred *cred, int ret)
{
	if (ret)
		return ret;
	if (kernel_signal(ctx))
		return 0;
	struct task_struct *me = bpf_get_current_task_btf();
	struct bpfcon_task *ts = bpf_task_storage_get(&bpfcon_tasks, me, 0, 0);
	u64 actor = ts ? ts->policy_id : 0;
	if (!actor)
		return 0;
#if NEED_SIGNAL
	if (actor == bpfcon_config.policy_id) {
		struct obj_req r;
		obj_req_init(&r, BPFCON_KIND_SIGNAL);
		r.bit = sig;
		target_facts(p, &r);
		int err = check_target(ts, BPFCON_HOOK_KILL, &r, p, 0);
		if (err)
			return err;
	}
#endif
	u64 target = task_policy(p);
#if NEED_IPC
	int e = signal_ipc(BPFCON_HOOK_KILL, ts, actor, target, p->pid);
	if (e)
		return e;
#endif
	/* The target's policy decides its side (chain_to_policy). */
	if (actor == bpfcon_config.policy_id && target && target != actor)
		chain_to_policy(ctx, &bpfcon_jt_task_kill, target);
	return 0;
}

/* Who set a file's owner is recorded by the dispatcher (file_set_fowner,
 * file_free_security) in bpfcon_fowners (bpfcon_shared.h). */

/* What a SIGIO request is decided with, off the stack: the setter's state
 * (its policy and taint then; no function context: its thread is not the
 * one running) and the request. */
struct sigio_scratch {
	struct bpfcon_task st;
	struct obj_req r;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct sigio_scratch);
} bpfcon_sigio SEC(".maps");

/* The setter's state, as recorded, in the per-CPU scratch; NULL if the
 * setter of fown's file is unknown (unconfined). */
static __always_inline struct sigio_scratch *sigio_setter(struct fown_struct *fown,
							   struct fowner **out)
{
	u64 key = (u64)fown;
	u32 zero = 0;
	struct fowner *o = bpf_map_lookup_elem(&bpfcon_fowners, &key);
	struct sigio_scratch *x = bpf_map_lookup_elem(&bpfcon_sigio, &zero);
	if (!o || !x)
		return 0;
	x->st.policy_id = o->policy;
	x->st.flags = o->flags;
	*out = o;
	return x;
}

/* SIGIO (sig 0: the default, SIGIO) or SIGURG to tsk, owner of the file of
 * fown: a signal request of the setter, with tsk's facts seen from it
 * (NEED_SIGNAL), then this policy's side of ipc between the setter's policy
 * and tsk's (NEED_IPC), in one program on the hook. */
SEC("lsm/file_send_sigiotask")
int BPF_PROG(bpfcon_file_send_sigiotask, struct task_struct *tsk, struct fown_struct *fown, int sig,
	     int ret)
{
	if (ret)
		return ret;
	struct fowner *o = 0;
	struct sigio_scratch *x = sigio_setter(fown, &o);
	if (!x || !o)
		return 0;
#if NEED_SIGNAL
	if (o->policy == bpfcon_config.policy_id) {
		u32 tgid = o->tgid, ptgid = o->ptgid;
		struct obj_req *r = &x->r;
		obj_req_init(r, BPFCON_KIND_SIGNAL);
		r->bit = sig ? sig : SIGIO_K;
		target_facts(tsk, r);
		u32 t_tgid = tsk->tgid;
		r->facts = BPFCON_TF_ALWAYS;
		if (t_tgid == tgid)
			r->facts |= BPFCON_TF_SELF;
		if (t_tgid == ptgid)
			r->facts |= BPFCON_TF_PARENT;
		if ((u32)BPF_CORE_READ(tsk, real_parent, tgid) == tgid)
			r->facts |= BPFCON_TF_CHILD;
		int err = check_target(&x->st, BPFCON_HOOK_SIGIO, r, tsk, 0);
		if (err)
			return err;
	}
#endif
	u64 actor = o->policy, target = task_policy(tsk);
#if NEED_IPC
	int e = signal_ipc(BPFCON_HOOK_SIGIO, &x->st, actor, target, tsk->pid);
	if (e)
		return e;
#endif
	if (actor == bpfcon_config.policy_id && target && target != actor)
		chain_to_policy(ctx, &bpfcon_jt_file_send_sigiotask, target);
	return 0;
}

#endif	/* NEED_SIGNAL || NEED_IPC */

/* --- ptrace ------------------------------------------------------------- */

#if NEED_PTRACE

/* ptrace(target, attach) for PTRACE_MODE_ATTACH checks (PTRACE_ATTACH,
 * /proc/PID/mem, process_vm_readv ...), else ptrace(target, read). */
SEC("lsm/ptrace_access_check")
int BPF_PROG(bpfcon_ptrace_access_check, struct task_struct *child, unsigned int mode, int ret)
{
	if (ret)
		return ret;
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct obj_req r;
	obj_req_init(&r, BPFCON_KIND_PTRACE);
	r.access = (mode & PTRACE_MODE_ATTACH_K) ? BPFCON_PT_ATTACH : BPFCON_PT_READ;
	target_facts(child, &r);
	return check_target(st, BPFCON_HOOK_PTRACE, &r, child, mode & PTRACE_MODE_NOAUDIT_K);
}

/* PTRACE_TRACEME: the tracee lets its parent attach: ptrace(parent, attach). */
SEC("lsm/ptrace_traceme")
int BPF_PROG(bpfcon_ptrace_traceme, struct task_struct *parent, int ret)
{
	if (ret)
		return ret;
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct obj_req r;
	obj_req_init(&r, BPFCON_KIND_PTRACE);
	r.access = BPFCON_PT_ATTACH;
	target_facts(parent, &r);
	return check_target(st, BPFCON_HOOK_TRACEME, &r, parent, 0);
}

#endif	/* NEED_PTRACE */

/* --- another process's scheduling and limits ---------------------------- */

#if NEED_PROC

/* setpriority, ioprio_set, sched_setscheduler/setattr/setaffinity,
 * prlimit, migrate_pages, move_pages aimed at another process: a proc
 * write on it, as writing its /proc/PID files would be.  A limit the
 * kernel then enforces (RLIMIT_CPU, RLIMIT_FSIZE) can kill the target.
 * The process's own threads are not asked. */
static __always_inline int task_set_request(struct task_struct *p)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct task_struct *me = bpf_get_current_task_btf();
	if (BPF_CORE_READ(p, tgid) == me->tgid)
		return 0;
	struct obj_req r;
	obj_req_init(&r, BPFCON_KIND_PROC);
	r.access = BPFCON_ACC_WRITE;
	target_facts(p, &r);
	return check_target(st, BPFCON_HOOK_TASK_SET, &r, p, 0);
}

SEC("lsm/task_setnice")
int BPF_PROG(bpfcon_task_setnice, struct task_struct *p, int nice, int ret)
{
	return ret ? ret : task_set_request(p);
}

SEC("lsm/task_setioprio")
int BPF_PROG(bpfcon_task_setioprio, struct task_struct *p, int ioprio, int ret)
{
	return ret ? ret : task_set_request(p);
}

SEC("lsm/task_setscheduler")
int BPF_PROG(bpfcon_task_setscheduler, struct task_struct *p, int ret)
{
	return ret ? ret : task_set_request(p);
}

SEC("lsm/task_setrlimit")
int BPF_PROG(bpfcon_task_setrlimit, struct task_struct *p, unsigned int resource,
	     void *new_rlim, int ret)
{
	return ret ? ret : task_set_request(p);
}

SEC("lsm/task_movememory")
int BPF_PROG(bpfcon_task_movememory, struct task_struct *p, int ret)
{
	return ret ? ret : task_set_request(p);
}

#endif	/* NEED_PROC */

/* --- capabilities and the always-denied operations ---------------------- */

#if NEED_CAP

/* cap_request(): bpfcon_check.h. */

/* Only checks of the current task's own credentials: a check of another
 * task's, or of a file opener's, is not this task's request. */
SEC("lsm/capable")
int BPF_PROG(bpfcon_capable, const struct cred *cred, struct user_namespace *ns, int cap,
	     unsigned int opts, int ret)
{
	if (ret)
		return ret;
	struct task_struct___bpfcon_task *me = (void *)bpf_get_current_task_btf();
	if (me->cred != cred)
		return 0;
	return cap_request(BPFCON_HOOK_CAPABLE, cap, -1, opts & CAP_OPT_NOAUDIT_K);
}

/* request_module(): the module's name is logged. */
SEC("lsm/kernel_module_request")
int BPF_PROG(bpfcon_kernel_module_request, char *kmod_name, int ret)
{
	if (ret)
		return ret;
	if (!my_task())
		return 0;
	struct scratch *s = get_scratch();
	s32 obj = -1;
	if (s && bpf_probe_read_kernel_str(s->buf, 64, kmod_name) > 0)
		obj = 0;
	return cap_request(BPFCON_HOOK_MODULE, CAP_SYS_MODULE_K, obj, 0);
}

/* What loading data of this kind into the kernel asks; 0: nothing. */
static __always_inline u32 load_cap(u32 id)
{
	if (id == READING_MODULE_K)
		return CAP_SYS_MODULE_K;
	if (id == READING_KEXEC_IMAGE_K || id == READING_KEXEC_INITRAMFS_K)
		return CAP_SYS_BOOT_K;
	return 0;
}

/* finit_module, kexec_file_load: the file read is logged. */
SEC("lsm/kernel_read_file")
int BPF_PROG(bpfcon_kernel_read_file, struct file *file, int id, bool contents, int ret)
{
	if (ret)
		return ret;
	u32 cap = load_cap(id);
	if (!cap || !my_task())
		return 0;
	s32 obj = file ? build_path(file->f_path.mnt, file->f_path.dentry) : -1;
	return cap_request(BPFCON_HOOK_MODULE, cap, obj, 0);
}

/* init_module, kexec_load. */
SEC("lsm/kernel_load_data")
int BPF_PROG(bpfcon_kernel_load_data, int id, bool contents, int ret)
{
	if (ret)
		return ret;
	u32 cap = load_cap(id);
	return cap ? cap_request(BPFCON_HOOK_MODULE, cap, -1, 0) : 0;
}

/* Mounting: the mount point (or the mount) is logged. */
static __always_inline int mount_request(const struct vfsmount *mnt, const struct dentry *d)
{
	if (!my_task())
		return 0;
	s32 obj = mnt && d ? build_path(mnt, d) : -1;
	return cap_request(BPFCON_HOOK_MOUNT, CAP_SYS_ADMIN_K, obj, 0);
}

SEC("lsm/sb_mount")
int BPF_PROG(bpfcon_sb_mount, const char *dev_name, const struct path *path, const char *type,
	     unsigned long flags, void *data, int ret)
{
	return ret ? ret : mount_request(path->mnt, path->dentry);
}

SEC("lsm/sb_umount")
int BPF_PROG(bpfcon_sb_umount, struct vfsmount *mnt, int flags, int ret)
{
	return ret ? ret : mount_request(mnt, mnt->mnt_root);
}

SEC("lsm/move_mount")
int BPF_PROG(bpfcon_move_mount, const struct path *from_path, const struct path *to_path, int ret)
{
	return ret ? ret : mount_request(to_path->mnt, to_path->dentry);
}

SEC("lsm/sb_pivotroot")
int BPF_PROG(bpfcon_sb_pivotroot, const struct path *old_path, const struct path *new_path, int ret)
{
	return ret ? ret : mount_request(new_path->mnt, new_path->dentry);
}

/* A new user namespace (clone or unshare with CLONE_NEWUSER). */
SEC("lsm/userns_create")
int BPF_PROG(bpfcon_userns_create, const struct cred *cred, int ret)
{
	return ret ? ret : cap_request(BPFCON_HOOK_NAMESPACE, CAP_SYS_ADMIN_K, -1, 0);
}

/* settimeofday, clock_settime, adjtimex ... */
SEC("lsm/settime")
int BPF_PROG(bpfcon_settime, const struct timespec64 *ts, const struct timezone *tz, int ret)
{
	return ret ? ret : cap_request(BPFCON_HOOK_SETTIME, CAP_SYS_TIME_K, -1, 0);
}

/* perf_event_open: its first check (the others refine an allowed open).
 * The hook is (attr, type) up to 6.11 and (type) from 6.12 on: type is its
 * last argument, read by number so that one object loads on both.  The
 * LSM's ret is not read: a BPF LSM program runs only while every program
 * before it returned 0. */
SEC("lsm/perf_event_open")
int BPF_PROG(bpfcon_perf_event_open)
{
	u64 nargs = bpf_get_func_arg_cnt(ctx), type = 0;
	if (nargs < 1 || bpf_get_func_arg(ctx, (u32)(nargs - 1), &type))
		type = PERF_SECURITY_OPEN_K;	/* unreadable: ask the policy */
	if ((int)type != PERF_SECURITY_OPEN_K)
		return 0;
	return cap_request(BPFCON_HOOK_PERF, CAP_PERFMON_K, -1, 0);
}

/* add_key, request_key, keyrings made on demand. */
SEC("lsm/key_alloc")
int BPF_PROG(bpfcon_key_alloc, struct key *key, const struct cred *cred, unsigned long flags,
	     int ret)
{
	return ret ? ret : cap_request(BPFCON_HOOK_KEY, CAP_SYS_ADMIN_K, -1, 0);
}

/* Any use of a key (keyctl read, search, link, update ..., request_key):
 * sys_admin like making one, whoever made the key (an unconfined root's
 * keys are in reach of a confined root otherwise).  Only checks of the
 * current task's own credentials.  key_ref is a key_ref_t, need_perm an
 * enum key_need_perm: neither is read. */
SEC("lsm/key_permission")
int BPF_PROG(bpfcon_key_permission, void *key_ref, const struct cred *cred,
	     unsigned int need_perm, int ret)
{
	if (ret)
		return ret;
	struct task_struct___bpfcon_task *me = (void *)bpf_get_current_task_btf();
	if (me->cred != cred)
		return 0;
	return cap_request(BPFCON_HOOK_KEY, CAP_SYS_ADMIN_K, -1, 0);
}

#endif	/* NEED_CAP */

/* A new task (fork, clone, a thread): clone with any CLONE_NEW* flag is a
 * capability request, decided first (NEED_CAP: new namespaces are among
 * the always-denied operations); then the child inherits the parent's
 * policy (inherit_policy, bpfcon_hooks.h).  One program on the hook. */
SEC("lsm/task_alloc")
int BPF_PROG(bpfcon_task_alloc, struct task_struct *task, unsigned long clone_flags, int ret)
{
	if (ret)
		return ret;
#if NEED_CAP
	if (clone_flags & CLONE_NEW_ANY_K) {
		int err = cap_request(BPFCON_HOOK_NAMESPACE, CAP_SYS_ADMIN_K, -1, 0);
		if (err)
			return err;
	}
#endif
	return inherit_policy(task, clone_flags);
}

#endif
