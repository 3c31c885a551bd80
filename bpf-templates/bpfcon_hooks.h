/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_hooks.h - the LSM programs, which the dispatcher calls (they are
 * never attached themselves: bpfcon_dispatch.bpf.c).  Each file hook turns
 * what the kernel asks into a request (a path and access bits,
 * docs/policy-language.md "What each operation asks"), runs the engine and
 * enforces the verdict.  bpfcc sets NEED_<HOOK> to 1 for the hooks the
 * policy needs; the always-on programs (entering the policy, transitions
 * and untaint at exec, inheritance, bpf(), the pin directory, io_uring
 * rings another process polls) are always built.  Every program starts
 * with `if (ret) return ret;`: an earlier LSM's denial stands. */
#ifndef BPFCON_HOOKS_H
#define BPFCON_HOOKS_H

/* A file opened to be executed: FMODE_EXEC in f_mode on newer kernels,
 * __FMODE_EXEC in f_flags on all (6.1 sets only the latter). */
#define FMODE_EXEC_K 0x20
#define O_FMODE_EXEC_K 0x20
/* file_permission's mask */
#define MAY_WRITE_K 0x2
#define MAY_READ_K 0x4

/* uselib(2) in the 32-bit system call table; 86 is link(2) in the 64-bit
 * one, which opens nothing for exec. */
#define NR_USELIB_IA32_K 86

/* A file an execve opened: its executable or an interpreter (ELF
 * PT_INTERP, #!, binfmt_misc), decided at the exec hook (and by
 * exec_opened).  Up to 6.7, uselib(2) opens its library with __FMODE_EXEC
 * as well: that one (the system call in progress is uselib) is an
 * ordinary open, and its mapping an ordinary map. */
static __always_inline bool opened_for_exec(const struct file *f)
{
	if (!(f->f_mode & FMODE_EXEC_K) && !(f->f_flags & O_FMODE_EXEC_K))
		return false;
	struct pt_regs *regs = (void *)bpf_task_pt_regs(bpf_get_current_task_btf());
	return BPF_CORE_READ(regs, orig_ax) != NR_USELIB_IA32_K;
}
#define RENAME_EXCHANGE_K 2
#define PIDFS_MAGIC_K 0x50494446

/* A pidfd (pidfd_open, clone with CLONE_PIDFD, SCM_RIGHTS): from 6.9 on
 * the kernel opens it on pidfs through the file_open hook, where its path
 * is "/".  It names a process, not a file: what is done through it (a
 * signal) is asked where it is done (task_kill), so its open is not a file
 * request.  (Up to 6.8 it is an anonymous inode, opened without the hook.) */
static __always_inline bool is_pidfd(const struct file *f)
{
	return BPF_CORE_READ(f, f_path.dentry, d_sb, s_magic) == PIDFS_MAGIC_K;
}

/* check_file(), the decision on one file, is in bpfcon_check.h. */

/* A confined task may not change the bpf filesystem (the pins). */
static __always_inline int protect_pins(u32 hook, const struct dentry *d)
{
	if (BPF_CORE_READ(d, d_sb, s_magic) != BPF_FS_MAGIC_K)
		return 0;
	struct verdict v = { .decision = BPFCON_DENY, .by = BPFCON_BY_BUILTIN, .rule = -1 };
	log_event(hook, 0, 0, &v, 0, 0, 0);
	return -EPERM_K;
}

/* --- always on ------------------------------------------------------- */

/* Exec, in two steps (the dispatcher calls one policy's program in each):
 *  1. bprm_committing_creds (past the point of no return): a task of
 *     ANOTHER policy whose exec went through a #[transition] right
 *     (PENDING_TRANSITION) and whose executable is this policy's command
 *     moves into this policy, with this policy's start state.  The
 *     dispatcher calls the program of the policy it moves into.
 *  2. bprm_committed_creds: an unconfined task executing the command enters
 *     the policy; a task of this policy drops its function contexts (they
 *     died with the old image), is untainted if the exec went through an
 *     #[untaint] right (PENDING_UNTAINT) while tainted, and its PENDING
 *     flags are cleared (a transition whose target policy is not loaded
 *     leaves the task where it is). */

/* The file being executed is this policy's command (by identity). */
static __always_inline bool runs_command(const struct linux_binprm *bprm)
{
	struct inode *ino = bprm->file->f_inode;
	return bpfcon_config.cmd_ino && ino->i_ino == bpfcon_config.cmd_ino &&
	       ino->i_sb->s_dev == bpfcon_config.cmd_dev;
}

/* A new program image: no function context is live, no signal frame. */
static __always_inline void forget_contexts(struct bpfcon_task *st)
{
	st->sig_sp = 0;
	for (int i = 0; i < BPFCON_MAX_CTX; i++)
		st->ctx[i] = 0;
}

/* Logs a change of the task's policy or taint (hook TRANSITION or
 * UNTAINT) with the executed file as the object, when its path is known;
 * from: the policy the task left (TRANSITION), else 0. */
