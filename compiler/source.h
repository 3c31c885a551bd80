/* SPDX-License-Identifier: GPL-2.0-only */
/* source.h - policy source files: loading with input validation, and
 * source locations (file, line, column) that every diagnostic points at. */
#ifndef BPFCC_SOURCE_H
#define BPFCC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

/* Largest policy file bpfcc reads. */
#define SOURCE_MAX_BYTES (4u * 1024 * 1024)

struct source {
	const char *name;	/* as given on the command line */
	const char *text;	/* NUL-terminated copy of the file */
	size_t len;
	size_t *line_off;	/* offset of the first byte of each line */
	int nlines;
	/* Set for a file read through an include statement: where that
	 * statement is (in the including file).  NULL for the policy itself. */
	const struct loc *included_from;
};

/* A place in a source.  line and col are 1-based; col counts bytes.
 * src may be NULL (e.g. a file that could not be read): then only file
 * (and possibly line/col) is meaningful.  line == 0 means "the whole file". */
struct loc {
	const struct source *src;
	const char *file;
	int line, col;
};

struct diag;

/* Reads and validates a file (size limit, NUL bytes, UTF-8).  On failure
 * reports an error to d and returns NULL.  io_error is set to 1 when the file
 * could not be read as a whole: missing, unreadable, not a regular file
 * (a folder, FIFO or device is refused without blocking on it) or larger
 * than SOURCE_MAX_BYTES (every bpfcc command exits 2 for these); 0
 * otherwise (what it holds is then checked: NUL bytes, UTF-8). */
struct source *source_load(const char *path, struct diag *d, int *io_error);

/* What a stat mode is, for messages: "a folder", "a FIFO (named pipe)" ... */
const char *source_file_kind(unsigned mode);

/* Opens path for reading if it is a regular file, without blocking on a
 * FIFO or device: stat first, then open with O_NONBLOCK and check that it
 * is still what was stat'ed.  Returns the descriptor, or -1 after
 * reporting "cannot open WHAT: ..." or "cannot read: it is a folder, not a
 * WHAT" to d, check "io" (WHAT e.g. "mount table"; NULL: a policy file,
 * "cannot open: ..."). */
int source_open_regular(const char *path, const char *what, struct diag *d);

/* A source made from a string (e.g. an explain REQUEST); validated likewise.
 * Returns NULL after reporting to d when the text is not valid. */
struct source *source_from_string(const char *name, const char *text, size_t len,
				  struct diag *d);

/* Location of byte offset off. */
struct loc source_loc(const struct source *src, size_t off);
/* Location from a line and column (1-based). */
struct loc source_loc_lc(const struct source *src, int line, int col);
/* Text of line (1-based) without its newline; *len receives its length. */
const char *source_line(const struct source *src, int line, size_t *len);
/* Is s[0..n) valid UTF-8? */
bool source_valid_utf8(const char *s, size_t n);
/* Byte offset of a location. */
size_t source_offset(const struct loc *loc);

#endif
