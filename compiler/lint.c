// SPDX-License-Identifier: GPL-2.0-only
/* lint.c - warnings for policies that are valid but probably wrong:
 * cancelled-right, duplicate-rule, allows-everything, write-exec,
 * taint-never-fires and unreachable-rule.  Each check is precise: it only
 * fires when the rule really cannot matter (or really is risky), never on a
 * guess.
 *
 * Pairwise questions ("which restrictions cover this right?") go through a
 * hash index of rules keyed by object, so a policy of 10,000 rules costs a
 * few lookups per rule rather than 10,000 comparisons.  fs globs are keyed
 * by their literal directory prefix and found by walking the directories of
 * the path asked about.  A global work budget bounds the rest: once spent,
 * the pairwise checks stop finding things (they never guess). */
#include "lint.h"

#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "util.h"

/* Chain steps the pairwise checks may take in one lint_policy() call. */
#define LINT_BUDGET (1L << 22)

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		fatal("out of memory");
	return p;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* "FILE:LINE:COL" of a location, for messages naming another rule. */
static const char *loc_str(struct loc l)
{
	const char *file = l.file ? l.file : l.src ? l.src->name : "?";
	return arena_printf("%s:%d:%d", file, l.line, l.col);
}

static const char *rule_desc(const struct rule *r)
{
	return r->text ? r->text : rule_kind_name(r->kind);
}

static bool is_right(const struct rule *r)
{
	return (r->actions & RA_ALLOW) != 0;
}

static bool is_restriction(const struct rule *r)
{
	return (r->actions & RA_DENY) != 0;
}

static bool ctx_equal(const struct rule_ctx *a, const struct rule_ctx *b)
{
	return str_eq(a->func, b->func) && str_eq(a->binary, b->binary) && a->kfunc == b->kfunc;
}

/* Is restriction d in force whenever right r is?  Yes when d has no
 * function context, or the same one as r. */
static bool restriction_applies(const struct rule *d, const struct rule *r)
{
	return !d->ctx.func || ctx_equal(&d->ctx, &r->ctx);
}

/* ---------------------------------------------------------------------- */
/* Object comparison                                                       */

static bool target_covers(const struct target *a, const struct target *b)
{
	if (a->kind == TGT_ANY)
		return true;
	if (a->kind != b->kind)
		return false;
	if (a->kind == TGT_PROGRAM)
		return a->name && b->name && glob_covers(a->name, b->name);
	if (a->kind == TGT_POLICY)
		return str_eq(a->name, b->name);
	return true;
}

/* Does every object rule b matches also match rule a?  Same kind only;
 * access masks are not compared. */
static bool object_covers(const struct rule *a, const struct rule *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case RK_FS:
		return glob_covers(a->path, b->path);
	case RK_FILESYSTEM:
		return str_eq(a->path, b->path);
	case RK_PROC:
	case RK_SIGNAL:
	case RK_PTRACE:
		return target_covers(&a->target, &b->target);
	case RK_DEV_CLASS:
		return a->dev_class == b->dev_class;
	case RK_DEV_NUM:
		return a->major == b->major && (a->minor == -1 || a->minor == b->minor);
	case RK_NET:
		return (a->families & b->families) == b->families;
	case RK_CAP:
		return true;	/* the mask is the object */
	case RK_IPC:
		return str_eq(a->policy, b->policy);
	case RK__COUNT:
		break;
	}
	return false;
}

/* Same object, written the same way (for duplicate-rule). */
static bool object_equal(const struct rule *a, const struct rule *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case RK_FS:
	case RK_FILESYSTEM:
		return str_eq(a->path, b->path);
	case RK_PROC:
	case RK_SIGNAL:
	case RK_PTRACE:
		return a->target.kind == b->target.kind && str_eq(a->target.name, b->target.name);
	case RK_DEV_CLASS:
		return a->dev_class == b->dev_class;
	case RK_DEV_NUM:
		return a->major == b->major && a->minor == b->minor;
	case RK_NET:
		return a->families == b->families;
	case RK_CAP:
		return true;
	case RK_IPC:
		return str_eq(a->policy, b->policy);
	case RK__COUNT:
		break;
	}
	return false;
}