static __always_inline void log_change(u32 hook, const struct linux_binprm *bprm, u64 from)
{
	struct verdict v = { .decision = BPFCON_ALLOW, .by = BPFCON_BY_BUILTIN, .rule = -1 };
	struct ev_extra x = { .peer_policy = from };
	struct file *f = bprm->file;
	s32 start = build_path(f->f_path.mnt, f->f_path.dentry);
	struct scratch *s = get_scratch();
	if (start < 0 || !s) {
		log_event_x(hook, BPFCON_KIND_FS, 0, &v, 0, &x);
		return;
	}
	log_event_x(hook, BPFCON_KIND_FS, 0, &v, &s->buf[start & PATH_MASK], &x);
}

SEC("lsm/bprm_committing_creds")
int BPF_PROG(bpfcon_exec_transition, struct linux_binprm *bprm)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct bpfcon_task *st = bpf_task_storage_get(&bpfcon_tasks, t, 0, 0);
	if (!st || !st->policy_id || st->policy_id == bpfcon_config.policy_id ||
	    !(st->flags & BPFCON_TASK_PENDING_TRANSITION) || !runs_command(bprm))
		return 0;
	/* The whole state is this policy's from here on. */
	u64 from = st->policy_id;
	st->policy_id = bpfcon_config.policy_id;
	st->flags = BPFCON_START_TAINTED ? BPFCON_TASK_TAINTED : 0;
	forget_contexts(st);
	log_change(BPFCON_HOOK_TRANSITION, bprm, from);
	return 0;
}

SEC("lsm/bprm_committed_creds")
int BPF_PROG(bpfcon_exec_enter, struct linux_binprm *bprm)
{
	struct bpfcon_task *st = my_task();
	if (st) {
#if BPFCON_NCTX
		forget_sig_frames();
#endif
		u32 pending = st->flags;
		st->flags &= ~(BPFCON_TASK_PENDING_TRANSITION | BPFCON_TASK_PENDING_UNTAINT |
			       BPFCON_TASK_IN_EXEC);
		forget_contexts(st);
		if ((pending & BPFCON_TASK_PENDING_UNTAINT) && (pending & BPFCON_TASK_TAINTED)) {
			st->flags &= ~BPFCON_TASK_TAINTED;
			log_change(BPFCON_HOOK_UNTAINT, bprm, 0);
		}
		return 0;
	}
	if (current_confined() || !runs_command(bprm))
		return 0;
	if (enter_policy(bpf_get_current_task_btf(), BPFCON_START_TAINTED)) {
		struct verdict v = { .decision = BPFCON_ALLOW, .by = BPFCON_BY_BUILTIN, .rule = -1 };
		log_event(BPFCON_HOOK_ENTER, 0, 0, &v, 0, 0, 0);
	}
	return 0;
}

/* Entering the policy by `bpfcon run`: bpfcon_enter_policy(id, &ok).
 * Only once the policy is live (its slot written, the last step of a
 * load): bpfcon-load attaches this probe before, and a task entered then
 * would run with no program of the policy to decide for it. */
SEC("uprobe")
int BPF_KPROBE(bpfcon_enter, u64 id, int *ok)
{
	u32 slot;
	if (id != bpfcon_config.policy_id || !policy_slot(id, &slot))
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	struct bpfcon_task *st = bpf_task_storage_get(&bpfcon_tasks, t, 0, 0);
	bool was = st && st->policy_id == bpfcon_config.policy_id;
	if (!enter_policy(t, BPFCON_START_TAINTED))
		return 0;
	int one = 1;
	bpf_probe_write_user(ok, &one, sizeof(one));
	if (!was) {
		struct verdict v = { .decision = BPFCON_ALLOW, .by = BPFCON_BY_BUILTIN, .rule = -1 };
		log_event(BPFCON_HOOK_ENTER, 0, 0, &v, 0, 0, 0);
	}
	return 0;
}

/* CLONE_VM | CLONE_THREAD: the child runs on a stack of its own. */
#define NEW_STACK_CLONE_FLAGS 0x10100

/* Children (fork, clone, threads) inherit the parent's policy and taint,
 * never its pending exec flags.  A forked process has a copy of the
 * parent's stack, so it is inside the same functions: it keeps the
 * function contexts and the signal frame; a thread (or a CLONE_VM child)
 * runs on a stack of its own and starts outside every context.  The
 * program on task_alloc is in bpfcon_task.h (it asks for namespaces first). */
static __always_inline int inherit_policy(struct task_struct *task, unsigned long clone_flags)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct bpfcon_task *child =
		bpf_task_storage_get(&bpfcon_tasks, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!child)
		return -EPERM_K;	/* never let a child out unconfined */
	child->policy_id = st->policy_id;
	child->flags = st->flags & ~(BPFCON_TASK_PENDING_TRANSITION | BPFCON_TASK_PENDING_UNTAINT);
	if (clone_flags & NEW_STACK_CLONE_FLAGS) {
		forget_contexts(child);
	} else {
		child->sig_sp = st->sig_sp;
		for (int i = 0; i < BPFCON_MAX_CTX; i++)
			child->ctx[i] = ((BPFCON_CTX_KFUNC_MASK >> i) & 1) ? 0 : st->ctx[i];	/* kfunc depths: not in the child */
	}
	return 0;
}

/* No bpf() at all: a confined task cannot unload, replace or read policies. */
SEC("lsm/bpf")
int BPF_PROG(bpfcon_bpf, int cmd, union bpf_attr *attr, unsigned int size, int ret)
{
	if (ret)
		return ret;
	if (!my_task())
		return 0;
	struct verdict v = { .decision = BPFCON_DENY, .by = BPFCON_BY_BUILTIN, .rule = -1 };
	log_event(BPFCON_HOOK_BPF, 0, 0, &v, 0, 0, 0);
	return -EPERM_K;
}

