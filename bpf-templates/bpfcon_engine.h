/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_engine.h - the decision procedure of docs/policy-language.md,
 * run on the tables bpfcc generated for one policy (included after them).
 * Steps: collect what the matching rules say (path matcher, filesystem and
 * device rules) into a struct acc, then decide() exactly as explain does.
 * Shared by the LSM hooks and by the SEC("syscall") test programs. */
#ifndef BPFCON_ENGINE_H
#define BPFCON_ENGINE_H

struct acc {
	u32 mask[NROLES];
	u32 audit[NROLES];
	s32 first[NROLES][NBITS];
	u32 mods;		/* MOD_* of the matching active rights */
};

/* The verifier follows both sides of every branch on an unknown value, and
 * a rule table makes many; so the collecting below is branch-free
 * arithmetic.  opaque() keeps clang from turning it back into branches. */
static __always_inline s64 opaque(s64 x)
{
	asm volatile("" : "+r"(x));
	return x;
}

/* A table value clang must not reason about: it knows the contents of the
 * static tables and would drop bounds checks the verifier needs. */
static __always_inline u32 opaque32(u32 x)
{
	asm volatile("" : "+r"(x));
	return x;
}

/* min(a, b) without a branch (a, b >= 0). */
static __always_inline s32 min_nb(s32 a, s32 b)
{
	s64 d = opaque((s64)a - (s64)b);
	return (s32)(b + (d & opaque(d >> 63)));
}

/* 0xffffffff if x == y, else 0, without a branch. */
static __always_inline u32 eq_mask(u32 x, u32 y)
{
	u64 v = opaque((u64)(x ^ y));
	return (u32)(opaque((v | (0 - v)) >> 63) - 1);
}

/* 0xffffffff if lo <= x <= hi, else 0, without a branch. */
static __always_inline u32 in_range_mask(u32 x, u32 lo, u32 hi)
{
	s64 below = opaque((s64)x - (s64)lo) >> 63;	/* -1 if x < lo */
	s64 above = opaque((s64)hi - (s64)x) >> 63;	/* -1 if x > hi */
	return (u32)~(below | above);
}

/* 0xffffffff if x != 0, else 0, without a branch. */
static __always_inline u32 nz_mask(u64 x)
{
	u64 v = opaque(x);
	return (u32)(0 - ((v | (0 - v)) >> 63));
}

/* Is the rule's context (0: none, else its bit) one the thread is in? */
static __always_inline u32 ctx_hit(u32 ctx, u32 active)
{
	return eq_mask(ctx, 0) | nz_mask(ctx & active);
}

static __always_inline void acc_init(struct acc *a)
{
	a->mods = 0;
	for (int r = 0; r < NROLES; r++) {
		a->mask[r] = 0;
		a->audit[r] = 0;
		for (int b = 0; b < NBITS; b++)
			a->first[r][b] = NO_RULE;
	}
}

/* Adds one rule's role when hit is all ones; nothing when it is 0.  The
 * role is selected by masks, not by indexing, so that this is verified
 * once for whatever rule a loop iteration reads. */
static __always_inline void acc_add_rule(struct acc *a, u32 role, u32 mask, u32 audit, s32 rule,
					 u32 hit)
{
	for (int r = 0; r < NROLES; r++) {
		u32 m = mask & hit & eq_mask(role, r);
		a->mask[r] |= m;
		a->audit[r] |= audit & m;
		for (int b = 0; b < NBITS; b++) {
			/* rule if bit b is named, else NO_RULE */
			u32 named = 0 - ((m >> b) & 1);
			s32 cand = (s32)(((u32)rule & named) | (NO_RULE & ~named));
			a->first[r][b] = min_nb(a->first[r][b], cand);
		}
	}
}

/* Adds one path-matcher record (the rules of one context) when hit is all
 * ones. */
static __always_inline void acc_add_rec(struct acc *a, const struct bpfcon_rec *rec, u32 hit)
{
	a->mods |= rec->mods & hit;
	for (int r = 0; r < NROLES; r++) {
		a->mask[r] |= rec->mask[r] & hit;
		a->audit[r] |= rec->audit[r] & hit;
		for (int b = 0; b < NBITS; b++) {
			/* first1 is id + 1, 0 for none: (0 - 1) & NO_RULE == NO_RULE */
			s32 f = (s32)((((u32)rec->first1[r][b] & hit) - 1) & NO_RULE);
			a->first[r][b] = min_nb(a->first[r][b], f);
		}
	}
}

