// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: CUBIC congestion control (module/cc_cubic.c, RFC 9438): K and the
 * cubic function against numbers worked out by hand, the multiplicative
 * decrease with fast convergence, the concave-plateau-convex shape of the
 * window after a loss, the Reno-friendly region, the first stage after a
 * timeout (and a repeated one), an application-limited pause left out of
 * t (RTT above and below the clock's millisecond), and the target's 1.5
 * cwnd bound.
 */
#include <kunit/test.h>
#include <linux/minmax.h>
#include <linux/time64.h>

#include "cc.h"
#include "recovery.h"

#define MSS	1448U

/* A window of @n segments, in bytes. */
#define SEGS(n)	((u32)((n) * MSS))

/*
 * @rounds round trips of @rtt_us each, in which the whole window is
 * acknowledged one SMSS at a time, the ACKs spread evenly over the round
 * trip (a sender limited by cwnd alone). @now_us moves on.
 */
static void run_rtts(struct mytcp_cc *cc, u64 *now_us, u32 rtt_us,
		     unsigned int rounds)
{
	struct mytcp_cc_clock clk = { .srtt_us = rtt_us };
	unsigned int r, i, n;

	for (r = 0; r < rounds; r++) {
		n = max(cc->cwnd / MSS, 1U);
		for (i = 0; i < n; i++) {
			clk.now_us = *now_us + (u64)i * rtt_us / n;
			mytcp_cc_cubic.on_ack(cc, MSS, &clk);
		}
		*now_us += rtt_us;
	}
}

/* A connection at @cwnd that has a loss with @cwnd in flight. */
static void lose_at(struct mytcp_cc *cc, u32 cwnd)
{
	cc->cwnd = cwnd;
	mytcp_cc_cubic.on_enter_recovery(cc, cwnd);
	mytcp_cc_cubic.on_exit_recovery(cc, cc->ssthresh);
}

static void cubic_lookup(struct kunit *test)
{
	const struct mytcp_cc_ops *ops = mytcp_cc_find("cubic");

	KUNIT_ASSERT_PTR_EQ(test, ops, &mytcp_cc_cubic);
	KUNIT_EXPECT_STREQ(test, ops->name, "cubic");
	KUNIT_EXPECT_PTR_NE(test, mytcp_cc_find("reno"), ops);
	KUNIT_EXPECT_NULL(test, mytcp_cc_find("Cubic"));
}

/* RFC 9438 eq. 1 and 2 with C = 0.4, beta = 0.7. */
static void cubic_k_and_window(struct kunit *test)
{
	u32 w;

	/* K = cbrt(30 / 0.4) s = cbrt(75) s = 4.2172 s. */
	KUNIT_EXPECT_EQ(test, mytcp_cubic_k_ms(SEGS(100), SEGS(70), MSS), 4217);
	/* K = cbrt(3 / 0.4) s = 1.9574 s. */
	KUNIT_EXPECT_EQ(test, mytcp_cubic_k_ms(SEGS(10), SEGS(7), MSS), 1957);
	/* A stage that starts at or above W_max has K = 0. */
	KUNIT_EXPECT_EQ(test, mytcp_cubic_k_ms(SEGS(70), SEGS(100), MSS), 0);
	KUNIT_EXPECT_EQ(test, mytcp_cubic_k_ms(SEGS(70), SEGS(70), MSS), 0);

	/* W(0) = W_max - C * K^3 = cwnd_epoch, to the rounding of K. */
	w = mytcp_cubic_window(SEGS(100), 4217, MSS, 0);
	KUNIT_EXPECT_LE(test, abs((int)w - (int)SEGS(70)), 16);
	/* W(K) = W_max; W(K + 1 s) = W_max + 0.4 segments. */
	KUNIT_EXPECT_EQ(test, mytcp_cubic_window(SEGS(100), 4217, MSS, 4217),
			SEGS(100));
	KUNIT_EXPECT_EQ(test, mytcp_cubic_window(SEGS(100), 4217, MSS, 5217),
			SEGS(100) + 579);
	/* Symmetric before K: W(K - 1 s) = W_max - 0.4 segments. */
	KUNIT_EXPECT_EQ(test, mytcp_cubic_window(SEGS(100), 4217, MSS, 3217),
			SEGS(100) - 579);
	/* W(K + 10 s) = W_max + 400 segments. */
	KUNIT_EXPECT_EQ(test, mytcp_cubic_window(SEGS(100), 4217, MSS, 14217),
			SEGS(500));
	/* Far out the window is bounded, never wraps. */
	KUNIT_EXPECT_EQ(test, mytcp_cubic_window(SEGS(100), 0, MSS, U32_MAX),
			MYTCP_CC_CWND_MAX);
	KUNIT_EXPECT_EQ(test, mytcp_cubic_window(SEGS(10), 200000, MSS, 0), 0);
}

/* RFC 9438 4.6 and 4.7. */
static void cubic_loss_reduction(struct kunit *test)
{
	struct mytcp_cc cc;
	struct mytcp_cubic *c = mytcp_cubic(&cc);

	mytcp_cc_cubic.init(&cc, MSS);
	KUNIT_EXPECT_EQ(test, cc.cwnd, SEGS(10));
	KUNIT_EXPECT_EQ(test, cc.ssthresh, MYTCP_CC_SSTHRESH_INF);
	KUNIT_EXPECT_EQ(test, c->w_est, 0);

	/* ssthresh = 0.7 * FlightSize; fast recovery starts 3 SMSS above. */
	cc.cwnd = SEGS(100);
	mytcp_cc_cubic.on_enter_recovery(&cc, SEGS(100));
	KUNIT_EXPECT_EQ(test, cc.ssthresh, SEGS(70));
	KUNIT_EXPECT_EQ(test, cc.cwnd, SEGS(73));
	KUNIT_EXPECT_EQ(test, c->w_max, SEGS(100));
	KUNIT_EXPECT_EQ(test, c->cwnd_prior, SEGS(100));
	mytcp_cc_cubic.on_exit_recovery(&cc, SEGS(70));
	KUNIT_EXPECT_EQ(test, cc.cwnd, SEGS(70));

	/*
	 * Fast convergence: a loss at 80 segments, below W_max = 100:
	 * W_max = 80 * (1 + 0.7) / 2 = 68 segments, ssthresh 56.
	 */
	cc.cwnd = SEGS(80);
	mytcp_cc_cubic.on_enter_recovery(&cc, SEGS(80));
	KUNIT_EXPECT_EQ(test, c->w_max, SEGS(68));
	KUNIT_EXPECT_EQ(test, cc.ssthresh, SEGS(56));
	KUNIT_EXPECT_EQ(test, c->cwnd_prior, SEGS(80));
	/* A loss at or above W_max takes cwnd as W_max. */
	cc.cwnd = SEGS(90);
	mytcp_cc_cubic.on_enter_recovery(&cc, SEGS(90));
	KUNIT_EXPECT_EQ(test, c->w_max, SEGS(90));
	/* ssthresh is never below 2 SMSS. */
	cc.cwnd = SEGS(2);
	mytcp_cc_cubic.on_enter_recovery(&cc, SEGS(2));
	KUNIT_EXPECT_EQ(test, cc.ssthresh, SEGS(2));
}

/*
 * After a loss at 100 segments, RTT 100 ms: fast (concave) growth back
 * towards W_max, a plateau around it near t = K = 4.2 s, then convex
 * growth beyond it. Reno would be at 80 segments after 10 round trips.
 */
static void cubic_concave_convex(struct kunit *test)
{
	struct mytcp_cc cc;
	struct mytcp_cubic *c = mytcp_cubic(&cc);
	u64 now = 10 * USEC_PER_SEC;
	u32 at30, at45;

	mytcp_cc_cubic.init(&cc, MSS);
	lose_at(&cc, SEGS(100));
	KUNIT_EXPECT_EQ(test, cc.cwnd, SEGS(70));

	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 1);
	/* The stage began with the first ACK in congestion avoidance. */
	KUNIT_EXPECT_EQ(test, c->w_max, SEGS(100));
	KUNIT_EXPECT_EQ(test, c->k_ms, 4217);
	KUNIT_EXPECT_EQ(test, c->epoch_ms, 10 * MSEC_PER_SEC);

	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 9);
	/* W(1.1 s) = 100 - 0.4 * 3.117^3 = 87.9 segments. */
	KUNIT_EXPECT_GE(test, cc.cwnd, SEGS(86));
	KUNIT_EXPECT_LE(test, cc.cwnd, SEGS(90));

	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 20);
	at30 = cc.cwnd;
	KUNIT_EXPECT_GE(test, at30, SEGS(97));
	KUNIT_EXPECT_LE(test, at30, SEGS(100));
	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 15);
	at45 = cc.cwnd;
	/* The plateau: at most 2 segments in 15 round trips around K. */
	KUNIT_EXPECT_LE(test, at45 - at30, SEGS(2));
	KUNIT_EXPECT_GE(test, at45, SEGS(100));

	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 35);
	/* W(8.1 s) = 100 + 0.4 * 3.88^3 = 123.4 segments. */
	KUNIT_EXPECT_GE(test, cc.cwnd, SEGS(118));
	KUNIT_EXPECT_LE(test, cc.cwnd, SEGS(125));
}

