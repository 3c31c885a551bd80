// SPDX-License-Identifier: GPL-2.0-only
/* yaml_tree.c - loads YAML into the node tree of yaml_tree.h with libyaml's
 * event API, and maps nodes back to source text and locations.
 *
 * libyaml's marks count characters, not bytes (a CR LF pair counts two);
 * struct offmap converts a mark index to a byte offset in the source. */
#include "yaml_tree.h"

#include <ctype.h>
#include <string.h>
#include <yaml.h>

#include "util.h"

/* Character index -> byte offset.  For ASCII text that is base + index;
 * otherwise every OFFMAP_STRIDE-th character's offset is kept and the rest
 * is walked, so a lookup costs at most OFFMAP_STRIDE steps. */
#define OFFMAP_STRIDE 64

struct offmap {
	const char *text;
	size_t len;
	size_t base;		/* bytes of a UTF-8 BOM, which libyaml does not count */
	bool ascii;
	size_t *stride;
	size_t nstride;
};

static bool is_cont_byte(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

static void offmap_init(struct offmap *m, const struct source *src)
{
	memset(m, 0, sizeof(*m));
	m->text = src->text;
	m->len = src->len;
	if (src->len >= 3 && !memcmp(src->text, "\xef\xbb\xbf", 3))
		m->base = 3;
	m->ascii = true;
	for (size_t i = m->base; i < m->len; i++)
		if ((unsigned char)m->text[i] >= 0x80) {
			m->ascii = false;
			break;
		}
	if (m->ascii)
		return;
	size_t nchars = 0;
	for (size_t i = m->base; i < m->len; i++)
		if (!is_cont_byte(m->text[i]))
			nchars++;
	m->stride = arena_alloc(sizeof(size_t) * (nchars / OFFMAP_STRIDE + 1));
	size_t c = 0;
	for (size_t i = m->base; i < m->len; i++) {
		if (is_cont_byte(m->text[i]))
			continue;
		if (c % OFFMAP_STRIDE == 0)
			m->stride[m->nstride++] = i;
		c++;
	}
}

static size_t offmap_byte(const struct offmap *m, size_t index)
{
	if (m->ascii)
		return m->base + index < m->len ? m->base + index : m->len;
	size_t k = index / OFFMAP_STRIDE;
	if (k >= m->nstride)
		return m->len;
	size_t b = m->stride[k];
	for (size_t r = index % OFFMAP_STRIDE; r > 0 && b < m->len; r--) {
		b++;
		while (b < m->len && is_cont_byte(m->text[b]))
			b++;
	}
	return b;
}

/* Anchors: name -> the most recent complete node with that anchor. */
#define ANCHOR_BUCKETS 4096

struct anchor {
	const char *name;
	struct ynode *node;
	struct anchor *next;
};

struct loader {
	struct ytree *t;
	struct diag *d;
	struct offmap map;
	struct ynode *stack[YTREE_MAX_DEPTH];
	int depth;
	struct anchor **anchors;
	size_t nodes;		/* nodes as written so far */
	size_t expanded;	/* nodes the aliases so far stand for */
	int ndocs;
};

static unsigned hash_name(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % ANCHOR_BUCKETS;
}

static void anchor_define(struct loader *L, const char *name, struct ynode *n)
{
	struct anchor *a = arena_alloc(sizeof(*a));
	unsigned h = hash_name(name);
	a->name = name;
	a->node = n;
	a->next = L->anchors[h];
	L->anchors[h] = a;
}

static struct ynode *anchor_find(struct loader *L, const char *name)
{
	for (struct anchor *a = L->anchors[hash_name(name)]; a; a = a->next)
		if (!strcmp(a->name, name))
			return a->node;
	return NULL;
}

static struct loc mark_loc(struct loader *L, yaml_mark_t m)
{
	return source_loc(L->t->src, offmap_byte(&L->map, m.index));
}

static void report_parser_error(struct loader *L, yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		fatal("out of memory while parsing YAML");
	const char *problem = p->problem ? p->problem : "cannot parse YAML";
	struct loc at;
	if (p->error == YAML_READER_ERROR)
		at = source_loc(L->t->src, p->problem_offset < L->t->src->len ? p->problem_offset
									      : L->t->src->len);
	else
		at = mark_loc(L, p->problem_mark);
	if (p->context)
		diag_error(L->d, at, "syntax", "%s %s", problem, p->context);
	else
		diag_error(L->d, at, "syntax", "%s", problem);
}

/* Tags that only restate what a node is are accepted (and ignored). */
static bool tag_ok(const unsigned char *tag)
{
	static const char *const ok[] = {
		"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
		"tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
	};
	if (!tag)
		return true;
	for (size_t i = 0; i < ARRAY_LEN(ok); i++)
		if (!strcmp((const char *)tag, ok[i]))
			return true;
	return false;
}

/* Counts one node as written against its bound. */
static bool count_node(struct loader *L, yaml_mark_t at)
{
	if (++L->nodes <= YTREE_MAX_NODES)
		return true;
	diag_error(L->d, mark_loc(L, at), "too-many-nodes", "too many YAML nodes: more than %d",
		   YTREE_MAX_NODES);
	return false;
}

/* Counts what an alias stands for against the expansion bound. */
static bool count_expansion(struct loader *L, size_t n, yaml_mark_t at)
{
	L->expanded += n;
	if (L->expanded <= YTREE_MAX_ALIAS_NODES)
		return true;
	diag_error(L->d, mark_loc(L, at), "too-many-nodes",
		   "aliases stand for too many YAML nodes: more than %d in all",
		   YTREE_MAX_ALIAS_NODES);
	return false;
}

/* Makes a node for event e and hangs it under the open collection. */
static struct ynode *add_node(struct loader *L, enum ynode_kind kind, const yaml_event_t *e,
			      const unsigned char *anchor, const unsigned char *tag)
{
	if (!tag_ok(tag)) {
		diag_error(L->d, mark_loc(L, e->start_mark), "syntax",
			   "unsupported YAML tag '%s'", (const char *)tag);
		return NULL;
	}
	if (!count_node(L, e->start_mark))
		return NULL;
	struct ynode *n = arena_alloc(sizeof(*n));
	n->kind = kind;
	n->start = offmap_byte(&L->map, e->start_mark.index);
	n->end = offmap_byte(&L->map, e->end_mark.index);
	n->weight = 1;
	if (anchor)
		n->anchor = arena_strdup((const char *)anchor);
	if (L->depth > 0) {
		struct ynode *parent = L->stack[L->depth - 1];
		*(struct ynode **)arena_grow(&parent->kids, &parent->nkids, &parent->cap,
					     sizeof(struct ynode *)) = n;
	} else {
		L->t->root = n;
	}
	return n;
}

/* A node is complete: its anchor can be used, its weight adds to its parent's. */
static void finish_node(struct loader *L, struct ynode *n)
{
	if (n->anchor)
		anchor_define(L, n->anchor, n);
	if (L->depth > 0)
		L->stack[L->depth - 1]->weight += n->weight;
}

static enum yscalar_style scalar_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: return YS_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return YS_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE: return YS_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE: return YS_FOLDED;
	default: return YS_PLAIN;
	}
}

