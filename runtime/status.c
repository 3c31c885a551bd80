// SPDX-License-Identifier: GPL-2.0-only
/* status.c - `bpfcon status [--format=text|json|prometheus]`: whether the
 * BPF LSM is active, each loaded policy with its mode, rules, source, the
 * processes it confines, its allow/deny/complain counts and lost events;
 * and `bpfcon complain NAME` / `bpfcon enforce NAME`, which switch a
 * loaded policy's mode in place (its pinned "state" map), with no gap and
 * no object. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "cmds.h"
#include "json.h"
#include "kernel.h"
#include "pins.h"
#include "util.h"

enum fmt { FMT_TEXT, FMT_JSON, FMT_PROM };

/* One loaded policy as status shows it. */
struct pstatus {
	struct pinned p;
	bool opened;
	bool complain;		/* the mode in force */
	bool has_state;		/* counters known */
	__u64 st[BPFCON_STATE_N];
	__u64 lost;
	int *pids;
	size_t npids;
};

/* The processes (thread group leaders) each policy confines, from the
 * shared task map: looked up by pidfd, the key a task storage map takes
 * from user space. */
static void find_processes(struct pstatus *ps, size_t n)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", BPFCON_PIN_ROOT, BPFCON_TASKS_MAP);
	int map = bpf_obj_get(path);
	if (map < 0)
		return;
	DIR *d = opendir("/proc");
	if (!d) {
		close(map);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		int pid = atoi(e->d_name);
		int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (pfd < 0)
			continue;
		struct bpfcon_task t;
		memset(&t, 0, sizeof(t));
		if (bpf_map_lookup_elem(map, &pfd, &t) == 0 && t.policy_id) {
			for (size_t i = 0; i < n; i++) {
				if (!ps[i].opened || ps[i].p.config.policy_id != t.policy_id)
					continue;
				ps[i].pids = xrealloc(ps[i].pids, (ps[i].npids + 1) * sizeof(int));
				ps[i].pids[ps[i].npids++] = pid;
			}
		}
		close(pfd);
	}
	closedir(d);
	close(map);
}

/* A Prometheus label value: backslash, quote and newline escaped. */
static void prom_label(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '"')
			printf("\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
}

static void prom_metric(const char *name, const char *help, const char *type)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void print_prometheus(bool lsm, struct pstatus *ps, size_t n)
{
	prom_metric("bpfcon_lsm_active", "1 when the BPF LSM is in the active LSM list.", "gauge");
	printf("bpfcon_lsm_active %d\n", lsm ? 1 : 0);
	prom_metric("bpfcon_policy_info", "A loaded policy, its mode and source.", "gauge");
	for (size_t i = 0; i < n; i++) {
		if (!ps[i].opened)
			continue;
		printf("bpfcon_policy_info{policy=\"");
		prom_label(ps[i].p.name);
		printf("\",mode=\"%s\",source=\"", ps[i].complain ? "complain" : "enforce");
		prom_label(ps[i].p.meta.source);
		printf("\"} 1\n");
	}
	static const struct {
		const char *name, *help, *type;
	} per[] = {
		{ "bpfcon_policy_rules", "Rules of the policy.", "gauge" },
		{ "bpfcon_policy_processes", "Processes the policy confines now.", "gauge" },
		{ "bpfcon_decisions_total", "Decisions logged, by verdict.", "counter" },
		{ "bpfcon_lost_events_total", "Events dropped: the ring buffer was full.", "counter" },
	};
	for (size_t m = 0; m < sizeof(per) / sizeof(per[0]); m++) {
		prom_metric(per[m].name, per[m].help, per[m].type);
		for (size_t i = 0; i < n; i++) {
			const struct pstatus *s = &ps[i];
			if (!s->opened)
				continue;
			if (m == 2) {
				if (!s->has_state)
					continue;
				static const char *const verdict[] = { "", "allowed", "denied", "complained" };
				for (int k = BPFCON_STATE_ALLOWED; k < BPFCON_STATE_N; k++) {
					printf("%s{policy=\"", per[m].name);
					prom_label(s->p.name);
					printf("\",decision=\"%s\"} %llu\n", verdict[k],
					       (unsigned long long)s->st[k]);
				}
				continue;
			}
			printf("%s{policy=\"", per[m].name);
			prom_label(s->p.name);
			unsigned long long v = m == 0 ? (unsigned long long)(s->p.meta.nrules_decl >= 0 ?
					s->p.meta.nrules_decl : (long)s->p.meta.nrules) :
					m == 1 ? s->npids : s->lost;
			printf("\"} %llu\n", v);
		}
	}
}

