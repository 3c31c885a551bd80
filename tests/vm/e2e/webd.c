// SPDX-License-Identifier: GPL-2.0-only
/* webd.c - the stand-in web daemon of the e2e suite (suite-policies.sh and
 * suite-transition.sh): a program that serves one HTTP-like request on the
 * loopback, logs it and runs a helper, so that policies/webd.pol (network
 * taint, a transition to the helper) can be shown at work.  Built static by
 * tests/vm/e2e/run; installed in the VM as /usr/local/bin/webd and copied to
 * the paths the policies name.  Like probe, it does ops and prints one line
 * for each: "ok" or the errno's name, or what is said below.
 *
 *   webd OP [ARG...] [+ OP [ARG...]]...     exit 0 if every OP succeeded
 *
 *   serve PORT DOC LOG   TCP on 127.0.0.1:PORT: prints "listening" once it
 *                        listens (or STEP-ERRNO), then accepts one client,
 *                        reads its request line, reads DOC, appends a line to
 *                        LOG, and answers "doc=R log=R BODY" (R: ok or the
 *                        errno's name; BODY: DOC's first line); prints
 *                        "served doc=R log=R".  Killed by SIGALRM after 20 s
 *                        without a client.
 *   get PORT             connects to 127.0.0.1:PORT (retrying while refused,
 *                        up to 10 s), sends "GET /", prints the answer
 *   tcp PORT             one connect to 127.0.0.1:PORT: ok or errno
 *   udp PORT             one datagram to 127.0.0.1:PORT: ok or errno
 *   read PATH            open O_RDONLY and read
 *   append PATH TEXT     open O_WRONLY|O_APPEND (no O_CREAT) and write TEXT
 *   exec PATH [ARG...]   execv(PATH, PATH ARG...): the rest is its
 * Output is written with write(2) only, unbuffered, so the lines of an
 * exec'd program follow in order. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe_out.h"

/* "ok" for r >= 0, else the errno's name; counts failures. */
static const char *result(long r)
{
	if (r >= 0)
		return "ok";
	failed = 1;
	return err_name(errno);
}


/* Prints STEP-ERRNO and returns -1 if r failed. */
static int step(long r, const char *name)
{
	if (r >= 0)
		return 0;
	char buf[64];
	snprintf(buf, sizeof(buf), "%s-%s", name, err_name(errno));
	say(buf);
	failed = 1;
	return -1;
}

static struct sockaddr_in loopback(const char *port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(port));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* Reads up to n-1 bytes of PATH's first line into buf; -1 with errno. */
static long read_first_line(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	long r = read(fd, buf, n - 1);
	int e = errno;
	close(fd);
	if (r < 0) {
		errno = e;
		return -1;
	}
	buf[r] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return r;
}

static long append(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0)
		return -1;
	long r = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

static void serve(const char *port, const char *doc, const char *log)
{
	struct sockaddr_in a = loopback(port);
	int one = 1;
	alarm(20);	/* never wait for a client forever */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (step(s, "socket"))
		return;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (step(bind(s, (struct sockaddr *)&a, sizeof(a)), "bind") || step(listen(s, 1), "listen"))
		return;
	say("listening");
	int c = accept(s, NULL, NULL);
	if (step(c, "accept"))
		return;
	char req[256];
	if (step(recv(c, req, sizeof(req) - 1, 0), "recv"))
		return;
	char body[200] = "", line[512], answer[512];
	const char *doc_r = result(read_first_line(doc, body, sizeof(body)));
	snprintf(line, sizeof(line), "GET / doc=%s\n", doc_r);
	const char *log_r = result(append(log, line));
	snprintf(answer, sizeof(answer), "doc=%s log=%s %s", doc_r, log_r, body);
	if (step(send(c, answer, strlen(answer), 0), "send"))
		return;
	close(c);
	close(s);
	snprintf(line, sizeof(line), "served doc=%s log=%s", doc_r, log_r);
	say(line);
	alarm(0);
}

static void get(const char *port)
{
	struct sockaddr_in a = loopback(port);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (step(s, "socket"))
		return;
	int r = -1;
	for (int i = 0; i < 200; i++) {	/* up to 10 s for the server */
		r = connect(s, (struct sockaddr *)&a, sizeof(a));
		if (r == 0 || errno != ECONNREFUSED)
			break;
		usleep(50000);
	}
	if (step(r, "connect") || step(send(s, "GET /\n", 6, 0), "send"))
		return;
	shutdown(s, SHUT_WR);
	char buf[512];
	size_t len = 0;
	long n;
	while (len < sizeof(buf) - 1 && (n = recv(s, buf + len, sizeof(buf) - 1 - len, 0)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	say(len ? buf : "no-answer");
	close(s);
}

static void tcp(const char *port)
{
	struct sockaddr_in a = loopback(port);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (step(s, "socket"))
		return;
	res(connect(s, (struct sockaddr *)&a, sizeof(a)));
	close(s);
}

static void udp(const char *port)
{
	struct sockaddr_in a = loopback(port);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (step(s, "socket"))
		return;
	res(sendto(s, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)));
	close(s);
}

static void need(int argc, int i, int n, const char *op)
{
	if (i + n >= argc) {
		fprintf(stderr, "webd: %s needs %d argument(s)\n", op, n);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	int i = 1;
	while (i < argc) {
		const char *op = argv[i];
		if (!strcmp(op, "exec")) {
			need(argc, i, 1, op);
			execv(argv[i + 1], argv + i + 1);
			res(-1);
			return 1;
		} else if (!strcmp(op, "serve")) {
			need(argc, i, 3, op);
			serve(argv[i + 1], argv[i + 2], argv[i + 3]);
			i += 4;
		} else if (!strcmp(op, "get") || !strcmp(op, "tcp") || !strcmp(op, "udp")) {
			need(argc, i, 1, op);
			if (op[0] == 'g')
				get(argv[i + 1]);
			else if (op[0] == 't')
				tcp(argv[i + 1]);
			else
				udp(argv[i + 1]);
			i += 2;
		} else if (!strcmp(op, "read")) {
			need(argc, i, 1, op);
			char buf[64];
			res(read_first_line(argv[i + 1], buf, sizeof(buf)));
			i += 2;
		} else if (!strcmp(op, "append")) {
			need(argc, i, 2, op);
			res(append(argv[i + 1], argv[i + 2]));
			i += 3;
		} else {
			fprintf(stderr, "webd: unknown op %s\n", op);
			return 2;
		}
		if (i < argc) {
			if (strcmp(argv[i], "+")) {
				fprintf(stderr, "webd: expected + before %s\n", argv[i]);
				return 2;
			}
			i++;
		}
	}
	return failed;
}