/*
 * RFC 9438 4.3: a small window and a short RTT (W_max 10 segments, RTT
 * 10 ms): W_cubic(t) hardly moves in 0.2 s (7.8 segments), W_est grows by
 * 9/17 of a segment per RTT until it reaches cwnd_prior (10 segments, 5.7
 * RTTs) and by one after it: 24 segments after 20 RTTs.
 */
static void cubic_reno_friendly(struct kunit *test)
{
	struct mytcp_cc cc;
	struct mytcp_cubic *c = mytcp_cubic(&cc);
	u64 now = 10 * USEC_PER_SEC;

	mytcp_cc_cubic.init(&cc, MSS);
	lose_at(&cc, SEGS(10));
	KUNIT_EXPECT_EQ(test, cc.cwnd, SEGS(7));
	run_rtts(&cc, &now, 10 * USEC_PER_MSEC, 20);
	KUNIT_EXPECT_GE(test, cc.cwnd, SEGS(22));
	KUNIT_EXPECT_LE(test, cc.cwnd, SEGS(26));
	KUNIT_EXPECT_EQ(test, cc.cwnd, c->w_est);
	KUNIT_EXPECT_LT(test, mytcp_cubic_window(c->w_max, c->k_ms, MSS, 200),
			SEGS(9));
}

