// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the receive side's out-of-order queue (pure: no socket, no lock;
 * the caller holds the socket lock).
 *
 * Owns: keeping segments that arrived above RCV.NXT until the hole below
 * them fills (RFC 9293 3.10.7.4, "seventh, process the segment text":
 * out-of-order data may be kept and delivered once in order), and the SACK
 * blocks that report them to the peer (RFC 2018 3 and 4).
 *
 * Overlaps are resolved when a segment is inserted, so each sequence number
 * is held by at most one skb: bytes already queued win, the new segment is
 * trimmed at its head and tail to what is new, and queued skbs that lie
 * wholly inside the new one's new range are replaced by it. Dequeue then
 * only has to trim data that RCV.NXT has passed by other means.
 *
 * Every comparison of sequence numbers is modulo 2^32 (before()/after()),
 * so the queue works across the wrap as long as what it holds spans less
 * than 2^31, which the receive window guarantees (RFC 7323 2.3).
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <net/tcp.h>
#include <kunit/visibility.h>

#include "ooo.h"
#include "skbcb.h"

static u32 mytcp_ooo_seq(const struct sk_buff *skb)
{
	return MYTCP_SKB_CB(skb)->seq;
}

static u32 mytcp_ooo_end(const struct sk_buff *skb)
{
	return MYTCP_SKB_CB(skb)->end_seq;
}

static void mytcp_ooo_account_add(struct mytcp_ooo *q, const struct sk_buff *skb)
{
	q->bytes += skb->len;
	q->truesize += skb->truesize;
}

static void mytcp_ooo_account_sub(struct mytcp_ooo *q, const struct sk_buff *skb)
{
	q->bytes -= skb->len;
	q->truesize -= skb->truesize;
}

/*
 * Take @skb out of the tree. Its rbnode shares storage with next, prev and
 * dev: clear them, so that nothing later reads tree pointers as those.
 */
static void mytcp_ooo_unlink(struct mytcp_ooo *q, struct sk_buff *skb)
{
	rb_erase(&skb->rbnode, &q->root);
	memset(&skb->rbnode, 0, sizeof(skb->rbnode));
	mytcp_ooo_account_sub(q, skb);
	q->nr_skbs--;
}

/* Put @skb, which overlaps nothing queued, into the tree. */
static void mytcp_ooo_link(struct mytcp_ooo *q, struct sk_buff *skb)
{
	struct rb_node **link = &q->root.rb_node, *parent = NULL;
	u32 seq = mytcp_ooo_seq(skb);

	while (*link) {
		parent = *link;
		if (before(seq, mytcp_ooo_seq(rb_to_skb(parent))))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&skb->rbnode, parent, link);
	rb_insert_color(&skb->rbnode, &q->root);
	mytcp_ooo_account_add(q, skb);
	q->nr_skbs++;
}

/* The queued skb with the highest start at or below @seq, or NULL. */
static struct sk_buff *mytcp_ooo_floor(struct mytcp_ooo *q, u32 seq)
{
	struct rb_node *n = q->root.rb_node;
	struct sk_buff *best = NULL;

	while (n) {
		struct sk_buff *skb = rb_to_skb(n);

		if (after(mytcp_ooo_seq(skb), seq)) {
			n = n->rb_left;
		} else {
			best = skb;
			n = n->rb_right;
		}
	}
	return best;
}

/*
 * Drop the first @n sequence numbers of @skb's data. @n never reaches past
 * the payload (a FIN stays). pskb_pull() may have to copy paged data into
 * the head and can fail.
 */
static int mytcp_ooo_trim_head(struct sk_buff *skb, u32 n)
{
	if (!n)
		return 0;
	if (!pskb_pull(skb, n))
		return -ENOMEM;
	MYTCP_SKB_CB(skb)->seq += n;
	return 0;
}

/*
 * Cut @skb so that it ends at @end_seq, which lies inside it: what follows
 * is held by a queued skb, so a FIN at the end (there is none in a sane
 * stream) goes too.
 */
static int mytcp_ooo_trim_tail(struct sk_buff *skb, u32 end_seq)
{
	struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

	if (pskb_trim(skb, end_seq - cb->seq))
		return -ENOMEM;
	cb->end_seq = end_seq;
	cb->tcp_flags &= ~TCPHDR_FIN;
	return 0;
}

/**
 * mytcp_ooo_init - make an empty out-of-order queue
 * @q: the queue
 */
void mytcp_ooo_init(struct mytcp_ooo *q)
{
	memset(q, 0, sizeof(*q));
	q->root = RB_ROOT;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_ooo_init);

