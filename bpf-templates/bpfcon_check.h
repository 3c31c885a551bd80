/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_check.h - the decisions the hooks ask for: one file access
 * (check_file) and one request of another kind (check_obj), each turned
 * into what the engine collects and decides, enforced and logged.  Also
 * what a request needs to know about its target task (target_facts). */
#ifndef BPFCON_CHECK_H
#define BPFCON_CHECK_H

#define PROC_SUPER_MAGIC_K 0x9fa0
#define PIDTYPE_PID_K 0

static __always_inline u32 dev_major(u32 dev) { return dev >> 20; }
static __always_inline u32 dev_minor(u32 dev) { return dev & 0xfffff; }

/* --- the target of a signal, ptrace or proc request ------------------ */

static __always_inline void obj_req_init(struct obj_req *r, u32 kind)
{
	r->kind = kind;
	r->access = 0;
	r->bit = 0;
	r->family = 0;
	r->facts = BPFCON_TF_ALWAYS;
	r->target_pid = 0;
	r->progs = 0;
	r->policy = 0;
}

/* The facts about task t (any pointer: read with CO-RE reads) seen from
 * the current task, and its pid. */
static __always_inline void target_facts_of(const struct task_struct *t, struct obj_req *r)
{
	struct task_struct *me = bpf_get_current_task_btf();
	u32 tgid = BPF_CORE_READ(t, tgid);
	u32 ptgid = BPF_CORE_READ(t, real_parent, tgid);
	r->target_pid = BPF_CORE_READ(t, pid);
	if (tgid == (u32)me->tgid)
		r->facts |= BPFCON_TF_SELF;
	if (tgid == (u32)BPF_CORE_READ(me, real_parent, tgid))
		r->facts |= BPFCON_TF_PARENT;
	if (ptgid == (u32)me->tgid)
		r->facts |= BPFCON_TF_CHILD;
}

/* The path of task t's executable, built in the scratch buffer's second
 * region, and the program targets it matches (r->progs).  Returns where
 * the path starts, or -1. */
static __always_inline s32 target_exe(const struct task_struct *t, struct obj_req *r)
{
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	if (!exe)
		return -1;
	s32 start = build_path_in(BPF_CORE_READ(exe, f_path.mnt), BPF_CORE_READ(exe, f_path.dentry),
				  2 * PATH_MAX_K);
	if (start >= 0)
		r->progs = match_programs(start, 2 * PATH_MAX_K);
	return start;
}

/* target_facts_of for a task the kernel handed the hook: also its policy. */
static __always_inline void target_facts(struct task_struct *t, struct obj_req *r)
{
	r->policy = task_policy(t);
	target_facts_of(t, r);
}

/* The owner of each /proc/PID inode (bpfcon_proc_owner) is kept by the
 * dispatcher, on task_to_inode. */

/* --- deciding, enforcing, logging ------------------------------------ */

/* -EPERM_K if deny is nonzero, else 0, compiled as a branch: 6.12's
 * verifier checks that an LSM program returns a value in [-4095, 0], and
 * does not follow the arithmetic (0 - (x & 1)) clang makes of a choice on
 * a value it knows is 0 or 1. */
static __always_inline int deny_ret(u32 deny)
{
	return opaque32(deny) ? -EPERM_K : 0;
}

/* check_obj's quiet: nonzero, no log (the kernel only probing: callers
 * pass the kernel's NOAUDIT bit); CHECK_PROBE, decide only, with no log,
 * count or taint, and return "deny" when the decision would do any of
 * these (check_target then decides again, for real). */
#define CHECK_PROBE 0x80000000u

/* What finish needs beyond the collected rules, in one struct: a global
 * function takes at most five arguments, each a scalar or a pointer to
 * memory of a known size. */
struct fin {
	struct dreq q;
	struct ev_extra x;
	u32 hook, kind;
	u32 logged;	/* the access bits logged */
	u32 quiet;	/* no log; CHECK_PROBE: decide only (check_obj) */
	u32 has_task;	/* the current task is in this policy: taint and exec are its */
	u32 restrict_only;	/* only a restriction decides (exec_opened) */
	s32 obj;	/* where the logged path starts in the scratch buffer; -1: none */
};

