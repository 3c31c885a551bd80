// SPDX-License-Identifier: GPL-2.0-only
/* bench/open-close.c - the latency of open() + close() of one file, for
 * bench/vm-load-and-open (built static, run in the test VM with and without
 * a policy confining it).
 *
 *   open-close N ROUNDS PATH
 *   open-close -t CMD [ARG]...
 *
 * Opens PATH read-only and closes it N times per round; prints the best
 * round as "open-close: NS ns/op (N x ROUNDS, PATH)".  If PATH cannot be
 * opened, prints why and exits 1 (how the bench shows a policy denies).
 *
 * With -t, runs CMD (PATH searched) and prints how long it took, from fork
 * to exit, as "elapsed: NS ns" on standard error (the VM's busybox date has
 * no %N); exits with CMD's status. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "-t"))
		return time_cmd("open-close", argv + 2);
	if (argc != 4) {
		fprintf(stderr, "usage: open-close N ROUNDS PATH | open-close -t CMD [ARG]...\n");
		return 2;
	}
	long n = atol(argv[1]), rounds = atol(argv[2]);
	const char *path = argv[3];
	if (n < 1 || rounds < 1) {
		fprintf(stderr, "open-close: N and ROUNDS must be positive\n");
		return 2;
	}
	double best = -1;
	for (long r = 0; r < rounds; r++) {
		double t0 = now_ns();
		for (long i = 0; i < n; i++) {
			int fd = open(path, O_RDONLY);
			if (fd < 0) {
				fprintf(stderr, "open-close: open %s: %s\n", path, strerror(errno));
				return 1;
			}
			close(fd);
		}
		double ns = (now_ns() - t0) / n;
		if (best < 0 || ns < best)
			best = ns;
	}
	printf("open-close: %.0f ns/op (%ld x %ld, %s)\n", best, n, rounds, path);
	return 0;
}