/**
 * mytcp_ooo_insert - queue a segment that arrived out of order
 * @q: the queue
 * @skb: the segment, payload only, its seq/end_seq in MYTCP_SKB_CB; the
 *	queue takes it over in every case. Its checksum must have been
 *	verified: trimming does not keep skb->csum. Its ->dev is not kept (the
 *	tree node shares that storage).
 *
 * Overlaps are trimmed here, not at dequeue: sequence numbers already
 * queued keep the bytes they have, so @skb loses its head up to the end of
 * the queued skb it starts in and its tail from the start of the queued skb
 * it ends in (a FIN there goes with it), and queued skbs that lie wholly
 * inside what remains are freed, as @skb now carries their bytes. The
 * queue thus never holds a sequence number twice.
 *
 * The caller has checked that @skb is acceptable (RFC 9293 3.10.7.4) and
 * lies above RCV.NXT; this function does not know RCV.NXT.
 *
 * Return: MYTCP_OOO_QUEUED if @skb (trimmed) is queued; MYTCP_OOO_DUP if
 * every sequence number of it was queued already (or it has none), and it
 * was freed; -ENOMEM if trimming it failed, and it was freed with the
 * queue unchanged.
 */
int mytcp_ooo_insert(struct mytcp_ooo *q, struct sk_buff *skb)
{
	u32 seq = mytcp_ooo_seq(skb), end = mytcp_ooo_end(skb);
	struct sk_buff *prev, *first, *n, *tmp;
	u32 start = seq, stop = end, covered;
	bool contiguous = true;

	if (!before(seq, end))
		goto dup;

	/* Head: bytes from @seq on that the skb before it holds. */
	prev = mytcp_ooo_floor(q, seq);
	if (prev && after(mytcp_ooo_end(prev), seq))
		start = mytcp_ooo_end(prev);
	if (!before(start, end))
		goto dup;

	/*
	 * The skbs after it that start below @end: wholly covered ones will
	 * be replaced; one that reaches past @end cuts the tail. Whether they
	 * hold all of [start, end) without a gap makes it a duplicate.
	 */
	first = prev ? skb_rb_next(prev) : skb_rb_first(&q->root);
	covered = start;
	for (n = first; n && before(mytcp_ooo_seq(n), end); n = skb_rb_next(n)) {
		if (contiguous && mytcp_ooo_seq(n) == covered)
			covered = mytcp_ooo_end(n);
		else
			contiguous = false;
		if (after(mytcp_ooo_end(n), end)) {
			stop = mytcp_ooo_seq(n);
			break;
		}
	}
	if (contiguous && !before(covered, end))
		goto dup;

	if (mytcp_ooo_trim_head(skb, start - seq) ||
	    (stop != end && mytcp_ooo_trim_tail(skb, stop))) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	for (n = first; n && before(mytcp_ooo_seq(n), stop); n = tmp) {
		tmp = skb_rb_next(n);
		mytcp_ooo_unlink(q, n);
		kfree_skb(n);
	}
	mytcp_ooo_link(q, skb);
	q->last_seq = start;
	q->have_last = true;
	return MYTCP_OOO_QUEUED;

dup:
	/* RFC 2018 4: it triggers the ACK, its block is still reported first. */
	if (before(seq, end)) {
		q->last_seq = seq;
		q->have_last = true;
	}
	kfree_skb(skb);
	return MYTCP_OOO_DUP;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_ooo_insert);

/**
 * mytcp_ooo_dequeue - take the next in-order segment out of the queue
 * @q: the queue
 * @rcv_nxt: RCV.NXT, the next sequence number the receiver expects
 *
 * Skbs that end at or below @rcv_nxt are freed on the way (their data
 * arrived by another segment). The skb that holds @rcv_nxt is returned with
 * its head cut so that it starts exactly at @rcv_nxt (its cb seq updated);
 * if that cut fails for want of memory it stays queued, NULL is returned,
 * and a later call can try again. The returned skb's next, prev and dev
 * are NULL.
 *
 * Return: the skb, now owned by the caller; NULL if the queue holds
 * nothing at @rcv_nxt.
 */
struct sk_buff *mytcp_ooo_dequeue(struct mytcp_ooo *q, u32 rcv_nxt)
{
	struct sk_buff *skb;
	int err;

	while ((skb = skb_rb_first(&q->root))) {
		if (!after(mytcp_ooo_end(skb), rcv_nxt)) {
			mytcp_ooo_unlink(q, skb);
			kfree_skb(skb);
			continue;
		}
		if (after(mytcp_ooo_seq(skb), rcv_nxt))
			return NULL;
		/* Still in the tree: its key only grows within its own range. */
		mytcp_ooo_account_sub(q, skb);
		err = mytcp_ooo_trim_head(skb, rcv_nxt - mytcp_ooo_seq(skb));
		mytcp_ooo_account_add(q, skb);
		if (err)
			return NULL;
		mytcp_ooo_unlink(q, skb);
		return skb;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_ooo_dequeue);

/**
 * mytcp_ooo_purge - free everything queued
 * @q: the queue; empty afterwards, as after mytcp_ooo_init()
 *
 * For closing, and for the receiver that reneges on out-of-order data
 * under memory pressure (RFC 2018 8 allows it; the sender keeps SACKed
 * data until it is cumulatively acknowledged).
 */
void mytcp_ooo_purge(struct mytcp_ooo *q)
{
	struct sk_buff *skb, *tmp;

	rbtree_postorder_for_each_entry_safe(skb, tmp, &q->root, rbnode) {
		memset(&skb->rbnode, 0, sizeof(skb->rbnode));
		kfree_skb(skb);
	}
	mytcp_ooo_init(q);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_ooo_purge);

/*
 * The block of contiguous queued data that holds @seq, above @rcv_nxt:
 * false if no queued skb holds @seq or the block ends at or below
 * @rcv_nxt; a block that starts below @rcv_nxt is reported from @rcv_nxt.
 */
static bool mytcp_ooo_block_at(struct mytcp_ooo *q, u32 seq, u32 rcv_nxt,
			       struct mytcp_sack_block *blk)
{
	struct sk_buff *skb = mytcp_ooo_floor(q, seq), *lo, *hi, *n;