/* check_file's rule accumulator (one per CPU, like the path buffer). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct acc);
} check_acc SEC(".maps");

/* Decides what was collected in a; updates the current task's taint and
 * exec flags when it is this policy's (f->has_task); logs.  Returns 1 to
 * deny, else 0.  Global, not static: the verifier checks it once per
 * program, with unknown arguments, instead of once per call site and
 * state of the caller (it was most of a file hook's verification). */
__noinline int bpfcon_finish(const struct acc *a, const struct fin *f)
{
	if (!a || !f)
		return 1;
	struct verdict v;
	decide(a, &f->q, &v);
	if (f->restrict_only && (v.decision == BPFCON_ALLOW || v.by != BPFCON_BY_RULES)) {
		v.decision = BPFCON_ALLOW;	/* no restriction matched: nothing to say */
		v.flags = 0;
	}
	/* the mode in force, which bpfcon complain|enforce change in place */
	if (v.decision == BPFCON_DENY || v.decision == BPFCON_COMPLAIN)
		v.decision = complaining() ? BPFCON_COMPLAIN : BPFCON_DENY;
	if (f->quiet & CHECK_PROBE)	/* decide only: would it log, count or taint? */
		return v.decision != BPFCON_ALLOW || v.flags;
	struct bpfcon_task *st = f->has_task ? my_task() : 0;
	u32 hook = f->hook;
	if (st && (v.flags & BPFCON_EV_TAINT))
		st->flags |= BPFCON_TASK_TAINTED;
	if (v.decision != BPFCON_ALLOW || v.flags)
		count_decision(v.decision);
	if (!f->quiet && (v.decision != BPFCON_ALLOW || v.flags)) {
		const char *obj = 0;
		struct scratch *s = get_scratch();
		s32 at = f->obj;
		if (s && at >= 0 && at < 2 * PATH_MAX_K) {
			const char *buf = s->buf;
			asm volatile("" : "+r"(buf));	/* not computed before s is known non-NULL */
			obj = buf + (at & PATHS_MASK);
		}
		log_event_x(hook, f->kind, f->logged, &v, obj, &f->x);
	}
	if (st && hook == BPFCON_HOOK_EXEC && !f->restrict_only) {
		/* bprm_committed_creds acts on these once the exec succeeded */
		st->flags &= ~(BPFCON_TASK_PENDING_TRANSITION | BPFCON_TASK_PENDING_UNTAINT);
		if (v.decision == BPFCON_ALLOW && (v.flags & BPFCON_EV_TRANSITION))
			st->flags |= BPFCON_TASK_PENDING_TRANSITION;
		if (v.decision == BPFCON_ALLOW && (v.flags & BPFCON_EV_UNTAINT))
			st->flags |= BPFCON_TASK_PENDING_UNTAINT;
	}
	return v.decision == BPFCON_DENY;
}

/* Decides req for the current task, a task of this policy (st), or for
 * this policy's side of an ipc request (st NULL: as a tainted task outside
 * every function context).  quiet: no log (the kernel only probing), or
 * CHECK_PROBE.
 * obj_start: -1, or where a path to log starts in the scratch buffer. */
static __noinline __attribute__((unused)) int check_obj(struct bpfcon_task *st, u32 hook, struct obj_req *req,
				s32 obj_start, u32 quiet)
{
	struct acc a;
	u32 active = st ? active_contexts(st) : 0;
	acc_init(&a);
	collect_obj(&a, req, active);
	struct fin f;
	__builtin_memset(&f, 0, sizeof(f));	/* padding too: the callee reads it all */
	f.q.kind = req->kind;
	f.q.access = obj_access(req);
	f.q.facts = req->facts;
	f.q.tainted = st ? st->flags & BPFCON_TASK_TAINTED : 1;
	f.x.bit = req->bit;
	f.x.family = req->family;
	f.x.target_pid = req->target_pid;
	f.x.peer_policy = req->policy;
	f.hook = hook;
	f.kind = req->kind;
	f.quiet = quiet;
	/* st is the current task's own state, or a copy (the setter of a
	 * file's owner, for SIGIO): only the former is tainted by the verdict */
	f.has_task = st != 0 && st == my_task();
	f.obj = obj_start;
	f.logged = req->kind == BPFCON_KIND_SIGNAL || req->kind == BPFCON_KIND_CAP ||
			   req->kind == BPFCON_KIND_IPC ? 0 : req->access;
	return deny_ret(bpfcon_finish(&a, &f));
}

