// SPDX-License-Identifier: GPL-2.0-only
/* diag.c - collecting findings and printing them as text, JSON or SARIF. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "checks.h"
#include "json.h"
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
	struct json j;
	json_init(&j, out, 1, true);
	json_array(&j);
	for (size_t i = 0; i < d->n; i++) {
		const struct finding *f = &d->v[i];
		json_object(&j);
		json_kv_str(&j, "file", f->loc.file ? f->loc.file : "");
		json_kv_int(&j, "line", f->loc.line);
		json_kv_int(&j, "column", f->loc.col);
		json_kv_str(&j, "severity", sev_name(f->sev));
		json_kv_str(&j, "check", f->check ? f->check : "");
		json_kv_str(&j, "message", f->msg);
		json_end(&j);
	}
	json_end(&j);
}

/* SARIF
 *
 * What code scanning (GitHub, GitLab) shows well: one reportingDescriptor
 * per check with shortDescription and help (checks.c); artifact URIs
 * relative to %SRCROOT% (the checkout) with uriBaseId; columns counted in
 * Unicode code points (columnKind); a note ("first written here") as a
 * relatedLocation of the finding before it, not a result of its own. */

static const char *check_of(const struct finding *f)
{
	return f->check ? f->check : "bpfcc";
}

/* Appends S to SB percent-encoded as a URI path (RFC 3986): unreserved
 * characters and '/' as they are, every other byte as %XX. */
static void uri_encode(struct strbuf *sb, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			sb_putc(sb, (char)*p);
		else
			sb_printf(sb, "%%%02X", *p);
	}
}

/* The artifactLocation of FILE: relative to %SRCROOT% when FILE is a
 * relative path (as given on the command line, from the checkout) or an
 * absolute one under the working directory; a file:// URI otherwise. */
static void sarif_artifact(struct json *j, const char *file)
{
	struct strbuf sb = { 0 };
	char cwd[4096];
	const char *rel = file;
	bool relative = file[0] != '/';
	if (!relative && getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);
		if (n > 1 && !strncmp(file, cwd, n) && file[n] == '/') {
			rel = file + n + 1;
			relative = true;
		}
	}
	while (relative && rel[0] == '.' && rel[1] == '/')
		rel += 2;
	if (!relative)
		sb_puts(&sb, "file://");
	uri_encode(&sb, rel);
	json_key(j, "artifactLocation");
	json_object(j);
	json_kv_str(j, "uri", sb.s ? sb.s : "");
	if (relative)
		json_kv_str(j, "uriBaseId", "%SRCROOT%");
	json_end(j);
	sb_free(&sb);
}

/* F's column counted in code points: its byte column less the UTF-8
 * continuation bytes before it on its line. */
static int code_point_column(const struct finding *f)
{
	if (!f->loc.src || f->loc.line <= 0 || f->loc.col <= 1)
		return f->loc.col;
	size_t len;
	const char *line = source_line(f->loc.src, f->loc.line, &len);
	if (!line || !source_valid_utf8(line, len))
		return f->loc.col;
	int col = 1;
	for (size_t i = 0; i + 1 < (size_t)f->loc.col && i < len; i++)
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static void sarif_location(struct json *j, const struct finding *f)
{
	json_key(j, "physicalLocation");
	json_object(j);
	sarif_artifact(j, f->loc.file ? f->loc.file : "");
	if (f->loc.line > 0) {
		json_key(j, "region");
		json_object(j);
		json_kv_int(j, "startLine", f->loc.line);
		json_kv_int(j, "startColumn", code_point_column(f));
		json_end(j);
	}
	json_end(j);
}

static void sarif_message(struct json *j, const char *text)
{
	json_key(j, "message");
	json_object(j);
	json_kv_str(j, "text", text);
	json_end(j);
}

static void sarif_rule(struct json *j, const char *id, enum severity sev)
{
	const struct check_info *ci = check_info(id);
	json_object(j);
	json_kv_str(j, "id", id);
	json_key(j, "shortDescription");
	json_object(j);
	json_kv_str(j, "text", ci->brief);
	json_end(j);
	json_key(j, "help");
	json_object(j);
	json_kv_str(j, "text", ci->help);
	json_end(j);
	json_key(j, "defaultConfiguration");
	json_object(j);
	json_kv_str(j, "level", sev_name(sev));
	json_end(j);
	json_end(j);
}

void diag_print_sarif(const struct diag *d, FILE *out, const char *tool_version)
{
	/* One reportingDescriptor per distinct check of a result, in
	 * first-seen order; a note that follows a result belongs to it. */
	const char **seen = arena_alloc(sizeof(char *) * (d->n + 1));
	size_t nseen = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].sev == SEV_NOTE && i > 0)
			continue;
		const char *c = check_of(&d->v[i]);
		size_t k = 0;
		while (k < nseen && strcmp(seen[k], c))
			k++;
		if (k == nseen)
			seen[nseen++] = c;
	}

	struct json j;
	json_init(&j, out, 4, true);
	json_object(&j);
	json_kv_str(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	json_kv_str(&j, "version", "2.1.0");
	json_key(&j, "runs");
	json_array(&j);
	json_object(&j);
	json_key(&j, "tool");
	json_object(&j);
	json_key(&j, "driver");
	json_object(&j);
	json_kv_str(&j, "name", "bpfcc");
	json_kv_str(&j, "version", tool_version);
	json_key(&j, "rules");
	json_array(&j);
	for (size_t k = 0; k < nseen; k++) {
		enum severity sev = SEV_NOTE;
		for (size_t i = 0; i < d->n; i++)
			if (!strcmp(check_of(&d->v[i]), seen[k]) && d->v[i].sev < sev)
				sev = d->v[i].sev;
		sarif_rule(&j, seen[k], sev);
	}
	json_end(&j);	/* rules */
	json_end(&j);	/* driver */
	json_end(&j);	/* tool */
	json_kv_str(&j, "columnKind", "unicodeCodePoints");
	json_key(&j, "results");
	json_array(&j);
	for (size_t i = 0; i < d->n; i++) {
		const struct finding *f = &d->v[i];
		if (f->sev == SEV_NOTE && i > 0)
			continue;
		const char *c = check_of(f);
		size_t idx = 0;
		while (strcmp(seen[idx], c))
			idx++;
		json_object(&j);
		json_kv_str(&j, "ruleId", c);
		json_kv_int(&j, "ruleIndex", (long long)idx);
		json_kv_str(&j, "level", sev_name(f->sev));
		sarif_message(&j, f->msg);
		json_key(&j, "locations");
		json_array(&j);
		json_object(&j);
		sarif_location(&j, f);
		json_end(&j);
		json_end(&j);
		size_t nrel = 0;
		while (i + 1 + nrel < d->n && d->v[i + 1 + nrel].sev == SEV_NOTE)
			nrel++;
		if (nrel) {
			json_key(&j, "relatedLocations");
			json_array(&j);
			for (size_t r = 0; r < nrel; r++) {
				const struct finding *n = &d->v[i + 1 + r];
				json_object(&j);
				json_kv_int(&j, "id", (long long)r + 1);
				sarif_location(&j, n);
				sarif_message(&j, n->msg);
				json_end(&j);
			}
			json_end(&j);
		}
		json_end(&j);
	}
	json_end(&j);	/* results */
	json_end(&j);	/* run */
	json_end(&j);	/* runs */
	json_end(&j);
}
