// SPDX-License-Identifier: GPL-2.0-only
/* test_pathdfa.c - the path DFA (compiler/pathdfa.c) must report exactly
 * the patterns glob_match() matches: hand cases per glob feature, a seeded
 * randomized differential test on near-miss paths, minimality and table
 * invariants, the state limit, and builds at scale. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glob.h"
#include "pathdfa.h"
#include "unit.h"
#include "util.h"

#define LIMIT 100000

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Does the DFA report exactly the ids of the patterns glob_match says
 * match path?  Prints the first few disagreements. */
static bool agrees(const struct pathdfa *d, const char *const *pats, const uint32_t *ids,
		   size_t n, const char *path)
{
	const struct pathdfa_set *got = pathdfa_run(d, path);
	uint32_t want[1024];
	uint32_t nw = 0;
	for (size_t i = 0; i < n; i++) {
		if (!glob_match(pats[i], path))
			continue;
		bool dup = false;
		for (uint32_t k = 0; k < nw; k++)
			dup |= want[k] == ids[i];
		if (!dup)
			want[nw++] = ids[i];
	}
	bool ok = got->n == nw;
	for (uint32_t k = 0; ok && k < nw; k++) {
		bool in = false;
		for (uint32_t j = 0; j < got->n; j++)
			in |= got->ids[j] == want[k];
		ok = in;
	}
	for (uint32_t j = 1; ok && j < got->n; j++)
		ok = got->ids[j - 1] < got->ids[j];
	static int shown;
	if (!ok && shown++ < 10) {
		fprintf(stderr, "  path '%s': dfa reports %u ids, glob_match %u; patterns:", path,
			got->n, nw);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " '%s'", pats[i]);
		fprintf(stderr, "\n");
	}
	return ok;
}

