// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the send side's SACK scoreboard over the write queue (pure: no
 * socket, no lock; the caller holds the socket lock).
 *
 * Owns: which segments of the write queue the peer has selectively
 * acknowledged. The write queue is a &struct sk_buff_head of payload-only
 * skbs in sequence order, each with seq/end_seq in MYTCP_SKB_CB and the
 * MYTCP_SKB_SACKED bit in ->sacked (skbcb.h).
 *
 * A SACK block comes from the network and is checked before use: its
 * edges are taken as offsets from SND.UNA, so a block that is reversed,
 * wraps, or spans more than was sent is refused without any comparison
 * that could itself wrap.
 */
#include <net/tcp.h>
#include <kunit/visibility.h>

#include "sack.h"
#include "skbcb.h"

/*
 * Whether @b is a block this sender can use: RFC 2018 3, it covers data
 * that was sent and not cumulatively acknowledged, i.e. SND.UNA <= start <
 * end <= SND.NXT. A D-SACK block below SND.UNA (RFC 2883 4) reports a
 * duplicate, not data held, and fails the test too.
 */
static bool mytcp_sack_block_valid(const struct mytcp_sack_block *b,
				   u32 snd_una, u32 snd_nxt)
{
	u32 start = b->start - snd_una, end = b->end - snd_una;

	return start < end && end <= snd_nxt - snd_una;
}

/**
 * mytcp_sack_mark - mark the segments a peer's SACK blocks cover
 * @q: the write queue, in sequence order
 * @blocks: the SACK blocks of one incoming segment (struct mytcp_options)
 * @n: how many entries of @blocks to read
 * @snd_una: SND.UNA, after the segment's cumulative ACK was applied
 * @snd_nxt: SND.NXT
 *
 * A block is used only if SND.UNA <= start < end <= SND.NXT, computed as
 * offsets from SND.UNA so that it holds across the 2^32 wrap. Blocks that
 * fail it are ignored whole: an empty or reversed block, one reaching past
 * what was sent, one that wraps, and a D-SACK block (RFC 2883 4) that
 * starts below SND.UNA, even where part of it lies above.
 *
 * Every skb that a valid block covers entirely gets MYTCP_SKB_SACKED; one
 * covered only in part is left unmarked (RFC 2018 3: the sender may only
 * count what it knows arrived). The ACK path first cuts skbs at the
 * blocks' edges (mytcp_sack_cut()), so a block covers whole skbs.
 * SACKed skbs stay in @q: the receiver may renege (RFC 2018 8), so they are
 * freed only once SND.UNA passes them.
 *
 * Return: sequence space newly SACKed, end_seq - seq summed over the skbs
 * marked by this call (a FIN counts one).
 */
u32 mytcp_sack_mark(struct sk_buff_head *q, const struct mytcp_sack_block *blocks,
		    int n, u32 snd_una, u32 snd_nxt)
{
	struct sk_buff *skb;
	u32 newly = 0;
	int i;

	for (i = 0; i < n; i++) {
		const struct mytcp_sack_block *b = &blocks[i];
		u32 start, end;

		if (!mytcp_sack_block_valid(b, snd_una, snd_nxt))
			continue;
		start = b->start - snd_una;
		end = b->end - snd_una;
		skb_queue_walk(q, skb) {
			struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

			/* Acknowledged, wholly or in part: no block covers it. */
			if (before(cb->seq, snd_una))
				continue;
			/* In order: nothing further can be inside the block. */
			if (cb->seq - snd_una >= end)
				break;
			if (cb->seq - snd_una < start ||
			    cb->end_seq - snd_una > end ||
			    (cb->sacked & MYTCP_SKB_SACKED))
				continue;
			cb->sacked |= MYTCP_SKB_SACKED;
			newly += cb->end_seq - cb->seq;
		}
	}
	return newly;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_sack_mark);

/**
 * mytcp_sack_next_hole - the next segment the peer does not hold
 * @q: the write queue, in sequence order
 * @after_seq: where to start looking, e.g. SND.UNA, or the end of the
 *	segment retransmitted last
 *
 * RFC 6675 4 (NextSeg()): a sender in recovery retransmits the segments
 * the scoreboard does not show as SACKed, never the SACKed ones. An skb
 * that holds @after_seq (starts before it, ends after it) counts, so a
 * partly acknowledged head segment is found.
 *
 * The queue may hold segments not sent yet; the caller compares the
 * result with SND.NXT.
 *
 * Return: the first skb ending after @after_seq without MYTCP_SKB_SACKED,
 * still on @q; NULL if there is none.
 */
struct sk_buff *mytcp_sack_next_hole(struct sk_buff_head *q, u32 after_seq)
{
	struct sk_buff *skb;

	skb_queue_walk(q, skb) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

		if (after(cb->end_seq, after_seq) &&
		    !(cb->sacked & MYTCP_SKB_SACKED))
			return skb;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_sack_next_hole);

/**
 * mytcp_sack_bytes - how much of the queue the peer has SACKed
 * @q: the write queue
 *
 * RFC 6675 4 (IsLost()): DupThresh segments' worth of SACKed data above
 * the first unacknowledged segment mark it lost, however few duplicate
 * ACKs reported them (one ACK may SACK a whole GSO burst).
 *
 * Return: end_seq - seq summed over the skbs marked MYTCP_SKB_SACKED.
 */
u32 mytcp_sack_bytes(struct sk_buff_head *q)
{
	struct sk_buff *skb;
	u32 sum = 0;

	skb_queue_walk(q, skb) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

		if (cb->sacked & MYTCP_SKB_SACKED)
			sum += cb->end_seq - cb->seq;
	}
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_sack_bytes);