/*
 * RFC 9438 4.8: a timeout sets ssthresh by beta and cwnd to one SMSS (once
 * per episode, RFC 5681 3.1); the first stage after it has K = 0 and
 * W_max its starting window.
 */
static void cubic_timeout(struct kunit *test)
{
	struct mytcp_recovery rec;
	struct mytcp_cc cc;
	struct mytcp_cubic *c = mytcp_cubic(&cc);
	u64 now = 5 * USEC_PER_SEC;

	mytcp_cc_cubic.init(&cc, MSS);
	mytcp_recovery_init(&rec, 0, true);
	cc.cwnd = SEGS(100);
	mytcp_recovery_on_timeout(&rec, &cc, &mytcp_cc_cubic, 1 + SEGS(100),
				  SEGS(100), false);
	KUNIT_EXPECT_EQ(test, cc.cwnd, MSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, SEGS(70));
	KUNIT_EXPECT_EQ(test, c->w_max, 0);
	KUNIT_EXPECT_EQ(test, c->w_est, 0);
	KUNIT_EXPECT_EQ(test, c->cwnd_prior, SEGS(100));
	/*
	 * It expires again before an ACK, one segment in flight: RFC 5681
	 * 3.1 holds ssthresh, and CUBIC keeps the window it lost.
	 */
	mytcp_recovery_on_timeout(&rec, &cc, &mytcp_cc_cubic, 1 + SEGS(100),
				  MSS, true);
	KUNIT_EXPECT_EQ(test, cc.cwnd, MSS);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, SEGS(70));
	KUNIT_EXPECT_EQ(test, c->cwnd_prior, SEGS(100));
	/* Slow start: 1, 2, 4, ..., 64, then 70 = ssthresh. */
	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 7);
	KUNIT_EXPECT_EQ(test, cc.cwnd, SEGS(70));
	KUNIT_EXPECT_EQ(test, c->w_est, SEGS(70));
	KUNIT_EXPECT_EQ(test, c->w_max, SEGS(70));
	KUNIT_EXPECT_EQ(test, c->k_ms, 0);
	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 5);
	KUNIT_EXPECT_GT(test, cc.cwnd, SEGS(70));
	KUNIT_EXPECT_LE(test, cc.cwnd, SEGS(75));
}

