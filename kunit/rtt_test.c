// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the RFC 6298 retransmission-timeout estimator (module/rtt.c):
 * the first sample, a run of samples against values worked out by hand,
 * the clock granularity, the 200 ms and 120 s clamps, backoff and its cap,
 * and samples of 0 and 2^32 - 1 us.
 */
#include <kunit/test.h>

#include "rtt.h"

static void rtt_initial(struct kunit *test)
{
	struct mytcp_rtt r;

	memset(&r, 0xa5, sizeof(r));
	mytcp_rtt_init(&r);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 0);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 0);
	KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_INIT_US);
	KUNIT_EXPECT_EQ(test, r.rto_us, 1000000);
	KUNIT_EXPECT_EQ(test, r.backoff, 0);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 1000000);
}

/* RFC 6298 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4 * RTTVAR). */
static void rtt_first_sample(struct kunit *test)
{
	struct mytcp_rtt r;

	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 100000);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 100000);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 50000);
	KUNIT_EXPECT_EQ(test, r.rto_us, 100000 + 4 * 50000);

	/* Odd R: RTTVAR truncates. 3 s + 4 * 1.5 s = 9 s. */
	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 3000001);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 3000001);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 1500000);
	KUNIT_EXPECT_EQ(test, r.rto_us, 9000001);

	/* 10 ms: 10 + 4 * 5 = 30 ms, clamped up to 200 ms. */
	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 10000);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 10000);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 5000);
	KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_MIN_US);
}

/*
 * RFC 6298 2.3 by hand, RTTVAR first (with the old SRTT), then SRTT;
 * integer microseconds, truncated:
 *  R=100000: SRTT 100000, RTTVAR 50000, RTO 100000+200000 = 300000
 *  R=120000: |100000-120000| = 20000, RTTVAR (150000+20000)/4 = 42500,
 *            SRTT (700000+120000)/8 = 102500, RTO 102500+170000 = 272500
 *  R=80000:  |102500-80000| = 22500, RTTVAR (127500+22500)/4 = 37500,
 *            SRTT (717500+80000)/8 = 99687, RTO 99687+150000 = 249687
 *  R=200000: |99687-200000| = 100313, RTTVAR (112500+100313)/4 = 53203,
 *            SRTT (697809+200000)/8 = 112226, RTO 112226+212812 = 325038
 *  R=100000: |112226-100000| = 12226, RTTVAR (159609+12226)/4 = 42958,
 *            SRTT (785582+100000)/8 = 110697, RTO 110697+171832 = 282529
 */
static void rtt_sequence(struct kunit *test)
{
	static const u32 want[][4] = {
		/* R, SRTT, RTTVAR, RTO */
		{ 100000, 100000, 50000, 300000 },
		{ 120000, 102500, 42500, 272500 },
		{ 80000, 99687, 37500, 249687 },
		{ 200000, 112226, 53203, 325038 },
		{ 100000, 110697, 42958, 282529 },
	};
	struct mytcp_rtt r;
	unsigned int i;

	mytcp_rtt_init(&r);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		mytcp_rtt_sample(&r, want[i][0]);
		KUNIT_EXPECT_EQ_MSG(test, r.srtt_us, want[i][1], "sample %u", i);
		KUNIT_EXPECT_EQ_MSG(test, r.rttvar_us, want[i][2], "sample %u", i);
		KUNIT_EXPECT_EQ_MSG(test, r.rto_us, want[i][3], "sample %u", i);
		KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), want[i][3]);
	}
}

/*
 * The clock granularity G = 1 ms shows once 4 * RTTVAR drops below it:
 * 23 equal samples of 250 ms take RTTVAR from 125000 down to 222 (each
 * sample keeps 3/4 of it), and RTO = 250000 + max(1000, 888) = 251000.
 */
