// SPDX-License-Identifier: GPL-2.0-only
/* util.c - messages, exit codes, checked allocation, policy names and
 * time formatting shared by every bpfcon subcommand. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	if (!localtime_r(&t, &tm)) {
		snprintf(buf, n, "%llu", (unsigned long long)realtime_ns);
		return;
	}
	size_t len = strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
	if (ms && len < n)
		snprintf(buf + len, n - len, ".%03u",
			 (unsigned)(realtime_ns / 1000000ull % 1000));
}

int64_t rt_boot_to_real_offset(void)
{
	struct timespec real, boot;
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	return ((int64_t)real.tv_sec - boot.tv_sec) * 1000000000ll +
	       ((int64_t)real.tv_nsec - boot.tv_nsec);
}
