// SPDX-License-Identifier: GPL-2.0-only
/* journal.c - the systemd journal's native protocol (see journal.h).
 *
 * Why not libsystemd's sd_journal_sendv(): Debian ships libsystemd only as
 * a shared library, and bpfcon has a static build (build/static) for
 * machines without libbpf.  The protocol it would speak is small and
 * documented (systemd's "Native Journal Protocol"): one datagram per entry
 * to /run/systemd/journal/socket, holding FIELD=value lines, or, for a
 * value with a newline, FIELD, a newline, the value's length as 64-bit
 * little endian, the value and a newline.  Both builds speak it the same
 * way, with no library.  An entry is at most a few KiB (an event's object
 * is at most BPFCON_OBJ_MAX bytes), far below the datagram limit, so the
 * protocol's memfd path for large entries is not needed. */
#include "journal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

int journal_open(void)
{
	return socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

/* Appends FIELD and VALUE to the entry in OUT. */
static void field(FILE *out, const char *name, const char *value)
{
	if (!strchr(value, '\n')) {
		fprintf(out, "%s=%s\n", name, value);
		return;
	}
	unsigned long long n = strlen(value);
	fprintf(out, "%s\n", name);
	for (int i = 0; i < 8; i++)
		fputc((int)((n >> (8 * i)) & 0xff), out);
	fwrite(value, 1, n, out);
	fputc('\n', out);
}

int journal_send(int fd, const struct ev_record *r)
{
	char *buf = NULL, *msg = NULL;
	size_t len = 0, mlen = 0;
	FILE *m = open_memstream(&msg, &mlen);
	FILE *out = m ? open_memstream(&buf, &len) : NULL;
	if (!out) {
		if (m)
			fclose(m);
		free(msg);
		return -1;
	}
	event_print_kv(m, r, true);
	fclose(m);
	if (mlen && msg[mlen - 1] == '\n')
		msg[--mlen] = '\0';
	field(out, "MESSAGE", msg);
	fprintf(out, "PRIORITY=%d\n", r->priority);
	field(out, "SYSLOG_IDENTIFIER", "bpfcon");
	for (size_t i = 0; i < r->n; i++) {
		const struct ev_field *f = &r->f[i];
		char name[64] = "BPFCON_", num[32];
		size_t k = strlen(name);
		for (const char *p = f->key; *p && k + 1 < sizeof(name); p++)
			name[k++] = (char)toupper((unsigned char)*p);
		name[k] = '\0';
		if (!strcmp(name, "BPFCON_BPFCON"))
			strcpy(name, "BPFCON_DECISION");
		if (!f->str)
			snprintf(num, sizeof(num), "%llu", f->num);
		field(out, name, f->str ? f->str : num);
	}
	if (r->rule_text)
		field(out, "BPFCON_RULE_TEXT", r->rule_text);
	free(msg);
	if (fclose(out)) {
		free(buf);
		return -1;
	}
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = getenv("BPFCON_JOURNAL_SOCKET");
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path && *path ? path : JOURNAL_SOCKET);
	ssize_t w = sendto(fd, buf, len, MSG_NOSIGNAL, (struct sockaddr *)&sa, sizeof(sa));
	int e = errno;
	free(buf);
	if (w < 0) {
		errno = e;
		return -1;
	}
	return 0;
}