static bool on_scalar(struct loader *L, const yaml_event_t *e)
{
	const unsigned char *v = e->data.scalar.value;
	size_t len = e->data.scalar.length;
	if (memchr(v, '\0', len)) {
		diag_error(L->d, mark_loc(L, e->start_mark), "bad-value",
			   "NUL character in a string");
		return false;
	}
	struct ynode *n = add_node(L, YN_SCALAR, e, e->data.scalar.anchor, e->data.scalar.tag);
	if (!n)
		return false;
	n->style = scalar_style(e->data.scalar.style);
	n->value = arena_strndup((const char *)v, len);
	n->len = len;
	if (n->style != YS_PLAIN) {
		struct yspan *s = arena_grow(&L->t->quoted, &L->t->nquoted, &L->t->capquoted,
					     sizeof(*s));
		s->start = n->start;
		s->end = n->end;
	}
	finish_node(L, n);
	return true;
}

static bool on_alias(struct loader *L, const yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	struct ynode *target = anchor_find(L, name);
	if (!target) {
		diag_error(L->d, mark_loc(L, e->start_mark), "syntax",
			   "alias '*%s' refers to no anchor defined before it", name);
		return false;
	}
	if (!count_expansion(L, target->weight, e->start_mark))
		return false;
	struct ynode *n = add_node(L, YN_ALIAS, e, NULL, NULL);
	if (!n)
		return false;
	n->target = target;
	n->weight = target->weight;
	finish_node(L, n);
	return true;
}

