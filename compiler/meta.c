// SPDX-License-Identifier: GPL-2.0-only
/* meta.c - the meta-policy: what the policies on one system may contain
 * (docs/meta-policy.md).  meta_load() reads a small YAML file into a tree
 * of scalars, sequences and mappings (libyaml events, depth-bounded, every
 * node with its file:line:col), then checks it against the schema.
 * meta_check() reports each way a policy breaks it as an error with check
 * "meta-policy", naming the meta rule and where it is written. */
#include "lint.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "check.h"
#include "glob.h"
#include "names.h"
#include "util.h"

/* The schema is three levels deep; anything deeper is not a meta-policy. */
#define META_MAX_DEPTH 8
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
/* A tiny YAML tree                                                        */

enum mnode_type { MN_SCALAR, MN_SEQ, MN_MAP };

struct mnode {
	enum mnode_type type;
	const char *value;	/* MN_SCALAR */
	bool plain;		/* unquoted scalar */
	struct loc loc;
	struct mnode **kids;	/* MN_SEQ: items; MN_MAP: key, value, key, value ... */
	size_t n, cap;
};

/* libyaml counts columns in characters; diagnostics want bytes. */
static struct loc mark_loc(const struct source *src, yaml_mark_t m)
{
	int line = (int)m.line + 1;
	if (line > src->nlines)
		line = src->nlines;
	size_t len;
	const char *t = source_line(src, line, &len);
	size_t b = 0;
	for (size_t c = 0; c < m.column && b < len; c++) {
		b++;
		while (b < len && ((unsigned char)t[b] & 0xc0) == 0x80)
			b++;
	}
	return source_loc_lc(src, line, (int)b + 1);
}

static struct mnode *new_node(enum mnode_type type, const struct source *src, const yaml_event_t *ev)
{
	struct mnode *n = arena_alloc(sizeof(*n));
	n->type = type;
	n->loc = mark_loc(src, ev->start_mark);
	if (type == MN_SCALAR) {
		n->value = arena_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	}
	return n;
}

static bool is_null(const struct mnode *n)
{
	return n->type == MN_SCALAR && n->plain &&
	       (!*n->value || !strcmp(n->value, "~") || !strcmp(n->value, "null") ||
		!strcmp(n->value, "Null") || !strcmp(n->value, "NULL"));
}

struct reader {
	const struct source *src;
	struct diag *d;
	struct mnode *stack[META_MAX_DEPTH];
	int depth;
	struct mnode *root;
	int documents;
};

/* Places a new node in its parent (or as the root).  Returns false after
 * reporting when it cannot be placed. */
static bool place(struct reader *rd, struct mnode *n)
{
	if (rd->depth == 0) {
		rd->root = n;
	} else {
		struct mnode *parent = rd->stack[rd->depth - 1];
		struct mnode **slot = arena_grow(&parent->kids, &parent->n, &parent->cap,
						 sizeof(*parent->kids));
		*slot = n;
	}
	if (n->type == MN_SCALAR)
		return true;
	if (rd->depth == META_MAX_DEPTH) {
		diag_error(rd->d, n->loc, "too-deep",
			   "meta-policy nests deeper than %d levels", META_MAX_DEPTH);
		return false;
	}
	rd->stack[rd->depth++] = n;
	return true;
}

/* Handles one event.  Returns 1 to go on, 0 at the end, -1 after an error. */
static int on_event(struct reader *rd, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++rd->documents > 1) {
			diag_error(rd->d, mark_loc(rd->src, ev->start_mark), "syntax",
				   "a meta-policy file holds one YAML document");
			return -1;
		}
		return 1;
	case YAML_ALIAS_EVENT:
		diag_error(rd->d, mark_loc(rd->src, ev->start_mark), "bad-value",
			   "aliases are not allowed in a meta-policy");
		return -1;
	case YAML_SCALAR_EVENT:
		return place(rd, new_node(MN_SCALAR, rd->src, ev)) ? 1 : -1;
	case YAML_SEQUENCE_START_EVENT:
		return place(rd, new_node(MN_SEQ, rd->src, ev)) ? 1 : -1;
	case YAML_MAPPING_START_EVENT:
		return place(rd, new_node(MN_MAP, rd->src, ev)) ? 1 : -1;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		rd->depth--;
		return 1;
	default:
		return 1;
	}
}

