// SPDX-License-Identifier: GPL-2.0-only
/* explain.c - the reference evaluator: the decision procedure of
 * docs/policy-language.md section 1, step by step, for one request. */
#include "explain.h"

#include <string.h>

#include "glob.h"
#include "names.h"
#include "util.h"

static const char BUILTIN_CAPS[] = "capabilities are denied unless a rule grants them";
static const char BUILTIN_OWN_PROC[] = "a process may always read its own /proc entries";

/* --- object matching ------------------------------------------------- */

static bool target_matches(const struct target *rule, const struct target *req)
{
	switch (rule->kind) {
	case TGT_ANY:
		return true;
	case TGT_SELF:
	case TGT_PARENT:
	case TGT_CHILD:
		return req->kind == rule->kind;
	case TGT_PROGRAM:
		return req->kind == TGT_PROGRAM && rule->name && req->name &&
		       glob_match(rule->name, req->name);
	case TGT_POLICY:
		return req->kind == TGT_POLICY && rule->name && req->name &&
		       strcmp(rule->name, req->name) == 0;
	}
	return false;
}

/* A filesystem rule covers every path on the filesystem its mount point
 * lives on: the same device (what the kernel sees as the superblock's
 * device), so a bind mount of that filesystem elsewhere is covered, and a
 * different filesystem mounted below the rule's path is not. */
static bool same_mount(const char *rule_path, const char *path, const struct mounts *mounts)
{
	if (!mounts || !rule_path || !path)
		return false;
	const struct mount *a = mounts_find(mounts, rule_path);
	const struct mount *b = mounts_find(mounts, path);
	return a && b && a->major == b->major && a->minor == b->minor;
}

static bool path_request_matches(const struct rule *r, const struct rule *req,
				 const struct mounts *mounts)
{
	if (!req->path)
		return false;
	if (r->kind == RK_FS)
		return r->path && glob_match(r->path, req->path);
	if (r->kind == RK_FILESYSTEM)
		return same_mount(r->path, req->path, mounts);
	return false;
}

static bool dev_num_request_matches(const struct rule *r, const struct rule *req)
{
	if (r->kind == RK_DEV_NUM)
		return r->major == req->major && (r->minor == -1 || r->minor == req->minor);
	if (r->kind == RK_DEV_CLASS)
		return names_dev_in_class(r->dev_class, req->major, req->minor);
	return false;
}

static bool net_request_matches(const struct rule *r, const struct rule *req)
{
	if (r->kind != RK_NET)
		return false;
	if (req->families == FAMILY_ANY)
		return r->families == FAMILY_ANY;
	return req->families && (r->families & req->families) == req->families;
}

bool rule_matches_object(const struct rule *r, const struct rule *req,
			 const struct mounts *mounts)
{
	switch (req->kind) {
	case RK_FS:
	case RK_FILESYSTEM:
		return path_request_matches(r, req, mounts);
	case RK_DEV_NUM:
		return dev_num_request_matches(r, req);
	case RK_DEV_CLASS:
		return r->kind == RK_DEV_CLASS && r->dev_class == req->dev_class;
	case RK_NET:
		return net_request_matches(r, req);
	case RK_CAP:
		return r->kind == RK_CAP && (r->mask & req->mask) != 0;
	case RK_IPC:
		return r->kind == RK_IPC && r->policy && req->policy &&
		       strcmp(r->policy, req->policy) == 0;
	case RK_PROC:
	case RK_SIGNAL:
	case RK_PTRACE:
		return r->kind == req->kind && target_matches(&r->target, &req->target);
	case RK__COUNT:
		break;
	}
	return false;
}

/* Does rule r match the request, in state st?  Beyond its object: the
 * path of a file request that is a device node is matched by dev rules
 * too, as the kernel does when such a file is opened. */
static bool rule_matches(const struct rule *r, const struct rule *req,
			 const struct eval_state *st)
{
	if (rule_matches_object(r, req, st->mounts))
		return true;
	if (!st->dev_file || (req->kind != RK_FS && req->kind != RK_FILESYSTEM))
		return false;
	struct rule dev = { .kind = RK_DEV_NUM, .major = st->dev_major, .minor = st->dev_minor };
	return dev_num_request_matches(r, &dev);
}

/* --- rule roles ------------------------------------------------------ */

/* A rule with no base action (#[audit] alone, or nothing) is a right. */
bool rule_is_allow(const struct rule *r)
{
	return (r->actions & RA_ALLOW) || !(r->actions & (RA_DENY | RA_TAINT));
}

bool rule_is_deny(const struct rule *r)
{
	return r->actions & RA_DENY;
}

bool rule_is_taint(const struct rule *r)
{
	return r->actions & RA_TAINT;
}

/* Is the thread inside the rule's context?  st->funcs names contexts as
 * explain's options do: "f" is #[func "f"] of the policy's command,
 * "f@/path/bin" #[func "f" ("/path/bin")], "kfunc:f" #[kfunc "f"] (the
 * kernel side keys a context the same way: kind, function, binary). */
static bool is_active(const struct policy *p, const struct rule *r, const struct eval_state *st)
{
	if (!r->ctx.func)
		return true;
	const char *bin = r->ctx.binary ? r->ctx.binary : p->command;
	size_t n = strlen(r->ctx.func);
	for (size_t i = 0; i < st->nfuncs; i++) {
		const char *f = st->funcs[i];
		if (!f)
			continue;
		if (r->ctx.kfunc) {
			if (strncmp(f, "kfunc:", 6) == 0 && strcmp(f + 6, r->ctx.func) == 0)
				return true;
			continue;
		}
		if (strncmp(f, r->ctx.func, n) != 0)
			continue;
		if (f[n] == 0 && bin && p->command && strcmp(bin, p->command) == 0)
			return true;
		if (f[n] == '@' && bin && strcmp(f + n + 1, bin) == 0)
			return true;
	}
	return false;
}