/* Builds the patterns with ids 0..n-1. */
static bool build(struct pathdfa *d, const char *const *pats, size_t n)
{
	uint32_t ids[64];
	for (size_t i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	const char *err = NULL;
	bool ok = pathdfa_build(pats, ids, n, LIMIT, d, &err);
	if (!ok)
		fprintf(stderr, "  build failed: %s\n", err ? err : "(no message)");
	return ok;
}

/* Expects pattern p to match each path in yes[] and none in no[]. */
static void one(const char *p, const char *const *yes, const char *const *no)
{
	struct pathdfa d;
	CHECK(build(&d, &p, 1));
	for (; *yes; yes++) {
		CHECK(glob_match(p, *yes));
		CHECK(pathdfa_run(&d, *yes)->n == 1);
	}
	for (; *no; no++) {
		CHECK(!glob_match(p, *no));
		CHECK(pathdfa_run(&d, *no)->n == 0);
	}
}

#define L(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_features(void)
{
	one("/etc/passwd", L("/etc/passwd"), L("/etc/passw", "/etc/passwdx", "", "/"));
	one("/", L("/"), L("", "//", "/a"));
	one("", L(""), L("/", "a"));
	one("/etc/*", L("/etc/passwd", "/etc/"), L("/etc", "/etc/ssh/x", "/etcx"));
	one("/a*b", L("/ab", "/axxxb", "/a\xff" "b"), L("/ax/b", "/a", "/abc"));
	one("/a/**", L("/a", "/a/", "/a/b", "/a/b/c", "/a//"), L("/ab", "/b/a", "", "/"));
	one("/a/**/b", L("/a/b", "/a/x/b", "/a/x/y/b", "/a//b"), L("/a/xb", "/a/x/y/bc", "/ab"));
	one("/**", L("", "/", "/anything/at/all"), L("a", "x/"));
	one("/**/*.so", L("/lib.so", "/usr/lib/libc.so", "/.so"), L("/usr/lib/libc.so.6", "lib.so"));
	one("**", L("", "anything", "/a/b", "\x01\x7f\x80\xff"), L(NULL));
	one("**/x", L("x", "d/x", "/x", "d/e/x"), L("dx", "x/", "/dx"));
	one("/a/**/**/b", L("/a/b", "/a/x/b", "/a/x/y/b"), L("/ab", "/a/x"));
	one("/a/**/b/**", L("/a/b", "/a/x/b/y/z", "/a/b/"), L("/a/bc", "/a/x"));
	one("/dev/tty?", L("/dev/tty1", "/dev/tty\xe9"), L("/dev/tty", "/dev/tty12", "/dev/tty/"));
	one("/dev/sd[ab]", L("/dev/sda", "/dev/sdb"), L("/dev/sdc", "/dev/sd"));
	one("/dev/sd[a-c]1", L("/dev/sdc1"), L("/dev/sdd1"));
	one("/x[!abc]", L("/xd", "/x\x80"), L("/xa", "/x/", "/x"));
	one("/x[!/]", L("/xa", "/x\xff"), L("/x/", "/x"));
	one("/x[/a]", L("/xa"), L("/x/"));
	one("/x[.-0]", L("/x.", "/x0"), L("/x/", "/x1"));
	one("/x[]a]", L("/x]", "/xa"), L("/xb"));
	one("/x[!]]", L("/xa"), L("/x]"));
	one("/x[a-]", L("/xa", "/x-"), L("/xb"));
	one("/x[[]", L("/x["), L("/x]"));
}

static void test_sets_and_ids(void)
{
	const char *pats[] = { "/a/**", "/a/*", "/a/b", "/a/b", "/**/b" };
	uint32_t ids[] = { 7, 3, 3, 9, 1 };
	struct pathdfa d;
	const char *err;
	CHECK(pathdfa_build(pats, ids, 5, LIMIT, &d, &err));
	const struct pathdfa_set *s = pathdfa_run(&d, "/a/b");
	CHECK(s->n == 4 && s->ids[0] == 1 && s->ids[1] == 3 && s->ids[2] == 7 && s->ids[3] == 9);
	s = pathdfa_run(&d, "/a");
	CHECK(s->n == 1 && s->ids[0] == 7);
	CHECK(pathdfa_run(&d, "/c")->n == 0);
	CHECK(d.sets[0].n == 0);
	CHECK(d.accept[d.dead] == 0);

	/* No patterns: one dead state. */
	CHECK(pathdfa_build(NULL, NULL, 0, LIMIT, &d, &err));
	CHECK(d.nstates == 1 && d.dead == 0 && pathdfa_run(&d, "/x")->n == 0);

	/* Invalid patterns are refused. */
	const char *bad = "/a**";
	err = NULL;
	CHECK(!pathdfa_build(&bad, ids, 1, LIMIT, &d, &err) && err != NULL);
}

/* Two literals with one id share their tails: start, '/', 'a'|'c', 'b'
 * (accepting) and dead. */
static void test_minimal_counts(void)
{
	const char *pats[] = { "/ab", "/cb" };
	uint32_t ids[] = { 1, 1 };
	struct pathdfa d;
	const char *err;
	CHECK(pathdfa_build(pats, ids, 2, LIMIT, &d, &err));
	CHECK(d.nstates == 5);
	const char *star = "/a/*";
	CHECK(pathdfa_build(&star, ids, 1, LIMIT, &d, &err));
	CHECK(d.nstates == 5);	/* start, "/", "/a", "/a/..." (accepting), dead */
}

/* ---- table invariants and minimality, checked on the output ---- */

static bool tables_sound(const struct pathdfa *d)
{
	for (uint32_t s = 0; s < d->nstates; s++) {
		if (d->base[s] + d->nclasses > d->ntrans || d->dflt[s] >= d->nstates ||
		    d->accept[s] >= d->nsets)
			return false;
		for (uint32_t c = 0; c < 256; c++)
			if (pathdfa_step(d, s, (unsigned char)c) >= d->nstates)
				return false;
	}
	for (uint32_t c = 0; c < 256; c++)
		if (pathdfa_step(d, d->dead, (unsigned char)c) != d->dead)
			return false;
	return d->accept[d->dead] == 0;
}

/* Moore refinement on the output: every state reachable (the dead state
 * may not be) and no two states equivalent. */
static bool is_minimal(const struct pathdfa *d)
{
	uint32_t n = d->nstates, nc = d->nclasses;
	uint32_t *rep = calloc(nc, sizeof(*rep));
	for (unsigned b = 255; b > 0; b--)
		rep[d->cls[b]] = b;
	uint32_t *blk = malloc(n * sizeof(*blk)), *nb = malloc(n * sizeof(*nb));
	uint32_t *seen = calloc(n, sizeof(*seen)), *queue = malloc(n * sizeof(*queue));
	uint32_t qn = 0;
	queue[qn++] = 0;
	seen[0] = 1;
	for (uint32_t q = 0; q < qn; q++)
		for (uint32_t c = 0; c < nc; c++) {
			uint32_t t = pathdfa_step(d, queue[q], (unsigned char)rep[c]);
			if (!seen[t]) {
				seen[t] = 1;
				queue[qn++] = t;
			}
		}
	bool ok = qn == n || (qn == n - 1 && !seen[d->dead]);
	for (uint32_t s = 0; s < n; s++)
		blk[s] = d->accept[s];
	uint32_t nblocks = 0, prev = UINT32_MAX;
	while (nblocks != prev) {
		prev = nblocks;
		nblocks = 0;
		for (uint32_t s = 0; s < n; s++) {
			nb[s] = UINT32_MAX;
			for (uint32_t t = 0; t < s && nb[s] == UINT32_MAX; t++) {
				bool same = blk[s] == blk[t];
				for (uint32_t c = 0; same && c < nc; c++)
					same = blk[pathdfa_step(d, s, (unsigned char)rep[c])] ==
					       blk[pathdfa_step(d, t, (unsigned char)rep[c])];
				if (same)
					nb[s] = nb[t];
			}
			if (nb[s] == UINT32_MAX)
				nb[s] = nblocks++;
		}
		memcpy(blk, nb, n * sizeof(*blk));
	}
	ok = ok && nblocks == n;
	free(rep);
	free(blk);
	free(nb);
	free(seen);
	free(queue);
	return ok;
}

/* ---- randomized differential test ---- */

static uint64_t rng_state = 0x2545f4914f6cdd1du;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd((uint32_t)n)];
}