/*
 * RFC 9438 5.8: ten seconds in which the window was not used (no ACK in
 * congestion avoidance) do not count in t: the next ACK does not find the
 * curve 10 s further on (W(15 s) would be 580 segments).
 */
static void cubic_app_limited(struct kunit *test)
{
	struct mytcp_cc cc;
	struct mytcp_cubic *c = mytcp_cubic(&cc);
	struct mytcp_cc_clock clk = { .srtt_us = 100 * USEC_PER_MSEC };
	u64 now = 10 * USEC_PER_SEC;
	u32 epoch, cwnd;

	mytcp_cc_cubic.init(&cc, MSS);
	lose_at(&cc, SEGS(100));
	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 5);
	epoch = c->epoch_ms;
	cwnd = cc.cwnd;
	KUNIT_EXPECT_EQ(test, cwnd, SEGS(80));
	clk.now_us = now + 10 * USEC_PER_SEC;
	mytcp_cc_cubic.on_ack(&cc, MSS, &clk);
	KUNIT_EXPECT_GE(test, c->epoch_ms - epoch, 10 * MSEC_PER_SEC);
	KUNIT_EXPECT_LT(test, cc.cwnd - cwnd, MSS);
	now = clk.now_us;
	run_rtts(&cc, &now, 100 * USEC_PER_MSEC, 5);
	/* And growth goes on where it left off: 80 -> 87 segments. */
	KUNIT_EXPECT_GE(test, cc.cwnd, SEGS(86));
	KUNIT_EXPECT_LE(test, cc.cwnd, SEGS(90));

	/*
	 * The same on a path whose RTT (200 us) is below the clock's 1 ms:
	 * without the rule the curve would be 10 s on, and cwnd would grow
	 * by half every round trip (72 -> 547 segments in 5).
	 */
	mytcp_cc_cubic.init(&cc, MSS);
	lose_at(&cc, SEGS(100));
	now = 10 * USEC_PER_SEC;
	run_rtts(&cc, &now, 200, 5);
	epoch = c->epoch_ms;
	now += 10 * USEC_PER_SEC;
	run_rtts(&cc, &now, 200, 5);
	KUNIT_EXPECT_GE(test, c->epoch_ms - epoch, 10 * MSEC_PER_SEC);
	KUNIT_EXPECT_LE(test, cc.cwnd, SEGS(80));
}

/*
 * RFC 9438 4.2: far from W_max (K = 0, RTT 2 s) W_cubic(t + RTT) runs
 * away; the target is held to 1.5 * cwnd, so cwnd grows by half a window
 * per round trip at most: 10, 15, 22, 33, 50, 75 segments.
 */
static void cubic_target_clamp(struct kunit *test)
{
	struct mytcp_cc cc;
	u64 now = USEC_PER_SEC;
	unsigned int r;
	u32 prev;

	mytcp_cc_cubic.init(&cc, MSS);
	cc.cwnd = SEGS(10);
	cc.ssthresh = SEGS(10);
	for (r = 0; r < 5; r++) {
		prev = cc.cwnd;
		run_rtts(&cc, &now, 2 * USEC_PER_SEC, 1);
		KUNIT_EXPECT_LE(test, cc.cwnd, prev + prev / 2 + MSS);
		KUNIT_EXPECT_GE(test, cc.cwnd, prev + prev * 2 / 5);
	}
	KUNIT_EXPECT_EQ(test, cc.cwnd, SEGS(75));
}

static struct kunit_case mytcp_cubic_cases[] = {
	KUNIT_CASE(cubic_lookup),
	KUNIT_CASE(cubic_k_and_window),
	KUNIT_CASE(cubic_loss_reduction),
	KUNIT_CASE(cubic_concave_convex),
	KUNIT_CASE(cubic_reno_friendly),
	KUNIT_CASE(cubic_timeout),
	KUNIT_CASE(cubic_app_limited),
	KUNIT_CASE(cubic_target_clamp),
	{}
};

static struct kunit_suite mytcp_cubic_suite = {
	.name = "mytcp_cubic",
	.test_cases = mytcp_cubic_cases,
};

kunit_test_suite(mytcp_cubic_suite);
