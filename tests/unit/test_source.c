// SPDX-License-Identifier: GPL-2.0-only
/* test_source.c - source loading (validation, locations) and diagnostics
 * printing in the three formats. */
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "unit.h"
#include "util.h"

static const char *print_text(const struct diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_print_text(d, f, false);
	fclose(f);
	char *s = arena_strdup(buf);
	free(buf);
	return s;
}

static void run_tests(void)
{
	struct diag d = { 0 };
	const struct source *s = source_from_string("a.pol", "ab\ncd\n", 6, &d);
	CHECK(s && s->nlines == 3);
	struct loc l = source_loc(s, 4);
	CHECK(l.line == 2 && l.col == 2);
	size_t len;
	const char *line = source_line(s, 2, &len);
	CHECK(len == 2 && !strncmp(line, "cd", 2));
	CHECK(source_offset(&l) == 4);

	/* "\r\n" and a lone "\r" end lines too */
	const struct source *cr = source_from_string("cr.pol", "a\r\nb\rc", 6, &d);
	CHECK(cr && cr->nlines == 3);
	CHECK(source_loc(cr, 5).line == 3 && source_loc(cr, 5).col == 1);
	line = source_line(cr, 1, &len);
	CHECK(len == 1 && line[0] == 'a');

	/* NUL, invalid UTF-8, overlong encodings, surrogates, control chars */
	CHECK(!source_from_string("n.pol", "ab\0c", 4, &d));
	CHECK(d.errors == 1 && d.v[0].loc.line == 1 && d.v[0].loc.col == 3);
	CHECK(!source_from_string("u.pol", "x\n\xff", 3, &d));
	CHECK(d.errors == 2 && d.v[1].loc.line == 2 && d.v[1].loc.col == 1);
	CHECK(!source_from_string("o.pol", "\xc0\xaf", 2, &d));
	CHECK(!source_from_string("s.pol", "\xed\xa0\x80", 3, &d));
	CHECK(!source_from_string("c.pol", "a\x01", 2, &d));
	CHECK(source_from_string("ok.pol", "caf\xc3\xa9 \xf0\x9f\x94\x92\n", 10, &d) != NULL);
	CHECK(d.errors == 5);

	/* text format: location, severity, check, source line and caret */
	struct diag d2 = { 0 };
	const struct source *t = source_from_string("p.pol", "fs(\"/x\", raed)\n", 15, &d2);
	diag_error(&d2, source_loc(t, 9), "unknown-flag", "unknown fs flag '%s'", "raed");
	CHECK_STR(print_text(&d2),
		  "p.pol:1:10: error: unknown fs flag 'raed' [unknown-flag]\n"
		  "  fs(\"/x\", raed)\n"
		  "           ^\n");
	diag_warn(&d2, source_loc(t, 0), "duplicate-rule", "w");
	CHECK(d2.errors == 1 && d2.warnings == 1);
	diag_promote_warnings(&d2);
	CHECK(d2.errors == 2 && d2.warnings == 0 && d2.v[1].sev == SEV_ERROR);

	/* control bytes are never echoed to the terminal; the caret counts
	 * characters, not bytes */
	struct diag d4 = { 0 };
	struct source fake = { .name = "e.yml", .text = "a\033[2Jb\n", .len = 7 };
	size_t offs[] = { 0, 7 };
	fake.line_off = offs;
	fake.nlines = 1;
	diag_error(&d4, source_loc(&fake, 1), "bad-input", "control character");
	CHECK_STR(print_text(&d4), "e.yml:1:2: error: control character [bad-input]\n"
				   "  a?[2Jb\n"
				   "   ^\n");
	struct diag d5 = { 0 };
	const struct source *u = source_from_string("u.pol", "\xc3\xa9\xc3\xa9x\n", 6, &d5);
	diag_error(&d5, source_loc(u, 4), "syntax", "here");
	CHECK_STR(print_text(&d5), "u.pol:1:5: error: here [syntax]\n"
				   "  \xc3\xa9\xc3\xa9x\n"
				   "    ^\n");

	/* a file that could not be read: no line, no caret */
	struct diag d3 = { 0 };
	int io = 0;
	CHECK(source_load("/nonexistent/x.pol", &d3, &io) == NULL && io == 1);
	CHECK(!strncmp(print_text(&d3), "/nonexistent/x.pol: error: cannot open: ", 40));

	/* JSON escapes */
	struct strbuf sb = { 0 };
	sb_json_string(&sb, "a\"b\\c\n\x01");
	CHECK_STR(sb_finish(&sb), "\"a\\\"b\\\\c\\n\\u0001\"");
}

UNIT_MAIN("source")