static void put(char *buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	if (*len + n < 255) {
		memcpy(buf + *len, s, n);
		*len += n;
	}
	buf[*len] = '\0';
}

/* Bytes near-miss paths are made of. */
static const char *const path_bytes[] = { "a", "b", "c", "/", ".", "-", "]", "[", "0",
					  "\xff", "\x80", "\x01", "*" };

/* One component atom: its pattern text and a way to write text that
 * (usually) matches it. */
struct atom {
	const char *pat;
	const char *const *inst;	/* NULL-terminated choices */
};

static const struct atom atoms[] = {
	{ "a", L("a") },
	{ "b", L("b") },
	{ "ab", L("ab") },
	{ ".", L(".") },
	{ "-", L("-") },
	{ "\xff", L("\xff") },
	{ "*", L("", "a", "ab", "b.c", "\x80") },
	{ "?", L("a", "b", "\xff", "/") },
	{ "[ab]", L("a", "b", "c") },
	{ "[!a]", L("b", "a", "-", "/") },
	{ "[a-c]", L("a", "c", "d") },
	{ "[]a]", L("]", "a", "b") },
	{ "[!]]", L("]", "a") },
	{ "[!/]", L("a", "/", "\x01") },
	{ "[.-0]", L(".", "0", "/", "1") },
	{ "[a-]", L("a", "-", "b") },
};

