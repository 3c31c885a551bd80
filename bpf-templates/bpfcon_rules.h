/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_rules.h - the shapes of the rule tables bpfcc generates.  A rule
 * plays up to three roles (restriction, taint, right); for each role the
 * tables keep which access bits it names, which of those are audited, and,
 * per bit, the first rule (in source order) naming it, so that the kernel
 * can name the same deciding rule `bpfcc explain` lists first. */
#ifndef BPFCON_RULES_H
#define BPFCON_RULES_H

#include "bpfcon_decide.h"	/* the roles (ROLE_*) and modifiers (MOD_*) */

#define NBITS 10		/* access bits: the IR's ACC_* */
#define NO_RULE 0x7fffffff

/* Function contexts: a rule's ctx is 0 (no context: always active) or the
 * bit 1 << I of context I (meta "ctx I ..."); a rule is active when its
 * bit is in the thread's active set. */

/* What the rules matching one set of paths say (a path-matcher state),
 * for the rules of one function context; `next` chains the records of the
 * other contexts for the same paths (0: the end).  progs: the program
 * targets (signal, ptrace, proc rules) these paths match, in the first
 * record of a chain.  first1 holds rule id + 1, so that 0 (what an
 * initializer leaves out) means "no rule". */
struct bpfcon_rec {
	u32 ctx;
	u32 next;
	u64 progs;
	u32 mods;		/* MOD_* of the rights here */
	u32 mask[NROLES];
	u32 audit[NROLES];
	s32 first1[NROLES][NBITS];
};

/* One `filesystem` rule: matches files on the device of mount MOUNT. */
struct bpfcon_fsys_rule {
	u32 mount;		/* index in config.mount_dev */
	u32 role;
	u32 mask, audit;
	s32 rule;
	u32 ctx;
	u32 mods;
};

/* One device range of a `dev` rule (a class is several ranges). */
struct bpfcon_dev_rule {
	u32 major_lo, major_hi;
	s32 minor;		/* -1: any */
	u32 role;
	u32 mask, audit;
	s32 rule;
	u32 ctx;
};

/* The index of the other kinds (net, signal, ptrace, proc, cap, ipc).
 * bpfcc groups their rules by key: the request kind, a selector (net: the
 * socket family; signal, cap: the signal or capability number; others: 0)
 * and a target group.  A key's record (a chain of bpfcon_rec, one per
 * function context, as the path matcher's) says what its rules say, with
 * a signal or capability number seen as access bit 0.  A request looks up
 * only the keys of the groups its target is in: any (every request), the
 * target facts it has (self, parent, child), each program target its
 * target's executable matches, and its target's policy. */
#define OBJ_TG_ANY 0u		/* net, cap; a signal, ptrace or proc rule on `any` */
#define OBJ_TG_SELF 1u
#define OBJ_TG_PARENT 2u
#define OBJ_TG_CHILD 3u
#define OBJ_TG_PROG 4u		/* + k: program target k (bpfcon_rec.progs bit k) */
#define OBJ_TG_POLICY 68u	/* a policy (ipc, or a policy target): the key's id */
/* A signal or capability number, or an ipc request, as access bit 0. */
#define OBJ_NUMBER 1u
#define OBJ_KEY(kind, sel, group) (((u32)(kind) << 27) | ((u32)(sel) << 20) | (u32)(group))

/* The keys are in a hash table of OBJ_KEYS_POW2 slots (bpfcc sizes it
 * and says in OBJ_MAX_PROBE how far a key may be from its slot): a key
 * is at OBJ_HASH(key, id) or one of the slots after it, before the next
 * empty slot (rec 0).  compiler/codegen.c computes the same hash. */
#define OBJ_HASH(key, id)                                                                  \
	((u32)((((u64)(id) ^ ((u64)(key) * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull) >> 40))

struct bpfcon_obj_key {
	u64 id;			/* policy id of an OBJ_TG_POLICY key, else 0 */
	u32 key;		/* OBJ_KEY(...) */
	u32 rec;		/* its first record in obj_rec; 0: an empty slot */
};

#endif
