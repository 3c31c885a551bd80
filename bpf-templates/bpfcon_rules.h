/* SPDX-License-Identifier: GPL-2.0-only */
/* bpfcon_rules.h - the shapes of the rule tables bpfcc generates.  A rule
 * plays up to three roles (restriction, taint, right); for each role the
 * tables keep which access bits it names, which of those are audited, and,
 * per bit, the first rule (in source order) naming it, so that the kernel
 * can name the same deciding rule `bpfcc explain` lists first. */
#ifndef BPFCON_RULES_H
#define BPFCON_RULES_H

enum { ROLE_DENY, ROLE_TAINT, ROLE_ALLOW, NROLES };
#define NBITS 10		/* access bits: the IR's ACC_* */
#define NO_RULE 0x7fffffff

/* Modifier bits (mods): rights granting exec with #[transition] or
 * #[untaint]. */
#define MOD_TRANSITION 1u
#define MOD_UNTAINT 2u

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

/* One role of a rule of the other kinds (net, signal, ptrace, proc, cap,
 * ipc).  It matches a request of its kind when the family, the target and
 * the context match; it then names the request's access bits it has
 * (by_bit: the one bit `bit` of mask, for signal and capability numbers,
 * seen as access bit 0). */
struct bpfcon_obj_rule {
	u32 kind;		/* the IR's rule kind (BPFCON_KIND_*) */
	u32 role;
	u32 ctx;
	u32 by_bit;
	u64 mask;		/* NET_*, PT_*, ACC_* (proc), signals, capabilities; ipc: 1 */
	u64 audit;		/* the audited bits of mask */
	u64 families;		/* net: 1 << AF_*; all ones: any; other kinds: all ones */
	u32 tfacts;		/* target facts it matches (BPFCON_TF_*); all ones: any target */
	s32 rule;
	u64 tprogs;		/* a program target: its pattern's bit (rec.progs) */
	u64 tpolicy;		/* a policy target, ipc: the policy id; 0 none */
};

#endif