/* Writes a random valid pattern to pat and an instance of it to inst. */
static void random_pattern(char *pat, char *inst)
{
	size_t pl = 0, il = 0;
	pat[0] = inst[0] = '\0';
	uint32_t lead = rnd(8);
	if (lead == 0) {
		put(pat, &pl, "**/");
		put(inst, &il, pick(L("", "x/", "a/b/"), 3));
	} else if (lead == 1) {
		put(pat, &pl, "**");
		put(inst, &il, pick(L("", "a", "/a/b"), 3));
		return;
	}
	uint32_t ncomp = 1 + rnd(4);
	for (uint32_t k = 0; k < ncomp; k++) {
		bool slash = !(lead == 0 && k == 0);
		if (slash) {
			put(pat, &pl, "/");
			put(inst, &il, "/");
		}
		if (slash && rnd(6) == 0) {
			put(pat, &pl, "**");
			/* "/" then "**" may match nothing: take the '/' back */
			il -= 1;
			inst[il] = '\0';
			put(inst, &il, pick(L("", "/", "/a", "/a/b", "/b."), 5));
			continue;
		}
		uint32_t natoms = rnd(4);
		for (uint32_t j = 0; j < natoms; j++) {
			const struct atom *a = &atoms[rnd(ARRAY_LEN(atoms))];
			size_t nchoices = 0;
			while (a->inst[nchoices])
				nchoices++;
			put(pat, &pl, a->pat);
			put(inst, &il, pick(a->inst, nchoices));
		}
	}
}

/* A near miss of inst: one or two small edits, or none. */
static void mutate(char *path)
{
	size_t n = strlen(path);
	uint32_t edits = rnd(3);
	for (uint32_t e = 0; e < edits; e++) {
		uint32_t op = rnd(4);
		size_t at = rnd((uint32_t)n + 1);
		const char *b = pick(path_bytes, ARRAY_LEN(path_bytes));
		if (op == 0 && n < 250) {	/* insert */
			memmove(path + at + 1, path + at, n - at + 1);
			path[at] = b[0];
			n++;
		} else if (op == 1 && at < n) {	/* delete */
			memmove(path + at, path + at + 1, n - at);
			n--;
		} else if (op == 2 && at < n) {	/* replace */
			path[at] = b[0];
		} else {			/* truncate */
			path[at] = '\0';
			n = at;
		}
	}
}

static void test_differential(void)
{
	char pats[6][256], insts[6][256];
	const char *pp[6];
	uint32_t ids[6];
	size_t pairs = 0, bad = 0, nonminimal = 0, unsound = 0;
	size_t matched = 0;
	for (int round = 0; round < 2500; round++) {
		size_t n = 1 + rnd(5);
		for (size_t i = 0; i < n; i++) {
			size_t off;
			const char *msg;
			do
				random_pattern(pats[i], insts[i]);
			while (!glob_valid(pats[i], &off, &msg));
			pp[i] = pats[i];
			ids[i] = rnd(4);	/* ids shared now and then */
		}
		struct pathdfa d;
		const char *err;
		if (!pathdfa_build(pp, ids, n, LIMIT, &d, &err)) {
			bad++;
			continue;
		}
		unsound += !tables_sound(&d);
		nonminimal += !is_minimal(&d);
		for (int k = 0; k < 10; k++) {
			char path[256];
			strcpy(path, insts[rnd((uint32_t)n)]);
			mutate(path);
			pairs++;
			bad += !agrees(&d, pp, ids, n, path);
			matched += pathdfa_run(&d, path)->n > 0;
		}
	}
	CHECK(pairs >= 20000);
	CHECK(bad == 0);
	CHECK(unsound == 0);
	CHECK(nonminimal == 0);
	/* near misses: a fair share must match, or the test says little */
	CHECK(matched * 5 > pairs && matched * 5 < pairs * 4);
	printf("differential: %zu (pattern set, path) checks, %zu matched something, %zu wrong\n",
	       pairs, matched, bad);
}

/* ---- the state limit ---- */

