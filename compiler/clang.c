// SPDX-License-Identifier: GPL-2.0-only
/* clang.c - runs clang on the generated C to make the BPF object, and
 * finds the templates it includes; debug info is then stripped (the BTF
 * stays).  The object is written where the caller says: bpfcc gives the
 * temporary of outfile.c, which appears under its final name only when
 * clang succeeded, so nothing half-written is left behind. */
#include "codegen.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#ifndef BPFCC_TEMPLATES_DIR
#define BPFCC_TEMPLATES_DIR "bpf-templates"
#endif

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *codegen_templates_dir(void)
{
	const char *env = getenv("BPFCC_TEMPLATES");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			const char *installed = arena_printf("%s/../share/bpfcon/bpf-templates", exe);
			if (is_dir(installed))
				return installed;
		}
	}
	return BPFCC_TEMPLATES_DIR;
}

/* Runs argv; returns its exit status, 127 if it could not be started
 * (errno in *err). */
static int run(char *const argv[], int *err)
{
	pid_t pid;
	*err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (*err)
		return 127;
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 127;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

enum clang_status codegen_compile(const char *c_src, const char *clang, const char *templates,
				  const char *out)
{
	const char *tmpdir = getenv("TMPDIR");
	char *src_path = arena_printf("%s/bpfcc-XXXXXX.c", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemps(src_path, 2);
	if (fd < 0) {
		fprintf(stderr, "bpfcc: cannot create a temporary file in %s: %s\n",
			tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
		return CLANG_IO;
	}
	size_t len = strlen(c_src);
	FILE *f = fdopen(fd, "w");
	if (!f || fwrite(c_src, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "bpfcc: cannot write %s: %s\n", src_path, strerror(errno));
		unlink(src_path);
		return CLANG_IO;
	}
	char *inc = arena_printf("-I%s", templates);
	char *argv[] = {
		(char *)clang, "-target", "bpf", "-mcpu=v3", "-O2", "-g", "-D__TARGET_ARCH_x86",
		"-std=gnu11", "-Wall", "-Werror", inc, "-I/usr/include/x86_64-linux-gnu",
		"-c", src_path, "-o", (char *)out, NULL,
	};
	int err;
	int rc = run(argv, &err);
	unlink(src_path);
	if (rc == 127 && err) {
		fprintf(stderr, "bpfcc: cannot run %s: %s (install clang, or name it with --clang or BPFCC_CLANG)\n",
			clang, strerror(err));
		return CLANG_MISSING;
	}
	if (rc != 0) {
		fprintf(stderr, "bpfcc: %s failed (exit %d) on the generated C; this is a bug in bpfcc (see --emit-c)\n",
			clang, rc);
		return CLANG_FAILED;
	}
	/* DWARF is not needed once BTF is made: drop it when llvm-strip is
	 * there (about a third of the object). */
	char *strip_argv[] = { "llvm-strip", "-g", (char *)out, NULL };
	const char *strip = getenv("BPFCC_STRIP");
	if (strip && *strip)
		strip_argv[0] = (char *)strip;
	if (run(strip_argv, &err) != 0 && !err) {
		fprintf(stderr, "bpfcc: %s -g %s failed\n", strip_argv[0], out);
		return CLANG_IO;
	}
	return CLANG_OK;
}