/* Removing a name (unlink, rmdir): never in the bpf filesystem; else "rm". */
static __always_inline int on_remove(const struct path *dir, struct dentry *dentry)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	if (protect_pins(BPFCON_HOOK_UNLINK, dentry))
		return -EPERM_K;
#if NEED_DELETE
	return check_file(st, BPFCON_HOOK_UNLINK, dir->mnt, dentry, BPFCON_ACC_DELETE);
#else
	return 0;
#endif
}

SEC("lsm/path_unlink")
int BPF_PROG(bpfcon_path_unlink, const struct path *dir, struct dentry *dentry, int ret)
{
	return ret ? ret : on_remove(dir, dentry);
}

SEC("lsm/path_rmdir")
int BPF_PROG(bpfcon_path_rmdir, const struct path *dir, struct dentry *dentry, int ret)
{
	return ret ? ret : on_remove(dir, dentry);
}

#if PDFA_MOVES
/* A new name (rename, hard link) for a file or folder a restriction
 * names, or for a folder with something a restriction names below it,
 * would take what it names out of its reach (the rules name paths) unless
 * the new name is restricted in the same access bits: then it is denied
 * (logged with one such restriction; the access: rm for a rename, link for
 * a link), whatever the rights.  A path that can't be built is denied (fail closed). */
static __noinline __attribute__((unused)) int moves_restricted(u32 hook, const struct vfsmount *mnt,
							       const struct dentry *d,
							       const struct vfsmount *new_mnt,
							       const struct dentry *new_d)
{
	u32 req = hook == BPFCON_HOOK_LINK ? BPFCON_ACC_LINK : BPFCON_ACC_DELETE;
	s32 start = build_path(mnt, d);
	struct scratch *s = get_scratch();
	if (start < 0 || start >= PATH_MAX_K || !s)
		return unknown_path(hook, req);
	u32 state = match_state(start, PATH_MAX_K);
	if (state >= PDFA_NSTATES)
		return 0;
	u32 bits = opaque32(pdfa_moves_mask[state]);
	u32 rule = opaque32(pdfa_moves[state]);
	if (!bits || rule == PDFA_UNUSED)
		return 0;
	s32 to = build_path_in(new_mnt, new_d, 2 * PATH_MAX_K);
	if (to < 0)
		return unknown_path(hook, req);
	u32 new_state = match_state(to, 2 * PATH_MAX_K);
	if (new_state < PDFA_NSTATES && !(bits & ~opaque32(pdfa_moves_mask[new_state])))
		return 0;	/* restricted as much under the new name */
	struct verdict v = { .decision = complaining() ? BPFCON_COMPLAIN : BPFCON_DENY,
			     .by = BPFCON_BY_RULES, .rule = (s32)rule };
	const char *buf = s->buf;
	asm volatile("" : "+r"(buf));	/* not computed before s is known non-NULL */
	count_decision(v.decision);
	log_event(hook, BPFCON_KIND_FS, req, &v, buf + (start & PATHS_MASK), 0, 0);
	return deny_ret(v.decision == BPFCON_DENY);
}
#endif

SEC("lsm/path_rename")
int BPF_PROG(bpfcon_path_rename, const struct path *old_dir, struct dentry *old_dentry,
	     const struct path *new_dir, struct dentry *new_dentry, unsigned int flags, int ret)
{
	if (ret)
		return ret;
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	if (protect_pins(BPFCON_HOOK_RENAME, old_dentry) ||
	    protect_pins(BPFCON_HOOK_RENAME, new_dentry))
		return -EPERM_K;
	bool exchange __attribute__((unused)) = flags & RENAME_EXCHANGE_K;
	int err = 0;
#if NEED_RENAME
	u32 old_req = BPFCON_ACC_DELETE | (exchange ? BPFCON_ACC_WRITE : 0);
	u32 new_req = BPFCON_ACC_WRITE | (exchange || new_dentry->d_inode ? BPFCON_ACC_DELETE : 0);
	err = check_file(st, BPFCON_HOOK_RENAME, old_dir->mnt, old_dentry, old_req);
	if (!err)
		err = check_file(st, BPFCON_HOOK_RENAME, new_dir->mnt, new_dentry, new_req);
#endif
#if PDFA_MOVES
	if (!err)
		err = moves_restricted(BPFCON_HOOK_RENAME, old_dir->mnt, old_dentry, new_dir->mnt,
				       new_dentry);
	if (!err && exchange)
		err = moves_restricted(BPFCON_HOOK_RENAME, new_dir->mnt, new_dentry, old_dir->mnt,
				       old_dentry);
#endif
	return err;
}

/* --- file hooks the policy needs ------------------------------------- */

/* The common case: one request on one file, for a task of this policy. */
static __always_inline int on_file(u32 hook, const struct vfsmount *mnt, const struct dentry *d,
				   u32 req)
{
	struct bpfcon_task *st = my_task();
	return st ? check_file(st, hook, mnt, d, req) : 0;
}

/* --- kernel control files (always on) ------------------------------- */

