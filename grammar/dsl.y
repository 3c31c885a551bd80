/* SPDX-License-Identifier: GPL-2.0-only */
/* dsl.y - grammar of the bpfcon rule DSL (bpfbox style).
 *
 * Two start symbols, chosen by a first token the lexer hands out: a whole
 * policy (START_POLICY) or one rule as an explain request (START_REQUEST).
 * Actions only build the syntax tree of compiler/dsl_ast.h, with byte
 * offsets; compiler/dsl_front.c resolves names and fills the IR.
 *
 * Error recovery: a syntax error inside a rule's parentheses, a directive's
 * brackets or a block's braces skips to the closing ')', ']' or '}' (the
 * bad part becomes a NULL call or directive, or an empty block), so every
 * later error is still reported; after DSL_MAX_SYNTAX_ERRORS the parse
 * stops with "too many errors". */

%define api.pure full
%define api.prefix {dsl_}
%define api.token.prefix {TOK_}
%define parse.error detailed
%define parse.lac full
%locations
%expect 0

%param {yyscan_t scanner}
%parse-param {struct dsl_state *st}

%code requires {
#include "dsl_ast.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/* Locations are byte spans; lines and columns come from source_loc(). */
typedef struct dsl_span DSL_LTYPE;
#define DSL_LTYPE_IS_DECLARED 1
#define YYLLOC_DEFAULT(cur, rhs, n)                                     \
	do {                                                            \
		if (n) {                                                \
			(cur).begin = YYRHSLOC(rhs, 1).begin;           \
			(cur).end = YYRHSLOC(rhs, n).end;               \
		} else {                                                \
			(cur).begin = (cur).end = YYRHSLOC(rhs, 0).end; \
		}                                                       \
	} while (0)
}

%code provides {
int dsl_lex(DSL_STYPE *lval, DSL_LTYPE *lloc, yyscan_t scanner);
}

%code {
#include "diag.h"
#include "util.h"

/* Deep nesting is refused long before this. */
#define YYMAXDEPTH 2000

static void dsl_error(DSL_LTYPE *lloc, yyscan_t scanner, struct dsl_state *st,
		      const char *msg)
{
	(void)scanner;
	dsl_syntax_error(st, lloc->begin, "%s", msg);
	st->recovering = true;
}

static struct dsl_arg *new_arg(enum dsl_arg_kind kind, size_t off)
{
	struct dsl_arg *a = arena_alloc(sizeof(*a));
	a->kind = kind;
	a->off = off;
	return a;
}

static struct dsl_arg *string_arg(enum dsl_arg_kind kind, const char *s, size_t quote,
				  size_t off)
{
	struct dsl_arg *a = new_arg(kind, off);
	a->str = s;
	a->str_off = quote;
	return a;
}

static struct dsl_word *new_word(const char *text, size_t off)
{
	struct dsl_word *w = arena_alloc(sizeof(*w));
	w->text = text;
	w->off = off;
	return w;
}

static struct dsl_dir *new_dir(bool inner, size_t off, const char *name, size_t name_off,
			       struct dsl_arg_list args)
{
	struct dsl_dir *dir = arena_alloc(sizeof(*dir));
	dir->inner = inner;
	dir->off = off;
	dir->name = name;
	dir->name_off = name_off;
	dir->args = args.head;
	dir->nargs = args.n;
	return dir;
}

static struct dsl_stmt *new_stmt(enum dsl_stmt_kind kind, size_t off)
{
	struct dsl_stmt *s = arena_alloc(sizeof(*s));
	s->kind = kind;
	s->off = off;
	return s;
}

#define LIST_INIT(l) ((l).head = (l).tail = NULL)
#define LIST_APPEND(l, x)                       \
	do {                                    \
		if ((l).tail)                   \
			(l).tail->next = (x);   \
		else                            \
			(l).head = (x);         \
		(l).tail = (x);                 \
	} while (0)
}

%union {
	char *str;
	unsigned long num;
	struct dsl_call *call;
	struct dsl_arg *arg;
	struct dsl_dir *dir;
	struct dsl_stmt *stmt;
	struct dsl_stmt_list stmts;
	struct dsl_dir_list dirs;
	struct dsl_arg_list args;
	struct dsl_word_list words;
}

%token START_POLICY "start of policy"
%token START_REQUEST "start of request"
%token <str> STRING "string"
%token <str> IDENT "identifier"
%token <num> NUMBER "number"
%token INNER_OPEN "'#!['"
%token OUTER_OPEN "'#['"

%type <stmts> items stmts
%type <stmt> item stmt body
%type <dirs> dirs1
%type <dir> inner_dir outer_dir
%type <call> call
%type <args> args arglist dargs
%type <arg> arg darg
%type <words> words

%start start

%%

start:
	START_POLICY items	{ st->root = $2.head; }
|	START_REQUEST call	{ st->request = $2; }
;

items:
	%empty			{ LIST_INIT($$); }
|	items item		{ $$ = $1; LIST_APPEND($$, $2); }
;

item:
	inner_dir
	{
		$$ = new_stmt(DSL_STMT_POLICY_DIR, @1.begin);
		$$->pdir = $1;
	}
