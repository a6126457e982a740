// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: sequence-number arithmetic across the 2^32 wrap, and the RFC 9293
 * acceptability rules of module/seq.h.
 */
#include <kunit/test.h>

#include "seq.h"

/* before()/after()/between() hold across the wrap, and at half the space. */
static void seq_compare_wrap(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, before(1, 2));
	KUNIT_EXPECT_TRUE(test, before(0xffffffffU, 0));
	KUNIT_EXPECT_TRUE(test, before(0xfffffff0U, 0x10));
	KUNIT_EXPECT_TRUE(test, after(0x10, 0xfffffff0U));
	KUNIT_EXPECT_FALSE(test, before(5, 5));
	KUNIT_EXPECT_FALSE(test, after(5, 5));
	KUNIT_EXPECT_TRUE(test, before(0, 0x7fffffffU));
	KUNIT_EXPECT_FALSE(test, before(0, 0x80000001U));
	KUNIT_EXPECT_TRUE(test, between(0, 0xfffffff0U, 0x10));
	KUNIT_EXPECT_TRUE(test, between(0xfffffff0U, 0xfffffff0U, 0x10));
	KUNIT_EXPECT_TRUE(test, between(0x10, 0xfffffff0U, 0x10));
	KUNIT_EXPECT_FALSE(test, between(0x11, 0xfffffff0U, 0x10));
	KUNIT_EXPECT_FALSE(test, between(0xffffffefU, 0xfffffff0U, 0x10));
}

static void seq_window_wrap(struct kunit *test)
{
	/* Window [0xfffffff0, 0x10): 32 bytes straddling the wrap. */
	KUNIT_EXPECT_TRUE(test, mytcp_seq_in_window(0xfffffff0U, 0xfffffff0U, 32));
	KUNIT_EXPECT_TRUE(test, mytcp_seq_in_window(0xffffffffU, 0xfffffff0U, 32));
	KUNIT_EXPECT_TRUE(test, mytcp_seq_in_window(0, 0xfffffff0U, 32));
	KUNIT_EXPECT_TRUE(test, mytcp_seq_in_window(0xf, 0xfffffff0U, 32));
	KUNIT_EXPECT_FALSE(test, mytcp_seq_in_window(0x10, 0xfffffff0U, 32));
	KUNIT_EXPECT_FALSE(test, mytcp_seq_in_window(0xffffffefU, 0xfffffff0U, 32));
	/* An empty window holds nothing, not even its edge. */
	KUNIT_EXPECT_FALSE(test, mytcp_seq_in_window(7, 7, 0));
	/* The largest scaled window, 2^30 (RFC 7323 2.3). */
	KUNIT_EXPECT_TRUE(test, mytcp_seq_in_window(0x3fffffffU + 100, 100, 1U << 30));
	KUNIT_EXPECT_FALSE(test, mytcp_seq_in_window(0x40000000U + 100, 100, 1U << 30));
}

/**
 * struct seg_accept_case - one row of the RFC 9293 3.10.7.4 table
 * @seq: SEG.SEQ
 * @len: SEG.LEN
 * @nxt: RCV.NXT
 * @wnd: RCV.WND
 * @ok: the expected verdict
 * @what: the row's description
 */
struct seg_accept_case {
	u32 seq, len, nxt, wnd;
	bool ok;
	const char *what;
};

static const struct seg_accept_case seg_accept_cases[] = {
	{ 100, 0, 100, 0, true, "len 0, wnd 0, seq = nxt" },
	{ 101, 0, 100, 0, false, "len 0, wnd 0, seq != nxt" },
	{ 100, 0, 100, 10, true, "len 0, left edge" },
	{ 109, 0, 100, 10, true, "len 0, last in window" },
	{ 110, 0, 100, 10, false, "len 0, right edge" },
	{ 99, 0, 100, 10, false, "len 0, old" },
	{ 100, 1, 100, 0, false, "data into a zero window" },
	{ 100, 5, 100, 10, true, "data at left edge" },
	{ 95, 10, 100, 10, true, "starts old, ends in window" },
	{ 95, 5, 100, 10, false, "entirely old" },
	{ 109, 100, 100, 10, true, "starts at last byte of window" },
	{ 110, 5, 100, 10, false, "entirely beyond" },
	{ 0xfffffffaU, 10, 0xfffffffeU, 100, true, "old start, wraps into window" },
	{ 0xfffffffaU, 4, 0xfffffffeU, 100, false, "ends just before nxt at wrap" },
	{ 0xfffffffaU, 5, 0xfffffffeU, 100, true, "last byte = nxt at wrap" },
	{ 0x5f, 1, 0xfffffff0U, 0x70, true, "last byte of window after wrap" },
	{ 0x60, 1, 0xfffffff0U, 0x70, false, "right edge after wrap" },
};

static void seg_accept_desc(const struct seg_accept_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(seg_accept, seg_accept_cases, seg_accept_desc);

static void seq_segment_acceptable(struct kunit *test)
{
	const struct seg_accept_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, mytcp_seg_acceptable(c->seq, c->len, c->nxt, c->wnd),
			c->ok);
}

static void seq_ack_acceptable(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, mytcp_ack_acceptable(101, 100, 200));
	KUNIT_EXPECT_TRUE(test, mytcp_ack_acceptable(200, 100, 200));
	KUNIT_EXPECT_FALSE(test, mytcp_ack_acceptable(100, 100, 200));
	KUNIT_EXPECT_FALSE(test, mytcp_ack_acceptable(201, 100, 200));
	KUNIT_EXPECT_FALSE(test, mytcp_ack_acceptable(50, 100, 200));
	/* Across the wrap. */
	KUNIT_EXPECT_TRUE(test, mytcp_ack_acceptable(5, 0xfffffff0U, 10));
	KUNIT_EXPECT_TRUE(test, mytcp_ack_acceptable(0, 0xfffffff0U, 10));
	KUNIT_EXPECT_FALSE(test, mytcp_ack_acceptable(11, 0xfffffff0U, 10));
	KUNIT_EXPECT_FALSE(test, mytcp_ack_acceptable(0xffffffefU, 0xfffffff0U, 10));
}

static struct kunit_case mytcp_seq_cases[] = {
	KUNIT_CASE(seq_compare_wrap),
	KUNIT_CASE(seq_window_wrap),
	KUNIT_CASE_PARAM(seq_segment_acceptable, seg_accept_gen_params),
	KUNIT_CASE(seq_ack_acceptable),
	{}
};

static struct kunit_suite mytcp_seq_suite = {
	.name = "mytcp_seq",
	.test_cases = mytcp_seq_cases,
};

kunit_test_suite(mytcp_seq_suite);
