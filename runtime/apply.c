// SPDX-License-Identifier: GPL-2.0-only
/* apply.c - `bpfcon apply [DIR]`: makes the loaded policies match the
 * policy folder (default /etc/bpfcon/policies.d).  Each NAME.pol, NAME.yml
 * or NAME.yaml there is compiled by bpfcc into a cache keyed by the sha256
 * of its source and of the toolchain (bpfcc and its templates), so an
 * unchanged policy is never compiled twice; new and changed policies are
 * loaded (`bpfcon load`'s atomic replacement, in a child process); the
 * policies an earlier apply loaded whose files are gone are unloaded.  The
 * state file records what apply loaded (name, cache key, load time, file):
 * a policy whose pinned load time differs was loaded by hand and is never
 * touched.  One line per policy on stdout; failures are reported and the
 * others still apply. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmds.h"
#include "objfile.h"
#include "dispatch.h"
#include "pins.h"
#include "sha256.h"
#include "util.h"

#define APPLY_DIR "/etc/bpfcon/policies.d"
#define APPLY_STATE "/var/lib/bpfcon"

static const char apply_help[] =
	"Usage: bpfcon apply [--dry-run] [--state-dir DIR] [--bpfcc PATH] [POLICY_DIR]\n"
	"Makes the loaded policies match POLICY_DIR (default " APPLY_DIR "):\n"
	"compiles every *.pol, *.yml and *.yaml there that changed (objects are\n"
	"cached by sha256 under STATE_DIR/cache), loads new and changed policies\n"
	"(replacing a loaded version without a gap), and unloads the policies an\n"
	"earlier apply loaded whose files are gone.  Policies loaded by hand are\n"
	"never touched.  Prints one line per policy: ACTION NAME FILE DETAIL, with\n"
	"ACTION one of load, reload, keep, unload, error.\n"
	"  -n, --dry-run        compile (filling the cache) and print the plan;\n"
	"                       load, unload and record nothing\n"
	"  --state-dir DIR      the cache and the state file (default " APPLY_STATE ")\n"
	"  --bpfcc PATH         the compiler (default: $BPFCC, else the bpfcc beside\n"
	"                       this program, else bpfcc in PATH)\n"
	"Exit status: 0 every policy applied, 1 one or more failed (the others\n"
	"were applied), 2 usage error.\n";

/* One line of the state file: a policy this command loaded. */
struct applied {
	char *name, *key, *file;
	unsigned long long loaded_ns;
	bool seen;		/* a file of the folder still gives this name */
};

struct state {
	struct applied *v;
	size_t n;
};

/* One policy file of the folder. */
struct pfile {
	char *path;
	char key[65];
	char obj[PATH_MAX];
	char *name;		/* from the object; NULL if it did not compile */
	int nrules;
	bool compiled;		/* by this run (else found in the cache) */
};

struct opts {
	bool dry;
	const char *dir, *state, *bpfcc;
};

static int failures;

/* Reads the whole file; NULL (errno set) if it cannot. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	*len = n;
	return buf;
}

/* A growing byte buffer the cache key is computed over. */
struct bytes {
	char *p;
	size_t n, cap;
};

static void bytes_add(struct bytes *b, const void *data, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, data, n);
	b->n += n;
}

/* Adds "LABEL\0" and the digest of FILE's bytes (or "-" if unreadable). */
static void bytes_add_file(struct bytes *b, const char *label, const char *file)
{
	size_t len;
	char *data = slurp(file, &len), hex[65] = "-";
	if (data)
		sha256_hex(data, len, hex);
	free(data);
	bytes_add(b, label, strlen(label) + 1);
	bytes_add(b, hex, strlen(hex) + 1);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of DIR's entries that KEEP accepts; NULL if DIR cannot be
 * read (errno set). */
static char **dir_names(const char *dir, bool (*keep)(const char *), size_t *count)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	size_t n = 0;
	char **v = xcalloc(1, sizeof(*v));
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !keep(e->d_name))
			continue;
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = xstrdup(e->d_name);
		v[n] = NULL;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp_str);
	*count = n;
	return v;
}

