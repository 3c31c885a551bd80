// SPDX-License-Identifier: GPL-2.0-only
/* diag.c - collecting findings and printing them as text, JSON or SARIF. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

#include "util.h"

static void add(struct diag *d, enum severity sev, struct loc loc, const char *check,
		const char *fmt, va_list ap)
{
	struct finding *f = arena_grow(&d->v, &d->n, &d->cap, sizeof(*d->v));
	f->sev = sev;
	f->loc = loc;
	if (!f->loc.file && loc.src)
		f->loc.file = loc.src->name;
	f->check = check;
	f->msg = arena_vprintf(fmt, ap);
	if (sev == SEV_ERROR)
		d->errors++;
	else if (sev == SEV_WARNING)
		d->warnings++;
}

#define DEFINE_REPORTER(fn, sev)                                                        \
	void fn(struct diag *d, struct loc loc, const char *check, const char *fmt, ...) \
	{                                                                               \
		va_list ap;                                                             \
		va_start(ap, fmt);                                                      \
		add(d, sev, loc, check, fmt, ap);                                       \
		va_end(ap);                                                             \
	}
DEFINE_REPORTER(diag_error, SEV_ERROR)
DEFINE_REPORTER(diag_warn, SEV_WARNING)
DEFINE_REPORTER(diag_note, SEV_NOTE)

void diag_promote_warnings(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == SEV_WARNING)
			d->v[i].sev = SEV_ERROR;
	d->errors += d->warnings;
	d->warnings = 0;
}

static const char *sev_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* A byte of a source line as it is safe to show on a terminal: control
 * bytes (which could be escape sequences) become '?'. */
static bool unsafe_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static void print_caret(FILE *out, const struct finding *f, bool color)
{
	size_t len;
	const char *line = source_line(f->loc.src, f->loc.line, &len);
	/* A line with invalid UTF-8 is shown as ASCII only. */
	bool ascii_only = !source_valid_utf8(line, len);
	fputs("  ", out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		fputc(unsafe_byte(c) || (ascii_only && c >= 0x80) ? '?' : (char)c, out);
	}
	fputs("\n  ", out);
	/* One space per character before the column; tabs kept so the caret
	 * lines up; UTF-8 continuation bytes take no room. */
	for (size_t i = 0; i + 1 < (size_t)f->loc.col && i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c == '\t')
			fputc('\t', out);
		else if (ascii_only || (c & 0xc0) != 0x80)
			fputc(' ', out);
	}
	fprintf(out, "%s^%s\n", color ? "\033[1;32m" : "", color ? "\033[0m" : "");
}

void diag_print_text(const struct diag *d, FILE *out, bool color)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct finding *f = &d->v[i];
		const char *sc = f->sev == SEV_ERROR ? "\033[1;31m"
			       : f->sev == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
		if (color)
			fputs("\033[1m", out);
		fputs(f->loc.file ? f->loc.file : "bpfcc", out);
		if (f->loc.line > 0)
			fprintf(out, ":%d:%d", f->loc.line, f->loc.col);
		fputs(": ", out);
		if (color)
			fprintf(out, "%s%s:\033[0m\033[1m %s\033[0m", sc, sev_name(f->sev), f->msg);
		else
			fprintf(out, "%s: %s", sev_name(f->sev), f->msg);
		if (f->check)
			fprintf(out, " [%s]", f->check);
		fputc('\n', out);
		if (f->loc.src && f->loc.line > 0)
			print_caret(out, f, color);
	}
}

void diag_print_json(const struct diag *d, FILE *out)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "[");
	for (size_t i = 0; i < d->n; i++) {
		const struct finding *f = &d->v[i];
		sb_puts(&sb, i ? ",\n " : "\n ");
		sb_puts(&sb, "{\"file\": ");
		sb_json_string(&sb, f->loc.file ? f->loc.file : "");
		sb_printf(&sb, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"check\": ",
			  f->loc.line, f->loc.col, sev_name(f->sev));
		sb_json_string(&sb, f->check ? f->check : "");
		sb_puts(&sb, ", \"message\": ");
		sb_json_string(&sb, f->msg);
		sb_puts(&sb, "}");
	}
	sb_puts(&sb, d->n ? "\n]\n" : "]\n");
	fputs(sb.s, out);
	sb_free(&sb);
}

void diag_print_sarif(const struct diag *d, FILE *out, const char *tool_version)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		     "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
		     "    \"tool\": {\"driver\": {\"name\": \"bpfcc\", \"version\": ");
	sb_json_string(&sb, tool_version);
	sb_puts(&sb, ", \"informationUri\": \"https://example.invalid/bpfcon\", \"rules\": [");
	/* One reportingDescriptor per distinct check name, in first-seen order. */
	const char **seen = arena_alloc(sizeof(char *) * (d->n + 1));
	size_t nseen = 0;
	for (size_t i = 0; i < d->n; i++) {
		const char *c = d->v[i].check ? d->v[i].check : "bpfcc";
		size_t j;
		for (j = 0; j < nseen; j++)
			if (!strcmp(seen[j], c))
				break;
		if (j == nseen) {
			seen[nseen++] = c;
			sb_puts(&sb, nseen > 1 ? ", {\"id\": " : "{\"id\": ");
			sb_json_string(&sb, c);
			sb_puts(&sb, "}");
		}
	}
	sb_puts(&sb, "]}},\n    \"results\": [");
	for (size_t i = 0; i < d->n; i++) {
		const struct finding *f = &d->v[i];
		const char *c = f->check ? f->check : "bpfcc";
		size_t idx = 0;
		while (strcmp(seen[idx], c))
			idx++;
		sb_puts(&sb, i ? ",\n      {" : "\n      {");
		sb_puts(&sb, "\"ruleId\": ");
		sb_json_string(&sb, c);
		sb_printf(&sb, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ",
			  idx, sev_name(f->sev));
		sb_json_string(&sb, f->msg);
		sb_puts(&sb, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
		sb_json_string(&sb, f->loc.file ? f->loc.file : "");
		sb_puts(&sb, "}");
		if (f->loc.line > 0)
			sb_printf(&sb, ", \"region\": {\"startLine\": %d, \"startColumn\": %d}",
				  f->loc.line, f->loc.col);
		sb_puts(&sb, "}}]}");
	}
	sb_puts(&sb, d->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
	fputs(sb.s, out);
	sb_free(&sb);
}
