// SPDX-License-Identifier: GPL-2.0-only
/* uringprobe.c - the io_uring test program of tests/vm/e2e/suite-control.sh
 * (issue "escape routes", class 15: a file registered with io_uring before
 * the process was confined; class 5: a ring whose queue a thread of another
 * process polls).  Raw system calls (no liburing).  Prints "ok" or the
 * errno's name, like probe.c.
 *
 *   uringprobe prep PATH CMD [ARG...]
 *       Makes a ring, registers PATH (opened for reading) as its fixed file
 *       0, closes PATH's descriptor, and executes CMD with the ring as
 *       descriptor 3 (not closed by the exec).
 *   uringprobe read N
 *       Reads 16 bytes of fixed file 0 of the ring at descriptor N
 *       (IORING_OP_READ with IOSQE_FIXED_FILE) and prints the result.
 *   uringprobe sqprep PATH CMD [ARG...]
 *       Makes a ring with a polling thread (IORING_SETUP_SQPOLL), puts PATH
 *       at the address PATH_AT of its memory, and runs CMD in a child with
 *       the ring as descriptor 3; this process (and its poller) stays until
 *       the child exits, with the child's status.
 *   uringprobe sqopen N PATH
 *       Maps the queues of the polled ring at descriptor N and queues an
 *       open of PATH for reading (IORING_OP_OPENAT), PATH at PATH_AT: the
 *       poller reads it in its own process's memory, that of sqprep.
 *       Prints the result.
 *   uringprobe sqown PATH
 *       The same with a polled ring of its own. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe_out.h"

#define ENTRIES 4
#define PATH_AT ((void *)0x100000000000ul)

/* s at PATH_AT, in a page of its own. */
static const char *path_at(const char *s)
{
	char *m = mmap(PATH_AT, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (m != PATH_AT)
		return NULL;
	strncpy(m, s, 4095);
	return m;
}

struct ring {
	int fd;
	struct io_uring_params p;
	char *sq, *cq;
	struct io_uring_sqe *sqes;
};

static int setup(struct io_uring_params *p, unsigned flags)
{
	memset(p, 0, sizeof(*p));
	p->flags = flags;
	p->sq_thread_idle = 2000;	/* ms: the poller sleeps after that */
	return (int)syscall(__NR_io_uring_setup, ENTRIES, p);
}

/* Maps the queues of the ring at fd.  Their sizes come from a second ring
 * of the same entries (an inherited ring's params are not readable back). */
static int ring_map(struct ring *r, int fd)
{
	int probe = setup(&r->p, 0);
	if (probe < 0)
		return -1;
	close(probe);
	r->fd = fd;
	size_t sq_len = r->p.sq_off.array + r->p.sq_entries * sizeof(unsigned);
	size_t cq_len = r->p.cq_off.cqes + r->p.cq_entries * sizeof(struct io_uring_cqe);
	r->sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
		     IORING_OFF_SQ_RING);
	if (r->sq == MAP_FAILED)
		return -1;
	r->cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
		     IORING_OFF_CQ_RING);
	if (r->cq == MAP_FAILED)
		return -1;
	r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQES);
	return r->sqes == MAP_FAILED ? -1 : 0;
}

static struct io_uring_sqe *next_sqe(struct ring *r, unsigned *idx)
{
	unsigned tail = *(unsigned *)(r->sq + r->p.sq_off.tail);
	*idx = tail & *(unsigned *)(r->sq + r->p.sq_off.ring_mask);
	memset(&r->sqes[*idx], 0, sizeof(r->sqes[*idx]));
	return &r->sqes[*idx];
}

/* Queues the entry at idx, waits for its completion (waking a poller):
 * its result as a system call's (-1 and errno). */