#define SYSFS_MAGIC_K 0x62656572
#define TRACEFS_MAGIC_K 0x74726163
#define DEBUGFS_MAGIC_K 0x64626720
#define SECURITYFS_MAGIC_K 0x73636673
#define CONFIGFS_MAGIC_K 0x62656570
#define TIOCSTI_K 0x5412	/* push a byte into a terminal's input */
#define TIOCLINUX_K 0x541C	/* its subcommand 2 pastes a selection as input */

/* d is /proc/sys/... or /proc/sysrq-trigger (the name of its ancestor
 * just below the root of proc).  Not inlined: its name buffer would add to
 * the file_open program's frame, the first of its deepest call chain. */
static __noinline __attribute__((unused)) bool proc_control(const struct dentry *d)
{
	const struct dentry *top = d;
	for (int i = 0; i < 32; i++) {
		const struct dentry *p = BPF_CORE_READ(top, d_parent);
		if (!p || p == top || BPF_CORE_READ(p, d_parent) == p)
			break;
		top = p;
	}
	char name[16];
	__builtin_memset(name, 0, sizeof(name));
	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(top, d_name.name));
	static const char sysrq[] = "sysrq-trigger";
	if (name[0] != 's' || name[1] != 'y' || name[2] != 's')
		return false;
	if (!name[3])
		return true;	/* /proc/sys */
	for (int i = 3; i < (int)sizeof(sysrq); i++)
		if (name[i] != sysrq[i])
			return false;
	return true;	/* /proc/sysrq-trigger */
}

/* Opening a kernel control file, whatever the rules say: nothing in the
 * bpf filesystem (the pins of every policy and of the dispatcher), and
 * writing a sysctl, /proc/sysrq-trigger or a file of sysfs, tracefs,
 * debugfs, securityfs or configfs is cap(sys_admin) (none of them asks the
 * kernel for a capability: root is enough).  0 or -EPERM. */
static __always_inline int control_file(u32 hook, const struct vfsmount *mnt,
					const struct dentry *d, u32 req)
{
	u64 magic = d->d_sb->s_magic;	/* d: the kernel's typed pointer */
	if (magic == BPF_FS_MAGIC_K)
		return protect_pins(hook, d);
#if NEED_CAP
	if (!(req & (BPFCON_ACC_WRITE | BPFCON_ACC_APPEND)))
		return 0;
	if (magic == SYSFS_MAGIC_K || magic == TRACEFS_MAGIC_K || magic == DEBUGFS_MAGIC_K ||
	    magic == SECURITYFS_MAGIC_K || magic == CONFIGFS_MAGIC_K ||
	    (magic == PROC_SUPER_MAGIC_K && proc_control(d)))
		return cap_request(hook, CAP_SYS_ADMIN_K, build_path(mnt, d), 0);
#endif
	return 0;
}

/* control_file for a descriptor (its use, its receipt).  Not inlined: its
 * frame would add to the stack of the calls below check_file. */
static __noinline __attribute__((unused)) int control_fd(u32 hook, struct file *file, u32 req)
{
	return control_file(hook, file->f_path.mnt, file->f_path.dentry, req);
}

/* Faking terminal input (TIOCSTI, TIOCLINUX) is cap(sys_admin): the
 * unconfined shell that reads the terminal would run what was pushed. */
static __always_inline int control_ioctl(unsigned int cmd)
{
#if NEED_CAP
	if (cmd == TIOCSTI_K || cmd == TIOCLINUX_K)
		return cap_request(BPFCON_HOOK_IOCTL, CAP_SYS_ADMIN_K, -1, 0);
#endif
	return 0;
}

/* What an open file's mode asks: read, write or append. */
static __always_inline u32 open_access(const struct file *file)
{
	u32 req = 0;
	if (file->f_mode & FMODE_READ)
		req |= BPFCON_ACC_READ;
	if (file->f_mode & FMODE_WRITE)
		req |= (file->f_flags & O_APPEND_K) ? BPFCON_ACC_APPEND : BPFCON_ACC_WRITE;
	return req;
}

/* A file an execve opens once its executable was allowed (the
 * IN_EXEC flag): the program interpreter an ELF executable names
 * (PT_INTERP), a #! script's interpreter (decided again at the exec hook)
 * or a binfmt_misc one.  It needs no right of its own, but the policy's
 * restrictions on exec apply to it: `#[deny] fs(P, exec)` also stops an
 * executable that names P as its interpreter.  The executable itself is
 * decided at the exec hook. */
static __always_inline int exec_opened(struct file *file)
{
#if NEED_EXEC
	struct bpfcon_task *st = my_task();
	if (st && (st->flags & BPFCON_TASK_IN_EXEC))
		return check_file(st, BPFCON_HOOK_EXEC | BPFCON_RESTRICT_ONLY, file->f_path.mnt,
				  file->f_path.dentry, BPFCON_ACC_EXEC);
#endif
	return 0;
}

#if NEED_OPEN
/* --- descriptors opened outside the policy ------------------------------ */

/* Records that this policy allowed req on file (bpfcon_fds).  Not
 * inlined: its frame would add to the stack below check_file's calls. */