static void report_parser_error(struct reader *rd, const yaml_parser_t *parser)
{
	struct loc at = mark_loc(rd->src, parser->problem_mark);
	const char *problem = parser->problem ? parser->problem : "invalid YAML";
	if (parser->context)
		diag_error(rd->d, at, "syntax", "%s %s", parser->context, problem);
	else
		diag_error(rd->d, at, "syntax", "%s", problem);
}

/* Reads the file's one document.  *root is NULL for an empty file. */
static bool read_tree(const struct source *src, struct diag *d, struct mnode **root)
{
	struct reader rd = { .src = src, .d = d };
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		fatal("out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->text, src->len);
	int state = 1;
	while (state > 0) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&rd, &parser);
			state = -1;
			break;
		}
		state = on_event(&rd, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	*root = rd.root;
	return state == 0;
}

/* ---------------------------------------------------------------------- */
/* Schema                                                                  */

struct loader {
	struct meta_policy *m;
	struct diag *d;
};

/* "unknown key 'x' in forbid; did you mean 'y'?" */
static void unknown_key(struct loader *ld, const struct mnode *key, const char *where,
			const char *const *known, size_t nknown)
{
	const char *best = NULL;
	int best_dist = 3;
	for (size_t i = 0; i < nknown; i++) {
		int dist = edit_distance(key->value, known[i], best_dist);
		if (dist < best_dist)
			best = known[i], best_dist = dist;
	}
	if (best)
		diag_error(ld->d, key->loc, "unknown-key", "unknown key '%s' in %s; did you mean '%s'?",
			   key->value, where, best);
	else
		diag_error(ld->d, key->loc, "unknown-key", "unknown key '%s' in %s", key->value,
			   where);
}

/* Is key a scalar, and the first of its name in map (before index i)? */
static bool key_ok(struct loader *ld, const struct mnode *map, size_t i)
{
	const struct mnode *key = map->kids[i];
	if (key->type != MN_SCALAR) {
		diag_error(ld->d, key->loc, "bad-value", "mapping keys must be plain words");
		return false;
	}
	for (size_t j = 0; j < i; j += 2)
		if (map->kids[j]->type == MN_SCALAR && !strcmp(map->kids[j]->value, key->value)) {
			diag_error(ld->d, key->loc, "duplicate-key", "duplicate key '%s'", key->value);
			return false;
		}
	return true;
}

static void load_flag(struct loader *ld, enum meta_flag f, const struct mnode *v)
{
	const char *name = flag_keys[f];
	if (v->type != MN_SCALAR || !v->plain ||
	    (strcmp(v->value, "true") && strcmp(v->value, "false"))) {
		diag_error(ld->d, v->loc, "bad-value", "'forbid.%s' must be true or false", name);
		return;
	}
	ld->m->forbid[f] = !strcmp(v->value, "true");
	ld->m->flag_rule[f].text = arena_printf("forbid.%s", name);
	ld->m->flag_rule[f].loc = v->loc;
}

static void load_cap(struct loader *ld, const struct mnode *v)
{
	if (v->type != MN_SCALAR || is_null(v)) {
		diag_error(ld->d, v->loc, "bad-value", "a capability must be a name");
		return;
	}
	uint64_t bits = 0;
	if (!names_lookup(NS_CAP, v->value, &bits)) {
		const char *hint = names_suggest(NS_CAP, v->value);
		if (hint)
			diag_error(ld->d, v->loc, "unknown-capability",
				   "unknown capability '%s'; did you mean '%s'?", v->value, hint);
		else
			diag_error(ld->d, v->loc, "unknown-capability", "unknown capability '%s'",
				   v->value);
		return;
	}
	struct meta_policy *m = ld->m;
	struct meta_cap *c = arena_grow(&m->caps, &m->ncaps, &m->caps_cap, sizeof(*m->caps));
	c->bits = bits;
	c->rule.text = arena_printf("forbid.capabilities: %s", v->value);
	c->rule.loc = v->loc;
}

