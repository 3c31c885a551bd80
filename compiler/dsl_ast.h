/* SPDX-License-Identifier: GPL-2.0-only */
/* dsl_ast.h - the small syntax tree the rule DSL grammar (grammar/dsl.y)
 * builds, and the state shared by the lexer, the parser and dsl_front.c.
 *
 * The grammar only records what was written and where (byte offsets into
 * the source); dsl_front.c resolves names, validates, and fills the IR.
 * Every node lives in the arena. */
#ifndef BPFCC_DSL_AST_H
#define BPFCC_DSL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "source.h"

/* A span of source text: [begin, end) byte offsets. */
struct dsl_span {
	size_t begin, end;
};

/* One word of a flag list: read in read|write. */
struct dsl_word {
	const char *text;
	size_t off;
	struct dsl_word *next;
};

enum dsl_arg_kind {
	DSL_ARG_STRING,		/* "..." or '...' (rule and directive args) */
	DSL_ARG_WORDS,		/* ident or ident|ident|... */
	DSL_ARG_NUMBER,		/* 4 (a device major) */
	DSL_ARG_DEVNUM,		/* 4:64 (major:minor) */
	DSL_ARG_PAREN_STRING	/* ("...") in #[func "f" ("/bin")] */
};

/* Numbers saturate here so any too-large value is still out of range. */
#define DSL_NUMBER_MAX 999999999ul

struct dsl_arg {
	enum dsl_arg_kind kind;
	size_t off;			/* start of the argument */
	const char *str;		/* STRING, PAREN_STRING: decoded text */
	size_t str_off;			/* STRING, PAREN_STRING: the opening quote */
	struct dsl_word *words;		/* WORDS, in source order */
	size_t nwords;
	unsigned long major, minor;	/* NUMBER (major), DEVNUM */
	size_t minor_off;		/* DEVNUM */
	struct dsl_arg *next;
};

/* A rule as called: name(args).  span covers name to ')'. */
struct dsl_call {
	const char *name;
	struct dsl_span span;
	struct dsl_arg *args;
	size_t nargs;
};

/* #![name args] (inner, policy directive) or #[name args] (rule directive). */
struct dsl_dir {
	bool inner;
	const char *name;
	size_t off;		/* the '#' */
	size_t name_off;
	struct dsl_arg *args;
	size_t nargs;
	struct dsl_dir *next;
};

enum dsl_stmt_kind {
	DSL_STMT_POLICY_DIR,	/* a #![...] at top level */
	DSL_STMT_RULE,		/* dirs then one call */
	DSL_STMT_BLOCK,		/* dirs then { stmts } */
	DSL_STMT_INCLUDE	/* include "FILE" at top level */
};

struct dsl_stmt {
	enum dsl_stmt_kind kind;
	size_t off;			/* first byte (first directive, or the body) */
	struct dsl_dir *dirs;		/* rule directives (RULE, BLOCK) */
	struct dsl_dir *pdir;		/* POLICY_DIR */
	struct dsl_call *call;		/* RULE; NULL after a syntax error */
	bool bad_dirs;			/* a directive had a syntax error */
	const char *word;		/* INCLUDE: the keyword as written */
	const char *path;		/* INCLUDE: the file, decoded */
	size_t path_off;		/* INCLUDE: its opening quote */
	struct dsl_stmt *body;		/* BLOCK: its statements */
	struct dsl_stmt *next;
};

/* Singly linked lists built left to right by the grammar (O(1) append). */
struct dsl_stmt_list { struct dsl_stmt *head, *tail; };
struct dsl_dir_list { struct dsl_dir *head, *tail; size_t n; bool bad; };
struct dsl_arg_list { struct dsl_arg *head, *tail; size_t n; };
struct dsl_word_list { struct dsl_word *head, *tail; size_t n; };

/* Block nesting limit. */
#define DSL_MAX_DEPTH 64
/* Syntax errors reported in one file before the parse gives up. */
#define DSL_MAX_SYNTAX_ERRORS 20

/* Which start symbol the driver asks for (the lexer's first token). */
enum dsl_mode { DSL_MODE_POLICY, DSL_MODE_REQUEST };

/* Shared by lexer, parser and driver (the flex "extra" data). */
struct dsl_state {
	const struct source *src;
	struct diag *d;
	enum dsl_mode mode;
	bool started;		/* the start token has been handed out */
	size_t off;		/* lexer position */
	size_t last_end;	/* end of the last token returned */
	size_t comment_start;	/* offset of the open block comment */
	int depth;		/* current block nesting */
	int syntax_errors;	/* reported so far */
	bool stop;		/* too many: the lexer ends the input */
	bool recovering;	/* after a syntax error, until a recovery rule
				 * matched: further errors are its echo */
	struct dsl_stmt *root;	/* policy: top-level statements */
	struct dsl_call *request; /* request: the one rule */
};

/* Location of a byte offset in the state's source. */
struct loc dsl_loc(const struct dsl_state *st, size_t off);
/* Reports a syntax error (lexer or parser), up to DSL_MAX_SYNTAX_ERRORS;
 * then one "too many errors" and st->stop.  Nothing while recovering. */
void dsl_syntax_error(struct dsl_state *st, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
