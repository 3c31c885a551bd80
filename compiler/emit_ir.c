// SPDX-License-Identifier: GPL-2.0-only
/* emit_ir.c - prints the IR in its canonical text form (see docs/ir.md).
 * Rules with the same kind, object, actions and context are merged (their
 * access sets are OR-ed: the semantics add them up anyway), then all rule
 * lines are sorted, so the order a policy was written in does not matter. */
#include "emit_ir.h"

#include <stdlib.h>
#include <string.h>

#include "names.h"

void ir_format_string(const char *s, struct strbuf *sb)
{
	sb_putc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_printf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			sb_printf(sb, "\\x%02x", *p);
		else
			sb_putc(sb, (char)*p);
	}
	sb_putc(sb, '"');
}

static void format_target(const struct target *t, struct strbuf *sb)
{
	switch (t->kind) {
	case TGT_ANY: sb_puts(sb, "any"); break;
	case TGT_SELF: sb_puts(sb, "self"); break;
	case TGT_PARENT: sb_puts(sb, "parent"); break;
	case TGT_CHILD: sb_puts(sb, "child"); break;
	case TGT_PROGRAM:
		sb_puts(sb, "program ");
		ir_format_string(t->name, sb);
		break;
	case TGT_POLICY:
		sb_puts(sb, "policy ");
		ir_format_string(t->name, sb);
		break;
	}
}

void ir_format_object(const struct rule *r, struct strbuf *sb)
{
	switch (r->kind) {
	case RK_FS:
	case RK_FILESYSTEM:
		sb_printf(sb, "%s ", rule_kind_name(r->kind));
		ir_format_string(r->path, sb);
		break;
	case RK_PROC:
	case RK_SIGNAL:
	case RK_PTRACE:
		sb_printf(sb, "%s ", rule_kind_name(r->kind));
		format_target(&r->target, sb);
		break;
	case RK_DEV_CLASS:
		sb_printf(sb, "dev class %s", names_dev_class_name(r->dev_class));
		break;
	case RK_DEV_NUM:
		if (r->minor < 0)
			sb_printf(sb, "dev %d:any", r->major);
		else
			sb_printf(sb, "dev %d:%d", r->major, r->minor);
		break;
	case RK_NET:
		sb_puts(sb, "net ");
		names_format_families(r->families, sb);
		break;
	case RK_CAP:
		sb_puts(sb, "cap");
		break;
	case RK_IPC:
		sb_puts(sb, "ipc ");
		ir_format_string(r->policy, sb);
		break;
	case RK__COUNT:
		break;
	}
}

static void format_actions(unsigned a, struct strbuf *sb)
{
	static const struct {
		unsigned bit;
		const char *name;
	} words[] = {
		{ RA_ALLOW, "allow" },	   { RA_DENY, "deny" },	      { RA_TAINT, "taint" },
		{ RA_AUDIT, "audit" },	   { RA_UNTAINT, "untaint" }, { RA_TRANSITION, "transition" },
	};
	bool first = true;
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		if (!(a & words[i].bit))
			continue;
		sb_puts(sb, first ? "" : "+");
		sb_puts(sb, words[i].name);
		first = false;
	}
}

static void format_ctx(const struct policy *p, const struct rule_ctx *c, struct strbuf *sb)
{
	if (!c->func)
		return;
	sb_puts(sb, c->kfunc ? " in kfunc " : " in func ");
	ir_format_string(c->func, sb);
	if (!c->kfunc) {
		sb_puts(sb, " of ");
		ir_format_string(c->binary ? c->binary : p->command ? p->command : "", sb);
	}
}

/* Everything but the access set: rules with equal keys are merged. */
static char *rule_key(const struct policy *p, const struct rule *r)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "rule ");
	format_actions(r->actions, &sb);
	sb_putc(&sb, ' ');
	ir_format_object(r, &sb);
	sb_putc(&sb, '\t');
	format_ctx(p, &r->ctx, &sb);
	return sb_finish(&sb);
}

struct merged {
	const char *key;
	const struct rule *first;
	uint64_t mask;
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct merged *)a)->key, ((const struct merged *)b)->key);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *ir_text(const struct policy *p)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "bpfcon-ir 1\npolicy ");
	ir_format_string(p->name ? p->name : "", &sb);
	sb_puts(&sb, "\ncommand ");
	ir_format_string(p->command ? p->command : "", &sb);
	sb_printf(&sb, "\ndefault %s\nstart %s\ncomplain %s\nprivileged %s\n",
		  p->default_allow ? "allow" : "deny",
		  policy_starts_tainted(p) ? "tainted" : "untainted", p->complain ? "yes" : "no",
		  p->privileged ? "yes" : "no");

	/* Merge: sort by key, then OR masks of equal neighbours. */
	struct merged *m = calloc(p->nrules ? p->nrules : 1, sizeof(*m));
	if (!m)
		fatal("out of memory");
	for (size_t i = 0; i < p->nrules; i++) {
		m[i].key = rule_key(p, &p->rules[i]);
		m[i].first = &p->rules[i];
		m[i].mask = p->rules[i].mask;
	}
	qsort(m, p->nrules, sizeof(*m), cmp_key);
	char **lines = calloc(p->nrules ? p->nrules : 1, sizeof(*lines));
	if (!lines)
		fatal("out of memory");
	size_t nlines = 0;
	for (size_t i = 0; i < p->nrules;) {
		size_t j = i + 1;
		uint64_t mask = m[i].mask;
		while (j < p->nrules && !strcmp(m[j].key, m[i].key))
			mask |= m[j++].mask;
		const struct rule *r = m[i].first;
		struct strbuf line = { 0 };
		sb_puts(&line, "rule ");
		format_actions(r->actions, &line);
		sb_putc(&line, ' ');
		ir_format_object(r, &line);
		if (r->kind != RK_IPC) {
			sb_putc(&line, ' ');
			names_format_mask(r->kind, mask, &line);
		}
		format_ctx(p, &r->ctx, &line);
		sb_putc(&line, '\n');
		lines[nlines++] = sb_finish(&line);
		i = j;
	}
	qsort(lines, nlines, sizeof(*lines), cmp_line);
	for (size_t i = 0; i < nlines; i++)
		sb_puts(&sb, lines[i]);
	free(lines);
	free(m);
	return sb_finish(&sb);
}

void emit_ir(const struct policy *p, FILE *out)
{
	fputs(ir_text(p), out);
}
