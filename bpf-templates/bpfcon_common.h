/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_common.h - what every bpfcon object has, whatever its policy:
 * the maps (the shared ones are in bpfcon_shared.h; the event ring buffer,
 * the lost-event counter, per-CPU scratch space), the task-state helpers and
 * event logging.  Included first by the C that bpfcc generates. */
#ifndef BPFCON_COMMON_H
#define BPFCON_COMMON_H

#include "bpfcon_shared.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by bpfcc (the generated file defines it) and the loader. */
extern const volatile struct bpfcon_config bpfcon_config;

#define EVENTS_BYTES (256 * 1024)

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, EVENTS_BYTES);
} events SEC(".maps");

/* Events dropped because the ring buffer was full: [0] counts them (only
 * here), [1] is how many `bpfcon logs` has reported (only there), so each
 * loss is reported once and no count is lost in between. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, u32);
	__type(value, u64);
} lost SEC(".maps");

/* The policy's mode and counters, which `bpfcon complain|enforce NAME`
 * and `bpfcon status` read and write in place (pinned as "state"):
 * [BPFCON_STATE_COMPLAIN] 1 in complain mode (set by bpfcon-load from the
 * policy or --complain, then by bpfcon complain/enforce), and the decisions
 * logged so far by verdict.  Only the loader and those commands write the
 * mode; only the programs count. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPFCON_STATE_N);
	__type(key, u32);
	__type(value, u64);
} state SEC(".maps");

/* In complain mode now? */
static __always_inline bool complaining(void)
{
	u32 k = BPFCON_STATE_COMPLAIN;
	u64 *v = bpf_map_lookup_elem(&state, &k);
	return v ? *v != 0 : bpfcon_config.complain;
}

/* Counts one decision (enum bpfcon_decision). */
static __always_inline void count_decision(u32 decision)
{
	u32 k = decision == BPFCON_DENY ? BPFCON_STATE_DENIED :
		decision == BPFCON_COMPLAIN ? BPFCON_STATE_COMPLAINED : BPFCON_STATE_ALLOWED;
	u64 *v = bpf_map_lookup_elem(&state, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
}

/* A path is built backwards from its last component into one of two
 * regions of this buffer: the file's path ends at PATH_MAX_K, a target
 * task's executable at 2 * PATH_MAX_K (each followed by a NUL).  Offsets
 * are masked so the verifier sees every access in bounds; the last third
 * is slack for the copies of names. */
#define PATH_BUF (3 * 4096)
#define PATH_MAX_K 4096
#define PATH_MASK (PATH_MAX_K - 1)
#define PATHS_MASK (2 * PATH_MAX_K - 1)
#define NAME_MAX_K 255

/* The path walker's state (bpfcon_path.h).  It lives here, in the map,
 * and not on the stack: a value read from a map is unknown to the
 * verifier, so every iteration of the walker's bpf_loop callback starts
 * from the same abstract state and newer verifiers (6.7+, which verify a
 * callback until its states converge) check the body once instead of once
 * per possible position in the buffer. */
struct walk {
	u64 dentry;	/* struct dentry * */
	u64 vfsmnt;	/* struct vfsmount * */
	u64 root;	/* its mnt_root, read once per mount crossed */
	s32 pos;	/* first byte of the path so far; end: empty */
	s32 lo;		/* the region's first byte: pos stays above it */
	s32 err;
	s32 pad;
};

struct scratch {
	char buf[PATH_BUF];
	struct walk walk;
	/* check_file's file (mount, dentry) for other_name_restrictions: a
	 * global function takes no kernel pointer, and read back from here
	 * they are plain numbers */
	u64 file_mnt, file_dentry;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

static __always_inline struct scratch *get_scratch(void)
{
	u32 zero = 0;
	return bpf_map_lookup_elem(&scratch, &zero);
}

/* Argument n of the hook, as a plain number.  6.12's verifier takes every
 * pointer argument of an LSM program to be non-NULL (6.13 marks the ones
 * that may be) and drops a program's NULL checks of them as dead code, so
 * an argument that may be NULL (task_kill's cred, mmap_file's file) is
 * tested through this instead. */
static __always_inline u64 hook_arg(void *ctx, u32 n)
{
	u64 v = 0;
	bpf_get_func_arg(ctx, n, &v);
	return v;
}

/* The state of the current task if it is in this policy, else NULL. */
static __always_inline struct bpfcon_task *my_task(void)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct bpfcon_task *st = bpf_task_storage_get(&bpfcon_tasks, t, 0, 0);
	if (!st || st->policy_id != bpfcon_config.policy_id)
		return 0;
	return st;
}

/* Any bpfcon policy confines the current task? */
static __always_inline bool current_confined(void)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct bpfcon_task *st = bpf_task_storage_get(&bpfcon_tasks, t, 0, 0);
	return st && st->policy_id;
}