/* Does the rule's access set meet the request's?  ipc has no accesses. */
static bool meets(const struct rule *r, const struct rule *req)
{
	return req->kind == RK_IPC || (r->mask & req->mask) != 0;
}

/* --- the procedure --------------------------------------------------- */

/* The active rules of one role that match the request and meet its
 * accesses, as indexes in source order. */
struct rule_set {
	size_t *v;
	size_t n, cap;
	uint64_t granted;	/* OR of the masks (rights) */
};

enum role { ROLE_DENY, ROLE_TAINT, ROLE_ALLOW };

static bool has_role(const struct rule *r, enum role role)
{
	return role == ROLE_DENY ? rule_is_deny(r) : role == ROLE_TAINT ? rule_is_taint(r) : rule_is_allow(r);
}

static void collect(const struct policy *p, const struct rule *req, const struct eval_state *st,
		    enum role role, struct rule_set *out)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!has_role(r, role) || !is_active(p, r, st) || !meets(r, req) ||
		    !rule_matches(r, req, st))
			continue;
		*(size_t *)arena_grow(&out->v, &out->n, &out->cap, sizeof(*out->v)) = i;
		out->granted |= r->mask;
	}
}

/* Do the rights cover every access the request asks for? */
static bool covers(const struct rule_set *rights, const struct rule *req)
{
	return rights->n > 0 && (rights->granted & req->mask) == req->mask;
}

static void decide_by_rules(const struct policy *p, const struct rule_set *s, bool allow,
			    struct decision *out)
{
	out->allow = allow;
	out->by = BY_RULES;
	for (size_t k = 0; k < s->n; k++) {
		const struct rule **slot =
			arena_grow(&out->rules, &out->nrules, &out->cap, sizeof(*out->rules));
		*slot = &p->rules[s->v[k]];
	}
}

static void decide_builtin(const char *why, bool allow, struct decision *out)
{
	out->allow = allow;
	out->by = BY_BUILTIN;
	out->builtin = why;
}

/* Point 12: proc(self, read|getattr) is built in. */
static bool own_proc_read(const struct rule *req)
{
	return req->kind == RK_PROC && req->target.kind == TGT_SELF && req->mask &&
	       (req->mask & ~(uint64_t)(ACC_READ | ACC_GETATTR)) == 0;
}

/* Steps 2-6; the reports of step 7 and complain mode come after. */
static void decide(const struct policy *p, const struct rule *req, const struct eval_state *st,
		   struct decision *out)
{
	struct rule_set deny = { 0 }, taint = { 0 }, allow = { 0 };
	collect(p, req, st, ROLE_DENY, &deny);
	collect(p, req, st, ROLE_TAINT, &taint);
	collect(p, req, st, ROLE_ALLOW, &allow);
	/* A matching taint rule taints even when the access is denied. */
	bool taints = !st->tainted && taint.n > 0;

	if (deny.n) {				/* step 3 (before 2's built-in) */
		decide_by_rules(p, &deny, false, out);
		out->taint = taints;
		return;
	}
	if (req->kind == RK_CAP && !p->privileged && !covers(&allow, req)) {	/* step 2 */
		decide_builtin(BUILTIN_CAPS, false, out);
		out->taint = taints;
		return;
	}
	if (!st->tainted) {			/* step 4 */
		if (taints) {
			decide_by_rules(p, &taint, true, out);
			out->taint = true;
		} else {
			out->allow = true;
			out->by = BY_UNTAINTED;
		}
		return;
	}
	if (covers(&allow, req)) {		/* step 5 */
		decide_by_rules(p, &allow, true, out);
		return;
	}
	if (own_proc_read(req)) {		/* step 6: built-in grant */
		decide_builtin(BUILTIN_OWN_PROC, true, out);
		return;
	}
	out->allow = p->default_allow;		/* step 6: the default */
	out->by = BY_DEFAULT;
}

/* Step 7: audit from the deciding rules; untaint and transition from any
 * active right that matches an allowed exec (whatever decided it: an exec
 * allowed while untainted still transitions).  Untaint only means something
 * to a tainted process. */
static void report_modifiers(const struct policy *p, const struct rule *req,
			     const struct eval_state *st, struct decision *out)
{
	for (size_t k = 0; k < out->nrules; k++)
		if (out->rules[k]->actions & RA_AUDIT)
			out->audit = true;
	bool exec = (req->kind == RK_FS || req->kind == RK_FILESYSTEM) && (req->mask & ACC_EXEC);
	if (!out->allow || !exec)
		return;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!rule_is_allow(r) || !(r->mask & ACC_EXEC) || !is_active(p, r, st) ||
		    !rule_matches(r, req, st))
			continue;
		if ((r->actions & RA_UNTAINT) && st->tainted)
			out->untaint = true;
		if (r->actions & RA_TRANSITION)
			out->transition = true;
	}
}

void explain_decide(const struct policy *p, const struct rule *req,
		    const struct eval_state *st, struct decision *out)
{
	memset(out, 0, sizeof(*out));
	decide(p, req, st, out);
	report_modifiers(p, req, st, out);
	if (p->complain && !out->allow) {	/* step 8 */
		out->would_deny = true;
		out->allow = true;
	}
}
