// SPDX-License-Identifier: GPL-2.0-only
/* test_glob.c - path patterns: matching, validation, intersection and
 * coverage (compiler/glob.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glob.h"
#include "unit.h"
#include "util.h"

#define M(p, s) CHECK(glob_match(p, s))
#define NM(p, s) CHECK(!glob_match(p, s))

static void test_magic(void)
{
	CHECK(!glob_has_magic("/etc/passwd"));
	CHECK(glob_has_magic("/etc/*"));
	CHECK(glob_has_magic("/etc/?"));
	CHECK(glob_has_magic("/etc/[ab]"));
	CHECK(!glob_has_magic(""));
}

static void test_literal(void)
{
	M("/etc/passwd", "/etc/passwd");
	NM("/etc/passwd", "/etc/passw");
	NM("/etc/passwd", "/etc/passwdx");
	M("/", "/");
	NM("/", "");
}

static void test_star(void)
{
	M("/etc/*", "/etc/passwd");
	M("/etc/*", "/etc/");
	NM("/etc/*", "/etc/ssh/sshd_config");
	NM("/etc/*", "/etc");
	M("/var/log/*.log", "/var/log/syslog.log");
	NM("/var/log/*.log", "/var/log/syslog.log.1");
	M("/a/*/c", "/a/b/c");
	NM("/a/*/c", "/a/b/x/c");
	M("/a*b", "/ab");
	M("/a*b", "/axxxb");
	NM("/a*b", "/ax/b");
	M("/*", "/.hidden");
	M("/*/*", "/a/b");
	NM("/*/*", "/a");
}

static void test_double_star(void)
{
	M("/a/**", "/a");
	M("/a/**", "/a/");
	M("/a/**", "/a/b");
	M("/a/**", "/a/b/c");
	NM("/a/**", "/ab");
	NM("/a/**", "/b/a");
	M("/a/**/b", "/a/b");
	M("/a/**/b", "/a/x/b");
	M("/a/**/b", "/a/x/y/b");
	NM("/a/**/b", "/a/xb");
	NM("/a/**/b", "/a/x/y/bc");
	M("/**", "/");
	M("/**", "/anything/at/all");
	M("/**/*.so", "/lib.so");
	M("/**/*.so", "/usr/lib/x86_64/libc.so");
	NM("/**/*.so", "/usr/lib/libc.so.6");
	M("/a/**/b/**", "/a/b");
	M("/a/**/b/**", "/a/x/b/y/z");
	M("/a/**/**/b", "/a/b");
	M("**", "anything/here");
	M("**/x", "x");
	M("**/x", "d/e/x");
	NM("**/x", "dx");
}

static void test_question_and_sets(void)
{
	M("/dev/tty?", "/dev/tty1");
	NM("/dev/tty?", "/dev/tty");
	NM("/dev/tty?", "/dev/tty12");
	NM("/a?b", "/a/b");
	M("/dev/sd[ab]", "/dev/sda");
	M("/dev/sd[ab]", "/dev/sdb");
	NM("/dev/sd[ab]", "/dev/sdc");
	M("/dev/sd[a-c]1", "/dev/sdc1");
	NM("/dev/sd[a-c]1", "/dev/sdd1");
	M("/x[!abc]", "/xd");
	NM("/x[!abc]", "/xa");
	NM("/x[!abc]", "/x/");
	NM("/a[/]b", "/a/b");
	M("/x[]]", "/x]");
	M("/x[]a]", "/xa");
	M("/x[!]]", "/xa");
	NM("/x[!]]", "/x]");
	M("/x[a-]", "/x-");
	M("/x[-a]", "/x-");
	M("/x[[]", "/x[");
	/* Lenient matching of malformed patterns: never crashes. */
	M("/x[ab", "/x[ab");
	M("/a**", "/abc");
	NM("/a**", "/a/b");
}

static void valid_err(const char *p, size_t want_off)
{
	size_t off = 12345;
	const char *msg = NULL;
	CHECK(!glob_valid(p, &off, &msg));
	CHECK(off == want_off);
	CHECK(msg != NULL && msg[0] != '\0');
	if (off != want_off)
		fprintf(stderr, "  pattern '%s': offset %zu, wanted %zu (%s)\n", p, off,
			want_off, msg ? msg : "");
}

