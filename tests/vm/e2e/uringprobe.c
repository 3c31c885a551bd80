// SPDX-License-Identifier: GPL-2.0-only
/* uringprobe.c - the io_uring test program of tests/vm/e2e/suite-control.sh
 * (issue "escape routes", class 15: a file registered with io_uring before
 * the process was confined).  Raw system calls (no liburing).  Prints "ok"
 * or the errno's name, like probe.c.
 *
 *   uringprobe prep PATH CMD [ARG...]
 *       Makes a ring, registers PATH (opened for reading) as its fixed file
 *       0, closes PATH's descriptor, and executes CMD with the ring as
 *       descriptor 3 (not closed by the exec).
 *   uringprobe read N
 *       Reads 16 bytes of fixed file 0 of the ring at descriptor N
 *       (IORING_OP_READ with IOSQE_FIXED_FILE) and prints the result. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe_out.h"

static int uring_read(int ring)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	/* the sizes: from a second ring of the same entries (the params of
	 * the inherited one are not readable back) */
	int probe = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (probe < 0)
		return -1;
	close(probe);
	size_t sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	size_t cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	char *sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
			IORING_OFF_SQ_RING);
	char *cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
			IORING_OFF_CQ_RING);
	struct io_uring_sqe *sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
					 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring,
					 IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return -1;
	static char buf[16];
	unsigned tail = *(unsigned *)(sq + p.sq_off.tail);
	unsigned idx = tail & *(unsigned *)(sq + p.sq_off.ring_mask);
	struct io_uring_sqe *e = &sqes[idx];
	memset(e, 0, sizeof(*e));
	e->opcode = IORING_OP_READ;
	e->flags = IOSQE_FIXED_FILE;
	e->fd = 0;
	e->addr = (unsigned long)buf;
	e->len = sizeof(buf);
	((unsigned *)(sq + p.sq_off.array))[idx] = idx;
	__atomic_store_n((unsigned *)(sq + p.sq_off.tail), tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -1;
	unsigned head = *(unsigned *)(cq + p.cq_off.head);
	struct io_uring_cqe *cqes = (void *)(cq + p.cq_off.cqes);
	int r = cqes[head & *(unsigned *)(cq + p.cq_off.ring_mask)].res;
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "prep")) {
		struct io_uring_params p;
		memset(&p, 0, sizeof(p));
		int ring = (int)syscall(__NR_io_uring_setup, 4, &p);
		int fd = open(argv[2], O_RDONLY);
		if (ring < 0 || fd < 0 ||
		    syscall(__NR_io_uring_register, ring, IORING_REGISTER_FILES, &fd, 1) < 0) {
			res(-1);
			return 1;
		}
		close(fd);
		if (ring != 3 && (dup2(ring, 3) < 0 || close(ring) < 0)) {
			res(-1);
			return 1;
		}
		fcntl(3, F_SETFD, 0);
		execvp(argv[3], argv + 3);
		res(-1);
		return 1;
	}
	if (argc == 3 && !strcmp(argv[1], "read")) {
		res(uring_read(atoi(argv[2])));
		return failed;
	}
	say("usage: uringprobe prep PATH CMD [ARG...] | read N");
	return 2;
}