static __noinline __attribute__((unused)) void fd_allowed(struct file *file, u32 req)
{
	u64 key = (u64)file;
	u64 d = (u64)file->f_path.dentry, m = (u64)file->f_path.mnt;
	struct bpfcon_fd *r = bpf_map_lookup_elem(&bpfcon_fds, &key);
	if (r && r->policy == bpfcon_config.policy_id && r->dentry == d && r->mnt == m) {
		r->access |= req;
		return;
	}
	struct bpfcon_fd v = { .policy = bpfcon_config.policy_id, .dentry = d, .mnt = m,
			       .access = req };
	bpf_map_update_elem(&bpfcon_fds, &key, &v, BPF_ANY);
}

/* A read, write or mapping (req) through file by a task of this policy.
 * What this policy allowed on the file before (at its open, or an earlier
 * use) passes at once.  Otherwise the descriptor was opened outside the
 * policy (inherited across `bpfcon run` or the exec that entered it, an
 * io_uring fixed file registered before ...): the access is decided as an
 * open of the file would be.  Only regular files and folders: pipes,
 * sockets, memfds and the other files of the kernel's internal mounts,
 * devices (a terminal, /dev/null) and the files an exec opened are not
 * decided here.  With control, a write to a kernel control file is then
 * cap(sys_admin), as at its open (control_file).  mmap_file goes without:
 * that chain of calls would pass the verifier's 512 bytes of stack on 6.1
 * (sysctls and sysrq-trigger can't be mapped; see docs/lsm-hooks.md). */
static __always_inline int fd_use(struct file *file, u32 req, bool control)
{
	struct bpfcon_task *st = my_task();
	if (!st || !req)
		return 0;
	u64 key = (u64)file;
	struct bpfcon_fd *r = bpf_map_lookup_elem(&bpfcon_fds, &key);
	if (r && r->policy == bpfcon_config.policy_id && r->dentry == (u64)file->f_path.dentry &&
	    r->mnt == (u64)file->f_path.mnt && !(req & ~r->access))
		return 0;
	if ((file->f_mode & FMODE_EXEC_K) || (file->f_flags & O_FMODE_EXEC_K))
		return 0;
	unsigned short mode = BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT;
	if (mode != S_IFREG && mode != S_IFDIR)
		return 0;
	struct mount *m = real_mount((u64)file->f_path.mnt);
	if (BPF_CORE_READ(m, mnt_ns) == MNT_NS_INTERNAL_K)
		return 0;
	int err = check_file(st, BPFCON_HOOK_FD_USE, file->f_path.mnt, file->f_path.dentry, req);
	if (!err && control)
		err = control_fd(BPFCON_HOOK_FD_USE, file, req);
	if (!err)
		fd_allowed(file, req);
	return err;
}
#endif

#if !NEED_OPEN
/* Only the kernel control files and interpreters: the policy names no open. */
SEC("lsm/file_open")
int BPF_PROG(bpfcon_file_open, struct file *file, int ret)
{
	if (ret)
		return ret;
	if (!my_task() || is_pidfd(file))
		return 0;
	if (opened_for_exec(file))
		return exec_opened(file);
	return control_file(BPFCON_HOOK_FILE_OPEN, file->f_path.mnt, file->f_path.dentry,
			    open_access(file));
}

/* A write through a descriptor opened outside the policy: only the kernel
 * control files (those opened inside were decided at their open). */
SEC("lsm/file_permission")
int BPF_PROG(bpfcon_file_permission, struct file *file, int mask, int ret)
{
	if (ret)
		return ret;
	if (!(mask & MAY_WRITE_K) || !my_task())
		return 0;
	return control_fd(BPFCON_HOOK_FD_USE, file, BPFCON_ACC_WRITE);
}
#endif

#if !NEED_IOCTL && NEED_CAP
SEC("lsm/file_ioctl")
int BPF_PROG(bpfcon_file_ioctl, struct file *file, unsigned int cmd, unsigned long arg, int ret)
{
	if (ret)
		return ret;
	return my_task() ? control_ioctl(cmd) : 0;
}
#endif

#if NEED_OPEN

/* open: read, write or append by the open mode.  An open for exec is
 * decided by the exec hook (and the program interpreter an allowed
 * executable names is loaded without a rule). */
SEC("lsm/file_open")
int BPF_PROG(bpfcon_file_open, struct file *file, int ret)
{
	if (ret)
		return ret;
	if (opened_for_exec(file))
		return exec_opened(file);
	u32 req = open_access(file);
	if (!req || is_pidfd(file))
		return 0;
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	/* the rules first: a restriction that names the file is what denies */
	int err = check_file(st, BPFCON_HOOK_FILE_OPEN, file->f_path.mnt, file->f_path.dentry, req);
	if (!err)
		err = control_file(BPFCON_HOOK_FILE_OPEN, file->f_path.mnt, file->f_path.dentry, req);
	if (!err)
		fd_allowed(file, req);
	return err;
}

/* read, write, readv, pread, splice, sendfile, copy_file_range, getdents,
 * io_uring reads and writes ...: through a descriptor opened outside the
 * policy, the access is decided as an open would be (fd_use). */

SEC("lsm/file_permission")
int BPF_PROG(bpfcon_file_permission, struct file *file, int mask, int ret)
{
	if (ret)
		return ret;
	u32 req = 0;
	if (mask & MAY_READ_K)
		req |= BPFCON_ACC_READ;
	if (mask & MAY_WRITE_K)
		req |= (file->f_flags & O_APPEND_K) ? BPFCON_ACC_APPEND : BPFCON_ACC_WRITE;
	return fd_use(file, req, true);
}

