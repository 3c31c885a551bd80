/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_func.h - function contexts (#[func], #[kfunc]): which contexts
 * the current thread is inside (active_contexts(), asked by the engine),
 * and the programs that keep track of it.  docs/function-contexts.md
 * explains the design and what it guarantees.
 *
 * Per thread of this policy (struct bpfcon_task, my_task()):
 *  - #[func] context I: ctx[I] is the user stack pointer at the entry of
 *    the outermost call still live: the address of its return-address
 *    slot, which the kernel's uretprobe replaced with the uretprobe
 *    trampoline.  The thread is inside while its stack pointer is below
 *    that slot and the slot still holds the trampoline (a frame skipped by
 *    longjmp and overwritten since is dead).
 *  - #[kfunc] context I: ctx[I] is the call depth (kprobe +1, kretprobe
 *    -1); inside while > 0.  Reset at every system call entry, so a
 *    missed kretprobe cannot leave a thread inside.
 *  - Signals: at delivery the #[func] contexts are moved aside (func_sig
 *    below) and cleared, so a handler runs outside them; rt_sigreturn to
 *    exactly the interrupted point (same frame, same saved ip and sp)
 *    puts them back.  sig_sp is the innermost live signal frame (0: none).
 *  - A new thread (CLONE_VM) starts outside every context; fork copies the
 *    contexts (same stack); exec clears them (bpfcon_hooks.h does these
 *    three; the exec program here drops the signal frames kept aside).
 *
 * bpfcc defines BPFCON_NCTX (contexts, at most BPFCON_MAX_CTX) and
 * BPFCON_CTX_KFUNC_MASK (bit I: context I is a #[kfunc]).  The loader
 * attaches bpfcon_func_entry/_exit once per #[func] context (uprobe and
 * uretprobe on the function, cookie I) and bpfcon_kfunc_entry/_exit once
 * per #[kfunc] context (kprobe and kretprobe, cookie I); the other
 * programs here attach by their section names. */
#ifndef BPFCON_FUNC_H
#define BPFCON_FUNC_H

#ifndef BPFCON_NCTX
#define BPFCON_NCTX 0
#endif
#ifndef BPFCON_CTX_KFUNC_MASK
#define BPFCON_CTX_KFUNC_MASK 0
#endif

#if BPFCON_NCTX == 0

static __always_inline u32 active_contexts(struct bpfcon_task *st)
{
	return 0;
}

#else

#if BPFCON_NCTX > BPFCON_MAX_CTX
#error "more function contexts than BPFCON_MAX_CTX"
#endif

/* Bits of the #[func] contexts. */
#define FUNC_UMASK ((u32)(((1ull << BPFCON_NCTX) - 1) & ~(u64)BPFCON_CTX_KFUNC_MASK))

/* The kernel types read here, by CO-RE (the ___func suffix keeps them apart
 * from bpfcon_types.h's; libbpf matches them to the kernel's by name). */
struct xol_area___func {
	unsigned long vaddr;	/* first slot: the uretprobe trampoline */
} __attribute__((preserve_access_index));
struct uprobes_state___func {
	struct xol_area___func *xol_area;
} __attribute__((preserve_access_index));
struct mm_struct___func {
	struct uprobes_state___func uprobes_state;
} __attribute__((preserve_access_index));
struct task_struct___func {
	struct mm_struct___func *mm;
} __attribute__((preserve_access_index));

/* Signal frames whose handler is still running, innermost last, with the
 * #[func] contexts the interrupted code was in.  Deeper nesting than
 * FUNC_SIG_DEPTH is not recorded: returning from it restores nothing. */
#define FUNC_SIG_DEPTH 4
struct func_sigframe {
	u64 frame;		/* user sp of the rt_sigframe */
	u64 ip, sp;		/* where the interrupted code was */
	u64 ctx[BPFCON_NCTX];
};
struct func_sigstash {
	u32 depth;
	u32 pad;
	struct func_sigframe lvl[FUNC_SIG_DEPTH];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct func_sigstash);
} func_sig SEC(".maps");

/* x86-64 struct rt_sigframe: pretcode, then the ucontext, whose
 * uc_mcontext (after uc_flags, uc_link and uc_stack) holds r8..r15, di,
 * si, bp, bx, dx, ax, cx, sp, ip. */
