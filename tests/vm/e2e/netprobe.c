// SPDX-License-Identifier: GPL-2.0-only
/* netprobe.c - the e2e suite's network and ipc test program
 * (tests/vm/e2e/suite-net.sh, suite-ipc.sh): does socket and SysV IPC
 * operations and prints, for each, "ok" or the errno's name (EPERM,
 * EACCES ...), one per line, like probe.c.  Built static on the host by
 * tests/vm/e2e/run and put in the VM's /usr/local/bin.
 *
 *   netprobe OP [ARG...] [+ OP [ARG...]]...     exit 0 if every OP succeeded
 *
 * Socket ops work on the current socket: the last one made by `socket` or
 * `accept`; `accept` takes a connection of the last socket `listen` was
 * called on.  ADDR is a unix path (/tmp/s), @NAME (abstract unix),
 * A.B.C.D:PORT (inet) or [ADDR6]:PORT (inet6).
 *   socket FAMILY TYPE      FAMILY unix, inet, inet6, netlink; TYPE stream, dgram
 *   bind ADDR | connect ADDR
 *   listen                  listen(2), backlog 8
 *   accept                  waits for a connection (at most 20 s) on the
 *                           listener, or on the current socket if none
 *   send [ADDR]             sends one byte (sendto ADDR when given)
 *   write                   write(2) of one byte (a send without send(2))
 *   recv                    receives one byte (waits at most 20 s)
 *   shutdown                shutdown(SHUT_RDWR)
 *   wait SECONDS            sleeps (a server staying up for its clients)
 *   msgget KEY              msgget(KEY, IPC_CREAT|0666): makes the queue
 *   msgsnd KEY              msgget(KEY, 0), then msgsnd of one message
 *   msgrcv KEY              msgget(KEY, 0), then msgrcv IPC_NOWAIT
 *   msgrm KEY               msgget(KEY, 0), then msgctl IPC_RMID
 *   msgrmid ID              msgctl(ID, IPC_RMID), no msgget first
 *   shmget KEY              shmget(KEY, 4096, IPC_CREAT|0666)
 *   shmat KEY               shmget(KEY, 0, 0), then shmat
 *   exec PATH [ARG...]      execv(PATH, PATH ARG...): the rest is its
 * A step before the one an op is about prints STEP-ERRNO (msgget-EACCES).
 * Output is unbuffered, so lines of exec'd netprobes keep their order. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "probe_out.h"

static int cur = -1;		/* the current socket */
static int listener = -1;	/* the last socket listen(2) was called on */


/* A step before the op: prints PREFIX-ERRNO only if it failed. */
static int step(long r, const char *prefix)
{
	if (r >= 0)
		return 0;
	char buf[64];
	snprintf(buf, sizeof(buf), "%s-%s", prefix, err_name(errno));
	say(buf);
	failed = 1;
	return -1;
}

static void usage(const char *why, const char *what)
{
	fprintf(stderr, "netprobe: %s %s\n", why, what);
	exit(2);
}

static int family_of(const char *s)
{
	if (!strcmp(s, "unix"))
		return AF_UNIX;
	if (!strcmp(s, "inet"))
		return AF_INET;
	if (!strcmp(s, "inet6"))
		return AF_INET6;
	if (!strcmp(s, "netlink"))
		return AF_NETLINK;
	usage("unknown family", s);
	return -1;
}

static int type_of(const char *s)
{
	if (!strcmp(s, "stream"))
		return SOCK_STREAM;
	if (!strcmp(s, "dgram"))
		return SOCK_DGRAM;
	usage("unknown socket type", s);
	return -1;
}

/* Parses ADDR (see the top) into a; returns its length. */
static socklen_t parse_addr(const char *s, struct sockaddr_storage *a)
{
	memset(a, 0, sizeof(*a));
	if (s[0] == '/' || s[0] == '@') {
		struct sockaddr_un *u = (struct sockaddr_un *)a;
		size_t n = strlen(s);
		if (n >= sizeof(u->sun_path))
			usage("unix path too long:", s);
		u->sun_family = AF_UNIX;
		memcpy(u->sun_path, s, n);
		if (s[0] == '@') {
			u->sun_path[0] = 0;	/* abstract: no terminating NUL counted */
			return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
		}
		return sizeof(*u);
	}
	char host[64];
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		usage("bad address", s);
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	int port = atoi(colon + 1);
	if (host[0] == '[') {
		struct sockaddr_in6 *i6 = (struct sockaddr_in6 *)a;
		size_t n = strlen(host);
		if (n < 2 || host[n - 1] != ']')
			usage("bad address", s);
		host[n - 1] = 0;
		i6->sin6_family = AF_INET6;
		i6->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, host + 1, &i6->sin6_addr) != 1)
			usage("bad address", s);
		return sizeof(*i6);
	}
	struct sockaddr_in *i4 = (struct sockaddr_in *)a;
	i4->sin_family = AF_INET;
	i4->sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &i4->sin_addr) != 1)
		usage("bad address", s);
	return sizeof(*i4);
}

