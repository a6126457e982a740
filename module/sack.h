/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the send side's SACK scoreboard over the write queue (pure: no
 * socket, no lock; the caller holds the socket lock).
 *
 * Owns: turning the SACK blocks a peer sends (RFC 2018) into
 * MYTCP_SKB_SACKED marks on the write queue, and finding the next segment
 * that is not SACKed, which is what a sender in loss recovery retransmits
 * (RFC 6675 4, NextSeg()).
 */
#ifndef _MYTCP_SACK_H
#define _MYTCP_SACK_H

#include <linux/skbuff.h>
#include <linux/types.h>

#include "segment.h"

u32 mytcp_sack_mark(struct sk_buff_head *q, const struct mytcp_sack_block *blocks,
		    int n, u32 snd_una, u32 snd_nxt);
struct sk_buff *mytcp_sack_next_hole(struct sk_buff_head *q, u32 after_seq);
u32 mytcp_sack_bytes(struct sk_buff_head *q);

#endif /* _MYTCP_SACK_H */
