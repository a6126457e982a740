// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the out-of-order queue (module/ooo.c) with skbs made by hand:
 * in-order delivery from any arrival order, holes, duplicates freed,
 * overlaps of every kind delivering each byte once and in order (payload
 * bytes checked, not only sequence numbers), FIN, the 2^32 wrap, paged
 * skbs, and the SACK blocks that describe the queue (RFC 2018).
 *
 * Every payload byte is a function of its sequence number, so that a byte
 * delivered from the wrong place shows.
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <net/tcp.h>

#include "ooo.h"
#include "skbcb.h"

/* The byte the stream holds at @seq. */
static u8 pattern(u32 seq)
{
	return (seq * 2654435761U) >> 24;
}

/* A payload-only skb for [@seq, @seq + @len), plus a FIN if @fin. */
static struct sk_buff *mkskb(struct kunit *test, u32 seq, u32 len, bool fin)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);
	u8 *p;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	p = skb_put(skb, len);
	for (i = 0; i < len; i++)
		p[i] = pattern(seq + i);
	MYTCP_SKB_CB(skb)->seq = seq;
	MYTCP_SKB_CB(skb)->end_seq = seq + len + fin;
	MYTCP_SKB_CB(skb)->tcp_flags = TCPHDR_ACK | (fin ? TCPHDR_FIN : 0);
	return skb;
}

/* Like mkskb(), but only the first @head bytes linear, the rest in a page. */
static struct sk_buff *mkskb_paged(struct kunit *test, u32 seq, u32 len, u32 head)
{
	struct sk_buff *skb = alloc_skb(head, GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL);
	u8 *p;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_LE(test, len - head, PAGE_SIZE);
	p = skb_put(skb, head);
	for (i = 0; i < head; i++)
		p[i] = pattern(seq + i);
	p = page_address(page);
	for (i = head; i < len; i++)
		p[i - head] = pattern(seq + i);
	skb_add_rx_frag(skb, 0, page, 0, len - head, PAGE_SIZE);
	MYTCP_SKB_CB(skb)->seq = seq;
	MYTCP_SKB_CB(skb)->end_seq = seq + len;
	MYTCP_SKB_CB(skb)->tcp_flags = TCPHDR_ACK;
	return skb;
}

static int insert(struct kunit *test, struct mytcp_ooo *q, u32 seq, u32 len)
{
	return mytcp_ooo_insert(q, mkskb(test, seq, len, false));
}

/*
 * Dequeue everything from *@rcv_nxt on: each skb starts at RCV.NXT and
 * carries the stream's bytes. Return how many payload bytes came out;
 * *@fin tells whether a FIN came.
 */
static u32 drain(struct kunit *test, struct mytcp_ooo *q, u32 *rcv_nxt, bool *fin)
{
	struct sk_buff *skb;
	u32 total = 0, i;
	u8 *buf;

	if (fin)
		*fin = false;
	while ((skb = mytcp_ooo_dequeue(q, *rcv_nxt))) {
		struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
		bool has_fin = cb->tcp_flags & TCPHDR_FIN;

		KUNIT_EXPECT_EQ(test, cb->seq, *rcv_nxt);
		KUNIT_EXPECT_EQ(test, cb->end_seq, cb->seq + skb->len + has_fin);
		KUNIT_EXPECT_NULL(test, skb->next);
		buf = kunit_kmalloc(test, skb->len + 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, buf, skb->len), 0);
		for (i = 0; i < skb->len; i++)
			if (buf[i] != pattern(cb->seq + i)) {
				KUNIT_FAIL(test, "byte at seq %u is %u, want %u",
					   cb->seq + i, buf[i], pattern(cb->seq + i));
				break;
			}
		total += skb->len;
		*rcv_nxt = cb->end_seq;
		if (fin && has_fin)
			*fin = true;
		kfree_skb(skb);
	}
	return total;
}

/* The skb's reference count: 1 means only the test holds it now. */
static unsigned int users(const struct sk_buff *skb)
{
	return refcount_read(&skb->users);
}

static int ooo_test_init(struct kunit *test)
{
	struct mytcp_ooo *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);

	if (!q)
		return -ENOMEM;
	mytcp_ooo_init(q);
	test->priv = q;
	return 0;
}

/* Whatever a failed case left queued is freed (kmemleak watches). */
static void ooo_test_exit(struct kunit *test)
{
	mytcp_ooo_purge(test->priv);
}