|	stmt
|	IDENT STRING
	{
		/* include "FILE"; dsl_front.c checks the word is "include". */
		$$ = new_stmt(DSL_STMT_INCLUDE, @1.begin);
		$$->word = $1;
		$$->path = $2;
		$$->path_off = @2.begin;
	}
|	error
	{
		/* skips to the next token that can start a statement */
		st->recovering = false;
		$$ = new_stmt(DSL_STMT_POLICY_DIR, @1.begin);
	}
;

inner_dir:
	INNER_OPEN IDENT dargs ']'	{ $$ = new_dir(true, @1.begin, $2, @2.begin, $3); }
|	INNER_OPEN error ']'		{ $$ = NULL; st->recovering = false; }
;

outer_dir:
	OUTER_OPEN IDENT dargs ']'	{ $$ = new_dir(false, @1.begin, $2, @2.begin, $3); }
|	OUTER_OPEN error ']'		{ $$ = NULL; st->recovering = false; }
;

dargs:
	%empty			{ LIST_INIT($$); $$.n = 0; }
|	dargs darg		{ $$ = $1; LIST_APPEND($$, $2); $$.n++; }
;

darg:
	STRING			{ $$ = string_arg(DSL_ARG_STRING, $1, @1.begin, @1.begin); }
|	IDENT
	{
		$$ = new_arg(DSL_ARG_WORDS, @1.begin);
		$$->words = new_word($1, @1.begin);
		$$->nwords = 1;
	}
|	'(' STRING ')'		{ $$ = string_arg(DSL_ARG_PAREN_STRING, $2, @2.begin, @1.begin); }
;

stmt:
	body
|	dirs1 body
	{
		$$ = $2;
		$$->dirs = $1.head;
		$$->bad_dirs = $1.bad;
		if ($1.head)
			$$->off = $1.head->off;
	}
;

/* One or more rule directives (a bad one is left out, and remembered). */
dirs1:
	outer_dir
	{
		LIST_INIT($$);
		$$.n = 0;
		$$.bad = !$1;
		if ($1) {
			LIST_APPEND($$, $1);
			$$.n++;
		}
	}
|	dirs1 outer_dir
	{
		$$ = $1;
		if ($2) {
			LIST_APPEND($$, $2);
			$$.n++;
		} else {
			$$.bad = true;
		}
	}
;

body:
	call
	{
		$$ = new_stmt(DSL_STMT_RULE, @1.begin);
		$$->call = $1;
	}
|	'{' block_open stmts '}'
	{
		st->depth--;
		$$ = new_stmt(DSL_STMT_BLOCK, @1.begin);
		$$->body = $3.head;
	}
|	'{' block_open error '}'
	{
		st->depth--;
		st->recovering = false;
		$$ = new_stmt(DSL_STMT_BLOCK, @1.begin);
	}
;

/* Entering a block (an empty rule, so that both kinds of block count it). */
block_open:
	%empty
	{
		if (++st->depth > DSL_MAX_DEPTH) {
			diag_error(st->d, dsl_loc(st, @0.begin), "too-deep",
				   "blocks too deeply nested (the limit is %d)", DSL_MAX_DEPTH);
			YYABORT;
		}
	}
;

stmts:
	%empty			{ LIST_INIT($$); }
|	stmts stmt		{ $$ = $1; LIST_APPEND($$, $2); }
;

call:
	IDENT '(' args ')'
	{
		$$ = arena_alloc(sizeof(*$$));
		$$->name = $1;
		$$->span.begin = @1.begin;
		$$->span.end = @4.end;
		$$->args = $3.head;
		$$->nargs = $3.n;
	}
|	IDENT '(' error ')'	{ $$ = NULL; st->recovering = false; }
;

args:
	%empty			{ LIST_INIT($$); $$.n = 0; }
|	arglist
;

arglist:
	arg			{ LIST_INIT($$); LIST_APPEND($$, $1); $$.n = 1; }
|	arglist ',' arg		{ $$ = $1; LIST_APPEND($$, $3); $$.n++; }
;

arg:
	STRING			{ $$ = string_arg(DSL_ARG_STRING, $1, @1.begin, @1.begin); }
|	words
	{
		$$ = new_arg(DSL_ARG_WORDS, @1.begin);
		$$->words = $1.head;
		$$->nwords = $1.n;
	}
|	NUMBER
	{
		$$ = new_arg(DSL_ARG_NUMBER, @1.begin);
		$$->major = $1;
	}
|	NUMBER ':' NUMBER
	{
		$$ = new_arg(DSL_ARG_DEVNUM, @1.begin);
		$$->major = $1;
		$$->minor = $3;
		$$->minor_off = @3.begin;
	}
;

words:
	IDENT
	{
		struct dsl_word *w = new_word($1, @1.begin);
		LIST_INIT($$);
		LIST_APPEND($$, w);
		$$.n = 1;
	}
|	words '|' IDENT
	{
		struct dsl_word *w = new_word($3, @3.begin);
		$$ = $1;
		LIST_APPEND($$, w);
		$$.n++;
	}
;

%%
