// SPDX-License-Identifier: GPL-2.0-only
/* objfile.c - a bpfcon object as a file: finds .rodata.bpfcon,
 * .rodata.config and the program sections with libelf and checks them
 * against the contract in bpf-templates/bpfcon_abi.h. */
#include "objfile.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

static bool is_prog_section(const char *name)
{
	return !strncmp(name, "lsm/", 4) || !strncmp(name, "lsm.s/", 6) ||
	       !strcmp(name, "uprobe") || !strncmp(name, "uprobe/", 7);
}

int objfile_read(const char *path, struct objfile *o)
{
	memset(o, 0, sizeof(*o));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rt_err("%s: %s", path, strerror(errno));
		return -1;
	}
	int ret = -1;
	Elf *elf = NULL;
	char err[256] = "";
	Elf_Data *meta = NULL, *config = NULL;
	size_t config_size = 0;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		rt_err("libelf: %s", elf_errmsg(-1));
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		rt_err("%s: not a bpfcon object: not an ELF file", path);
		goto out;
	}
	GElf_Ehdr eh;
	if (!gelf_getehdr(elf, &eh)) {
		rt_err("%s: not a bpfcon object: bad ELF header", path);
		goto out;
	}
	if (eh.e_machine != EM_BPF) {
		rt_err("%s: not a bpfcon object: not a BPF object (ELF machine %u)", path,
		       (unsigned)eh.e_machine);
		goto out;
	}
	size_t shstrndx;
	if (elf_getshdrstrndx(elf, &shstrndx)) {
		rt_err("%s: not a bpfcon object: no section names", path);
		goto out;
	}
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name)
			continue;
		if (!strcmp(name, BPFCON_META_SEC) && sh.sh_type == SHT_PROGBITS) {
			meta = elf_getdata(scn, NULL);
		} else if (!strcmp(name, BPFCON_CONFIG_SEC) && sh.sh_type == SHT_PROGBITS) {
			config = elf_getdata(scn, NULL);
			config_size = sh.sh_size;
		} else if (sh.sh_type == SHT_PROGBITS && (sh.sh_flags & SHF_EXECINSTR) &&
			   is_prog_section(name)) {
			o->progs = xrealloc(o->progs, (o->nprogs + 1) * sizeof(*o->progs));
			o->progs[o->nprogs++] = xstrdup(name);
		}
	}
	if (!meta || !meta->d_buf || meta->d_size == 0) {
		rt_err("%s: not a bpfcon object: no %s section", path, BPFCON_META_SEC);
		goto out;
	}
	if (meta_parse(meta->d_buf, meta->d_size, &o->meta, err, sizeof(err))) {
		rt_err("%s: not a bpfcon object: %s", path, err);
		goto out;
	}
	if (!config || !config->d_buf || config_size < sizeof(o->config) ||
	    config->d_size < sizeof(o->config)) {
		rt_err("%s: not a bpfcon object: no %s section of %zu bytes", path,
		       BPFCON_CONFIG_SEC, sizeof(o->config));
		goto out;
	}
	memcpy(&o->config, config->d_buf, sizeof(o->config));
	if (o->config.magic != BPFCON_MAGIC) {
		rt_err("%s: not a bpfcon object: bad magic 0x%08x in %s", path,
		       o->config.magic, BPFCON_CONFIG_SEC);
		goto out;
	}
	if (o->config.abi != BPFCON_ABI_VERSION) {
		rt_err("%s: bpfcon object of ABI version %u; this bpfcon handles version %u", path,
		       o->config.abi, BPFCON_ABI_VERSION);
		goto out;
	}
	if (o->config.policy_id != bpfcon_policy_id(o->meta.name)) {
		rt_err("%s: corrupt bpfcon object: policy id 0x%016llx is not the id of \"%s\"",
		       path, (unsigned long long)o->config.policy_id, o->meta.name);
		goto out;
	}
	if (o->config.nmounts > BPFCON_MAX_MOUNTS || o->config.nmounts != o->meta.nmounts) {
		rt_err("%s: corrupt bpfcon object: config has %u mounts, self-description %zu",
		       path, o->config.nmounts, o->meta.nmounts);
		goto out;
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	if (ret)
		objfile_free(o);
	return ret;
}

void objfile_free(struct objfile *o)
{
	meta_free(&o->meta);
	for (size_t i = 0; i < o->nprogs; i++)
		free(o->progs[i]);
	free(o->progs);
	memset(o, 0, sizeof(*o));
}