static void test_limit(void)
{
	/* "an 'a' 12 bytes back in this component": 2^12 states */
	const char *p = "**/*a????????????";
	uint32_t id = 1;
	struct pathdfa d;
	const char *err = NULL;
	CHECK(!pathdfa_build(&p, &id, 1, 1000, &d, &err));
	CHECK(err && strstr(err, "too complex") && strstr(err, "1000"));
	CHECK(pathdfa_build(&p, &id, 1, LIMIT, &d, &err));
	uint32_t need = d.nstates;
	CHECK(need > 4096);
	CHECK(pathdfa_build(&p, &id, 1, need, &d, &err));
	CHECK(agrees(&d, &p, &id, 1, "/x/ya0123456789ab"));
	CHECK(agrees(&d, &p, &id, 1, "/x/ya0123456789a/"));
	CHECK(!pathdfa_build(&p, &id, 1, need - 1, &d, &err));
}

/* ---- the budget: refused early, the patterns to blame named ---- */

static void test_budget(void)
{
	enum { N = 600 };
	const char **pats = malloc(N * sizeof(*pats));
	uint32_t *ids = malloc(N * sizeof(*ids));
	struct pathdfa d;
	const char *err = NULL;
	/* Each glob's first double star stays alive in every state and
	 * multiplies the others: the construction stops on its budget, not
	 * its state limit. */
	for (uint32_t i = 0; i < N; i++) {
		pats[i] = arena_printf("/a/**/b%u*/**/c?%u", i + 1, i + 1);
		ids[i] = i;
	}
	double t0 = seconds();
	CHECK(!pathdfa_build(pats, ids, N, 1000000, &d, &err));
	double t = seconds() - t0;
	printf("budget: %u '/a/**/bN*/**/c?N' globs refused in %.3f s (sanitizer build)\n", N, t);
	CHECK(err && strstr(err, "too complex") && strstr(err, "building the matcher would take"));
	CHECK(d.nblame == 2 && d.blame[0] == 0 && d.blame[1] == 1);
	CHECK(err && strstr(err, "'/a/**/b1*/**/c?1' and '/a/**/b2*/**/c?2'"));
	/* Literals with one exponential glob among them: the glob is named,
	 * alone. */
	for (uint32_t i = 0; i < N; i++)
		pats[i] = arena_printf("/srv/d%u/f%u", i % 13, i);
	char expo[64] = "/**/*a";	/* then 22 '?': 2^22 states */
	memset(expo + strlen(expo), '?', 22);
	pats[N / 2] = expo;
	CHECK(!pathdfa_build(pats, ids, N, 1000000, &d, &err));
	CHECK(d.nblame == 1 && d.blame[0] == N / 2);
	CHECK(err && strstr(err, arena_printf("'%s' multiplies its states", expo)));
	/* Globs that only wait in their loop ("/" "**" "/xN.log") are alive
	 * in every state too, but it is the two that multiply that are named. */
	char expo_b[64] = "/**/*b";	/* then 11 '?' */
	memset(expo + strlen("/**/*a"), 0, sizeof(expo) - strlen("/**/*a"));
	memset(expo + strlen(expo), '?', 11);
	memset(expo_b + strlen(expo_b), '?', 11);
	for (uint32_t i = 0; i < 100; i++)
		pats[i] = arena_printf("/**/x%u.log", i);
	pats[100] = expo;
	pats[101] = expo_b;
	CHECK(!pathdfa_build(pats, ids, 102, 1000000, &d, &err));
	CHECK(d.nblame == 2 && d.blame[0] == 100 && d.blame[1] == 101);
	/* Many distinct byte sets: interned by hash, not compared pairwise. */
	for (uint32_t i = 0; i < N; i++)
		pats[i] = arena_printf("/x/[%c%c]/[!%c]", 'a' + i % 26, 'a' + (i / 26) % 26, '0' + i % 10);
	CHECK(pathdfa_build(pats, ids, N, 1000000, &d, &err));
	CHECK(agrees(&d, pats, ids, N, "/x/ab/q"));
	free(pats);
	free(ids);
}

