// SPDX-License-Identifier: GPL-2.0-only
/* glob.c - path patterns (see glob.h and docs/policy-language.md point 10).
 *
 * A pattern is compiled into a small NFA whose epsilon edges only go
 * forward, so one left-to-right pass computes an epsilon closure.  Matching
 * simulates the NFA with a state set (O(len(pattern) * len(path))), and
 * glob_intersects() explores the product of two NFAs over (i, j) state
 * pairs.  Nothing here recurses or backtracks. */
#include "glob.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void set_add(struct glob_byteset *s, unsigned char c)
{
	s->w[c >> 6] |= UINT64_C(1) << (c & 63);
}

static bool set_has(const struct glob_byteset *s, unsigned char c)
{
	return (s->w[c >> 6] >> (c & 63)) & 1;
}

static bool set_empty(const struct glob_byteset *s)
{
	return !(s->w[0] | s->w[1] | s->w[2] | s->w[3]);
}

static bool sets_meet(const struct glob_byteset *a, const struct glob_byteset *b)
{
	for (int i = 0; i < 4; i++)
		if (a->w[i] & b->w[i])
			return true;
	return false;
}

static void set_fill(struct glob_byteset *s, bool slash)
{
	memset(s->w, 0xff, sizeof(s->w));
	s->w[0] &= ~UINT64_C(1);	/* NUL never occurs in a path */
	if (!slash)
		s->w['/' >> 6] &= ~(UINT64_C(1) << ('/' & 63));
}

#define NFA_INLINE 32

struct nfa {
	struct glob_node *v;
	size_t n, cap;
	struct glob_node inline_v[NFA_INLINE];
};

static struct glob_node *nfa_push(struct nfa *a, enum glob_op op)
{
	if (a->n == a->cap) {
		size_t ncap = a->cap * 2;
		struct glob_node *nv = malloc(ncap * sizeof(*nv));
		if (!nv)
			fatal("out of memory");
		memcpy(nv, a->v, a->n * sizeof(*nv));
		if (a->v != a->inline_v)
			free(a->v);
		a->v = nv;
		a->cap = ncap;
	}
	struct glob_node *nd = &a->v[a->n++];
	memset(nd, 0, sizeof(*nd));
	nd->op = op;
	return nd;
}

static void nfa_free(struct nfa *a)
{
	if (a->v != a->inline_v)
		free(a->v);
}

/* Where compilation stopped on a malformed pattern. */
struct glob_error {
	size_t off;
	const char *msg;
};

/* Parses the set starting at p[i] == '['.  On success fills *set (never
 * containing '/'), sets *end to the index after ']' and returns true. */
static bool parse_set(const char *p, size_t i, struct glob_byteset *set, size_t *end,
		      struct glob_error *err)
{
	size_t j = i + 1;
	bool neg = p[j] == '!';
	if (neg)
		j++;
	struct glob_byteset s = { { 0 } };
	size_t first = j;
	while (p[j] && (p[j] != ']' || j == first)) {
		unsigned char lo = (unsigned char)p[j];
		if (p[j + 1] == '-' && p[j + 2] && p[j + 2] != ']') {
			unsigned char hi = (unsigned char)p[j + 2];
			if (hi < lo) {
				err->off = j;
				err->msg = "reversed range in character set";
				return false;
			}
			for (unsigned c = lo; c <= hi; c++)
				set_add(&s, (unsigned char)c);
			j += 3;
		} else {
			set_add(&s, lo);
			j++;
		}
	}
	if (!p[j]) {
		err->off = i;
		err->msg = j == first + 1 && p[first] == ']' ? "empty character set '[]'"
							       : "unterminated '[' in pattern";
		return false;
	}
	if (neg)
		for (int w = 0; w < 4; w++)
			s.w[w] = ~s.w[w];
	struct glob_byteset allowed;
	set_fill(&allowed, false);
	for (int w = 0; w < 4; w++)
		s.w[w] &= allowed.w[w];
	if (set_empty(&s)) {
		err->off = i;
		err->msg = "character set matches no character ('/' never matches)";
		return false;
	}
	*set = s;
	*end = j + 1;
	return true;
}

/* Length of the run of '*' at p[i]. */
static size_t star_run(const char *p, size_t i)
{
	size_t k = 0;
	while (p[i + k] == '*')
		k++;
	return k;
}

/* Is the run of k stars at p[i] a whole path component? */
static bool whole_component(const char *p, size_t i, size_t k)
{
	return (i == 0 || p[i - 1] == '/') && (p[i + k] == '/' || p[i + k] == '\0');
}

/* Emits "empty, or '/' then anything": the meaning of "/" "**". */
static void emit_slash_dstar(struct nfa *a)
{
	size_t split = a->n;
	nfa_push(a, GLOB_SPLIT);
	set_add(&nfa_push(a, GLOB_CHAR)->set, '/');
	set_fill(&nfa_push(a, GLOB_LOOP)->set, true);
	a->v[split].jump = a->n;
}

