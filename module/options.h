/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: building the options area of an outgoing TCP header (pure, no
 * socket, no skb).
 *
 * Owns: the on-the-wire layout mytcp uses for the options it sends. The
 * parsed form, struct mytcp_options, and the parser live in segment.h.
 */
#ifndef _MYTCP_OPTIONS_H
#define _MYTCP_OPTIONS_H

#include <linux/types.h>

#include "segment.h"

/* RFC 9293 3.1: the data offset allows at most 40 bytes of options. */
#define MYTCP_MAX_OPT_BYTES	40

unsigned int mytcp_options_size(const struct mytcp_options *o);
unsigned int mytcp_write_options(u8 *p, const struct mytcp_options *o);

#endif /* _MYTCP_OPTIONS_H */
