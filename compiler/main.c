// SPDX-License-Identifier: GPL-2.0-only
/* main.c - the bpfcc command line: lint, explain and --emit-ir. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "codegen.h"
#include "diag.h"
#include "emit_ir.h"
#include "explain.h"
#include "frontend.h"
#include "glob.h"
#include "lint.h"
#include "outfile.h"
#include "util.h"

/* Exit codes, as documented in --help and bpfcc(1). */
enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_CLANG = 3 };

static const char usage_text[] =
	"usage: bpfcc POLICY -o OUT.bpf.o [--clang PATH]\n"
	"       bpfcc --emit-c POLICY [-o FILE]\n"
	"       bpfcc lint [--werror] [--format=text|json|sarif] [--meta META.yml] FILE...\n"
	"       bpfcc explain POLICY REQUEST [--tainted | --untainted] [--in-func NAME[@BINARY]]...\n"
	"                     [--in-kfunc NAME]...\n"
	"                     [--mounts FILE] [--device MAJ:MIN]\n"
	"       bpfcc --emit-ir POLICY\n"
	"       bpfcc --help | --version\n"
	"\n"
	"Compiles bpfcon confinement policies (YAML or rule DSL).\n"
	"\n"
	"  POLICY -o OUT   compile to one BPF object for bpfcon-load\n"
	"    --clang PATH        the clang to run (default: $BPFCC_CLANG, else clang)\n"
	"  --emit-c  print the C generated for the policy (to FILE with -o)\n"
	"            templates: $BPFCC_TEMPLATES, else the installed bpf-templates\n"

	"  lint      parse and check policies without clang or a kernel; prints\n"
	"            FILE:LINE:COL: error|warning: MESSAGE [check] for each finding\n"
	"    --werror            treat warnings as errors\n"
	"    --format=FMT        text (default), json, or sarif (SARIF 2.1.0)\n"
	"    --meta FILE         also enforce a meta-policy (docs/meta-policy.md)\n"
	"  explain   decide one access, e.g. 'fs(\"/etc/shadow\", read)', and print\n"
	"            allow|deny [audit] [taint] ... then the rules that decided\n"
	"    --tainted, --untainted  the process's taint state (default: its start state)\n"
	"    --in-func NAME      the thread is inside function NAME of the command\n"
	"                        (NAME@BINARY: of that binary; repeatable)\n"
	"    --in-kfunc NAME     the thread is inside kernel function NAME (repeatable)\n"
	"    --mounts FILE       mount table in mountinfo format (default:\n"
	"                        /proc/self/mountinfo)\n"
	"    --device MAJ:MIN    the path is a device node with this number: dev\n"
	"                        rules match it too, as when the kernel opens it\n"
	"  --emit-ir print the policy's IR in its canonical text form (docs/ir.md)\n"
	"\n"
	"Exit status:\n"
	"  compile:  0 written, 1 the policy has errors, 2 could not run (input\n"
	"            file can't be read, output refused or not writable, bad\n"
	"            option, clang or the templates missing), 3 clang failed on\n"
	"            the generated C (a bug in bpfcc); --emit-c likewise\n"
	"  lint:     0 no errors, 1 errors found, 2 could not run (input file\n"
	"            can't be read, bad option, bad meta-policy)\n"
	"  explain:  0 allow, 1 deny, 2 error (input file can't be read, bad\n"
	"            policy, request or option)\n"
	"  emit-ir:  0 printed, 1 the policy has errors, 2 could not run\n"
	"  An input file that can't be read as a whole (missing, a folder, FIFO\n"
	"  or device, over 4 MiB) is 2 in every command; -o never replaces the\n"
	"  input or anything but an earlier output (bpfcc(1)).\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("bpfcc: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'bpfcc --help'.\n", stderr);
	return EXIT_USAGE;
}

/* Whether the templates folder DIR holds header NAME. */
static bool templates_have(const char *dir, const char *name)
{
	char *path = arena_printf("%s/%s", dir, name);
	return access(path, R_OK) == 0;
}

static bool use_color(FILE *f)
{
	return isatty(fileno(f)) && !getenv("NO_COLOR");
}

/* Loads, parses and checks one policy file.  NULL on any error (reported). */
static struct policy *load_policy(const char *path, struct diag *d, int *io_error)
{
	const struct source *src = source_load(path, d, io_error);
	if (!src)
		return NULL;
	struct policy *p = frontend_parse(src, d);
	if (p && !check_policy(p, d))
		return NULL;
	return p;
}

