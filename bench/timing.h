/* SPDX-License-Identifier: GPL-2.0-only */
/* timing.h - what the VM timing programs of bench/ (open-close.c,
 * scale-ops.c) share: a monotonic clock in ns, and timing one command
 * (fork, exec, wait), printed as "elapsed: N ns" on stderr. */
#ifndef BPFCON_BENCH_TIMING_H
#define BPFCON_BENCH_TIMING_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Runs argv, prints how long it took; returns its exit status (127: not
 * run, 128 + N: killed by signal N). */
static int time_cmd(const char *prog, char **argv)
{
	double t0 = now_ns();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s: %s\n", prog, argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0) {
		fprintf(stderr, "%s: waitpid: %s\n", prog, strerror(errno));
		return 1;
	}
	fprintf(stderr, "elapsed: %.0f ns\n", now_ns() - t0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#endif