/* ftruncate(2), and O_TRUNC at open, from 6.2 on (path_truncate before):
 * through a descriptor opened outside the policy, a write (fd_use).  One
 * the policy allowed writing passes at once. */
SEC("lsm/file_truncate")
int BPF_PROG(bpfcon_file_truncate, struct file *file, int ret)
{
	return ret ? ret : fd_use(file, BPFCON_ACC_WRITE, true);
}

/* A watch (inotify, fanotify, dnotify) on a file or folder tells what is
 * done to it, and the names made and removed in a folder: `read`. */
SEC("lsm/path_notify")
int BPF_PROG(bpfcon_path_notify, const struct path *path, u64 mask, unsigned int obj_type, int ret)
{
	return ret ? ret : on_file(BPFCON_HOOK_WATCH, path->mnt, path->dentry, BPFCON_ACC_READ);
}

/* A descriptor passed in (SCM_RIGHTS, pidfd_getfd) is decided as if the
 * task opened the file itself, with the descriptor's mode: a confined
 * task can't read through another process what it may not open. */
SEC("lsm/file_receive")
int BPF_PROG(bpfcon_file_receive, struct file *file, int ret)
{
	if (ret)
		return ret;
	u32 req = open_access(file);
	if (!req || is_pidfd(file))
		return 0;
	int err = on_file(BPFCON_HOOK_RECEIVE, file->f_path.mnt, file->f_path.dentry, req);
	if (!err && my_task())
		err = control_fd(BPFCON_HOOK_RECEIVE, file, req);
	return err;
}
#endif

#if NEED_EXEC
SEC("lsm/bprm_check_security")
int BPF_PROG(bpfcon_exec, struct linux_binprm *bprm, int ret)
{
	if (ret)
		return ret;
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct file *f = bprm->file;
	int err = check_file(st, BPFCON_HOOK_EXEC, f->f_path.mnt, f->f_path.dentry, BPFCON_ACC_EXEC);
	if (!err)
		st->flags |= BPFCON_TASK_IN_EXEC;	/* for exec_opened */
	return err;
}
#endif

#if NEED_MAP
/* mmap and mprotect with PROT_EXEC: "map".  Mappings the kernel makes of
 * an executable and its interpreter during exec are covered by exec. */
static __always_inline int on_map_exec(u32 hook, struct file *file, u64 file_nr, unsigned long prot)
{
	if (!file_nr || !(prot & PROT_EXEC_K) || opened_for_exec(file))
		return 0;
	return on_file(hook, file->f_path.mnt, file->f_path.dentry, BPFCON_ACC_MAP);
}
#endif

/* --- io_uring rings another process polls (always on) ------------------ */

#define ANON_INODE_FS_MAGIC_K 0x09041934

/* A ring whose submission queue a kernel thread polls (IORING_SETUP_SQPOLL)
 * runs what is queued in it as the process that made it: that thread is
 * its creator's (same thread group: sq_data->task_tgid), with the
 * creator's policy, or none.  A confined task may map the queues of a
 * ring only when its own process polls it: one inherited across `bpfcon
 * run` or the exec that entered the policy (the exec kills the old image's
 * poller), or received from another process, is refused when another
 * process polls it.  Queuing needs the mapping; a ring without a poller
 * runs what it is given as the task that submits it, and is not asked. */
static __always_inline int foreign_polled_ring(struct file *file)
{
	if (!bpf_core_type_exists(struct io_sq_data) || !my_task())
		return 0;
	struct dentry *d = file->f_path.dentry;
	if (BPF_CORE_READ(d, d_sb, s_magic) != ANON_INODE_FS_MAGIC_K)
		return 0;
	const char *name = (const char *)BPF_CORE_READ(d, d_name.name);
	static const char ring_name[] = "[io_uring]";
	char n[sizeof(ring_name)] = {};
	bpf_probe_read_kernel_str(n, sizeof(n), name);
	for (u32 i = 0; i < sizeof(ring_name); i++)
		if (n[i] != ring_name[i])
			return 0;
	struct io_ring_ctx *ring = file->private_data;
	struct io_sq_data *sqd = BPF_CORE_READ(ring, sq_data);
	if (!sqd || BPF_CORE_READ(sqd, task_tgid) == (int)(bpf_get_current_pid_tgid() >> 32))
		return 0;
	struct verdict v = { .decision = BPFCON_DENY, .by = BPFCON_BY_BUILTIN, .rule = -1 };
	log_event(BPFCON_HOOK_MMAP, 0, BPFCON_ACC_READ | BPFCON_ACC_WRITE, &v, name, 0, 0);
	return -EPERM_K;
}

/* A file mapping: a ring another process polls is refused (above); a
 * descriptor opened outside the policy is read (and written, shared and
 * writable) through it (fd_use, NEED_OPEN); PROT_EXEC is "map"
 * (NEED_MAP). */
