// SPDX-License-Identifier: GPL-2.0-only
/* yaml_front.c - the YAML policy language (docs/policy-language.md, section
 * 2): interprets the node tree that yaml_tree.c loads as a struct policy.
 * Every rule item becomes zero or more IR rules; each bad item gets one
 * error and is skipped, so independent mistakes are all reported. */
#include "frontend.h"

#include <string.h>

#include "check.h"
#include "include.h"
#include "names.h"
#include "util.h"
#include "yaml_tree.h"

/* A node as used: where it is written (maybe an alias) and what it is. */
struct ref {
	struct ynode *at;
	struct ynode *n;
};

struct yfront {
	const struct ytree *t;
	struct diag *d;
	struct policy *p;
	const struct include_ctx *ic;
	bool snippet;		/* an included file: rule keys only */
	size_t visits;
	bool stop;		/* a bound was hit: interpret nothing more */
	/* Modifiers of the rule item being read (audit: true, func: f ...),
	 * applied to every IR rule it becomes. */
	unsigned mod_actions;
	struct rule_ctx mod_ctx;
};

/* A key of a mapping the schema knows; aliases share an id. */
struct keyname {
	const char *name;
	int id;
};

struct field {
	bool set;
	struct ref key, val;
};

/* ---- nodes and locations ---- */

/* Every node the interpreter looks at goes through here: an alias counts
 * its target again each time it is used. */
static struct ref use(struct yfront *f, struct ynode *at)
{
	struct ref r = { at, at->kind == YN_ALIAS ? at->target : at };
	if (++f->visits > YTREE_MAX_NODES + YTREE_MAX_ALIAS_NODES && !f->stop) {
		diag_error(f->d, ytree_loc(f->t, at), "too-many-nodes",
			   "too many YAML nodes, aliases expanded: more than %d",
			   YTREE_MAX_NODES + YTREE_MAX_ALIAS_NODES);
		f->stop = true;
	}
	return r;
}

static struct loc at_loc(struct yfront *f, struct ref r)
{
	return ytree_loc(f->t, r.at);
}

/* Where a scalar argument is: its token, or the alias standing for it. */
static struct loc arg_loc(struct yfront *f, struct ref r)
{
	return r.at == r.n ? ytree_scalar_loc(f->t, r.n) : ytree_loc(f->t, r.at);
}

/* Byte off of a scalar's value. */
static struct loc sub_loc(struct yfront *f, struct ref r, size_t off)
{
	return r.at == r.n ? ytree_value_loc(f->t, r.n, off) : ytree_loc(f->t, r.at);
}

static const char *describe(const struct ynode *n)
{
	if (ynode_is_null(n))
		return "an empty value";
	return n->kind == YN_MAP ? "a mapping" : n->kind == YN_SEQ ? "a list" : "a string";
}

/* A scalar with something in it.  Unlike ynode_is_null(), the word "null"
 * counts: it is a device class, and may name a policy. */
static bool is_string(const struct ynode *n)
{
	return n->kind == YN_SCALAR &&
	       !(n->style == YS_PLAIN && (!n->len || !strcmp(n->value, "~")));
}

/* ---- mappings with known keys ---- */

static int find_key(const struct keyname *tab, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tab[i].name, word))
			return tab[i].id;
	return -1;
}

/* Closest key for "did you mean": one edit for short words, two otherwise. */
static const char *suggest_key(const struct keyname *tab, size_t n, const char *word)
{
	int cap = strlen(word) <= 4 ? 1 : 2;
	const char *best = NULL;
	int best_d = cap + 1;
	for (size_t i = 0; i < n; i++) {
		int dist = edit_distance(word, tab[i].name, cap);
		if (dist < best_d) {
			best_d = dist;
			best = tab[i].name;
		}
	}
	return best;
}

/* "a, b or c": the names of tab, for a message. */
static const char *key_list(const struct keyname *tab, size_t n)
{
	struct strbuf sb = { 0 };
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "%s'%s'", !i ? "" : i + 1 == n ? " or " : ", ", tab[i].name);
	return sb_finish(&sb);
}

static bool is_policy_setting(const char *word)
{
	static const char *const settings[] = { "name", "command", "cmd", "default",
						"defaultTaint", "complain", "privileged" };
	for (size_t i = 0; i < ARRAY_LEN(settings); i++)
		if (!strcmp(word, settings[i]))
			return true;
	return false;
}

static void unknown_key(struct yfront *f, struct ref key, const char *where,
			const struct keyname *tab, size_t n)
{
	const char *word = key.n->value;
	if (f->snippet && is_policy_setting(word)) {
		diag_error(f->d, at_loc(f, key), "include",
			   "an included file holds only rules: '%s' belongs in the policy that "
			   "includes it", word);
		return;
	}
	const char *sug = suggest_key(tab, n, word);
	if (sug)
		diag_error(f->d, at_loc(f, key), "unknown-key", "unknown key '%s'%s; did you mean '%s'?",
			   word, where, sug);
	else
		diag_error(f->d, at_loc(f, key), "unknown-key", "unknown key '%s'%s (expected %s)",
			   word, where, key_list(tab, n));
}

/* Reads mapping m into out[id] for the keys of tab, reporting unknown,
 * duplicate and non-string keys.  order (if not NULL) receives the ids in
 * the order written.  Returns false if a key was bad. */
