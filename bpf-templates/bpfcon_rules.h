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

/* What the rules matching one set of paths say (a path-matcher state).
 * first1 holds rule id + 1, so that 0 (what an initializer leaves out)
 * means "no rule". */
struct bpfcon_rec {
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
};

/* One device range of a `dev` rule (a class is several ranges). */
struct bpfcon_dev_rule {
	u32 major_lo, major_hi;
	s32 minor;		/* -1: any */
	u32 role;
	u32 mask, audit;
	s32 rule;
};

#endif
