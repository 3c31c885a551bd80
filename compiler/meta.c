// SPDX-License-Identifier: GPL-2.0-only
/* meta.c - the meta-policy: what the policies on one system may contain
 * (docs/meta-policy.md).  meta_load() reads the YAML file with the same
 * reader as policies (yaml_tree.c: its bounds on depth, nodes and alias
 * expansion, CR LF, byte columns), then checks it against the schema.
 * meta_check() reports each way a policy breaks it as an error with check
 * "meta-policy", naming the meta rule and where it is written. */
#include "lint.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "glob.h"
#include "names.h"
#include "util.h"
#include "yaml_tree.h"

/* Restriction comparisons meta_check() spends on excusing rules that reach
 * an alwaysDeny path.  Once spent, such rules are reported (a meta-policy
 * errs on the side of rejecting). */
#define META_BUDGET (1L << 21)

/* ---------------------------------------------------------------------- */
/* The loaded meta-policy                                                  */

enum meta_flag {
	MF_DEFAULT_ALLOW,
	MF_COMPLAIN,
	MF_PRIVILEGED,
	MF_IPC,
	MF_KFUNC,
	MF__COUNT
};

static const char *const flag_keys[MF__COUNT] = {
	[MF_DEFAULT_ALLOW] = "defaultAllow",
	[MF_COMPLAIN] = "complain",
	[MF_PRIVILEGED] = "privileged",
	[MF_IPC] = "ipc",
	[MF_KFUNC] = "kfunc",
};

/* One meta rule: its text as shown in messages, and where it is written. */
struct meta_rule {
	const char *text;	/* "forbid.complain", "alwaysDeny: /etc/shadow" */
	struct loc loc;
};

struct meta_cap {
	struct meta_rule rule;
	uint64_t bits;
};

struct meta_path {
	struct meta_rule rule;
	const char *path;
};

struct meta_policy {
	bool forbid[MF__COUNT];
	struct meta_rule flag_rule[MF__COUNT];
	struct meta_cap *caps;
	size_t ncaps, caps_cap;
	struct meta_path *paths;
	size_t npaths, paths_cap;
};

/* ---------------------------------------------------------------------- */
/* Schema                                                                  */

struct loader {
	struct meta_policy *m;
	struct diag *d;
	const struct ytree *t;
};

/* A node as used: an alias stands for its anchored node. */
static const struct ynode *deref(const struct ynode *n)
{
	return n->kind == YN_ALIAS ? n->target : n;
}

/* Where node n (as written, maybe an alias) is: a scalar's token, else
 * its first byte. */
static struct loc nloc(const struct loader *ld, const struct ynode *n)
{
	return n->kind == YN_SCALAR ? ytree_scalar_loc(ld->t, n) : ytree_loc(ld->t, n);
}

static bool is_null(const struct ynode *n)
{
	return ynode_is_null(deref(n));
}

/* The value of a scalar (after an alias), or NULL. */
static const char *scalar(const struct ynode *n)
{
	n = deref(n);
	return n->kind == YN_SCALAR ? n->value : NULL;
}

static bool plain_scalar(const struct ynode *n)
{
	n = deref(n);
	return n->kind == YN_SCALAR && n->style == YS_PLAIN;
}

/* "unknown key 'x' in forbid; did you mean 'y'?", else the keys it knows. */
static void unknown_key(struct loader *ld, const struct ynode *key, const char *where,
			const char *const *known, size_t nknown)
{
	const char *word = scalar(key);
	const char *best = NULL;
	int best_dist = 3;
	for (size_t i = 0; i < nknown; i++) {
		int dist = edit_distance(word, known[i], best_dist);
		if (dist < best_dist)
			best = known[i], best_dist = dist;
	}
	if (best) {
		diag_error(ld->d, nloc(ld, key), "unknown-key",
			   "unknown key '%s' in %s; did you mean '%s'?", word, where, best);
		return;
	}
	struct strbuf sb = { 0 };
	for (size_t i = 0; i < nknown; i++)
		sb_printf(&sb, "%s'%s'", !i ? "" : i + 1 == nknown ? " or " : ", ", known[i]);
	diag_error(ld->d, nloc(ld, key), "unknown-key", "unknown key '%s' in %s (expected %s)",
		   word, where, sb_finish(&sb));
}

/* Is key a scalar, and the first of its name in map (before index i)? */
static bool key_ok(struct loader *ld, const struct ynode *map, size_t i)
{
	const struct ynode *key = map->kids[i];
	const char *word = scalar(key);
	if (!word) {
		diag_error(ld->d, nloc(ld, key), "bad-value", "mapping keys must be plain words");
		return false;
	}
	for (size_t j = 0; j < i; j += 2) {
		const char *other = scalar(map->kids[j]);
		if (other && !strcmp(other, word)) {
			diag_error(ld->d, nloc(ld, key), "duplicate-key", "duplicate key '%s'", word);
			return false;
		}
	}
	return true;
}

