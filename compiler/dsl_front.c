// SPDX-License-Identifier: GPL-2.0-only
/* dsl_front.c - the rule DSL front end (bpfbox style, docs/policy-language.md
 * section 3).  Runs the flex/bison parser of grammar/ over one source,
 * which builds the syntax tree of dsl_ast.h, then walks that tree:
 * resolves names through names.h, checks what the grammar cannot, and
 * fills a struct policy (or one struct rule for an explain request). */
#include "frontend.h"

#include <stdarg.h>
#include <string.h>

#include "check.h"
#include "dsl_ast.h"
#include "names.h"
#include "util.h"

#define YYSTYPE DSL_STYPE
#define YYLTYPE DSL_LTYPE
#include "dsl_parser.h"
#include "dsl_lexer.h"

struct loc dsl_loc(const struct dsl_state *st, size_t off)
{
	return source_loc(st->src, off);
}

void dsl_syntax_error(struct dsl_state *st, size_t off, const char *fmt, ...)
{
	if (st->stop || st->recovering)
		return;
	if (st->syntax_errors++ == DSL_MAX_SYNTAX_ERRORS) {
		diag_error(st->d, dsl_loc(st, off), "syntax",
			   "too many errors (%d); stopping here", DSL_MAX_SYNTAX_ERRORS);
		st->stop = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	const char *msg = arena_vprintf(fmt, ap);
	va_end(ap);
	diag_error(st->d, dsl_loc(st, off), "syntax", "%s", msg);
}

/* ---- running the parser ---- */

/* Parses st->src from the start symbol st->mode asks for.  Returns false
 * when the parse gave up (errors already reported); after syntax errors it
 * recovered from, true with st->syntax_errors set. */
static bool run_parser(struct dsl_state *st)
{
	yyscan_t scanner;
	if (dsl_lex_init_extra(st, &scanner))
		fatal("out of memory");
	YY_BUFFER_STATE buf = dsl__scan_bytes(st->src->text, (int)st->src->len, scanner);
	int rc = dsl_parse(scanner, st);
	dsl__delete_buffer(buf, scanner);
	dsl_lex_destroy(scanner);
	return rc == 0;
}

/* ---- small helpers ---- */

static bool has_space(const char *s)
{
	return strpbrk(s, " \t\r\n") != NULL;
}

/* The closest of n candidate names to word, or NULL. */
static const char *closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	int best_d = 3;
	for (size_t i = 0; i < n; i++) {
		int dist = edit_distance(word, names[i], 2);
		if (dist < best_d && (size_t)dist < strlen(word)) {
			best = names[i];
			best_d = dist;
		}
	}
	return best;
}

/* "; did you mean 'x'?" or "". */
static const char *hint(const char *suggestion)
{
	return suggestion ? arena_printf("; did you mean '%s'?", suggestion) : "";
}

/* The rule as written, on one line: whitespace runs become one space,
 * comments vanish, strings are kept byte for byte. */
static const char *rule_text(const struct source *src, struct dsl_span span)
{
	const char *t = src->text;
	struct strbuf sb = { 0 };
	bool space = false;
	size_t i = span.begin;
	while (i < span.end) {
		char c = t[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = true;
			i++;
		} else if (c == '/' && t[i + 1] == '/') {
			while (i < span.end && t[i] != '\n')
				i++;
		} else if (c == '/' && t[i + 1] == '*') {
			i += 2;
			while (i < span.end && !(t[i] == '*' && t[i + 1] == '/'))
				i++;
			i += 2;
		} else {
			if (space && sb.len)
				sb_putc(&sb, ' ');
			space = false;
			size_t start = i++;
			if (c == '"' || c == '\'') {
				while (i < span.end && t[i] != c)
					i += t[i] == '\\' ? 2 : 1;
				i++;
			}
			if (i > span.end)
				i = span.end;
			sb_putn(&sb, t + start, i - start);
		}
	}
	return sb_finish(&sb);
}

/* ---- rule arguments ---- */

static const char *arg_kind_name(const struct dsl_arg *a)
{
	switch (a->kind) {
	case DSL_ARG_STRING:
	case DSL_ARG_PAREN_STRING:
		return "a string";
	case DSL_ARG_WORDS:
		return a->nwords > 1 ? "a flag list" : "a name";
	case DSL_ARG_NUMBER:
	case DSL_ARG_DEVNUM:
		return "a number";
	}
	return "?";
}

