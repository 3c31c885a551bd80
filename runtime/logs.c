// SPDX-License-Identifier: GPL-2.0-only
/* logs.c - `bpfcon logs [-f] [--json | --journal]`: reads the pinned
 * `events` ring buffer of every loaded policy and prints each event as a
 * key=value record (or JSON, or sends it to the systemd journal); reports
 * lost events from the pinned `lost` counters.  Without -f it drains what
 * is there and exits; with -f it follows, picking up policies loaded,
 * replaced or unloaded meanwhile. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cmds.h"
#include "events.h"
#include "journal.h"
#include "pins.h"
#include "util.h"

struct source {
	struct pinned p;
	__u64 lost_seen;	/* lost count already reported */
};

struct logs {
	struct source *src;
	size_t nsrc;
	struct ring_buffer *rb;
	bool json;
	int journal_fd;		/* --journal: the journal's socket; -1 otherwise */
	bool journal_failed;	/* a send failed (said once until one succeeds) */
	int64_t boot_offset;
};

static volatile sig_atomic_t stop;
static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static struct logs *g_logs;

static int on_event(void *ctx, void *data, size_t size)
{
	struct source *s = ctx;
	struct bpfcon_event ev;
	memset(&ev, 0, sizeof(ev));
	memcpy(&ev, data, size < sizeof(ev) ? size : sizeof(ev));
	ev.comm[sizeof(ev.comm) - 1] = '\0';
	ev.object[sizeof(ev.object) - 1] = '\0';
	struct logs *l = g_logs;
	if (l->json) {
		event_print_json(stdout, &ev, s->p.name, &s->p.meta, l->boot_offset);
		return 0;
	}
	struct ev_record r;
	event_record(&r, &ev, s->p.name, &s->p.meta, l->boot_offset);
	if (l->journal_fd < 0) {
		event_print_kv(stdout, &r, false);
	} else if (journal_send(l->journal_fd, &r)) {
		if (!l->journal_failed)
			rt_warn("cannot send to the journal: %s (events are dropped until it "
				"takes them again)", strerror(errno));
		l->journal_failed = true;
	} else {
		l->journal_failed = false;
	}
	return 0;
}

static void report_lost(struct logs *l, bool first)
{
	for (size_t i = 0; i < l->nsrc; i++) {
		struct source *s = &l->src[i];
		__u64 n = pinned_lost(&s->p);
		__u64 seen = first ? pinned_lost_reported(&s->p) : s->lost_seen;
		if (n > seen) {
			fflush(stdout);
			fprintf(stderr, "bpfcon: %llu events lost (policy %s)\n",
				(unsigned long long)(n - seen), s->p.name);
			pinned_lost_ack(&s->p, n);
		}
		s->lost_seen = n;
	}
}

static void close_all(struct logs *l)
{
	ring_buffer__free(l->rb);
	l->rb = NULL;
	for (size_t i = 0; i < l->nsrc; i++)
		pinned_close(&l->src[i].p);
	free(l->src);
	l->src = NULL;
	l->nsrc = 0;
}

/* Opens every loaded policy's events.  Returns 0 (even with no policy),
 * -1 if a policy could not be read. */
static int open_all(struct logs *l)
{
	int ret = 0;
	char **names = pins_policies();
	if (!names) {
		if (errno == ENOENT)
			return 0;
		rt_err("%s: %s", BPFCON_PIN_ROOT, strerror(errno));
		return -1;
	}
	size_t n = 0;
	while (names[n])
		n++;
	l->src = xcalloc(n, sizeof(*l->src));
	for (size_t i = 0; i < n; i++) {
		struct source *s = &l->src[l->nsrc];
		if (pinned_open(names[i], 1, &s->p)) {
			ret = -1;
			continue;
		}
		int err = l->rb ? ring_buffer__add(l->rb, s->p.events_fd, on_event, s) : 0;
		if (!l->rb) {
			l->rb = ring_buffer__new(s->p.events_fd, on_event, s, NULL);
			err = l->rb ? 0 : -errno;
		}
		if (err) {
			rt_err("policy %s: cannot read its events: %s", names[i], strerror(-err));
			pinned_close(&s->p);
			ret = -1;
			continue;
		}
		l->nsrc++;
	}
	pins_free_names(names);
	return ret;
}

