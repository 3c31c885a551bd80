/* SPDX-License-Identifier: GPL-2.0-only */
/* objfile.h - reads a bpfcon object file without loading it (libelf
 * only, no privileges, no kernel): its self-description, its config and
 * its program sections; checks that it is a bpfcon object. */
#ifndef BPFCON_RT_OBJFILE_H
#define BPFCON_RT_OBJFILE_H

#include <stddef.h>
#include <linux/types.h>

#include "bpfcon_abi.h"
#include "meta.h"

struct objfile {
	struct meta meta;
	struct bpfcon_config config;	/* as compiled */
	size_t nprogs;
	char **progs;			/* program section names: "lsm/file_open", "uprobe" */
};

/* Reads and checks PATH (step 1 of docs/object-format.md "Loading"):
 * an ELF BPF object whose .rodata.bpfcon starts with "bpfcon 1" and whose
 * .rodata.config has the right magic, ABI version and policy id.  Returns
 * 0, or -1 after printing an error naming PATH. */
int objfile_read(const char *path, struct objfile *o);
void objfile_free(struct objfile *o);

#endif
