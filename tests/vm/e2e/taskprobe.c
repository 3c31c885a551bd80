// SPDX-License-Identifier: GPL-2.0-only
/* taskprobe.c - the test program of tests/vm/e2e/suite-task.sh: signals,
 * ptrace, other tasks' /proc files, capabilities and the operations only a
 * capability allows.  Like probe.c, it does one or more operations and
 * prints for each "ok" or the errno's name (EPERM ...), one per line.
 * Built static on the host by tests/vm/e2e/run.
 *
 *   taskprobe OP [ARG...] [+ OP [ARG...]]...    exit 0 if every OP succeeded
 *
 * WHO (a target task): self, parent, child (the one `spawn` made), or a pid.
 * SIG: a number, or a name with or without SIG (TERM, SIGTERM); 0 or
 * check is the existence check.
 *
 * Every catchable signal but SIGCHLD is ignored (so sending one to self,
 * parent or child harms nobody), and SIGIO is blocked (so that `pending`
 * can tell whether one came); exec and fork keep both.
 *
 * OPs:
 *   nop                     prints ok
 *   kill|tgkill|tkill|sigqueue|pidfd WHO SIG
 *                           kill(2), tgkill(2) (thread group WHO), tkill(2),
 *                           sigqueue(3), pidfd_open + pidfd_send_signal
 *   spawn                   forks a child that waits until this program
 *                           exits; it is WHO "child" from then on
 *   fork OP...              the rest runs in a child; waits for it
 *   sub OP [ARG...]         that one op runs in a child; waits for it, goes on
 *   exec PATH [ARG...]      execv: the rest is the new program's
 *   pipe                    makes a pipe for SIGIO
 *   arm WHO                 F_SETOWN WHO and O_ASYNC on its read end
 *   fire                    writes a byte into it: SIGIO to its owner
 *   pending                 ok if a SIGIO came (and takes it), else "none"
 *   ptrace WHO              PTRACE_ATTACH (then waits for the stop, detaches)
 *   traceme                 a child does PTRACE_TRACEME and prints the result
 *   mem|environ|status WHO  opens (and reads) /proc/PID/mem, environ, status
 *   statproc WHO            stat /proc/PID/status
 *   vmread WHO              process_vm_readv of a variable (same address in
 *                           a forked child)
 *   chown PATH UID          chown PATH to UID
 *   hostname                sethostname to the current name
 *   mount DIR | umount DIR  mount a tmpfs on DIR | unmount DIR
 *   unshare NS | clone NS   unshare(CLONE_NEW<NS>) | clone with it (the child
 *                           exits at once); NS: mnt uts ipc net pid user cgroup
 *   setns NS                setns to this process's own namespace NS
 *   userns-mount DIR        unshare(CLONE_NEWUSER|CLONE_NEWNS), then mount a
 *                           tmpfs on DIR: prints both results
 *   settime                 clock_settime(CLOCK_REALTIME, now)
 *   reboot                  reboot(LINUX_REBOOT_CMD_CAD_OFF): ctrl-alt-del off
 *   initmod                 init_module of 256 bytes of garbage
 *   kexec                   kexec_load of no segment (unloads nothing loaded)
 *   perf                    perf_event_open of a software clock on self
 *   addkey                  add_key of a user key to the process keyring
 *   adduserkey              add_key of the user key "bpfcon-e2e-u" to the
 *                           user keyring (it outlives this program)
 *   readuserkey             finds that key in the user keyring and reads it
 *   setnice WHO             setpriority of WHO to its own nice value
 *   ioprio WHO              ioprio_set of WHO to best effort, level 4
 *   affinity WHO            sched_setaffinity of WHO to its own CPU set
 *   prlimit WHO             prlimit of WHO's RLIMIT_NOFILE to its own value
 *   movemem WHO             migrate_pages of WHO from node 0 to node 0
 *   modreq                  socket() of a family the kernel lacks: the kernel
 *                           asks for its module (prints the socket's errno)
 *   sleeper                 prints "ready", closes stdout, waits for signals
 *                           forever (the suite kills it) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t child_pid = -1;	/* made by spawn */
static int sigio_pipe[2] = { -1, -1 };
static volatile unsigned long marker = 0x6e6f636270ul;	/* read by vmread */

#include "probe_out.h"

static void usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "taskprobe: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

static pid_t who(const char *w)
{
	if (!strcmp(w, "self"))
		return getpid();
	if (!strcmp(w, "parent"))
		return getppid();
	if (!strcmp(w, "child")) {
		if (child_pid < 0)
			usage_error("no child: spawn first", NULL);
		return child_pid;
	}
	char *end;
	long pid = strtol(w, &end, 10);
	if (*end || pid <= 0)
		usage_error("bad WHO", w);
	return (pid_t)pid;
}

