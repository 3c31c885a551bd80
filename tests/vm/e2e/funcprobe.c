// SPDX-License-Identifier: GPL-2.0-only
/* funcprobe.c - the e2e test program of function contexts
 * (tests/vm/e2e/suite-func.sh, policies func*.pol|yml): reads a file
 * inside and outside functions the policies name, and prints each result
 * as LABEL:ok or LABEL:ERRNO-NAME, one per line.  Built static by
 * tests/vm/e2e/run; the suite runs copies of it as the policies' programs.
 *
 *   funcprobe CASE PATH [ARG]
 *
 * CASEs (f = check_login unless said otherwise):
 *   plain        read PATH                                   plain
 *   inside       outside, in f, outside again                out login0 after
 *   nested N     f calls itself N times; each level reads after its inner
 *                call returned                               loginN..login0 after
 *   thread       f starts a thread that reads, then reads    thread login0
 *   otherthread  a thread started before f reads while the main thread is
 *                in f; then f reads                          other login0
 *   signal       f raises SIGUSR1; the handler reads, then calls f (which
 *                reads); back in f it reads; then outside    handler handler-f
 *                                                            login-after after
 *   longjmp      jumper reads and longjmps out; main reads, a helper reads,
 *                then jumper is called again and returns     jumper main helper
 *                                                            jumper-again
 *   never        never_returns reads and ends its thread (raw exit); the
 *                main thread reads, then never_returns in a forked child
 *                reads and ends the process; then the main thread calls it
 *                and it returns                              never main child
 *                                                            never-again
 *   sigedit      f raises SIGUSR2, whose handler changes the saved context
 *                so that the return resumes in hijack() on f's stack,
 *                which reads and exits                       hijack
 *   sigjmp       f raises SIGUSR1, whose handler siglongjmps to main; main
 *                reads, then calls f                         main login0
 *   signest      f raises SIGUSR1, whose handler raises SIGUSR2, whose
 *                handler reads and calls f; back in the first handler it
 *                reads; back in f it reads                   h2 handler-f h1
 *                                                            login-after
 *   sigstack     f raises SIGUSR1, whose handler moves its stack pointer
 *                into f's frame (above the signal frame) and reads from
 *                there, then exits                           stack
 *   exec         f reads, then execs this program: plain     login0 plain
 *   restrict     outside, in add_user, outside               out add_user after
 *   other [BIN]  other_login reads; with BIN, then execs BIN other PATH
 *                                                            other_login...
 *   kfunc        open and read PATH, then stat it            open stat
 *
 * The functions the policies name are global and never inlined, cloned or
 * merged (noipa), so the symbol is the code that runs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOIPA __attribute__((noipa, used))

static const char *g_path;

/* write(2) only, so lines of threads and children keep their order. */
static void say(const char *label, const char *res)
{
	char buf[160];
	int n = snprintf(buf, sizeof(buf), "%s:%s\n", label, res);
	(void)!write(1, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static const char *errname(int e)
{
	static __thread char buf[16];
	const char *n = strerrorname_np(e);
	if (n)
		return n;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

/* Opens and reads g_path; prints LABEL:ok or LABEL:ERRNO. */
NOIPA void attempt(const char *label)
{
	char c;
	int fd = open(g_path, O_RDONLY);
	if (fd < 0 || read(fd, &c, 1) < 0) {
		say(label, errname(errno));
	} else {
		say(label, "ok");
	}
	if (fd >= 0)
		close(fd);
}

/* --- check_login: what it does besides reading ------------------------ */

enum { DO_READ, DO_THREAD, DO_WAIT_OTHER, DO_SIGNAL, DO_EXEC, DO_SIGEDIT, DO_SIGJMP, DO_SIGSTACK };

static int g_pipe_go[2], g_pipe_done[2];

static void *reader_thread(void *arg)
{
	attempt(arg);
	return NULL;
}

/* The other thread: waits until the main thread is in check_login. */
static void *waiting_thread(void *arg)
{
	char c;
	if (read(g_pipe_go[0], &c, 1) == 1)
		attempt(arg);
	(void)!write(g_pipe_done[1], "x", 1);
	return NULL;
}

NOIPA void check_login(int what, int depth);

static void on_usr1(int sig)
{
	(void)sig;
	attempt("handler");
	check_login(DO_READ, -1);	/* -1: label handler-f */
}

static sigjmp_buf g_sigjump;

static void on_usr1_jump(int sig)
{
	(void)sig;
	siglongjmp(g_sigjump, 1);
}

/* Where the edited signal context resumes: on the interrupted stack, as
 * if called from inside check_login. */
NOIPA void hijack(void)
{
	attempt("hijack");
	_exit(0);
}

static void on_usr2_edit(int sig, siginfo_t *si, void *uctx)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = uctx;
	greg_t sp = uc->uc_mcontext.gregs[REG_RSP];
	uc->uc_mcontext.gregs[REG_RSP] = ((sp - 512) & ~(greg_t)15) - 8;
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)hijack;
}

static void on_usr2_nested(int sig)
{
	(void)sig;
	attempt("h2");
	check_login(DO_READ, -1);
}

static void on_usr1_outer(int sig)
{
	(void)sig;
	raise(SIGUSR2);
	attempt("h1");
}

/* An address in check_login's own frame, above anything it called. */
static char *volatile g_login_frame;

NOIPA void stack_attempt(void)
{
	attempt("stack");
}

static void on_usr1_stack(int sig)
{
	(void)sig;
	char *sp = (char *)(((unsigned long)g_login_frame - 64) & ~15ul);
	/* call stack_attempt with the stack pointer there; never back */
	__asm__ volatile("mov %0, %%rsp\n\tcall stack_attempt\n\t"
			 "mov $60, %%eax\n\txor %%edi, %%edi\n\tsyscall"
			 : : "r"(sp) : "memory");
}

NOIPA void check_login(int what, int depth)
{
	char label[32];
	if (depth > 0)
		check_login(what, depth - 1);
	if (depth < 0)
		snprintf(label, sizeof(label), "handler-f");
	else
		snprintf(label, sizeof(label), "login%d", depth);
	switch (what) {
	case DO_THREAD: {
		pthread_t t;
		if (pthread_create(&t, NULL, reader_thread, "thread") == 0)
			pthread_join(t, NULL);
		break;
	}
	case DO_WAIT_OTHER: {
		char c;
		(void)!write(g_pipe_go[1], "x", 1);
		(void)!read(g_pipe_done[0], &c, 1);
		break;
	}
	case DO_SIGEDIT:
		raise(SIGUSR2);
		break;
	case DO_SIGJMP:
		raise(SIGUSR1);
		break;
	case DO_SIGSTACK:
		g_login_frame = label;
		raise(SIGUSR1);
		break;
	case DO_SIGNAL:
		raise(SIGUSR1);
		snprintf(label, sizeof(label), "login-after");
		break;
	case DO_EXEC: {
		attempt(label);
		char *argv[] = { "funcprobe", "plain", (char *)g_path, NULL };
		execv("/proc/self/exe", argv);
		say("exec", errname(errno));
		return;
	}
	}
	attempt(label);
}

/* --- the others ------------------------------------------------------ */

static jmp_buf g_jump;

NOIPA void jumper(int jump)
{
	attempt(jump ? "jumper" : "jumper-again");
	if (jump)
		longjmp(g_jump, 1);
}

/* how: 0 returns, 1 ends the thread (after telling the main thread), 2
 * ends the process. */
NOIPA void never_returns(const char *label, int how)
{
	attempt(label);
	if (how == 1) {
		(void)!write(g_pipe_done[1], "x", 1);
		syscall(SYS_exit, 0);
	}
	if (how == 2)
		_exit(0);
}

static void *never_thread(void *arg)
{
	(void)arg;
	never_returns("never", 1);
	return NULL;
}

NOIPA void add_user(void)
{
	attempt("add_user");
}

NOIPA void other_login(void)
{
	attempt("other_login");
}

/* Reads through a few frames of its own: code deeper than main. */
NOIPA void helper(int n)
{
	if (n > 0)
		helper(n - 1);
	else
		attempt("helper");
}

static int usage(void)
{
	fprintf(stderr, "usage: funcprobe CASE PATH [ARG]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	const char *c = argv[1];
	g_path = argv[2];
	if (!strcmp(c, "plain")) {
		attempt("plain");
	} else if (!strcmp(c, "inside")) {
		attempt("out");
		check_login(DO_READ, 0);
		attempt("after");
	} else if (!strcmp(c, "nested")) {
		check_login(DO_READ, argc > 3 ? atoi(argv[3]) : 2);
		attempt("after");
	} else if (!strcmp(c, "thread")) {
		check_login(DO_THREAD, 0);
	} else if (!strcmp(c, "otherthread")) {
		pthread_t t;
		if (pipe(g_pipe_go) || pipe(g_pipe_done) ||
		    pthread_create(&t, NULL, waiting_thread, "other"))
			return 1;
		check_login(DO_WAIT_OTHER, 0);
		pthread_join(t, NULL);
	} else if (!strcmp(c, "signal")) {
		signal(SIGUSR1, on_usr1);
		check_login(DO_SIGNAL, 0);
		attempt("after");
	} else if (!strcmp(c, "sigedit")) {
		struct sigaction sa = { .sa_sigaction = on_usr2_edit, .sa_flags = SA_SIGINFO };
		sigaction(SIGUSR2, &sa, NULL);
		check_login(DO_SIGEDIT, 0);
		attempt("not-hijacked");
	} else if (!strcmp(c, "signest")) {
		signal(SIGUSR1, on_usr1_outer);
		signal(SIGUSR2, on_usr2_nested);
		check_login(DO_SIGNAL, 0);
	} else if (!strcmp(c, "sigstack")) {
		signal(SIGUSR1, on_usr1_stack);
		check_login(DO_SIGSTACK, 0);
	} else if (!strcmp(c, "sigjmp")) {
		signal(SIGUSR1, on_usr1_jump);
		if (!sigsetjmp(g_sigjump, 1))
			check_login(DO_SIGJMP, 0);
		attempt("main");
		check_login(DO_READ, 0);
	} else if (!strcmp(c, "longjmp")) {
		if (!setjmp(g_jump))
			jumper(1);
		attempt("main");
		helper(3);
		jumper(0);
	} else if (!strcmp(c, "never")) {
		pthread_t t;
		if (pipe(g_pipe_done) || pthread_create(&t, NULL, never_thread, NULL))
			return 1;
		/* It ends inside never_returns, never joined; its line is
		 * written once this read returns. */
		char b;
		(void)!read(g_pipe_done[0], &b, 1);
		attempt("main");
		pid_t pid = fork();
		if (pid == 0)
			never_returns("child", 2);
		waitpid(pid, NULL, 0);
		never_returns("never-again", 0);
	} else if (!strcmp(c, "exec")) {
		check_login(DO_EXEC, 0);
	} else if (!strcmp(c, "restrict")) {
		attempt("out");
		add_user();
		attempt("after");
	} else if (!strcmp(c, "other")) {
		other_login();
		if (argc > 3) {
			char *nargv[] = { argv[3], "other", argv[2], NULL };
			execv(argv[3], nargv);
			say("exec", errname(errno));
		}
	} else if (!strcmp(c, "kfunc")) {
		attempt("open");
		struct stat st;
		say("stat", stat(g_path, &st) ? errname(errno) : "ok");
	} else {
		return usage();
	}
	return 0;
}
