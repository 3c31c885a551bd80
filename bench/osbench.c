// SPDX-License-Identifier: GPL-2.0-only
/* bench/osbench.c - an OSBench-like set of operating-system operations,
 * timed in ns per operation (best of ROUNDS rounds), for bench/vs-apparmor
 * (built static, run in the test VM unconfined, under an AppArmor profile
 * and under a bpfcon policy).
 *
 *   osbench [-n N] [-r ROUNDS] [-d DIR] [-x HELPER] [OP]...
 *
 * OPs (default: all, in this order):
 *   create   open(DIR/fI, O_CREAT|O_EXCL|O_WRONLY) + close, N new files per
 *            round (they are unlinked after the round, untimed)
 *   open     open(DIR/file, O_RDONLY) + close of one existing file
 *   stat     stat(DIR/file)
 *   fork     fork + _exit(0) in the child + waitpid
 *   exec     fork + execve(HELPER) (a tiny static program that exits 0) +
 *            waitpid
 *   connect  loopback TCP: socket + connect to a listener on 127.0.0.1 +
 *            accept + close of both ends
 *   signal   kill(getpid(), SIGUSR1), caught by a handler
 * fork, exec and connect run N/10 times per round (at least once).
 * DIR defaults to /tmp/osb (created if missing; DIR/file is created),
 * HELPER to /usr/local/bin/osbench-nop.
 *
 * Prints one line per OP: "OP NS" (NS the best round's ns per operation).
 * Any failing operation stops it with "osbench: OP: what: strerror" on
 * standard error and exit status 1 (how a denial shows). */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long n_ops = 2000;
static int rounds = 5;
static const char *dir = "/tmp/osb";
static const char *helper = "/usr/local/bin/osbench-nop";
static char file_path[4096];
static int listener = -1;
static struct sockaddr_in listen_addr;
static volatile sig_atomic_t caught;

static void die(const char *op, const char *what)
{
	fprintf(stderr, "osbench: %s: %s: %s\n", op, what, strerror(errno));
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void op_create(long n)
{
	char p[4200];
	for (long i = 0; i < n; i++) {
		snprintf(p, sizeof p, "%s/f%ld", dir, i);
		int fd = open(p, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			die("create", p);
		close(fd);
	}
}

static void undo_create(long n)
{
	char p[4200];
	for (long i = 0; i < n; i++) {
		snprintf(p, sizeof p, "%s/f%ld", dir, i);
		if (unlink(p) != 0)
			die("create", "unlink");
	}
}

static void op_open(long n)
{
	for (long i = 0; i < n; i++) {
		int fd = open(file_path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die("open", file_path);
		close(fd);
	}
}

static void op_stat(long n)
{
	struct stat st;
	for (long i = 0; i < n; i++)
		if (stat(file_path, &st) != 0)
			die("stat", file_path);
}

static void wait_ok(const char *op, pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		die(op, "waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "osbench: %s: the child failed (wait status 0x%x)\n", op, st);
		exit(1);
	}
}

static void op_fork(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork", "fork");
		if (pid == 0)
			_exit(0);
		wait_ok("fork", pid);
	}
}

static void op_exec(long n)
{
	char *argv[] = { (char *)helper, NULL };
	char *envp[] = { NULL };
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			die("exec", "fork");
		if (pid == 0) {
			execve(helper, argv, envp);
			_exit(127);
		}
		wait_ok("exec", pid);
	}
}

static void setup_listener(void)
{
	socklen_t len = sizeof listen_addr;
	listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listener < 0)
		die("connect", "socket (listener)");
	memset(&listen_addr, 0, sizeof listen_addr);
	listen_addr.sin_family = AF_INET;
	listen_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listener, (struct sockaddr *)&listen_addr, sizeof listen_addr) != 0)
		die("connect", "bind 127.0.0.1 (is lo up?)");
	if (listen(listener, 64) != 0)
		die("connect", "listen");
	if (getsockname(listener, (struct sockaddr *)&listen_addr, &len) != 0)
		die("connect", "getsockname");
}

static void op_connect(long n)
{
	for (long i = 0; i < n; i++) {
		int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (c < 0)
			die("connect", "socket");
		if (connect(c, (struct sockaddr *)&listen_addr, sizeof listen_addr) != 0)
			die("connect", "connect");
		int a = accept(listener, NULL, NULL);
		if (a < 0)
			die("connect", "accept");
		/* The accepting end closes first: its TIME_WAIT does not hold
		 * the client's ephemeral ports. */
		close(a);
		close(c);
	}
}

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static void op_signal(long n)
{
	for (long i = 0; i < n; i++)
		if (kill(getpid(), SIGUSR1) != 0)
			die("signal", "kill");
}

struct op {
	const char *name;
	void (*run)(long n);
	void (*undo)(long n);
	int div; /* runs N / div times */
};

static const struct op ops[] = {
	{ "create", op_create, undo_create, 1 },
	{ "open", op_open, NULL, 1 },
	{ "stat", op_stat, NULL, 1 },
	{ "fork", op_fork, NULL, 10 },
	{ "exec", op_exec, NULL, 10 },
	{ "connect", op_connect, NULL, 10 },
	{ "signal", op_signal, NULL, 1 },
};
#define NOPS (sizeof ops / sizeof ops[0])

static void run_op(const struct op *o)
{
	long n = n_ops / o->div;
	if (n < 1)
		n = 1;
	double best = 0;
	caught = 0;
	for (int r = 0; r < rounds; r++) {
		double t0 = now_ns();
		o->run(n);
		double dt = now_ns() - t0;
		if (o->undo)
			o->undo(n);
		if (r == 0 || dt < best)
			best = dt;
	}
	if (o->run == op_signal && caught != (sig_atomic_t)(n * rounds)) {
		fprintf(stderr, "osbench: signal: %ld sent, %ld caught\n", n * rounds, (long)caught);
		exit(1);
	}
	printf("%s %.0f\n", o->name, best / n);
	fflush(stdout);
}

static void usage(void)
{
	fprintf(stderr, "usage: osbench [-n N] [-r ROUNDS] [-d DIR] [-x HELPER] [OP]...\n"
			"OPs: create open stat fork exec connect signal\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "n:r:d:x:")) != -1) {
		switch (c) {
		case 'n': n_ops = atol(optarg); break;
		case 'r': rounds = atoi(optarg); break;
		case 'd': dir = optarg; break;
		case 'x': helper = optarg; break;
		default: usage();
		}
	}
	if (n_ops < 1 || rounds < 1)
		usage();
	const struct op *want[NOPS];
	size_t nwant = 0;
	for (int i = optind; i < argc; i++) {
		size_t k = 0;
		while (k < NOPS && strcmp(ops[k].name, argv[i]) != 0)
			k++;
		if (k == NOPS) {
			fprintf(stderr, "osbench: unknown operation '%s'\n", argv[i]);
			usage();
		}
		if (nwant == NOPS)
			usage();
		want[nwant++] = &ops[k];
	}
	if (nwant == 0)
		for (size_t k = 0; k < NOPS; k++)
			want[nwant++] = &ops[k];

	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		die("setup", dir);
	snprintf(file_path, sizeof file_path, "%s/file", dir);
	int fd = open(file_path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0)
		die("setup", file_path);
	close(fd);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		die("setup", "sigaction");
	for (size_t k = 0; k < nwant; k++) {
		if (want[k]->run == op_connect && listener < 0)
			setup_listener();
		run_op(want[k]);
	}
	if (listener >= 0)
		close(listener);
	return 0;
}
