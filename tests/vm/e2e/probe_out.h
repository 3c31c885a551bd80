/* SPDX-License-Identifier: GPL-2.0-only */
/* probe_out.h - how the e2e test programs (the .c files of tests/vm/e2e) report: one
 * line per result, "ok" or the errno's name, written with write(2) only
 * (unbuffered, and stdio might fstat the descriptor: an access of its own),
 * so that the lines of forked and exec'd programs keep their order.
 * Included by each program; not a program itself. */
#ifndef E2E_PROBE_OUT_H
#define E2E_PROBE_OUT_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int failed;	/* some result was an error: the exit status */

static void say(const char *s)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "%s\n", s);
	(void)!write(1, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* EPERM, ENOENT ... or E<number>. */
static const char *err_name(int e)
{
	static char buf[32];
	const char *n = strerrorname_np(e);
	if (n)
		return n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

/* Prints ok (r >= 0) or the name of errno; returns r. */
static long res(long r)
{
	if (r >= 0) {
		say("ok");
	} else {
		say(err_name(errno));
		failed = 1;
	}
	return r;
}

#endif
