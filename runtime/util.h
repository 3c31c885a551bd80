/* SPDX-License-Identifier: GPL-2.0-only */
/* util.h - what every bpfcon subcommand shares: exit codes, messages,
 * allocation that cannot fail, policy name checks, time formatting. */
#ifndef BPFCON_RT_UTIL_H
#define BPFCON_RT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	RT_OK = 0,	/* done */
	RT_FAIL = 1,	/* the operation failed */
	RT_USAGE = 2,	/* bad command line */
};

/* "bpfcon" or "bpfcon-load": the name messages start with. */
extern const char *rt_prog;

void rt_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the message and a pointer to --help; returns RT_USAGE. */
int rt_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A policy name usable as a pin directory: nonempty, printable, at most
 * 200 bytes, no '/', no '+' (staging pins) and no '.' (bpffs refuses
 * names with dots). */
bool rt_valid_name(const char *name);

/* RFC 3339 in UTC, "2026-11-23T10:55:01.123Z" (without ".123" unless MS),
 * from CLOCK_REALTIME ns. */
void rt_format_time(uint64_t realtime_ns, char *buf, size_t n, bool ms);
/* CLOCK_REALTIME minus CLOCK_BOOTTIME, in ns: add to a boot-time stamp. */
int64_t rt_boot_to_real_offset(void);

struct option;
/* getopt_long over the arguments of subcommand CMD (argv[0] is its name;
 * set optind = 0 before the first call).  SHORTOPTS as getopt's, "+"
 * first to stop at the first operand.  Returns the next option, -1 after
 * the last, or RT_GETOPT_ERR after printing a usage error ("CMD: unknown
 * option '--x'", "CMD: option '--x' needs a value"): return RT_USAGE then. */
#define RT_GETOPT_ERR (-2)
int rt_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	      const char *cmd);
/* The options of a subcommand whose only option is -h/--help (USAGE is
 * printed for it).  Returns -1 to go on with the operands in
 * argv[optind..argc), or the exit status.  STOP: options end at the first
 * operand (run's CMD keeps its own). */
int rt_parse_help(int argc, char **argv, const char *cmd, const char *usage, bool stop);

/* The bpfcc to run: OPT if given, $BPFCC, the bpfcc beside this program,
 * or "bpfcc" (PATH).  BUF (N bytes) may hold the result. */
const char *rt_find_bpfcc(const char *opt, char *buf, size_t n);
/* The file the command CMD runs: itself if it has a '/', else the first
 * executable in PATH; NULL if none.  BUF (N bytes) may hold the result. */
const char *rt_which(const char *cmd, char *buf, size_t n);
/* Runs the subcommand FN(ARGC, ARGV) in a child (its libbpf state stays
 * there), its standard output to /dev/null if QUIET; returns its exit
 * status. */
int rt_fork_cmd(int (*fn)(int, char **), int argc, char **argv, bool quiet);

#endif