SEC("lsm/mmap_file")
int BPF_PROG(bpfcon_mmap_file, struct file *file, unsigned long reqprot, unsigned long prot,
	     unsigned long flags, int ret)
{
	if (ret)
		return ret;
	u64 file_nr = hook_arg(ctx, 0);	/* file: NULL for an anonymous mapping */
	if (!file_nr)
		return 0;
	int err = foreign_polled_ring(file);
	if (err)
		return err;
#if NEED_OPEN
	u32 req = BPFCON_ACC_READ;
	if ((flags & MAP_SHARED_K) && (prot & PROT_WRITE_K))
		req |= BPFCON_ACC_WRITE;
	err = fd_use(file, req, false);	/* control: see fd_use */
	if (err)
		return err;
#endif
#if NEED_MAP
	return on_map_exec(BPFCON_HOOK_MMAP, file, file_nr, prot);
#else
	return 0;
#endif
}

#if NEED_MAP

SEC("lsm/file_mprotect")
int BPF_PROG(bpfcon_file_mprotect, struct vm_area_struct *vma, unsigned long reqprot,
	     unsigned long prot, int ret)
{
	struct file *file = vma->vm_file;	/* a field: its NULL check stays */
	return ret ? ret : on_map_exec(BPFCON_HOOK_MPROTECT, file, (u64)file, prot);
}
#endif

#if NEED_IOCTL
SEC("lsm/file_ioctl")
int BPF_PROG(bpfcon_file_ioctl, struct file *file, unsigned int cmd, unsigned long arg, int ret)
{
	if (ret)
		return ret;
	int err = my_task() ? control_ioctl(cmd) : 0;
	return err ? err : on_file(BPFCON_HOOK_IOCTL, file->f_path.mnt, file->f_path.dentry,
				   BPFCON_ACC_IOCTL);
}
#endif

#if NEED_GETATTR
SEC("lsm/inode_getattr")
int BPF_PROG(bpfcon_inode_getattr, const struct path *path, int ret)
{
	return ret ? ret : on_file(BPFCON_HOOK_GETATTR, path->mnt, path->dentry, BPFCON_ACC_GETATTR);
}
#endif

#if NEED_SETATTR || NEED_OPEN || NEED_GETATTR
/* The hooks below get a dentry without its mount: mount_of (bpfcon_path.h)
 * finds it. */

/* on_file for a dentry a hook got without its mount. */
static __always_inline int on_dentry(u32 hook, const struct dentry *d, u32 req)
{
	struct bpfcon_task *st = my_task();
	return st ? check_file(st, hook, mount_of(d), d, req) : 0;
}

/* The program of a hook whose second argument is the dentry (after the
 * mnt_userns or idmap): request `access`, logged as hook `logged`. */