static void load_caps(struct loader *ld, const struct mnode *v)
{
	if (v->type == MN_SEQ) {
		for (size_t i = 0; i < v->n; i++)
			load_cap(ld, v->kids[i]);
	} else if (!is_null(v)) {
		load_cap(ld, v);	/* one name without brackets */
	}
}

static void load_forbid(struct loader *ld, const struct mnode *v)
{
	if (is_null(v))
		return;
	if (v->type != MN_MAP) {
		diag_error(ld->d, v->loc, "bad-value", "'forbid' must be a mapping");
		return;
	}
	static const char *const keys[] = { "defaultAllow", "complain", "privileged",
					    "ipc", "kfunc", "capabilities" };
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct mnode *key = v->kids[i], *val = v->kids[i + 1];
		if (!key_ok(ld, v, i))
			continue;
		if (!strcmp(key->value, "capabilities")) {
			load_caps(ld, val);
			continue;
		}
		size_t f;
		for (f = 0; f < MF__COUNT; f++)
			if (!strcmp(key->value, flag_keys[f]))
				break;
		if (f < MF__COUNT)
			load_flag(ld, (enum meta_flag)f, val);
		else
			unknown_key(ld, key, "forbid", keys, ARRAY_LEN(keys));
	}
}

static void load_always_deny(struct loader *ld, const struct mnode *v)
{
	if (is_null(v))
		return;
	if (v->type != MN_SEQ) {
		diag_error(ld->d, v->loc, "bad-value", "'alwaysDeny' must be a list of paths");
		return;
	}
	struct meta_policy *m = ld->m;
	for (size_t i = 0; i < v->n; i++) {
		const struct mnode *item = v->kids[i];
		if (item->type != MN_SCALAR || is_null(item)) {
			diag_error(ld->d, item->loc, "bad-value", "'alwaysDeny' items must be paths");
			continue;
		}
		if (!check_path(ld->d, item->loc, item->value, true))
			continue;
		struct meta_path *p = arena_grow(&m->paths, &m->npaths, &m->paths_cap,
						 sizeof(*m->paths));
		p->path = item->value;
		p->rule.text = arena_printf("alwaysDeny: %s", item->value);
		p->rule.loc = item->loc;
	}
}

static void load_root(struct loader *ld, const struct mnode *root)
{
	if (!root || is_null(root))
		return;		/* an empty meta-policy allows everything */
	if (root->type != MN_MAP) {
		diag_error(ld->d, root->loc, "syntax",
			   "a meta-policy is a mapping with the keys forbid and alwaysDeny");
		return;
	}
	static const char *const keys[] = { "forbid", "alwaysDeny" };
	for (size_t i = 0; i + 1 < root->n; i += 2) {
		const struct mnode *key = root->kids[i], *val = root->kids[i + 1];
		if (!key_ok(ld, root, i))
			continue;
		if (!strcmp(key->value, "forbid"))
			load_forbid(ld, val);
		else if (!strcmp(key->value, "alwaysDeny"))
			load_always_deny(ld, val);
		else
			unknown_key(ld, key, "the meta-policy", keys, ARRAY_LEN(keys));
	}
}

struct meta_policy *meta_load(const char *path, struct diag *d, int *io_error)
{
	struct source *src = source_load(path, d, io_error);
	if (!src)
		return NULL;
	size_t errors = d->errors;
	struct mnode *root;
	if (!read_tree(src, d, &root))
		return NULL;
	struct loader ld = { .m = arena_alloc(sizeof(struct meta_policy)), .d = d };
	load_root(&ld, root);
	return d->errors == errors ? ld.m : NULL;
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
