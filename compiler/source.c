// SPDX-License-Identifier: GPL-2.0-only
/* source.c - loading policy files and mapping offsets to line:col.
 * Input is checked before any parser sees it: size, NUL bytes, UTF-8. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

/* Line breaks are "\n", "\r\n" and a lone "\r" (as in YAML). */
static bool line_break_at(const struct source *src, size_t i)
{
	return src->text[i] == '\n' ||
	       (src->text[i] == '\r' && (i + 1 >= src->len || src->text[i + 1] != '\n'));
}

static void index_lines(struct source *src)
{
	size_t n = 1;
	for (size_t i = 0; i < src->len; i++)
		if (line_break_at(src, i))
			n++;
	src->line_off = arena_alloc(sizeof(size_t) * (n + 1));
	src->nlines = 0;
	src->line_off[src->nlines++] = 0;
	for (size_t i = 0; i < src->len; i++)
		if (line_break_at(src, i))
			src->line_off[src->nlines++] = i + 1;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t len;
	unsigned min;
	unsigned cp;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2, min = 0x80, cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3, min = 0x800, cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool source_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_len(p + i, n - i);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

static bool validate(struct source *src, struct diag *d)
{
	const unsigned char *p = (const unsigned char *)src->text;
	for (size_t i = 0; i < src->len;) {
		if (p[i] == 0) {
			diag_error(d, source_loc(src, i), "bad-input",
				   "NUL byte in policy file (is this a binary file?)");
			return false;
		}
		size_t l = utf8_len(p + i, src->len - i);
		if (!l) {
			diag_error(d, source_loc(src, i), "bad-input",
				   "invalid UTF-8 byte 0x%02x", p[i]);
			return false;
		}
		if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t' && p[i] != '\r') {
			diag_error(d, source_loc(src, i), "bad-input",
				   "control character 0x%02x in policy file", p[i]);
			return false;
		}
		i += l;
	}
	return true;
}

struct source *source_from_string(const char *name, const char *text, size_t len,
				  struct diag *d)
{
	struct source *src = arena_alloc(sizeof(*src));
	src->name = arena_strdup(name);
	src->text = arena_strndup(text, len);
	src->len = len;
	index_lines(src);
	if (!validate(src, d))
		return NULL;
	return src;
}

const char *source_file_kind(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a folder";
	case S_IFIFO: return "a FIFO (named pipe)";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFSOCK: return "a socket";
	case S_IFLNK: return "a symbolic link";
	default: return "not a regular file";
	}
}

int source_open_regular(const char *path, const char *what, struct diag *d)
{
	struct loc whole = { .file = arena_strdup(path) };
	struct stat st, fst;
	const char *sep = what ? " " : "";
	if (stat(path, &st) != 0) {
		diag_error(d, whole, "io", "cannot open%s%s: %s", sep, what ? what : "", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(d, whole, "io", "cannot read: it is %s, not a %s",
			   source_file_kind(st.st_mode), what ? what : "policy file");
		return -1;
	}
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_error(d, whole, "io", "cannot open%s%s: %s", sep, what ? what : "", strerror(errno));
		return -1;
	}
	if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
		diag_error(d, whole, "io", "cannot read: it changed while being opened");
		close(fd);
		return -1;
	}
	return fd;
}

struct source *source_load(const char *path, struct diag *d, int *io_error)
{
	struct loc whole = { .file = arena_strdup(path) };
	*io_error = 1;
	int fd = source_open_regular(path, NULL, d);
	if (fd < 0)
		return NULL;
	struct strbuf sb = { 0 };
	char buf[65536];
	for (;;) {
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_error(d, whole, "io", "read error: %s", strerror(errno));
			break;
		}
		if (got == 0) {
			*io_error = 0;
			break;
		}
		if (sb.len + (size_t)got > SOURCE_MAX_BYTES) {
			whole.line = 1, whole.col = 1;
			diag_error(d, whole, "too-large",
				   "policy file is larger than the %u MiB limit",
				   SOURCE_MAX_BYTES / (1024 * 1024));
			break;
		}
		sb_putn(&sb, buf, (size_t)got);
	}
	close(fd);
	if (*io_error) {
		sb_free(&sb);
		return NULL;
	}
	struct source *src = source_from_string(path, sb.s ? sb.s : "", sb.len, d);
	sb_free(&sb);
	return src;
}

struct loc source_loc(const struct source *src, size_t off)
{
	struct loc l = { .src = src, .file = src->name };
	int lo = 0, hi = src->nlines - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (src->line_off[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	l.line = lo + 1;
	l.col = (int)(off - src->line_off[lo]) + 1;
	return l;
}

struct loc source_loc_lc(const struct source *src, int line, int col)
{
	struct loc l = { .src = src, .file = src->name, .line = line, .col = col };
	return l;
}

const char *source_line(const struct source *src, int line, size_t *len)
{
	if (line < 1 || line > src->nlines) {
		*len = 0;
		return "";
	}
	size_t start = src->line_off[line - 1];
	size_t end = start;
	while (end < src->len && src->text[end] != '\n' && src->text[end] != '\r')
		end++;
	*len = end - start;
	return src->text + start;
}

size_t source_offset(const struct loc *loc)
{
	if (!loc->src || loc->line < 1 || loc->line > loc->src->nlines)
		return 0;
	size_t off = loc->src->line_off[loc->line - 1] + (size_t)(loc->col - 1);
	return off > loc->src->len ? loc->src->len : off;
}