static void load_flag(struct loader *ld, enum meta_flag f, const struct ynode *v)
{
	const char *name = flag_keys[f];
	const char *val = scalar(v);
	if (!plain_scalar(v) || (strcmp(val, "true") && strcmp(val, "false"))) {
		diag_error(ld->d, nloc(ld, v), "bad-value", "'forbid.%s' must be true or false",
			   name);
		return;
	}
	ld->m->forbid[f] = !strcmp(val, "true");
	ld->m->flag_rule[f].text = arena_printf("forbid.%s", name);
	ld->m->flag_rule[f].loc = nloc(ld, v);
}

static void load_cap(struct loader *ld, const struct ynode *v)
{
	const char *name = scalar(v);
	if (!name || is_null(v)) {
		diag_error(ld->d, nloc(ld, v), "bad-value", "a capability must be a name");
		return;
	}
	uint64_t bits = 0;
	if (!names_lookup(NS_CAP, name, &bits)) {
		const char *hint = names_suggest(NS_CAP, name);
		if (hint)
			diag_error(ld->d, nloc(ld, v), "unknown-capability",
				   "unknown capability '%s'; did you mean '%s'?", name, hint);
		else
			diag_error(ld->d, nloc(ld, v), "unknown-capability",
				   "unknown capability '%s'", name);
		return;
	}
	struct meta_policy *m = ld->m;
	struct meta_cap *c = arena_grow(&m->caps, &m->ncaps, &m->caps_cap, sizeof(*m->caps));
	c->bits = bits;
	c->rule.text = arena_printf("forbid.capabilities: %s", name);
	c->rule.loc = nloc(ld, v);
}

static void load_caps(struct loader *ld, const struct ynode *v)
{
	const struct ynode *n = deref(v);
	if (n->kind == YN_SEQ) {
		for (size_t i = 0; i < n->nkids; i++)
			load_cap(ld, n->kids[i]);
	} else if (!is_null(v)) {
		load_cap(ld, v);	/* one name without brackets */
	}
}

static void load_forbid(struct loader *ld, const struct ynode *v)
{
	if (is_null(v))
		return;
	const struct ynode *map = deref(v);
	if (map->kind != YN_MAP) {
		diag_error(ld->d, nloc(ld, v), "bad-value", "'forbid' must be a mapping");
		return;
	}
	static const char *const keys[] = { "defaultAllow", "complain", "privileged",
					    "ipc", "kfunc", "capabilities" };
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *key = map->kids[i], *val = map->kids[i + 1];
		if (!key_ok(ld, map, i))
			continue;
		const char *word = scalar(key);
		if (!strcmp(word, "capabilities")) {
			load_caps(ld, val);
			continue;
		}
		size_t f;
		for (f = 0; f < MF__COUNT; f++)
			if (!strcmp(word, flag_keys[f]))
				break;
		if (f < MF__COUNT)
			load_flag(ld, (enum meta_flag)f, val);
		else
			unknown_key(ld, key, "forbid", keys, ARRAY_LEN(keys));
	}
}

static void load_always_deny(struct loader *ld, const struct ynode *v)
{
	if (is_null(v))
		return;
	const struct ynode *seq = deref(v);
	if (seq->kind != YN_SEQ) {
		diag_error(ld->d, nloc(ld, v), "bad-value", "'alwaysDeny' must be a list of paths");
		return;
	}
	struct meta_policy *m = ld->m;
	for (size_t i = 0; i < seq->nkids; i++) {
		const struct ynode *item = seq->kids[i];
		const char *path = scalar(item);
		if (!path || is_null(item)) {
			diag_error(ld->d, nloc(ld, item), "bad-value", "'alwaysDeny' items must be paths");
			continue;
		}
		if (!check_path(ld->d, nloc(ld, item), path, true))
			continue;
		struct meta_path *p = arena_grow(&m->paths, &m->npaths, &m->paths_cap,
						 sizeof(*m->paths));
		p->path = path;
		p->rule.text = arena_printf("alwaysDeny: %s", path);
		p->rule.loc = nloc(ld, item);
	}
}