/* check_obj for req, a request about task t (its facts in req already).
 * The path of t's executable is what program targets match and what a
 * log names: in a policy with no program target, it is built only when
 * the decision logs (a decide-only first call tells), not on every
 * allowed signal, ptrace or proc request. */
static __always_inline int check_target(struct bpfcon_task *st, u32 hook, struct obj_req *req,
					const struct task_struct *t, u32 quiet)
{
	if (!PROG_TARGETS) {
		if (quiet)	/* no log: no path */
			return check_obj(st, hook, req, -1, quiet);
		if (!check_obj(st, hook, req, -1, CHECK_PROBE))
			return 0;	/* allowed, nothing to log, count or taint */
	}
	return check_obj(st, hook, req, target_exe(t, req), quiet);
}

/* The object side of ipc: the current task is not in this policy (it is
 * in policy peer, maybe 0: none) and touches something of this policy's. */
static __noinline __attribute__((unused)) int check_ipc_incoming(u32 hook, u64 peer)
{
	struct obj_req r;
	obj_req_init(&r, BPFCON_KIND_IPC);
	r.policy = peer;
	return check_obj(0, hook, &r, -1, 0);
}

/* Is the inode a file of a task's /proc/PID directory?  Then *task is
 * that task (a CO-RE-readable pointer; 0 if it is gone).  ino is the
 * kernel's typed pointer (a direct load, no helper call, on every file
 * checked). */
static __always_inline bool proc_file_task(const struct inode *ino, u64 *task)
{
	*task = 0;
	if (ino->i_sb->s_magic != PROC_SUPER_MAGIC_K)
		return false;
	const struct proc_inode *pi =
		(const void *)ino - bpf_core_field_offset(struct proc_inode, vfs_inode);
	struct pid *pid = BPF_CORE_READ(pi, pid);
	if (!pid)
		return false;
	struct hlist_node *node = BPF_CORE_READ(pid, tasks[PIDTYPE_PID_K].first);
	if (node)
		*task = (u64)node - bpf_core_field_offset(struct task_struct, pid_links);
	return true;
}

/* A file reached through a bind mount of a folder, a second or a detached
 * mount: the restrictions hold under its name on its filesystem's first
 * whole mount as well (other_name).  Adds them to a, from that path in
 * the second region of the buffer.  Returns 0, or where that path starts
 * when one of its restrictions names req and none of a's did, or -1 if it
 * can't be built.  The file: scratch file_mnt, file_dentry.  Global:
 * verified once per program, however many check_file calls it has
 * (path_rename has two). */
#if PDFA_NSTATES > 0 && PDFA_MOVES
__noinline int other_name_restrictions(struct acc *a, u32 active, u32 req)
{
	struct scratch *s = get_scratch();
	if (!a || !s)
		return 0;
	const struct dentry *d = (const struct dentry *)s->file_dentry;
	const struct vfsmount *whole = other_name((const struct vfsmount *)s->file_mnt, d);
	if (!whole)
		return 0;
	s32 alt = build_path_in(whole, d, 2 * PATH_MAX_K);
	if (alt < 0)
		return -1;
	u32 had = a->mask[ROLE_DENY] & req;
	collect_fs(a, alt, 2 * PATH_MAX_K, active, 1);
	return (a->mask[ROLE_DENY] & req & ~had) ? alt : 0;
}
#else
/* No fs restriction (PDFA_MOVES 0): no other name has one, so no mount of
 * the file is looked at.  (Not a global function: clang
 * would drop its unused arguments at the call, which the verifier refuses
 * for a global one.) */
static __always_inline int other_name_restrictions(struct acc *a, u32 active, u32 req)
{
	return 0;
}
#endif

/* A path that cannot be built (too long or too deep): denied and logged
 * without a name (fail closed); allowed and logged in complain mode. */
static __always_inline int unknown_path(u32 hook, u32 req)
{
	struct verdict v = { .decision = BPFCON_DENY, .by = BPFCON_BY_BUILTIN, .rule = -1 };
	if (complaining())
		v.decision = BPFCON_COMPLAIN;
	count_decision(v.decision);
	log_event(hook, 0, req, &v, 0, 0, 0);
	return deny_ret(v.decision == BPFCON_DENY);
}