#define SIGFRAME_SP_OFF (8 + 8 + 8 + 24 + 15 * 8)
#define SIGFRAME_IP_OFF (SIGFRAME_SP_OFF + 8)

/* The current thread's user stack pointer (its saved user registers). */
static __always_inline u64 user_sp(void)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	return BPF_CORE_READ(regs, sp);
}

/* The address of this process's uretprobe trampoline; 0 if it has none. */
static __always_inline u64 uret_trampoline(void)
{
	struct task_struct___func *t = (void *)bpf_get_current_task_btf();
	return BPF_CORE_READ(t, mm, uprobes_state.xol_area, vaddr);
}

/* Is the call whose return-address slot is at `slot` still live: does the
 * slot still hold the uretprobe trampoline? */
static __always_inline bool frame_live(u64 slot, u64 tramp)
{
	u64 v = 0;
	if (!tramp || bpf_probe_read_user(&v, sizeof(v), (const void *)slot))
		return false;
	return v == tramp;
}

/* The slot of context i in st, i masked where the verifier sees it. */
static __always_inline u64 *ctx_slot(struct bpfcon_task *st, u64 i)
{
	asm volatile("%0 &= 31" : "+r"(i));	/* BPFCON_MAX_CTX - 1 */
	return &st->ctx[i];
}

struct func_scan {
	struct bpfcon_task *st;
	u64 sp, tramp;
	u32 bits;
};

static long func_scan_one(u32 i, void *data)
{
	struct func_scan *s = data;
	if (i >= BPFCON_NCTX)
		return 1;
	u64 c = *ctx_slot(s->st, i);
	if ((BPFCON_CTX_KFUNC_MASK >> i) & 1) {
		if (c)
			s->bits |= 1u << i;
	} else if (c && s->sp < c && frame_live(c, s->tramp)) {
		s->bits |= 1u << i;
	}
	return 0;
}

/* Bit I: the current thread is inside context I. */
static __always_inline u32 active_contexts(struct bpfcon_task *st)
{
	struct func_scan s = { .st = st, .sp = 0, .tramp = 0, .bits = 0 };
	if (FUNC_UMASK) {
		s.sp = user_sp();
		s.tramp = uret_trampoline();
	}
	bpf_loop(BPFCON_NCTX, func_scan_one, &s, 0);
	return s.bits;
}

/* The state of the current task and the slot of the context a probe was
 * attached for (its cookie), if the task is in this policy and the
 * context is of the probe's kind; else NULL. */
static __always_inline u64 *probe_slot(void *ctx, u32 kfunc)
{
	u64 i = bpf_get_attach_cookie(ctx);
	if (i >= BPFCON_NCTX || ((BPFCON_CTX_KFUNC_MASK >> i) & 1) != kfunc)
		return 0;
	struct bpfcon_task *st = my_task();
	return st ? ctx_slot(st, i) : 0;
}

/* Entry of a #[func] function: sp points at the return address.  A new
 * outermost call unless a live call of it encloses this one. */
SEC("uprobe")
int BPF_KPROBE(bpfcon_func_entry)
{
	u64 *c = probe_slot(ctx, 0);
	if (!c)
		return 0;
	u64 sp = PT_REGS_SP(ctx);
	if (!*c || sp >= *c || !frame_live(*c, uret_trampoline()))
		*c = sp;
	return 0;
}

/* Return of a #[func] function: sp is past the return address.  The
 * outermost call returned when sp is above its slot. */
SEC("uretprobe")
int BPF_KRETPROBE(bpfcon_func_exit)
{
	u64 *c = probe_slot(ctx, 0);
	if (c && *c && PT_REGS_SP(ctx) > *c)
		*c = 0;
	return 0;
}

#define KFUNC_MAX_DEPTH 1000000

SEC("kprobe")
int BPF_KPROBE(bpfcon_kfunc_entry)
{
	u64 *c = probe_slot(ctx, 1);
	if (c && *c < KFUNC_MAX_DEPTH)
		*c += 1;
	return 0;
}

SEC("kretprobe")
int BPF_KRETPROBE(bpfcon_kfunc_exit)
{
	u64 *c = probe_slot(ctx, 1);
	if (c && *c)
		*c -= 1;
	return 0;
}

