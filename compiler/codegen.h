/* SPDX-License-Identifier: GPL-2.0-only */
/* codegen.h - the back end: a checked policy becomes C specialized to it
 * (rule tables, a path matcher, the hooks it needs) over the templates in
 * bpf-templates/, and that C becomes a BPF object through clang. */
#ifndef BPFCC_CODEGEN_H
#define BPFCC_CODEGEN_H

#include <stdbool.h>

#include "ir.h"
#include "util.h"

struct diag;

struct codegen_opts {
	bool test_prog;		/* also emit the SEC("syscall") test program */
};

/* Appends the generated C for p to out.  Returns false after reporting an
 * error (check "too-complex": path rules, mount points, function contexts
 * or program targets beyond the limits). */
bool codegen_emit_c(const struct policy *p, const struct codegen_opts *o, struct strbuf *out,
		    struct diag *d);

/* How compiling the generated C went. */
enum clang_status { CLANG_OK, CLANG_MISSING, CLANG_FAILED, CLANG_IO };

/* Compiles C source into the BPF object `out` with clang (path `clang`),
 * the templates in `templates`.  Diagnostics of clang go to stderr. */
enum clang_status codegen_compile(const char *c_src, const char *clang, const char *templates,
				  const char *out);

/* Where the templates are: $BPFCC_TEMPLATES, the installed copy next to
 * the executable (../share/bpfcon/bpf-templates), or the source tree. */
const char *codegen_templates_dir(void);

#endif
