// SPDX-License-Identifier: GPL-2.0-only
/* mounts.c - the mount table (/proc/self/mountinfo format) that explain
 * uses to decide which mount a path lives on, for `filesystem` rules. */
#include "explain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#define MOUNTS_MAX_BYTES (16u * 1024 * 1024)
#define MOUNTINFO_MIN_FIELDS 5

/* Reads the whole file into sb; false (errno set) on an I/O error. */
static bool read_all(FILE *f, struct strbuf *sb, bool *too_large)
{
	char buf[65536];
	size_t got;
	*too_large = false;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (sb->len + got > MOUNTS_MAX_BYTES) {
			*too_large = true;
			return false;
		}
		sb_putn(sb, buf, got);
	}
	return !ferror(f);
}

/* The kernel writes space, tab, newline and backslash in mount points as
 * \040 \011 \012 \134; other octal escapes are decoded the same way. */
static char *unescape(const char *s, size_t n)
{
	char *out = arena_alloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			int v = (s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0');
			if (v != 0) {
				out[o++] = (char)v;
				i += 3;
				continue;
			}
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* Parses a decimal number of s[0..n) into *v (at most 2^32 - 1). */
static bool parse_uint(const char *s, size_t n, unsigned *v)
{
	if (n == 0 || n > 10)
		return false;
	unsigned long long x = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (unsigned)(s[i] - '0');
	}
	if (x > 0xffffffffull)
		return false;
	*v = (unsigned)x;
	return true;
}

struct field {
	const char *s;
	size_t n;
};

/* Splits line[0..len) on spaces into at most max fields; returns the count. */
static size_t split_fields(const char *line, size_t len, struct field *f, size_t max)
{
	size_t nf = 0, i = 0;
	while (i < len && nf < max) {
		while (i < len && line[i] == ' ')
			i++;
		if (i == len)
			break;
		size_t start = i;
		while (i < len && line[i] != ' ')
			i++;
		f[nf].s = line + start;
		f[nf].n = i - start;
		nf++;
	}
	return nf;
}

/* Parses one non-blank line; returns an error message, or NULL and fills *m. */
static const char *parse_line(const char *line, size_t len, struct mount *m)
{
	struct field f[MOUNTINFO_MIN_FIELDS];
	size_t nf = split_fields(line, len, f, MOUNTINFO_MIN_FIELDS);
	if (nf < MOUNTINFO_MIN_FIELDS)
		return arena_printf("expected at least %d fields, found %zu",
				    MOUNTINFO_MIN_FIELDS, nf);
	const struct field *dev = &f[2];
	const char *colon = memchr(dev->s, ':', dev->n);
	size_t majlen = colon ? (size_t)(colon - dev->s) : 0;
	if (!colon || !parse_uint(dev->s, majlen, &m->major) ||
	    !parse_uint(colon + 1, dev->n - majlen - 1, &m->minor))
		return arena_printf("bad device '%.*s' in field 3; expected 'major:minor'",
				    (int)dev->n, dev->s);
	if (f[4].s[0] != '/')
		return arena_printf("bad mount point '%.*s' in field 5; expected an absolute path",
				    (int)f[4].n, f[4].s);
	m->point = unescape(f[4].s, f[4].n);
	return NULL;
}

static void parse_text(const char *path, const char *text, size_t len, struct mounts *m,
		       struct diag *d, bool *ok)
{
	struct diag scratch = { 0 };
	const struct source *src = source_from_string(path, text, len, &scratch);
	int lineno = 0;
	for (size_t i = 0; i <= len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n = end - i;
		lineno++;
		if (n && text[i + n - 1] == '\r')
			n--;
		size_t k = 0;
		while (k < n && (text[i + k] == ' ' || text[i + k] == '\t'))
			k++;
		if (k < n) {
			struct mount mt = { 0 };
			const char *err = parse_line(text + i, n, &mt);
			if (err) {
				struct loc l = { .src = src, .file = arena_strdup(path),
						 .line = lineno, .col = 1 };
				diag_error(d, l, "bad-mounts", "%s", err);
				*ok = false;
			} else {
				*(struct mount *)arena_grow(&m->v, &m->n, &m->cap,
							    sizeof(*m->v)) = mt;
			}
		}
		if (!nl)
			break;
		i = end + 1;
	}
}

bool mounts_load(const char *path, struct mounts *m, struct diag *d)
{
	struct loc whole = { .file = arena_strdup(path) };
	int fd = source_open_regular(path, "mount table", d);	/* never waits on a FIFO */
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
	if (!f) {
		if (fd >= 0) {
			diag_error(d, whole, "io", "cannot open mount table: %s", strerror(errno));
			close(fd);
		}
		return false;
	}
	struct strbuf sb = { 0 };
	bool too_large;
	bool read_ok = read_all(f, &sb, &too_large);
	int saved = errno;
	fclose(f);
	if (!read_ok) {
		sb_free(&sb);
		if (too_large)
			diag_error(d, whole, "bad-mounts", "mount table is larger than %u MiB",
				   MOUNTS_MAX_BYTES / (1024 * 1024));
		else
			diag_error(d, whole, "io", "cannot read mount table: %s",
				   strerror(saved));
		return false;
	}
	bool ok = true;
	if (memchr(sb.s ? sb.s : "", '\0', sb.len)) {
		diag_error(d, whole, "bad-mounts", "NUL byte in mount table");
		ok = false;
	} else {
		parse_text(path, sb.s ? sb.s : "", sb.len, m, d, &ok);
	}
	sb_free(&sb);
	return ok;
}

/* Is mount point mp a prefix of path at a component boundary? */
static bool point_covers(const char *mp, const char *path)
{
	size_t n = strlen(mp);
	if (n == 1 && mp[0] == '/')
		return true;
	return strncmp(mp, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

const struct mount *mounts_find(const struct mounts *m, const char *path)
{
	const struct mount *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; m && i < m->n; i++) {
		size_t n = strlen(m->v[i].point);
		if ((!best || n >= best_len) && point_covers(m->v[i].point, path)) {
			best = &m->v[i];
			best_len = n;
		}
	}
	return best;
}