static bool read_map(struct yfront *f, struct ref m, const struct keyname *tab, size_t ntab,
		     struct field *out, int *order, size_t *norder, const char *where)
{
	bool ok = true;
	for (size_t i = 0; i + 1 < m.n->nkids && !f->stop; i += 2) {
		struct ref key = use(f, m.n->kids[i]);
		if (!is_string(key.n)) {
			diag_error(f->d, at_loc(f, key), "bad-value", "a key must be a name, not %s",
				   describe(key.n));
			ok = false;
			continue;
		}
		int id = find_key(tab, ntab, key.n->value);
		if (id < 0) {
			unknown_key(f, key, where, tab, ntab);
			ok = false;
			continue;
		}
		if (out[id].set) {
			const char *first = out[id].key.n->value;
			if (strcmp(first, key.n->value))
				diag_error(f->d, at_loc(f, key), "duplicate-key",
					   "duplicate key '%s'%s: '%s' is given already", key.n->value,
					   where, first);
			else
				diag_error(f->d, at_loc(f, key), "duplicate-key", "duplicate key '%s'%s",
					   key.n->value, where);
			diag_note(f->d, at_loc(f, out[id].key), "duplicate-key", "first given here");
			ok = false;
			continue;
		}
		out[id].set = true;
		out[id].key = key;
		out[id].val = use(f, m.n->kids[i + 1]);
		if (order)
			order[(*norder)++] = id;
	}
	return ok && !f->stop;
}

/* ---- values ---- */

static bool get_string(struct yfront *f, struct ref v, const char *what, const char **out)
{
	if (!is_string(v.n)) {
		diag_error(f->d, at_loc(f, v), "bad-value", "%s must be a string, not %s", what,
			   describe(v.n));
		return false;
	}
	*out = v.n->value;
	return true;
}

