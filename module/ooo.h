/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the receive side's out-of-order queue (pure: no socket, no lock;
 * the caller holds the socket lock).
 *
 * Owns: struct mytcp_ooo, the segments that arrived above RCV.NXT, kept in
 * sequence order until the hole below them fills (RFC 9293 3.10.7.4,
 * "seventh, process the segment text"), and the SACK blocks that describe
 * them (RFC 2018).
 *
 * Skbs in the queue follow skbcb.h: skb->data is the payload,
 * MYTCP_SKB_CB(skb)->seq its first byte, ->end_seq = seq + len (+ 1 when
 * TCPHDR_FIN is in ->tcp_flags). The queue never holds two skbs that share
 * a sequence number: mytcp_ooo_insert() trims or drops what overlaps.
 */
#ifndef _MYTCP_OOO_H
#define _MYTCP_OOO_H

#include <linux/rbtree.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#include "segment.h"

/**
 * enum mytcp_ooo_insert_result - what mytcp_ooo_insert() did with an skb
 * @MYTCP_OOO_QUEUED: the skb (possibly trimmed) is in the queue
 * @MYTCP_OOO_DUP: every sequence number of the skb was queued already; the
 *	skb was freed
 */
enum mytcp_ooo_insert_result {
	MYTCP_OOO_QUEUED = 0,
	MYTCP_OOO_DUP = 1,
};

/**
 * struct mytcp_ooo - an out-of-order queue
 * @root: the skbs, keyed by MYTCP_SKB_CB(skb)->seq, never overlapping
 * @nr_skbs: how many skbs are queued
 * @bytes: payload bytes queued (sum of skb->len)
 * @truesize: memory the queued skbs take (sum of skb->truesize), for the
 *	caller's receive buffer accounting
 * @last_seq: a sequence number of the segment inserted last (its first
 *	byte that is queued); the first SACK block is the one holding it
 * @have_last: @last_seq is valid
 * @nr_reported: valid entries in @reported
 * @reported: the blocks the last mytcp_ooo_sack_blocks() call returned, in
 *	order; the next call repeats them after the first (RFC 2018 4)
 */
struct mytcp_ooo {
	struct rb_root root;
	u32 nr_skbs;
	u32 bytes;
	u32 truesize;
	u32 last_seq;
	bool have_last;
	u8 nr_reported;
	struct mytcp_sack_block reported[MYTCP_MAX_SACK_BLOCKS];
};

void mytcp_ooo_init(struct mytcp_ooo *q);
int mytcp_ooo_insert(struct mytcp_ooo *q, struct sk_buff *skb);
struct sk_buff *mytcp_ooo_dequeue(struct mytcp_ooo *q, u32 rcv_nxt);
void mytcp_ooo_purge(struct mytcp_ooo *q);
int mytcp_ooo_sack_blocks(struct mytcp_ooo *q, u32 rcv_nxt,
			  struct mytcp_sack_block *blocks, int max);

#endif /* _MYTCP_OOO_H */
