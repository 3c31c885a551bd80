// SPDX-License-Identifier: GPL-2.0-only
/* json.c - the JSON writer of bpfcc and bpfcon (see json.h).  No
 * dependencies beyond libc: the runtime links it as it is. */
#include "json.h"

#include <stdarg.h>
#include <string.h>

size_t json_utf8_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned lo = 0x80, hi = 0xbf;	/* allowed range of the second byte */
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* no overlong forms */
		else if (c == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

void json_write_string(FILE *out, const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strnlen(str, max);
	fputc('"', out);
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		const char *esc = NULL;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc) {
			fputs(esc, out);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\u%04x", c);
			i++;
			continue;
		}
		size_t len = json_utf8_len(s + i, n - i);
		if (!len) {
			fprintf(out, "\\u%04x", c);
			i++;
			continue;
		}
		fwrite(s + i, 1, len, out);
		i += len;
	}
	fputc('"', out);
}

void json_init(struct json *j, FILE *out, int wrap, bool spaced)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->wrap = wrap;
	j->spaced = spaced;
}

static void newline(struct json *j, int depth)
{
	fputc('\n', j->out);
	for (int i = 0; i < depth; i++)
		fputs("  ", j->out);
}

/* Before a value or a key: the comma and the line break it needs. */
static void before(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	int d = j->depth - 1;
	if (j->nonempty[d])
		fputs(j->spaced && d >= j->wrap ? ", " : ",", j->out);
	j->nonempty[d] = true;
	if (d < j->wrap)
		newline(j, j->depth);
}

static void open_container(struct json *j, char o, char c)
{
	before(j);
	fputc(o, j->out);
	if (j->depth < JSON_MAX_DEPTH) {
		j->nonempty[j->depth] = false;
		j->close[j->depth] = c;
	}
	j->depth++;
}

void json_object(struct json *j) { open_container(j, '{', '}'); }
void json_array(struct json *j) { open_container(j, '[', ']'); }

void json_end(struct json *j)
{
	if (j->depth == 0)
		return;
	int d = --j->depth;
	if (d >= JSON_MAX_DEPTH)
		return;
	if (j->nonempty[d] && d < j->wrap)
		newline(j, d);
	fputc(j->close[d], j->out);
	if (j->depth == 0 && j->wrap > 0)
		fputc('\n', j->out);
}

void json_key(struct json *j, const char *key)
{
	before(j);
	json_write_string(j->out, key, (size_t)-1);
	fputs(j->spaced ? ": " : ":", j->out);
	j->after_key = true;
}

void json_strn(struct json *j, const char *s, size_t max)
{
	if (!s) {
		json_null(j);
		return;
	}
	before(j);
	json_write_string(j->out, s, max);
}

void json_str(struct json *j, const char *s) { json_strn(j, s, (size_t)-1); }

void json_int(struct json *j, long long v)
{
	before(j);
	fprintf(j->out, "%lld", v);
}

void json_uint(struct json *j, unsigned long long v)
{
	before(j);
	fprintf(j->out, "%llu", v);
}

void json_bool(struct json *j, bool v)
{
	before(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
	before(j);
	fputs("null", j->out);
}

void json_rawf(struct json *j, const char *fmt, ...)
{
	va_list ap;
	before(j);
	va_start(ap, fmt);
	vfprintf(j->out, fmt, ap);
	va_end(ap);
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}
