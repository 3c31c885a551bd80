// SPDX-License-Identifier: GPL-2.0-only
/* test_meta.c - the meta-policy reader uses the policies' YAML reader
 * (yaml_tree.c): aliases are followed and bounded like in a policy, CR LF
 * and non-ASCII text give byte columns, and the node bounds are the same. */
#include <string.h>

#include "lint.h"
#include "unit.h"
#include "util.h"
#include "yaml_tree.h"

static struct diag D;

static struct meta_policy *load(const char *text)
{
	memset(&D, 0, sizeof(D));
	struct source *src = source_from_string("meta.yml", text, strlen(text), &D);
	return src ? meta_load_source(src, &D) : NULL;
}

static size_t count(const char *check)
{
	size_t n = 0;
	for (size_t i = 0; i < D.n; i++)
		n += D.v[i].sev == SEV_ERROR && !strcmp(D.v[i].check, check);
	return n;
}

static const struct finding *first(const char *check)
{
	for (size_t i = 0; i < D.n; i++)
		if (!strcmp(D.v[i].check, check))
			return &D.v[i];
	return NULL;
}

static void test_aliases(void)
{
	/* An anchored list used twice, and an anchored flag. */
	CHECK(load("x: &t true\n") == NULL && count("unknown-key") == 1);
	CHECK(load("forbid: {complain: &t true, ipc: *t, capabilities: &c [sysAdmin]}\n"
		   "alwaysDeny: [/etc/shadow]\n") != NULL && D.n == 0);
	/* A bad value through an alias is reported at the alias. */
	CHECK(load("forbid:\n  complain: &y yes\n  ipc: *y\n") == NULL && count("bad-value") == 2);
	const struct finding *f = D.n == 2 ? &D.v[1] : NULL;
	CHECK(f && f->loc.line == 3 && f->loc.col == 8);
	/* A billion laughs is refused by the shared bound. */
	struct strbuf sb = { 0 };
	sb_puts(&sb, "alwaysDeny:\n  - &a [/a, /a, /a, /a, /a, /a, /a, /a, /a, /a]\n");
	for (char c = 'b'; c <= 'k'; c++) {
		sb_printf(&sb, "  - &%c [", c);
		for (int i = 0; i < 10; i++)
			sb_printf(&sb, "%s*%c", i ? ", " : "", c - 1);
		sb_puts(&sb, "]\n");
	}
	CHECK(load(sb_finish(&sb)) == NULL && count("too-many-nodes") == 1);
	CHECK(strstr(first("too-many-nodes")->msg, "aliases") != NULL);
}

static void test_text(void)
{
	/* CR LF line ends: lines and columns as in the file. */
	CHECK(load("forbid:\r\n  complian: true\r\nalwaysDeny:\r\n  - etc\r\n") == NULL);
	const struct finding *k = first("unknown-key"), *p = first("bad-path");
	CHECK(k && k->loc.line == 2 && k->loc.col == 3);
	CHECK(p && p->loc.line == 4 && p->loc.col == 5);
	/* A key with no close match lists the keys. */
	CHECK(load("frobnicate: 1\n") == NULL && count("unknown-key") == 1);
	CHECK(strstr(first("unknown-key")->msg, "expected 'forbid' or 'alwaysDeny'") != NULL);
	/* A second document, a tag, and a syntax error. */
	CHECK(load("forbid: {}\n---\nforbid: {}\n") == NULL && count("syntax") == 1);
	CHECK(load("forbid: !!python/object {}\n") == NULL && count("syntax") == 1);
	CHECK(load("forbid: [\n") == NULL && count("syntax") == 1);
	/* Deep nesting: the reader's bound. */
	struct strbuf sb = { 0 };
	sb_puts(&sb, "alwaysDeny: ");
	for (int i = 0; i <= YTREE_MAX_DEPTH; i++)
		sb_putc(&sb, '[');
	CHECK(load(sb_finish(&sb)) == NULL && count("too-deep") == 1);
}

static void run_tests(void)
{
	test_aliases();
	test_text();
}

UNIT_MAIN("test_meta")