enum format { FMT_TEXT, FMT_JSON, FMT_SARIF };

static int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "werror", no_argument, NULL, 'W' },
		{ "format", required_argument, NULL, 'f' },
		{ "meta", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool werror = false;
	enum format fmt = FMT_TEXT;
	opterr = 0;
	const char *meta_path = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'W': werror = true; break;
		case 'f':
			if (!strcmp(optarg, "text"))
				fmt = FMT_TEXT;
			else if (!strcmp(optarg, "json"))
				fmt = FMT_JSON;
			else if (!strcmp(optarg, "sarif"))
				fmt = FMT_SARIF;
			else
				return usage_error("unknown format '%s' (text, json, sarif)", optarg);
			break;
		case 'm': meta_path = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return usage_error("lint: unknown option or missing argument: '%s'",
					    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("%s", "lint needs at least one FILE");

	struct diag d = { 0 };
	bool io_failed = false;
	struct meta_policy *meta = NULL;
	if (meta_path) {
		int io = 0;
		meta = meta_load(meta_path, &d, &io);
		if (!meta && io)
			io_failed = true;
	}
	size_t n = (size_t)(argc - optind);
	struct policy **pols = arena_alloc(sizeof(*pols) * n);
	for (size_t i = 0; i < n; i++) {
		int io = 0;
		pols[i] = load_policy(argv[optind + (int)i], &d, &io);
		if (io)
			io_failed = true;
		if (!pols[i])
			continue;
		lint_policy(pols[i], &d);
		if (meta)
			meta_check(meta, pols[i], &d);
	}
	check_unique_names(pols, n, &d);
	if (werror)
		diag_promote_warnings(&d);
	switch (fmt) {
	case FMT_TEXT: diag_print_text(&d, stdout, use_color(stdout)); break;
	case FMT_JSON: diag_print_json(&d, stdout); break;
	case FMT_SARIF: diag_print_sarif(&d, stdout, BPFCC_VERSION); break;
	}
	if (io_failed || (meta_path && !meta))
		return EXIT_USAGE;
	return d.errors ? EXIT_FINDINGS : EXIT_OK;
}

static void print_decision(const struct decision *dec, FILE *out)
{
	fputs(dec->allow ? "allow" : "deny", out);
	if (dec->would_deny)
		fputs(" complain", out);
	if (dec->audit)
		fputs(" audit", out);
	if (dec->taint)
		fputs(" taint", out);
	if (dec->untaint)
		fputs(" untaint", out);
	if (dec->transition)
		fputs(" transition", out);
	fputc('\n', out);
	switch (dec->by) {
	case BY_RULES:
		for (size_t i = 0; i < dec->nrules; i++) {
			const struct rule *r = dec->rules[i];
			fprintf(out, "%s:%d:%d: %s\n", r->loc.file, r->loc.line, r->loc.col, r->text);
		}
		break;
	case BY_DEFAULT:
		fputs(dec->allow && !dec->would_deny ? "default allow\n" : "default deny\n", out);
		break;
	case BY_UNTAINTED:
		fputs("untainted: only restrictions are enforced\n", out);
		break;
	case BY_BUILTIN:
		fprintf(out, "built-in: %s\n", dec->builtin);
		break;
	}
}

/* A request names one concrete object: no globs. */
static bool check_request(const struct rule *req, struct diag *d)
{
	const char *what = NULL;
	if ((req->kind == RK_FS || req->kind == RK_FILESYSTEM) && glob_has_magic(req->path))
		what = req->path;
	if ((req->kind == RK_PROC || req->kind == RK_SIGNAL || req->kind == RK_PTRACE) &&
	    req->target.kind == TGT_PROGRAM && glob_has_magic(req->target.name))
		what = req->target.name;
	if (what) {
		diag_error(d, req->arg_loc, "bad-request",
			   "a request names one object, not a glob: '%s'", what);
		return false;
	}
	return true;
}

/* "MAJOR:MINOR", each a decimal number the kernel can encode. */
static bool parse_device(const char *s, int *major, int *minor)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	unsigned long ma = strtoul(s, &end, 10);
	if (*end != ':' || end[1] < '0' || end[1] > '9')
		return false;
	unsigned long mi = strtoul(end + 1, &end, 10);
	if (*end || ma > 4095 || mi > 1048575)
		return false;
	*major = (int)ma;
	*minor = (int)mi;
	return true;
}