/* Ten segments arriving last first: nothing until the first, then all. */
static void ooo_reverse_fill(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 rcv_nxt = 1000;
	int i;

	for (i = 9; i >= 1; i--)
		KUNIT_EXPECT_EQ(test, insert(test, q, 1000 + 100 * i, 100),
				MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 9);
	KUNIT_EXPECT_EQ(test, q->bytes, 900);
	KUNIT_EXPECT_NULL(test, mytcp_ooo_dequeue(q, rcv_nxt));
	KUNIT_EXPECT_EQ(test, insert(test, q, 1000, 100), MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 1000);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 2000);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 0);
	KUNIT_EXPECT_EQ(test, q->bytes, 0);
	KUNIT_EXPECT_EQ(test, q->truesize, 0);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&q->root));
}

/* Holes stop delivery; filling one delivers up to the next. */
static void ooo_holes(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 rcv_nxt = 0;

	insert(test, q, 0, 100);
	insert(test, q, 200, 100);
	insert(test, q, 400, 100);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 100);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 100);
	insert(test, q, 100, 100);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 200);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 300);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 1);
	insert(test, q, 300, 100);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 200);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 500);
}

/* Duplicates, exact or inside queued data, are freed and reported. */
static void ooo_duplicates(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	static const u32 dups[][2] = {
		{ 100, 100 },	/* exact */
		{ 120, 30 },	/* inside one skb */
		{ 150, 100 },	/* across two adjacent skbs */
		{ 100, 200 },	/* exactly both */
		{ 300, 0 },	/* no data at all */
	};
	struct sk_buff *skb;
	u32 rcv_nxt = 100;
	unsigned int i;

	insert(test, q, 100, 100);
	insert(test, q, 200, 100);
	for (i = 0; i < ARRAY_SIZE(dups); i++) {
		skb = mkskb(test, dups[i][0], dups[i][1], false);
		skb_get(skb);
		KUNIT_EXPECT_EQ_MSG(test, mytcp_ooo_insert(q, skb), MYTCP_OOO_DUP,
				    "[%u, +%u)", dups[i][0], dups[i][1]);
		KUNIT_EXPECT_EQ(test, users(skb), 1);
		kfree_skb(skb);
	}
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 2);
	KUNIT_EXPECT_EQ(test, q->bytes, 200);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 200);
}

/* New data overlapping queued data on its left: only the new part stays. */
static void ooo_overlap_left(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 rcv_nxt = 50;

	insert(test, q, 100, 100);
	KUNIT_EXPECT_EQ(test, insert(test, q, 50, 100), MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, q->bytes, 150);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 150);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 200);
}

/* New data overlapping queued data on its right. */
static void ooo_overlap_right(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 rcv_nxt = 100;

	insert(test, q, 100, 100);
	KUNIT_EXPECT_EQ(test, insert(test, q, 150, 100), MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, q->bytes, 150);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 150);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 250);
}

/* New data covering queued skbs: they are freed, the new one kept whole. */
static void ooo_overlap_covering(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	struct sk_buff *a = mkskb(test, 100, 50, false);
	struct sk_buff *b = mkskb(test, 170, 20, false);
	u32 rcv_nxt = 50;

	skb_get(a);
	skb_get(b);
	mytcp_ooo_insert(q, a);
	mytcp_ooo_insert(q, b);
	KUNIT_EXPECT_EQ(test, insert(test, q, 50, 200), MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, users(a), 1);
	KUNIT_EXPECT_EQ(test, users(b), 1);
	kfree_skb(a);
	kfree_skb(b);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 1);
	KUNIT_EXPECT_EQ(test, q->bytes, 200);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 200);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 250);
}

/* New data inside one queued skb is a duplicate. */
static void ooo_overlap_covered(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 rcv_nxt = 50;

	insert(test, q, 50, 200);
	KUNIT_EXPECT_EQ(test, insert(test, q, 100, 100), MYTCP_OOO_DUP);
	KUNIT_EXPECT_EQ(test, insert(test, q, 50, 1), MYTCP_OOO_DUP);
	KUNIT_EXPECT_EQ(test, insert(test, q, 249, 1), MYTCP_OOO_DUP);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 1);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 200);
}

/*
 * One segment overlapping a queued skb on each side and covering one in
 * the middle: trimmed at both ends, the middle one replaced.
 */
static void ooo_overlap_both(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 rcv_nxt = 100;

	insert(test, q, 100, 50);
	insert(test, q, 200, 50);
	insert(test, q, 300, 50);
	KUNIT_EXPECT_EQ(test, insert(test, q, 120, 210), MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 3);
	KUNIT_EXPECT_EQ(test, q->bytes, 250);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 250);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 350);
}

