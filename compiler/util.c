// SPDX-License-Identifier: GPL-2.0-only
/* util.c - arena allocation, string buffers and small helpers (see util.h). */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

static struct arena_chunk *arena_head;

void *arena_alloc(size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (!arena_head || arena_head->size - arena_head->used < size) {
		size_t chunk = size > 65536 ? size : 65536;
		struct arena_chunk *c = calloc(1, sizeof(*c) + chunk);
		if (!c)
			fatal("out of memory");
		c->size = chunk;
		c->next = arena_head;
		arena_head = c;
	}
	void *p = arena_head->data + arena_head->used;
	arena_head->used += size;
	return p;
}

void arena_release(void)
{
	while (arena_head) {
		struct arena_chunk *next = arena_head->next;
		free(arena_head);
		arena_head = next;
	}
}

char *arena_strndup(const char *s, size_t n)
{
	char *p = arena_alloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(const char *s)
{
	return arena_strndup(s, strlen(s));
}

char *arena_vprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("bad format string");
	char *p = arena_alloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(void *v_ptr, size_t *n, size_t *cap, size_t elem_size)
{
	void **v = v_ptr;
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *nv = arena_alloc(ncap * elem_size);
		if (*n)
			memcpy(nv, *v, *n * elem_size);
		*v = nv;
		*cap = ncap;
	}
	void *slot = (char *)*v + (*n)++ * elem_size;
	memset(slot, 0, elem_size);
	return slot;
}

static void sb_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t ncap = sb->cap ? sb->cap * 2 : 64;
	while (ncap < sb->len + extra + 1)
		ncap *= 2;
	char *ns = realloc(sb->s, ncap);
	if (!ns)
		fatal("out of memory");
	sb->s = ns;
	sb->cap = ncap;
}

void sb_putn(struct strbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_putn(sb, &c, 1);
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("bad format string");
	sb_reserve(sb, (size_t)n);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	va_end(ap);
}

void sb_json_string(struct strbuf *sb, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		fatal("out of memory");
	json_write_string(f, s, (size_t)-1);
	if (fclose(f))
		fatal("out of memory");
	sb_putn(sb, buf, len);
	free(buf);
}

char *sb_finish(struct strbuf *sb)
{
	char *p = arena_strndup(sb->s ? sb->s : "", sb->len);
	sb_free(sb);
	return p;
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bpfcc: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

int edit_distance(const char *a, const char *b, int cap)
{
	/* Optimal string alignment: insertions, deletions, substitutions and
	 * swaps of two adjacent letters each cost one. */
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap + 1;
	int rows[3][65];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		int *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > cap ? cap + 1 : prev[lb];
}