/* ---- scale ---- */

static void report(const char *what, const struct pathdfa *d, double secs)
{
	printf("%s: %u states, %u classes, ntrans %u (full table would be %u), %u accept sets, "
	       "%.3f s (sanitizer build)\n",
	       what, d->nstates, d->nclasses, d->ntrans, d->nstates * d->nclasses, d->nsets, secs);
}

static void test_scale_literals(void)
{
	enum { N = 10000 };
	const char **pats = malloc(N * sizeof(*pats));
	uint32_t *ids = malloc(N * sizeof(*ids));
	for (uint32_t i = 0; i < N; i++) {
		pats[i] = arena_printf("/data/dir%u/file%05u", i % 97, (i * 7919) % 100000);
		ids[i] = i % 50;
	}
	struct pathdfa d;
	const char *err = NULL;
	double t0 = seconds();
	bool ok = pathdfa_build(pats, ids, N, 1000000, &d, &err);
	double t = seconds() - t0;
	CHECK(ok);
	if (ok) {
		report("10000 literals", &d, t);
		size_t bad = 0;
		for (uint32_t i = 0; i < N; i += 7) {
			const struct pathdfa_set *s = pathdfa_run(&d, pats[i]);
			bad += !(s->n == 1 && s->ids[0] == ids[i]);
			bad += pathdfa_run(&d, arena_printf("%sx", pats[i]))->n != 0;
		}
		CHECK(bad == 0);
	}
	free(pats);
	free(ids);
}

/* A realistic mix: per-service trees with '*', '**', '?', sets. */
static const char *random_glob(uint32_t i)
{
	static const char *const tails[] = {
		"/**", "/*.conf", "/*/config", "/**/*.so", "/log/*.log", "/run/[a-z]*.sock",
		"/cache/?" "?/*", "/data/**/index", "/bin/*", "/etc/*.d/*", "/tmp/*",
		"/lib/lib*.so.[0-9]", "/keys/[!.]*", "/secret", "/home/*/.ssh/**",
	};
	static const char *const roots[] = { "/srv", "/opt", "/var/lib", "/etc", "/home" };
	return arena_printf("%s/svc%u%s", roots[i % ARRAY_LEN(roots)], i / 3,
			    tails[(i * 7) % ARRAY_LEN(tails)]);
}

static void test_scale_globs(void)
{
	enum { N = 1000 };
	const char **pats = malloc(N * sizeof(*pats));
	uint32_t *ids = malloc(N * sizeof(*ids));
	for (uint32_t i = 0; i < N; i++) {
		pats[i] = random_glob(i);
		ids[i] = i;
	}
	pats[0] = "/**/.git/**";
	pats[1] = "**/*.pem";
	struct pathdfa d;
	const char *err = NULL;
	double t0 = seconds();
	bool ok = pathdfa_build(pats, ids, N, 1000000, &d, &err);
	double t = seconds() - t0;
	CHECK(ok);
	if (ok) {
		report("1000 globs", &d, t);
		size_t bad = 0;
		for (uint32_t i = 0; i < 300; i++) {
			char path[256];
			const char *p = pats[rnd(N)];
			snprintf(path, sizeof(path), "%s", p);
			for (char *c = path; *c; c++)
				if (*c == '*' || *c == '?' || *c == '[' || *c == ']' || *c == '!')
					*c = "ab/.x"[rnd(5)];
			mutate(path);
			bad += !agrees(&d, pats, ids, N, path);
		}
		CHECK(bad == 0);
	}
	free(pats);
	free(ids);
}

static void run_tests(void)
{
	test_features();
	test_sets_and_ids();
	test_minimal_counts();
	test_differential();
	test_limit();
	test_budget();
	test_scale_literals();
	test_scale_globs();
}

UNIT_MAIN("test_pathdfa")