/* Waits until fd is readable, at most 20 s; 0 or -1 (errno ETIMEDOUT). */
static int wait_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, 20000);
	if (r == 0)
		errno = ETIMEDOUT;
	return r > 0 ? 0 : -1;
}

static key_t key_of(const char *s)
{
	return (key_t)strtol(s, NULL, 0);
}

struct one_msg {
	long mtype;
	char mtext[1];
};

static void need(int n, int want, const char *op)
{
	if (n < want)
		usage("missing arguments for", op);
}

/* Runs the ops in argv[0..argc). */
static void run(int argc, char **argv)
{
	while (argc > 0) {
		int n = 1;	/* words this op used */
		while (n < argc && strcmp(argv[n], "+"))
			n++;
		const char *op = argv[0];
		const char *p = n > 1 ? argv[1] : NULL;
		struct sockaddr_storage a;
		socklen_t alen;

		if (!strcmp(op, "exec")) {
			need(n, 2, op);
			argv[0] = argv[1];
			execv(argv[1], argv + 1);
			res(-1);
			exit(1);
		} else if (!strcmp(op, "socket")) {
			need(n, 3, op);
			int s = socket(family_of(p), type_of(argv[2]), 0);
			if (res(s) >= 0)
				cur = s;
		} else if (!strcmp(op, "bind")) {
			need(n, 2, op);
			alen = parse_addr(p, &a);
			if (p[0] == '/')
				unlink(p);
			res(bind(cur, (struct sockaddr *)&a, alen));
		} else if (!strcmp(op, "connect")) {
			need(n, 2, op);
			alen = parse_addr(p, &a);
			res(connect(cur, (struct sockaddr *)&a, alen));
		} else if (!strcmp(op, "listen")) {
			if (res(listen(cur, 8)) >= 0)
				listener = cur;
		} else if (!strcmp(op, "accept")) {
			/* accept(2) itself asks first: a denial comes before any wait. */
			int l = listener >= 0 ? listener : cur;
			int c = accept4(l, NULL, NULL, SOCK_NONBLOCK);
			if (c < 0 && errno == EAGAIN && !wait_readable(l))
				c = accept4(l, NULL, NULL, SOCK_NONBLOCK);
			if (res(c) >= 0)
				cur = c;
		} else if (!strcmp(op, "send")) {
			char byte = 'x';
			if (p) {
				alen = parse_addr(p, &a);
				res(sendto(cur, &byte, 1, 0, (struct sockaddr *)&a, alen));
			} else {
				res(send(cur, &byte, 1, 0));
			}
		} else if (!strcmp(op, "write")) {
			res(write(cur, "x", 1));
		} else if (!strcmp(op, "recv")) {
			char byte;
			long r = recv(cur, &byte, 1, MSG_DONTWAIT);
			if (r < 0 && errno == EAGAIN && !wait_readable(cur))
				r = recv(cur, &byte, 1, MSG_DONTWAIT);
			res(r);
		} else if (!strcmp(op, "shutdown")) {
			res(shutdown(cur, SHUT_RDWR));
		} else if (!strcmp(op, "wait")) {
			need(n, 2, op);
			alarm((unsigned)atoi(p) + 60);
			sleep((unsigned)atoi(p));
		} else if (!strcmp(op, "msgget")) {
			need(n, 2, op);
			res(msgget(key_of(p), IPC_CREAT | 0666));
		} else if (!strcmp(op, "msgsnd") || !strcmp(op, "msgrcv") || !strcmp(op, "msgrm")) {
			need(n, 2, op);
			int q = msgget(key_of(p), 0);
			if (!step(q, "msgget")) {
				struct one_msg m = { .mtype = 1, .mtext = { 'x' } };
				if (!strcmp(op, "msgsnd"))
					res(msgsnd(q, &m, sizeof(m.mtext), IPC_NOWAIT));
				else if (!strcmp(op, "msgrcv"))
					res(msgrcv(q, &m, sizeof(m.mtext), 0, IPC_NOWAIT));
				else
					res(msgctl(q, IPC_RMID, NULL));
			}
		} else if (!strcmp(op, "msgrmid")) {
			need(n, 2, op);
			res(msgctl(atoi(p), IPC_RMID, NULL));
		} else if (!strcmp(op, "shmget")) {
			need(n, 2, op);
			res(shmget(key_of(p), 4096, IPC_CREAT | 0666));
		} else if (!strcmp(op, "shmat")) {
			need(n, 2, op);
			int m = shmget(key_of(p), 0, 0);
			if (!step(m, "shmget")) {
				void *at = shmat(m, NULL, 0);
				if (res(at == (void *)-1 ? -1 : 0) >= 0)
					shmdt(at);
			}
		} else {
			usage("unknown op", op);
		}
		if (n < argc)
			n++;	/* the "+" */
		argc -= n;
		argv += n;
	}
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	alarm(60);	/* never hang the suite */
	if (argc < 2) {
		fprintf(stderr, "usage: netprobe OP [ARG...] [+ OP [ARG...]]...\n");
		return 2;
	}
	run(argc - 1, argv + 1);
	return failed;
}
