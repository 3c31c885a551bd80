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

static __always_inline void acc_init(struct acc *a)
{
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

static __always_inline void acc_add_rec(struct acc *a, const struct bpfcon_rec *rec)
{
	for (int r = 0; r < NROLES; r++) {
		a->mask[r] |= rec->mask[r];
		a->audit[r] |= rec->audit[r];
		for (int b = 0; b < NBITS; b++) {
			/* first1 is id + 1, 0 for none: (0 - 1) & NO_RULE == NO_RULE */
			s32 f = (s32)(((u32)rec->first1[r][b] - 1) & NO_RULE);
			a->first[r][b] = min_nb(a->first[r][b], f);
		}
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

/* Steps 3-6 and 8 of the decision procedure (step 2, capabilities, comes
 * with the capability hooks). */
static __always_inline void decide(const struct acc *a, u32 req, bool tainted, struct verdict *v)
{
	bool taints = !tainted && (a->mask[ROLE_TAINT] & req);

	v->flags = 0;
	v->rule = -1;
	if (a->mask[ROLE_DENY] & req) {			/* 3: restrictions */
		v->decision = BPFCON_DENY;
		v->by = BPFCON_BY_RULES;
		v->rule = acc_first(a, ROLE_DENY, req);
		if (a->audit[ROLE_DENY] & req)
			v->flags |= BPFCON_EV_AUDIT;
	} else if (!tainted) {				/* 4: taint */
		v->decision = BPFCON_ALLOW;
		if (taints) {
			v->by = BPFCON_BY_RULES;
			v->rule = acc_first(a, ROLE_TAINT, req);
			if (a->audit[ROLE_TAINT] & req)
				v->flags |= BPFCON_EV_AUDIT;
		} else {
			v->by = BPFCON_BY_UNTAINTED;
		}
	} else if (req && (a->mask[ROLE_ALLOW] & req) == req) {	/* 5: rights */
		v->decision = BPFCON_ALLOW;
		v->by = BPFCON_BY_RULES;
		v->rule = acc_first(a, ROLE_ALLOW, req);
		if (a->audit[ROLE_ALLOW] & req)
			v->flags |= BPFCON_EV_AUDIT;
	} else {					/* 6: the default */
		v->decision = BPFCON_DEFAULT_ALLOW ? BPFCON_ALLOW : BPFCON_DENY;
		v->by = BPFCON_BY_DEFAULT;
	}
	if (taints)
		v->flags |= BPFCON_EV_TAINT;
	if (v->decision == BPFCON_DENY && bpfcon_config.complain)	/* 8 */
		v->decision = BPFCON_COMPLAIN;
}

/* --- collecting what the rules say ----------------------------------- */

#if PDFA_NSTATES > 0
struct dfa_walk {
	u32 state;
	u32 start;
};

static long dfa_step(u32 i, void *ctx)
{
	struct dfa_walk *w = ctx;
	struct scratch *s = get_scratch();
	if (!s)
		return 1;
	u8 c = s->buf[(w->start + i) & PATH_MASK];
	u32 st = w->state;
	if (st >= PDFA_NSTATES)
		return 1;
	u32 idx = opaque32(pdfa_base[st] + pdfa_cls[c]);
	if (idx < PDFA_NTRANS && pdfa_check[idx] == st)
		st = opaque32(pdfa_next[idx]);
	else
		st = opaque32(pdfa_dflt[st]);
	w->state = st;
	return st == PDFA_DEAD;
}

/* Runs the path matcher over the path at buf[start..PATH_MAX_K) and adds
 * what the fs rules matching it say. */
static __always_inline void collect_fs(struct acc *a, s32 start)
{
	if (start < 0 || start >= PATH_MAX_K)
		return;
	struct dfa_walk w = { .state = 0, .start = start };
	bpf_loop(PATH_MAX_K - start, dfa_step, &w, 0);
	if (w.state >= PDFA_NSTATES)
		return;
	u32 r = opaque32(pdfa_accept[w.state]);
	if (r < PDFA_NRECS)	/* record 0, "no rule matches", adds nothing */
		acc_add_rec(a, &pdfa_rec[r]);
}
#else
static __always_inline void collect_fs(struct acc *a, s32 start)
{
}
#endif

/* filesystem and dev rules: one bpf_loop over each table, so the verifier
 * checks one iteration, whatever the number of rules. */
struct rule_walk {
	struct acc *a;
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
	acc_add_rule(w->a, r->role, r->mask, r->audit, r->rule,
		     eq_mask(bpfcon_config.mount_dev[m], w->dev));
	return 0;
}
#endif

/* filesystem rules: the file's superblock device is the mount point's. */
static __always_inline void collect_fsys(struct acc *a, u32 dev)
{
#if BPFCON_NFSYS > 0
	struct rule_walk w = { .a = a, .dev = dev };
	bpf_loop(BPFCON_NFSYS, fsys_step, &w, 0);
#endif
}

#if BPFCON_NDEV > 0
static long dev_step(u32 i, void *ctx)
{
	struct rule_walk *w = ctx;
	if (i >= BPFCON_NDEV)
		return 1;
	const struct bpfcon_dev_rule *r = &dev_rules[i];
	u32 any_minor = 0 - (u32)((u32)r->minor >> 31);	/* minor -1: all ones */
	u32 hit = in_range_mask(w->major, r->major_lo, r->major_hi) &
		  (any_minor | eq_mask((u32)r->minor, w->minor));
	acc_add_rule(w->a, r->role, r->mask, r->audit, r->rule, hit);
	return 0;
}
#endif

static __always_inline void collect_dev(struct acc *a, u32 major, u32 minor)
{
#if BPFCON_NDEV > 0
	struct rule_walk w = { .a = a, .major = major, .minor = minor };
	bpf_loop(BPFCON_NDEV, dev_step, &w, 0);
#endif
}

#endif
