// SPDX-License-Identifier: GPL-2.0-only
/* learn.c - `bpfcon learn NAME [-o FILE] [--bpfcc PATH] -- CMD [ARG]...`
 * (AppArmor's aa-genprof): writes a policy for CMD that allows what one
 * run of it did.  Steps:
 *   1. a skeleton NAME.pol in a temporary folder: #![profile CMD] and
 *      #![default deny], compiled by bpfcc;
 *   2. loaded in complain mode (nothing is denied, everything is logged);
 *   3. CMD run confined by it (`bpfcon run NAME -- CMD...`), its events
 *      read from the policy's ring buffer while it runs;
 *   4. the policy unloaded, and the skeleton written to FILE (NAME.pol by
 *      default) with the rules `bpfcon logprof` makes of the events.
 * Needs root; refuses a NAME that is loaded already. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "cmds.h"
#include "events.h"
#include "logprof.h"
#include "pins.h"
#include "util.h"

static const char learn_usage[] =
	"Usage: bpfcon learn NAME [-o FILE] [--bpfcc PATH] -- CMD [ARG]...\n"
	"Runs CMD under a complain-mode skeleton policy NAME and writes a policy\n"
	"that allows what it did (rules generalized as by `bpfcon logprof`),\n"
	"to FILE (default NAME.pol).  Root.\n"
	"  -o, --output FILE  where to write the policy ('-': standard output)\n"
	"  --bpfcc PATH       the compiler (default: $BPFCC, else the bpfcc beside\n"
	"                     this program, else bpfcc in PATH)\n";

struct collect {
	struct pinned p;
	FILE *log;		/* the records, in memory */
	int64_t boot_offset;
	unsigned events;
};

static int on_event(void *ctx, void *data, size_t size)
{
	struct collect *c = ctx;
	struct bpfcon_event ev;
	memset(&ev, 0, sizeof(ev));
	memcpy(&ev, data, size < sizeof(ev) ? size : sizeof(ev));
	ev.comm[sizeof(ev.comm) - 1] = '\0';
	ev.object[sizeof(ev.object) - 1] = '\0';
	struct ev_record r;
	event_record(&r, &ev, c->p.name, &c->p.meta, c->boot_offset);
	event_print_kv(c->log, &r, false);
	c->events++;
	return 0;
}