static const char *const sig_names[] = {
	"CHECK", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
	"SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP",
	"TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
};

static int sig_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*end && n >= 0 && n < 65)
		return (int)n;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (size_t i = 0; i < sizeof(sig_names) / sizeof(sig_names[0]); i++)
		if (!strcasecmp(s, sig_names[i]))
			return (int)i;
	usage_error("bad SIG", s);
	return -1;
}

static int ns_flag(const char *ns)
{
	static const struct {
		const char *name;
		int flag;
	} t[] = {
		{ "mnt", CLONE_NEWNS },	  { "uts", CLONE_NEWUTS },   { "ipc", CLONE_NEWIPC },
		{ "net", CLONE_NEWNET },  { "pid", CLONE_NEWPID },   { "user", CLONE_NEWUSER },
		{ "cgroup", CLONE_NEWCGROUP },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(ns, t[i].name))
			return t[i].flag;
	usage_error("bad NS", ns);
	return 0;
}

/* One signal by one of the system calls that send them. */
static void send_signal(const char *how, pid_t pid, int sig)
{
	if (!strcmp(how, "kill")) {
		res(kill(pid, sig));
	} else if (!strcmp(how, "tgkill")) {
		res(syscall(SYS_tgkill, pid, pid, sig));
	} else if (!strcmp(how, "tkill")) {
		res(syscall(SYS_tkill, pid, sig));
	} else if (!strcmp(how, "sigqueue")) {
		union sigval v = { .sival_int = 7 };
		res(sigqueue(pid, sig, v));
	} else {
		int fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd < 0) {
			res(fd);
			return;
		}
		res(syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0));
		close(fd);
	}
}

/* A child that waits until this program (and every copy of the pipe's
 * write end) is gone. */
static void spawn(void)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		res(-1);
		return;
	}
	pid_t c = fork();
	if (c == 0) {
		close(p[1]);
		char b;
		while (read(p[0], &b, 1) != 0)
			;
		_exit(0);
	}
	close(p[0]);
	if (c < 0) {
		res(-1);
		return;
	}
	child_pid = c;	/* p[1] stays open until we exit */
	say("ok");
}

static void wait_child(pid_t c)
{
	int st;
	while (waitpid(c, &st, __WALL) < 0 && errno == EINTR)
		;
}

static void do_ptrace(pid_t pid)
{
	if (res(ptrace(PTRACE_ATTACH, pid, 0, 0)) < 0)
		return;
	int st;
	waitpid(pid, &st, __WALL);
	ptrace(PTRACE_DETACH, pid, 0, 0);
}

static void traceme(void)
{
	pid_t c = fork();
	if (c == 0) {
		res(ptrace(PTRACE_TRACEME, 0, 0, 0));
		_exit(failed);
	}
	if (c < 0) {
		res(-1);
		return;
	}
	wait_child(c);
}

/* Opens /proc/PID/FILE; reads a little unless it is mem. */
static void proc_file(pid_t pid, const char *file)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	int fd = open(path, O_RDONLY);
	if (fd >= 0 && strcmp(file, "mem")) {
		char buf[64];
		if (read(fd, buf, sizeof(buf)) < 0) {
			close(fd);
			fd = -1;
		}
	}
	if (res(fd) >= 0)
		close(fd);
}

static void vmread(pid_t pid)
{
	unsigned long v = 0;
	struct iovec local = { .iov_base = &v, .iov_len = sizeof(v) };
	struct iovec remote = { .iov_base = (void *)&marker, .iov_len = sizeof(v) };
	res(process_vm_readv(pid, &local, 1, &remote, 1, 0));
}

static void sigio_arm(pid_t pid)
{
	if (sigio_pipe[0] < 0)
		usage_error("arm: no pipe", NULL);
	if (fcntl(sigio_pipe[0], F_SETOWN, pid) < 0) {
		res(-1);
		return;
	}
	res(fcntl(sigio_pipe[0], F_SETFL, O_ASYNC | O_NONBLOCK));
}

static void sigio_pending(void)
{
	sigset_t set;
	sigpending(&set);
	if (!sigismember(&set, SIGIO)) {
		say("none");
		return;
	}
	sigset_t io;
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	struct timespec now = { 0, 0 };	/* it is pending: taken at once */
	sigtimedwait(&io, NULL, &now);
	say("ok");
}