/* Handles a star run at p[i] (k stars); returns the index after what it
 * consumed, or 0 with *err set (strict mode only). */
static size_t compile_stars(struct nfa *a, const char *p, size_t i, bool strict,
			    struct glob_error *err)
{
	size_t k = star_run(p, i);
	bool whole = whole_component(p, i, k);
	if (strict && k > 2) {
		err->off = i;
		err->msg = "'***' is not a pattern; use '*' or '**'";
		return 0;
	}
	if (strict && k == 2 && !whole) {
		err->off = i;
		err->msg = "'**' must be a whole path component, as in '/a/**/b'";
		return 0;
	}
	if (k == 1 || !whole) {
		set_fill(&nfa_push(a, GLOB_LOOP)->set, false);
		return i + k;
	}
	/* A leading "**": anything, then the '/' after it if there is one
	 * ("**" "/x" matches "x" and "d/x"). */
	if (p[i + k] == '\0') {
		set_fill(&nfa_push(a, GLOB_LOOP)->set, true);
		return i + k;
	}
	size_t split = a->n;
	nfa_push(a, GLOB_SPLIT);
	set_fill(&nfa_push(a, GLOB_LOOP)->set, true);
	set_add(&nfa_push(a, GLOB_CHAR)->set, '/');
	a->v[split].jump = a->n;
	return i + k + 1;
}

/* Compiles pattern p into a.  Strict mode stops at the first malformed
 * construct (returning false); lenient mode reads it as best it can
 * (an unterminated '[' as a literal, '***' as '**', 'a**' as 'a*'). */
static bool compile(const char *p, struct nfa *a, bool strict, struct glob_error *err)
{
	a->v = a->inline_v;
	a->n = 0;
	a->cap = NFA_INLINE;
	size_t i = 0;
	while (p[i]) {
		if (p[i] == '/' && p[i + 1] == '*') {
			size_t k = star_run(p, i + 1);
			if (k >= 2 && whole_component(p, i + 1, k) && (!strict || k == 2)) {
				emit_slash_dstar(a);
				i += 1 + k;
				continue;
			}
		}
		if (p[i] == '*') {
			i = compile_stars(a, p, i, strict, err);
			if (!i)
				return false;
			continue;
		}
		struct glob_node *nd;
		if (p[i] == '?') {
			set_fill(&nfa_push(a, GLOB_CHAR)->set, false);
			i++;
		} else if (p[i] == '[') {
			struct glob_byteset s;
			size_t end;
			struct glob_error e;
			if (parse_set(p, i, &s, &end, &e)) {
				nfa_push(a, GLOB_CHAR)->set = s;
				i = end;
			} else if (strict) {
				*err = e;
				return false;
			} else {
				set_add(&nfa_push(a, GLOB_CHAR)->set, '[');
				i++;
			}
		} else {
			nd = nfa_push(a, GLOB_CHAR);
			set_add(&nd->set, (unsigned char)p[i]);
			i++;
		}
	}
	return true;
}

bool glob_has_magic(const char *pattern)
{
	return strpbrk(pattern, "*?[") != NULL;
}

bool glob_valid(const char *pattern, size_t *err_off, const char **err)
{
	struct nfa a;
	struct glob_error e = { 0, NULL };
	bool ok = compile(pattern, &a, true, &e);
	nfa_free(&a);
	if (!ok) {
		*err_off = e.off;
		*err = e.msg;
	}
	return ok;
}

struct glob_node *glob_compile(const char *pattern, size_t *n)
{
	struct nfa a;
	struct glob_error e = { 0, NULL };
	struct glob_node *v = NULL;
	if (compile(pattern, &a, true, &e)) {
		v = malloc((a.n ? a.n : 1) * sizeof(*v));
		if (!v)
			fatal("out of memory");
		memcpy(v, a.v, a.n * sizeof(*v));
		*n = a.n;
	}
	nfa_free(&a);
	return v;
}

/* Adds the epsilon closure to the state set in[0..n] (in place). */
static void closure(const struct nfa *a, unsigned char *in)
{
	for (size_t i = 0; i < a->n; i++) {
		if (!in[i])
			continue;
		if (a->v[i].op == GLOB_LOOP) {
			in[i + 1] = 1;
		} else if (a->v[i].op == GLOB_SPLIT) {
			in[i + 1] = 1;
			in[a->v[i].jump] = 1;
		}
	}
}