static void load_root(struct loader *ld, const struct ynode *root)
{
	if (!root || is_null(root))
		return;		/* an empty meta-policy allows everything */
	const struct ynode *map = deref(root);
	if (map->kind != YN_MAP) {
		diag_error(ld->d, nloc(ld, root), "syntax",
			   "a meta-policy is a mapping with the keys forbid and alwaysDeny");
		return;
	}
	static const char *const keys[] = { "forbid", "alwaysDeny" };
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *key = map->kids[i], *val = map->kids[i + 1];
		if (!key_ok(ld, map, i))
			continue;
		const char *word = scalar(key);
		if (!strcmp(word, "forbid"))
			load_forbid(ld, val);
		else if (!strcmp(word, "alwaysDeny"))
			load_always_deny(ld, val);
		else
			unknown_key(ld, key, "the meta-policy", keys, ARRAY_LEN(keys));
	}
}

struct meta_policy *meta_load_source(const struct source *src, struct diag *d)
{
	size_t errors = d->errors;
	const struct ytree *t = ytree_load(src, d);
	if (!t)
		return NULL;
	struct loader ld = { .m = arena_alloc(sizeof(struct meta_policy)), .d = d, .t = t };
	load_root(&ld, t->root);
	return d->errors == errors ? ld.m : NULL;
}

struct meta_policy *meta_load(const char *path, struct diag *d, int *io_error)
{
	struct source *src = source_load(path, d, io_error);
	return src ? meta_load_source(src, d) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Checking a policy                                                       */

static const char *loc_str(struct loc l)
{
	const char *file = l.file ? l.file : l.src ? l.src->name : "?";
	return arena_printf("%s:%d:%d", file, l.line, l.col);
}

static struct loc policy_loc(const struct policy *p)
{
	struct loc at = p->loc;
	if (at.line < 1)
		at.line = 1, at.col = 1;
	return at;
}

static void check_flags(const struct meta_policy *m, const struct policy *p, struct diag *d)
{
	static const char *const what[] = {
		[MF_DEFAULT_ALLOW] = "default allow",
		[MF_COMPLAIN] = "complain mode",
		[MF_PRIVILEGED] = "privileged mode",
	};
	bool has[] = {
		[MF_DEFAULT_ALLOW] = p->default_allow,
		[MF_COMPLAIN] = p->complain,
		[MF_PRIVILEGED] = p->privileged,
	};
	for (int f = MF_DEFAULT_ALLOW; f <= MF_PRIVILEGED; f++)
		if (m->forbid[f] && has[f])
			diag_error(d, policy_loc(p), "meta-policy",
				   "%s is forbidden by meta-policy rule '%s' (%s)", what[f],
				   m->flag_rule[f].text, loc_str(m->flag_rule[f].loc));
}

static void check_rule_flags(const struct meta_policy *m, const struct policy *p, struct diag *d)
{
	struct loc last_kfunc = { 0 };
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (m->forbid[MF_IPC] && r->kind == RK_IPC && (r->actions & RA_ALLOW))
			diag_error(d, r->loc, "meta-policy",
				   "ipc with '%s' is forbidden by meta-policy rule '%s' (%s)",
				   r->policy ? r->policy : "?", m->flag_rule[MF_IPC].text,
				   loc_str(m->flag_rule[MF_IPC].loc));
		if (m->forbid[MF_KFUNC] && r->ctx.func && r->ctx.kfunc) {
			/* A #[kfunc] block is reported once, at its directive. */
			struct loc at = r->ctx.loc.line > 0 ? r->ctx.loc : r->loc;
			if (at.line == last_kfunc.line && at.col == last_kfunc.col &&
			    at.src == last_kfunc.src)
				continue;
			last_kfunc = at;
			diag_error(d, at, "meta-policy",
				   "kernel function context '%s' is forbidden by meta-policy rule '%s' (%s)",
				   r->ctx.func, m->flag_rule[MF_KFUNC].text,
				   loc_str(m->flag_rule[MF_KFUNC].loc));
		}
	}
}

/* Capabilities denied by restrictions that always apply. */
static uint64_t denied_caps(const struct policy *p)
{
	uint64_t bits = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (r->kind == RK_CAP && (r->actions & RA_DENY) && !r->ctx.func)
			bits |= r->mask;
	}
	return bits;
}

/* Reports each capability in bits (or 'any' when all of them). */
static void report_caps(struct diag *d, struct loc at, uint64_t bits, const struct meta_cap *c,
			const char *why)
{
	if ((bits & CAP_ALL_MASK) == CAP_ALL_MASK) {
		diag_error(d, at, "meta-policy",
			   "capability 'any' is forbidden by meta-policy rule '%s' (%s)%s",
			   c->rule.text, loc_str(c->rule.loc), why);
		return;
	}
	for (int cap = 0; cap < CAP_COUNT; cap++)
		if (bits & (UINT64_C(1) << cap))
			diag_error(d, at, "meta-policy",
				   "capability '%s' is forbidden by meta-policy rule '%s' (%s)%s",
				   names_cap_name(cap), c->rule.text, loc_str(c->rule.loc), why);
}

