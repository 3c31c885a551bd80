// SPDX-License-Identifier: GPL-2.0-only
/* bench/scale-ops.c - the timing and accounting program of bench/scale
 * (built static, run in the test VM; see bench/scale.sh).
 *
 *   scale-ops ops N NFORK ROUNDS PATH MINE
 *       Best of ROUNDS rounds, in ns per operation: N open()+close() of
 *       PATH, N stat() of PATH, NFORK fork + exec of this program
 *       (argv[0], which must be a path) + exit + wait, N pread() of one
 *       byte of PATH (one descriptor), N pwrite() of one byte of MINE (a
 *       file the user owns; one descriptor) and N utimensat() of MINE to
 *       now.  Prints "open_close NS", "stat NS", "fork_exec NS", "read NS",
 *       "write NS" and "utimes NS", one a line.  If an
 *       operation fails, says why and exits 1 (how a denial shows).
 *   scale-ops exit
 *       Exits 0 at once (the exec'ed child of `ops`).
 *   scale-ops open PATH...
 *       Opens each PATH once, in one process, printing "open PATH: ok" or
 *       "open PATH: ERROR"; exits 1 if one could not be opened.
 *   scale-ops -t CMD [ARG]...
 *       Runs CMD (PATH searched) and prints how long it took, fork to exit,
 *       as "elapsed: NS ns" on standard error; exits with CMD's status.
 *   scale-ops mem
 *       The memory the kernel charges to every BPF program and map loaded
 *       (the "memlock:" of each one's fdinfo, as bpftool shows it), found
 *       through BPF_{PROG,MAP}_GET_NEXT_ID: prints "progs N BYTES" and
 *       "maps N BYTES".  Needs root. */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

/* One round of each operation; returns ns per op, or -1 (said why). */
static double round_open(long n, const char *path)
{
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "scale-ops: open %s: %s\n", path, strerror(errno));
			return -1;
		}
		close(fd);
	}
	return (now_ns() - t0) / n;
}

static double round_stat(long n, const char *path)
{
	struct stat st;
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (stat(path, &st)) {
			fprintf(stderr, "scale-ops: stat %s: %s\n", path, strerror(errno));
			return -1;
		}
	return (now_ns() - t0) / n;
}

static double round_fork(long n, const char *self)
{
	double t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("scale-ops: fork");
			return -1;
		}
		if (pid == 0) {
			execl(self, self, "exit", (char *)NULL);
			_exit(127);
		}
		int st;
		if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "scale-ops: exec %s failed (status 0x%x)\n", self, st);
			return -1;
		}
	}
	return (now_ns() - t0) / n;
}

/* N pread() (write: pwrite()) of one byte at offset 0 of path, through
 * one descriptor. */
static double round_io(long n, const char *path, bool write)
{
	int fd = open(path, write ? O_WRONLY : O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "scale-ops: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	char c = 'm';
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if ((write ? pwrite(fd, &c, 1, 0) : pread(fd, &c, 1, 0)) != 1) {
			fprintf(stderr, "scale-ops: %s %s: %s\n", write ? "write" : "read", path,
				strerror(errno));
			close(fd);
			return -1;
		}
	double ns = (now_ns() - t0) / n;
	close(fd);
	return ns;
}

static double round_utimes(long n, const char *path)
{
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (utimensat(AT_FDCWD, path, NULL, 0)) {
			fprintf(stderr, "scale-ops: utimensat %s: %s\n", path, strerror(errno));
			return -1;
		}
	return (now_ns() - t0) / n;
}

#define NOPS 6

static int ops(long n, long nfork, long rounds, const char *path, const char *mine,
	       const char *self)
{
	static const char *const names[NOPS] = { "open_close", "stat", "fork_exec", "read",
						 "write", "utimes" };
	double best[NOPS] = { -1, -1, -1, -1, -1, -1 };
	for (long r = 0; r < rounds; r++) {
		double ns[NOPS] = { round_open(n, path), round_stat(n, path), round_fork(nfork, self),
				    round_io(n, path, false), round_io(n, mine, true),
				    round_utimes(n, mine) };
		for (int k = 0; k < NOPS; k++) {
			if (ns[k] < 0)
				return 1;
			if (best[k] < 0 || ns[k] < best[k])
				best[k] = ns[k];
		}
	}
	for (int k = 0; k < NOPS; k++)
		printf("%s %.0f\n", names[k], best[k]);
	return 0;
}

/* The "memlock:" figure of fd's fdinfo, or 0. */
static unsigned long long memlock_of(int fd)
{
	char name[64], line[256];
	unsigned long long v = 0;
	snprintf(name, sizeof(name), "/proc/self/fdinfo/%d", fd);
	FILE *f = fopen(name, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %llu", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* Every object of one type: next-id and fd-by-id commands. */
static int sum_objects(const char *what, int next_cmd, int fd_cmd)
{
	union bpf_attr a;
	__u32 id = 0;
	unsigned long n = 0;
	unsigned long long bytes = 0;
	for (;;) {
		memset(&a, 0, sizeof(a));
		a.start_id = id;
		if (syscall(SYS_bpf, next_cmd, &a, sizeof(a))) {
			if (errno == ENOENT)
				break;
			fprintf(stderr, "scale-ops: %s: next id: %s\n", what, strerror(errno));
			return 1;
		}
		id = a.next_id;
		memset(&a, 0, sizeof(a));
		if (fd_cmd == BPF_PROG_GET_FD_BY_ID)
			a.prog_id = id;
		else
			a.map_id = id;
		int fd = (int)syscall(SYS_bpf, fd_cmd, &a, sizeof(a));
		if (fd < 0)
			continue;	/* gone meanwhile */
		bytes += memlock_of(fd);
		n++;
		close(fd);
	}
	printf("%s %lu %llu\n", what, n, bytes);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "exit"))
		return 0;
	if (argc >= 3 && !strcmp(argv[1], "-t"))
		return time_cmd("scale-ops", argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "open")) {
		int rc = 0;
		for (int i = 2; i < argc; i++) {
			int fd = open(argv[i], O_RDONLY);
			printf("open %s: %s\n", argv[i], fd < 0 ? strerror(errno) : "ok");
			if (fd < 0)
				rc = 1;
			else
				close(fd);
		}
		return rc;
	}
	if (argc == 2 && !strcmp(argv[1], "mem"))
		return sum_objects("progs", BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID) |
		       sum_objects("maps", BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID);
	if (argc == 7 && !strcmp(argv[1], "ops")) {
		long n = atol(argv[2]), nfork = atol(argv[3]), rounds = atol(argv[4]);
		if (n < 1 || nfork < 1 || rounds < 1 || argv[0][0] != '/') {
			fprintf(stderr, "scale-ops: N, NFORK and ROUNDS must be positive, "
					"and the program run by its absolute path\n");
			return 2;
		}
		return ops(n, nfork, rounds, argv[5], argv[6], argv[0]);
	}
	fprintf(stderr, "usage: scale-ops ops N NFORK ROUNDS PATH MINE | exit | open PATH... | "
			"-t CMD [ARG]... | mem\n");
	return 2;
}
