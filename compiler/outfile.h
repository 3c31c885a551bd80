/* SPDX-License-Identifier: GPL-2.0-only */
/* outfile.h - the file bpfcc writes (-o): what it may replace, and
 * writing it through a temporary in the same folder that is renamed over
 * it only when everything succeeded, so no user file is destroyed. */
#ifndef BPFCC_OUTFILE_H
#define BPFCC_OUTFILE_H

#include <stdbool.h>

struct outfile {
	const char *path;	/* as given */
	const char *final;	/* what is replaced: path, or a symlink's target */
	const char *tmp;	/* the temporary, created by outfile_open */
	int fd;			/* open on tmp, or -1 */
};

/* Checks that path may be written and creates the temporary beside it.
 * Refused: the input itself (same device and inode, through any path or
 * symlink), a folder, FIFO, device or socket, a dangling symlink, and for
 * an object (object = true) an existing non-empty file that is not an ELF
 * BPF object; a folder that is missing or can't be written.  On refusal
 * prints one line "bpfcc: ..." to stderr and returns false. */
bool outfile_open(struct outfile *o, const char *path, const char *input, bool object);

/* Renames the temporary over the final name (closing fd first); false
 * after printing "bpfcc: cannot write ..." (the temporary is removed). */
bool outfile_commit(struct outfile *o);

/* Removes the temporary. */
void outfile_abort(struct outfile *o);

#endif