static void check_caps(const struct meta_policy *m, const struct policy *p, struct diag *d)
{
	if (!m->ncaps)
		return;
	uint64_t denied = denied_caps(p);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (r->kind != RK_CAP || !(r->actions & RA_ALLOW))
			continue;
		for (size_t k = 0; k < m->ncaps; k++) {
			uint64_t bits = r->mask & m->caps[k].bits & ~denied;
			if (bits)
				report_caps(d, r->loc, bits, &m->caps[k], "");
		}
	}
	/* A privileged policy leaves capabilities to its default, and while
	 * untainted it enforces only restrictions. */
	if (!p->privileged)
		return;
	const char *why = p->default_allow ? ", but this privileged policy allows it by default"
		: !policy_starts_tainted(p) ? ", but this privileged policy allows it while untainted"
		: NULL;
	if (!why)
		return;
	for (size_t k = 0; k < m->ncaps; k++) {
		uint64_t bits = m->caps[k].bits & ~denied;
		if (bits)
			report_caps(d, policy_loc(p), bits, &m->caps[k], why);
	}
}

/* Access bits denied on every path pattern matches, by the restrictions
 * in cands (fs restrictions with no function context). */
static uint64_t denied_on(const struct policy *p, const size_t *cands, size_t n,
			  const char *pattern)
{
	uint64_t bits = 0;
	for (size_t k = 0; k < n; k++) {
		const struct rule *r = &p->rules[cands[k]];
		if (glob_covers(r->path, pattern))
			bits |= r->mask;
	}
	return bits;
}

/* Does rule r (a right, or a taint rule that lets its first access
 * through) give access to some path P matches? */
static bool rule_reaches(const struct policy *p, const struct rule *r, const char *pattern)
{
	bool grants = (r->actions & RA_ALLOW) ||
		      ((r->actions & RA_TAINT) && !(r->actions & RA_DENY) && !p->default_taint);
	if (!grants || !r->mask || !r->path)
		return false;
	if (r->kind == RK_FS)
		return glob_intersects(r->path, pattern);
	if (r->kind != RK_FILESYSTEM)
		return false;
	/* The mount at r->path holds r->path and (string-wise) everything under it. */
	if (!strcmp(r->path, "/"))
		return true;
	struct strbuf subtree = { 0 };
	sb_printf(&subtree, "%s/**", r->path);
	bool meets = glob_intersects(subtree.s, pattern);
	sb_free(&subtree);
	return meets;
}

static void check_always_deny_one(const struct meta_path *mp, const struct policy *p,
				  struct diag *d, size_t *cands, long *budget)
{
	/* Restrictions that can deny anything under the pattern. */
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (r->kind == RK_FS && (r->actions & RA_DENY) && !r->ctx.func && r->path &&
		    glob_intersects(r->path, mp->path))
			cands[n++] = i;
	}
	uint64_t denied = denied_on(p, cands, n, mp->path);
	if ((denied & ACC_ALL) == ACC_ALL)
		return;
	const char *head = arena_printf(
		"path '%s' must always be denied (meta-policy rule '%s' at %s), but", mp->path,
		mp->rule.text, loc_str(mp->rule.loc));
	if (p->default_allow)
		diag_error(d, policy_loc(p), "meta-policy", "%s the policy's default allows it",
			   head);
	else if (!policy_starts_tainted(p))
		diag_error(d, policy_loc(p), "meta-policy",
			   "%s the policy allows it while untainted", head);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!rule_reaches(p, r, mp->path))
			continue;
		/* Granted accesses that restrictions take back everywhere. */
		uint64_t taken = denied;
		if (r->kind == RK_FS && *budget >= (long)n) {
			*budget -= (long)n;
			taken |= denied_on(p, cands, n, r->path);
		}
		if ((r->mask & ~taken) == 0)
			continue;
		diag_error(d, r->loc, "meta-policy", "%s this rule grants it", head);
	}
}

void meta_check(const struct meta_policy *m, const struct policy *p, struct diag *d)
{
	if (!m)
		return;
	check_flags(m, p, d);
	check_rule_flags(m, p, d);
	check_caps(m, p, d);
	if (!m->npaths)
		return;
	size_t *cands = calloc(p->nrules + 1, sizeof(size_t));
	if (!cands)
		fatal("out of memory");
	long budget = META_BUDGET;
	for (size_t k = 0; k < m->npaths; k++)
		check_always_deny_one(&m->paths[k], p, d, cands, &budget);
	free(cands);
}
