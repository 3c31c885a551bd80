/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_decide.h - steps 2 to 8 of the decision procedure
 * (docs/policy-language.md section 1), written once: the BPF engine
 * (bpfcon_engine.h decide()) and bpfcc's reference evaluator
 * (compiler/explain.c) both call bpfcon_decide().  Its input is what the
 * active rules matching the request name among the access bits it asks,
 * per role; each caller collects that its own way (the generated tables
 * in the kernel, the rules themselves in explain), and each names the
 * deciding rules its own way (the first one in the kernel, all of them in
 * explain).  Plain C: no kernel or libc header beyond bpfcon_abi.h. */
#ifndef BPFCON_DECIDE_H
#define BPFCON_DECIDE_H

#include <linux/types.h>

#include "bpfcon_abi.h"

/* The roles a rule plays: restriction, taint rule, right. */
enum { ROLE_DENY, ROLE_TAINT, ROLE_ALLOW, NROLES };

/* Modifier bits (mods): rights granting exec with #[transition] or
 * #[untaint]. */
#define MOD_TRANSITION 1u
#define MOD_UNTAINT 2u

/* What a decision is about, and what the matching rules say. */
struct bpfcon_dreq {
	__u32 kind;		/* BPFCON_KIND_* (RK_* in explain: the same numbers) */
	__u32 file;		/* a file request (fs, filesystem, dev): exec may transition */
	__u32 self;		/* the target is in the requester's thread group */
	__u32 tainted;		/* the requester is tainted */
	__u64 req;		/* the access bits asked (signal, cap, ipc: one bit) */
	__u64 named[NROLES];	/* of those, the ones the matching active rules of a role name */
	__u32 mods;		/* MOD_* of the matching active rights granting exec */
	__u32 privileged, default_allow, complain;	/* the policy's */
};

struct bpfcon_dout {
	int decision;		/* BPFCON_ALLOW, BPFCON_DENY, BPFCON_COMPLAIN */
	int by;			/* BPFCON_BY_* */
	int role;		/* the role whose rules decided (BY_RULES), else -1 */
	int builtin_caps;	/* BY_BUILTIN: capabilities are denied unless granted */
	int taint;		/* the access taints the requester */
	int transition, untaint;	/* step 7: an allowed exec through such a right */
};

static inline void bpfcon_decide(const struct bpfcon_dreq *q, struct bpfcon_dout *o)
{
	__u64 req = q->req;
	int taints = !q->tainted && q->named[ROLE_TAINT] != 0;
	int covered = req && q->named[ROLE_ALLOW] == req;

	o->role = -1;
	o->builtin_caps = 0;
	o->transition = 0;
	o->untaint = 0;
	o->taint = taints;	/* a matching taint rule taints even when denied */
	if (q->named[ROLE_DENY]) {			/* 3: restrictions (before 2) */
		o->decision = BPFCON_DENY;
		o->by = BPFCON_BY_RULES;
		o->role = ROLE_DENY;
	} else if (q->kind == BPFCON_KIND_CAP && !q->privileged && !covered) {
		o->decision = BPFCON_DENY;		/* 2: capabilities */
		o->by = BPFCON_BY_BUILTIN;
		o->builtin_caps = 1;
	} else if (!q->tainted) {			/* 4: taint */
		o->decision = BPFCON_ALLOW;
		o->by = taints ? BPFCON_BY_RULES : BPFCON_BY_UNTAINTED;
		o->role = taints ? ROLE_TAINT : -1;
	} else if (covered) {				/* 5: rights */
		o->decision = BPFCON_ALLOW;
		o->by = BPFCON_BY_RULES;
		o->role = ROLE_ALLOW;
	} else if (q->kind == BPFCON_KIND_PROC && q->self && req &&
		   !(req & ~(__u64)(BPFCON_ACC_READ | BPFCON_ACC_GETATTR))) {
		o->decision = BPFCON_ALLOW;		/* 6: its own /proc */
		o->by = BPFCON_BY_BUILTIN;
	} else {					/* 6: the default */
		o->decision = q->default_allow ? BPFCON_ALLOW : BPFCON_DENY;
		o->by = BPFCON_BY_DEFAULT;
	}
	/* 7: an allowed exec through a #[transition] / #[untaint] right; untaint
	 * means something to a tainted requester only */
	if (o->decision == BPFCON_ALLOW && q->file && (req & BPFCON_ACC_EXEC)) {
		o->transition = (q->mods & MOD_TRANSITION) != 0;
		o->untaint = (q->mods & MOD_UNTAINT) && q->tainted;
	}
	if (o->decision == BPFCON_DENY && q->complain)	/* 8: complain mode */
		o->decision = BPFCON_COMPLAIN;
}

#endif
