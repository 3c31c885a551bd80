/* SPDX-License-Identifier: GPL-2.0-only */
/* util.h - memory and string helpers shared by every bpfcc pass.
 *
 * bpfcc is a short-lived compiler: everything that lives as long as a policy
 * (the IR, names, messages) is taken from one arena that is released at exit,
 * so passes never free what they build.  Growable buffers (struct strbuf) use
 * malloc and are freed by their owner. */
#ifndef BPFCC_UTIL_H
#define BPFCC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Arena: zeroed memory that stays valid until the process exits. */
void *arena_alloc(size_t size);
char *arena_strdup(const char *s);
char *arena_strndup(const char *s, size_t n);
char *arena_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *arena_vprintf(const char *fmt, va_list ap);
/* Release the whole arena; called once at exit (registered by main). */
void arena_release(void);

/* Growable array in the arena: *v has *cap slots of elem_size bytes;
 * makes room for one more element and returns a pointer to slot *n (zeroed). */
void *arena_grow(void *v_ptr, size_t *n, size_t *cap, size_t elem_size);

/* Heap string buffer. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_putc(struct strbuf *sb, char c);
void sb_putn(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes s as a JSON string literal, quotes included (json.h escapes it). */
void sb_json_string(struct strbuf *sb, const char *s);
/* Returns the contents copied into the arena and frees the buffer. */
char *sb_finish(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* Out of memory or a broken invariant: message to stderr, exit 2. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Levenshtein distance, capped at cap+1 (used for "did you mean"). */
int edit_distance(const char *a, const char *b, int cap);

#endif