#if BPFCON_CTX_KFUNC_MASK
/* No kernel function is still running when a system call starts: a depth
 * left over (a kretprobe the kernel could not run) is dropped here. */
SEC("raw_tp/sys_enter")
int bpfcon_kfunc_reset(void *ctx)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	for (int i = 0; i < BPFCON_NCTX; i++)
		if ((BPFCON_CTX_KFUNC_MASK >> i) & 1)
			st->ctx[i] = 0;
	return 0;
}
#endif

/* A signal frame was set up (failed == 0): the handler runs outside the
 * #[func] contexts of the code it interrupted; they are kept aside. */
SEC("kprobe/signal_setup_done")
int BPF_KPROBE(bpfcon_func_signal, int failed)
{
	struct bpfcon_task *st = my_task();
	if (failed || !st)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	u64 frame = user_sp();
	struct func_sigstash *ss = bpf_task_storage_get(&func_sig, t, 0,
							BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (ss && ss->depth < FUNC_SIG_DEPTH) {
		struct func_sigframe *l = &ss->lvl[ss->depth & (FUNC_SIG_DEPTH - 1)];
		l->frame = frame;
		l->sp = l->ip = ~0ull;	/* unreadable: never matches */
		bpf_probe_read_user(&l->sp, sizeof(l->sp), (const void *)(frame + SIGFRAME_SP_OFF));
		bpf_probe_read_user(&l->ip, sizeof(l->ip), (const void *)(frame + SIGFRAME_IP_OFF));
		for (int i = 0; i < BPFCON_NCTX; i++)
			l->ctx[i] = st->ctx[i];
		ss->depth++;
	}
	for (int i = 0; i < BPFCON_NCTX; i++)
		if ((FUNC_UMASK >> i) & 1)
			st->ctx[i] = 0;
	st->sig_sp = frame;
	return 0;
}

/* rt_sigreturn: sp is just past the frame's return address.  Frames below
 * it are of handlers that never returned; the frame itself, if recorded
 * and still asking to resume exactly where its signal came, gets its
 * contexts back. */
SEC("kprobe/__x64_sys_rt_sigreturn")
int BPF_KPROBE(bpfcon_func_sigreturn)
{
	struct bpfcon_task *st = my_task();
	if (!st)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	struct func_sigstash *ss = bpf_task_storage_get(&func_sig, t, 0, 0);
	u64 frame = user_sp() - 8;
	if (!ss) {
		st->sig_sp = 0;
		return 0;
	}
	u32 d = ss->depth;
	for (int k = 0; k < FUNC_SIG_DEPTH; k++) {
		if (d == 0 || d > FUNC_SIG_DEPTH || ss->lvl[(d - 1) & (FUNC_SIG_DEPTH - 1)].frame >= frame)
			break;
		d--;
	}
	if (d > FUNC_SIG_DEPTH)
		d = 0;
	if (d > 0) {
		struct func_sigframe *l = &ss->lvl[(d - 1) & (FUNC_SIG_DEPTH - 1)];
		if (l->frame == frame) {
			u64 sp = 0, ip = 0;
			bpf_probe_read_user(&sp, sizeof(sp), (const void *)(frame + SIGFRAME_SP_OFF));
			bpf_probe_read_user(&ip, sizeof(ip), (const void *)(frame + SIGFRAME_IP_OFF));
			if (sp == l->sp && ip == l->ip) {
				for (int i = 0; i < BPFCON_NCTX; i++)
					if ((FUNC_UMASK >> i) & 1)
						st->ctx[i] = l->ctx[i];
			}
			d--;
		}
	}
	ss->depth = d;
	st->sig_sp = d ? ss->lvl[(d - 1) & (FUNC_SIG_DEPTH - 1)].frame : 0;
	return 0;
}

/* Exec: the signal frames of the old image are gone (called by the exec
 * program, bpfcon_hooks.h, for a task of this policy; bpfcon_hooks.h drops
 * the contexts themselves, and gives a new thread none).  This map is this
 * object's own: a task that moved to another policy keeps a stale entry
 * here, which no program of this policy reads while it is elsewhere. */
static __always_inline void forget_sig_frames(void)
{
	bpf_task_storage_delete(&func_sig, bpf_get_current_task_btf());
}

#endif	/* BPFCON_NCTX */

#endif
