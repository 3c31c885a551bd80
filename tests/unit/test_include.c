// SPDX-License-Identifier: GPL-2.0-only
/* test_include.c - included rule files: the depth and file-count limits,
 * a file included twice is read once, and included rules keep their own
 * file:line:col in the object's self-description (what `bpfcon info` and
 * the kernel's log name). */
#include <stdlib.h>
#include <unistd.h>

#include "codegen.h"
#include "frontend.h"
#include "unit.h"
#include "util.h"

static char dir[] = "/tmp/bpfcc-include-XXXXXX";
static struct diag D;

static const char *put(const char *name, const char *text)
{
	const char *path = arena_printf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return path;
	fputs(text, f);
	fclose(f);
	return path;
}

static struct policy *load(const char *path)
{
	memset(&D, 0, sizeof(D));
	int io;
	struct source *src = source_load(path, &D, &io);
	return src ? frontend_parse(src, &D) : NULL;
}

static bool has(const char *check, const char *msg_part)
{
	for (size_t i = 0; i < D.n; i++)
		if (!strcmp(D.v[i].check, check) && strstr(D.v[i].msg, msg_part))
			return true;
	return false;
}

static void test_depth(void)
{
	/* d0.pol includes d1.pol ... includes dN.pol. */
	for (int i = 1; i <= INCLUDE_MAX_DEPTH + 1; i++)
		put(arena_printf("d%d.pol", i),
		    arena_printf("fs(\"/d%d\", read)\ninclude \"d%d.pol\"\n", i, i + 1));
	put(arena_printf("d%d.pol", INCLUDE_MAX_DEPTH + 2), "fs(\"/last\", read)\n");
	const char *top = put("d0.pol", "#![profile \"/bin/d\"]\ninclude \"d1.pol\"\n");
	CHECK(load(top) == NULL);
	CHECK(has("include", "includes nested too deeply"));

	/* Exactly at the limit is fine. */
	put(arena_printf("d%d.pol", INCLUDE_MAX_DEPTH), "fs(\"/end\", read)\n");
	struct policy *p = load(top);
	CHECK(p && p->nrules == INCLUDE_MAX_DEPTH);
}

static void test_once_and_count(void)
{
	put("same.pol", "fs(\"/same\", read)\n");
	struct strbuf sb = { 0 };
	sb_puts(&sb, "#![profile \"/bin/x\"]\n");
	for (int i = 0; i < 5; i++)
		sb_puts(&sb, "include \"same.pol\"\ninclude \"./same.pol\"\n");
	struct policy *p = load(put("once.pol", sb_finish(&sb)));
	CHECK(p && p->nrules == 1);

	/* More different files than the limit. */
	struct strbuf many = { 0 };
	sb_puts(&many, "name: many\ncommand: /bin/many\ninclude:\n");
	for (int i = 0; i <= INCLUDE_MAX_FILES; i++) {
		put(arena_printf("m%d.yml", i), arena_printf("rights: ['fs /m%d r']\n", i));
		sb_printf(&many, "  - m%d.yml\n", i);
	}
	CHECK(load(put("many.yml", sb_finish(&many))) == NULL);
	CHECK(has("include", "too many included files"));
}

static void test_meta_locations(void)
{
	put("abs.pol", "// shared\n\n  fs(\"/lib/**\", read|map)\n");
	put("abs.yml", "rights:\n  - file: {path: /etc/hosts, access: r}\n");
	const char *top = put("top.pol", "#![profile \"/bin/top\"]\ninclude \"abs.pol\"\n"
					 "fs(\"/top\", read)\ninclude \"abs.yml\"\n");
	struct policy *p = load(top);
	CHECK(p && p->nrules == 3);
	if (!p)
		return;
	struct strbuf c = { 0 };
	CHECK(codegen_emit_c(p, NULL, &c, &D));
	const char *s = sb_finish(&c);
	CHECK(strstr(s, arena_printf("rule 0 %s/abs.pol:3:3 fs(\\\"/lib/**\\\", read|map)", dir)));
	CHECK(strstr(s, arena_printf("rule 1 %s/top.pol:3:1 fs(\\\"/top\\\", read)", dir)));
	CHECK(strstr(s, arena_printf("rule 2 %s/abs.yml:2:5 file:", dir)));
	CHECK(strstr(s, arena_printf("source %s/top.pol", dir)));
}

static void run_tests(void)
{
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	test_depth();
	test_once_and_count();
	test_meta_locations();
	char *cmd = arena_printf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

UNIT_MAIN("test_include")