static bool rules_identical(const struct rule *a, const struct rule *b)
{
	return a->kind == b->kind && a->actions == b->actions && a->mask == b->mask &&
	       object_equal(a, b) && ctx_equal(&a->ctx, &b->ctx);
}

/* ---------------------------------------------------------------------- */
/* Hashing                                                                 */

static uint64_t fnv_init(unsigned kind)
{
	uint64_t h = UINT64_C(14695981039346656037);
	h ^= kind + 1;
	return h * UINT64_C(1099511628211);
}

static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return s ? fnv_bytes(h, s, strlen(s) + 1) : fnv_bytes(h, "\xff", 1);
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
	return fnv_bytes(h, &v, sizeof(v));
}

/* Key of "every object of this kind may be covered": rules that can cover
 * many objects and are not keyed by a literal prefix. */
static uint64_t wild_key(enum rule_kind k)
{
	return fnv_bytes(fnv_init(k), "\xfe*", 2);
}

static uint64_t path_key(enum rule_kind k, const char *s, size_t n, bool slash)
{
	uint64_t h = fnv_bytes(fnv_init(k), s, n);
	return slash ? fnv_bytes(h, "/", 1) : h;
}

static uint64_t target_key(enum rule_kind k, const struct target *t)
{
	return fnv_str(fnv_u64(fnv_init(k), t->kind), t->name);
}

/* The one key a rule is filed under in an object index. */
static uint64_t index_key(const struct rule *r)
{
	enum rule_kind k = r->kind;
	switch (k) {
	case RK_FS: {
		size_t magic = strcspn(r->path, "*?[");
		if (!r->path[magic])
			return path_key(k, r->path, magic, false);
		/* A glob: its literal directory prefix, up to and including the
		 * last '/' before the first magic character. */
		size_t dir = magic;
		while (dir > 0 && r->path[dir - 1] != '/')
			dir--;
		return path_key(k, r->path, dir, false);
	}
	case RK_FILESYSTEM:
		return path_key(k, r->path, strlen(r->path), false);
	case RK_PROC:
	case RK_SIGNAL:
	case RK_PTRACE:
		if (r->target.kind == TGT_ANY ||
		    (r->target.kind == TGT_PROGRAM && r->target.name &&
		     glob_has_magic(r->target.name)))
			return wild_key(k);
		return target_key(k, &r->target);
	case RK_DEV_CLASS:
		return fnv_u64(fnv_init(k), (uint64_t)r->dev_class);
	case RK_DEV_NUM:
		return fnv_u64(fnv_u64(fnv_init(k), (uint64_t)r->major), (uint64_t)(int64_t)r->minor);
	case RK_NET:
		if (r->families && !(r->families & (r->families - 1)))
			return fnv_u64(fnv_init(k), r->families);
		return wild_key(k);
	case RK_IPC:
		return fnv_str(fnv_init(k), r->policy);
	case RK_CAP:
	case RK__COUNT:
		break;
	}
	return wild_key(k);
}

/* Hash of everything rules_identical() compares. */
static uint64_t identity_key(const struct rule *r)
{
	uint64_t h = fnv_u64(fnv_init(r->kind), r->actions);
	h = fnv_u64(h, r->mask);
	switch (r->kind) {
	case RK_FS:
	case RK_FILESYSTEM:
		h = fnv_str(h, r->path);
		break;
	case RK_PROC:
	case RK_SIGNAL:
	case RK_PTRACE:
		h = fnv_str(fnv_u64(h, r->target.kind), r->target.name);
		break;
	case RK_DEV_CLASS:
		h = fnv_u64(h, (uint64_t)r->dev_class);
		break;
	case RK_DEV_NUM:
		h = fnv_u64(fnv_u64(h, (uint64_t)r->major), (uint64_t)(int64_t)r->minor);
		break;
	case RK_NET:
		h = fnv_u64(h, r->families);
		break;
	case RK_IPC:
		h = fnv_str(h, r->policy);
		break;
	case RK_CAP:
	case RK__COUNT:
		break;
	}
	h = fnv_u64(h, r->ctx.kfunc);
	return fnv_str(fnv_str(h, r->ctx.func), r->ctx.binary);
}