/* RCV.NXT moved on by other means: stale skbs freed, the next one cut. */
static void ooo_dequeue_trims(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	struct sk_buff *stale = mkskb(test, 0, 50, false), *skb;
	u32 rcv_nxt = 120;

	skb_get(stale);
	mytcp_ooo_insert(q, stale);
	insert(test, q, 100, 100);
	insert(test, q, 300, 10);
	skb = mytcp_ooo_dequeue(q, 120);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, users(stale), 1);
	kfree_skb(stale);
	KUNIT_EXPECT_EQ(test, MYTCP_SKB_CB(skb)->seq, 120);
	KUNIT_EXPECT_EQ(test, skb->len, 80);
	KUNIT_EXPECT_EQ(test, skb->data[0], pattern(120));
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 1);
	KUNIT_EXPECT_EQ(test, q->bytes, 10);
	rcv_nxt = 200;
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 0);
	rcv_nxt = 305;
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 5);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 0);
}

/* A FIN queued out of order is delivered last, counted in end_seq. */
static void ooo_fin(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	struct sk_buff *skb;
	u32 rcv_nxt = 0;
	bool fin;

	KUNIT_EXPECT_EQ(test, mytcp_ooo_insert(q, mkskb(test, 100, 50, true)),
			MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_NULL(test, mytcp_ooo_dequeue(q, 0));
	insert(test, q, 0, 100);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, &fin), 150);
	KUNIT_EXPECT_TRUE(test, fin);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 151);

	/* Data, then its retransmission with a FIN: only the FIN is new. */
	insert(test, q, 200, 50);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_insert(q, mkskb(test, 220, 30, true)),
			MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 2);
	KUNIT_EXPECT_EQ(test, q->bytes, 50);
	/* And again: now a duplicate. */
	KUNIT_EXPECT_EQ(test, mytcp_ooo_insert(q, mkskb(test, 200, 50, true)),
			MYTCP_OOO_DUP);
	skb = mytcp_ooo_dequeue(q, 200);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, 50);
	kfree_skb(skb);
	skb = mytcp_ooo_dequeue(q, 250);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, skb->len, 0);
	KUNIT_EXPECT_TRUE(test, MYTCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN);
	KUNIT_EXPECT_EQ(test, MYTCP_SKB_CB(skb)->end_seq, 251);
	kfree_skb(skb);
}

/* Segments on both sides of 2^32, arriving in reverse. */
static void ooo_wraparound(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	struct mytcp_sack_block b[4];
	u32 base = 0xffffff00U, rcv_nxt = base;
	int i;

	/* [base + 64, 0x40) and [0x80, 0x100); holes at base and 0x40. */
	for (i = 7; i >= 1; i--)
		if (i != 5)
			insert(test, q, base + 64 * i, 64);
	/* A duplicate across the wrap itself. */
	KUNIT_EXPECT_EQ(test, insert(test, q, 0xfffffff0U, 0x20), MYTCP_OOO_DUP);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, rcv_nxt, b, 4), 2);
	KUNIT_EXPECT_EQ(test, b[0].start, 0xffffff40U);
	KUNIT_EXPECT_EQ(test, b[0].end, 0x40U);
	KUNIT_EXPECT_EQ(test, b[1].start, 0x80U);
	KUNIT_EXPECT_EQ(test, b[1].end, 0x100U);
	/* Overlapping both blocks: only the hole between them is new. */
	KUNIT_EXPECT_EQ(test, insert(test, q, 0x30, 0x60), MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, q->bytes, 7 * 64);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, rcv_nxt, b, 4), 1);
	KUNIT_EXPECT_EQ(test, b[0].start, 0xffffff40U);
	KUNIT_EXPECT_EQ(test, b[0].end, 0x100U);
	insert(test, q, base, 64);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 8 * 64);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 0x100U);
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 0);
}

/* Paged skbs: trimming reaches into the page frags on both ends. */
static void ooo_paged(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 rcv_nxt = 1000;

	mytcp_ooo_insert(q, mkskb_paged(test, 1000, 1000, 32));
	mytcp_ooo_insert(q, mkskb_paged(test, 2500, 1000, 32));
	KUNIT_EXPECT_EQ(test, mytcp_ooo_insert(q, mkskb_paged(test, 1500, 1500, 16)),
			MYTCP_OOO_QUEUED);
	KUNIT_EXPECT_EQ(test, q->bytes, 2500);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 2500);
	KUNIT_EXPECT_EQ(test, rcv_nxt, 3500);

	/* RCV.NXT inside a paged skb, past its linear head. */
	mytcp_ooo_insert(q, mkskb_paged(test, 4000, 1000, 8));
	rcv_nxt = 4600;
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 400);
}

