// SPDX-License-Identifier: GPL-2.0-only
/* util.c - messages, exit codes, checked allocation, policy names and
 * time formatting shared by every bpfcon subcommand. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *rt_prog = "bpfcon";

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s", rt_prog, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void rt_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
}

void rt_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

int rt_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", rt_prog);
	return RT_USAGE;
}

static void *oom(void *p)
{
	if (!p) {
		fprintf(stderr, "%s: error: out of memory\n", rt_prog);
		exit(RT_FAIL);
	}
	return p;
}

void *xmalloc(size_t n) { return oom(malloc(n ? n : 1)); }
void *xcalloc(size_t n, size_t size) { return oom(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t n) { return oom(realloc(p, n ? n : 1)); }
char *xstrdup(const char *s) { return oom(strdup(s)); }

bool rt_valid_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 200)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p == '/' || *p == '.' || *p == '+' || *p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

void rt_format_time(uint64_t realtime_ns, char *buf, size_t n, bool ms)
{
	time_t t = (time_t)(realtime_ns / 1000000000ull);
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, n, "%llu", (unsigned long long)realtime_ns);
		return;
	}
	size_t len = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	if (ms && len < n)
		len += (size_t)snprintf(buf + len, n - len, ".%03u",
					(unsigned)(realtime_ns / 1000000ull % 1000));
	if (len < n)
		snprintf(buf + len, n - len, "Z");
}

int64_t rt_boot_to_real_offset(void)
{
	struct timespec real, boot;
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	return ((int64_t)real.tv_sec - boot.tv_sec) * 1000000000ll +
	       ((int64_t)real.tv_nsec - boot.tv_nsec);
}

int rt_parse_help(int argc, char **argv, const char *cmd, const char *usage, bool stop)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	int c;
	optind = 0;
	while ((c = rt_getopt(argc, argv, stop ? "+h" : "h", opts, cmd)) != -1) {
		if (c != 'h')
			return RT_USAGE;
		fputs(usage, stdout);
		return RT_OK;
	}
	return -1;
}

int rt_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	      const char *cmd)
{
	char opts[64];
	/* ':' first: a missing value is told apart from an unknown option */
	snprintf(opts, sizeof(opts), "%s%s", shortopts[0] == '+' ? "+:" : ":",
		 shortopts + (shortopts[0] == '+'));
	opterr = 0;
	int c = getopt_long(argc, argv, opts, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	char bad[64];
	const char *prev = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	bool is_long = !strncmp(prev, "--", 2);
	if (is_long)
		snprintf(bad, sizeof(bad), "%s", prev);
	else
		snprintf(bad, sizeof(bad), "-%c", optopt);
	char *eq = strchr(bad, '=');
	if (eq)
		*eq = '\0';
	const char *sep = *cmd ? ": " : "";
	if (c == ':')
		rt_usage("%s%soption '%s' needs a value", cmd, sep, bad);
	else if (is_long && optopt)	/* a known long option given a value */
		rt_usage("%s%soption '%s' takes no value", cmd, sep, bad);
	else
		rt_usage("%s%sunknown option '%s'", cmd, sep, bad);
	return RT_GETOPT_ERR;
}

/* The bpfcc to run: --bpfcc, $BPFCC, the bpfcc beside this program, or
 * "bpfcc" (PATH). */
const char *rt_find_bpfcc(const char *opt, char *buf, size_t n)
{
	if (opt && *opt)
		return opt;
	const char *env = getenv("BPFCC");
	if (env && *env)
		return env;
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		self[len] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(buf, n, "%s/bpfcc", self) < (int)n && access(buf, X_OK) == 0)
				return buf;
		}
	}
	return "bpfcc";
}

/* The file the command NAME runs: itself if it has a '/', else the first
 * executable in PATH; NULL if none. */
const char *rt_which(const char *cmd, char *buf, size_t n)
{
	if (strchr(cmd, '/'))
		return cmd;
	const char *path = getenv("PATH");
	char *copy = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	const char *found = NULL;
	for (char *save, *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		if (snprintf(buf, n, "%s/%s", *d ? d : ".", cmd) < (int)n && access(buf, X_OK) == 0) {
			found = buf;
			break;
		}
	}
	free(copy);
	return found;
}

int rt_fork_cmd(int (*fn)(int, char **), int argc, char **argv, bool quiet)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		rt_err("fork: %s", strerror(errno));
		return RT_FAIL;
	}
	if (pid == 0) {
		if (quiet) {
			int null = open("/dev/null", O_WRONLY);
			if (null >= 0)
				dup2(null, 1);
		}
		int r = fn(argc, argv);
		fflush(NULL);
		_exit(r);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return RT_FAIL;
	return WIFEXITED(st) ? WEXITSTATUS(st) : RT_FAIL;
}
