/* SPDX-License-Identifier: GPL-2.0-only */
/* fuzz.h - what the libFuzzer harnesses of tests/fuzz/ share: a folder
 * of files to include, diagnostics printed (to /dev/null) so that every
 * location they carry is used, and the arena released after each input so
 * memory stays flat. */
#ifndef BPFCON_FUZZ_H
#define BPFCON_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "codegen.h"
#include "diag.h"
#include "frontend.h"
#include "lint.h"
#include "source.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A folder of files for include statements to reach: two abstractions
 * that include each other (a cycle through the input when it includes
 * them), one with errors, one that is not a policy file.  Made once per
 * process, removed at exit. */
static char fuzz_dir_path[] = "/tmp/bpfcon-fuzz-XXXXXX";

static inline void fuzz_dir_remove(void)
{
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_dir_path);
	if (system(cmd) != 0)
		fputs("fuzz: cannot remove the include folder\n", stderr);
}

static inline void fuzz_put(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir_path, name);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static inline const char *fuzz_dir(void)
{
	static int made;
	if (!made) {
		made = 1;
		if (!mkdtemp(fuzz_dir_path))
			abort();
		atexit(fuzz_dir_remove);
		char sub[64];
		snprintf(sub, sizeof(sub), "%s/abstractions", fuzz_dir_path);
		if (mkdir(sub, 0700))
			abort();
		fuzz_put("abstractions/base.pol",
			 "fs(\"/lib/**\", read|map)\n#[deny] fs(\"/etc/shadow\", read)\n"
			 "include \"nameservice.yml\"\n");
		fuzz_put("abstractions/nameservice.yml",
			 "rights:\n  - file: {path: /etc/hosts, access: r}\n  - network: [client]\n"
			 "include: [base.pol, ../p.pol, ../p.yml]\n");
		fuzz_put("abstractions/bad.pol", "#![name \"x\"]\nfs(\"/a\", raed)\n");
		fuzz_put("notes.txt", "not a policy\n");
	}
	return fuzz_dir_path;
}

/* The input as the policy file NAME in fuzz_dir(), read back like bpfcc
 * reads a policy (so that it may include the files there, and itself). */
static inline struct source *fuzz_source(const char *name, const uint8_t *data, size_t size,
					 struct diag *d)
{
	const char *path = arena_printf("%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	int io;
	return source_load(path, d, &io);
}

static inline void fuzz_finish(struct diag *d)
{
	static FILE *null_out;
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	if (null_out) {
		diag_print_text(d, null_out, false);
		diag_print_json(d, null_out);
	}
	arena_release();
}

/* The front-end harnesses (fuzz_dsl.c, fuzz_yaml.c): the input as policy
 * file NAME parsed by PARSE, then the shared checks, lint, and (for small
 * policies) code generation. */
static inline int fuzz_front_end(const char *name, const uint8_t *data, size_t size,
				 struct policy *(*parse)(const struct source *, struct diag *))
{
	struct diag d = { 0 };
	struct source *src = fuzz_source(name, data, size, &d);
	struct policy *p = src ? parse(src, &d) : NULL;
	if (p && check_policy(p, &d)) {
		lint_policy(p, &d);
		if (p->nrules <= 16) {
			struct strbuf c = { 0 };
			codegen_emit_c(p, NULL, &c, &d);
			sb_free(&c);
		}
	}
	fuzz_finish(&d);
	return 0;
}

#endif