/*
 * Random segments of a 4000-byte stream, random lengths, in random order
 * with duplicates, until every byte has been sent once: every byte comes
 * out once and in order, whatever overlapped.
 */
static void ooo_random(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	u32 base = 0xfffff000U, rcv_nxt, off, len;
	unsigned int round;
	int r;

	for (round = 0; round < 20; round++) {
		u8 seen[500] = {};	/* 4000 bits */
		unsigned int left = 3999;

		rcv_nxt = base;
		/* Byte 0 last, so everything goes through the queue. */
		while (left) {
			off = 1 + get_random_u32_below(3999);
			len = 1 + get_random_u32_below(300);
			len = min(len, 4000 - off);
			r = insert(test, q, base + off, len);
			KUNIT_ASSERT_TRUE(test, r == MYTCP_OOO_QUEUED ||
					  r == MYTCP_OOO_DUP);
			for (; len; len--, off++)
				if (!(seen[off / 8] & BIT(off % 8))) {
					seen[off / 8] |= BIT(off % 8);
					left--;
				}
		}
		KUNIT_EXPECT_EQ(test, q->bytes, 3999);
		insert(test, q, base, 1);
		KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 4000);
		KUNIT_EXPECT_EQ(test, rcv_nxt, base + 4000);
		KUNIT_ASSERT_EQ(test, q->nr_skbs, 0);
		base += 0x555;
	}
}

/* Adjacent skbs make one block; gaps separate blocks. */
static void ooo_sack_merge(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	struct mytcp_sack_block b[4];

	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 4), 0);
	insert(test, q, 400, 100);
	insert(test, q, 100, 100);
	insert(test, q, 200, 100);
	KUNIT_ASSERT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 4), 2);
	KUNIT_EXPECT_EQ(test, b[0].start, 100);
	KUNIT_EXPECT_EQ(test, b[0].end, 300);
	KUNIT_EXPECT_EQ(test, b[1].start, 400);
	KUNIT_EXPECT_EQ(test, b[1].end, 500);
	/* Filling the gap merges the two. */
	insert(test, q, 300, 100);
	KUNIT_ASSERT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 4), 1);
	KUNIT_EXPECT_EQ(test, b[0].start, 100);
	KUNIT_EXPECT_EQ(test, b[0].end, 500);
	/* A FIN counts in the block's end. */
	mytcp_ooo_insert(q, mkskb(test, 500, 10, true));
	KUNIT_ASSERT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 4), 1);
	KUNIT_EXPECT_EQ(test, b[0].end, 511);
}

static void expect_blocks(struct kunit *test, const struct mytcp_sack_block *b,
			  int n, const u32 (*want)[2], int nwant)
{
	int i;

	KUNIT_ASSERT_EQ(test, n, nwant);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, b[i].start, want[i][0], "block %d", i);
		KUNIT_EXPECT_EQ_MSG(test, b[i].end, want[i][1], "block %d", i);
	}
}

/*
 * RFC 2018 4: the first block holds the segment received last, then the
 * blocks reported most recently; a block that merged is reported as it is.
 */
static void ooo_sack_order(struct kunit *test)
{
	static const u32 w1[][2] = { { 500, 600 }, { 300, 400 }, { 100, 200 } };
	static const u32 w2[][2] = { { 900, 1000 }, { 700, 800 }, { 500, 600 },
				     { 300, 400 } };
	static const u32 w3[][2] = { { 300, 600 }, { 900, 1000 }, { 700, 800 },
				     { 100, 200 } };
	static const u32 w4[][2] = { { 100, 200 }, { 300, 600 }, { 900, 1000 },
				     { 700, 800 } };
	struct mytcp_ooo *q = test->priv;
	struct mytcp_sack_block b[6];

	insert(test, q, 100, 100);
	mytcp_ooo_sack_blocks(q, 0, b, 4);
	insert(test, q, 300, 100);
	mytcp_ooo_sack_blocks(q, 0, b, 4);
	insert(test, q, 500, 100);
	expect_blocks(test, b, mytcp_ooo_sack_blocks(q, 0, b, 4), w1, 3);
	insert(test, q, 700, 100);
	mytcp_ooo_sack_blocks(q, 0, b, 4);
	insert(test, q, 900, 100);
	expect_blocks(test, b, mytcp_ooo_sack_blocks(q, 0, b, 4), w2, 4);
	/* [400, 500) joins [300, 400) and [500, 600). */
	insert(test, q, 400, 100);
	expect_blocks(test, b, mytcp_ooo_sack_blocks(q, 0, b, 4), w3, 4);
	/* A duplicate triggers the ACK too: its block goes first. */
	KUNIT_EXPECT_EQ(test, insert(test, q, 150, 10), MYTCP_OOO_DUP);
	expect_blocks(test, b, mytcp_ooo_sack_blocks(q, 0, b, 6), w4, 4);
}