static bool on_collection_start(struct loader *L, const yaml_event_t *e, bool map)
{
	if (L->depth == YTREE_MAX_DEPTH) {
		diag_error(L->d, mark_loc(L, e->start_mark), "too-deep",
			   "too deeply nested: more than %d levels", YTREE_MAX_DEPTH);
		return false;
	}
	struct ynode *n;
	if (map) {
		n = add_node(L, YN_MAP, e, e->data.mapping_start.anchor, e->data.mapping_start.tag);
		if (n)
			n->flow = e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	} else {
		n = add_node(L, YN_SEQ, e, e->data.sequence_start.anchor,
			     e->data.sequence_start.tag);
		if (n)
			n->flow = e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	}
	if (!n)
		return false;
	L->stack[L->depth++] = n;
	return true;
}

static void on_collection_end(struct loader *L, const yaml_event_t *e)
{
	struct ynode *n = L->stack[--L->depth];
	/* A block collection's end mark is where the next token starts: end it
	 * at its last child instead, so that it does not take in what follows. */
	if (!n->flow && n->nkids)
		n->end = n->kids[n->nkids - 1]->end;
	else
		n->end = offmap_byte(&L->map, e->end_mark.index);
	finish_node(L, n);
}

/* Returns false to stop: an error was reported. */
static bool on_event(struct loader *L, const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (L->ndocs++ == 0)
			return true;
		diag_error(L->d, mark_loc(L, e->start_mark), "syntax",
			   "a second YAML document: a policy file holds one policy");
		return false;
	case YAML_SCALAR_EVENT:
		return on_scalar(L, e);
	case YAML_ALIAS_EVENT:
		return on_alias(L, e);
	case YAML_SEQUENCE_START_EVENT:
		return on_collection_start(L, e, false);
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(L, e, true);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_collection_end(L, e);
		return true;
	default:
		return true;
	}
}

struct ytree *ytree_load(const struct source *src, struct diag *d)
{
	struct ytree *t = arena_alloc(sizeof(*t));
	t->src = src;
	struct loader L = { .t = t, .d = d };
	offmap_init(&L.map, src);
	L.anchors = arena_alloc(sizeof(*L.anchors) * ANCHOR_BUCKETS);

	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		fatal("out of memory while parsing YAML");
	yaml_parser_set_input_string(&p, (const unsigned char *)src->text, src->len);
	bool ok = true;
	for (bool done = false; ok && !done;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			report_parser_error(&L, &p);
			ok = false;
			break;
		}
		ok = on_event(&L, &e);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return ok ? t : NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	return n->kind == YN_SCALAR && n->style == YS_PLAIN &&
	       (!n->len || !strcmp(n->value, "~") || !strcmp(n->value, "null") ||
		!strcmp(n->value, "Null") || !strcmp(n->value, "NULL"));
}