/* How each kind of name list is described in messages. */
struct word_kind {
	enum name_space ns;
	const char *what;	/* "fs flag" */
	const char *check;	/* "unknown-flag" */
};

static const struct word_kind FS_FLAGS = { NS_FS_FLAG, "fs flag", "unknown-flag" };
static const struct word_kind NET_FLAGS = { NS_NET_FLAG, "net flag", "unknown-flag" };
static const struct word_kind PTRACE_FLAGS = { NS_PTRACE_FLAG, "ptrace flag", "unknown-flag" };
static const struct word_kind SIGNALS = { NS_SIGNAL, "signal", "unknown-signal" };
static const struct word_kind FAMILIES = { NS_FAMILY, "socket family", "unknown-family" };
static const struct word_kind CAPS = { NS_CAP, "capability", "unknown-capability" };

/* An a|b|c list: every word looked up in wk's name space, ORed into *bits. */
static bool parse_words(struct dsl_state *st, const struct dsl_arg *a,
			const struct word_kind *wk, uint64_t *bits)
{
	*bits = 0;
	if (a->kind != DSL_ARG_WORDS) {
		diag_error(st->d, dsl_loc(st, a->off), "bad-argument",
			   "expected %s names here, not %s", wk->what, arg_kind_name(a));
		return false;
	}
	bool ok = true;
	for (const struct dsl_word *w = a->words; w; w = w->next) {
		if (names_lookup(wk->ns, w->text, bits))
			continue;
		diag_error(st->d, dsl_loc(st, w->off), wk->check, "unknown %s '%s'%s", wk->what,
			   w->text, hint(names_suggest(wk->ns, w->text)));
		ok = false;
	}
	return ok;
}

static bool parse_path(struct dsl_state *st, const struct dsl_arg *a, const char *rule,
		       bool glob_ok, const char **out)
{
	if (a->kind != DSL_ARG_STRING) {
		diag_error(st->d, dsl_loc(st, a->off), "bad-argument",
			   "'%s' expects a quoted path as its first argument, not %s", rule,
			   arg_kind_name(a));
		return false;
	}
	*out = a->str;
	return check_path(st->d, dsl_loc(st, a->str_off), a->str, glob_ok);
}

static const char *const TARGET_WORDS[] = { "self", "parent", "child", "any" };
static const enum target_kind TARGET_KINDS[] = { TGT_SELF, TGT_PARENT, TGT_CHILD, TGT_ANY };

/* A policy name (ipc, targets): non-empty, no whitespace. */
static bool check_policy_name(struct dsl_state *st, size_t off, const char *name,
			      const char *check)
{
	if (!*name)
		diag_error(st->d, dsl_loc(st, off), check, "empty policy name");
	else if (has_space(name))
		diag_error(st->d, dsl_loc(st, off), check, "policy name '%s' contains whitespace",
			   name);
	return *name && !has_space(name);
}

static bool parse_target(struct dsl_state *st, const struct dsl_arg *a, struct target *t)
{
	if (a->kind == DSL_ARG_STRING) {
		if (a->str[0] == '/') {
			t->kind = TGT_PROGRAM;
			t->name = a->str;
			return check_path(st->d, dsl_loc(st, a->str_off), a->str, true);
		}
		t->kind = TGT_POLICY;
		t->name = a->str;
		return check_policy_name(st, a->str_off, a->str, "bad-target");
	}
	if (a->kind != DSL_ARG_WORDS) {
		diag_error(st->d, dsl_loc(st, a->off), "bad-argument",
			   "expected a target (self, parent, child, any, or a quoted program path "
			   "or policy name), not %s", arg_kind_name(a));
		return false;
	}
	if (a->nwords > 1) {
		diag_error(st->d, dsl_loc(st, a->words->next->off), "bad-target",
			   "a rule has one target; write one rule per target");
		return false;
	}
	const char *w = a->words->text;
	for (size_t i = 0; i < ARRAY_LEN(TARGET_WORDS); i++) {
		if (!strcmp(w, TARGET_WORDS[i])) {
			t->kind = TARGET_KINDS[i];
			return true;
		}
	}
	diag_error(st->d, dsl_loc(st, a->off), "unknown-target",
		   "unknown target '%s'%s (a target is self, parent, child, any, or a quoted "
		   "program path or policy name)",
		   w, hint(closest(w, TARGET_WORDS, ARRAY_LEN(TARGET_WORDS))));
	return false;
}