static int submit_wait(struct ring *r, unsigned idx)
{
	unsigned tail = *(unsigned *)(r->sq + r->p.sq_off.tail);
	((unsigned *)(r->sq + r->p.sq_off.array))[idx] = idx;
	__atomic_store_n((unsigned *)(r->sq + r->p.sq_off.tail), tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, r->fd, 1, 1,
		    IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP, NULL, 0) < 0)
		return -1;
	unsigned head = *(unsigned *)(r->cq + r->p.cq_off.head);
	struct io_uring_cqe *cqes = (void *)(r->cq + r->p.cq_off.cqes);
	int res = cqes[head & *(unsigned *)(r->cq + r->p.cq_off.ring_mask)].res;
	__atomic_store_n((unsigned *)(r->cq + r->p.cq_off.head), head + 1, __ATOMIC_RELEASE);
	if (res < 0) {
		errno = -res;
		return -1;
	}
	return 0;
}

static int uring_read(int fd)
{
	struct ring r;
	unsigned idx;
	if (ring_map(&r, fd) < 0)
		return -1;
	static char buf[16];
	struct io_uring_sqe *e = next_sqe(&r, &idx);
	e->opcode = IORING_OP_READ;
	e->flags = IOSQE_FIXED_FILE;
	e->fd = 0;
	e->addr = (unsigned long)buf;
	e->len = sizeof(buf);
	return submit_wait(&r, idx);
}

static int uring_open(int fd, const char *path)
{
	struct ring r;
	unsigned idx;
	if (ring_map(&r, fd) < 0)
		return -1;
	struct io_uring_sqe *e = next_sqe(&r, &idx);
	e->opcode = IORING_OP_OPENAT;
	e->fd = AT_FDCWD;
	e->addr = (unsigned long)path;
	e->open_flags = O_RDONLY;
	return submit_wait(&r, idx);
}

/* The ring as descriptor 3, kept across exec. */
static int as_fd3(int ring)
{
	if (ring != 3 && (dup2(ring, 3) < 0 || close(ring) < 0))
		return -1;
	return fcntl(3, F_SETFD, 0);
}

int main(int argc, char **argv)
{
	struct io_uring_params p;
	if (argc >= 4 && !strcmp(argv[1], "prep")) {
		int ring = setup(&p, 0);
		int fd = open(argv[2], O_RDONLY);
		if (ring < 0 || fd < 0 ||
		    syscall(__NR_io_uring_register, ring, IORING_REGISTER_FILES, &fd, 1) < 0) {
			res(-1);
			return 1;
		}
		close(fd);
		if (as_fd3(ring) < 0) {
			res(-1);
			return 1;
		}
		execvp(argv[3], argv + 3);
		res(-1);
		return 1;
	}
	if (argc == 3 && !strcmp(argv[1], "read")) {
		res(uring_read(atoi(argv[2])));
		return failed;
	}
	if (argc >= 4 && !strcmp(argv[1], "sqprep")) {
		int ring = setup(&p, IORING_SETUP_SQPOLL);
		if (ring < 0 || as_fd3(ring) < 0 || !path_at(argv[2])) {
			res(-1);
			return 1;
		}
		pid_t child = fork();
		if (child == 0) {
			execvp(argv[3], argv + 3);
			res(-1);
			_exit(1);
		}
		int status = 0;
		if (child < 0 || waitpid(child, &status, 0) < 0) {
			res(-1);
			return 1;
		}
		return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	}
	if (argc == 4 && !strcmp(argv[1], "sqopen")) {
		const char *path = path_at(argv[3]);
		res(path ? uring_open(atoi(argv[2]), path) : -1);
		return failed;
	}
	if (argc == 3 && !strcmp(argv[1], "sqown")) {
		int ring = setup(&p, IORING_SETUP_SQPOLL);
		res(ring < 0 ? -1 : uring_open(ring, argv[2]));
		return failed;
	}
	say("usage: uringprobe prep PATH CMD [ARG...] | read N | sqprep PATH CMD [ARG...] | sqopen N PATH"
	    " | sqown PATH");
	return 2;
}