/* ---------------------------------------------------------------------- */
/* A multimap from 64-bit keys to rule indexes (each rule at most once).   */

struct hmap {
	int *heads;	/* bucket -> first rule index, -1 if none */
	size_t mask;
	int *next;	/* rule index -> next in its bucket */
	uint64_t *key;	/* rule index -> its key */
};

static void hmap_init(struct hmap *m, size_t nrules)
{
	size_t nb = 16;
	while (nb < nrules * 2)
		nb *= 2;
	m->heads = xcalloc(nb, sizeof(int));
	for (size_t i = 0; i < nb; i++)
		m->heads[i] = -1;
	m->mask = nb - 1;
	m->next = xcalloc(nrules, sizeof(int));
	m->key = xcalloc(nrules, sizeof(uint64_t));
}

static void hmap_free(struct hmap *m)
{
	free(m->heads);
	free(m->next);
	free(m->key);
}

static void hmap_add(struct hmap *m, int i, uint64_t key)
{
	size_t b = (size_t)(key ^ (key >> 29)) & m->mask;
	m->key[i] = key;
	m->next[i] = m->heads[b];
	m->heads[b] = i;
}

static int hmap_first(const struct hmap *m, uint64_t key)
{
	return m->heads[(size_t)(key ^ (key >> 29)) & m->mask];
}

/* ---------------------------------------------------------------------- */
/* Candidate lookup                                                        */

struct ivec {
	int *v;
	size_t n, cap;
};