/* At most @max blocks, never more than an option holds. */
static void ooo_sack_max(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	struct mytcp_sack_block b[8];
	int i;

	for (i = 0; i < 8; i++)
		insert(test, q, 100 + 200 * i, 100);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 0), 0);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, -3), 0);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 1), 1);
	KUNIT_EXPECT_EQ(test, b[0].start, 1500);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 3), 3);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 8),
			MYTCP_MAX_SACK_BLOCKS);
}

/*
 * Data at or below RCV.NXT is not reported; a straddling block is cut. The
 * segment inserted last still comes first.
 */
static void ooo_sack_rcv_nxt(struct kunit *test)
{
	static const u32 want[][2] = { { 400, 500 }, { 250, 300 } };
	struct mytcp_ooo *q = test->priv;
	struct mytcp_sack_block b[4];

	insert(test, q, 100, 50);
	insert(test, q, 200, 100);
	insert(test, q, 400, 100);
	expect_blocks(test, b, mytcp_ooo_sack_blocks(q, 250, b, 4), want, 2);
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 500, b, 4), 0);
}

/* Purge frees every skb and leaves an empty queue that works. */
static void ooo_purge(struct kunit *test)
{
	struct mytcp_ooo *q = test->priv;
	struct sk_buff *skbs[32];
	struct mytcp_sack_block b[4];
	u32 rcv_nxt = 0;
	int i;

	for (i = 0; i < 32; i++) {
		skbs[i] = mkskb(test, 10 + 20 * i, 10, i == 31);
		skb_get(skbs[i]);
		KUNIT_EXPECT_EQ(test, mytcp_ooo_insert(q, skbs[i]), MYTCP_OOO_QUEUED);
	}
	mytcp_ooo_sack_blocks(q, 0, b, 4);
	mytcp_ooo_purge(q);
	for (i = 0; i < 32; i++) {
		KUNIT_EXPECT_EQ(test, users(skbs[i]), 1);
		kfree_skb(skbs[i]);
	}
	KUNIT_EXPECT_EQ(test, q->nr_skbs, 0);
	KUNIT_EXPECT_EQ(test, q->bytes, 0);
	KUNIT_EXPECT_EQ(test, q->truesize, 0);
	KUNIT_EXPECT_EQ(test, q->nr_reported, 0);
	KUNIT_EXPECT_TRUE(test, RB_EMPTY_ROOT(&q->root));
	KUNIT_EXPECT_EQ(test, mytcp_ooo_sack_blocks(q, 0, b, 4), 0);
	insert(test, q, 0, 10);
	KUNIT_EXPECT_EQ(test, drain(test, q, &rcv_nxt, NULL), 10);
}

static struct kunit_case mytcp_ooo_cases[] = {
	KUNIT_CASE(ooo_reverse_fill),
	KUNIT_CASE(ooo_holes),
	KUNIT_CASE(ooo_duplicates),
	KUNIT_CASE(ooo_overlap_left),
	KUNIT_CASE(ooo_overlap_right),
	KUNIT_CASE(ooo_overlap_covering),
	KUNIT_CASE(ooo_overlap_covered),
	KUNIT_CASE(ooo_overlap_both),
	KUNIT_CASE(ooo_dequeue_trims),
	KUNIT_CASE(ooo_fin),
	KUNIT_CASE(ooo_wraparound),
	KUNIT_CASE(ooo_paged),
	KUNIT_CASE(ooo_random),
	KUNIT_CASE(ooo_sack_merge),
	KUNIT_CASE(ooo_sack_order),
	KUNIT_CASE(ooo_sack_max),
	KUNIT_CASE(ooo_sack_rcv_nxt),
	KUNIT_CASE(ooo_purge),
	{}
};

static struct kunit_suite mytcp_ooo_suite = {
	.name = "mytcp_ooo",
	.init = ooo_test_init,
	.exit = ooo_test_exit,
	.test_cases = mytcp_ooo_cases,
};

kunit_test_suite(mytcp_ooo_suite);