#define DEV_MAJOR_MAX 4095
#define DEV_MINOR_MAX 1048575

/* The digits written at off, for messages about out-of-range numbers. */
static const char *number_text(struct dsl_state *st, size_t off)
{
	const char *s = st->src->text + off;
	return arena_strndup(s, strspn(s, "0123456789"));
}

static bool parse_dev(struct dsl_state *st, const struct dsl_arg *a, struct rule *r)
{
	if (a->kind == DSL_ARG_WORDS && a->nwords == 1) {
		r->kind = RK_DEV_CLASS;
		if (names_dev_class(a->words->text, &r->dev_class))
			return true;
		diag_error(st->d, dsl_loc(st, a->off), "unknown-device", "unknown device class '%s'%s",
			   a->words->text, hint(names_suggest(NS_DEV_CLASS, a->words->text)));
		return false;
	}
	if (a->kind != DSL_ARG_NUMBER && a->kind != DSL_ARG_DEVNUM) {
		diag_error(st->d, dsl_loc(st, a->off), "bad-argument",
			   "expected a device class or MAJOR[:MINOR], not %s", arg_kind_name(a));
		return false;
	}
	r->kind = RK_DEV_NUM;
	bool ok = true;
	if (a->major > DEV_MAJOR_MAX) {
		diag_error(st->d, dsl_loc(st, a->off), "bad-device",
			   "device major '%s' is out of range (0 to %d)", number_text(st, a->off),
			   DEV_MAJOR_MAX);
		ok = false;
	}
	r->major = (int)(a->major > DEV_MAJOR_MAX ? 0 : a->major);
	r->minor = -1;
	if (a->kind == DSL_ARG_DEVNUM) {
		if (a->minor > DEV_MINOR_MAX) {
			diag_error(st->d, dsl_loc(st, a->minor_off), "bad-device",
				   "device minor '%s' is out of range (0 to %d)",
				   number_text(st, a->minor_off), DEV_MINOR_MAX);
			ok = false;
		} else {
			r->minor = (int)a->minor;
		}
	}
	return ok;
}

static bool parse_ipc(struct dsl_state *st, const struct dsl_arg *a, struct rule *r)
{
	if (a->kind == DSL_ARG_WORDS && a->nwords == 1) {
		diag_error(st->d, dsl_loc(st, a->off), "bad-argument",
			   "'ipc' takes a quoted policy name: ipc(\"%s\")", a->words->text);
		return false;
	}
	if (a->kind != DSL_ARG_STRING) {
		diag_error(st->d, dsl_loc(st, a->off), "bad-argument",
			   "'ipc' takes a quoted policy name, not %s", arg_kind_name(a));
		return false;
	}
	r->policy = a->str;
	return check_policy_name(st, a->str_off, a->str, "bad-argument");
}

/* ---- rules ---- */

struct rule_spec {
	const char *name;
	enum rule_kind kind;	/* RK_DEV_CLASS stands for both dev kinds */
	size_t nargs;
	const char *usage;
};

static const struct rule_spec RULES[] = {
	{ "fs", RK_FS, 2, "fs(\"PATH\", FLAGS)" },
	{ "filesystem", RK_FILESYSTEM, 2, "filesystem(\"PATH\", FLAGS)" },
	{ "proc", RK_PROC, 2, "proc(TARGET, FLAGS)" },
	{ "dev", RK_DEV_CLASS, 2, "dev(CLASS, FLAGS) or dev(MAJOR[:MINOR], FLAGS)" },
	{ "net", RK_NET, 2, "net(FAMILY, FLAGS)" },
	{ "signal", RK_SIGNAL, 2, "signal(TARGET, SIGNALS)" },
	{ "ptrace", RK_PTRACE, 2, "ptrace(TARGET, read|attach)" },
	{ "cap", RK_CAP, 1, "cap(NAME)" },
	{ "ipc", RK_IPC, 1, "ipc(\"POLICY\")" },
};

static const struct rule_spec *find_rule_spec(struct dsl_state *st, const struct dsl_call *c)
{
	const char *names[ARRAY_LEN(RULES)];
	for (size_t i = 0; i < ARRAY_LEN(RULES); i++) {
		if (!strcmp(c->name, RULES[i].name))
			return &RULES[i];
		names[i] = RULES[i].name;
	}
	diag_error(st->d, dsl_loc(st, c->span.begin), "unknown-rule", "unknown rule '%s'%s",
		   c->name, hint(closest(c->name, names, ARRAY_LEN(names))));
	return NULL;
}

