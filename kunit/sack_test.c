// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the send side's SACK scoreboard (module/sack.c) over a write queue
 * of skbs made by hand: marking, partial coverage, invalid and D-SACK
 * blocks (RFC 2883), hostile blocks, the 2^32 wrap, and finding the next
 * segment to retransmit.
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <net/tcp.h>

#include "sack.h"
#include "skbcb.h"

#define NSKBS 8

/**
 * struct sack_ctx - a write queue for one case
 * @q: the queue
 * @skb: its skbs, in order, for the checks
 */
struct sack_ctx {
	struct sk_buff_head q;
	struct sk_buff *skb[NSKBS];
};

/* Fill the queue with NSKBS skbs of 100 bytes from @base on. */
static struct sack_ctx *mkq(struct kunit *test, u32 base)
{
	struct sack_ctx *c = test->priv;
	int i;

	for (i = 0; i < NSKBS; i++) {
		struct sk_buff *skb = alloc_skb(100, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_put_zero(skb, 100);
		MYTCP_SKB_CB(skb)->seq = base + 100 * i;
		MYTCP_SKB_CB(skb)->end_seq = base + 100 * (i + 1);
		MYTCP_SKB_CB(skb)->tcp_flags = TCPHDR_ACK;
		MYTCP_SKB_CB(skb)->sacked = 0;
		__skb_queue_tail(&c->q, skb);
		c->skb[i] = skb;
	}
	return c;
}

/* Bit i set: skb i is SACKed. */
static unsigned int sacked_mask(const struct sack_ctx *c)
{
	unsigned int m = 0;
	int i;

	for (i = 0; i < NSKBS; i++)
		if (MYTCP_SKB_CB(c->skb[i])->sacked & MYTCP_SKB_SACKED)
			m |= BIT(i);
	return m;
}

static u32 mark1(struct sack_ctx *c, u32 start, u32 end, u32 una, u32 nxt)
{
	struct mytcp_sack_block b = { start, end };

	return mytcp_sack_mark(&c->q, &b, 1, una, nxt);
}

static int sack_test_init(struct kunit *test)
{
	struct sack_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	__skb_queue_head_init(&c->q);
	test->priv = c;
	return 0;
}

static void sack_test_exit(struct kunit *test)
{
	struct sack_ctx *c = test->priv;

	__skb_queue_purge(&c->q);
}

/* Whole skbs inside a block are marked once; the count is what is new. */
static void sack_mark_basic(struct kunit *test)
{
	struct sack_ctx *c = mkq(test, 1000);
	struct mytcp_sack_block b[2] = { { 1500, 1700 }, { 1100, 1300 } };

	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, b, 2, 1000, 1800), 400);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0x66);
	/* Reported again: nothing new. */
	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, b, 2, 1000, 1800), 0);
	/* A larger block holding the old ones: only the new skbs count. */
	KUNIT_EXPECT_EQ(test, mark1(c, 1100, 1800, 1000, 1800), 300);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0xfe);
	/* A block from SND.UNA on is allowed. */
	KUNIT_EXPECT_EQ(test, mark1(c, 1000, 1100, 1000, 1800), 100);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0xff);
}

/* An skb only partly inside a block stays unmarked. */
static void sack_partial_not_marked(struct kunit *test)
{
	struct sack_ctx *c = mkq(test, 1000);

	KUNIT_EXPECT_EQ(test, mark1(c, 1150, 1300, 1000, 1800), 100);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0x04);
	KUNIT_EXPECT_EQ(test, mark1(c, 1301, 1499, 1000, 1800), 0);
	KUNIT_EXPECT_EQ(test, mark1(c, 1400, 1499, 1000, 1800), 0);
	KUNIT_EXPECT_EQ(test, mark1(c, 1401, 1500, 1000, 1800), 0);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0x04);
}

/* Blocks that fail SND.UNA <= start < end <= SND.NXT change nothing. */
static void sack_invalid_ignored(struct kunit *test)
{
	static const struct mytcp_sack_block bad[] = {
		{ 1200, 1200 },	/* empty */
		{ 1300, 1100 },	/* reversed */
		{ 1500, 1900 },	/* past SND.NXT */
		{ 1700, 1800 },	/* wholly past SND.NXT */
		{ 900, 1000 },	/* D-SACK, below SND.UNA */
		{ 950, 1200 },	/* starts below SND.UNA */
	};
	struct sack_ctx *c = mkq(test, 1000);

	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, bad, ARRAY_SIZE(bad),
					      1000, 1600), 0);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0);
	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, bad, 0, 1000, 1600), 0);
	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, bad, -1, 1000, 1600), 0);
}

/*
 * RFC 2883 4: a D-SACK block (below the ACK) first, then ordinary SACK
 * blocks: only the ordinary ones mark.
 */
static void sack_dsack_ignored(struct kunit *test)
{
	struct sack_ctx *c = mkq(test, 1000);
	struct mytcp_sack_block b[2] = { { 1000, 1200 }, { 1400, 1600 } };

	/* The ACK covered [1000, 1200): SND.UNA is 1200, the skbs still queued. */
	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, b, 2, 1200, 1800), 200);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0x30);
}

/* Acknowledged skbs still at the head are not marked. */
static void sack_acked_head(struct kunit *test)
{
	struct sack_ctx *c = mkq(test, 1000);

	KUNIT_EXPECT_EQ(test, mark1(c, 1250, 1400, 1250, 1800), 100);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0x08);
}