static void free_names(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

static bool ends_with(const char *s, const char *sfx)
{
	size_t a = strlen(s), b = strlen(sfx);
	return a > b && !strcmp(s + a - b, sfx);
}

static bool is_policy_name(const char *n)
{
	return ends_with(n, ".pol") || ends_with(n, ".yml") || ends_with(n, ".yaml");
}

static bool is_header(const char *n)
{
	return ends_with(n, ".h");
}

/* What every object depends on besides its source: the bpfcc binary and
 * the templates it includes ($BPFCC_TEMPLATES, else the installed ones
 * beside it).  A new bpfcc or new templates give new keys: everything is
 * compiled again. */
static void toolchain_bytes(const char *bpfcc, struct bytes *b)
{
	char buf[PATH_MAX], real[PATH_MAX], tdir[PATH_MAX + 64];
	const char *exe = rt_which(bpfcc, buf, sizeof(buf));
	bytes_add_file(b, "bpfcc", exe ? exe : bpfcc);
	const char *env = getenv("BPFCC_TEMPLATES");
	if (env && *env) {
		snprintf(tdir, sizeof(tdir), "%s", env);
	} else if (exe && realpath(exe, real)) {
		char *slash = strrchr(real, '/');
		*slash = '\0';
		snprintf(tdir, sizeof(tdir), "%s/../share/bpfcon/bpf-templates", real);
	} else {
		return;
	}
	size_t n;
	char **hs = dir_names(tdir, is_header, &n);
	for (char **h = hs; h && *h; h++) {
		char p[PATH_MAX * 2];
		snprintf(p, sizeof(p), "%s/%s", tdir, *h);
		bytes_add_file(b, *h, p);
	}
	free_names(hs);
}

/* Adds the file NAME, included by a file in folder DIR, and the files it
 * includes in turn (at most 16 deep, as bpfcc). */
static void include_bytes(const char *dir, const char *src, size_t len, struct bytes *b,
			  int depth);

static void include_one(const char *dir, const char *name, size_t nlen, struct bytes *b,
			int depth)
{
	char inc[PATH_MAX * 2];
	if (!nlen || nlen >= PATH_MAX)
		return;
	if (name[0] == '/')
		snprintf(inc, sizeof(inc), "%.*s", (int)nlen, name);
	else
		snprintf(inc, sizeof(inc), "%s/%.*s", dir, (int)nlen, name);
	size_t len;
	char *data = slurp(inc, &len), hex[65] = "-";
	if (data)
		sha256_hex(data, len, hex);
	bytes_add(b, inc, strlen(inc) + 1);
	bytes_add(b, hex, strlen(hex) + 1);
	if (data && depth < 16) {
		char sub[PATH_MAX * 2];
		snprintf(sub, sizeof(sub), "%s", inc);
		char *slash = strrchr(sub, '/');
		if (slash)
			*slash = '\0';
		include_bytes(sub, data, len, b, depth + 1);
	}
	free(data);
}

/* The files a policy includes are part of its key: DSL `include "FILE"`,
 * YAML `include: FILE`, `include: [A, B]` or a list of `- FILE` lines
 * below `include:`.  Relative names are relative to the including file's
 * folder.  A line-based reading: a file named in a comment or a string
 * counts too, which only costs a recompilation. */
static void include_bytes(const char *dir, const char *src, size_t len, struct bytes *b,
			  int depth)
{
	const char *end = src + len;
	bool in_list = false;
	for (const char *l = src; l < end;) {
		const char *nl = memchr(l, '\n', end - l);
		const char *le = nl ? nl : end;
		const char *p = l;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		if (in_list && p < le && *p == '-') {
			const char *q = p + 1;
			while (q < le && (*q == ' ' || *q == '"' || *q == '\''))
				q++;
			const char *e = q;
			while (e < le && *e != '"' && *e != '\'' && *e != ' ' && *e != '#')
				e++;
			include_one(dir, q, e - q, b, depth);
		} else if (le - p >= 8 && !strncmp(p, "include", 7)) {
			in_list = false;
			const char *q = p + 7;
			bool yaml = *q == ':';
			if (yaml || *q == ' ' || *q == '\t') {
				q++;
				while (q < le && (*q == ' ' || *q == '\t' || *q == '['))
					q++;
				if (yaml && (q == le || *q == '#'))
					in_list = true;
				/* one name, or a flow list: split at , ] and quotes */
				while (q < le && *q != '#') {
					while (q < le && (*q == ' ' || *q == ',' || *q == '"' || *q == '\''))
						q++;
					const char *e = q;
					while (e < le && *e != '"' && *e != '\'' && *e != ',' && *e != ']' &&
					       *e != ' ' && *e != ')')
						e++;
					if (e > q)
						include_one(dir, q, e - q, b, depth);
					if (e < le && (*e == ']' || *e == ')'))
						break;
					q = e + (e < le);
				}
			}
		} else if (p < le && *p != '#') {
			in_list = false;
		}
		l = le + 1;
	}
}

/* The state file: "NAME KEY LOADED_NS FILE" a line. */
static void state_read(const char *path, struct state *s)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[PATH_MAX + 512];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char name[256], key[65];
		unsigned long long ns;
		int off = 0;
		if (line[0] == '#' ||
		    sscanf(line, "%255s %64s %llu %n", name, key, &ns, &off) != 3 || !off)
			continue;
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		s->v[s->n++] = (struct applied){ xstrdup(name), xstrdup(key), xstrdup(line + off),
						 ns, false };
	}
	fclose(f);
}