/* Puts task t into this policy; its taint state is the policy's start state. */
static __always_inline bool enter_policy(struct task_struct *t, bool start_tainted)
{
	struct bpfcon_task *st =
		bpf_task_storage_get(&bpfcon_tasks, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st)
		return false;
	if (st->policy_id && st->policy_id != bpfcon_config.policy_id)
		return false;
	if (st->policy_id != bpfcon_config.policy_id) {
		st->flags = start_tainted ? BPFCON_TASK_TAINTED : 0;
		st->policy_id = bpfcon_config.policy_id;
	}
	return true;
}

static __always_inline void count_lost(void)
{
	u32 zero = 0;
	u64 *n = bpf_map_lookup_elem(&lost, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* The verdict of one decision, as logged. */
struct verdict {
	u32 decision;	/* enum bpfcon_decision */
	u32 by;		/* enum bpfcon_by */
	s32 rule;	/* -1: none */
	u32 flags;	/* BPFCON_EV_* */
};

/* What an event says beyond the decision (requests other than files). */
struct ev_extra {
	u32 dev_major, dev_minor;
	u32 bit, family, target_pid;
	u64 peer_policy;
};

/* When to wake the reader.  A denial (or a complain-mode "would deny")
 * wakes it as soon as it is waiting (the ring buffer's default).  An
 * allowed access is only logged when a rule says #[audit], and those come
 * in floods: waking the reader for each one cost a context switch an event.
 * They wake it only once a quarter of the buffer is waiting; the reader
 * also drains every time its poll times out (bpfcon logs -f: 200 ms). */
#define EVENTS_WAKE_BYTES (EVENTS_BYTES / 4)

static __always_inline u64 wakeup_flags(u32 decision)
{
	if (decision != BPFCON_ALLOW)
		return 0;
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= EVENTS_WAKE_BYTES
		       ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

/* Logs one decision.  obj: a path in the scratch buffer, or NULL. */
static __always_inline void log_event_x(u32 hook, u32 kind, u32 access, const struct verdict *v,
					const char *obj, const struct ev_extra *x)
{
	struct bpfcon_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost();
		return;
	}
	u64 id = bpf_get_current_pid_tgid();
	e->time_ns = bpf_ktime_get_boot_ns();
	e->policy_id = bpfcon_config.policy_id;
	e->pid = (u32)id;
	e->tgid = id >> 32;
	e->hook = hook;
	e->kind = kind;
	e->access = access;
	e->decision = v->decision;
	e->by = v->by;
	e->rule = v->rule;
	e->flags = v->flags;
	e->dev_major = x->dev_major;
	e->dev_minor = x->dev_minor;
	e->bit = x->bit;
	e->family = x->family;
	e->target_pid = x->target_pid;
	e->pad = 0;
	e->peer_policy = x->peer_policy;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->object[0] = 0;
	if (obj)
		bpf_probe_read_kernel_str(e->object, sizeof(e->object), obj);
	bpf_ringbuf_submit(e, wakeup_flags(v->decision));
}

/* Logs a decision on a file (or on nothing: obj NULL). */
static __always_inline void log_event(u32 hook, u32 kind, u32 access, const struct verdict *v,
				      const char *obj, u32 dev_major, u32 dev_minor)
{
	struct ev_extra x = { .dev_major = dev_major, .dev_minor = dev_minor };
	log_event_x(hook, kind, access, v, obj, &x);
}

#endif
