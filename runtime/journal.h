/* SPDX-License-Identifier: GPL-2.0-only */
/* journal.h - sends log records to the systemd journal with structured
 * fields (`bpfcon logs --journal`), over the journal's native protocol. */
#ifndef BPFCON_RT_JOURNAL_H
#define BPFCON_RT_JOURNAL_H

#include "events.h"

/* The socket the journal reads: $BPFCON_JOURNAL_SOCKET (for tests) or
 * /run/systemd/journal/socket.  Returns a descriptor, or -1 with errno. */
int journal_open(void);
/* One journal entry for record R: MESSAGE (the key=value record without
 * its time; the journal stamps entries itself), PRIORITY,
 * SYSLOG_IDENTIFIER=bpfcon, BPFCON_<KEY> for every field of R (the
 * bpfcon= verdict as BPFCON_DECISION) and BPFCON_RULE_TEXT.
 * Returns 0, or -1 with errno. */
int journal_send(int fd, const struct ev_record *r);

#endif