static void rtt_granularity(struct kunit *test)
{
	struct mytcp_rtt r;
	unsigned int i;

	mytcp_rtt_init(&r);
	for (i = 0; i < 23; i++)
		mytcp_rtt_sample(&r, 250000);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 250000);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 222);
	KUNIT_EXPECT_EQ(test, r.rto_us, 251000);
}

static void rtt_clamps(struct kunit *test)
{
	struct mytcp_rtt r;
	unsigned int i;

	/* A steady 1 ms path: RTO would be about 2 ms; 200 ms it is. */
	mytcp_rtt_init(&r);
	for (i = 0; i < 50; i++) {
		mytcp_rtt_sample(&r, 1000);
		KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_MIN_US);
	}
	KUNIT_EXPECT_EQ(test, r.srtt_us, 1000);
	/* Just above the minimum: 150 ms + 4 * 75 ms = 450 ms, not clamped. */
	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 150000);
	KUNIT_EXPECT_EQ(test, r.rto_us, 450000);
	/* 50 s: 50 + 4 * 25 = 150 s, clamped down to 120 s. */
	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 50000000);
	KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_MAX_US);
	KUNIT_EXPECT_EQ(test, r.rto_us, 120000000);
	/* 39 s: 39 + 4 * 19.5 = 117 s, just under the maximum. */
	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 39000000);
	KUNIT_EXPECT_EQ(test, r.rto_us, 117000000);
}

/* RFC 6298 5.5: the timeout doubles per expiry, up to 120 s, and stays. */
static void rtt_backoff_doubles_and_caps(struct kunit *test)
{
	struct mytcp_rtt r;
	u32 want = 300000;
	unsigned int i;

	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 100000);
	/* 0.3, 0.6, 1.2, ..., 76.8 s: nine doublings fit under 120 s. */
	for (i = 1; i <= 8; i++) {
		mytcp_rtt_backoff(&r);
		want *= 2;
		KUNIT_EXPECT_EQ_MSG(test, mytcp_rtt_timeout_us(&r), want,
				    "backoff %u", i);
		KUNIT_EXPECT_EQ(test, r.backoff, i);
		KUNIT_EXPECT_EQ(test, r.rto_us, 300000);
	}
	KUNIT_EXPECT_EQ(test, want, 76800000);
	/* 153.6 s would exceed the maximum: 120 s. */
	mytcp_rtt_backoff(&r);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), MYTCP_RTO_MAX_US);
	KUNIT_EXPECT_EQ(test, r.backoff, 9);
	/* From then on nothing moves, however often the timer fires. */
	for (i = 0; i < 1000; i++)
		mytcp_rtt_backoff(&r);
	KUNIT_EXPECT_EQ(test, r.backoff, 9);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), MYTCP_RTO_MAX_US);

	/* Before any sample: 1, 2, 4, ..., 64 s, then 120 s. */
	mytcp_rtt_init(&r);
	for (i = 1; i <= 6; i++) {
		mytcp_rtt_backoff(&r);
		KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 1000000U << i);
	}
	mytcp_rtt_backoff(&r);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), MYTCP_RTO_MAX_US);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 0);

	/* A timeout already at the maximum does not back off at all. */
	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 60000000);
	mytcp_rtt_backoff(&r);
	KUNIT_EXPECT_EQ(test, r.backoff, 0);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), MYTCP_RTO_MAX_US);

	/* A backoff count set by hand past the shift width stays capped. */
	r.rto_us = MYTCP_RTO_MIN_US;
	r.backoff = 200;
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), MYTCP_RTO_MAX_US);
}

/* RFC 6298 5: a new sample recomputes RTO and ends the backoff. */
static void rtt_sample_resets_backoff(struct kunit *test)
{
	struct mytcp_rtt r;

	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 100000);
	mytcp_rtt_backoff(&r);
	mytcp_rtt_backoff(&r);
	mytcp_rtt_backoff(&r);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 2400000);
	/* The second sample of rtt_sequence: RTO 272500, no backoff. */
	mytcp_rtt_sample(&r, 120000);
	KUNIT_EXPECT_EQ(test, r.backoff, 0);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 102500);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 272500);
}

