// SPDX-License-Identifier: GPL-2.0-only
/* info.c - `bpfcon info OBJ`: the self-description of an object file,
 * read from the file alone (works anywhere, no root, no kernel). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "objfile.h"
#include "util.h"

static void field(const char *key, const char *val)
{
	printf("%-10s %s\n", key, val && *val ? val : "-");
}

int cmd_info(int argc, char **argv)
{
	int r = rt_parse_help(argc, argv, "info", "Usage: bpfcon info OBJ\n", false);
	if (r >= 0)
		return r;
	if (argc - optind != 1)
		return rt_usage(optind == argc ? "info: missing OBJ" : "info: one object at a time");
	struct objfile o;
	if (objfile_read(argv[optind], &o))
		return RT_FAIL;
	const struct meta *m = &o.meta;
	char buf[64];
	field("name", m->name);
	field("command", m->command);
	field("source", m->source);
	field("sha256", m->sha256);
	field("compiler", m->compiler);
	field("default", m->deflt);
	field("mode", o.config.complain ? "complain" : "enforce");
	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)o.config.policy_id);
	field("policy-id", buf);
	snprintf(buf, sizeof(buf), "%u", o.config.abi);
	field("abi", buf);
	snprintf(buf, sizeof(buf), "%ld",
		 m->nrules_decl >= 0 ? m->nrules_decl : (long)m->nrules);
	field("rules", buf);
	for (size_t i = 0; i < m->nmounts; i++) {
		snprintf(buf, sizeof(buf), "mount %zu", i);
		field(buf, m->mounts[i]);
	}
	printf("%-10s", "programs");
	for (size_t i = 0; i < o.nprogs; i++)
		printf(" %s", o.progs[i]);
	printf("%s\n", o.nprogs ? "" : " -");
	for (size_t i = 0; i < m->nrules; i++)
		printf("rule %-5ld %s %s\n", m->rules[i].id, m->rules[i].loc, m->rules[i].text);
	objfile_free(&o);
	return RT_OK;
}