static void do_clone(int flag)
{
	pid_t c = (pid_t)syscall(SYS_clone, flag | SIGCHLD, NULL, NULL, NULL, NULL);
	if (c == 0)
		_exit(0);
	if (res(c) > 0)
		wait_child(c);
}

static void do_setns(const char *ns)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		res(fd);
		return;
	}
	res(setns(fd, ns_flag(ns)));
	close(fd);
}

static void settime(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	res(clock_settime(CLOCK_REALTIME, &now));
}

static void hostname(void)
{
	char name[128];
	gethostname(name, sizeof(name));
	res(sethostname(name, strlen(name)));
}

static void initmod(void)
{
	char garbage[256];
	memset(garbage, 0x5a, sizeof(garbage));
	res(syscall(SYS_init_module, garbage, sizeof(garbage), ""));
}

static void perf(void)
{
	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_CPU_CLOCK;
	a.disabled = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	int fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
	if (res(fd) >= 0)
		close(fd);
}

static void addkey(void)
{
	/* KEY_SPEC_PROCESS_KEYRING */
	res(syscall(SYS_add_key, "user", "bpfcon-e2e", "x", 1, -2));
}

/* keyctl(2) commands and the user keyring's special id (linux/keyctl.h) */
#define KEYCTL_SEARCH_K 10
#define KEYCTL_READ_K 11
#define KEY_SPEC_USER_KEYRING_K (-4)

static void adduserkey(void)
{
	res(syscall(SYS_add_key, "user", "bpfcon-e2e-u", "secret", 6, KEY_SPEC_USER_KEYRING_K));
}

static void readuserkey(void)
{
	long id = syscall(SYS_keyctl, KEYCTL_SEARCH_K, KEY_SPEC_USER_KEYRING_K, "user",
			  "bpfcon-e2e-u", 0);
	char buf[64];
	if (id >= 0)
		id = syscall(SYS_keyctl, KEYCTL_READ_K, id, buf, sizeof(buf));
	res(id);
}

/* A step before the one tried: prints only its error (then r < 0). */
static long res_quiet(long r)
{
	return r < 0 ? res(r) : r;
}

/* Another process's scheduling and limits, each set to what it is, so
 * that only the permission is tried (no capability is needed). */
static void task_set(const char *op, pid_t pid)
{
	if (!strcmp(op, "setnice")) {
		errno = 0;
		int nice = getpriority(PRIO_PROCESS, (id_t)pid);
		res(errno ? -1 : setpriority(PRIO_PROCESS, (id_t)pid, nice));
	} else if (!strcmp(op, "ioprio")) {
		/* IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4); 1: IOPRIO_WHO_PROCESS */
		res(syscall(SYS_ioprio_set, 1, pid, (2 << 13) | 4));
	} else if (!strcmp(op, "affinity")) {
		cpu_set_t set;
		if (res_quiet(sched_getaffinity(pid, sizeof(set), &set)) >= 0)
			res(sched_setaffinity(pid, sizeof(set), &set));
	} else if (!strcmp(op, "prlimit")) {
		struct rlimit lim;
		if (res_quiet(prlimit(pid, RLIMIT_NOFILE, NULL, &lim)) >= 0)
			res(prlimit(pid, RLIMIT_NOFILE, &lim, NULL));
	} else {	/* movemem */
		unsigned long nodes = 1;
		res(syscall(SYS_migrate_pages, pid, 8 * sizeof(nodes), &nodes, &nodes));
	}
}

/* Family 12 (DECnet) is gone from 6.1: socket() asks for module net-pf-12. */
static void modreq(void)
{
	int fd = socket(12, SOCK_STREAM, 0);
	if (res(fd) >= 0)
		close(fd);
}

static void sleeper(void)
{
	say("ready");
	close(1);
	for (;;)
		pause();
}

static void need(int n, int want, const char *op)
{
	if (n < want)
		usage_error("missing arguments", op);
}