/* acc_add_rec for the restrictions alone. */
static __always_inline void acc_add_deny(struct acc *a, const struct bpfcon_rec *rec, u32 hit)
{
	a->mask[ROLE_DENY] |= rec->mask[ROLE_DENY] & hit;
	a->audit[ROLE_DENY] |= rec->audit[ROLE_DENY] & hit;
	for (int b = 0; b < NBITS; b++) {
		s32 f = (s32)((((u32)rec->first1[ROLE_DENY][b] & hit) - 1) & NO_RULE);
		a->first[ROLE_DENY][b] = min_nb(a->first[ROLE_DENY][b], f);
	}
}

/* The first rule of a role that names any of the bits in req. */
static __always_inline s32 acc_first(const struct acc *a, u32 role, u32 req)
{
	s32 best = NO_RULE;
	for (int b = 0; b < NBITS; b++) {
		u32 asked = 0 - ((req >> b) & 1);
		s32 cand = (s32)(((u32)a->first[role][b] & asked) | (NO_RULE & ~asked));
		best = min_nb(best, cand);
	}
	return best == NO_RULE ? -1 : best;
}

/* What a decision is about, beyond the collected rules. */
struct dreq {
	u32 kind;	/* BPFCON_KIND_* */
	u32 access;	/* the access bits asked (1 for signal, cap, ipc) */
	u32 facts;	/* proc: BPFCON_TF_* of the target */
	u32 tainted;
};

/* Steps 2-8 of the decision procedure: bpfcon_decide.h (explain runs the
 * same code), on what the collected rules name; the deciding rule is the
 * first rule of the deciding role naming a bit asked. */
static __always_inline void decide(const struct acc *a, const struct dreq *q, struct verdict *v)
{
	u32 req = q->access;
	struct bpfcon_dreq d = {
		.kind = q->kind,
		.file = q->kind == BPFCON_KIND_FS || q->kind == BPFCON_KIND_DEV,
		.self = (q->facts & BPFCON_TF_SELF) != 0,
		.tainted = q->tainted,
		.req = req,
		.named = { a->mask[ROLE_DENY] & req, a->mask[ROLE_TAINT] & req,
			   a->mask[ROLE_ALLOW] & req },
		.mods = a->mods,
		.privileged = BPFCON_PRIVILEGED,
		.default_allow = BPFCON_DEFAULT_ALLOW,
		.complain = bpfcon_config.complain,
	};
	struct bpfcon_dout o;
	bpfcon_decide(&d, &o);
	v->decision = o.decision;
	v->by = o.by;
	v->rule = -1;
	v->flags = 0;
	u32 role = (u32)o.role;
	if (role < NROLES) {
		v->rule = acc_first(a, role, req);
		if (a->audit[role] & req)
			v->flags |= BPFCON_EV_AUDIT;
	}
	if (o.taint)
		v->flags |= BPFCON_EV_TAINT;
	if (o.transition)
		v->flags |= BPFCON_EV_TRANSITION;
	if (o.untaint)
		v->flags |= BPFCON_EV_UNTAINT;
}

/* --- collecting what the rules say ----------------------------------- */

#if PDFA_NSTATES > 0
/* Bytes of the path one step of the matcher's bpf_loop reads: each step
 * costs a call and a lookup of the scratch buffer, so several bytes a step
 * cost less than one. */
#define DFA_STEP_BYTES 4

struct dfa_walk {
	u32 state;
	s32 start;
	s32 end;
};