static void ivec_push(struct ivec *iv, int x)
{
	if (iv->n == iv->cap) {
		iv->cap = iv->cap ? iv->cap * 2 : 16;
		iv->v = realloc(iv->v, iv->cap * sizeof(int));
		if (!iv->v)
			fatal("out of memory");
	}
	iv->v[iv->n++] = x;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

struct lint {
	const struct policy *p;
	struct diag *d;
	long budget;
	struct hmap rights;		/* allow rules by object */
	struct hmap restrictions;	/* deny rules by object */
	int *first_copy;		/* rule index -> earlier identical rule, or -1 */
	struct ivec cand;		/* scratch */
};

/* Appends the rules of m filed under key to out, charging the budget. */
static void collect_key(struct lint *L, const struct hmap *m, uint64_t key, struct ivec *out)
{
	for (int j = hmap_first(m, key); j >= 0 && L->budget > 0; j = m->next[j]) {
		L->budget--;
		if (m->key[j] == key)
			ivec_push(out, j);
	}
}

/* Keys under which a rule covering an fs path may be filed: every
 * directory prefix of the path's literal part, the path itself and the
 * path plus a slash (a pattern "P/" followed by "**" also matches P). */
static void collect_fs(struct lint *L, const struct hmap *m, const char *path, struct ivec *out)
{
	size_t magic = strcspn(path, "*?[");
	size_t len = strlen(path);
	for (size_t i = 0; i < magic; i++)
		if (path[i] == '/')
			collect_key(L, m, path_key(RK_FS, path, i + 1, false), out);
	if (len && path[len - 1] != '/')
		collect_key(L, m, path_key(RK_FS, path, len, false), out);
	collect_key(L, m, path_key(RK_FS, path, len, true), out);
}

/* Rules of m that may cover r's object (a superset, in source order, no
 * repeats); the caller tests each with object_covers(). */
static struct ivec *candidates(struct lint *L, const struct hmap *m, const struct rule *r)
{
	struct ivec *out = &L->cand;
	out->n = 0;
	enum rule_kind k = r->kind;
	switch (k) {
	case RK_FS:
		collect_fs(L, m, r->path, out);
		break;
	case RK_DEV_NUM: {
		struct rule any = *r;
		any.minor = -1;
		collect_key(L, m, index_key(r), out);
		if (r->minor != -1)
			collect_key(L, m, index_key(&any), out);
		break;
	}
	default: {
		uint64_t key = index_key(r);
		collect_key(L, m, key, out);
		if (key != wild_key(k))
			collect_key(L, m, wild_key(k), out);
		break;
	}
	}
	qsort(out->v, out->n, sizeof(int), cmp_int);
	size_t w = 0;
	for (size_t i = 0; i < out->n; i++)
		if (!w || out->v[w - 1] != out->v[i])
			out->v[w++] = out->v[i];
	out->n = w;
	return out;
}

/* ---------------------------------------------------------------------- */
/* Policy-level checks                                                     */

static void check_allows_everything(struct lint *L)
{
	const struct policy *p = L->p;
	if (!p->default_allow)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		if (is_restriction(&p->rules[i]))
			return;
	struct loc at = p->loc;
	if (at.line < 1)
		at.line = 1, at.col = 1;
	diag_warn(L->d, at, "allows-everything",
		  "policy allows everything%s: '%s' with no restrictions",
		  p->privileged ? "" : " but capabilities",
		  p->lang == LANG_DSL ? "#![default allow]" : "default: allow");
}

/* ---------------------------------------------------------------------- */
/* Per-rule checks                                                         */

static void check_taint_never_fires(struct lint *L, const struct rule *r)
{
	if (!L->p->default_taint || !(r->actions & RA_TAINT))
		return;
	diag_warn(L->d, r->loc, "taint-never-fires",
		  "taint rule never fires: the policy starts tainted (%s)",
		  L->p->lang == LANG_DSL ? "#![default_taint]" : "defaultTaint: true");
}

/* Finds, for every rule, the first earlier rule identical to it.  Only the
 * first of each set of identical rules is filed, so chains stay short. */
static void find_duplicates(struct lint *L)
{
	const struct rule *rules = L->p->rules;
	struct hmap dups;
	hmap_init(&dups, L->p->nrules);
	for (size_t i = 0; i < L->p->nrules; i++) {
		uint64_t key = identity_key(&rules[i]);
		L->first_copy[i] = -1;
		for (int j = hmap_first(&dups, key); j >= 0; j = dups.next[j])
			if (dups.key[j] == key && rules_identical(&rules[j], &rules[i])) {
				L->first_copy[i] = j;
				break;
			}
		if (L->first_copy[i] < 0)
			hmap_add(&dups, (int)i, key);
	}
	hmap_free(&dups);
}

/* duplicate-rule.  A duplicate gets no other warning: removing it is the
 * fix. */
static bool check_duplicate(struct lint *L, int i)
{
	int j = L->first_copy[i];
	if (j < 0)
		return false;
	const struct rule *r = &L->p->rules[i];
	diag_warn(L->d, r->loc, "duplicate-rule", "duplicate rule '%s'", rule_desc(r));
	diag_note(L->d, L->p->rules[j].loc, "duplicate-rule", "first written here");
	return true;
}

/* cancelled-right: every access r grants is denied by restrictions that
 * are in force whenever r is. */
static void check_cancelled(struct lint *L, int i)
{
	const struct rule *rules = L->p->rules, *r = &rules[i];
	if (!is_right(r) || (r->actions & RA_TAINT))
		return;
	struct ivec *c = candidates(L, &L->restrictions, r);
	uint64_t denied = 0;
	size_t nby = 0;
	int by[3];
	for (size_t k = 0; k < c->n; k++) {
		const struct rule *d = &rules[c->v[k]];
		if (!restriction_applies(d, r) || (r->mask && !(d->mask & r->mask)) ||
		    !object_covers(d, r))
			continue;
		denied |= d->mask;
		if (nby < ARRAY_LEN(by))
			by[nby] = c->v[k];
		nby++;
	}
	if (!nby || (denied & r->mask) != r->mask)
		return;
	struct strbuf sb = { 0 };
	for (size_t k = 0; k < nby && k < ARRAY_LEN(by); k++) {
		if (k)
			sb_puts(&sb, k + 1 == nby ? " and " : ", ");
		sb_puts(&sb, loc_str(rules[by[k]].loc));
	}
	if (nby > ARRAY_LEN(by))
		sb_printf(&sb, " and %zu more", nby - ARRAY_LEN(by));
	const char *list = sb_finish(&sb);
	diag_warn(L->d, r->loc, "cancelled-right", "right '%s' is cancelled by restriction%s at %s",
		  rule_desc(r), nby > 1 ? "s" : "", list);
}

/* unreachable-rule: r can never change a decision, because the default
 * already allows, or another right with the same modifiers and context
 * grants everything r does. */
static bool check_unreachable(struct lint *L, int i)
{
	const struct policy *p = L->p;
	const struct rule *rules = p->rules, *r = &rules[i];
	if (!is_right(r))
		return false;
	/* Capabilities stay denied under default allow (unless privileged),
	 * so a cap right matters there. */
	if (p->default_allow && r->actions == RA_ALLOW && (r->kind != RK_CAP || p->privileged)) {
		diag_warn(L->d, r->loc, "unreachable-rule",
			  "right is unreachable: the policy's default already allows");
		return true;
	}
	struct ivec *c = candidates(L, &L->rights, r);
	for (size_t k = 0; k < c->n; k++) {
		int j = c->v[k];
		const struct rule *o = &rules[j];
		if (j == i || o->actions != r->actions || !ctx_equal(&o->ctx, &r->ctx) ||
		    (r->mask & ~o->mask) || !object_covers(o, r))
			continue;
		/* Two rules granting exactly the same: only the later one is
		 * unreachable. */
		if (j > i && o->mask == r->mask && object_covers(r, o))
			continue;
		diag_warn(L->d, r->loc, "unreachable-rule",
			  "right is unreachable: '%s' at %s already grants it", rule_desc(o),
			  loc_str(o->loc));
		diag_note(L->d, o->loc, "unreachable-rule", "granted here");
		return true;
	}
	return false;
}

/* ---------------------------------------------------------------------- */
/* write-exec                                                              */

#define ACC_WRITES (ACC_WRITE | ACC_APPEND)

struct pair {
	int later, earlier;
};

struct pairs {
	struct pair *v;
	size_t n, cap;
};

static bool fs_right(const struct rule *r)
{
	return r->kind == RK_FS && is_right(r) && r->path;
}

static bool writes_and_execs(const struct rule *r)
{
	return (r->mask & ACC_WRITES) && (r->mask & ACC_EXEC);
}

/* Can both rules be in force at once?  Yes when their contexts are equal
 * or one has none.  (Two different functions may nest, but that is not
 * known here; stay quiet.) */
static bool may_overlap_in_time(const struct rule *a, const struct rule *b)
{
	return !a->ctx.func || !b->ctx.func || ctx_equal(&a->ctx, &b->ctx);
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->later != y->later)
		return (x->later > y->later) - (x->later < y->later);
	return (x->earlier > y->earlier) - (x->earlier < y->earlier);
}

