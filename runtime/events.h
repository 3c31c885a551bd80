/* SPDX-License-Identifier: GPL-2.0-only */
/* events.h - turns a struct bpfcon_event into a log record: one key=value
 * line an audit tool can read, one JSON object, or the fields of a journal
 * entry.  Names for hooks, request kinds, access bits and decisions; the
 * deciding rule looked up in the policy's self-description. */
#ifndef BPFCON_RT_EVENTS_H
#define BPFCON_RT_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>

#include "bpfcon_abi.h"
#include "meta.h"

/* One field of a record: a string (str) or a number (str NULL). */
struct ev_field {
	const char *key;	/* lower case: "policy", "name", "requested" */
	const char *str;
	unsigned long long num;
};

#define EV_MAX_FIELDS 24

/* An event's fields in record order; strings point into EV, META or the
 * record's own buffers. */
struct ev_record {
	struct ev_field f[EV_MAX_FIELDS];
	size_t n;
	int priority;		/* syslog level: 4 denied, 5 complain, 6 otherwise */
	const char *rule_text;	/* the deciding rule as written, or NULL */
	char time[40], acc[512], flags[64], dev[24], num[2][24], peer_id[24];
};

const char *event_hook_name(__u32 hook);

/* The fields of one event.  POLICY and META may be NULL if unknown;
 * BOOT_OFFSET converts its boot-time stamp to CLOCK_REALTIME. */
void event_record(struct ev_record *r, const struct bpfcon_event *ev, const char *policy,
		  const struct meta *meta, int64_t boot_offset);

/* key=value line (docs/bpfcon.1, LOG RECORDS), newline included; without
 * the time field if NO_TIME. */
void event_print_kv(FILE *out, const struct ev_record *r, bool no_time);
/* Writes VALUE as a key=value value: "VALUE" when every byte is printable
 * ASCII other than '"' and space, else the bytes in upper-case hex,
 * unquoted (as the kernel's audit log writes untrusted strings). */
void event_kv_value(FILE *out, const char *value);

/* Reads a key=value record back (the writer's inverse): splits LINE in
 * place into up to MAX fields, decoding quoted and hex values (a hex value
 * may hold any byte but NUL).  Returns the number of fields, or -1 if LINE
 * is not a record. */
int event_kv_parse(char *line, struct ev_field *out, size_t max);

/* One JSON object a line (docs/bpfcon.1, --json). */
void event_print_json(FILE *out, const struct bpfcon_event *ev, const char *policy,
		      const struct meta *meta, int64_t boot_offset);

#endif