static long dfa_step(u32 i, void *ctx)
{
	struct dfa_walk *w = ctx;
	struct scratch *s = get_scratch();
	if (!s)
		return 1;
	s32 pos = w->start + (s32)(i * DFA_STEP_BYTES);
	s32 end = w->end;
	u32 st = w->state;
#pragma unroll
	for (int k = 0; k < DFA_STEP_BYTES; k++) {
		if (pos + k >= end)
			break;
		u8 c = s->buf[(pos + k) & PATHS_MASK];
		if (st >= PDFA_NSTATES)
			break;
		u32 idx = opaque32(pdfa_base[st] + pdfa_cls[c]);
		if (idx < PDFA_NTRANS && pdfa_check[idx] == st)
			st = opaque32(pdfa_next[idx]);
		else
			st = opaque32(pdfa_dflt[st]);
	}
	w->state = st;
	return st == PDFA_DEAD || st >= PDFA_NSTATES;
}

/* The state of the path matcher after the path at buf[start..end) (end:
 * the end of the region build_path_in wrote it to); PDFA_DEAD if the path
 * can't be read. */
static __always_inline u32 match_state(s32 start, s32 end)
{
	if (start < 0 || start >= end || end > 2 * PATH_MAX_K)
		return PDFA_DEAD;
	struct dfa_walk w = { .state = 0, .start = start, .end = end };
	bpf_loop((u32)(end - start + DFA_STEP_BYTES - 1) / DFA_STEP_BYTES, dfa_step, &w, 0);
	return w.state;
}

/* Runs the path matcher over the path at buf[start..end) and returns the first record of
 * what the rules matching it say, or 0 (record 0 says nothing). */
static __always_inline u32 match_path(s32 start, s32 end)
{
	u32 state = match_state(start, end);
	if (state >= PDFA_NSTATES)
		return 0;
	u32 r = opaque32(pdfa_accept[state]);
	return r < PDFA_NRECS ? r : 0;
}

struct rec_walk {
	struct acc *a;
	u32 rec;
	u32 active;
	u32 deny_only;	/* only the restrictions count (another name's path) */
};

/* One record of the chain: its rules count when their context is active. */
static long rec_step(u32 i, void *ctx)
{
	struct rec_walk *w = ctx;
	u32 r = w->rec;
	if (r == 0 || r >= PDFA_NRECS_ALL)
		return 1;
	const struct bpfcon_rec *rec = &pdfa_rec[r];
	if (w->deny_only)
		acc_add_deny(w->a, rec, ctx_hit(rec->ctx, w->active));
	else
		acc_add_rec(w->a, rec, ctx_hit(rec->ctx, w->active));
	w->rec = opaque32(rec->next);
	return 0;
}

/* Adds what the fs rules matching the path at buf[start..end) say (end:
 * PATH_MAX_K or 2 * PATH_MAX_K, where build_path_in wrote it), for the
 * contexts in active; with deny_only, only what they restrict.  The
 * collectors are global functions: the verifier checks each once per
 * program, not at every call site. */
__noinline int collect_fs(struct acc *a, s32 start, s32 end, u32 active, u32 deny_only)
{
	if (!a)
		return 0;
	struct rec_walk w = { .a = a, .rec = match_path(start, end), .active = active,
			      .deny_only = deny_only };
	bpf_loop(BPFCON_MAX_CTX + 1, rec_step, &w, 0);
	return 0;
}

/* The program targets (signal, ptrace, proc rules) the path at
 * buf[start..end) matches: bit k for target pattern k. */
static __always_inline u64 match_programs(s32 start, s32 end)
{
	u32 r = match_path(start, end);
	return r && r < PDFA_NRECS_ALL ? pdfa_rec[r].progs : 0;
}
#else
static __always_inline int collect_fs(struct acc *a, s32 start, s32 end, u32 active,
				      u32 deny_only)
{
	return 0;
}

static __always_inline u64 match_programs(s32 start, s32 end)
{
	return 0;
}
#endif

/* filesystem and dev rules: one bpf_loop over each table, so the verifier
 * checks one iteration, whatever the number of rules. */
struct rule_walk {
	struct acc *a;
	u32 active;		/* function contexts the thread is inside */
	u32 dev;		/* filesystem: the file's superblock device */
	u32 major, minor;	/* dev: the device file's number */
};

