// SPDX-License-Identifier: GPL-2.0-only
/* pathdfa.c - compiles a set of path globs into one minimal DFA with a
 * row-displacement compressed transition table (see pathdfa.h).
 *
 * The pipeline:
 *   1. Each pattern is compiled by glob.c (glob_compile, the NFA that
 *      glob_match() runs) and appended to one shared node array, its byte
 *      sets interned, with one ACCEPT node per pattern.
 *   2. Byte equivalence classes: two bytes are one class when every byte
 *      set the NFA uses holds both or neither.
 *   3. Subset construction over classes; NFA state sets are interned in a
 *      hash table.  The empty set is the dead state.  Every new state is
 *      checked against the budget (pathdfa.h): the memory held and what
 *      steps 4 and 5 will need, and the closure steps taken.  Past it the
 *      build stops, and blame() names the patterns busy in the most
 *      states: in a blow-up, those whose states multiply.
 *   4. Minimization by partition refinement (Hopcroft's algorithm in the
 *      form for partial DFAs: the dead state and the transitions into it
 *      are left out, which keeps a trie of literals sparse).
 *   5. Each row is stored as a default target (its most frequent one) plus
 *      the exceptions, displaced first-fit into shared next/check arrays.
 *
 * Big temporary tables use malloc and are freed; the result lives in the
 * arena. */
#include "pathdfa.h"

#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "util.h"

#define NONE UINT32_MAX

/* ---- small helpers ---- */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

/* Makes room for want elements of size bytes in *v (capacity *cap). */
static void reserve(void *v_ptr, size_t *cap, size_t want, size_t size)
{
	void **v = v_ptr;
	if (want <= *cap)
		return;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < want)
		ncap *= 2;
	void *nv = realloc(*v, ncap * size);
	if (!nv)
		fatal("out of memory");
	*v = nv;
	*cap = ncap;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Sorts v[0..n) and drops duplicates; returns the new length. */
