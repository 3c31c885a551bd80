// SPDX-License-Identifier: GPL-2.0-only
/* explain.c - the reference evaluator: the decision procedure of
 * docs/policy-language.md section 1, step by step, for one request. */
#include "explain.h"

#include <string.h>

#include "../bpf-templates/bpfcon_decide.h"

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

static bool has_role(const struct rule *r, int role)
{
	return role == ROLE_DENY ? rule_is_deny(r) : role == ROLE_TAINT ? rule_is_taint(r) : rule_is_allow(r);
}

static void collect(const struct policy *p, const struct rule *req, const struct eval_state *st,
		    int role, struct rule_set *out)
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

static void decide_by_rules(const struct policy *p, const struct rule_set *s, struct decision *out)
{
	for (size_t k = 0; k < s->n; k++) {
		const struct rule **slot =
			arena_grow(&out->rules, &out->nrules, &out->cap, sizeof(*out->rules));
		*slot = &p->rules[s->v[k]];
	}
}

/* The modifiers of the active rights matching the request that grant
 * exec (step 7). */
static uint32_t exec_mods(const struct policy *p, const struct rule *req,
			  const struct eval_state *st)
{
	uint32_t mods = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!rule_is_allow(r) || !(r->mask & ACC_EXEC) || !is_active(p, r, st) ||
		    !rule_matches(r, req, st))
			continue;
		mods |= (r->actions & RA_UNTAINT ? MOD_UNTAINT : 0) |
			(r->actions & RA_TRANSITION ? MOD_TRANSITION : 0);
	}
	return mods;
}

/* Steps 2-8 are bpfcon_decide() (bpf-templates/bpfcon_decide.h), the code
 * the kernel runs; here, the rules matching the request, per role, and
 * the names of all the deciding rules. */
static void decide(const struct policy *p, const struct rule *req, const struct eval_state *st,
		   struct decision *out)
{
	struct rule_set sets[NROLES] = { 0 };
	for (int role = 0; role < NROLES; role++)
		collect(p, req, st, role, &sets[role]);
	/* ipc asks no access: one bit, named by every matching rule */
	bool ipc = req->kind == RK_IPC;
	struct bpfcon_dreq q = {
		.kind = req->kind,
		.file = req->kind == RK_FS || req->kind == RK_FILESYSTEM,
		.self = req->target.kind == TGT_SELF,
		.tainted = st->tainted,
		.req = ipc ? 1 : req->mask,
		.privileged = p->privileged,
		.default_allow = p->default_allow,
		.complain = p->complain,
	};
	for (int role = 0; role < NROLES; role++)
		q.named[role] = ipc ? sets[role].n > 0 : sets[role].granted & req->mask;
	if (q.file && (req->mask & ACC_EXEC))
		q.mods = exec_mods(p, req, st);
	struct bpfcon_dout o;
	bpfcon_decide(&q, &o);
	out->allow = o.decision != BPFCON_DENY;
	out->would_deny = o.decision == BPFCON_COMPLAIN;
	out->by = o.by == BPFCON_BY_RULES ? BY_RULES : o.by == BPFCON_BY_DEFAULT ? BY_DEFAULT
		: o.by == BPFCON_BY_UNTAINTED ? BY_UNTAINTED : BY_BUILTIN;
	if (o.by == BPFCON_BY_BUILTIN)
		out->builtin = o.builtin_caps ? BUILTIN_CAPS : BUILTIN_OWN_PROC;
	out->taint = o.taint;
	out->transition = o.transition;
	out->untaint = o.untaint;
	if (o.role >= 0 && o.role < NROLES)
		decide_by_rules(p, &sets[o.role], out);
	for (size_t k = 0; k < out->nrules; k++)	/* step 7: audit */
		if (out->rules[k]->actions & RA_AUDIT)
			out->audit = true;
}

void explain_decide(const struct policy *p, const struct rule *req,
		    const struct eval_state *st, struct decision *out)
{
	memset(out, 0, sizeof(*out));
	decide(p, req, st, out);
}