#if BPFCON_NFSYS > 0
static long fsys_step(u32 i, void *ctx)
{
	struct rule_walk *w = ctx;
	if (i >= BPFCON_NFSYS)
		return 1;
	const struct bpfcon_fsys_rule *r = &fsys_rules[i];
	u32 m = r->mount & (BPFCON_MAX_MOUNTS - 1);
	u32 hit = eq_mask(bpfcon_config.mount_dev[m], w->dev) & ctx_hit(r->ctx, w->active);
	acc_add_rule(w->a, r->role, r->mask, r->audit, r->rule, hit);
	w->a->mods |= r->mods & hit;
	return 0;
}
#endif

/* filesystem rules: the file's superblock device is the mount point's. */
#if BPFCON_NFSYS > 0
__noinline int collect_fsys(struct acc *a, u32 dev, u32 active)
{
	if (!a)
		return 0;
	struct rule_walk w = { .a = a, .active = active, .dev = dev };
	bpf_loop(BPFCON_NFSYS, fsys_step, &w, 0);
	return 0;
}
#else
static __always_inline int collect_fsys(struct acc *a, u32 dev, u32 active)
{
	return 0;
}
#endif

#if BPFCON_NDEV > 0
static long dev_step(u32 i, void *ctx)
{
	struct rule_walk *w = ctx;
	if (i >= BPFCON_NDEV)
		return 1;
	const struct bpfcon_dev_rule *r = &dev_rules[i];
	u32 any_minor = 0 - (u32)((u32)r->minor >> 31);	/* minor -1: all ones */
	u32 hit = in_range_mask(w->major, r->major_lo, r->major_hi) &
		  (any_minor | eq_mask((u32)r->minor, w->minor)) & ctx_hit(r->ctx, w->active);
	acc_add_rule(w->a, r->role, r->mask, r->audit, r->rule, hit);
	return 0;
}
#endif

#if BPFCON_NDEV > 0
__noinline int collect_dev(struct acc *a, u32 major, u32 minor, u32 active)
{
	if (!a)
		return 0;
	struct rule_walk w = { .a = a, .active = active, .major = major, .minor = minor };
	bpf_loop(BPFCON_NDEV, dev_step, &w, 0);
	return 0;
}
#else
static __always_inline int collect_dev(struct acc *a, u32 major, u32 minor, u32 active)
{
	return 0;
}
#endif

/* --- requests of the other kinds (net, signal, ptrace, proc, cap, ipc) - */

/* What the hooks ask (bpfcon_check.h builds it). */
struct obj_req {
	u32 kind;		/* BPFCON_KIND_* */
	u32 access;		/* NET_*, PT_*, ACC_* (proc); signal, cap, ipc: unused */
	u32 bit;		/* signal or capability number */
	u32 family;		/* net: AF_* */
	u32 facts;		/* BPFCON_TF_* of the target (TF_ALWAYS set) */
	u32 target_pid;		/* for the log */
	u64 progs;		/* program targets the target's executable matches */
	u64 policy;		/* the target's policy id (0: none); ipc: the peer's */
};

/* The access bits a request asks, as the engine counts them: the one
 * number of a signal or capability request, and an ipc request, are bit 0. */
static __always_inline u32 obj_access(const struct obj_req *q)
{
	if (q->kind == BPFCON_KIND_SIGNAL || q->kind == BPFCON_KIND_CAP || q->kind == BPFCON_KIND_IPC)
		return 1;
	return q->access;
}

/* The rules are indexed by bpfcc (bpfcon_rules.h, "the index of the other
 * kinds"): a request looks up only the keys it can match, one per target
 * group it is in, in a hash table, and adds their records.  Its cost does
 * not grow with the number of rules. */
#if OBJ_NKEYS > 0
/* The bit number of x, a power of two, without a branch. */
static __always_inline u32 bit_index(u64 x)
{
	return (nz_mask(x & 0xffffffff00000000ull) & 32) | (nz_mask(x & 0xffff0000ffff0000ull) & 16) |
	       (nz_mask(x & 0xff00ff00ff00ff00ull) & 8) | (nz_mask(x & 0xf0f0f0f0f0f0f0f0ull) & 4) |
	       (nz_mask(x & 0xccccccccccccccccull) & 2) | (nz_mask(x & 0xaaaaaaaaaaaaaaaaull) & 1);
}

