// SPDX-License-Identifier: GPL-2.0-only
/* fuzz_objinfo.c - libFuzzer harness: what `bpfcon info OBJ` does on a
 * hostile object file: runtime/objfile.c (libelf: truncated ELF, wrong
 * section sizes, missing sections) and runtime/meta.c (the
 * self-description: a lying rule count, bad numbers, huge ids).  The input
 * is the whole file, handed over through a memfd.  The first byte picks a
 * mode: odd, the input is the file as is; even, the rest is the text of
 * .rodata.bpfcon, parsed by meta_parse() directly. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "objfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (!(data[0] & 1)) {
		struct meta m;
		char err[256];
		if (meta_parse((const char *)data + 1, size - 1, &m, err, sizeof(err)) == 0) {
			for (size_t i = 0; i < m.nrules; i++)
				meta_rule(&m, m.rules[i].id);
			meta_rule(&m, -1);
			meta_free(&m);
		}
		return 0;
	}
	int fd = memfd_create("fuzz-obj", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		struct objfile o;
		if (objfile_read(path, &o) == 0)
			objfile_free(&o);
	}
	close(fd);
	return 0;
}
