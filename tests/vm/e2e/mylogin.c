// SPDX-License-Identifier: GPL-2.0-only
/* mylogin.c - the stand-in login program of the e2e suite
 * (suite-policies.sh), for policies/mylogin.pol: the password database is
 * read by check_login() and appended to by add_user(), two functions the
 * policy names with #[func], and the user's shell is run through a
 * #[transition] #[untaint] right.  Built static (with its symbols) by
 * tests/vm/e2e/run; installed in the VM as /usr/local/bin/mylogin and
 * copied to /usr/bin/mylogin.  Like probe, it does ops and prints "ok" or
 * the errno's name for each.
 *
 *   mylogin OP [ARG...] [+ OP [ARG...]]...   exit 0 if every OP succeeded
 *
 *   passwd             reads /etc/passwd (what looking a user up does)
 *   check USER         check_login(USER): reads /etc/shadow inside check_login
 *   shadow             reads /etc/shadow outside any function of the policy
 *   add NAME           add_user(NAME): appends NAME's line to /etc/passwd
 *                      inside add_user
 *   append NAME        the same append, outside add_user
 *   shell [ARG...]     execv("/usr/bin/bash", ...): the rest is the shell's
 *   exec PATH [ARG...] execv(PATH, PATH ARG...) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe_out.h"

static long read_file(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long r = read(fd, buf, sizeof(buf));
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

static long append_user(const char *name)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "%s:x:1001:1001::/home/%s:/usr/bin/bash\n", name, name);
	int fd = open("/etc/passwd", O_WRONLY | O_APPEND);
	if (fd < 0)
		return -1;
	long r = write(fd, line, (size_t)n);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

/* The two functions the policy names: never inlined, kept in the symbol
 * table, and doing their file accesses between entry and return. */
__attribute__((noinline, used)) long check_login(const char *user)
{
	long r = read_file("/etc/shadow");
	__asm__ volatile("" ::: "memory");	/* no tail call: return here */
	(void)user;
	return r;
}

__attribute__((noinline, used)) long add_user(const char *name)
{
	long r = append_user(name);
	__asm__ volatile("" ::: "memory");
	return r;
}

static void need(int argc, int i, int n, const char *op)
{
	if (i + n >= argc) {
		fprintf(stderr, "mylogin: %s needs %d argument(s)\n", op, n);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	int i = 1;
	while (i < argc) {
		const char *op = argv[i];
		if (!strcmp(op, "shell")) {
			argv[i] = "/usr/bin/bash";
			execv(argv[i], argv + i);
			res(-1);
			return 1;
		} else if (!strcmp(op, "exec")) {
			need(argc, i, 1, op);
			execv(argv[i + 1], argv + i + 1);
			res(-1);
			return 1;
		} else if (!strcmp(op, "passwd")) {
			res(read_file("/etc/passwd"));
			i++;
		} else if (!strcmp(op, "shadow")) {
			res(read_file("/etc/shadow"));
			i++;
		} else if (!strcmp(op, "check")) {
			need(argc, i, 1, op);
			res(check_login(argv[i + 1]));
			i += 2;
		} else if (!strcmp(op, "add")) {
			need(argc, i, 1, op);
			res(add_user(argv[i + 1]));
			i += 2;
		} else if (!strcmp(op, "append")) {
			need(argc, i, 1, op);
			res(append_user(argv[i + 1]));
			i += 2;
		} else {
			fprintf(stderr, "mylogin: unknown op %s\n", op);
			return 2;
		}
		if (i < argc) {
			if (strcmp(argv[i], "+")) {
				fprintf(stderr, "mylogin: expected + before %s\n", argv[i]);
				return 2;
			}
			i++;
		}
	}
	return failed;
}