/* The object and access arguments of rule c, per its kind. */
static bool parse_rule_args(struct dsl_state *st, const struct rule_spec *spec,
			    const struct dsl_call *c, struct rule *r)
{
	const struct dsl_arg *obj = c->args, *acc = obj->next;
	bool ok = true;
	switch (spec->kind) {
	case RK_FS:
	case RK_FILESYSTEM:
		ok = parse_path(st, obj, spec->name, spec->kind == RK_FS, &r->path);
		ok &= parse_words(st, acc, &FS_FLAGS, &r->mask);
		break;
	case RK_PROC:
		ok = parse_target(st, obj, &r->target);
		ok &= parse_words(st, acc, &FS_FLAGS, &r->mask);
		break;
	case RK_DEV_CLASS:
	case RK_DEV_NUM:
		ok = parse_dev(st, obj, r);
		ok &= parse_words(st, acc, &FS_FLAGS, &r->mask);
		break;
	case RK_NET:
		ok = parse_words(st, obj, &FAMILIES, &r->families);
		ok &= parse_words(st, acc, &NET_FLAGS, &r->mask);
		break;
	case RK_SIGNAL:
		ok = parse_target(st, obj, &r->target);
		ok &= parse_words(st, acc, &SIGNALS, &r->mask);
		break;
	case RK_PTRACE:
		ok = parse_target(st, obj, &r->target);
		ok &= parse_words(st, acc, &PTRACE_FLAGS, &r->mask);
		break;
	case RK_CAP:
		ok = parse_words(st, obj, &CAPS, &r->mask);
		break;
	case RK_IPC:
		ok = parse_ipc(st, obj, r);
		break;
	case RK__COUNT:
		break;
	}
	return ok;
}

/* Fills r (kind, object, mask, locations, text) from call c; actions and
 * ctx are left to the caller.  false after reporting. */
static bool build_rule(struct dsl_state *st, const struct dsl_call *c, struct rule *r)
{
	memset(r, 0, sizeof(*r));
	r->loc = dsl_loc(st, c->span.begin);
	r->arg_loc = c->args ? dsl_loc(st, c->args->off) : r->loc;
	r->text = rule_text(st->src, c->span);
	const struct rule_spec *spec = find_rule_spec(st, c);
	if (!spec)
		return false;
	r->kind = spec->kind;
	if (c->nargs != spec->nargs) {
		const struct dsl_arg *extra = c->args;
		for (size_t i = 0; extra && i < spec->nargs; i++)
			extra = extra->next;
		size_t off = extra ? extra->off : c->span.end - 1;
		diag_error(st->d, dsl_loc(st, off), "bad-argument",
			   "'%s' takes %zu argument%s, got %zu: %s", spec->name, spec->nargs,
			   spec->nargs == 1 ? "" : "s", c->nargs, spec->usage);
		return false;
	}
	return parse_rule_args(st, spec, c, r);
}

/* ---- rule directives ---- */

/* The rule directives in force at one point of the policy. */
struct mods {
	bool allow, deny, audit, taint, untaint, transition;
	size_t allow_off, deny_off, taint_off, untaint_off, transition_off;
	bool has_ctx;
	struct rule_ctx ctx;
	size_t ctx_off;
};

enum rdir { RD_ALLOW, RD_DENY, RD_AUDIT, RD_TAINT, RD_UNTAINT, RD_TRANSITION, RD_FUNC, RD_KFUNC };
static const char *const RDIR_NAMES[] = { "allow", "deny", "audit", "taint",
					  "untaint", "transition", "func", "kfunc" };

enum pdir { PD_PROFILE, PD_NAME, PD_DEFAULT, PD_COMPLAIN, PD_DEFAULT_TAINT, PD_PRIVILEGED,
	    PD__COUNT };
static const char *const PDIR_NAMES[] = { "profile",  "name",	    "default",
					  "complain", "default_taint", "privileged" };

