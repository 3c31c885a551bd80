// SPDX-License-Identifier: GPL-2.0-only
/* list.c - `bpfcon list` (loaded policies, read from their pinned meta
 * and config maps) and `bpfcon unload NAME` (removing a policy's pins,
 * which detaches its programs). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "dispatch.h"
#include "pins.h"
#include "util.h"

int cmd_list(int argc, char **argv)
{
	int r = rt_parse_help(argc, argv, "list", "Usage: bpfcon list\n", false);
	if (r >= 0)
		return r;
	if (optind < argc)
		return rt_usage("list: unexpected argument '%s'", argv[optind]);
	char **names = pins_policies();
	if (!names) {
		if (errno == ENOENT) {
			fprintf(stderr, "%s: no policy is loaded\n", rt_prog);
			return RT_OK;
		}
		rt_err("%s: %s", BPFCON_PIN_ROOT, strerror(errno));
		return RT_FAIL;
	}
	int ret = RT_OK;
	if (!names[0])
		fprintf(stderr, "%s: no policy is loaded\n", rt_prog);
	else
		printf("%-24s %-8s %6s  %s\n", "NAME", "MODE", "RULES", "LOADED");
	for (char **n = names; *n; n++) {
		struct pinned p;
		if (pinned_open(*n, 0, &p)) {
			ret = RT_FAIL;
			continue;
		}
		char when[64];
		rt_format_time(p.config.loaded_ns, when, sizeof(when), false);
		long rules = p.meta.nrules_decl >= 0 ? p.meta.nrules_decl : (long)p.meta.nrules;
		__u64 st[BPFCON_STATE_N];
		bool complain = pinned_state(*n, st) == 0 ? st[BPFCON_STATE_COMPLAIN] != 0 :
							    p.config.complain;	/* in force */
		printf("%-24s %-8s %6ld  %s\n", *n, complain ? "complain" : "enforce", rules, when);
		pinned_close(&p);
	}
	pins_free_names(names);
	return ret;
}

int cmd_unload(int argc, char **argv)
{
	int h = rt_parse_help(argc, argv, "unload", "Usage: bpfcon unload NAME\n", false);
	if (h >= 0)
		return h;
	if (argc - optind != 1)
		return rt_usage(optind == argc ? "unload: missing NAME" : "unload: one policy at a time");
	const char *name = argv[optind];
	if (!rt_valid_name(name))
		return rt_usage("unload: '%s' is not a policy name", name);
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/%s", BPFCON_PIN_ROOT, name);
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		if (errno == EACCES)
			rt_err("unload: %s: %s (unloading needs root)", dir, strerror(errno));
		else
			rt_err("policy %s is not loaded", name);
		return RT_FAIL;
	}
	int lock = pins_lock();
	if (lock < 0)
		return RT_FAIL;
	int r = dispatch_unload(name);
	close(lock);
	if (r) {
		rt_err("unload %s: %s", name, strerror(-r));
		return RT_FAIL;
	}
	printf("unloaded %s\n", name);
	return RT_OK;
}