/* Runs the ops in argv[0..argc). */
static void run(int argc, char **argv)
{
	while (argc > 0) {
		int n = 1;	/* words this op used */
		while (n < argc && strcmp(argv[n], "+"))
			n++;
		const char *op = argv[0];
		const char *a = n > 1 ? argv[1] : NULL;

		if (!strcmp(op, "exec")) {
			need(n, 2, op);
			execv(argv[1], argv + 1);
			res(-1);
			exit(1);
		} else if (!strcmp(op, "fork")) {
			pid_t c = fork();
			if (c == 0) {
				run(argc - 1, argv + 1);
				exit(failed);
			}
			if (c < 0) {
				res(-1);
				exit(1);
			}
			int st;
			waitpid(c, &st, 0);
			exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
		} else if (!strcmp(op, "sub")) {
			need(n, 2, op);
			pid_t c = fork();
			if (c == 0) {
				run(n - 1, argv + 1);
				exit(failed);
			}
			if (c < 0)
				res(-1);
			else
				wait_child(c);
		} else if (!strcmp(op, "nop")) {
			say("ok");
		} else if (!strcmp(op, "kill") || !strcmp(op, "tgkill") || !strcmp(op, "tkill") ||
			   !strcmp(op, "sigqueue") || !strcmp(op, "pidfd")) {
			need(n, 3, op);
			send_signal(op, who(a), sig_number(argv[2]));
		} else if (!strcmp(op, "spawn")) {
			spawn();
		} else if (!strcmp(op, "pipe")) {
			res(pipe2(sigio_pipe, O_CLOEXEC));
		} else if (!strcmp(op, "arm")) {
			need(n, 2, op);
			sigio_arm(who(a));
		} else if (!strcmp(op, "fire")) {
			res(write(sigio_pipe[1], "x", 1));
		} else if (!strcmp(op, "pending")) {
			sigio_pending();
		} else if (!strcmp(op, "ptrace")) {
			need(n, 2, op);
			do_ptrace(who(a));
		} else if (!strcmp(op, "traceme")) {
			traceme();
		} else if (!strcmp(op, "mem") || !strcmp(op, "environ") || !strcmp(op, "status")) {
			need(n, 2, op);
			proc_file(who(a), op);
		} else if (!strcmp(op, "statproc")) {
			need(n, 2, op);
			char path[64];
			struct stat st;
			snprintf(path, sizeof(path), "/proc/%d/status", (int)who(a));
			res(stat(path, &st));
		} else if (!strcmp(op, "vmread")) {
			need(n, 2, op);
			vmread(who(a));
		} else if (!strcmp(op, "chown")) {
			need(n, 3, op);
			res(chown(a, (uid_t)atoi(argv[2]), (gid_t)-1));
		} else if (!strcmp(op, "hostname")) {
			hostname();
		} else if (!strcmp(op, "mount")) {
			need(n, 2, op);
			res(mount("tmpfs", a, "tmpfs", 0, NULL));
		} else if (!strcmp(op, "umount")) {
			need(n, 2, op);
			res(umount2(a, 0));
		} else if (!strcmp(op, "unshare")) {
			need(n, 2, op);
			res(unshare(ns_flag(a)));
		} else if (!strcmp(op, "clone")) {
			need(n, 2, op);
			do_clone(ns_flag(a));
		} else if (!strcmp(op, "setns")) {
			need(n, 2, op);
			do_setns(a);
		} else if (!strcmp(op, "userns-mount")) {
			need(n, 2, op);
			if (res(unshare(CLONE_NEWUSER | CLONE_NEWNS)) >= 0)
				res(mount("tmpfs", a, "tmpfs", 0, NULL));
		} else if (!strcmp(op, "settime")) {
			settime();
		} else if (!strcmp(op, "reboot")) {
			res(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
				    LINUX_REBOOT_CMD_CAD_OFF, NULL));
		} else if (!strcmp(op, "initmod")) {
			initmod();
		} else if (!strcmp(op, "kexec")) {
			res(syscall(SYS_kexec_load, 0ul, 0ul, NULL, (unsigned long)KEXEC_ARCH_DEFAULT));
		} else if (!strcmp(op, "perf")) {
			perf();
		} else if (!strcmp(op, "addkey")) {
			addkey();
		} else if (!strcmp(op, "adduserkey")) {
			adduserkey();
		} else if (!strcmp(op, "readuserkey")) {
			readuserkey();
		} else if (!strcmp(op, "setnice") || !strcmp(op, "ioprio") || !strcmp(op, "affinity") ||
			   !strcmp(op, "prlimit") || !strcmp(op, "movemem")) {
			need(n, 2, op);
			task_set(op, who(a));
		} else if (!strcmp(op, "modreq")) {
			modreq();
		} else if (!strcmp(op, "sleeper")) {
			sleeper();
		} else {
			usage_error("unknown op", op);
		}
		if (n < argc)
			n++;	/* the "+" */
		argc -= n;
		argv += n;
	}
}

int main(int argc, char **argv)
{
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD)
			signal(s, SIG_IGN);
	sigset_t io;
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	sigprocmask(SIG_BLOCK, &io, NULL);
	if (argc < 2) {
		fprintf(stderr, "usage: taskprobe OP [ARG...] [+ OP [ARG...]]...\n");
		return 2;
	}
	run(argc - 1, argv + 1);
	return failed;
}