static void print_json(bool lsm, const char *lsm_list, struct pstatus *ps, size_t n)
{
	struct json j;
	json_init(&j, stdout, 2, true);
	json_object(&j);
	json_key(&j, "bpf_lsm");
	json_bool(&j, lsm);
	json_kv_str(&j, "lsm", lsm_list);
	json_key(&j, "policies");
	json_array(&j);
	for (size_t i = 0; i < n; i++) {
		const struct pstatus *s = &ps[i];
		if (!s->opened)
			continue;
		json_object(&j);
		json_kv_str(&j, "name", s->p.name);
		json_kv_str(&j, "mode", s->complain ? "complain" : "enforce");
		json_kv_int(&j, "rules", s->p.meta.nrules_decl >= 0 ? s->p.meta.nrules_decl :
					 (long)s->p.meta.nrules);
		json_kv_str(&j, "source", s->p.meta.source);
		json_kv_str(&j, "command", s->p.meta.command);
		json_key(&j, "processes");
		json_array(&j);
		for (size_t k = 0; k < s->npids; k++)
			json_int(&j, s->pids[k]);
		json_end(&j);
		json_key(&j, "allowed");
		s->has_state ? json_uint(&j, s->st[BPFCON_STATE_ALLOWED]) : json_null(&j);
		json_key(&j, "denied");
		s->has_state ? json_uint(&j, s->st[BPFCON_STATE_DENIED]) : json_null(&j);
		json_key(&j, "complained");
		s->has_state ? json_uint(&j, s->st[BPFCON_STATE_COMPLAINED]) : json_null(&j);
		json_key(&j, "lost");
		json_uint(&j, s->lost);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	putchar('\n');
}

static void print_text(bool lsm, const char *lsm_list, struct pstatus *ps, size_t n)
{
	if (lsm) {
		printf("BPF LSM: active (%s)\n", lsm_list);
	} else {
		char why[900];
		kernel_lsm_problem(why, sizeof(why));
		printf("BPF LSM: NOT active: %s\n", why);
	}
	size_t loaded = 0;
	for (size_t i = 0; i < n; i++)
		loaded += ps[i].opened;
	printf("policies loaded: %zu\n", loaded);
	if (!loaded)
		return;
	printf("%-20s %-8s %6s %9s %9s %9s %10s %6s  %s\n", "NAME", "MODE", "RULES", "PROCESSES",
	       "ALLOWED", "DENIED", "COMPLAINED", "LOST", "SOURCE");
	for (size_t i = 0; i < n; i++) {
		const struct pstatus *s = &ps[i];
		if (!s->opened)
			continue;
		char a[24] = "-", dn[24] = "-", c[24] = "-";
		if (s->has_state) {
			snprintf(a, sizeof(a), "%llu", (unsigned long long)s->st[BPFCON_STATE_ALLOWED]);
			snprintf(dn, sizeof(dn), "%llu", (unsigned long long)s->st[BPFCON_STATE_DENIED]);
			snprintf(c, sizeof(c), "%llu",
				 (unsigned long long)s->st[BPFCON_STATE_COMPLAINED]);
		}
		printf("%-20s %-8s %6ld %9zu %9s %9s %10s %6llu  %s\n", s->p.name,
		       s->complain ? "complain" : "enforce",
		       s->p.meta.nrules_decl >= 0 ? s->p.meta.nrules_decl : (long)s->p.meta.nrules,
		       s->npids, a, dn, c, (unsigned long long)s->lost,
		       s->p.meta.source ? s->p.meta.source : "");
		if (s->npids) {
			printf("  %-18s", "processes:");
			for (size_t k = 0; k < s->npids; k++)
				printf(" %d", s->pids[k]);
			putchar('\n');
		}
	}
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum fmt fmt = FMT_TEXT;
	int c;
	optind = 0;
	while ((c = rt_getopt(argc, argv, "h", opts, "status")) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text"))
				fmt = FMT_TEXT;
			else if (!strcmp(optarg, "json"))
				fmt = FMT_JSON;
			else if (!strcmp(optarg, "prometheus"))
				fmt = FMT_PROM;
			else
				return rt_usage("status: --format is text, json or prometheus, not '%s'",
						optarg);
			break;
		case 'h':
			fputs("Usage: bpfcon status [--format=text|json|prometheus]\n"
			      "Whether the BPF LSM is active; each loaded policy with its mode, rules,\n"
			      "source, the processes it confines, its allowed, denied and complained\n"
			      "decisions and its lost events.  prometheus: a textfile for\n"
			      "node_exporter's textfile collector.  Exit status: 0, 1 if a policy\n"
			      "could not be read, 2 usage error.\n", stdout);
			return RT_OK;
		default:
			return RT_USAGE;
		}
	}
	if (optind < argc)
		return rt_usage("status: unexpected argument '%s'", argv[optind]);

	char lsm_list[512];
	bool lsm = kernel_lsm_list(lsm_list, sizeof(lsm_list)) == 1;
	char **names = pins_policies();
	size_t n = 0;
	for (char **p = names; p && *p; p++)
		n++;
	struct pstatus *ps = xcalloc(n ? n : 1, sizeof(*ps));
	int ret = RT_OK;
	for (size_t i = 0; i < n; i++) {
		struct pstatus *s = &ps[i];
		if (pinned_open(names[i], 1, &s->p)) {
			ret = RT_FAIL;
			continue;
		}
		s->opened = true;
		s->has_state = pinned_state(names[i], s->st) == 0;
		s->complain = s->has_state ? s->st[BPFCON_STATE_COMPLAIN] != 0 : s->p.config.complain;
		s->lost = pinned_lost(&s->p);
	}
	find_processes(ps, n);
	if (fmt == FMT_JSON)
		print_json(lsm, lsm_list, ps, n);
	else if (fmt == FMT_PROM)
		print_prometheus(lsm, ps, n);
	else
		print_text(lsm, lsm_list, ps, n);
	for (size_t i = 0; i < n; i++) {
		if (ps[i].opened)
			pinned_close(&ps[i].p);
		free(ps[i].pids);
	}
	free(ps);
	pins_free_names(names);
	return ret;
}

/* bpfcon complain NAME / bpfcon enforce NAME. */
static int set_mode(int argc, char **argv, const char *cmd, bool complain)
{
	char usage[128];
	snprintf(usage, sizeof(usage), "Usage: bpfcon %s NAME\n", cmd);
	int h = rt_parse_help(argc, argv, cmd, usage, false);
	if (h >= 0)
		return h;
	if (argc - optind != 1)
		return rt_usage("%s: one policy NAME", cmd);
	const char *name = argv[optind];
	if (!rt_valid_name(name))
		return rt_usage("%s: '%s' is not a policy name", cmd, name);
	int lock = pins_lock();
	if (lock < 0)
		return RT_FAIL;
	int r = pinned_set_mode(name, complain);
	close(lock);
	if (r)
		return RT_FAIL;
	printf("%s: %s\n", name, complain ? "complain" : "enforce");
	return RT_OK;
}

int cmd_complain(int argc, char **argv)
{
	return set_mode(argc, argv, "complain", true);
}

int cmd_enforce(int argc, char **argv)
{
	return set_mode(argc, argv, "enforce", false);
}