/* Hostile blocks: huge, wrapping, reversed, random; never out of range. */
static void sack_hostile(struct kunit *test)
{
	static const struct mytcp_sack_block bad[] = {
		{ 0, 0xffffffffU },
		{ 1001, 999 },			/* wraps all the way round */
		{ 1800, 1000 },
		{ 0x80001000U, 0x80001100U },	/* half the space away */
		{ 1100, 0x80001000U },		/* end 2^31 away */
		{ 0xfffffff0U, 1200 },		/* starts far below */
	};
	struct sack_ctx *c = mkq(test, 1000);
	struct mytcp_sack_block r[4];
	u32 total = 0, una = 1000, nxt = 1500, got;
	int i, round;

	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, bad, ARRAY_SIZE(bad), 1000,
					      1800), 0);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0);

	/*
	 * Random blocks near the window: only sent data (below SND.NXT 1500)
	 * is ever marked, and the counts add up to what is marked.
	 */
	for (round = 0; round < 2000; round++) {
		for (i = 0; i < 4; i++) {
			r[i].start = 1000 + get_random_u32_below(1000) - 200;
			r[i].end = (round & 1) ? get_random_u32() :
				   r[i].start + get_random_u32_below(600) - 100;
		}
		got = mytcp_sack_mark(&c->q, r, 4, una, nxt);
		KUNIT_ASSERT_EQ(test, got % 100, 0);
		total += got;
	}
	KUNIT_EXPECT_EQ(test, sacked_mask(c) & ~0x1f, 0);
	KUNIT_EXPECT_EQ(test, total, hweight32(sacked_mask(c)) * 100);
}

/* Skbs and blocks across 2^32. */
static void sack_wraparound(struct kunit *test)
{
	u32 base = 0xfffffea2U;	/* skb 3 is [0xffffffce, 0x32) */
	struct sack_ctx *c = mkq(test, base);
	struct mytcp_sack_block b[2] = { { base + 300, base + 500 },
					 { base + 600, base + 800 } };

	KUNIT_ASSERT_EQ(test, MYTCP_SKB_CB(c->skb[3])->seq, 0xffffffceU);
	KUNIT_ASSERT_EQ(test, MYTCP_SKB_CB(c->skb[3])->end_seq, 0x32U);
	KUNIT_EXPECT_EQ(test, mytcp_sack_mark(&c->q, b, 2, base, base + 800), 400);
	KUNIT_EXPECT_EQ(test, sacked_mask(c), 0xd8);
	KUNIT_EXPECT_PTR_EQ(test, mytcp_sack_next_hole(&c->q, base + 300), c->skb[5]);
	KUNIT_EXPECT_NULL(test, mytcp_sack_next_hole(&c->q, base + 600));
}

/* The next hole skips SACKed skbs; an skb holding after_seq counts. */
static void sack_next_hole(struct kunit *test)
{
	struct sack_ctx *c = mkq(test, 1000);
	struct mytcp_sack_block b[2] = { { 1000, 1200 }, { 1300, 1500 } };

	KUNIT_EXPECT_PTR_EQ(test, mytcp_sack_next_hole(&c->q, 1000), c->skb[0]);
	mytcp_sack_mark(&c->q, b, 2, 1000, 1800);
	KUNIT_EXPECT_PTR_EQ(test, mytcp_sack_next_hole(&c->q, 1000), c->skb[2]);
	KUNIT_EXPECT_PTR_EQ(test, mytcp_sack_next_hole(&c->q, 1250), c->skb[2]);
	KUNIT_EXPECT_PTR_EQ(test, mytcp_sack_next_hole(&c->q, 1300), c->skb[5]);
	KUNIT_EXPECT_PTR_EQ(test, mytcp_sack_next_hole(&c->q, 1799), c->skb[7]);
	KUNIT_EXPECT_NULL(test, mytcp_sack_next_hole(&c->q, 1800));
	mark1(c, 1200, 1800, 1000, 1800);
	KUNIT_EXPECT_NULL(test, mytcp_sack_next_hole(&c->q, 1000));
	/* An empty queue has no hole. */
	__skb_queue_purge(&c->q);
	KUNIT_EXPECT_NULL(test, mytcp_sack_next_hole(&c->q, 1000));
}

/* What the scoreboard holds: the SACKed skbs' sequence space, no more. */
static void sack_bytes(struct kunit *test)
{
	struct sack_ctx *c = mkq(test, 1000);
	struct mytcp_sack_block b[2] = { { 1500, 1700 }, { 1100, 1300 } };

	KUNIT_EXPECT_EQ(test, mytcp_sack_bytes(&c->q), 0);
	mytcp_sack_mark(&c->q, b, 2, 1000, 1800);
	KUNIT_EXPECT_EQ(test, mytcp_sack_bytes(&c->q), 400);
	/* Partial cover marks nothing, so counts nothing. */
	mark1(c, 1750, 1800, 1000, 1800);
	KUNIT_EXPECT_EQ(test, mytcp_sack_bytes(&c->q), 400);
	mark1(c, 1000, 1800, 1000, 1800);
	KUNIT_EXPECT_EQ(test, mytcp_sack_bytes(&c->q), 800);
}

static struct kunit_case mytcp_sack_cases[] = {
	KUNIT_CASE(sack_mark_basic),
	KUNIT_CASE(sack_partial_not_marked),
	KUNIT_CASE(sack_invalid_ignored),
	KUNIT_CASE(sack_dsack_ignored),
	KUNIT_CASE(sack_acked_head),
	KUNIT_CASE(sack_hostile),
	KUNIT_CASE(sack_wraparound),
	KUNIT_CASE(sack_next_hole),
	KUNIT_CASE(sack_bytes),
	{}
};

static struct kunit_suite mytcp_sack_suite = {
	.name = "mytcp_sack",
	.init = sack_test_init,
	.exit = sack_test_exit,
	.test_cases = mytcp_sack_cases,
};

kunit_test_suite(mytcp_sack_suite);