static uint32_t sort_unique(uint32_t *v, uint32_t n)
{
	if (n < 2)
		return n;
	qsort(v, n, sizeof(*v), cmp_u32);
	uint32_t k = 1;
	for (uint32_t i = 1; i < n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

/* sort_unique for long lists: a byte-wise radix sort (passes where every
 * element has the same byte are skipped), tmp its scratch space. */
static uint32_t radix_sort_unique(uint32_t *v, uint32_t n, uint32_t **tmp, size_t *tmpcap)
{
	uint32_t up = 1;
	while (up < n && v[up - 1] < v[up])
		up++;
	if (up >= n)
		return n;	/* already sorted, no duplicates */
	if (n < 64)
		return sort_unique(v, n);
	reserve(tmp, tmpcap, n, sizeof(**tmp));
	uint32_t *a = v, *b = *tmp;
	for (unsigned shift = 0; shift < 32; shift += 8) {
		uint32_t count[257] = { 0 };
		for (uint32_t i = 0; i < n; i++)
			count[((a[i] >> shift) & 255) + 1]++;
		if (count[((a[0] >> shift) & 255) + 1] == n)
			continue;
		for (unsigned k = 0; k < 256; k++)
			count[k + 1] += count[k];
		for (uint32_t i = 0; i < n; i++)
			b[count[(a[i] >> shift) & 255]++] = a[i];
		uint32_t *t = a;
		a = b;
		b = t;
	}
	if (a != v)
		memcpy(v, a, n * sizeof(*v));
	uint32_t k = 1;
	for (uint32_t i = 1; i < n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

/* ---- byte sets (glob.h's) ---- */

static bool bs_has(const struct glob_byteset *s, unsigned c)
{
	return (s->w[c >> 6] >> (c & 63)) & 1;
}

/* ---- interned sets of uint32 (NFA state sets, accept id sets) ---- */

struct set_table {
	uint32_t *pool;		/* members of every set, back to back */
	size_t npool, poolcap;
	size_t *off;		/* per set: where its members start in pool */
	uint32_t *len;
	size_t n, cap;
	uint32_t *slot;		/* open addressing: set index or NONE */
	size_t nslot;		/* a power of two */
};

/* Four independent lanes, so long sets hash without waiting on one
 * multiply chain. */
static uint64_t hash_u32s(const uint32_t *v, uint32_t n)
{
	uint64_t h[4] = { 0x9e3779b97f4a7c15u ^ n, 1, 2, 3 };
	uint32_t i = 0;
	for (; i + 4 <= n; i += 4)
		for (int k = 0; k < 4; k++)
			h[k] = (h[k] ^ v[i + k]) * 0xff51afd7ed558ccdu;
	for (; i < n; i++)
		h[0] = (h[0] ^ v[i]) * 0xff51afd7ed558ccdu;
	uint64_t x = h[0] ^ (h[1] >> 7) ^ (h[2] >> 19) ^ (h[3] >> 29);
	x ^= h[1] * 0xc4ceb9fe1a85ec53u ^ h[2] * 0x9e3779b97f4a7c15u ^ h[3];
	return (x ^ (x >> 31)) * 0xff51afd7ed558ccdu ^ (x >> 29);
}

static const uint32_t *st_members(const struct set_table *t, uint32_t i, uint32_t *len)
{
	*len = t->len[i];
	return t->pool + t->off[i];
}

static bool st_equal(const struct set_table *t, uint32_t i, const uint32_t *v, uint32_t n)
{
	return t->len[i] == n && (n == 0 || !memcmp(t->pool + t->off[i], v, n * sizeof(*v)));
}

/* Where set v would sit in the slot array: its own slot or an empty one. */
static size_t st_find(const struct set_table *t, const uint32_t *v, uint32_t n)
{
	size_t mask = t->nslot - 1;
	size_t k = hash_u32s(v, n) & mask;
	while (t->slot[k] != NONE && !st_equal(t, t->slot[k], v, n))
		k = (k + 1) & mask;
	return k;
}

static void st_rehash(struct set_table *t)
{
	free(t->slot);
	t->nslot = t->nslot ? t->nslot * 2 : 1024;
	t->slot = xmalloc(t->nslot * sizeof(*t->slot));
	memset(t->slot, 0xff, t->nslot * sizeof(*t->slot));
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t n;
		const uint32_t *v = st_members(t, i, &n);
		t->slot[st_find(t, v, n)] = i;
	}
}

/* Returns the index of set v[0..n) (sorted), adding it if new. */
static uint32_t st_intern(struct set_table *t, const uint32_t *v, uint32_t n)
{
	if (2 * (t->n + 1) > t->nslot)
		st_rehash(t);
	size_t k = st_find(t, v, n);
	if (t->slot[k] != NONE)
		return t->slot[k];
	reserve(&t->pool, &t->poolcap, t->npool + n + 1, sizeof(*t->pool));
	size_t oldcap = t->cap;
	reserve(&t->off, &t->cap, t->n + 1, sizeof(*t->off));
	if (t->cap != oldcap) {
		t->len = realloc(t->len, t->cap * sizeof(*t->len));
		if (!t->len)
			fatal("out of memory");
	}
	if (n)
		memcpy(t->pool + t->npool, v, n * sizeof(*v));
	t->off[t->n] = t->npool;
	t->len[t->n] = n;
	t->npool += n;
	t->slot[k] = (uint32_t)t->n;
	return (uint32_t)t->n++;
}

static void st_free(struct set_table *t)
{
	free(t->pool);
	free(t->off);
	free(t->len);
	free(t->slot);
}

/* ---- 1. the NFA ---- */

/* CHAR consumes a byte of byte set arg and moves to the next node; LOOP
 * consumes a byte of set arg and stays, with an epsilon edge to the next
 * node; SPLIT has epsilon edges to the next node and to node arg; ACCEPT
 * reports pattern id arg. */
enum nfa_op { OP_CHAR, OP_LOOP, OP_SPLIT, OP_ACCEPT };

struct nfa_node {
	uint32_t op;
	uint32_t arg;
};

struct nfa {
	struct nfa_node *v;
	size_t n, cap;
	struct glob_byteset *sets;	/* distinct byte sets, indexed by CHAR/LOOP arg */
	size_t nsets, setcap;
	struct set_table set_index;	/* the same sets as 8 words each, hashed */
	uint32_t *starts;	/* first node of each pattern */
	size_t nstarts;
};

static uint32_t nfa_push(struct nfa *a, enum nfa_op op, uint32_t arg)
{
	reserve(&a->v, &a->cap, a->n + 1, sizeof(*a->v));
	a->v[a->n].op = op;
	a->v[a->n].arg = arg;
	return (uint32_t)a->n++;
}

/* The index of byte set s, numbered in order of first use. */
static uint32_t intern_byteset(struct nfa *a, const struct glob_byteset *s)
{
	uint32_t w[8];
	for (int i = 0; i < 4; i++) {
		w[2 * i] = (uint32_t)s->w[i];
		w[2 * i + 1] = (uint32_t)(s->w[i] >> 32);
	}
	uint32_t k = st_intern(&a->set_index, w, 8);
	if (k == a->nsets) {
		reserve(&a->sets, &a->setcap, a->nsets + 1, sizeof(*a->sets));
		a->sets[a->nsets++] = *s;
	}
	return k;
}

/* Appends pattern p (valid), as glob.c compiles it, then an ACCEPT of id. */
static void compile_pattern(struct nfa *a, const char *p, uint32_t id)
{
	size_t n = 0;
	struct glob_node *g = glob_compile(p, &n);
	if (!g)
		fatal("pathdfa: invalid pattern '%s'", p);
	uint32_t base = (uint32_t)a->n;
	for (size_t i = 0; i < n; i++) {
		if (g[i].op == GLOB_SPLIT)
			nfa_push(a, OP_SPLIT, base + (uint32_t)g[i].jump);
		else
			nfa_push(a, g[i].op == GLOB_CHAR ? OP_CHAR : OP_LOOP,
				 intern_byteset(a, &g[i].set));
	}
	free(g);
	nfa_push(a, OP_ACCEPT, id);
}

static void nfa_free(struct nfa *a)
{
	free(a->v);
	free(a->sets);
	st_free(&a->set_index);
	free(a->starts);
}

/* ---- 2. byte classes ---- */

/* Fills cls[] and returns the number of classes. */
static uint32_t compute_classes(const struct glob_byteset *sets, size_t nsets, uint8_t cls[256])
{
	uint32_t ncls = 1;
	memset(cls, 0, 256);
	for (size_t i = 0; i < nsets; i++) {
		uint32_t remap[256][2];
		memset(remap, 0xff, sizeof(remap));
		uint32_t nnew = 0;
		for (unsigned b = 0; b < 256; b++) {
			uint32_t *r = &remap[cls[b]][bs_has(&sets[i], b)];
			if (*r == NONE)
				*r = nnew++;
			cls[b] = (uint8_t)*r;
		}
		ncls = nnew;
	}
	return ncls;
}

/* For each byte set, the classes it holds: set i has classes
 * list[off[i] .. off[i + 1]).  Sets past the budget (at most a quarter of
 * PATHDFA_MAX_BYTES for the lists) are left empty and *over is set. */
struct class_lists {
	uint32_t *off, *list;
};

static struct class_lists classes_of_sets(const struct glob_byteset *sets, size_t nsets,
					  const uint8_t cls[256], bool *over)
{
	struct class_lists cl;
	cl.off = xmalloc((nsets + 1) * sizeof(*cl.off));
	cl.list = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < nsets; i++) {
		bool seen[256] = { false };
		cl.off[i] = (uint32_t)n;
		if ((n + 256) * sizeof(*cl.list) > PATHDFA_MAX_BYTES / 4) {
			*over = true;
			continue;
		}
		for (unsigned b = 0; b < 256; b++) {
			if (bs_has(&sets[i], b) && !seen[cls[b]]) {
				seen[cls[b]] = true;
				reserve(&cl.list, &cap, n + 1, sizeof(*cl.list));
				cl.list[n++] = cls[b];
			}
		}
	}
	cl.off[nsets] = (uint32_t)n;
	return cl;
}

/* ---- 3. subset construction ---- */

/* A growable list of NFA nodes. */
struct u32vec {
	uint32_t *v;
	size_t n, cap;
};

static void vec_push(struct u32vec *v, uint32_t x)
{
	reserve(&v->v, &v->cap, v->n + 1, sizeof(*v->v));
	v->v[v->n++] = x;
}

struct subset {
	const struct nfa *nfa;
	struct class_lists cl;
	uint32_t nclasses;
	struct set_table states;	/* DFA state -> sorted NFA nodes; 0 = empty */
	struct set_table accsets;	/* accept id sets; 0 = empty */
	uint32_t *trans;		/* states.n * nclasses */
	size_t transcap;
	uint32_t *accept;		/* per DFA state: index into accsets */
	size_t acceptcap;
	uint32_t limit;			/* give up beyond this many states */
	/* The budget, counted as the DFA grows (see pathdfa.h): */
	size_t nlive;			/* transitions not into the dead state */
	uint64_t work;			/* closure steps and seeds so far */
	enum { OVER_NONE, OVER_STATES, OVER_MEMORY, OVER_WORK } over;
	/* scratch */
	uint32_t *stamp, gen;		/* per NFA node */
	uint32_t *stack;		/* per NFA node */
	struct u32vec found;		/* closure being built */
	uint32_t *sort_tmp;		/* radix_sort_unique's scratch */
	size_t sort_tmpcap;
	struct u32vec *bucket;		/* per class: seeds */
};

/* Adds to s->found the nodes that consume or accept reachable from seed
 * by epsilon edges (the seed included). */
static void closure_add(struct subset *s, uint32_t seed)
{
	const struct nfa_node *v = s->nfa->v;
	size_t top = 0;
	if (s->stamp[seed] == s->gen)
		return;
	s->stamp[seed] = s->gen;
	s->stack[top++] = seed;
	while (top) {
		uint32_t i = s->stack[--top];
		uint32_t succ[2], nsucc = 0;
		if (v[i].op != OP_SPLIT)
			vec_push(&s->found, i);
		/* i + 1 pushed last, popped first: found mostly comes out sorted */
		if (v[i].op == OP_SPLIT)
			succ[nsucc++] = v[i].arg;
		if (v[i].op == OP_LOOP || v[i].op == OP_SPLIT)
			succ[nsucc++] = i + 1;
		for (uint32_t k = 0; k < nsucc; k++) {
			if (s->stamp[succ[k]] != s->gen) {
				s->stamp[succ[k]] = s->gen;
				s->stack[top++] = succ[k];
			}
		}
	}
}

/* The accept id set of the node set v[0..n), interned. */
static uint32_t accept_of(struct subset *s, const uint32_t *v, uint32_t n)
{
	struct u32vec ids = { 0 };
	for (uint32_t i = 0; i < n; i++)
		if (s->nfa->v[v[i]].op == OP_ACCEPT)
			vec_push(&ids, s->nfa->v[v[i]].arg);
	uint32_t k = sort_unique(ids.v, (uint32_t)ids.n);
	uint32_t a = st_intern(&s->accsets, ids.v, k);
	free(ids.v);
	return a;
}

/* What the construction holds now, and what minimizing and compressing
 * a DFA of this size will add (live_init, the two partitions, the full
 * rows and the slots of compress_rows), in bytes. */
static uint64_t budget_bytes(const struct subset *s)
{
	const struct set_table *st = &s->states, *acc = &s->accsets;
	uint64_t held = (uint64_t)(st->poolcap + acc->poolcap) * sizeof(uint32_t) +
			(uint64_t)(st->cap + acc->cap) * (sizeof(size_t) + sizeof(uint32_t)) +
			(uint64_t)(st->nslot + acc->nslot) * sizeof(uint32_t) +
			(uint64_t)(s->transcap + s->acceptcap) * sizeof(uint32_t);
	uint64_t later = (uint64_t)s->nlive * 13 * sizeof(uint32_t) +
			 (uint64_t)st->n * ((uint64_t)s->nclasses + 10) * sizeof(uint32_t);
	return held + later;
}

/* Is the construction still within its budget?  Sets s->over if not. */
static bool within_budget(struct subset *s)
{
	if (s->states.n > s->limit)
		s->over = OVER_STATES;
	else if (s->work > PATHDFA_MAX_WORK)
		s->over = OVER_WORK;
	else if (budget_bytes(s) > PATHDFA_MAX_BYTES)
		s->over = OVER_MEMORY;
	return s->over == OVER_NONE;
}

/* The DFA state for the closure of seeds[0..n); false past the budget. */
static bool state_of(struct subset *s, const uint32_t *seeds, size_t n, uint32_t *out)
{
	s->gen++;
	s->found.n = 0;
	for (size_t i = 0; i < n; i++)
		closure_add(s, seeds[i]);
	s->work += n + s->found.n;
	uint32_t len = radix_sort_unique(s->found.v, (uint32_t)s->found.n, &s->sort_tmp,
					 &s->sort_tmpcap);
	size_t before = s->states.n;
	*out = st_intern(&s->states, s->found.v, len);
	if (s->states.n == before)
		return within_budget(s);
	if (!within_budget(s))
		return false;
	reserve(&s->trans, &s->transcap, s->states.n * s->nclasses, sizeof(*s->trans));
	reserve(&s->accept, &s->acceptcap, s->states.n, sizeof(*s->accept));
	s->accept[*out] = accept_of(s, s->found.v, len);
	return true;
}

/* Fills the row of DFA state d; false past the limit. */
static bool expand_state(struct subset *s, uint32_t d)
{
	uint32_t n;
	const uint32_t *nodes = st_members(&s->states, d, &n);
	for (uint32_t i = 0; i < n; i++) {
		const struct nfa_node *nd = &s->nfa->v[nodes[i]];
		if (nd->op == OP_ACCEPT)
			continue;
		uint32_t seed = nd->op == OP_CHAR ? nodes[i] + 1 : nodes[i];
		for (uint32_t k = s->cl.off[nd->arg]; k < s->cl.off[nd->arg + 1]; k++)
			vec_push(&s->bucket[s->cl.list[k]], seed);
	}
	/* nodes may move as states are added: not used past this point. */
	bool ok = true;
	for (uint32_t c = 0; c < s->nclasses; c++) {
		uint32_t to = 0;
		if (ok && s->bucket[c].n)
			ok = state_of(s, s->bucket[c].v, s->bucket[c].n, &to);
		s->trans[(size_t)d * s->nclasses + c] = to;
		s->nlive += to != 0;
		s->bucket[c].n = 0;
	}
	return ok;
}

/* Builds the DFA: state 0 is the empty set (dead), state 1 the start
 * (or 0 too when there are no patterns).  False past the limit. */
static bool run_subset(struct subset *s)
{
	uint32_t id;
	if (s->over != OVER_NONE)
		return false;
	st_intern(&s->accsets, NULL, 0);
	if (!state_of(s, NULL, 0, &id) || !state_of(s, s->nfa->starts, s->nfa->nstarts, &id))
		return false;
	for (uint32_t d = 0; d < s->states.n; d++)
		if (!expand_state(s, d))
			return false;
	return true;
}

static void subset_free(struct subset *s)
{
	st_free(&s->states);
	st_free(&s->accsets);
	free(s->trans);
	free(s->accept);
	free(s->stamp);
	free(s->stack);
	free(s->found.v);
	free(s->sort_tmp);
	for (uint32_t c = 0; c < s->nclasses; c++)
		free(s->bucket[c].v);
	free(s->bucket);
	free(s->cl.off);
	free(s->cl.list);
}
/* ---- 4. minimization ---- */

/* A partition of elements 0..n-1 that can be refined: each set is a range
 * of elem[]; the marked elements of set k are elem[first[k] .. mark[k]). */
struct partition {
	uint32_t *elem, *pos, *set_of;	/* per element */
	uint32_t *first, *end, *mark;	/* per set */
	uint32_t *touched;		/* sets with a marked element */
	uint32_t nsets, ntouched;
};

/* Starts with one set per key value in use (key[e] < nkeys). */
static void part_init(struct partition *p, uint32_t n, const uint32_t *key, uint32_t nkeys)
{
	size_t bytes = ((size_t)n + 1) * sizeof(uint32_t);
	p->elem = xmalloc(bytes);
	p->pos = xmalloc(bytes);
	p->set_of = xmalloc(bytes);
	p->first = xmalloc(bytes);
	p->end = xmalloc(bytes);
	p->mark = xmalloc(bytes);
	p->touched = xmalloc(bytes);
	p->nsets = p->ntouched = 0;
	uint32_t *start = xcalloc((size_t)nkeys + 1, sizeof(*start));
	for (uint32_t e = 0; e < n; e++)
		start[key[e] + 1]++;
	for (uint32_t k = 0; k < nkeys; k++)
		start[k + 1] += start[k];
	for (uint32_t k = 0; k < nkeys; k++) {
		if (start[k] == start[k + 1])
			continue;
		p->first[p->nsets] = p->mark[p->nsets] = start[k];
		p->end[p->nsets++] = start[k + 1];
	}
	uint32_t *fill = start;	/* reused: next free position per key */
	for (uint32_t e = 0; e < n; e++) {
		uint32_t i = fill[key[e]]++;
		p->elem[i] = e;
		p->pos[e] = i;
	}
	for (uint32_t k = 0; k < p->nsets; k++)
		for (uint32_t i = p->first[k]; i < p->end[k]; i++)
			p->set_of[p->elem[i]] = k;
	free(start);
}

static void part_mark(struct partition *p, uint32_t e)
{
	uint32_t k = p->set_of[e], i = p->pos[e], j = p->mark[k];
	if (i < j)
		return;
	uint32_t other = p->elem[j];
	p->elem[j] = e;
	p->pos[e] = j;
	p->elem[i] = other;
	p->pos[other] = i;
	if (j == p->first[k])
		p->touched[p->ntouched++] = k;
	p->mark[k] = j + 1;
}

/* Splits every partly marked set in two; the smaller part becomes a new
 * set.  Clears the marks. */
static void part_split(struct partition *p)
{
	while (p->ntouched) {
		uint32_t k = p->touched[--p->ntouched], m = p->mark[k];
		p->mark[k] = p->first[k];
		if (m == p->end[k])
			continue;
		uint32_t z = p->nsets++;
		if (m - p->first[k] <= p->end[k] - m) {
			p->first[z] = p->first[k];
			p->end[z] = m;
			p->first[k] = m;
		} else {
			p->first[z] = m;
			p->end[z] = p->end[k];
			p->end[k] = m;
		}
		p->mark[k] = p->first[k];
		p->mark[z] = p->first[z];
		for (uint32_t i = p->first[z]; i < p->end[z]; i++)
			p->set_of[p->elem[i]] = z;
	}
}

static void part_free(struct partition *p)
{
	free(p->elem);
	free(p->pos);
	free(p->set_of);
	free(p->first);
	free(p->end);
	free(p->mark);
	free(p->touched);
}

/* The DFA without its dead state: live state i is subset state i + 1.
 * Every non-empty NFA state set can still accept (each node leads to its
 * pattern's ACCEPT through non-empty byte sets), so only the empty set is
 * dead and dropping it trims the DFA, as partial-DFA minimization needs. */
struct live_dfa {
	uint32_t n;
	size_t ntr;
	uint32_t *src, *label, *dst;	/* per transition */
	uint32_t *in_off, *in_list;	/* transitions into state i: in_list[in_off[i] .. in_off[i+1]) */
};

static void live_init(struct live_dfa *g, const struct subset *s)
{
	g->n = (uint32_t)s->states.n - 1;
	g->ntr = 0;
	g->src = xmalloc(s->nlive * sizeof(uint32_t));
	g->label = xmalloc(s->nlive * sizeof(uint32_t));
	g->dst = xmalloc(s->nlive * sizeof(uint32_t));
	for (uint32_t i = 0; i < g->n; i++) {
		const uint32_t *row = s->trans + (size_t)(i + 1) * s->nclasses;
		for (uint32_t c = 0; c < s->nclasses; c++) {
			if (!row[c])
				continue;
			g->src[g->ntr] = i;
			g->label[g->ntr] = c;
			g->dst[g->ntr++] = row[c] - 1;
		}
	}
	g->in_off = xcalloc((size_t)g->n + 1, sizeof(uint32_t));
	g->in_list = xmalloc(g->ntr * sizeof(uint32_t));
	for (size_t t = 0; t < g->ntr; t++)
		g->in_off[g->dst[t] + 1]++;
	for (uint32_t i = 0; i < g->n; i++)
		g->in_off[i + 1] += g->in_off[i];
	uint32_t *fill = xmalloc(((size_t)g->n + 1) * sizeof(uint32_t));
	memcpy(fill, g->in_off, ((size_t)g->n + 1) * sizeof(uint32_t));
	for (size_t t = 0; t < g->ntr; t++)
		g->in_list[fill[g->dst[t]]++] = (uint32_t)t;
	free(fill);
}

static void live_free(struct live_dfa *g)
{
	free(g->src);
	free(g->label);
	free(g->dst);
	free(g->in_off);
	free(g->in_list);
}

/* Hopcroft-style refinement: blocks of states start as "same accept set",
 * cords of transitions start as "same class".  Each cord splits blocks by
 * "has a transition in the cord"; each new block splits cords by "goes into
 * the block".  Either half of a split stands for the whole (the DFA is
 * deterministic), so only new sets are queued, and the first block never
 * is.  On return blocks->set_of[i] is the minimal state of live state i. */
static void minimize(const struct subset *s, const struct live_dfa *g, struct partition *blocks)
{
	part_init(blocks, g->n, s->accept + 1, (uint32_t)s->accsets.n);
	struct partition cords;
	part_init(&cords, (uint32_t)g->ntr, g->label, s->nclasses);
	uint32_t b = 1, c = 0;
	while (c < cords.nsets) {
		for (uint32_t i = cords.first[c]; i < cords.end[c]; i++)
			part_mark(blocks, g->src[cords.elem[i]]);
		part_split(blocks);
		c++;
		for (; b < blocks->nsets; b++) {
			for (uint32_t i = blocks->first[b]; i < blocks->end[b]; i++) {
				uint32_t st = blocks->elem[i];
				for (uint32_t k = g->in_off[st]; k < g->in_off[st + 1]; k++)
					part_mark(&cords, g->in_list[k]);
			}
			part_split(&cords);
		}
	}
	part_free(&cords);
}

/* ---- 5. the output tables ---- */

/* The minimal DFA as full rows: start 0, dead last. */
struct full_dfa {
	uint32_t nstates, dead, nclasses;
	uint32_t *rows;		/* nstates * nclasses */
	uint32_t *accept;	/* per state: index into the accept sets */
};

/* Numbers the blocks (the start's block first) and writes their rows. */
static void full_from_blocks(struct full_dfa *f, const struct subset *s,
			     const struct partition *blocks)
{
	uint32_t nb = blocks->nsets;
	f->nclasses = s->nclasses;
	f->nstates = nb + 1;
	f->dead = nb;
	f->rows = xmalloc((size_t)f->nstates * f->nclasses * sizeof(uint32_t));
	f->accept = xcalloc(f->nstates, sizeof(uint32_t));
	uint32_t *num = xmalloc(((size_t)nb + 1) * sizeof(uint32_t));
	uint32_t start = blocks->set_of[0], next = 1;
	for (uint32_t k = 0; k < nb; k++)
		num[k] = k == start ? 0 : next++;
	for (uint32_t k = 0; k < nb; k++) {
		uint32_t rep = blocks->elem[blocks->first[k]] + 1;	/* subset state */
		uint32_t *row = f->rows + (size_t)num[k] * f->nclasses;
		const uint32_t *from = s->trans + (size_t)rep * s->nclasses;
		for (uint32_t c = 0; c < f->nclasses; c++)
			row[c] = from[c] ? num[blocks->set_of[from[c] - 1]] : f->dead;
		f->accept[num[k]] = s->accept[rep];
	}
	for (uint32_t c = 0; c < f->nclasses; c++)
		f->rows[(size_t)f->dead * f->nclasses + c] = f->dead;
	free(num);
}

/* The single-state DFA of an empty pattern list. */
static void full_dead_only(struct full_dfa *f, uint32_t nclasses)
{
	f->nclasses = nclasses;
	f->nstates = 1;
	f->dead = 0;
	f->rows = xcalloc(nclasses, sizeof(uint32_t));
	f->accept = xcalloc(1, sizeof(uint32_t));
}

static void full_free(struct full_dfa *f)
{
	free(f->rows);
	free(f->accept);
}

/* The most frequent target in row (ties: the first seen); count[] is
 * per state, zero on entry and on return. */
static uint32_t most_frequent(const uint32_t *row, uint32_t n, uint32_t *count)
{
	uint32_t best = row[0];
	for (uint32_t c = 0; c < n; c++)
		if (++count[row[c]] > count[best])
			best = row[c];
	for (uint32_t c = 0; c < n; c++)
		count[row[c]] = 0;
	return best;
}

/* Slot occupancy while placing rows.  free_next[] finds the lowest free
 * slot at or after a given one (a union-find over taken slots, with path
 * halving); it has cap + 1 entries, the last one free. */
struct slots {
	uint32_t *next, *check, *free_next;
	size_t cap;
};

static void slots_reserve(struct slots *t, size_t want, uint32_t dead)
{
	size_t old = t->cap;
	if (want <= old)
		return;
	reserve(&t->check, &t->cap, want, sizeof(*t->check));
	t->next = realloc(t->next, t->cap * sizeof(*t->next));
	t->free_next = realloc(t->free_next, (t->cap + 1) * sizeof(*t->free_next));
	if (!t->next || !t->free_next)
		fatal("out of memory");
	for (size_t i = old; i < t->cap; i++) {
		t->check[i] = NONE;
		t->next[i] = dead;
	}
	for (size_t i = old; i <= t->cap; i++)
		t->free_next[i] = (uint32_t)i;
}

static uint32_t first_free_from(struct slots *t, uint32_t i)
{
	if (i >= t->cap)
		return i;
	while (t->free_next[i] != i) {
		t->free_next[i] = t->free_next[t->free_next[i]];
		i = t->free_next[i];
	}
	return i;
}

static bool fits(const struct slots *t, uint32_t base, const uint32_t *cls, uint32_t n)
{
	for (uint32_t k = 1; k < n; k++)
		if (base + cls[k] < t->cap && t->check[base + cls[k]] != NONE)
			return false;
	return true;
}

/* Places the exceptions (classes cls[0..n), ascending) of state s at the
 * lowest base from *from on where their slots are free; returns the base
 * and leaves *from just past it.  Slots are never freed, so a base that
 * failed a row fails every later row with the same classes: each distinct
 * class list keeps its own *from. */
static uint32_t place_row(struct slots *t, uint32_t s, const uint32_t *row,
			  const uint32_t *cls, uint32_t n, uint32_t nclasses, uint32_t dead,
			  uint32_t *from)
{
	if (!n)
		return 0;
	uint32_t base = *from;
	for (;;) {
		base = first_free_from(t, base + cls[0]) - cls[0];
		if (fits(t, base, cls, n))
			break;
		base++;
	}
	slots_reserve(t, (size_t)base + nclasses, dead);
	for (uint32_t k = 0; k < n; k++) {
		uint32_t i = base + cls[k];
		t->check[i] = s;
		t->next[i] = row[cls[k]];
		t->free_next[i] = i + 1;
	}
	*from = base + 1;
	return base;
}

/* Fills base, dflt, next, check and ntrans of d from the full rows.
 * Rows with the most exceptions are placed first. */
static void compress_rows(struct pathdfa *d, const struct full_dfa *f)
{
	uint32_t ns = f->nstates, nc = f->nclasses;
	d->base = arena_alloc(ns * sizeof(uint32_t));
	d->dflt = arena_alloc(ns * sizeof(uint32_t));
	uint32_t *count = xcalloc(ns, sizeof(uint32_t));
	uint32_t *nexc = xmalloc(ns * sizeof(uint32_t));
	for (uint32_t s = 0; s < ns; s++) {
		const uint32_t *row = f->rows + (size_t)s * nc;
		d->dflt[s] = most_frequent(row, nc, count);
		nexc[s] = 0;
		for (uint32_t c = 0; c < nc; c++)
			nexc[s] += row[c] != d->dflt[s];
	}
	/* order states by exception count, most first (counting sort) */
	uint32_t *start = xcalloc((size_t)nc + 2, sizeof(uint32_t));
	for (uint32_t s = 0; s < ns; s++)
		start[nc - nexc[s] + 1]++;
	for (uint32_t k = 0; k <= nc; k++)
		start[k + 1] += start[k];
	uint32_t *order = xmalloc(ns * sizeof(uint32_t));
	for (uint32_t s = 0; s < ns; s++)
		order[start[nc - nexc[s]]++] = s;
	struct slots t = { 0 };
	slots_reserve(&t, nc, f->dead);
	uint32_t *cls = xmalloc(nc * sizeof(uint32_t));
	struct set_table shapes = { 0 };
	uint32_t *shape_from = NULL;
	size_t shape_cap = 0;
	uint32_t top = nc;
	for (uint32_t k = 0; k < ns; k++) {
		uint32_t s = order[k], n = 0;
		const uint32_t *row = f->rows + (size_t)s * nc;
		for (uint32_t c = 0; c < nc; c++)
			if (row[c] != d->dflt[s])
				cls[n++] = c;
		uint32_t shape = st_intern(&shapes, cls, n);
		if (shape >= shape_cap) {
			size_t old = shape_cap;
			reserve(&shape_from, &shape_cap, (size_t)shape + 1, sizeof(*shape_from));
			memset(shape_from + old, 0, (shape_cap - old) * sizeof(*shape_from));
		}
		d->base[s] = place_row(&t, s, row, cls, n, nc, f->dead, &shape_from[shape]);
		if (d->base[s] + nc > top)
			top = d->base[s] + nc;
	}
	d->ntrans = top;
	d->next = arena_alloc((size_t)top * sizeof(uint32_t));
	d->check = arena_alloc((size_t)top * sizeof(uint32_t));
	memcpy(d->next, t.next, (size_t)top * sizeof(uint32_t));
	memcpy(d->check, t.check, (size_t)top * sizeof(uint32_t));
	free(t.next);
	free(t.check);
	free(t.free_next);
	st_free(&shapes);
	free(shape_from);
	free(cls);
	free(order);
	free(start);
	free(nexc);
	free(count);
}

/* Copies the accept sets and the per-state accept index into the arena. */
static void copy_accept(struct pathdfa *d, const struct full_dfa *f, const struct set_table *acc)
{
	d->accept = arena_alloc((size_t)f->nstates * sizeof(uint32_t));
	memcpy(d->accept, f->accept, (size_t)f->nstates * sizeof(uint32_t));
	d->nsets = (uint32_t)acc->n;
	d->sets = arena_alloc(acc->n * sizeof(*d->sets));
	for (uint32_t i = 0; i < acc->n; i++) {
		uint32_t n;
		const uint32_t *v = st_members(acc, i, &n);
		uint32_t *ids = arena_alloc(((size_t)n + 1) * sizeof(uint32_t));
		if (n)
			memcpy(ids, v, n * sizeof(uint32_t));
		d->sets[i].n = n;
		d->sets[i].ids = ids;
	}
}

/* ---- the entry points ---- */

static bool all_valid(const char *const *patterns, size_t n, const char **err)
{
	for (size_t i = 0; i < n; i++) {
		size_t off;
		const char *msg;
		if (!glob_valid(patterns[i], &off, &msg)) {
			*err = arena_printf("invalid path pattern '%s': %s", patterns[i], msg);
			return false;
		}
	}
	return true;
}

static void build_nfa(struct nfa *a, const char *const *patterns, const uint32_t *ids, size_t n)
{
	memset(a, 0, sizeof(*a));
	a->starts = xmalloc(n * sizeof(*a->starts));
	a->nstarts = n;
	for (size_t i = 0; i < n; i++) {
		a->starts[i] = (uint32_t)a->n;
		compile_pattern(a, patterns[i], ids[i]);
	}
}

static void subset_init(struct subset *s, const struct nfa *a, uint8_t cls[256], uint32_t limit)
{
	memset(s, 0, sizeof(*s));
	s->nfa = a;
	s->nclasses = compute_classes(a->sets, a->nsets, cls);
	bool over = false;
	s->cl = classes_of_sets(a->sets, a->nsets, cls, &over);
	if (over)
		s->over = OVER_MEMORY;
	s->limit = limit;
	s->stamp = xcalloc(a->n + 1, sizeof(uint32_t));
	s->stack = xmalloc((a->n + 1) * sizeof(uint32_t));
	s->bucket = xcalloc(s->nclasses, sizeof(*s->bucket));
}

/* Counts the substates of each pattern: the part of a DFA state that is
 * its nodes, keyed by (pattern, hash of those nodes). */
struct substates {
	struct substate {
		uint64_t key;	/* 0 = empty slot */
		uint32_t pattern, count;
	} *slot;
	size_t mask, n, max;
};

/* Counts one more state where pattern p has nodes v[0..n).  False once
 * the table is full. */
static bool substate_add(struct substates *t, uint32_t p, const uint32_t *v, uint32_t n)
{
	uint64_t key = (hash_u32s(v, n) ^ ((uint64_t)p * 0x9e3779b97f4a7c15u)) | 1;
	size_t k = key & t->mask;
	while (t->slot[k].key && t->slot[k].key != key)
		k = (k + 1) & t->mask;
	if (!t->slot[k].key) {
		t->slot[k].key = key;
		t->slot[k].pattern = p;
		t->n++;
	}
	t->slot[k].count++;
	return t->n < t->max;
}

/* The patterns to blame when the construction goes over budget: the one
 * or two that multiply the states most.  A pattern's score is the number
 * of states (built so far, up to the first million substates) where it is
 * busy: alive, and not in its most common substate.  A glob whose
 * substates combine with the others', or that has 2^k of its own, is busy
 * in most states; one that only waits ("/" "**" "/x.log" in its loop, a
 * "/srv/d/" "*" "/f*" past its prefix) or a literal (each position in one
 * state) is not.  The second is named only when it scores at least half as
 * much as the first; ties go to the earlier pattern.  Fills out->blame. */
static void blame(const struct subset *s, struct pathdfa *out)
{
	const struct nfa *a = s->nfa;
	if (!a->nstarts || s->states.n < 2)
		return;		/* stopped before any state: no one to blame */
	uint32_t *owner = xmalloc((a->n + 1) * sizeof(*owner));
	for (size_t p = 0; p < a->nstarts; p++) {
		size_t end = p + 1 < a->nstarts ? a->starts[p + 1] : a->n;
		for (size_t i = a->starts[p]; i < end; i++)
			owner[i] = (uint32_t)p;
	}
	uint32_t *alive = xcalloc(a->nstarts, sizeof(*alive));
	uint32_t *common = xcalloc(a->nstarts, sizeof(*common));
	struct substates t = { .mask = (1u << 21) - 1, .max = 1u << 20 };
	t.slot = xcalloc(t.mask + 1, sizeof(*t.slot));
	bool room = true;
	for (uint32_t d = 1; room && d < s->states.n; d++) {
		uint32_t n;
		const uint32_t *v = st_members(&s->states, d, &n);
		for (uint32_t i = 0, j; room && i < n; i = j) {
			/* ascending: a pattern's nodes are adjacent */
			for (j = i + 1; j < n && owner[v[j]] == owner[v[i]]; j++)
				;
			alive[owner[v[i]]]++;
			room = substate_add(&t, owner[v[i]], v + i, j - i);
		}
	}
	for (size_t k = 0; k <= t.mask; k++)
		if (t.slot[k].key && t.slot[k].count > common[t.slot[k].pattern])
			common[t.slot[k].pattern] = t.slot[k].count;
	uint32_t best[2] = { NONE, NONE }, score[2] = { 0, 0 };
	for (uint32_t p = 0; p < a->nstarts; p++) {
		uint32_t busy = alive[p] - common[p];
		if (best[0] == NONE || busy > score[0]) {
			best[1] = best[0], score[1] = score[0];
			best[0] = p, score[0] = busy;
		} else if (best[1] == NONE || busy > score[1]) {
			best[1] = p, score[1] = busy;
		}
	}
	out->blame[out->nblame++] = best[0];
	if (best[1] != NONE && score[1] && 2 * (uint64_t)score[1] >= score[0])
		out->blame[out->nblame++] = best[1];
	free(t.slot);
	free(common);
	free(alive);
	free(owner);
}

/* A pattern as the message quotes it: at most 60 bytes, then "...". */
static const char *quote(const char *pattern)
{
	size_t n = strlen(pattern);
	if (n <= 63)
		return pattern;
	n = 60;
	while (n && ((unsigned char)pattern[n] & 0xc0) == 0x80)	/* not inside a UTF-8 character */
		n--;
	return arena_printf("%.*s...", (int)n, pattern);
}

/* The too-complex message: which budget, and the patterns to blame. */
static const char *too_complex(const struct subset *s, uint32_t max_states,
			       const char *const *patterns, const struct pathdfa *out)
{
	const char *what;
	if (s->over == OVER_MEMORY)
		what = arena_printf("building the matcher would take more than %u MiB",
				    PATHDFA_MAX_BYTES >> 20);
	else if (s->over == OVER_WORK)
		what = arena_printf("building the matcher would take more than %llu steps",
				    (unsigned long long)PATHDFA_MAX_WORK);
	else
		what = arena_printf("more than %u DFA states", max_states);
	if (out->nblame == 2)
		return arena_printf("path rules too complex: %s; '%s' and '%s' together multiply "
				    "its states", what, quote(patterns[out->blame[0]]),
				    quote(patterns[out->blame[1]]));
	if (out->nblame == 1)
		return arena_printf("path rules too complex: %s; '%s' multiplies its states",
				    what, quote(patterns[out->blame[0]]));
	return arena_printf("path rules too complex: %s", what);
}

/* Minimizes the subset DFA into f (dead state included). */
static void minimal_dfa(const struct subset *s, struct full_dfa *f)
{
	if (s->states.n < 2) {
		full_dead_only(f, s->nclasses);
		return;
	}
	struct live_dfa g;
	live_init(&g, s);
	struct partition blocks;
	minimize(s, &g, &blocks);
	full_from_blocks(f, s, &blocks);
	part_free(&blocks);
	live_free(&g);
}

bool pathdfa_build(const char *const *patterns, const uint32_t *ids, size_t n,
		   uint32_t max_states, struct pathdfa *out, const char **err)
{
	memset(out, 0, sizeof(*out));
	if (!all_valid(patterns, n, err))
		return false;
	struct nfa a;
	build_nfa(&a, patterns, ids, n);
	struct subset s;
	uint64_t limit = (uint64_t)max_states * 4;
	subset_init(&s, &a, out->cls, limit > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)limit);
	bool ok = run_subset(&s);
	struct full_dfa f = { 0 };
	if (ok) {
		minimal_dfa(&s, &f);
		ok = f.nstates <= max_states;
	}
	if (ok) {
		out->nstates = f.nstates;
		out->dead = f.dead;
		out->nclasses = f.nclasses;
		compress_rows(out, &f);
		copy_accept(out, &f, &s.accsets);
	} else {
		blame(&s, out);
		*err = too_complex(&s, max_states, patterns, out);
	}
	full_free(&f);
	subset_free(&s);
	nfa_free(&a);
	return ok;
}

uint32_t pathdfa_step(const struct pathdfa *d, uint32_t s, unsigned char c)
{
	uint32_t i = d->base[s] + d->cls[c];
	return d->check[i] == s ? d->next[i] : d->dflt[s];
}

const struct pathdfa_set *pathdfa_run(const struct pathdfa *d, const char *path)
{
	uint32_t s = 0;
	for (const unsigned char *p = (const unsigned char *)path; *p && s != d->dead; p++)
		s = pathdfa_step(d, s, *p);
	return &d->sets[d->accept[s]];
}

/* The predecessors of every state (over every byte class), as compressed
 * sparse rows: those of state t are pred[(*start)[t] .. (*start)[t + 1]).
 * Both arrays are malloc'ed; the caller frees them. */
static void list_preds(const struct pathdfa *d, uint32_t **start_out, uint32_t **pred_out)
{
	uint32_t n = d->nstates, nc = d->nclasses;
	uint32_t *start = xmalloc(((size_t)n + 1) * sizeof(*start));
	uint32_t *pred = xmalloc((size_t)n * nc * sizeof(*pred));
	uint32_t *fill = xmalloc((size_t)n * sizeof(*fill));
	memset(start, 0, ((size_t)n + 1) * sizeof(*start));
	for (uint32_t s = 0; s < n; s++)
		for (uint32_t c = 0; c < nc; c++) {
			uint32_t i = d->base[s] + c;
			start[(d->check[i] == s ? d->next[i] : d->dflt[s]) + 1]++;
		}
	for (uint32_t t = 0; t < n; t++)
		start[t + 1] += start[t];
	memcpy(fill, start, (size_t)n * sizeof(*fill));
	for (uint32_t s = 0; s < n; s++)
		for (uint32_t c = 0; c < nc; c++) {
			uint32_t i = d->base[s] + c;
			uint32_t t = d->check[i] == s ? d->next[i] : d->dflt[s];
			pred[fill[t]++] = s;
		}
	free(fill);
	*start_out = start;
	*pred_out = pred;
}

/* Backward breadth-first search from the marked states (a FIFO seeded in
 * state order, so the result does not depend on anything else): each
 * state takes the mark of the state it was first reached from. */
void pathdfa_reach(const struct pathdfa *d, const uint32_t *mark, uint32_t *reach)
{
	uint32_t n = d->nstates, *start, *pred;
	list_preds(d, &start, &pred);
	uint32_t *queue = xmalloc((size_t)n * sizeof(*queue));
	uint32_t head = 0, tail = 0;
	for (uint32_t s = 0; s < n; s++) {
		reach[s] = mark[s];
		if (mark[s] != UINT32_MAX)
			queue[tail++] = s;
	}
	while (head < tail) {
		uint32_t t = queue[head++];
		for (uint32_t e = start[t]; e < start[t + 1]; e++) {
			uint32_t s = pred[e];
			if (reach[s] == UINT32_MAX) {
				reach[s] = reach[t];
				queue[tail++] = s;
			}
		}
	}
	free(start);
	free(pred);
	free(queue);
}

/* A backward worklist: a state's union grows when a successor's does;
 * each state changes at most once per bit. */
void pathdfa_reach_union(const struct pathdfa *d, uint32_t *bits)
{
	uint32_t n = d->nstates, *start, *pred;
	list_preds(d, &start, &pred);
	uint32_t *queue = xmalloc((size_t)n * 33 * sizeof(*queue));
	size_t head = 0, tail = 0;
	for (uint32_t s = 0; s < n; s++)
		if (bits[s])
			queue[tail++] = s;
	while (head < tail) {
		uint32_t t = queue[head++];
		for (uint32_t e = start[t]; e < start[t + 1]; e++) {
			uint32_t s = pred[e];
			if ((bits[s] | bits[t]) != bits[s]) {
				bits[s] |= bits[t];
				queue[tail++] = s;	/* at most 32 times: one per bit */
			}
		}
	}
	free(start);
	free(pred);
	free(queue);
}