/*
 * RFC 6298 5.7: a SYN timeout (the 1 s RTO backed off) and no sample: 3 s
 * with no backoff, and the first sample after it is a first sample (2.2).
 */
static void rtt_syn_fallback(struct kunit *test)
{
	struct mytcp_rtt r;

	mytcp_rtt_init(&r);
	mytcp_rtt_backoff(&r);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 2 * MYTCP_RTO_INIT_US);
	mytcp_rtt_fallback(&r);
	KUNIT_EXPECT_EQ(test, r.backoff, 0);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 0);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 3000000);
	mytcp_rtt_backoff(&r);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 6000000);
	mytcp_rtt_sample(&r, 100000);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 100000);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 50000);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&r), 300000);
}

/* 0 counts as 1 us and 2^32 - 1 us fits: nothing wraps. */
static void rtt_extreme_samples(struct kunit *test)
{
	struct mytcp_rtt r;
	unsigned int i;

	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, 0);
	KUNIT_EXPECT_EQ(test, r.srtt_us, 1);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 0);
	KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_MIN_US);
	/* It was a sample: the next one is a later sample (2.3), not 2.2. */
	mytcp_rtt_sample(&r, 8001);
	KUNIT_EXPECT_EQ(test, r.srtt_us, (7 + 8001) / 8);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, 8000 / 4);
	for (i = 0; i < 100; i++) {
		mytcp_rtt_sample(&r, 0);
		KUNIT_EXPECT_GE(test, r.srtt_us, 1);
	}

	mytcp_rtt_init(&r);
	mytcp_rtt_sample(&r, U32_MAX);
	KUNIT_EXPECT_EQ(test, r.srtt_us, U32_MAX);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, U32_MAX / 2);
	KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_MAX_US);
	mytcp_rtt_sample(&r, U32_MAX);
	KUNIT_EXPECT_EQ(test, r.srtt_us, U32_MAX);
	KUNIT_EXPECT_EQ(test, r.rttvar_us, (u32)(3ULL * (U32_MAX / 2) / 4));
	KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_MAX_US);
	/* From 2^32 - 1 down to 0: the deviation is the whole range. */
	mytcp_rtt_sample(&r, 0);
	KUNIT_EXPECT_EQ(test, r.srtt_us, (u32)((7ULL * U32_MAX + 1) / 8));
	KUNIT_EXPECT_EQ(test, r.rttvar_us,
			(u32)((3ULL * (3ULL * (U32_MAX / 2) / 4) + U32_MAX - 1) / 4));
	KUNIT_EXPECT_EQ(test, r.rto_us, MYTCP_RTO_MAX_US);
	/* Alternating extremes never take RTO out of its bounds. */
	for (i = 0; i < 200; i++) {
		mytcp_rtt_sample(&r, (i & 1) ? U32_MAX : 0);
		KUNIT_EXPECT_GE(test, r.rto_us, MYTCP_RTO_MIN_US);
		KUNIT_EXPECT_LE(test, r.rto_us, MYTCP_RTO_MAX_US);
		KUNIT_EXPECT_GE(test, r.srtt_us, 1);
	}
}

static struct kunit_case mytcp_rtt_cases[] = {
	KUNIT_CASE(rtt_initial),
	KUNIT_CASE(rtt_first_sample),
	KUNIT_CASE(rtt_sequence),
	KUNIT_CASE(rtt_granularity),
	KUNIT_CASE(rtt_clamps),
	KUNIT_CASE(rtt_backoff_doubles_and_caps),
	KUNIT_CASE(rtt_sample_resets_backoff),
	KUNIT_CASE(rtt_syn_fallback),
	KUNIT_CASE(rtt_extreme_samples),
	{}
};

static struct kunit_suite mytcp_rtt_suite = {
	.name = "mytcp_rtt",
	.test_cases = mytcp_rtt_cases,
};

kunit_test_suite(mytcp_rtt_suite);
