// SPDX-License-Identifier: GPL-2.0-only
/* outfile.c - the file bpfcc writes (see outfile.h): refuses to replace
 * anything but an earlier output, checks the folder before any work is
 * done (a temporary is created there at once), and renames at the end. */
#include "outfile.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source.h"
#include "util.h"

/* Does the regular file at path start like an ELF object for BPF? */
static bool is_bpf_object(const char *path)
{
	unsigned char h[EI_NIDENT + 4];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t got = read(fd, h, sizeof(h));
	close(fd);
	if (got != (ssize_t)sizeof(h) || memcmp(h, ELFMAG, SELFMAG) != 0)
		return false;
	/* e_machine follows e_ident and the 2-byte e_type */
	unsigned machine = h[EI_DATA] == ELFDATA2MSB ? (unsigned)h[18] << 8 | h[19]
						     : (unsigned)h[19] << 8 | h[18];
	return machine == EM_BPF;
}

/* Prints "bpfcc: MESSAGE" as one line; returns false. */
static bool refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool refuse(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bpfcc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return false;
}

/* May the existing file o->final (stat st) be replaced? */
static bool may_replace(const struct outfile *o, const struct stat *st, const char *input,
			bool object)
{
	struct stat in;
	if (input && stat(input, &in) == 0 && in.st_dev == st->st_dev && in.st_ino == st->st_ino)
		return refuse("refusing to write %s: it is the input %s", o->path, input);
	if (!S_ISREG(st->st_mode))
		return refuse("refusing to replace %s: it is %s, not a regular file", o->path,
			      source_file_kind(st->st_mode));
	if (object && st->st_size > 0 && !is_bpf_object(o->final))
		return refuse("refusing to replace %s: it exists and is not a BPF object", o->path);
	return true;
}

bool outfile_open(struct outfile *o, const char *path, const char *input, bool object)
{
	o->path = o->final = path;
	o->tmp = NULL;
	o->fd = -1;
	if (!*path)
		return refuse("-o needs a file name");
	struct stat lst, st;
	if (lstat(path, &lst) == 0) {
		if (S_ISLNK(lst.st_mode)) {
			char *real = realpath(path, NULL);
			if (!real)
				return refuse("refusing to write %s: it is a symbolic link to nothing (%s)",
					      path, strerror(errno));
			o->final = arena_strdup(real);
			free(real);
		}
		if (stat(o->final, &st) == 0 && !may_replace(o, &st, input, object))
			return false;
	} else if (errno != ENOENT) {
		return refuse("cannot write %s: %s", path, strerror(errno));
	}
	const char *slash = strrchr(o->final, '/');
	const char *dir = slash ? (slash == o->final ? "/" : arena_strndup(o->final, (size_t)(slash - o->final)))
				: ".";
	char *tmp = arena_printf("%s/.%s.XXXXXX", strcmp(dir, "/") ? dir : "",
				 slash ? slash + 1 : o->final);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return refuse("cannot write %s: %s", path, strerror(errno));
	fcntl(fd, F_SETFD, FD_CLOEXEC);	/* not clang's */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		int err = errno;
		close(fd);
		unlink(tmp);
		return refuse("cannot write %s: %s", path, strerror(err));
	}
	o->tmp = tmp;
	o->fd = fd;
	return true;
}

bool outfile_commit(struct outfile *o)
{
	if (o->fd >= 0 && close(o->fd) != 0) {
		o->fd = -1;
		int err = errno;
		outfile_abort(o);
		return refuse("cannot write %s: %s", o->path, strerror(err));
	}
	o->fd = -1;
	if (rename(o->tmp, o->final) != 0) {
		int err = errno;
		outfile_abort(o);
		return refuse("cannot write %s: %s", o->path, strerror(err));
	}
	o->tmp = NULL;
	return true;
}

void outfile_abort(struct outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp)
		unlink(o->tmp);
	o->tmp = NULL;
}