#define DENTRY_SECOND(hook, logged, access)                             \
	SEC("lsm/" #hook)                                               \
	int BPF_PROG(bpfcon_##hook, void *idmap, struct dentry *dentry) \
	{                                                               \
		return on_dentry(logged, dentry, access);               \
	}
#endif

#if NEED_GETATTR
/* Reading extended attributes (getxattr, listxattr and their l/f forms;
 * ACLs included) is getattr, as stat is.  The dentry comes first in
 * these, second in inode_get_acl (after the idmap). */
SEC("lsm/inode_getxattr")
int BPF_PROG(bpfcon_inode_getxattr, struct dentry *dentry, const char *name, int ret)
{
	return ret ? ret : on_dentry(BPFCON_HOOK_GETATTR, dentry, BPFCON_ACC_GETATTR);
}

SEC("lsm/inode_listxattr")
int BPF_PROG(bpfcon_inode_listxattr, struct dentry *dentry, int ret)
{
	return ret ? ret : on_dentry(BPFCON_HOOK_GETATTR, dentry, BPFCON_ACC_GETATTR);
}

/* From 6.2 on, reading an ACL comes here instead (left out before). */
DENTRY_SECOND(inode_get_acl, BPFCON_HOOK_GETATTR, BPFCON_ACC_GETATTR)
#endif

#if NEED_OPEN
/* readlink(2) of a symlink reads it: read on the link itself. */
SEC("lsm/inode_readlink")
int BPF_PROG(bpfcon_inode_readlink, struct dentry *dentry, int ret)
{
	return ret ? ret : on_dentry(BPFCON_HOOK_READLINK, dentry, BPFCON_ACC_READ);
}
#endif

#if NEED_SETATTR
/* ia_valid bits (linux/fs.h) */
#define ATTR_MODE_K (1u << 0)
#define ATTR_UID_K (1u << 1)
#define ATTR_GID_K (1u << 2)
#define ATTR_SIZE_K (1u << 3)
#define ATTR_ATIME_K (1u << 4)
#define ATTR_MTIME_K (1u << 5)
#define ATTR_FILE_K (1u << 13)

/* utimensat, utimes, futimens ...: changing a file's times is setattr.
 * Mode, owner and size changes are decided at their path hooks
 * (path_chmod, path_chown, path_truncate), and a write's own time update
 * never comes here. */
static __always_inline int setattr_times(const struct dentry *dentry, const struct iattr *attr)
{
	u32 valid = BPF_CORE_READ(attr, ia_valid);
	if (!(valid & (ATTR_ATIME_K | ATTR_MTIME_K)) ||
	    (valid & (ATTR_MODE_K | ATTR_UID_K | ATTR_GID_K | ATTR_SIZE_K)))
		return 0;
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct file *f = (valid & ATTR_FILE_K) ? BPF_CORE_READ(attr, ia_file) : 0;
	const struct vfsmount *mnt = f ? BPF_CORE_READ(f, f_path.mnt) : mount_of(dentry);
	return check_file(st, BPFCON_HOOK_SETATTR, mnt, dentry, BPFCON_ACC_SETATTR);
}

/* The hook is (dentry, attr) up to 6.7 and (idmap, dentry, attr) from 6.8
 * on.  One program for each: bpfcon-load loads the one whose name ends in
 * the kernel's number of arguments (__a2, __a3; runtime/kernel.c). */
SEC("lsm/inode_setattr")
int BPF_PROG(bpfcon_inode_setattr__a2, struct dentry *dentry, struct iattr *attr, int ret)
{
	return ret ? ret : setattr_times(dentry, attr);
}

SEC("lsm/inode_setattr")
int BPF_PROG(bpfcon_inode_setattr__a3, void *idmap, struct dentry *dentry, struct iattr *attr,
	     int ret)
{
	return ret ? ret : setattr_times(dentry, attr);
}

/* Extended attributes (setxattr, removexattr and their l/f forms;
 * security.*, trusted.*, user.* alike) and POSIX ACLs (which change the
 * mode too): setattr.  The dentry is the second argument of each: after
 * mnt_userns up to 6.2, after idmap from 6.3 on.  From 6.2 on an ACL
 * comes through inode_set_acl / inode_remove_acl instead of the xattr
 * hooks; up to 6.1 through those (bpfcon-load leaves the ACL programs out
 * where the kernel lacks their hooks). */
DENTRY_SECOND(inode_setxattr, BPFCON_HOOK_SETATTR, BPFCON_ACC_SETATTR)
DENTRY_SECOND(inode_removexattr, BPFCON_HOOK_SETATTR, BPFCON_ACC_SETATTR)
DENTRY_SECOND(inode_set_acl, BPFCON_HOOK_SETATTR, BPFCON_ACC_SETATTR)
DENTRY_SECOND(inode_remove_acl, BPFCON_HOOK_SETATTR, BPFCON_ACC_SETATTR)

SEC("lsm/path_chmod")
int BPF_PROG(bpfcon_path_chmod, const struct path *path, unsigned short mode, int ret)
{
	return ret ? ret : on_file(BPFCON_HOOK_SETATTR, path->mnt, path->dentry, BPFCON_ACC_SETATTR);
}

SEC("lsm/path_chown")
int BPF_PROG(bpfcon_path_chown, const struct path *path, unsigned int uid, unsigned int gid, int ret)
{
	return ret ? ret : on_file(BPFCON_HOOK_SETATTR, path->mnt, path->dentry, BPFCON_ACC_SETATTR);
}
#endif

#if NEED_WRITE
SEC("lsm/path_truncate")
int BPF_PROG(bpfcon_path_truncate, const struct path *path, int ret)
{
	return ret ? ret : on_file(BPFCON_HOOK_TRUNCATE, path->mnt, path->dentry, BPFCON_ACC_WRITE);
}
#endif

/* Creating a name (file, node, directory, symlink): never in the bpf
 * filesystem (always on: the pins); else it writes the name
 * (NEED_WRITE). */
static __always_inline int on_create(const struct path *dir, struct dentry *dentry)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	if (protect_pins(BPFCON_HOOK_CREATE, dentry))
		return -EPERM_K;
#if NEED_WRITE
	return check_file(st, BPFCON_HOOK_CREATE, dir->mnt, dentry, BPFCON_ACC_WRITE);
#else
	return 0;
#endif
}

SEC("lsm/path_mknod")
int BPF_PROG(bpfcon_path_mknod, const struct path *dir, struct dentry *dentry, unsigned short mode,
	     unsigned int dev, int ret)
{
	return ret ? ret : on_create(dir, dentry);
}

SEC("lsm/path_mkdir")
int BPF_PROG(bpfcon_path_mkdir, const struct path *dir, struct dentry *dentry, unsigned short mode,
	     int ret)
{
	return ret ? ret : on_create(dir, dentry);
}

SEC("lsm/path_symlink")
int BPF_PROG(bpfcon_path_symlink, const struct path *dir, struct dentry *dentry,
	     const char *old_name, int ret)
{
	return ret ? ret : on_create(dir, dentry);
}

/* A hard link: never into the bpf filesystem (always on); else "link" on
 * the file and "write" on the new name (NEED_LINK). */
SEC("lsm/path_link")
int BPF_PROG(bpfcon_path_link, struct dentry *old_dentry, const struct path *new_dir,
	     struct dentry *new_dentry, int ret)
{
	if (ret)
		return ret;
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	if (protect_pins(BPFCON_HOOK_LINK, new_dentry))
		return -EPERM_K;
	int err = 0;
#if NEED_LINK
	err = check_file(st, BPFCON_HOOK_LINK, new_dir->mnt, old_dentry, BPFCON_ACC_LINK);
	if (!err)
		err = check_file(st, BPFCON_HOOK_LINK, new_dir->mnt, new_dentry, BPFCON_ACC_WRITE);
#endif
#if PDFA_MOVES
	if (!err)
		err = moves_restricted(BPFCON_HOOK_LINK, new_dir->mnt, old_dentry, new_dir->mnt,
				       new_dentry);
#endif
	return err;
}

#endif