/* Pairs of fs rights where one path covers the other, one writes and the
 * other executes; each pair once, sorted by its later rule.  A rule that
 * alone writes and executes is reported by itself, not in pairs. */
static void find_write_exec_pairs(struct lint *L, struct pairs *out)
{
	const struct rule *rules = L->p->rules;
	for (size_t b = 0; b < L->p->nrules; b++) {
		const struct rule *rb = &rules[b];
		if (!fs_right(rb) || L->first_copy[b] >= 0 || !(rb->mask & (ACC_WRITES | ACC_EXEC)) ||
		    writes_and_execs(rb))
			continue;
		struct ivec *c = candidates(L, &L->rights, rb);
		for (size_t k = 0; k < c->n; k++) {
			int a = c->v[k];
			const struct rule *ra = &rules[a];
			if ((size_t)a == b || !fs_right(ra) || writes_and_execs(ra))
				continue;
			bool wx = (ra->mask & ACC_WRITES) && (rb->mask & ACC_EXEC);
			bool xw = (ra->mask & ACC_EXEC) && (rb->mask & ACC_WRITES);
			if (!(wx || xw) || !may_overlap_in_time(ra, rb) || !object_covers(ra, rb))
				continue;
			/* Same paths cover each other: report from the lower index. */
			if ((size_t)a < b && object_covers(rb, ra))
				continue;
			struct pair *pr = arena_grow(&out->v, &out->n, &out->cap, sizeof(*out->v));
			pr->later = (size_t)a > b ? a : (int)b;
			pr->earlier = (size_t)a > b ? (int)b : a;
		}
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_pair);
}