static bool nfa_match(const struct nfa *a, const char *path)
{
	size_t n = a->n + 1;
	unsigned char *cur = calloc(2 * n, 1);
	if (!cur)
		fatal("out of memory");
	unsigned char *next = cur + n;
	cur[0] = 1;
	closure(a, cur);
	bool alive = true;
	for (const unsigned char *s = (const unsigned char *)path; *s && alive; s++) {
		memset(next, 0, n);
		alive = false;
		for (size_t i = 0; i < a->n; i++) {
			if (!cur[i] || a->v[i].op == GLOB_SPLIT || !set_has(&a->v[i].set, *s))
				continue;
			next[a->v[i].op == GLOB_CHAR ? i + 1 : i] = 1;
			alive = true;
		}
		closure(a, next);
		unsigned char *t = cur;
		cur = next;
		next = t;
	}
	bool ok = alive && cur[a->n];
	free(cur < next ? cur : next);
	return ok;
}

bool glob_match(const char *pattern, const char *path)
{
	if (!glob_has_magic(pattern))
		return strcmp(pattern, path) == 0;
	struct nfa a;
	compile(pattern, &a, false, NULL);
	bool ok = nfa_match(&a, path);
	nfa_free(&a);
	return ok;
}

/* Pair exploration for glob_intersects: a visited bitmap over
 * (na + 1) * (nb + 1) pairs and a stack of pair indexes to expand. */
struct pairs {
	size_t nb1;		/* nb + 1 */
	unsigned char *seen;	/* one bit per pair */
	size_t *stack;
	size_t top, cap;
};

static void pair_visit(struct pairs *w, size_t i, size_t j)
{
	size_t k = i * w->nb1 + j;
	if (w->seen[k >> 3] & (1u << (k & 7)))
		return;
	w->seen[k >> 3] |= (unsigned char)(1u << (k & 7));
	if (w->top == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->stack = realloc(w->stack, w->cap * sizeof(*w->stack));
		if (!w->stack)
			fatal("out of memory");
	}
	w->stack[w->top++] = k;
}

/* Epsilon successors of node i in a (for one side of a pair). */
static size_t eps_succ(const struct nfa *a, size_t i, size_t out[2])
{
	if (i == a->n || a->v[i].op == GLOB_CHAR)
		return 0;
	out[0] = i + 1;
	if (a->v[i].op == GLOB_LOOP)
		return 1;
	out[1] = a->v[i].jump;
	return 2;
}

/* Where node i goes on consuming a byte of its set; false if it cannot. */
static bool consume_succ(const struct nfa *a, size_t i, size_t *to)
{
	if (i == a->n || a->v[i].op == GLOB_SPLIT)
		return false;
	*to = a->v[i].op == GLOB_CHAR ? i + 1 : i;
	return true;
}

static void expand_pair(const struct nfa *a, const struct nfa *b, struct pairs *w, size_t i,
			size_t j)
{
	size_t succ[2];
	size_t ns = eps_succ(a, i, succ);
	for (size_t s = 0; s < ns; s++)
		pair_visit(w, succ[s], j);
	ns = eps_succ(b, j, succ);
	for (size_t s = 0; s < ns; s++)
		pair_visit(w, i, succ[s]);
	size_t ti, tj;
	if (consume_succ(a, i, &ti) && consume_succ(b, j, &tj) &&
	    sets_meet(&a->v[i].set, &b->v[j].set))
		pair_visit(w, ti, tj);
}

static bool nfa_intersects(const struct nfa *a, const struct nfa *b)
{
	struct pairs w = { .nb1 = b->n + 1 };
	size_t npairs = (a->n + 1) * w.nb1;
	w.seen = calloc(npairs / 8 + 1, 1);
	if (!w.seen)
		fatal("out of memory");
	size_t accept = a->n * w.nb1 + b->n;
	bool found = false;
	pair_visit(&w, 0, 0);
	while (w.top && !found) {
		size_t k = w.stack[--w.top];
		if (k == accept)
			found = true;
		else
			expand_pair(a, b, &w, k / w.nb1, k % w.nb1);
	}
	free(w.seen);
	free(w.stack);
	return found;
}

bool glob_intersects(const char *a, const char *b)
{
	bool ma = glob_has_magic(a), mb = glob_has_magic(b);
	if (!ma && !mb)
		return strcmp(a, b) == 0;
	if (!mb)
		return glob_match(a, b);
	if (!ma)
		return glob_match(b, a);
	struct nfa na, nb;
	compile(a, &na, false, NULL);
	compile(b, &nb, false, NULL);
	bool ok = nfa_intersects(&na, &nb);
	nfa_free(&na);
	nfa_free(&nb);
	return ok;
}

bool glob_covers(const char *a, const char *b)
{
	if (!glob_has_magic(b))
		return glob_match(a, b);
	if (strcmp(a, b) == 0 || strcmp(a, "/**") == 0)
		return true;
	size_t la = strlen(a);
	if (la < 3 || strcmp(a + la - 3, "/**") != 0)
		return false;
	size_t plen = la - 3;
	for (size_t i = 0; i < plen; i++)
		if (a[i] == '*' || a[i] == '?' || a[i] == '[')
			return false;
	return strncmp(a, b, plen) == 0 && (b[plen] == '/' || b[plen] == '\0');
}