struct loc ytree_loc(const struct ytree *t, const struct ynode *n)
{
	return source_loc(t->src, n->start);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* First quoted span that ends after off (binary search). */
static size_t first_quoted_after(const struct ytree *t, size_t off)
{
	size_t lo = 0, hi = t->nquoted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->quoted[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Skips a leading "&anchor" or "!tag" property and the space after it. */
static size_t skip_properties(const char *text, size_t i, size_t end)
{
	while (i < end && (text[i] == '&' || text[i] == '!')) {
		bool anchor = text[i++] == '&';
		while (i < end && !is_space(text[i]) &&
		       (!anchor || isalnum((unsigned char)text[i]) || text[i] == '-' ||
			text[i] == '_'))
			i++;
		while (i < end && is_space(text[i]))
			i++;
	}
	return i;
}

struct loc ytree_scalar_loc(const struct ytree *t, const struct ynode *n)
{
	return source_loc(t->src, skip_properties(t->src->text, n->start, n->end));
}

/* Walks a flow scalar's source and value together: equal bytes match one
 * to one, a run of white space or line breaks matches the run that folding
 * made of it, and '' in a single-quoted scalar is one quote.  Gives up on
 * escapes and block scalars (returns (size_t)-1). */
static size_t value_offset(const struct ytree *t, const struct ynode *n, size_t off)
{
	const char *text = t->src->text;
	size_t end = n->end < t->src->len ? n->end : t->src->len;
	size_t i = skip_properties(text, n->start, end);
	if (n->style == YS_LITERAL || n->style == YS_FOLDED)
		return (size_t)-1;
	if (n->style != YS_PLAIN)
		i++;	/* the opening quote */
	const char *v = n->value;
	size_t j = 0;
	while (j < off) {
		if (i >= end)
			return (size_t)-1;
		if (is_space(v[j]) && is_space(text[i])) {
			while (j < n->len && is_space(v[j]))
				j++;
			while (i < end && is_space(text[i]))
				i++;
			continue;
		}
		if (n->style == YS_DOUBLE && text[i] == '\\')
			return (size_t)-1;
		if (n->style == YS_SINGLE && text[i] == '\'' && i + 1 < end && text[i + 1] == '\'' &&
		    v[j] == '\'') {
			i += 2, j++;
			continue;
		}
		if (text[i] != v[j])
			return (size_t)-1;
		i++, j++;
	}
	return i;
}

struct loc ytree_value_loc(const struct ytree *t, const struct ynode *n, size_t off)
{
	size_t i = n->kind == YN_SCALAR && off <= n->len ? value_offset(t, n, off) : (size_t)-1;
	if (i == (size_t)-1)
		return ytree_scalar_loc(t, n);
	return source_loc(t->src, i);
}

const char *ytree_text(const struct ytree *t, struct ynode *n)
{
	if (n->text)
		return n->text;
	const char *text = t->src->text;
	size_t end = n->end < t->src->len ? n->end : t->src->len;
	size_t i = skip_properties(text, n->start, end);
	size_t q = first_quoted_after(t, i);
	struct strbuf sb = { 0 };
	bool space = false;
	while (i < end) {
		while (q < t->nquoted && t->quoted[q].end <= i)
			q++;
		bool quoted = q < t->nquoted && t->quoted[q].start <= i;
		char c = text[i];
		if (!quoted && c == '#' && (i == n->start || is_space(text[i - 1]))) {
			while (i < end && text[i] != '\n')
				i++;
			continue;
		}
		i++;
		if (is_space(c)) {
			space = true;
			continue;
		}
		if (space && sb.len)
			sb_putc(&sb, ' ');
		space = false;
		sb_putc(&sb, c);
	}
	while (sb.len && (sb.s[sb.len - 1] == ',' || sb.s[sb.len - 1] == ' '))
		sb.s[--sb.len] = '\0';
	n->text = sb_finish(&sb);
	return n->text;
}