static void report_write_exec(struct lint *L, int i, const struct pairs *pairs, size_t *next)
{
	const struct rule *rules = L->p->rules, *r = &rules[i];
	if (fs_right(r) && writes_and_execs(r))
		diag_warn(L->d, r->loc, "write-exec", "right '%s' grants both write and exec on '%s'",
			  rule_desc(r), r->path);
	for (; *next < pairs->n && pairs->v[*next].later == i; (*next)++) {
		const struct rule *e = &rules[pairs->v[*next].earlier];
		bool r_writes = (r->mask & ACC_WRITES) && (e->mask & ACC_EXEC);
		diag_warn(L->d, r->loc, "write-exec",
			  "right '%s' grants %s on paths that '%s' at %s grants %s",
			  rule_desc(r), r_writes ? "write" : "exec", rule_desc(e), loc_str(e->loc),
			  r_writes ? "exec" : "write");
	}
}

/* ---------------------------------------------------------------------- */

/* Files every rule but duplicates: rights and restrictions apart. */
static void build_indexes(struct lint *L)
{
	const struct policy *p = L->p;
	hmap_init(&L->rights, p->nrules);
	hmap_init(&L->restrictions, p->nrules);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (L->first_copy[i] >= 0)
			continue;
		if (is_right(r))
			hmap_add(&L->rights, (int)i, index_key(r));
		else if (is_restriction(r))
			hmap_add(&L->restrictions, (int)i, index_key(r));
	}
}

/* Rules lint cannot reason about (the checks reported them already). */
static bool malformed(const struct rule *r)
{
	return (r->kind == RK_FS || r->kind == RK_FILESYSTEM) && !r->path;
}

void lint_policy(const struct policy *p, struct diag *d)
{
	struct lint L = { .p = p, .d = d, .budget = LINT_BUDGET };
	if (p->nrules > POLICY_MAX_RULES)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		if (malformed(&p->rules[i]))
			return;
	check_allows_everything(&L);
	L.first_copy = xcalloc(p->nrules, sizeof(int));
	find_duplicates(&L);
	build_indexes(&L);
	struct pairs pairs = { 0 };
	find_write_exec_pairs(&L, &pairs);
	size_t next_pair = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		if (check_duplicate(&L, (int)i))
			continue;
		/* A rule that is unreachable anyway is not also "cancelled". */
		if (!check_unreachable(&L, (int)i))
			check_cancelled(&L, (int)i);
		report_write_exec(&L, (int)i, &pairs, &next_pair);
		check_taint_never_fires(&L, &p->rules[i]);
	}
	hmap_free(&L.rights);
	hmap_free(&L.restrictions);
	free(L.first_copy);
	free(L.cand.v);
}
