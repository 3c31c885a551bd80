/* SPDX-License-Identifier: GPL-2.0-only */
/* meta.h - the self-description text of a bpfcon object (section
 * .rodata.bpfcon, pinned as map "meta"): parsed into fields, the mount
 * list and the rule table.  Format: docs/object-format.md. */
#ifndef BPFCON_RT_META_H
#define BPFCON_RT_META_H

#include <stddef.h>

struct meta_rule {
	long id;
	const char *loc;	/* FILE:LINE:COL */
	const char *text;	/* the rule as written */
};

/* A function context (#[func], #[kfunc]): "ctx I func NAME BINARY" or
 * "ctx I kfunc NAME". */
struct meta_ctx {
	long idx;
	int kfunc;		/* 1: a kernel function */
	const char *func;
	const char *binary;	/* #[func]: the binary; NULL for #[kfunc] */
};

struct meta {
	char *buf;		/* owned copy of the text, split in place */
	long version;		/* from "bpfcon N" */
	const char *name, *command, *source, *sha256, *compiler, *deflt;
	long complain;		/* -1 if absent */
	long nrules_decl;	/* the "rules N" line; -1 if absent */
	size_t nmounts;
	const char **mounts;	/* index = I of "mount I PATH" */
	size_t nrules;
	struct meta_rule *rules;
	size_t nctx;
	struct meta_ctx *ctxs;	/* index = I of "ctx I ..." */
};

/* Parses LEN bytes (stops at the first NUL).  Returns 0, or -1 with a
 * reason in ERR. */
int meta_parse(const char *text, size_t len, struct meta *m, char *err, size_t errlen);
/* The rule with id ID, or NULL. */
const struct meta_rule *meta_rule(const struct meta *m, long id);
void meta_free(struct meta *m);

#endif
