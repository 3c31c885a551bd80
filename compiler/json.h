/* SPDX-License-Identifier: GPL-2.0-only */
/* json.h - the one JSON writer of bpfcon: bpfcc's lint output (JSON and
 * SARIF) and the runtime's event log (`bpfcon logs --json`) both write
 * through it, so every string is escaped the same way and the output is
 * valid JSON whatever bytes a path or a message holds.
 *
 * Strings: '"' and '\' are escaped, control characters (U+0000-U+001F)
 * and DEL become \b \f \n \r \t or \u00XX, valid UTF-8 is copied as it
 * is, and every byte that is not part of a valid UTF-8 sequence (a stray
 * continuation byte, an overlong form, a surrogate, a truncated sequence)
 * becomes \u00XX, its value read as Latin-1 (byte 0xff is "\u00ff").  A
 * reader cannot tell such a byte from the character U+00XX written in
 * UTF-8; the output is still always valid JSON.
 *
 * The writer adds the commas and, for containers opened less than `wrap`
 * levels deep, line breaks and two-space indentation. */
#ifndef BPFCON_JSON_H
#define BPFCON_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *out;
	int depth;			/* open containers */
	int wrap;			/* containers at depth < wrap: one member a line */
	bool spaced;			/* ": " and ", " rather than ":" and "," */
	bool after_key;			/* a key was written, its value comes next */
	bool nonempty[JSON_MAX_DEPTH];	/* the container at this depth has a member */
	char close[JSON_MAX_DEPTH];	/* '}' or ']' */
};

/* A writer to OUT.  wrap 0 and spaced false: one compact line. */
void json_init(struct json *j, FILE *out, int wrap, bool spaced);

void json_object(struct json *j);	/* { */
void json_array(struct json *j);	/* [ */
void json_end(struct json *j);		/* } or ], whichever is open */
/* The key of the next member of the open object. */
void json_key(struct json *j, const char *key);

void json_str(struct json *j, const char *s);		/* NULL writes null */
void json_strn(struct json *j, const char *s, size_t max); /* at most max bytes, up to a NUL */
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* A value written by printf: the caller vouches it is one JSON value. */
void json_rawf(struct json *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* key and string value in one call. */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);

/* The escaping alone: S (at most MAX bytes, up to a NUL) as a JSON string
 * literal, quotes included. */
void json_write_string(FILE *out, const char *s, size_t max);

/* Length of the valid UTF-8 sequence starting at S (N bytes available):
 * 1-4, or 0 if S does not start one. */
size_t json_utf8_len(const unsigned char *s, size_t n);

#endif
