// SPDX-License-Identifier: GPL-2.0-only
/* tests/vm/smoke/smoke.c: the loader of smoke.bpf.o, linked statically so it
 * runs in the test VM's busybox initramfs.
 *
 *   smoke OBJ FILE CMD [ARG...]
 *
 * sets the object's target_ino knob to FILE's inode number, loads and
 * attaches its lsm/file_open program, runs CMD while it is attached, then
 * detaches it.  Exits with CMD's status, or 125 when loading fails. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* Writes val into the .rodata variable name before the object is loaded. */
static int set_knob(struct bpf_object *obj, const char *name, __u64 val)
{
	struct btf *btf = bpf_object__btf(obj);
	struct bpf_map *map = NULL, *m;
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	const void *init;
	size_t size;
	char *copy;
	int id, i, err;

	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t len = strlen(n);
		if (len >= 7 && strcmp(n + len - 7, ".rodata") == 0)
			map = m;
	}
	if (!btf || !map)
		return -ENOENT;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return id;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		if (strcmp(btf__name_by_offset(btf, var->name_off), name) != 0)
			continue;
		if (vs->size != sizeof(val))
			return -EINVAL;
		init = bpf_map__initial_value(map, &size);
		if (!init || vs->offset + sizeof(val) > size)
			return -EINVAL;
		copy = malloc(size);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, init, size);
		memcpy(copy + vs->offset, &val, sizeof(val));
		err = bpf_map__set_initial_value(map, copy, size);
		free(copy);
		return err;
	}
	return -ENOENT;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct stat st;
	int err, status;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: smoke OBJ FILE CMD [ARG...]\n");
		return 125;
	}
	libbpf_set_print(print_libbpf);
	if (stat(argv[2], &st) != 0) {
		fprintf(stderr, "smoke: %s: %s\n", argv[2], strerror(errno));
		return 125;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "smoke: cannot open %s: %s\n", argv[1], strerror(errno));
		return 125;
	}
	err = set_knob(obj, "target_ino", (__u64)st.st_ino);
	if (err) {
		fprintf(stderr, "smoke: cannot set target_ino: %s\n", strerror(-err));
		return 125;
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "smoke: cannot load %s: %s\n", argv[1], strerror(-err));
		return 125;
	}
	prog = bpf_object__find_program_by_name(obj, "smoke_file_open");
	link = prog ? bpf_program__attach(prog) : NULL;
	if (!link) {
		fprintf(stderr, "smoke: cannot attach smoke_file_open: %s\n", strerror(errno));
		return 125;
	}
	printf("smoke: attached lsm/file_open, denying inode %llu (%s)\n",
	       (unsigned long long)st.st_ino, argv[2]);
	fflush(stdout);

	pid = fork();
	if (pid < 0) {
		perror("smoke: fork");
		return 125;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "smoke: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("smoke: waitpid");
		return 125;
	}
	bpf_link__destroy(link);
	bpf_object__close(obj);
	printf("smoke: detached\n");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