static int find_name(const char *name, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

/* An unknown directive name: a hint if it belongs to the other kind. */
static void unknown_directive(struct dsl_state *st, const struct dsl_dir *dir)
{
	const char *open = dir->inner ? "#![" : "#[";
	const char *const *other = dir->inner ? RDIR_NAMES : PDIR_NAMES;
	size_t nother = dir->inner ? ARRAY_LEN(RDIR_NAMES) : ARRAY_LEN(PDIR_NAMES);
	struct loc loc = dsl_loc(st, dir->off);
	if (find_name(dir->name, other, nother) >= 0) {
		diag_error(st->d, loc, "unknown-directive",
			   "'%s%s]' is not a %s directive; write '%s%s ...]'%s", open, dir->name,
			   dir->inner ? "policy" : "rule", dir->inner ? "#[" : "#![", dir->name,
			   dir->inner ? " before the rule it applies to" : " at the top of the policy");
		return;
	}
	const char *sugg = dir->inner ? closest(dir->name, PDIR_NAMES, ARRAY_LEN(PDIR_NAMES))
				      : closest(dir->name, RDIR_NAMES, ARRAY_LEN(RDIR_NAMES));
	diag_error(st->d, loc, "unknown-directive", "unknown directive '%s%s]'%s", open, dir->name,
		   sugg ? arena_printf("; did you mean '%s%s]'?", open, sugg) : "");
}

static bool no_args(struct dsl_state *st, const struct dsl_dir *dir)
{
	if (!dir->nargs)
		return true;
	diag_error(st->d, dsl_loc(st, dir->args->off), "bad-directive",
		   "'%s%s]' takes no arguments", dir->inner ? "#![" : "#[", dir->name);
	return false;
}

/* A function name in #[func]/#[kfunc]: non-empty, no whitespace. */
static bool check_func_name(struct dsl_state *st, const struct dsl_arg *a)
{
	if (!*a->str)
		diag_error(st->d, dsl_loc(st, a->str_off), "bad-directive", "empty function name");
	else if (has_space(a->str))
		diag_error(st->d, dsl_loc(st, a->str_off), "bad-directive",
			   "function name '%s' contains whitespace", a->str);
	return *a->str && !has_space(a->str);
}

/* #[func "f"], #[func "f" ("/bin")], #[kfunc "f"] -> ctx. */
static bool parse_func_dir(struct dsl_state *st, const struct dsl_dir *dir, bool kfunc,
			   struct rule_ctx *ctx)
{
	const struct dsl_arg *fn = dir->args, *bin = fn ? fn->next : NULL;
	bool shape = fn && fn->kind == DSL_ARG_STRING &&
		     (kfunc ? !bin : !bin || (bin->kind == DSL_ARG_PAREN_STRING && !bin->next));
	if (!shape) {
		diag_error(st->d, dsl_loc(st, fn ? fn->off : dir->off), "bad-directive",
			   kfunc ? "expected '#[kfunc \"FUNCTION\"]'"
				 : "expected '#[func \"FUNCTION\"]' or '#[func \"FUNCTION\" (\"/path/to/binary\")]'");
		return false;
	}
	if (!check_func_name(st, fn))
		return false;
	memset(ctx, 0, sizeof(*ctx));
	ctx->func = fn->str;
	ctx->kfunc = kfunc;
	ctx->loc = dsl_loc(st, dir->off);
	if (bin) {
		ctx->binary = bin->str;
		return check_path(st->d, dsl_loc(st, bin->str_off), bin->str, false);
	}
	return true;
}

static bool same_ctx(const struct rule_ctx *a, const struct rule_ctx *b)
{
	if (a->kfunc != b->kfunc || strcmp(a->func, b->func))
		return false;
	if (!a->binary || !b->binary)
		return !a->binary && !b->binary;
	return !strcmp(a->binary, b->binary);
}

static const char *ctx_text(const struct rule_ctx *c)
{
	if (c->binary)
		return arena_printf("#[func \"%s\" (\"%s\")]", c->func, c->binary);
	return arena_printf("#[%s \"%s\"]", c->kfunc ? "kfunc" : "func", c->func);
}

static void conflict(struct dsl_state *st, const struct dsl_dir *dir, const char *other,
		     size_t other_off)
{
	diag_error(st->d, dsl_loc(st, dir->off), "conflicting-directives",
		   "'#[%s]' conflicts with '%s'", dir->name, other);
	diag_note(st->d, dsl_loc(st, other_off), "conflicting-directives", "'%s' is here", other);
}

/* Adds one rule directive to m.  false (after reporting) when it is
 * malformed or conflicts with a directive already in force. */
static bool apply_rule_dir(struct dsl_state *st, const struct dsl_dir *dir, struct mods *m)
{
	int k = find_name(dir->name, RDIR_NAMES, ARRAY_LEN(RDIR_NAMES));
	if (k < 0) {
		unknown_directive(st, dir);
		return false;
	}
	if (k != RD_FUNC && k != RD_KFUNC && !no_args(st, dir))
		return false;
	switch ((enum rdir)k) {
	case RD_ALLOW:
		if (m->deny) {
			conflict(st, dir, "#[deny]", m->deny_off);
			return false;
		}
		m->allow = true, m->allow_off = dir->off;
		break;
	case RD_DENY:
		if (m->allow || m->taint) {
			conflict(st, dir, m->allow ? "#[allow]" : "#[taint]",
				 m->allow ? m->allow_off : m->taint_off);
			return false;
		}
		m->deny = true, m->deny_off = dir->off;
		break;
	case RD_TAINT:
		if (m->deny) {
			conflict(st, dir, "#[deny]", m->deny_off);
			return false;
		}
		m->taint = true, m->taint_off = dir->off;
		break;
	case RD_AUDIT:
		m->audit = true;
		break;
	case RD_UNTAINT:
		m->untaint = true, m->untaint_off = dir->off;
		break;
	case RD_TRANSITION:
		m->transition = true, m->transition_off = dir->off;
		break;
	case RD_FUNC:
	case RD_KFUNC: {
		struct rule_ctx ctx;
		if (!parse_func_dir(st, dir, k == RD_KFUNC, &ctx))
			return false;
		if (m->has_ctx && !same_ctx(&m->ctx, &ctx)) {
			diag_error(st->d, dsl_loc(st, dir->off), "conflicting-directives",
				   "'%s' conflicts with '%s': a rule has at most one function context",
				   ctx_text(&ctx), ctx_text(&m->ctx));
			diag_note(st->d, dsl_loc(st, m->ctx_off), "conflicting-directives",
				  "'%s' is here", ctx_text(&m->ctx));
			return false;
		}
		if (!m->has_ctx) {
			m->has_ctx = true;
			m->ctx = ctx;
			m->ctx_off = dir->off;
		}
		break;
	}
	}
	return true;
}

static unsigned mods_actions(const struct mods *m)
{
	unsigned a;
	if (m->deny)
		a = RA_DENY;
	else if (m->taint)
		a = RA_TAINT | (m->allow ? RA_ALLOW : 0);
	else
		a = RA_ALLOW;
	if (m->audit)
		a |= RA_AUDIT;
	if (m->untaint)
		a |= RA_UNTAINT;
	if (m->transition)
		a |= RA_TRANSITION;
	return a;
}

/* #[untaint] and #[transition] only make sense on an exec. */
static void check_exec_modifiers(struct dsl_state *st, const struct mods *m, const struct rule *r)
{
	if (r->kind == RK_FS && (r->mask & ACC_EXEC))
		return;
	const char *names[] = { "untaint", "transition" };
	bool on[] = { m->untaint, m->transition };
	size_t offs[] = { m->untaint_off, m->transition_off };
	for (size_t i = 0; i < 2; i++) {
		if (!on[i])
			continue;
		diag_error(st->d, r->loc, "bad-directive",
			   "'#[%s]' applies only to fs rules that grant exec, not to '%s'", names[i],
			   r->text);
		diag_note(st->d, dsl_loc(st, offs[i]), "bad-directive", "'#[%s]' is here", names[i]);
	}
}

/* ---- the policy ---- */

struct walker {
	struct dsl_state *st;
	struct policy *p;
	const struct include_ctx *ic;
	bool snippet;		/* an included file: rules only */
	bool seen_rule;
	size_t first_rule_off;
	const struct dsl_dir *pdirs[PD__COUNT];	/* policy directives seen */
	const struct dsl_dir *first_pdir;
	bool too_many;
};

static void add_rule(struct walker *w, const struct dsl_call *c, const struct mods *m)
{
	struct dsl_state *st = w->st;
	struct rule r;
	if (!build_rule(st, c, &r))
		return;
	r.actions = mods_actions(m);
	if (m->has_ctx)
		r.ctx = m->ctx;
	if (m->untaint || m->transition)
		check_exec_modifiers(st, m, &r);
	if (w->p->nrules >= POLICY_MAX_RULES) {
		if (!w->too_many)
			diag_error(st->d, r.loc, "too-many-rules",
				   "too many rules (the limit is %d)", POLICY_MAX_RULES);
		w->too_many = true;
		return;
	}
	*policy_add_rule(w->p) = r;
}

/* Rules and blocks with the directives m already in force.  Recursion is
 * bounded by the grammar's block depth limit. */
static void walk_stmts(struct walker *w, const struct dsl_stmt *s, const struct mods *outer)
{
	for (; s; s = s->next) {
		if (s->bad_dirs)
			continue;	/* a syntax error in a directive: meaning unknown */
		struct mods m = *outer;
		for (const struct dsl_dir *dir = s->dirs; dir; dir = dir->next)
			apply_rule_dir(w->st, dir, &m);
		if (s->kind == DSL_STMT_RULE && s->call)
			add_rule(w, s->call, &m);
		else if (s->kind == DSL_STMT_BLOCK)
			walk_stmts(w, s->body, &m);
	}
}

/* The one string argument of #![profile]/#![name], or NULL. */
static const struct dsl_arg *one_string(struct dsl_state *st, const struct dsl_dir *dir,
					const char *example)
{
	if (dir->nargs == 1 && dir->args->kind == DSL_ARG_STRING)
		return dir->args;
	diag_error(st->d, dsl_loc(st, dir->nargs ? dir->args->off : dir->off), "bad-directive",
		   "expected '#![%s %s]'", dir->name, example);
	return NULL;
}

static void apply_profile(struct walker *w, const struct dsl_dir *dir)
{
	struct dsl_state *st = w->st;
	if (w->first_pdir != dir) {
		diag_error(st->d, dsl_loc(st, dir->off), "directive-order",
			   "'#![profile]' must be the first directive, before '#![%s]'",
			   w->first_pdir->name);
		diag_note(st->d, dsl_loc(st, w->first_pdir->off), "directive-order",
			  "'#![%s]' is here", w->first_pdir->name);
	}
	const struct dsl_arg *a = one_string(st, dir, "\"/path/to/program\"");
	if (!a)
		return;
	w->p->command = a->str;
	w->p->command_loc = dsl_loc(st, a->str_off);
	check_path(st->d, w->p->command_loc, a->str, false);
}

static void apply_name(struct walker *w, const struct dsl_dir *dir)
{
	const struct dsl_arg *a = one_string(w->st, dir, "\"NAME\"");
	if (!a || !check_policy_name(w->st, a->str_off, a->str, "bad-name"))
		return;
	w->p->name = a->str;
	w->p->name_loc = dsl_loc(w->st, a->str_off);
}

static void apply_default(struct walker *w, const struct dsl_dir *dir)
{
	const struct dsl_arg *a = dir->args;
	if (dir->nargs == 1 && a->kind == DSL_ARG_WORDS) {
		if (!strcmp(a->words->text, "allow") || !strcmp(a->words->text, "deny")) {
			w->p->default_allow = !strcmp(a->words->text, "allow");
			return;
		}
	}
	diag_error(w->st->d, dsl_loc(w->st, a ? a->off : dir->off), "bad-directive",
		   "expected '#![default allow]' or '#![default deny]'");
}

static void apply_policy_dir(struct walker *w, const struct dsl_dir *dir)
{
	struct dsl_state *st = w->st;
	int k = find_name(dir->name, PDIR_NAMES, ARRAY_LEN(PDIR_NAMES));
	if (k < 0) {
		unknown_directive(st, dir);
		return;
	}
	if (w->seen_rule) {
		if (!w->pdirs[k])
			w->pdirs[k] = dir;	/* given, if too late: not also "missing" */
		diag_error(st->d, dsl_loc(st, dir->off), "directive-order",
			   "'#![%s]' must come before the first rule", dir->name);
		diag_note(st->d, dsl_loc(st, w->first_rule_off), "directive-order",
			  "the first rule is here");
		return;
	}
	if (w->pdirs[k]) {
		diag_error(st->d, dsl_loc(st, dir->off), "duplicate-directive",
			   "duplicate '#![%s]'", dir->name);
		diag_note(st->d, dsl_loc(st, w->pdirs[k]->off), "duplicate-directive",
			  "first given here");
		return;
	}
	w->pdirs[k] = dir;
	if (!w->first_pdir)
		w->first_pdir = dir;
	switch ((enum pdir)k) {
	case PD_PROFILE:
		apply_profile(w, dir);
		break;
	case PD_NAME:
		apply_name(w, dir);
		break;
	case PD_DEFAULT:
		apply_default(w, dir);
		break;
	case PD_COMPLAIN:
		w->p->complain = no_args(st, dir);
		break;
	case PD_DEFAULT_TAINT:
		w->p->default_taint = no_args(st, dir);
		break;
	case PD_PRIVILEGED:
		w->p->privileged = no_args(st, dir);
		break;
	case PD__COUNT:
		break;
	}
}

/* After the walk: the profile is required; the name defaults to its base name. */
static void finish_policy(struct walker *w)
{
	struct dsl_state *st = w->st;
	struct policy *p = w->p;
	if (!w->pdirs[PD_PROFILE]) {
		struct loc loc = w->seen_rule ? dsl_loc(st, w->first_rule_off) : dsl_loc(st, 0);
		diag_error(st->d, loc, "missing-profile",
			   "missing #![profile \"...\"]: a policy starts with the path of the "
			   "program it confines");
		return;
	}
	if (p->name || !p->command || w->pdirs[PD_NAME])
		return;
	const char *slash = strrchr(p->command, '/');
	const char *base = slash ? slash + 1 : p->command;
	if (!*base || has_space(base)) {
		diag_error(st->d, p->command_loc, "missing-name",
			   "cannot take a policy name from profile '%s'; add #![name \"...\"]",
			   p->command);
		return;
	}
	p->name = arena_strdup(base);
	p->name_loc = p->command_loc;
}

/* include "FILE": the word must be "include". */
static void apply_include(struct walker *w, const struct dsl_stmt *s)
{
	struct dsl_state *st = w->st;
	if (strcmp(s->word, "include")) {
		const char *inc[] = { "include" };
		diag_error(st->d, dsl_loc(st, s->off), "syntax",
			   "expected '(' after '%s' (a rule is NAME(ARGS); a file is included "
			   "with include \"FILE\")%s",
			   s->word, hint(closest(s->word, inc, 1)));
		return;
	}
	include_file(w->p, w->ic, s->path, dsl_loc(st, s->off), st->d);
}

/* The top-level statements of st's tree into w->p. */
static void walk_top(struct walker *w)
{
	struct dsl_state *st = w->st;
	const struct mods none = { 0 };
	for (const struct dsl_stmt *s = st->root; s; s = s->next) {
		if (s->kind == DSL_STMT_POLICY_DIR) {
			if (!s->pdir)
				continue;
			if (w->snippet)
				diag_error(st->d, dsl_loc(st, s->pdir->off), "include",
					   "an included file holds only rules: '#![%s]' belongs in "
					   "the policy that includes it", s->pdir->name);
			else
				apply_policy_dir(w, s->pdir);
			continue;
		}
		if (s->kind == DSL_STMT_INCLUDE) {
			apply_include(w, s);
			continue;
		}
		if (!w->seen_rule) {
			w->seen_rule = true;
			w->first_rule_off = s->off;
		}
		struct dsl_stmt one = *s;
		one.next = NULL;
		walk_stmts(w, &one, &none);
	}
}

struct policy *dsl_parse_policy(const struct source *src, struct diag *d)
{
	size_t errors = d->errors, first = d->n;
	struct dsl_state st = { .src = src, .d = d, .mode = DSL_MODE_POLICY };
	if (!run_parser(&st))
		return NULL;
	struct policy *p = arena_alloc(sizeof(*p));
	p->src = src;
	p->lang = LANG_DSL;
	p->loc = source_loc(src, 0);
	struct include_ctx ic;
	include_root(&ic, src);
	struct walker w = { .st = &st, .p = p, .ic = &ic };
	walk_top(&w);
	/* After a syntax error a directive may be lost: no "missing" errors. */
	if (!st.syntax_errors)
		finish_policy(&w);
	include_notes(d, first);
	return d->errors == errors ? p : NULL;
}

void dsl_include_rules(const struct source *src, const struct include_ctx *ic,
		       struct policy *p, struct diag *d)
{
	struct dsl_state st = { .src = src, .d = d, .mode = DSL_MODE_POLICY };
	if (!run_parser(&st))
		return;
	struct walker w = { .st = &st, .p = p, .ic = ic, .snippet = true };
	walk_top(&w);
}

bool dsl_parse_request(const struct source *src, struct diag *d, struct rule *out)
{
	size_t errors = d->errors;
	struct dsl_state st = { .src = src, .d = d, .mode = DSL_MODE_REQUEST };
	memset(out, 0, sizeof(*out));
	if (!run_parser(&st) || st.syntax_errors || !st.request)
		return false;
	struct rule r;
	if (build_rule(&st, st.request, &r))
		*out = r;
	out->actions = RA_ALLOW;
	return d->errors == errors;
}