static int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tainted", no_argument, NULL, 't' },
		{ "untainted", no_argument, NULL, 'u' },
		{ "in-func", required_argument, NULL, 'f' },
		{ "in-kfunc", required_argument, NULL, 'k' },
		{ "mounts", required_argument, NULL, 'm' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int taint_opt = -1, dev_major = 0, dev_minor = 0;
	bool dev_file = false;
	const char *mounts_path = NULL;
	const char **funcs = arena_alloc(sizeof(char *) * (size_t)argc);
	size_t nfuncs = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
		case 'u':
			if (taint_opt != -1)
				return usage_error("%s", "give --tainted or --untainted once");
			taint_opt = c == 't';
			break;
		case 'f': funcs[nfuncs++] = optarg; break;
		case 'k': funcs[nfuncs++] = arena_printf("kfunc:%s", optarg); break;
		case 'm': mounts_path = optarg; break;
		case 'd':
			if (!parse_device(optarg, &dev_major, &dev_minor))
				return usage_error("explain: --device wants MAJOR:MINOR (numbers up to 4095:1048575), not '%s'",
						   optarg);
			dev_file = true;
			break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return usage_error("explain: unknown option or missing argument: '%s'",
					    argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return usage_error("%s", "explain needs POLICY and REQUEST");

	struct diag d = { 0 };
	int io = 0;
	struct policy *p = load_policy(argv[optind], &d, &io);
	struct rule req = { 0 };
	bool req_ok = false;
	if (p) {
		const char *text = argv[optind + 1];
		const struct source *rs = source_from_string("<request>", text, strlen(text), &d);
		req_ok = rs && dsl_parse_request(rs, &d, &req) && check_request(&req, &d);
	}
	struct mounts mounts = { 0 };
	bool need_mounts = mounts_path != NULL;
	for (size_t i = 0; p && i < p->nrules; i++)
		if (p->rules[i].kind == RK_FILESYSTEM)
			need_mounts = true;
	if (req_ok && need_mounts &&
	    !mounts_load(mounts_path ? mounts_path : "/proc/self/mountinfo", &mounts, &d))
		req_ok = false;
	if (!p || !req_ok) {
		diag_print_text(&d, stderr, use_color(stderr));
		return EXIT_USAGE;
	}
	struct eval_state st = {
		.tainted = taint_opt == -1 ? policy_starts_tainted(p) : taint_opt == 1,
		.funcs = funcs,
		.nfuncs = nfuncs,
		.mounts = need_mounts ? &mounts : NULL,
		.dev_file = dev_file,
		.dev_major = dev_major,
		.dev_minor = dev_minor,
	};
	struct decision dec = { 0 };
	explain_decide(p, &req, &st, &dec);
	print_decision(&dec, stdout);
	return dec.allow ? EXIT_OK : EXIT_FINDINGS;
}

static int cmd_emit_ir(const char *path)
{
	struct diag d = { 0 };
	int io = 0;
	struct policy *p = load_policy(path, &d, &io);
	if (!p) {
		diag_print_text(&d, stderr, use_color(stderr));
		return io ? EXIT_USAGE : EXIT_FINDINGS;
	}
	emit_ir(p, stdout);
	return EXIT_OK;
}

/* The most generated C that bpfcc hands to clang, so that clang stays
 * within about 10 s and 512 MB: measured on this project's machine, 8 MB
 * of matcher tables took clang 2.3 s and 220 MB, 22 MB of rule records
 * (40,000 literal rules) 6 s and 440 MB.  The e2e suite's 10,000-rule
 * scale policy is 4.5 MB.  A bigger policy is too-complex, as a path
 * matcher over budget is. */
#define MAX_C_BYTES (12u << 20)

/* Writes the generated C to stdout, or through the temporary of o. */
static bool write_c(const struct strbuf *c_src, struct outfile *o)
{
	if (!o) {
		if (fwrite(c_src->s, 1, c_src->len, stdout) == c_src->len && fflush(stdout) == 0)
			return true;
		fprintf(stderr, "bpfcc: cannot write stdout: %s\n", strerror(errno));
		return false;
	}
	FILE *f = fdopen(o->fd, "w");
	bool ok = false;
	if (f) {
		o->fd = -1;	/* fclose closes it */
		ok = fwrite(c_src->s, 1, c_src->len, f) == c_src->len;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok) {
		fprintf(stderr, "bpfcc: cannot write %s: %s\n", o->path, strerror(errno));
		outfile_abort(o);
		return false;
	}
	return outfile_commit(o);
}

/* bpfcc POLICY -o OUT, bpfcc --emit-c POLICY [-o FILE] */
static int cmd_compile(int argc, char **argv, bool emit_c)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "clang", required_argument, NULL, 'c' },
		{ "test-prog", no_argument, NULL, 't' },
		{ "emit-c", no_argument, NULL, 'e' },
		{ 0 },
	};
	const char *out_path = NULL, *clang = getenv("BPFCC_CLANG");
	struct codegen_opts o = { 0 };
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out_path = optarg;
			break;
		case 'c':
			clang = optarg;
			break;
		case 't':
			o.test_prog = true;
			break;
		case 'e':
			emit_c = true;
			break;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return usage_error("%s", "give exactly one POLICY to compile");
	if (!emit_c && !out_path)
		return usage_error("%s", "compiling needs -o OUT.bpf.o");
	if (out_path && !*out_path) {
		fputs("bpfcc: -o needs a file name, not ''\n", stderr);
		return EXIT_USAGE;
	}
	if (!clang || !*clang)
		clang = "clang";
	/* What -o may replace, and its folder, are checked before any work. */
	struct outfile out;
	if (out_path && !outfile_open(&out, out_path, argv[optind], !emit_c))
		return EXIT_USAGE;

	struct diag d = { 0 };
	int io = 0;
	struct policy *p = load_policy(argv[optind], &d, &io);
	struct strbuf c_src = { 0 };
	bool ok = p && codegen_emit_c(p, &o, &c_src, &d);
	if (ok && !emit_c && c_src.len > MAX_C_BYTES) {
		diag_error(&d, p->loc, "too-complex",
			   "policy too complex: its generated C is %.1f MiB, more than the %u MiB clang is given (see --emit-c)",
			   c_src.len / 1048576.0, MAX_C_BYTES >> 20);
		ok = false;
	}
	diag_print_text(&d, stderr, use_color(stderr));
	if (!ok) {
		sb_free(&c_src);
		if (out_path)
			outfile_abort(&out);
		return io ? EXIT_USAGE : EXIT_FINDINGS;
	}
	int rc = EXIT_OK;
	if (emit_c) {
		if (!write_c(&c_src, out_path ? &out : NULL))
			rc = EXIT_USAGE;
	} else if (!templates_have(codegen_templates_dir(), "bpfcon_common.h")) {
		/* An uninstalled bpfcc (build/bpfcc) looks for the installed ones. */
		fprintf(stderr, "bpfcc: error: no BPF templates in %s (install bpfcon, or set "
			"BPFCC_TEMPLATES to the source tree's bpf-templates)\n",
			codegen_templates_dir());
		outfile_abort(&out);
		rc = EXIT_USAGE;
	} else if (o.test_prog && !templates_have(codegen_templates_dir(), "bpfcon_testprog.h")) {
		/* The test-only header is not installed (packages leave it out). */
		fprintf(stderr, "bpfcc: --test-prog needs bpfcon_testprog.h, which is not in %s "
			"(it is only in the source tree's bpf-templates; set BPFCC_TEMPLATES)\n",
			codegen_templates_dir());
		outfile_abort(&out);
		rc = EXIT_USAGE;
	} else {
		close(out.fd);	/* clang writes the temporary itself */
		out.fd = -1;
		switch (codegen_compile(c_src.s, clang, codegen_templates_dir(), out.tmp)) {
		case CLANG_OK:
			if (!outfile_commit(&out))
				rc = EXIT_USAGE;
			break;
		case CLANG_FAILED:
			rc = EXIT_CLANG;
			break;
		default:
			rc = EXIT_USAGE;
		}
		if (rc != EXIT_OK)
			outfile_abort(&out);
	}
	sb_free(&c_src);
	return rc;
}

int main(int argc, char **argv)
{
	atexit(arena_release);
	if (argc < 2)
		return usage_error("%s", "no command given");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "--version")) {
		printf("bpfcc %s\n", BPFCC_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "lint"))
		return cmd_lint(argc - 1, argv + 1);
	if (!strcmp(cmd, "explain"))
		return cmd_explain(argc - 1, argv + 1);
	if (!strcmp(cmd, "--emit-ir")) {
		if (argc != 3)
			return usage_error("%s", "--emit-ir needs exactly one POLICY");
		return cmd_emit_ir(argv[2]);
	}
	if (!strcmp(cmd, "--emit-c"))
		return cmd_compile(argc - 1, argv + 1, true);
	return cmd_compile(argc, argv, false);
}