static void test_valid(void)
{
	size_t off;
	const char *msg;
	CHECK(glob_valid("/etc/passwd", &off, &msg));
	CHECK(glob_valid("/a/**/b/*.c", &off, &msg));
	CHECK(glob_valid("/**", &off, &msg));
	CHECK(glob_valid("/x[]]", &off, &msg));
	CHECK(glob_valid("/x[!a-z]", &off, &msg));
	CHECK(glob_valid("/a/b?c", &off, &msg));
	valid_err("/x[ab", 2);
	valid_err("/x[", 2);
	valid_err("/x[]", 2);
	valid_err("/x[!]", 2);
	valid_err("/x[/]", 2);
	valid_err("/x[z-a]", 3);
	valid_err("/a/***", 3);
	valid_err("/a/***/b", 3);
	valid_err("/a**", 2);
	valid_err("/**a", 1);
	valid_err("/a/b**/c", 4);
	valid_err("/ok/[a]/x**", 9);
}

static void test_intersects(void)
{
	CHECK(glob_intersects("/a/b", "/a/b"));
	CHECK(!glob_intersects("/a/b", "/a/c"));
	CHECK(glob_intersects("/a/*", "/a/b"));
	CHECK(glob_intersects("/a/b", "/a/*"));
	CHECK(!glob_intersects("/a/*", "/a/b/c"));
	CHECK(glob_intersects("/a/*", "/*/b"));
	CHECK(glob_intersects("/a/**", "/**/c"));
	CHECK(!glob_intersects("/a/*", "/b/*"));
	CHECK(glob_intersects("/x[a-c]", "/x[c-e]"));
	CHECK(!glob_intersects("/x[a-c]", "/x[d-f]"));
	CHECK(glob_intersects("/x[!a]", "/x?"));
	CHECK(!glob_intersects("/x[!a]", "/xa"));
	CHECK(glob_intersects("/**", "/etc/*"));
	CHECK(!glob_intersects("/etc/*.conf", "/etc/*.d/*"));
	CHECK(glob_intersects("/etc/**/*.conf", "/etc/*.d/*"));
	CHECK(!glob_intersects("/a/?", "/a/??"));
	CHECK(glob_intersects("/a/*", "/a/??"));
	CHECK(glob_intersects("/a/**", "/a"));
	CHECK(!glob_intersects("/a/**", "/ab*"));
	CHECK(glob_intersects("/a*", "/a/**"));
}

static void test_covers(void)
{
	CHECK(glob_covers("/a/*", "/a/b"));
	CHECK(!glob_covers("/a/*", "/a/b/c"));
	CHECK(glob_covers("/a/**", "/a/b/*"));
	CHECK(glob_covers("/a/**", "/a/**"));
	CHECK(glob_covers("/a/**", "/a/[xy]"));
	CHECK(!glob_covers("/a/**", "/a*"));
	CHECK(!glob_covers("/a/**", "/ab/*"));
	CHECK(glob_covers("/**", "/x/*"));
	CHECK(glob_covers("/a/*.c", "/a/*.c"));
	/* Conservative: true in fact, but not provable by the simple rules. */
	CHECK(!glob_covers("/a/*", "/a/b*"));
	CHECK(!glob_covers("/*/**", "/a/*"));
	CHECK(glob_covers("/a/b", "/a/b"));
	CHECK(!glob_covers("/a/b", "/a/c"));
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Patterns that make backtracking matchers exponential must stay fast. */
static void test_long_inputs(void)
{
	char path[4097], pat[4097], flat[4097];
	size_t n = 0;
	while (n < 4096) {
		path[n++] = '/';
		path[n++] = 'a';
	}
	path[n] = '\0';
	size_t m = 0;
	while (m + 6 <= 4000) {
		memcpy(pat + m, "/**/a*", 6);
		m += 6;
	}
	memcpy(pat + m, "/b", 3);
	flat[0] = '/';
	memset(flat + 1, 'a', 4095);
	flat[4096] = '\0';
	double t0 = seconds();
	NM(pat, path);		/* no 'b' anywhere: every split explored */
	CHECK(!glob_intersects(pat, "/**/a"));
	CHECK(glob_intersects(pat, "/**/b"));
	path[n - 1] = 'b';
	M(pat, path);
	M("/**/b", path);
	M("/**/**/**/**/**/**/**/**/**/**/b", path);
	NM("/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c", flat);
	M("/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", flat);
	CHECK(!glob_intersects("/*a*a*a*a*a*a*a*a*c", "/**/*a*a*a*a*a*a*a*a*a*d"));
	double dt = seconds() - t0;
	CHECK(dt < 5.0);
	if (dt >= 5.0)
		fprintf(stderr, "  long inputs took %.2fs\n", dt);
	CHECK(strlen(path) == 4096);
}

static void run_tests(void)
{
	test_magic();
	test_literal();
	test_star();
	test_double_star();
	test_question_and_sets();
	test_valid();
	test_intersects();
	test_covers();
	test_long_inputs();
}

UNIT_MAIN("glob")
