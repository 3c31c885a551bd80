// SPDX-License-Identifier: GPL-2.0-only
/* bench/audit-drain.c - a minimal audit daemon for bench/vs-apparmor: in
 * the test VM (no auditd) it registers itself with the kernel's audit
 * subsystem as the daemon (netlink NETLINK_AUDIT, AUDIT_SET with the pid
 * and a backlog limit of 8192, as Debian's auditd rules set it; it does
 * not enable syscall auditing), reads every record the kernel sends and
 * counts them, so that AppArmor's "audit" records are drained by user
 * space as bpfcon's are by `bpfcon logs -f`.
 *
 *   audit-drain [LOG]    (root)
 *
 * With LOG, writes each record there as auditd writes its log ("type=N
 * msg=TEXT", one a line), so that the reader does what a logging daemon
 * does; without, only counts them.
 * Prints "audit-drain: ready" once registered; on SIGTERM or SIGINT it
 * asks the kernel for its lost count, unregisters, and prints
 * "audit-drain: RECORDS records, AVC AVCs (AppArmor's), LOST lost" (lost:
 * records the kernel dropped while it ran).  Exits 1 on any failure. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static unsigned long records, apparmor;
static FILE *logf;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static void fail(const char *what)
{
	fprintf(stderr, "audit-drain: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void send_msg(int fd, int type, const void *data, size_t len)
{
	struct {
		struct nlmsghdr h;
		struct audit_status s;
	} m;
	memset(&m, 0, sizeof m);
	m.h.nlmsg_len = NLMSG_LENGTH(len);
	m.h.nlmsg_type = type;
	m.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (len)
		memcpy(NLMSG_DATA(&m.h), data, len);
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	if (sendto(fd, &m, m.h.nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0)
		fail("sendto");
}

/* Sets the daemon's pid and the backlog limit. */
static void set_pid(int fd, int pid, unsigned backlog)
{
	struct audit_status s;
	memset(&s, 0, sizeof s);
	s.mask = AUDIT_STATUS_PID | AUDIT_STATUS_BACKLOG_LIMIT;
	s.pid = pid;
	s.backlog_limit = backlog;
	send_msg(fd, AUDIT_SET, &s, sizeof s);
}

/* Reads and counts records until a signal stops it (want == 0), or until
 * the reply of type WANT arrives (its status copied to *st; an ack of
 * AUDIT_SET is want NLMSG_ERROR). */
static void drain(int fd, int want, struct audit_status *st)
{
	static char buf[1 << 16] __attribute__((aligned(NLMSG_ALIGNTO)));
	for (;;) {
		if (!want && stop)
			return;
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) /* the kernel dropped some */
				continue;
			fail("recv");
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				if (e->error) {
					errno = -e->error;
					fail("the kernel refused a request");
				}
				if (want == NLMSG_ERROR)
					return;
				continue;
			}
			if (want && h->nlmsg_type == want) {
				if (st)
					memcpy(st, NLMSG_DATA(h), sizeof *st);
				return;
			}
			if (h->nlmsg_type == AUDIT_GET)
				continue;
			records++;
			if (logf)
				fprintf(logf, "type=%u msg=%.*s\n", h->nlmsg_type,
					(int)(h->nlmsg_len - NLMSG_HDRLEN), (const char *)NLMSG_DATA(h));
			/* AppArmor's records are AVCs (common_lsm_audit). */
			if (h->nlmsg_type == AUDIT_AVC)
				apparmor++;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: audit-drain [LOG]\n");
		return 2;
	}
	if (argc == 2 && !(logf = fopen(argv[1], "w")))
		fail(argv[1]);
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		fail("socket(NETLINK_AUDIT)");
	int sz = 8 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof sz) != 0)
		fail("SO_RCVBUFFORCE");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop; /* no SA_RESTART: recv returns EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	struct audit_status st0, st1;
	send_msg(fd, AUDIT_GET, NULL, 0);
	drain(fd, AUDIT_GET, &st0);
	set_pid(fd, getpid(), 8192);
	drain(fd, NLMSG_ERROR, NULL);
	printf("audit-drain: ready\n");
	fflush(stdout);

	drain(fd, 0, NULL);

	send_msg(fd, AUDIT_GET, NULL, 0);
	drain(fd, AUDIT_GET, &st1);
	set_pid(fd, 0, st0.backlog_limit);
	if (logf && fclose(logf) != 0)
		fail("writing the log");
	printf("audit-drain: %lu records, %lu AVCs (AppArmor's), %u lost\n", records, apparmor,
	       st1.lost - st0.lost);
	return 0;
}
