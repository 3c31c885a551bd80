// SPDX-License-Identifier: GPL-2.0-only
/* test_events.c - prints log records of made-up events, for
 * tests/runtime.sh to check without a kernel: `test_events kv` and
 * `test_events json` print every event as a key=value record or as JSON;
 * `test_events journal` sends them to a journal socket of its own (bound
 * at $BPFCON_JOURNAL_SOCKET) and prints each datagram it gets, one field a
 * line, a value's newlines as "\n". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "events.h"
#include "journal.h"

/* An fs path with a space, a quote, a backslash, a newline, a control
 * byte, valid UTF-8 (é) and bytes that are not UTF-8 (\xff, \xc3 alone). */
#define NASTY "/tmp/a b\"c\\d\ne\x01" "f\xc3\xa9g\xffh\xc3"

static struct bpfcon_event events[] = {
	{ .hook = BPFCON_HOOK_FILE_OPEN, .kind = BPFCON_KIND_FS, .access = 1, .decision = BPFCON_DENY,
	  .rule = 0, .pid = 42, .tgid = 42, .comm = "cat", .object = "/etc/shadow" },
	{ .hook = BPFCON_HOOK_FILE_OPEN, .kind = BPFCON_KIND_FS, .access = 3,
	  .decision = BPFCON_COMPLAIN, .by = BPFCON_BY_DEFAULT, .rule = -1, .pid = 7,
	  .comm = "my prog", .object = NASTY },
	{ .hook = BPFCON_HOOK_FILE_OPEN, .kind = BPFCON_KIND_DEV, .access = 1,
	  .decision = BPFCON_ALLOW, .flags = BPFCON_EV_AUDIT | BPFCON_EV_TAINT, .rule = 0,
	  .pid = 8, .comm = "dd", .object = "/dev/zero", .dev_major = 1, .dev_minor = 5 },
	{ .hook = BPFCON_HOOK_KILL, .kind = BPFCON_KIND_SIGNAL, .bit = 15, .decision = BPFCON_DENY,
	  .by = BPFCON_BY_DEFAULT, .rule = -1, .pid = 9, .comm = "kill", .target_pid = 10,
	  .object = "/usr/bin/sleep" },
	{ .hook = BPFCON_HOOK_KILL, .kind = BPFCON_KIND_SIGNAL, .bit = 34, .decision = BPFCON_DENY,
	  .by = BPFCON_BY_DEFAULT, .rule = -1, .pid = 9, .comm = "kill", .target_pid = 10 },
	{ .hook = BPFCON_HOOK_CAPABLE, .kind = BPFCON_KIND_CAP, .bit = 21, .decision = BPFCON_DENY,
	  .by = BPFCON_BY_BUILTIN, .rule = -1, .pid = 11, .comm = "mount" },
	{ .hook = BPFCON_HOOK_CONNECT, .kind = BPFCON_KIND_NET, .access = 1, .family = 10,
	  .decision = BPFCON_DENY, .rule = 0, .pid = 12, .comm = "curl" },
	{ .hook = BPFCON_HOOK_UNIX_CONNECT, .kind = BPFCON_KIND_IPC, .decision = BPFCON_DENY,
	  .by = BPFCON_BY_DEFAULT, .rule = -1, .pid = 13, .comm = "nc",
	  .peer_policy = 0x1234 },
	{ .hook = BPFCON_HOOK_ENTER, .kind = BPFCON_KIND_FS, .decision = BPFCON_ALLOW, .rule = -1,
	  .pid = 14, .comm = "bpfcon" },
	{ .hook = BPFCON_HOOK_TRANSITION, .kind = BPFCON_KIND_FS, .decision = BPFCON_ALLOW,
	  .rule = -1, .pid = 15, .comm = "sh", .object = "/usr/bin/b", .peer_policy = 0x99 },
};

static struct meta_rule rules[] = { { 0, "tests/x.pol:3:5", "fs(\"/etc/shadow\", none)" } };

static int journal(void)
{
	const char *path = getenv("BPFCON_JOURNAL_SOCKET");
	int srv = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (!path || srv < 0)
		return 1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	if (bind(srv, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("bind");
		return 1;
	}
	struct meta m = { .nrules = 1, .rules = rules };
	int fd = journal_open();
	static char buf[65536];
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		struct ev_record r;
		event_record(&r, &events[i], "httpd", &m, 0);
		if (journal_send(fd, &r)) {
			perror("journal_send");
			return 1;
		}
		ssize_t n = recv(srv, buf, sizeof(buf), 0);
		for (ssize_t k = 0; k < n;) {
			char *nl = memchr(buf + k, '\n', (size_t)(n - k));
			if (!nl)
				break;
			char *eq = memchr(buf + k, '=', (size_t)(nl - (buf + k)));
			size_t vlen;
			const char *v;
			if (eq) {
				fwrite(buf + k, 1, (size_t)(eq - (buf + k)), stdout);
				v = eq + 1;
				vlen = (size_t)(nl - v);
				k = nl + 1 - buf;
			} else {	/* NAME\n, 64-bit little-endian length, value, \n */
				fwrite(buf + k, 1, (size_t)(nl - (buf + k)), stdout);
				unsigned long long len = 0;
				for (int b = 7; b >= 0; b--)
					len = len << 8 | (unsigned char)nl[1 + b];
				v = nl + 9;
				vlen = len;
				k = (nl + 9 + len + 1) - buf;
			}
			putchar('=');
			for (size_t c = 0; c < vlen; c++)
				fputs(v[c] == '\n' ? "\\n" : (char[]){ v[c], 0 }, stdout);
			putchar('\n');
		}
		puts("--");
	}
	close(fd);
	close(srv);
	unlink(path);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	if (!strcmp(argv[1], "journal"))
		return journal();
	struct meta m = { .nrules = 1, .rules = rules };
	/* 2026-12-06T02:40:01.123Z as a boot-time stamp of 5 s */
	int64_t off = 1796524801123000000ll - 5000000000ll;
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		events[i].time_ns = 5000000000ull;
		if (!strcmp(argv[1], "json")) {
			event_print_json(stdout, &events[i], "httpd", &m, off);
		} else {
			struct ev_record r;
			event_record(&r, &events[i], "httpd", &m, off);
			event_print_kv(stdout, &r, false);
		}
	}
	return 0;
}