struct obj_walk {
	struct acc *a;
	u32 active;
	u32 kind, sel;		/* of the keys looked up */
	u32 facts;
	u32 stage;		/* next: 0-3 facts groups, 4 programs, 5 policy, 6 done */
	u32 rec;		/* the record being added (0: none) */
	u32 probing;		/* probes left for the key being looked up (0: none) */
	u32 slot;		/* the next slot to probe */
	u32 key;
	u64 id;			/* of the key being looked up */
	u64 policy;		/* the target's policy id (0: none) */
	u64 progs;		/* program targets not yet looked up */
};

/* One step: add one record of a chain found (its rules count when their
 * context is active), or probe one slot for the key being looked up, or
 * start looking up the next key the request can match. */
static long obj_step(u32 i, void *ctx)
{
	struct obj_walk *w = ctx;
	if (i == 0) {		/* the state starts here: see collect_obj */
		w->stage = 0;
		w->rec = 0;
		w->probing = 0;
	}
	u32 r = w->rec;
	if (r) {
		if (r >= OBJ_NRECS)
			return 1;
		const struct bpfcon_rec *rec = &obj_rec[r];
		acc_add_rec(w->a, rec, ctx_hit(rec->ctx, w->active));
		w->rec = opaque32(rec->next);
		return 0;
	}
	if (!w->probing) {
		u32 st = w->stage, group;
		u64 id = 0;
		if (st < 4) {		/* any, self, parent, child */
			w->stage = st + 1;
			u32 fact = st ? 1u << (st - 1) : ~0u;
			if (!(w->facts & fact))
				return 0;
			group = st;
		} else if (st == 4) {	/* each program target matched */
			u64 low = w->progs & (0 - w->progs);
			if (!low) {
				w->stage = 5;
				return 0;
			}
			w->progs ^= low;
			group = OBJ_TG_PROG + bit_index(low);
		} else if (st == 5) {	/* the target's policy */
			w->stage = 6;
			if (!w->policy)
				return 0;
			group = OBJ_TG_POLICY;
			id = w->policy;
		} else {
			return 1;
		}
		w->key = OBJ_KEY(w->kind, w->sel, group);
		w->id = id;
		w->slot = OBJ_HASH(w->key, id);
		w->probing = OBJ_MAX_PROBE;
	}
	const struct bpfcon_obj_key *e = &obj_keys[w->slot & (OBJ_KEYS_POW2 - 1)];
	u32 rec = e->rec;
	if (!rec) {			/* an empty slot: no such key */
		w->probing = 0;
		return 0;
	}
	if (e->key == w->key && e->id == w->id) {
		w->rec = rec;
		w->probing = 0;
		return 0;
	}
	w->slot++;
	w->probing--;
	return 0;
}
#endif

/* Steps enough for every key a request can match (4 fact groups, 64
 * program targets, a policy), its probes and every record of its chain. */
#define OBJ_WALK_STEPS (6 + 64 + 69 * (OBJ_MAX_PROBE + BPFCON_MAX_CTX + 1))

__noinline int collect_obj(struct acc *a, const struct obj_req *q, u32 active)
{
	if (!a || !q)
		return 0;
#if OBJ_NKEYS > 0
	u32 kd = q->kind, sel = 0;
	if (kd >= 16)
		return 0;
	if (kd == BPFCON_KIND_NET)
		sel = q->family;
	else if (kd == BPFCON_KIND_SIGNAL || kd == BPFCON_KIND_CAP)
		sel = q->bit;
	if (sel >= 64)
		return 0;	/* no rule names it */
	/* Kernels before 6.7 verify a bpf_loop callback once, from the state
	 * at the call, and remove the branches that pass did not take: the
	 * walk's state (set at step 0) starts as a value the verifier does
	 * not know, so that every branch of obj_step is taken. */
	u32 unknown = q->target_pid;
	struct obj_walk w = { .a = a, .active = active, .kind = kd, .sel = sel, .facts = q->facts,
			      .progs = q->progs, .policy = q->policy, .stage = unknown,
			      .rec = unknown, .probing = unknown, .slot = unknown };
	bpf_loop(OBJ_WALK_STEPS, obj_step, &w, 0);
#endif
	return 0;
}

#endif
