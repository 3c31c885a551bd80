// SPDX-License-Identifier: GPL-2.0-only
/* main.c - the bpfcon command: dispatch on argv[0] (bpfcon-load is
 * `bpfcon load`) and on the subcommand, --help and --version. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "util.h"

#ifndef BPFCON_VERSION
#define BPFCON_VERSION "0.1.0"
#endif

static const char help_text[] =
	"Usage: bpfcon COMMAND [ARGS]\n"
	"Loads, lists and runs bpfcon confinement policies (objects made by bpfcc).\n"
	"\n"
	"Commands:\n"
	"  load OBJ [--complain]  check OBJ, fill in this machine's devices and\n"
	"                         inodes, load it, attach it and pin it under\n"
	"                         /sys/fs/bpf/bpfcon/NAME, replacing a loaded\n"
	"                         version without a gap (root; also `bpfcon-load`)\n"
	"  unload NAME            detach and remove a loaded policy (root)\n"
	"  list                   loaded policies: name, mode, rules, load time (root)\n"
	"  info OBJ               print the self-description of an object file\n"
	"                         without loading it (no root, no kernel needed)\n"
	"  logs [-f] [--json | --journal]\n"
	"                         print the events of every loaded policy, one\n"
	"                         key=value record a line; -f keeps following,\n"
	"                         --json prints JSON, --journal sends them to the\n"
	"                         systemd journal (root)\n"
	"  learn NAME [-o FILE] -- CMD...\n"
	"                         run CMD under a complain-mode skeleton policy and\n"
	"                         write a policy allowing what it did (root)\n"
	"  logprof NAME [FILE]    the rules that would allow what NAME's log records\n"
	"                         (FILE or standard input) show denied, generalized\n"
	"  run NAME -- CMD...     run CMD confined by the loaded policy NAME (any\n"
	"                         user); refuses to run CMD if NAME is not loaded\n"
	"  apply [DIR]            compile what changed in DIR (default\n"
	"                         /etc/bpfcon/policies.d), load new and changed\n"
	"                         policies, unload those whose files are gone (root)\n"
	"  status [--format=text|json|prometheus]\n"
	"                         the BPF LSM, each loaded policy with its mode,\n"
	"                         rules, source, processes, counts, lost events (root)\n"
	"  complain NAME, enforce NAME\n"
	"                         switch loaded policy NAME's mode in place (root)\n"
	"  doctor                 check what enforcement needs on this machine\n"
	"                         (kernel, BTF, bpf in the LSM list, bpffs, pins)\n"
	"                         and print the fix for what is missing\n"
	"  --help, --version\n"
	"\n"
	"Exit status:\n"
	"  0  done\n"
	"  1  the operation failed (not a bpfcon object, rejected by the kernel,\n"
	"     policy not loaded, ...)\n"
	"  2  usage error\n"
	"  run: the exit status of CMD; 127 if CMD is not found, 126 if it cannot\n"
	"  be executed, 1 if the policy is not loaded\n"
	"\n"
	"Environment: BPFCON_VERBOSE=1 (load) shows libbpf's messages.\n"
	"See bpfcon(1) and docs/object-format.md.\n";

static const char help_load_text[] =
	"Usage: bpfcon-load OBJ [--complain] [--verifier-stats | --verify-only]\n"
	"       bpfcon load OBJ [--complain]\n"
	"Checks the bpfcon object OBJ, fills in this machine's mount devices and\n"
	"the command's inode, loads and attaches every program and pins the\n"
	"policy under /sys/fs/bpf/bpfcon/NAME (replacing a loaded version without\n"
	"a gap).  --complain: log what would be denied, deny nothing.\n"
	"--verifier-stats: print each program's verifier figures (processed\n"
	"instructions against the kernel's limit of 1,000,000, peak states).\n"
	"--verify-only: load into the kernel to run the verifier, print the\n"
	"figures, attach and pin nothing.\n"
	"Before loading, the kernel is checked for the BPF LSM in its active LSM\n"
	"list, BTF, every hook and helper the object needs: what is missing is\n"
	"named in one line, with its fix.\n"
	"Exit status: 0 loaded, 1 failed (nothing is left attached), 2 usage error.\n";

int help_load(void)
{
	fputs(help_load_text, stdout);
	return RT_OK;
}

struct cmd {
	const char *name;
	int (*fn)(int, char **);
};

static const struct cmd cmds[] = {
	{ "load", cmd_load },	{ "unload", cmd_unload }, { "list", cmd_list },
	{ "info", cmd_info },	{ "logs", cmd_logs },	  { "run", cmd_run },
	{ "apply", cmd_apply },	{ "logprof", cmd_logprof }, { "learn", cmd_learn },
	{ "doctor", cmd_doctor }, { "status", cmd_status }, { "complain", cmd_complain },
	{ "enforce", cmd_enforce },
};

int main(int argc, char **argv)
{
	char *base = basename(argv[0] ? argv[0] : "bpfcon");
	if (!strcmp(base, "bpfcon-load")) {
		rt_prog = "bpfcon-load";
		/* argv[0] stands in for the subcommand name */
		return cmd_load(argc, argv);
	}
	/* Options before the command; the command parses its own. */
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int o;
	optind = 0;
	while ((o = rt_getopt(argc, argv, "+h", opts, "")) != -1) {
		if (o == 'h') {
			fputs(help_text, stdout);
			return RT_OK;
		}
		if (o != 'V')
			return RT_USAGE;
		printf("bpfcon %s\n", BPFCON_VERSION);
		return RT_OK;
	}
	if (optind >= argc)
		return rt_usage("missing command");
	const char *c = argv[optind];
	if (!strcmp(c, "help")) {
		fputs(help_text, stdout);
		return RT_OK;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(c, cmds[i].name))
			return cmds[i].fn(argc - optind, argv + optind);
	return rt_usage("unknown command '%s'", c);
}