/* Length of the UTF-8 character at s (for quoting one character). */
static int char_len(const char *s)
{
	int n = 1;
	while (s[n] && ((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* An access string s, found at byte off of scalar at's value. */
static bool access_word(struct yfront *f, const char *s, struct ref at, size_t off,
			uint64_t *mask)
{
	uint64_t bits = 0;
	size_t bad = 0;
	if (names_yaml_access(s, &bits, &bad)) {
		*mask |= bits;
		return true;
	}
	if (!*s) {
		diag_error(f->d, sub_loc(f, at, off), "bad-value", "empty access");
		return false;
	}
	const char *sug = strlen(s) > 3 ? names_suggest(NS_YAML_ACCESS, s) : NULL;
	if (sug)
		diag_error(f->d, sub_loc(f, at, off), "unknown-flag",
			   "unknown access '%s'; did you mean '%s'?", s, sug);
	else
		diag_error(f->d, sub_loc(f, at, off + bad), "unknown-flag",
			   "unknown access letter '%.*s' in '%s'", char_len(s + bad), s + bad, s);
	return false;
}

static bool get_access(struct yfront *f, struct ref v, uint64_t *mask)
{
	if (!is_string(v.n)) {
		diag_error(f->d, at_loc(f, v), "bad-value",
			   "access must be letters like 'rw' or one word like 'readOnly', not %s",
			   describe(v.n));
		return false;
	}
	*mask = 0;
	return access_word(f, v.n->value, v, 0, mask);
}

static bool get_path(struct yfront *f, struct ref v, bool glob_ok, struct rule *r)
{
	const char *path;
	if (!get_string(f, v, "a path", &path))
		return false;
	r->arg_loc = arg_loc(f, v);
	r->path = path;
	return check_path(f->d, r->arg_loc, path, glob_ok);
}

static bool target_word(struct yfront *f, const char *s, struct loc loc, struct target *t)
{
	uint64_t kind = 0;
	if (names_lookup(NS_TARGET, s, &kind)) {
		t->kind = (enum target_kind)kind;
		return true;
	}
	if (s[0] == '/') {
		t->kind = TGT_PROGRAM;
		t->name = s;
		return check_path(f->d, loc, s, true);
	}
	t->kind = TGT_POLICY;
	t->name = s;
	return true;
}

static bool get_target(struct yfront *f, struct ref v, struct rule *r)
{
	const char *s;
	if (!get_string(f, v, "a target", &s))
		return false;
	r->arg_loc = arg_loc(f, v);
	return target_word(f, s, r->arg_loc, &r->target);
}

/* A vocabulary of words (names.h) and how its unknown words are reported. */
struct vocab {
	enum name_space ns;
	const char *what;
	const char *check;
};

static const struct vocab v_net = { NS_YAML_NET, "network word", "unknown-flag" };
static const struct vocab v_signal = { NS_SIGNAL, "signal", "unknown-signal" };
static const struct vocab v_cap = { NS_CAP, "capability", "unknown-capability" };
static const struct vocab v_ptrace = { NS_PTRACE_FLAG, "ptrace access", "unknown-flag" };

static bool lookup_word(struct yfront *f, const struct vocab *v, const char *w, struct loc loc,
			uint64_t *mask)
{
	if (names_lookup(v->ns, w, mask))
		return true;
	const char *sug = names_suggest(v->ns, w);
	if (sug)
		diag_error(f->d, loc, v->check, "unknown %s '%s'; did you mean '%s'?", v->what, w,
			   sug);
	else
		diag_error(f->d, loc, v->check, "unknown %s '%s'", v->what, w);
	return false;
}

/* A word or a non-empty list of words; *first gets the first word's place. */
static bool get_words(struct yfront *f, const struct vocab *v, struct ref val, const char *key,
		      uint64_t *mask, struct loc *first)
{
	*mask = 0;
	if (is_string(val.n)) {
		*first = arg_loc(f, val);
		return lookup_word(f, v, val.n->value, *first, mask);
	}
	if (val.n->kind != YN_SEQ || !val.n->nkids) {
		diag_error(f->d, at_loc(f, val), "bad-value",
			   "'%s' takes a name or a list of names, not %s", key,
			   val.n->kind == YN_SEQ ? "an empty list" : describe(val.n));
		return false;
	}
	for (size_t i = 0; i < val.n->nkids && !f->stop; i++) {
		struct ref item = use(f, val.n->kids[i]);
		if (!is_string(item.n)) {
			diag_error(f->d, at_loc(f, item), "bad-value",
				   "the items of '%s' must be names, not %s", key, describe(item.n));
			return false;
		}
		if (i == 0)
			*first = arg_loc(f, item);
		if (!lookup_word(f, v, item.n->value, arg_loc(f, item), mask))
			return false;
	}
	return !f->stop;
}

static bool dev_class_word(struct yfront *f, const char *w, struct loc loc, enum dev_class *out)
{
	if (names_dev_class(w, out))
		return true;
	const char *sug = names_suggest(NS_DEV_CLASS, w);
	if (sug)
		diag_error(f->d, loc, "unknown-device", "unknown device class '%s'; did you mean '%s'?",
			   w, sug);
	else
		diag_error(f->d, loc, "unknown-device", "unknown device class '%s'", w);
	return false;
}

/* A decimal number from 0 to max. */
static bool get_number(struct yfront *f, struct ref v, const char *what, int max, int *out)
{
	const char *s = is_string(v.n) ? v.n->value : "";
	long n = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9' && n <= max; i++)
		n = n * 10 + (s[i] - '0');
	if (!i || s[i] || n > max) {
		if (is_string(v.n))
			diag_error(f->d, arg_loc(f, v), "bad-value",
				   "%s must be a number from 0 to %d, not '%s'", what, max, s);
		else
			diag_error(f->d, at_loc(f, v), "bad-value",
				   "%s must be a number from 0 to %d, not %s", what, max,
				   describe(v.n));
		return false;
	}
	*out = (int)n;
	return true;
}

/* ---- rules ---- */

static void rule_begin(struct yfront *f, struct rule *r, struct ref item, unsigned action,
		       enum rule_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->actions = action;
	r->minor = -1;
	r->loc = at_loc(f, item);
	r->arg_loc = r->loc;
	r->text = ytree_text(f->t, item.n);
}

static void rule_commit(struct yfront *f, const struct rule *r)
{
	if (f->stop)
		return;
	if (f->p->nrules >= POLICY_MAX_RULES) {
		diag_error(f->d, r->loc, "too-many-rules", "more than %d rules in one policy",
			   POLICY_MAX_RULES);
		f->stop = true;
		return;
	}
	struct rule *out = policy_add_rule(f->p);
	*out = *r;
	out->actions |= f->mod_actions;
	out->ctx = f->mod_ctx;
}

/* Structured rule types: the key of a one-key mapping. */
enum rule_type {
	T_FILESYSTEM, T_FS, T_DEVICE, T_NUMDEV, T_CAP, T_IPC, T_NET, T_SIGNAL, T_PTRACE, T_PROC
};

static const struct keyname rule_keys[] = {
	{ "filesystem", T_FILESYSTEM },
	{ "fs", T_FILESYSTEM },	/* YAML fs is filesystem (semantics 10) */
	{ "file", T_FS },
	{ "device", T_DEVICE },
	{ "dev", T_DEVICE },
	{ "numberedDevice", T_NUMDEV },
	{ "capability", T_CAP },
	{ "cap", T_CAP },
	{ "ipc", T_IPC },
	{ "network", T_NET },
	{ "net", T_NET },
	{ "signal", T_SIGNAL },
	{ "sig", T_SIGNAL },
	{ "ptrace", T_PTRACE },
	{ "proc", T_PROC },
};

/* What one structured rule is being read: for messages. */
struct srule {
	struct ref item;	/* the list item */
	const char *key;	/* its key as written */
	struct ref val;		/* its value */
	unsigned action;
};

/* Reads the fields of a structured rule's mapping value. */
static bool rule_fields(struct yfront *f, const struct srule *s, const struct keyname *tab,
			size_t ntab, struct field *out)
{
	const char *where = arena_printf(" in %s rule", s->key);
	return read_map(f, s->val, tab, ntab, out, NULL, NULL, where);
}

static bool need_field(struct yfront *f, const struct srule *s, const struct field *fl,
		       const char *name)
{
	if (fl->set)
		return true;
	diag_error(f->d, at_loc(f, s->val), "bad-value", "'%s' rule needs '%s'", s->key, name);
	return false;
}

static void bad_shape(struct yfront *f, const struct srule *s, const char *expect)
{
	diag_error(f->d, at_loc(f, s->val), "bad-value", "'%s' takes %s, not %s", s->key, expect,
		   describe(s->val.n));
}

static void st_path(struct yfront *f, const struct srule *s, enum rule_kind kind)
{
	enum { F_PATH, F_ACCESS };
	static const struct keyname keys[] = {
		{ "path", F_PATH }, { "pathname", F_PATH }, { "access", F_ACCESS },
	};
	struct rule r;
	rule_begin(f, &r, s->item, s->action, kind);
	struct field fl[2] = { 0 };
	if (is_string(s->val.n)) {
		fl[F_PATH].set = true;
		fl[F_PATH].val = s->val;
	} else if (s->val.n->kind == YN_MAP) {
		if (!rule_fields(f, s, keys, ARRAY_LEN(keys), fl) || !need_field(f, s, &fl[F_PATH], "path"))
			return;
	} else {
		bad_shape(f, s, "a path or {path: PATH, access: ACCESS}");
		return;
	}
	if (!get_path(f, fl[F_PATH].val, kind == RK_FS, &r))
		return;
	r.mask = ACC_ALL;
	if (fl[F_ACCESS].set && !get_access(f, fl[F_ACCESS].val, &r.mask))
		return;
	rule_commit(f, &r);
}

static void st_device(struct yfront *f, const struct srule *s)
{
	enum { F_CLASS, F_ACCESS };
	static const struct keyname keys[] = { { "class", F_CLASS }, { "access", F_ACCESS } };
	struct rule r;
	rule_begin(f, &r, s->item, s->action, RK_DEV_CLASS);
	struct field fl[2] = { 0 };
	if (is_string(s->val.n)) {
		fl[F_CLASS].set = true;
		fl[F_CLASS].val = s->val;
	} else if (s->val.n->kind == YN_MAP) {
		if (!rule_fields(f, s, keys, ARRAY_LEN(keys), fl) ||
		    !need_field(f, s, &fl[F_CLASS], "class"))
			return;
	} else {
		bad_shape(f, s, "a device class or {class: CLASS, access: ACCESS}");
		return;
	}
	const char *cls;
	if (!get_string(f, fl[F_CLASS].val, "a device class", &cls))
		return;
	r.arg_loc = arg_loc(f, fl[F_CLASS].val);
	if (!dev_class_word(f, cls, r.arg_loc, &r.dev_class))
		return;
	r.mask = ACC_ALL;
	if (fl[F_ACCESS].set && !get_access(f, fl[F_ACCESS].val, &r.mask))
		return;
	rule_commit(f, &r);
}

static void st_numdev(struct yfront *f, const struct srule *s)
{
	enum { F_MAJOR, F_MINOR, F_ACCESS };
	static const struct keyname keys[] = {
		{ "major", F_MAJOR }, { "minor", F_MINOR }, { "access", F_ACCESS },
	};
	struct rule r;
	rule_begin(f, &r, s->item, s->action, RK_DEV_NUM);
	struct field fl[3] = { 0 };
	if (s->val.n->kind != YN_MAP) {
		bad_shape(f, s, "{major: N, minor: N, access: ACCESS}");
		return;
	}
	if (!rule_fields(f, s, keys, ARRAY_LEN(keys), fl) || !need_field(f, s, &fl[F_MAJOR], "major"))
		return;
	r.arg_loc = arg_loc(f, fl[F_MAJOR].val);
	if (!get_number(f, fl[F_MAJOR].val, "major", 4095, &r.major))
		return;
	if (fl[F_MINOR].set && !get_number(f, fl[F_MINOR].val, "minor", 1048575, &r.minor))
		return;
	r.mask = ACC_ALL;
	if (fl[F_ACCESS].set && !get_access(f, fl[F_ACCESS].val, &r.mask))
		return;
	rule_commit(f, &r);
}

static void st_words(struct yfront *f, const struct srule *s, enum rule_kind kind,
		     const struct vocab *v)
{
	struct rule r;
	rule_begin(f, &r, s->item, s->action, kind);
	struct loc first;
	if (!get_words(f, v, s->val, s->key, &r.mask, &first))
		return;
	if (kind == RK_NET)
		r.families = FAMILY_ANY;
	else
		r.arg_loc = first;
	rule_commit(f, &r);
}

static void ipc_rule(struct yfront *f, const struct srule *s, struct ref name)
{
	struct rule r;
	rule_begin(f, &r, s->item, s->action, RK_IPC);
	if (!get_string(f, name, "a policy name", &r.policy))
		return;
	r.arg_loc = arg_loc(f, name);
	rule_commit(f, &r);
}

static void st_ipc(struct yfront *f, const struct srule *s)
{
	if (s->val.n->kind != YN_SEQ || !s->val.n->nkids) {
		if (is_string(s->val.n))
			ipc_rule(f, s, s->val);
		else
			bad_shape(f, s, "a policy name or a list of them");
		return;
	}
	for (size_t i = 0; i < s->val.n->nkids && !f->stop; i++)
		ipc_rule(f, s, use(f, s->val.n->kids[i]));
}

/* signal, ptrace, proc: {to: TARGET, <what>: ...}. */
static void st_targeted(struct yfront *f, const struct srule *s, enum rule_kind kind)
{
	enum { F_TO, F_WHAT };
	static const struct keyname sig_keys[] = { { "to", F_TO }, { "signals", F_WHAT } };
	static const struct keyname acc_keys[] = { { "to", F_TO }, { "access", F_WHAT } };
	const struct keyname *keys = kind == RK_SIGNAL ? sig_keys : acc_keys;
	struct rule r;
	rule_begin(f, &r, s->item, s->action, kind);
	struct field fl[2] = { 0 };
	if (s->val.n->kind != YN_MAP) {
		bad_shape(f, s, kind == RK_SIGNAL ? "{to: TARGET, signals: [SIGNAL...]}"
						  : "{to: TARGET, access: ACCESS}");
		return;
	}
	if (!rule_fields(f, s, keys, 2, fl) || !need_field(f, s, &fl[F_TO], "to"))
		return;
	if (kind == RK_SIGNAL && !need_field(f, s, &fl[F_WHAT], "signals"))
		return;
	if (!get_target(f, fl[F_TO].val, &r))
		return;
	struct loc unused;
	if (kind == RK_SIGNAL) {
		if (!get_words(f, &v_signal, fl[F_WHAT].val, "signals", &r.mask, &unused))
			return;
	} else if (kind == RK_PTRACE) {
		r.mask = PT_ALL;
		if (fl[F_WHAT].set &&
		    !get_words(f, &v_ptrace, fl[F_WHAT].val, "access", &r.mask, &unused))
			return;
	} else {
		r.mask = ACC_ALL;
		if (fl[F_WHAT].set && !get_access(f, fl[F_WHAT].val, &r.mask))
			return;
	}
	rule_commit(f, &r);
}

static void structured_rule(struct yfront *f, const struct srule *s, enum rule_type type)
{
	switch (type) {
	case T_FILESYSTEM: st_path(f, s, RK_FILESYSTEM); break;
	case T_FS: st_path(f, s, RK_FS); break;
	case T_DEVICE: st_device(f, s); break;
	case T_NUMDEV: st_numdev(f, s); break;
	case T_CAP: st_words(f, s, RK_CAP, &v_cap); break;
	case T_IPC: st_ipc(f, s); break;
	case T_NET: st_words(f, s, RK_NET, &v_net); break;
	case T_SIGNAL: st_targeted(f, s, RK_SIGNAL); break;
	case T_PTRACE: st_targeted(f, s, RK_PTRACE); break;
	case T_PROC: st_targeted(f, s, RK_PROC); break;
	}
}

/* ---- short form: "RIGHT ARG ACCESS..." ---- */

enum short_type { S_FILESYSTEM, S_FS, S_NET, S_DEV_NAMED, S_DEVICE, S_CAP, S_IPC, S_SIGNAL };

static const struct keyname short_keys[] = {
	{ "filesystem", S_FILESYSTEM }, { "fs", S_FILESYSTEM }, { "file", S_FS },
	{ "network", S_NET },		{ "net", S_NET },	  { "video", S_DEV_NAMED },
	{ "sound", S_DEV_NAMED },	{ "gpu", S_DEV_NAMED },	  { "input", S_DEV_NAMED },
	{ "terminal", S_DEV_NAMED },	{ "tty", S_DEV_NAMED },	  { "null", S_DEV_NAMED },
	{ "random", S_DEV_NAMED },	{ "device", S_DEVICE },	  { "capability", S_CAP },
	{ "ipc", S_IPC },		{ "signal", S_SIGNAL },
};

/* The words of a short-form string, with their offsets in it. */
struct words {
	struct yfront *f;
	struct ref item;
	const char *s;
	size_t pos;
	const char *word;	/* the current word (arena) */
	size_t off;		/* its offset in s */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool next_word(struct words *w)
{
	while (w->s[w->pos] && is_blank(w->s[w->pos]))
		w->pos++;
	if (!w->s[w->pos])
		return false;
	size_t start = w->pos;
	while (w->s[w->pos] && !is_blank(w->s[w->pos]))
		w->pos++;
	w->word = arena_strndup(w->s + start, w->pos - start);
	w->off = start;
	return true;
}

static struct loc word_loc(const struct words *w)
{
	return sub_loc(w->f, w->item, w->off);
}

/* The next word, which the rule needs. */
static bool need_word(struct words *w, const char *what, const char *usage)
{
	if (next_word(w))
		return true;
	diag_error(w->f->d, at_loc(w->f, w->item), "bad-value", "'%s' needs %s: write '%s'",
		   w->s, what, usage);
	return false;
}

static bool no_more_words(struct words *w)
{
	if (!next_word(w))
		return true;
	diag_error(w->f->d, word_loc(w), "bad-value", "unexpected '%s' in '%s'", w->word, w->s);
	return false;
}

/* An optional access word, then the end. */
static bool short_access(struct words *w, uint64_t *mask)
{
	*mask = ACC_ALL;
	if (!next_word(w))
		return true;
	*mask = 0;
	return access_word(w->f, w->word, w->item, w->off, mask) && no_more_words(w);
}

/* Words of vocabulary v up to the end; *n receives how many there were. */
static bool short_words(struct words *w, const struct vocab *v, uint64_t *mask, size_t *n,
			struct loc *first)
{
	*mask = 0;
	for (*n = 0; next_word(w); ++*n) {
		if (!*n)
			*first = word_loc(w);
		if (!lookup_word(w->f, v, w->word, word_loc(w), mask))
			return false;
	}
	return true;
}

static void short_unknown(struct yfront *f, struct words *w)
{
	if (find_key(rule_keys, ARRAY_LEN(rule_keys), w->word) >= 0) {
		diag_error(f->d, word_loc(w), "unknown-rule",
			   "'%s' has no short form: write it as a mapping, '%s: ...'", w->word,
			   w->word);
		return;
	}
	const char *sug = suggest_key(short_keys, ARRAY_LEN(short_keys), w->word);
	if (sug)
		diag_error(f->d, word_loc(w), "unknown-rule", "unknown rule type '%s'; did you mean '%s'?",
			   w->word, sug);
	else
		diag_error(f->d, word_loc(w), "unknown-rule",
			   "unknown rule type '%s' (the short form takes %s)", w->word,
			   key_list(short_keys, ARRAY_LEN(short_keys)));
}

static void short_form(struct yfront *f, struct ref item, unsigned action)
{
	struct words w = { .f = f, .item = item, .s = item.n->value };
	if (!next_word(&w)) {
		diag_error(f->d, at_loc(f, item), "bad-value", "empty rule");
		return;
	}
	int type = find_key(short_keys, ARRAY_LEN(short_keys), w.word);
	if (type < 0) {
		short_unknown(f, &w);
		return;
	}
	struct rule r;
	struct loc first;
	size_t n;
	const char *right = w.word;
	switch ((enum short_type)type) {
	case S_FILESYSTEM:
	case S_FS:
		rule_begin(f, &r, item, action, type == S_FS ? RK_FS : RK_FILESYSTEM);
		if (!need_word(&w, "a path", arena_printf("%s PATH [ACCESS]", right)))
			return;
		r.path = w.word;
		r.arg_loc = word_loc(&w);
		if (!check_path(f->d, r.arg_loc, r.path, type == S_FS) || !short_access(&w, &r.mask))
			return;
		break;
	case S_NET:
		rule_begin(f, &r, item, action, RK_NET);
		r.families = FAMILY_ANY;
		if (!short_words(&w, &v_net, &r.mask, &n, &first))
			return;
		if (!n)
			r.mask = NET_ALL;
		break;
	case S_DEV_NAMED:
		rule_begin(f, &r, item, action, RK_DEV_CLASS);
		if (!dev_class_word(f, w.word, word_loc(&w), &r.dev_class) || !no_more_words(&w))
			return;
		r.mask = ACC_ALL;
		break;
	case S_DEVICE:
		rule_begin(f, &r, item, action, RK_DEV_CLASS);
		if (!need_word(&w, "a device class", "device CLASS [ACCESS]"))
			return;
		r.arg_loc = word_loc(&w);
		if (!dev_class_word(f, w.word, r.arg_loc, &r.dev_class) || !short_access(&w, &r.mask))
			return;
		break;
	case S_CAP:
		rule_begin(f, &r, item, action, RK_CAP);
		if (!short_words(&w, &v_cap, &r.mask, &n, &first))
			return;
		if (!n) {
			diag_error(f->d, r.loc, "bad-value",
				   "'%s' needs a capability: write 'capability NAME...'", w.s);
			return;
		}
		r.arg_loc = first;
		break;
	case S_IPC:
		rule_begin(f, &r, item, action, RK_IPC);
		if (!need_word(&w, "a policy name", "ipc NAME"))
			return;
		r.policy = w.word;
		r.arg_loc = word_loc(&w);
		if (!no_more_words(&w))
			return;
		break;
	case S_SIGNAL:
		rule_begin(f, &r, item, action, RK_SIGNAL);
		if (!need_word(&w, "a target and signals", "signal TARGET SIGNAL..."))
			return;
		r.arg_loc = word_loc(&w);
		if (!target_word(f, w.word, r.arg_loc, &r.target) ||
		    !short_words(&w, &v_signal, &r.mask, &n, &first))
			return;
		if (!n) {
			diag_error(f->d, r.loc, "bad-value",
				   "'%s' needs signals: write 'signal TARGET SIGNAL...'", w.s);
			return;
		}
		break;
	}
	rule_commit(f, &r);
}

static void read_bool(struct yfront *f, const struct field *fl, bool *out)
{
	const struct ynode *n = fl->val.n;
	if (n->kind == YN_SCALAR && n->style == YS_PLAIN &&
	    (!strcmp(n->value, "true") || !strcmp(n->value, "false"))) {
		*out = n->value[0] == 't';
		return;
	}
	if (is_string(n))
		diag_error(f->d, at_loc(f, fl->val), "bad-value", "'%s' must be true or false, not '%s'",
			   fl->key.n->value, n->value);
	else
		diag_error(f->d, at_loc(f, fl->val), "bad-value", "'%s' must be true or false, not %s",
			   fl->key.n->value, describe(n));
}

/* ---- rule modifiers: what the DSL says with #[audit], #[func "f"] ... ---- */

enum mod_key { M_AUDIT, M_TAINT, M_UNTAINT, M_TRANSITION, M_FUNC, M_BINARY, M_KFUNC, M__COUNT };

static const struct keyname mod_keys[] = {
	{ "audit", M_AUDIT },	   { "taint", M_TAINT }, { "untaint", M_UNTAINT },
	{ "transition", M_TRANSITION }, { "func", M_FUNC },	{ "binary", M_BINARY },
	{ "kfunc", M_KFUNC },
};

/* Reads the modifier keys of a rule item into f->mod_*.  false on error. */
static bool read_modifiers(struct yfront *f, const struct field *fl, unsigned action)
{
	static const unsigned flag_bits[] = {
		[M_AUDIT] = RA_AUDIT, [M_TAINT] = RA_TAINT, [M_UNTAINT] = RA_UNTAINT,
		[M_TRANSITION] = RA_TRANSITION,
	};
	size_t before = f->d->errors;
	for (int m = M_AUDIT; m <= M_TRANSITION; m++) {
		bool on = false;
		if (!fl[m].set)
			continue;
		read_bool(f, &fl[m], &on);
		if (on)
			f->mod_actions |= flag_bits[m];
	}
	if ((f->mod_actions & RA_TAINT) && (action & RA_DENY)) {
		diag_error(f->d, at_loc(f, fl[M_TAINT].key), "conflicting-directives",
			   "a restriction cannot also be a taint rule");
	}
	if (fl[M_FUNC].set && fl[M_KFUNC].set)
		diag_error(f->d, at_loc(f, fl[M_KFUNC].key), "conflicting-directives",
			   "a rule has one context: 'func' or 'kfunc', not both");
	if (fl[M_BINARY].set && !fl[M_FUNC].set)
		diag_error(f->d, at_loc(f, fl[M_BINARY].key), "bad-value",
			   "'binary' names where a 'func' lives: give 'func' too");
	int ctx_key = fl[M_FUNC].set ? M_FUNC : fl[M_KFUNC].set ? M_KFUNC : -1;
	if (ctx_key >= 0 && get_string(f, fl[ctx_key].val, ctx_key == M_FUNC ? "'func'" : "'kfunc'",
				       &f->mod_ctx.func)) {
		f->mod_ctx.kfunc = ctx_key == M_KFUNC;
		f->mod_ctx.loc = at_loc(f, fl[ctx_key].key);
	}
	if (fl[M_BINARY].set && fl[M_FUNC].set &&
	    get_string(f, fl[M_BINARY].val, "'binary'", &f->mod_ctx.binary))
		check_path(f->d, arg_loc(f, fl[M_BINARY].val), f->mod_ctx.binary, false);
	return f->d->errors == before;
}

/* Is word a field of some rule type's value (path, access, to ...)? */
static bool is_rule_field(const char *word)
{
	static const char *const fields[] = { "path", "pathname", "access", "to", "signals",
					      "major", "minor", "class" };
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		if (!strcmp(fields[i], word))
			return true;
	return false;
}

/* A rule item with modifiers: a mapping of its one rule-type key and
 * modifier keys, e.g. {file: {path: /etc/shadow, access: r}, func: check}. */
static void modified_rule(struct yfront *f, struct ref item, unsigned action)
{
	struct field fl[M__COUNT] = { 0 };
	struct ref rule_key = { 0 }, rule_val = { 0 };
	int rule_type = -1;
	bool ok = true;
	for (size_t i = 0; i + 1 < item.n->nkids && !f->stop; i += 2) {
		struct ref key = use(f, item.n->kids[i]);
		if (!is_string(key.n)) {
			diag_error(f->d, at_loc(f, key), "bad-value", "a key must be a name, not %s",
				   describe(key.n));
			ok = false;
			continue;
		}
		int t = find_key(rule_keys, ARRAY_LEN(rule_keys), key.n->value);
		if (t >= 0) {
			if (rule_type >= 0) {
				diag_error(f->d, at_loc(f, key), "bad-value",
					   "one rule per item: '%s' and '%s' are both rule types",
					   rule_key.n->value, key.n->value);
				ok = false;
				continue;
			}
			rule_type = t;
			rule_key = key;
			rule_val = use(f, item.n->kids[i + 1]);
			continue;
		}
		int m = find_key(mod_keys, ARRAY_LEN(mod_keys), key.n->value);
		if (m < 0 && is_rule_field(key.n->value)) {
			diag_error(f->d, at_loc(f, key), "bad-value",
				   "'%s' belongs to a rule's value: indent it under the rule type",
				   key.n->value);
			ok = false;
			continue;
		}
		if (m < 0) {
			unknown_key(f, key, " (a rule type or a modifier)", mod_keys,
				    ARRAY_LEN(mod_keys));
			ok = false;
			continue;
		}
		if (fl[m].set) {
			diag_error(f->d, at_loc(f, key), "duplicate-key", "duplicate key '%s'",
				   key.n->value);
			ok = false;
			continue;
		}
		fl[m].set = true;
		fl[m].key = key;
		fl[m].val = use(f, item.n->kids[i + 1]);
	}
	if (!ok || f->stop)
		return;
	if (rule_type < 0) {
		diag_error(f->d, at_loc(f, item), "bad-value",
			   "this item has modifiers but no rule type (file, net, signal, ...)");
		return;
	}
	if (read_modifiers(f, fl, action)) {
		struct srule s = { .item = item, .key = rule_key.n->value, .val = rule_val,
				   .action = action };
		structured_rule(f, &s, (enum rule_type)rule_type);
	}
	f->mod_actions = 0;
	memset(&f->mod_ctx, 0, sizeof(f->mod_ctx));
}

/* ---- the policy ---- */

static void read_rule(struct yfront *f, struct ref item, unsigned action)
{
	if (is_string(item.n)) {
		short_form(f, item, action);
		return;
	}
	if (item.n->kind == YN_SCALAR) {
		diag_error(f->d, at_loc(f, item), "bad-value",
			   "empty rule: write a string like 'fs /etc r' or a one-key mapping like "
			   "'fs: {path: /etc, access: r}'");
		return;
	}
	if (item.n->kind != YN_MAP) {
		diag_error(f->d, at_loc(f, item), "bad-value",
			   "a rule is a string like 'fs /etc r' or a one-key mapping like "
			   "'fs: {path: /etc, access: r}', not %s",
			   describe(item.n));
		return;
	}
	if (item.n->nkids > 2) {
		modified_rule(f, item, action);
		return;
	}
	if (item.n->nkids != 2) {
		diag_error(f->d, at_loc(f, item), "bad-value",
			   "a rule is a mapping with one key, its type; this one has none");
		return;
	}
	struct srule s = { .item = item, .action = action };
	struct ref key = use(f, item.n->kids[0]);
	if (!is_string(key.n)) {
		diag_error(f->d, at_loc(f, key), "bad-value", "a rule type must be a name, not %s",
			   describe(key.n));
		return;
	}
	s.key = key.n->value;
	int type = find_key(rule_keys, ARRAY_LEN(rule_keys), s.key);
	if (type < 0) {
		const char *sug = suggest_key(rule_keys, ARRAY_LEN(rule_keys), s.key);
		if (sug)
			diag_error(f->d, at_loc(f, key), "unknown-rule",
				   "unknown rule type '%s'; did you mean '%s'?", s.key, sug);
		else
			diag_error(f->d, at_loc(f, key), "unknown-rule",
				   "unknown rule type '%s' (expected %s)", s.key,
				   key_list(rule_keys, ARRAY_LEN(rule_keys)));
		return;
	}
	s.val = use(f, item.n->kids[1]);
	if (!f->stop)
		structured_rule(f, &s, (enum rule_type)type);
}

static void read_rule_list(struct yfront *f, struct ref list, const char *key, unsigned action)
{
	if (ynode_is_null(list.n))
		return;
	if (list.n->kind != YN_SEQ) {
		diag_error(f->d, at_loc(f, list), "bad-value", "'%s' must be a list of rules, not %s",
			   key, describe(list.n));
		return;
	}
	for (size_t i = 0; i < list.n->nkids && !f->stop; i++) {
		struct ref item = use(f, list.n->kids[i]);
		if (!f->stop)
			read_rule(f, item, action);
	}
}

static void read_default(struct yfront *f, const struct field *fl)
{
	const char *s;
	if (!get_string(f, fl->val, "'default'", &s))
		return;
	if (!strcmp(s, "allow") || !strcmp(s, "deny"))
		f->p->default_allow = s[0] == 'a';
	else
		diag_error(f->d, arg_loc(f, fl->val), "bad-value",
			   "'default' must be 'allow' or 'deny', not '%s'", s);
}

enum top_key {
	K_NAME, K_COMMAND, K_DEFAULT, K_DEFAULT_TAINT, K_COMPLAIN, K_PRIVILEGED,
	K_RIGHTS, K_RESTRICTIONS, K_TAINT, K_INCLUDE, K__COUNT
};

/* include: FILE, or include: [FILE, ...] */
static void read_include(struct yfront *f, struct ref v)
{
	if (is_string(v.n)) {
		include_file(f->p, f->ic, v.n->value, arg_loc(f, v), f->d);
		return;
	}
	if (v.n->kind != YN_SEQ) {
		diag_error(f->d, at_loc(f, v), "bad-value",
			   "'include' must be a file name or a list of them, not %s", describe(v.n));
		return;
	}
	for (size_t i = 0; i < v.n->nkids && !f->stop; i++) {
		struct ref item = use(f, v.n->kids[i]);
		if (f->stop)
			break;
		if (!is_string(item.n))
			diag_error(f->d, at_loc(f, item), "bad-value",
				   "an 'include' item must be a file name, not %s", describe(item.n));
		else
			include_file(f->p, f->ic, item.n->value, arg_loc(f, item), f->d);
	}
}

static const struct keyname top_keys[] = {
	{ "name", K_NAME },
	{ "command", K_COMMAND },
	{ "cmd", K_COMMAND },
	{ "default", K_DEFAULT },
	{ "defaultTaint", K_DEFAULT_TAINT },
	{ "complain", K_COMPLAIN },
	{ "privileged", K_PRIVILEGED },
	{ "rights", K_RIGHTS },
	{ "allow", K_RIGHTS },
	{ "restrictions", K_RESTRICTIONS },
	{ "deny", K_RESTRICTIONS },
	{ "taint", K_TAINT },
	{ "taints", K_TAINT },
	{ "include", K_INCLUDE },
};

/* The keys of an included file. */
static const struct keyname snippet_keys[] = {
	{ "rights", K_RIGHTS },
	{ "allow", K_RIGHTS },
	{ "restrictions", K_RESTRICTIONS },
	{ "deny", K_RESTRICTIONS },
	{ "taint", K_TAINT },
	{ "taints", K_TAINT },
	{ "include", K_INCLUDE },
};

static void read_top_key(struct yfront *f, int id, const struct field *fl)
{
	struct policy *p = f->p;
	const char *key = fl->key.n->value;
	switch ((enum top_key)id) {
	case K_NAME:
		if (get_string(f, fl->val, "'name'", &p->name))
			p->name_loc = arg_loc(f, fl->val);
		break;
	case K_COMMAND:
		if (get_string(f, fl->val, arena_printf("'%s'", key), &p->command)) {
			p->command_loc = arg_loc(f, fl->val);
			check_path(f->d, p->command_loc, p->command, false);
		}
		break;
	case K_DEFAULT: read_default(f, fl); break;
	case K_DEFAULT_TAINT: read_bool(f, fl, &p->default_taint); break;
	case K_COMPLAIN: read_bool(f, fl, &p->complain); break;
	case K_PRIVILEGED: read_bool(f, fl, &p->privileged); break;
	case K_RIGHTS: read_rule_list(f, fl->val, key, RA_ALLOW); break;
	case K_RESTRICTIONS: read_rule_list(f, fl->val, key, RA_DENY); break;
	case K_TAINT: read_rule_list(f, fl->val, key, RA_TAINT); break;
	case K_INCLUDE: read_include(f, fl->val); break;
	case K__COUNT: break;
	}
}

static void read_policy(struct yfront *f)
{
	struct policy *p = f->p;
	struct ynode *root = f->t->root;
	struct ref top = { root, root };
	if (root)
		top = use(f, root);
	if (f->snippet && (!root || ynode_is_null(top.n)))
		return;		/* an empty included file adds no rules */
	if (!root || ynode_is_null(top.n)) {
		diag_error(f->d, p->loc, "missing-name",
			   "empty policy: it needs at least 'name' and 'command'");
		return;
	}
	if (top.n->kind != YN_MAP) {
		diag_error(f->d, at_loc(f, top), "bad-value",
			   f->snippet ? "an included file is a mapping of rule lists (rights, "
					"restrictions, taint, include), not %s"
				      : "a policy is a mapping of keys (name, command, rights ...), not %s",
			   describe(top.n));
		return;
	}
	struct field fl[K__COUNT] = { 0 };
	int order[K__COUNT];
	size_t norder = 0;
	if (f->snippet)
		read_map(f, top, snippet_keys, ARRAY_LEN(snippet_keys), fl, order, &norder,
			 " in an included file");
	else
		read_map(f, top, top_keys, ARRAY_LEN(top_keys), fl, order, &norder, "");
	for (size_t i = 0; i < norder && !f->stop; i++)
		read_top_key(f, order[i], &fl[order[i]]);
	if (f->stop || f->snippet)
		return;
	if (!fl[K_NAME].set)
		diag_error(f->d, p->loc, "missing-name", "policy has no 'name'");
	if (!fl[K_COMMAND].set)
		diag_error(f->d, p->loc, "missing-command", "policy has no 'command'");
}

struct policy *yaml_parse_policy(const struct source *src, struct diag *d)
{
	size_t before = d->errors, first = d->n;
	struct ytree *t = ytree_load(src, d);
	if (!t)
		return NULL;
	struct policy *p = arena_alloc(sizeof(*p));
	p->loc = source_loc_lc(src, 1, 1);
	p->src = src;
	p->lang = LANG_YAML;
	struct include_ctx ic;
	include_root(&ic, src);
	struct yfront f = { .t = t, .d = d, .p = p, .ic = &ic };
	read_policy(&f);
	include_notes(d, first);
	return d->errors > before ? NULL : p;
}

void yaml_include_rules(const struct source *src, const struct include_ctx *ic,
			struct policy *p, struct diag *d)
{
	struct ytree *t = ytree_load(src, d);
	if (!t)
		return;
	struct yfront f = { .t = t, .d = d, .p = p, .ic = ic, .snippet = true };
	read_policy(&f);
}