static int state_write(const char *path, const struct state *s)
{
	char tmp[PATH_MAX + 8];
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		rt_err("%s: %s", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "# bpfcon apply: the policies it loaded (NAME KEY LOADED_NS FILE)\n");
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].name)
			fprintf(f, "%s %s %llu %s\n", s->v[i].name, s->v[i].key, s->v[i].loaded_ns,
				s->v[i].file);
	if (fflush(f) || fsync(fileno(f)) || fclose(f) || rename(tmp, path)) {
		rt_err("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static struct applied *state_find(struct state *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].name && !strcmp(s->v[i].name, name))
			return &s->v[i];
	return NULL;
}

static void state_free(struct state *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].key);
		free(s->v[i].file);
	}
	free(s->v);
}

/* The pinned load time of policy NAME; 0 if it is not loaded. */
static unsigned long long pinned_loaded_ns(const char *name)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/%s", BPFCON_PIN_ROOT, name);
	if (access(dir, F_OK))
		return 0;
	struct pinned p;
	if (pinned_open(name, 0, &p))
		return 0;
	unsigned long long ns = p.config.loaded_ns;
	pinned_close(&p);
	return ns;
}

static void line(const char *action, const char *name, const char *file, const char *detail)
{
	printf("%-8s %-20s %s%s%s\n", action, name, file, detail ? "  " : "",
	       detail ? detail : "");
	fflush(stdout);
}

/* Runs bpfcc SRC -o OUT; its diagnostics go to stderr.  On failure the
 * first FILE:LINE it named goes in WHERE.  Returns bpfcc's exit status
 * (127: could not run it). */