/* True if the set of loaded policies (or their events maps) changed. */
static bool changed(const struct logs *l)
{
	char **names = pins_policies();
	size_t n = 0;
	bool diff = false;
	for (; names && names[n]; n++) {
		if (n >= l->nsrc || strcmp(names[n], l->src[n].p.name)) {
			diff = true;
			break;
		}
	}
	if (!diff && n != l->nsrc)
		diff = true;
	pins_free_names(names);
	if (diff)
		return true;
	/* A replaced policy keeps its name but gets new maps. */
	for (size_t i = 0; i < l->nsrc; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s/events", BPFCON_PIN_ROOT, l->src[i].p.name);
		struct bpf_map_info info;
		__u32 len = sizeof(info);
		memset(&info, 0, sizeof(info));
		int fd = bpf_obj_get(path);
		if (fd < 0)
			return true;
		int r = bpf_obj_get_info_by_fd(fd, &info, &len);
		close(fd);
		if (r || info.id != l->src[i].p.events_id)
			return true;
	}
	return false;
}

static const char logs_usage[] =
	"Usage: bpfcon logs [-f] [--json | --journal]\n"
	"Prints the events of every loaded policy, one key=value record a line.\n"
	"  -f, --follow  keep following (new policies too) until interrupted\n"
	"  --json        one JSON object a line instead\n"
	"  --journal     send each event to the systemd journal, with its fields\n"
	"                as BPFCON_* journal fields, instead of printing it\n";

int cmd_logs(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "journal", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool follow = false;
	struct logs l = { .journal_fd = -1 };
	bool journal = false;
	int c;
	optind = 0;
	while ((c = rt_getopt(argc, argv, "fh", opts, "logs")) != -1) {
		switch (c) {
		case 'f': follow = true; break;
		case 'j': l.json = true; break;
		case 'J': journal = true; break;
		case 'h': fputs(logs_usage, stdout); return RT_OK;
		default: return RT_USAGE;
		}
	}
	if (optind < argc)
		return rt_usage("logs: unexpected argument '%s'", argv[optind]);
	if (journal && l.json)
		return rt_usage("logs: --json and --journal exclude each other");
	if (journal) {
		l.journal_fd = journal_open();
		if (l.journal_fd < 0) {
			rt_err("journal socket: %s", strerror(errno));
			return RT_FAIL;
		}
	}
	g_logs = &l;
	l.boot_offset = rt_boot_to_real_offset();
	int ret = RT_OK;
	if (open_all(&l))
		ret = RT_FAIL;
	if (!l.nsrc && !follow) {
		if (ret == RT_OK)
			fprintf(stderr, "%s: no policy is loaded\n", rt_prog);
		if (l.journal_fd >= 0)
			close(l.journal_fd);
		return ret;
	}
	report_lost(&l, true);
	if (!follow) {
		if (l.rb && ring_buffer__consume(l.rb) < 0) {
			rt_err("reading events: %s", strerror(errno));
			ret = RT_FAIL;
		}
		report_lost(&l, false);
		fflush(stdout);
		close_all(&l);
		if (l.journal_fd >= 0)
			close(l.journal_fd);
		return ret;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* What one wake-up drains goes out in one write, not one a line:
	 * under a burst of events a reader writing each line fell behind
	 * and the ring buffers filled (bench/vs-apparmor). */
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	int ticks = 0;
	while (!stop) {
		if (l.rb) {
			int r = ring_buffer__poll(l.rb, 200);
			/* Allowed (#[audit]) events wake nobody until a quarter
			 * of the buffer waits (bpfcon_common.h): take them now. */
			if (r >= 0)
				r = ring_buffer__consume(l.rb);
			fflush(stdout);
			if (r < 0 && r != -EINTR) {
				rt_err("reading events: %s", strerror(-r));
				ret = RT_FAIL;
				break;
			}
		} else {
			usleep(200000);
		}
		if (++ticks % 5)
			continue;
		report_lost(&l, false);
		if (changed(&l)) {
			/* Drain what the old maps still hold, then reopen. */
			if (l.rb)
				ring_buffer__consume(l.rb);
			size_t nkeep = l.nsrc;
			struct source *keep = xcalloc(nkeep, sizeof(*keep));
			for (size_t i = 0; i < nkeep; i++) {
				keep[i].p.name = xstrdup(l.src[i].p.name);
				keep[i].p.events_id = l.src[i].p.events_id;
				keep[i].lost_seen = l.src[i].lost_seen;
			}
			close_all(&l);
			open_all(&l);
			/* Unchanged policies keep their count; new maps start afresh. */
			for (size_t i = 0; i < l.nsrc; i++) {
				l.src[i].lost_seen = 0;
				for (size_t k = 0; k < nkeep; k++)
					if (!strcmp(keep[k].p.name, l.src[i].p.name) &&
					    keep[k].p.events_id == l.src[i].p.events_id)
						l.src[i].lost_seen = keep[k].lost_seen;
			}
			for (size_t k = 0; k < nkeep; k++)
				free(keep[k].p.name);
			free(keep);
			report_lost(&l, false);
		}
	}
	if (l.rb)
		ring_buffer__consume(l.rb);
	close_all(&l);
	if (l.journal_fd >= 0)
		close(l.journal_fd);
	return ret;
}