/* bpfcc SRC -o OUT, its messages on stderr.  Returns its exit status. */
static int compile(const char *bpfcc, const char *src, const char *out)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return 127;
	if (pid == 0) {
		execlp(bpfcc, bpfcc, src, "-o", out, (char *)NULL);
		fprintf(stderr, "%s: cannot run %s: %s\n", rt_prog, bpfcc, strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs CMD confined by NAME, reading events until it exits.  Returns its
 * exit status. */
static int run_and_collect(struct ring_buffer *rb, const char *name, char **cmd, int ncmd)
{
	char **argv = xcalloc((size_t)ncmd + 4, sizeof(char *));
	argv[0] = "run";
	argv[1] = (char *)name;
	argv[2] = "--";
	for (int i = 0; i < ncmd; i++)
		argv[3 + i] = cmd[i];
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		free(argv);
		rt_err("fork: %s", strerror(errno));
		return RT_FAIL;
	}
	if (pid == 0)
		_exit(cmd_run(ncmd + 3, argv));
	free(argv);
	int st = 0;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		ring_buffer__poll(rb, 100);
		ring_buffer__consume(rb);	/* what woke nobody (bpfcon_common.h) */
	}
	ring_buffer__consume(rb);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int cmd_learn(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "bpfcc", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *output = NULL, *bpfcc_opt = NULL;
	int c;
	optind = 0;
	/* Options anywhere before "--", which getopt moves before NAME. */
	while ((c = rt_getopt(argc, argv, "o:h", opts, "learn")) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'b': bpfcc_opt = optarg; break;
		case 'h': fputs(learn_usage, stdout); return RT_OK;
		default: return RT_USAGE;
		}
	}
	if (optind >= argc)
		return rt_usage("learn: missing NAME");
	const char *name = argv[optind];
	if (!rt_valid_name(name))
		return rt_usage("learn: '%s' is not a policy name", name);
	if (strcmp(argv[optind - 1], "--"))
		return rt_usage("learn: expected '--' after NAME");
	char **cmd = argv + optind + 1;
	int ncmd = argc - optind - 1;
	if (ncmd < 1)
		return rt_usage("learn: missing CMD after '--'");

	char exe[PATH_MAX], buf[PATH_MAX], bbuf[PATH_MAX];
	const char *found = rt_which(cmd[0], buf, sizeof(buf));
	if (!found || !realpath(found, exe)) {
		rt_err("%s: command not found", cmd[0]);
		return RT_FAIL;
	}
	char esc[2 * PATH_MAX];
	if (!logprof_dsl_string(exe, esc, sizeof(esc))) {
		rt_err("%s: the path is not text a policy can name", exe);
		return RT_FAIL;
	}
	char **loaded = pins_policies();
	for (char **n = loaded; n && *n; n++)
		if (!strcmp(*n, name)) {
			pins_free_names(loaded);
			rt_err("policy %s is loaded; unload it or learn under another name", name);
			return RT_FAIL;
		}
	pins_free_names(loaded);

	/* 1. the skeleton */
	char dir[] = "/tmp/bpfcon-learn-XXXXXX", src[PATH_MAX], obj[PATH_MAX];
	if (!mkdtemp(dir)) {
		rt_err("mkdtemp: %s", strerror(errno));
		return RT_FAIL;
	}
	snprintf(src, sizeof(src), "%s/%s.pol", dir, name);
	snprintf(obj, sizeof(obj), "%s/%s.bpf.o", dir, name);
	/* The policy is NAME (#![name]): bpfcc would otherwise name it after
	 * the command, and its pins would not be where learn looks. */
	char nesc[2 * 256];
	if (!logprof_dsl_string(name, nesc, sizeof(nesc))) {
		rt_err("%s: not a name a policy can have", name);
		return RT_FAIL;
	}
	char skeleton[sizeof(esc) * 2 + sizeof(nesc) + 512];
	snprintf(skeleton, sizeof(skeleton),
		 "// %s: learned by bpfcon learn from one run of \"%s\"\n"
		 "#![profile \"%s\"]\n#![name \"%s\"]\n#![default deny]\n\n", name, esc, esc, nesc);
	int ret = RT_FAIL, loaded_ok = 0;
	struct collect col = { .p.events_fd = -1, .p.lost_fd = -1 };
	struct ring_buffer *rb = NULL;
	char *logbuf = NULL;
	size_t loglen = 0;
	FILE *f = fopen(src, "w");
	if (!f || fputs(skeleton, f) < 0 || fclose(f)) {
		rt_err("%s: %s", src, strerror(errno));
		goto out;
	}
	const char *bpfcc = rt_find_bpfcc(bpfcc_opt, bbuf, sizeof(bbuf));
	if (compile(bpfcc, src, obj)) {
		rt_err("learn: %s could not compile the skeleton policy", bpfcc);
		goto out;
	}
	/* 2. loaded in complain mode */
	char *load_argv[] = { "load", obj, "--complain", NULL };
	if (rt_fork_cmd(cmd_load, 3, load_argv, true) != RT_OK)
		goto out;
	loaded_ok = 1;
	if (pinned_open(name, 1, &col.p))
		goto out;
	col.log = open_memstream(&logbuf, &loglen);
	col.boot_offset = rt_boot_to_real_offset();
	rb = col.log ? ring_buffer__new(col.p.events_fd, on_event, &col, NULL) : NULL;
	if (!rb) {
		rt_err("policy %s: cannot read its events", name);
		goto out;
	}
	/* 3. the run */
	int status = run_and_collect(rb, name, cmd, ncmd);
	__u64 lost = pinned_lost(&col.p);
	fprintf(stderr, "%s: %s exited with status %d; %u events", rt_prog, cmd[0], status,
		col.events);
	if (lost)
		fprintf(stderr, ", %llu lost (the policy may miss rules: run learn again)",
			(unsigned long long)lost);
	fputc('\n', stderr);
	fclose(col.log);
	col.log = NULL;

	/* 4. the policy */
	char path[PATH_MAX];
	if (!output)
		snprintf(path, sizeof(path), "%s.pol", name);
	else
		snprintf(path, sizeof(path), "%s", output);
	FILE *out = strcmp(path, "-") ? fopen(path, "w") : stdout;
	static char none[] = "\n";	/* fmemopen wants at least one byte */
	FILE *in = loglen ? fmemopen(logbuf, loglen, "r") : fmemopen(none, 1, "r");
	if (!out || !in) {
		rt_err("%s: %s", path, strerror(errno));
		if (in)
			fclose(in);
		if (out && out != stdout)
			fclose(out);
		goto out;
	}
	fputs(skeleton, out);
	int nrules = logprof_run(in, name, out);
	fclose(in);
	if (out != stdout && fclose(out)) {
		rt_err("%s: %s", path, strerror(errno));
		goto out;
	}
	fprintf(stderr, "%s: wrote %s (%d rules); review it, then bpfcc %s -o %s.bpf.o\n",
		rt_prog, path, nrules, path, name);
	ret = RT_OK;
out:
	ring_buffer__free(rb);
	if (col.log)
		fclose(col.log);
	free(logbuf);
	if (col.p.name)
		pinned_close(&col.p);
	if (loaded_ok) {
		char *unload_argv[] = { "unload", (char *)name, NULL };
		rt_fork_cmd(cmd_unload, 2, unload_argv, true);
	}
	unlink(obj);
	unlink(src);
	rmdir(dir);
	return ret;
}