static int run_bpfcc(const char *bpfcc, const char *src, const char *out, char *where,
		     size_t wn)
{
	int fds[2];
	if (pipe(fds)) {
		rt_err("pipe: %s", strerror(errno));
		return 127;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		rt_err("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return 127;
	}
	if (pid == 0) {
		dup2(fds[1], 2);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		close(fds[0]);
		close(fds[1]);
		execlp(bpfcc, bpfcc, src, "-o", out, (char *)NULL);
		fprintf(stderr, "%s: cannot run %s: %s\n", rt_prog, bpfcc, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	FILE *f = fdopen(fds[0], "r");
	char buf[4096];
	size_t slen = strlen(src);
	where[0] = '\0';
	while (f && fgets(buf, sizeof(buf), f)) {
		fputs(buf, stderr);
		/* SRC:LINE:COL: error: ... */
		if (!where[0] && !strncmp(buf, src, slen) && buf[slen] == ':') {
			char *p = buf + slen + 1, *e;
			long ln = strtol(p, &e, 10);
			if (e != p && *e == ':' && strstr(e, "error"))
				snprintf(where, wn, "%s:%ld", src, ln);
		}
	}
	if (f)
		fclose(f);
	else
		close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* `bpfcon load OBJ` in a child (its libbpf state and its "loaded" line
 * stay there); its errors go to stderr.  Returns its exit status. */
static int run_load(const char *obj)
{
	char *argv[] = { "load", (char *)obj, NULL };
	return rt_fork_cmd(cmd_load, 2, argv, true);
}

/* Compiles F into the cache unless it is there; reads its name. */
static int prepare(const struct opts *o, const struct bytes *tool, struct pfile *f)
{
	size_t len;
	char *src = slurp(f->path, &len);
	if (!src) {
		rt_err("%s: %s", f->path, strerror(errno));
		line("error", "-", f->path, "cannot be read");
		return -1;
	}
	struct bytes b = { 0 };
	bytes_add(&b, tool->p, tool->n);
	bytes_add(&b, "source", 7);
	bytes_add(&b, src, len);
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", f->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	include_bytes(dir, src, len, &b, 0);
	sha256_hex(b.p, b.n, f->key);
	free(b.p);
	free(src);
	snprintf(f->obj, sizeof(f->obj), "%s/cache/%s.bpf.o", o->state, f->key);
	if (access(f->obj, R_OK)) {
		char tmp[PATH_MAX + 8], where[PATH_MAX + 32];
		snprintf(tmp, sizeof(tmp), "%s/cache/+%s.bpf.o", o->state, f->key);
		int r = run_bpfcc(o->bpfcc, f->path, tmp, where, sizeof(where));
		if (r != 0) {
			unlink(tmp);
			char d[64];
			snprintf(d, sizeof(d), r == 127 ? "bpfcc did not run" : "does not compile (bpfcc exit %d)", r);
			line("error", "-", where[0] ? where : f->path, d);
			return -1;
		}
		if (rename(tmp, f->obj)) {
			rt_err("%s: %s", f->obj, strerror(errno));
			unlink(tmp);
			line("error", "-", f->path, "cannot cache its object");
			return -1;
		}
		f->compiled = true;
	}
	struct objfile of;
	if (objfile_read(f->obj, &of)) {
		unlink(f->obj);
		line("error", "-", f->path, "its cached object is not a bpfcon object (removed)");
		return -1;
	}
	f->name = xstrdup(of.meta.name ? of.meta.name : "");
	f->nrules = of.meta.nrules_decl >= 0 ? (int)of.meta.nrules_decl : (int)of.meta.nrules;
	objfile_free(&of);
	if (!rt_valid_name(f->name)) {
		char d[300];
		snprintf(d, sizeof(d), "policy name \"%.200s\" cannot be a pin name", f->name);
		line("error", "-", f->path, d);
		free(f->name);
		f->name = NULL;
		return -1;
	}
	return 0;
}

/* Loads, keeps or replaces the policy of F (compiled). */
static void apply_one(const struct opts *o, struct state *s, struct pfile *f)
{
	struct applied *a = state_find(s, f->name);
	unsigned long long pinned = pinned_loaded_ns(f->name);
	bool ours = a && pinned && pinned == a->loaded_ns;
	if (a)
		a->seen = true;
	if (pinned && !ours) {
		line("error", f->name, f->path,
		     "a policy of this name was loaded by hand: `bpfcon unload` it first");
		failures++;
		return;
	}
	if (ours && !strcmp(a->key, f->key)) {
		if (strcmp(a->file, f->path)) {
			free(a->file);
			a->file = xstrdup(f->path);
		}
		line("keep", f->name, f->path, "unchanged");
		return;
	}
	const char *action = ours ? "reload" : "load";
	char d[64];
	snprintf(d, sizeof(d), "%d rules, %s", f->nrules, f->compiled ? "compiled" : "cached");
	if (o->dry) {
		line(action, f->name, f->path, d);
		return;
	}
	if (run_load(f->obj) != RT_OK) {
		line("error", f->name, f->path,
		     ours ? "not loaded (the loaded version stays)" : "not loaded");
		failures++;
		return;
	}
	unsigned long long ns = pinned_loaded_ns(f->name);
	if (!a) {
		s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
		a = &s->v[s->n++];
		*a = (struct applied){ xstrdup(f->name), NULL, NULL, 0, true };
	}
	free(a->key);
	free(a->file);
	a->key = xstrdup(f->key);
	a->file = xstrdup(f->path);
	a->loaded_ns = ns;
	line(action, f->name, f->path, d);
}

/* Unloads A, which no file gives any more, if it is still ours. */
static void retire(const struct opts *o, struct applied *a)
{
	unsigned long long pinned = pinned_loaded_ns(a->name);
	if (!pinned || pinned != a->loaded_ns) {
		/* Gone already (a reboot), or replaced by hand: forget it. */
		if (!o->dry) {
			free(a->name);
			a->name = NULL;
		}
		return;
	}
	if (o->dry) {
		line("unload", a->name, a->file, "its file is gone");
		return;
	}
	int lock = pins_lock();
	int r = lock < 0 ? -EAGAIN : dispatch_unload(a->name);
	if (lock >= 0)
		close(lock);
	if (r) {
		rt_err("unload %s: %s", a->name, strerror(-r));
		line("error", a->name, a->file, "cannot be unloaded");
		failures++;
		return;
	}
	line("unload", a->name, a->file, "its file is gone");
	free(a->name);
	a->name = NULL;
}

/* Removes cached objects that no policy file of this run uses. */
static void prune_cache(const char *cdir, const struct pfile *fs, size_t n)
{
	DIR *d = opendir(cdir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!ends_with(e->d_name, ".bpf.o"))
			continue;
		bool used = false;
		for (size_t i = 0; i < n && !used; i++)
			used = !strncmp(e->d_name, fs[i].key, 64) && !strcmp(e->d_name + 64, ".bpf.o");
		if (!used)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

static int mkdir_p(const char *dir, mode_t mode)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", dir);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, mode) && errno != EEXIST ? -1 : 0;
}

int cmd_apply(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "bpfcc", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { false, APPLY_DIR, APPLY_STATE, NULL };
	char bbuf[PATH_MAX];
	const char *bpfcc_opt = NULL;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+nh", lopts, NULL)) != -1) {
		switch (c) {
		case 'n': o.dry = true; break;
		case 's': o.state = optarg; break;
		case 'b': bpfcc_opt = optarg; break;
		case 'h': fputs(apply_help, stdout); return RT_OK;
		default:
			return rt_usage("apply: unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		o.dir = argv[optind++];
	if (optind < argc)
		return rt_usage("apply: one policy folder at a time ('%s' and '%s')", o.dir,
				argv[optind]);
	o.bpfcc = rt_find_bpfcc(bpfcc_opt, bbuf, sizeof(bbuf));

	size_t n = 0;
	char **names = dir_names(o.dir, is_policy_name, &n);
	if (!names) {
		rt_err("apply: policy folder %s: %s", o.dir, strerror(errno));
		return RT_FAIL;
	}
	char cdir[PATH_MAX], spath[PATH_MAX], lpath[PATH_MAX];
	snprintf(cdir, sizeof(cdir), "%s/cache", o.state);
	snprintf(spath, sizeof(spath), "%s/applied", o.state);
	snprintf(lpath, sizeof(lpath), "%s/lock", o.state);
	if (mkdir_p(cdir, 0700)) {
		rt_err("apply: %s: %s", cdir, strerror(errno));
		free_names(names);
		return RT_FAIL;
	}
	/* One apply at a time (load and unload take the pin lock themselves). */
	int lock = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0 || flock(lock, LOCK_EX)) {
		rt_err("apply: cannot lock %s: %s", lpath, strerror(errno));
		if (lock >= 0)
			close(lock);
		free_names(names);
		return RT_FAIL;
	}
	if (!o.dry && pins_prepare()) {
		close(lock);
		free_names(names);
		return RT_FAIL;
	}

	failures = 0;
	struct bytes tool = { 0 };
	toolchain_bytes(o.bpfcc, &tool);
	struct state s = { 0 };
	state_read(spath, &s);
	struct pfile *fs = xcalloc(n, sizeof(*fs));
	for (size_t i = 0; i < n; i++) {
		char p[PATH_MAX * 2];
		snprintf(p, sizeof(p), "%s/%s", o.dir, names[i]);
		fs[i].path = xstrdup(p);
		if (prepare(&o, &tool, &fs[i])) {
			failures++;
			/* A loaded version from this file stays: nothing replaces it. */
			for (size_t k = 0; k < s.n; k++)
				if (s.v[k].name && !strcmp(s.v[k].file, fs[i].path))
					s.v[k].seen = true;
			continue;
		}
		bool dup = false;
		for (size_t k = 0; k < i && !dup; k++)
			dup = fs[k].name && !strcmp(fs[k].name, fs[i].name);
		if (dup) {
			line("error", fs[i].name, fs[i].path, "another file of the folder has this policy name");
			failures++;
			free(fs[i].name);
			fs[i].name = NULL;
			continue;
		}
		apply_one(&o, &s, &fs[i]);
	}
	for (size_t k = 0; k < s.n; k++)
		if (s.v[k].name && !s.v[k].seen)
			retire(&o, &s.v[k]);
	if (!o.dry) {
		if (state_write(spath, &s))
			failures++;
		prune_cache(cdir, fs, n);
	} else {
		fprintf(stderr, "%s: dry run: nothing was loaded, unloaded or recorded\n", rt_prog);
	}
	for (size_t i = 0; i < n; i++) {
		free(fs[i].path);
		free(fs[i].name);
	}
	free(fs);
	free(tool.p);
	state_free(&s);
	free_names(names);
	close(lock);
	return failures ? RT_FAIL : RT_OK;
}