	if (!skb || !after(mytcp_ooo_end(skb), seq))
		return false;
	for (lo = skb; (n = skb_rb_prev(lo)) &&
	     mytcp_ooo_end(n) == mytcp_ooo_seq(lo); lo = n)
		;
	for (hi = skb; (n = skb_rb_next(hi)) &&
	     mytcp_ooo_seq(n) == mytcp_ooo_end(hi); hi = n)
		;
	if (!after(mytcp_ooo_end(hi), rcv_nxt))
		return false;
	blk->start = after(mytcp_ooo_seq(lo), rcv_nxt) ? mytcp_ooo_seq(lo) : rcv_nxt;
	blk->end = mytcp_ooo_end(hi);
	return true;
}

/* Append @blk to @blocks[0..@n) unless it is there already. */
static int mytcp_ooo_add_block(struct mytcp_sack_block *blocks, int n,
			       const struct mytcp_sack_block *blk)
{
	int i;

	for (i = 0; i < n; i++)
		if (blocks[i].start == blk->start && blocks[i].end == blk->end)
			return n;
	blocks[n] = *blk;
	return n + 1;
}

/**
 * mytcp_ooo_sack_blocks - the SACK blocks that describe the queue
 * @q: the queue
 * @rcv_nxt: RCV.NXT, the cumulative acknowledgment the blocks go with
 * @blocks: filled with up to @max blocks
 * @max: room in @blocks; more than MYTCP_MAX_SACK_BLOCKS is used as that
 *	many (no option carries more)
 *
 * Each block is a maximal range of contiguous queued data above @rcv_nxt
 * (RFC 2018 3), its end counting a FIN. RFC 2018 4 orders them: first the
 * block holding the segment inserted last (unless it has since gone below
 * @rcv_nxt), then the blocks that hold what the previous call reported, in
 * that call's order (a block reported before that has grown by merging is
 * reported as it is now), then the other blocks from the lowest up. Each
 * call remembers what it returned for the next.
 *
 * Data below @rcv_nxt still queued (the caller has not dequeued yet) is
 * left out; a block straddling @rcv_nxt is reported from @rcv_nxt.
 *
 * Return: the number of blocks written to @blocks, 0 to @max.
 */
int mytcp_ooo_sack_blocks(struct mytcp_ooo *q, u32 rcv_nxt,
			  struct mytcp_sack_block *blocks, int max)
{
	struct mytcp_sack_block blk;
	struct sk_buff *skb, *hi, *n;
	int nr = 0, i;

	max = clamp(max, 0, MYTCP_MAX_SACK_BLOCKS);
	if (!max || !q->nr_skbs)
		goto out;

	/* RFC 2018 4: first the block of the segment that triggered the ACK. */
	if (q->have_last && mytcp_ooo_block_at(q, q->last_seq, rcv_nxt, &blk))
		nr = mytcp_ooo_add_block(blocks, nr, &blk);

	/* RFC 2018 4: then the most recently reported ones, not repeated. */
	for (i = 0; i < q->nr_reported && nr < max; i++) {
		const struct mytcp_sack_block *r = &q->reported[i];
		u32 at = after(r->start, rcv_nxt) ? r->start : rcv_nxt;

		if (after(r->end, rcv_nxt) &&
		    mytcp_ooo_block_at(q, at, rcv_nxt, &blk))
			nr = mytcp_ooo_add_block(blocks, nr, &blk);
	}

	/* Then the rest, lowest first. */
	for (skb = skb_rb_first(&q->root); skb && nr < max; skb = skb_rb_next(hi)) {
		for (hi = skb; (n = skb_rb_next(hi)) &&
		     mytcp_ooo_seq(n) == mytcp_ooo_end(hi); hi = n)
			;
		if (!after(mytcp_ooo_end(hi), rcv_nxt))
			continue;
		blk.start = after(mytcp_ooo_seq(skb), rcv_nxt) ?
			    mytcp_ooo_seq(skb) : rcv_nxt;
		blk.end = mytcp_ooo_end(hi);
		nr = mytcp_ooo_add_block(blocks, nr, &blk);
	}
out:
	memcpy(q->reported, blocks, nr * sizeof(*blocks));
	q->nr_reported = nr;
	return nr;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_ooo_sack_blocks);