/* Decides one access to the file at (mnt, dentry) for a task of this
 * policy: 0 or -EPERM.  Logs denials, audits, taints and complaints.  A
 * file in a task's /proc/PID is a proc request on that task. */
static __noinline __attribute__((unused)) int check_file(struct bpfcon_task *st, u32 hook, const struct vfsmount *mnt,
				 const struct dentry *dentry, u32 req)
{
	/* What the rules say is collected in the per-CPU check_acc, not on
	 * the stack: every call below check_file adds its frame to this one,
	 * 512 bytes in all.  The facts are kept in scalars until f is filled
	 * in, after the proc request r is done with. */
	u32 zero = 0;
	struct acc *a = bpf_map_lookup_elem(&check_acc, &zero);
	if (!a)
		return unknown_path(hook & ~BPFCON_RESTRICT_ONLY, req);
	u32 kind = BPFCON_KIND_FS, facts = 0, target_pid = 0, major = 0, minor = 0;
	u32 restrict_only = (hook & BPFCON_RESTRICT_ONLY) != 0;
	hook &= ~BPFCON_RESTRICT_ONLY;
	s32 start = build_path(mnt, dentry);
	struct scratch *s = get_scratch();
	if (start < 0 || !s)
		return unknown_path(hook, req);
	u32 active = active_contexts(st);
	acc_init(a);
	struct inode *ino = dentry->d_inode;
	u64 task = 0;
	if (ino && proc_file_task(ino, &task)) {
		struct obj_req r;
		obj_req_init(&r, BPFCON_KIND_PROC);
		r.access = req;
		if (task) {
			target_facts_of((const struct task_struct *)task, &r);
			if (PROG_TARGETS)	/* the file's path is what is logged */
				target_exe((const struct task_struct *)task, &r);
		}
		u64 *owner = bpf_inode_storage_get(&bpfcon_proc_owner, ino, 0, 0);
		if (owner)
			r.policy = *owner;
		collect_obj(a, &r, active);
		kind = BPFCON_KIND_PROC;
		facts = r.facts;
		target_pid = r.target_pid;
	} else {
		collect_fs(a, start, PATH_MAX_K, active, 0);
		collect_fsys(a, dentry->d_sb->s_dev, active);
		s->file_mnt = (u64)mnt;
		s->file_dentry = (u64)dentry;
		s32 alt = other_name_restrictions(a, active, req);
		if (alt < 0)
			return unknown_path(hook, req);
		if (alt > 0)
			start = alt;	/* that name's restriction decides: log it */
		if (ino) {
			unsigned short mode = ino->i_mode;
			if ((mode & S_IFMT) == S_IFCHR || (mode & S_IFMT) == S_IFBLK) {
				u32 rdev = ino->i_rdev;
				major = dev_major(rdev);
				minor = dev_minor(rdev);
				kind = BPFCON_KIND_DEV;
				collect_dev(a, major, minor, active);
			}
		}
	}
	struct fin f;
	__builtin_memset(&f, 0, sizeof(f));	/* padding too: the callee reads it all */
	f.q.kind = kind;
	f.q.access = req;
	f.q.facts = facts;
	f.q.tainted = st->flags & BPFCON_TASK_TAINTED;
	f.x.dev_major = major;
	f.x.dev_minor = minor;
	f.x.target_pid = target_pid;
	f.hook = hook;
	f.kind = kind;
	f.logged = req;
	f.has_task = 1;
	f.restrict_only = restrict_only;
	f.obj = start;
	return deny_ret(bpfcon_finish(a, &f));
}

#if NEED_CAP
#define CAP_SYS_ADMIN_K 21

/* cap(cap) for the current task, if it is in this policy.  obj: -1 or
 * where a path or name to log starts in the scratch buffer. */
static __always_inline int cap_request(u32 hook, u32 cap, s32 obj, u32 quiet)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct obj_req r;
	obj_req_init(&r, BPFCON_KIND_CAP);
	r.bit = cap;
	return check_obj(st, hook, &r, obj, quiet);
}
#endif

#endif
