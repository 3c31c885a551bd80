/* SPDX-License-Identifier: GPL-2.0-only */
/* explain.h - the reference evaluator: for one access, what a policy
 * decides and which rules decided it.  This is the executable definition
 * of docs/policy-language.md; the kernel code generated later is tested
 * against it. */
#ifndef BPFCC_EXPLAIN_H
#define BPFCC_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "ir.h"

/* One mount from /proc/self/mountinfo. */
struct mount {
	const char *point;	/* mount point, unescaped */
	unsigned major, minor;	/* device of the mounted filesystem */
};

struct mounts {
	struct mount *v;
	size_t n, cap;
};

struct diag;
/* Reads mountinfo-format text from path.  false after reporting to d. */
bool mounts_load(const char *path, struct mounts *m, struct diag *d);
/* The mount a path lives on (longest matching mount point), or NULL. */
const struct mount *mounts_find(const struct mounts *m, const char *path);

struct eval_state {
	bool tainted;
	/* Contexts the thread is inside: "f" (#[func "f"] of the command),
	 * "f@/bin" (#[func "f" ("/bin")]), "kfunc:f" (#[kfunc "f"]). */
	const char *const *funcs;
	size_t nfuncs;
	const struct mounts *mounts;	/* for filesystem rules; may be NULL */
	/* The request's path is a device node (explain --device MAJ:MIN):
	 * dev rules match it too, beside fs and filesystem rules. */
	bool dev_file;
	int dev_major, dev_minor;
};

enum decided_by {
	BY_RULES,	/* the rules in .rules decided */
	BY_DEFAULT,	/* no rule decided: the policy's default */
	BY_UNTAINTED,	/* not tainted and no restriction matched */
	BY_BUILTIN	/* a built-in protection or grant (see .builtin) */
};

struct decision {
	bool allow;		/* the verdict that is enforced */
	bool would_deny;	/* complain mode: what would have been denied */
	bool audit;		/* an #[audit] rule decided */
	bool taint;		/* this access taints the process */
	bool untaint;		/* exec through an #[untaint] rule */
	bool transition;	/* exec through a #[transition] rule */
	enum decided_by by;
	const char *builtin;	/* reason text for BY_BUILTIN */
	const struct rule **rules;	/* deciding rules, in source order */
	size_t nrules, cap;
};

/* The roles a rule plays (a rule may be both a right and a taint rule).
 * A rule with no base action (#[audit] alone) is a right. */
bool rule_is_allow(const struct rule *r);
bool rule_is_deny(const struct rule *r);
bool rule_is_taint(const struct rule *r);

/* req is a request as parsed by dsl_parse_request(). */
void explain_decide(const struct policy *p, const struct rule *req,
		    const struct eval_state *st, struct decision *out);

/* Does rule r match request req's object (path, target, family, device ...)?
 * Access bits are not compared.  Shared with lint. */
bool rule_matches_object(const struct rule *r, const struct rule *req,
			 const struct mounts *mounts);

#endif
