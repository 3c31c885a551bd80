/* SPDX-License-Identifier: GPL-2.0-only */
/* events.h - turns a struct bpfcon_event into a log line, text or JSON:
 * names for hooks, request kinds, access bits and decisions, and the
 * deciding rule looked up in the policy's self-description. */
#ifndef BPFCON_RT_EVENTS_H
#define BPFCON_RT_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>

#include "bpfcon_abi.h"
#include "meta.h"

const char *event_hook_name(__u32 hook);
/* Formats one event; BOOT_OFFSET converts its boot-time stamp to
 * CLOCK_REALTIME.  POLICY and META may be NULL if unknown. */
void event_print(FILE *out, const struct bpfcon_event *ev, const char *policy,
		 const struct meta *meta, int64_t boot_offset, bool json);

#endif
