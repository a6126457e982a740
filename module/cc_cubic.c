// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: CUBIC congestion control, RFC 9438 (pure, no socket).
 *
 * Owns: CUBIC's window growth in congestion avoidance (the cubic function
 * of the time since the last congestion event, and the Reno-friendly
 * estimate beside it), its multiplicative decrease with fast convergence,
 * and its reaction to a retransmission timeout. The initial window, slow
 * start and the window at the end of fast recovery are cc.c's, as for
 * Reno; RFC 9438 does not change them (4.10 recommends HyStart++, RFC
 * 9406, which mytcp does not have).
 *
 * Units: windows in bytes, as everywhere in mytcp; RFC 9438 counts
 * segments, so its C (segments per second cubed) is applied to the SMSS.
 * Time in milliseconds of the monotonic clock, kept in 32 bits (the
 * differences taken are far below 2^31 ms).
 */
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <kunit/visibility.h>

#include "cc.h"

/* RFC 9438 4.6: beta_cubic = 0.7, the multiplicative decrease factor. */
#define MYTCP_CUBIC_BETA_NUM	7
#define MYTCP_CUBIC_BETA_DEN	10
/*
 * RFC 9438 4.3: alpha_cubic = 3 * (1 - beta) / (1 + beta) = 9/17, so the
 * Reno-friendly estimate grows by one SMSS per 17/9 windows acknowledged.
 */
#define MYTCP_CUBIC_ALPHA_NUM	9
#define MYTCP_CUBIC_ALPHA_DEN	17
/*
 * RFC 9438 5: C = 0.4 = 2/5. W_cubic(t) = C * (t - K)^3 + W_max with t in
 * seconds; with t in ms, C * t^3 segments = 2 * t^3 / 5e6 thousandths of a
 * segment.
 */
#define MYTCP_CUBIC_C_MILLI_DIV	5000000ULL
/*
 * K = cbrt((W_max - cwnd_epoch) / C) seconds (RFC 9438 eq. 2); in ms,
 * cbrt(segments * 2.5e9), and segments = bytes / SMSS.
 */
#define MYTCP_CUBIC_K_SCALE	2500000000ULL
/*
 * |t - K| is cut at 2^18 ms (262 s): C * 262^3 is 7.2 million segments,
 * beyond any window (MYTCP_CC_CWND_MAX), and 2 * (2^18)^3 fits in 64 bits.
 */
#define MYTCP_CUBIC_T_MAX_MS	BIT(18)

/**
 * mytcp_cubic - CUBIC's state in a connection's window state
 * @cc: the window state of a connection whose algorithm is CUBIC
 *
 * Return: the &struct mytcp_cubic kept in @cc->priv.
 */
struct mytcp_cubic *mytcp_cubic(struct mytcp_cc *cc)
{
	BUILD_BUG_ON(sizeof(struct mytcp_cubic) > sizeof(cc->priv));
	return (struct mytcp_cubic *)cc->priv;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cubic);

/* The integer cube root, rounded down, of x < 2^63. */
static u32 mytcp_cubic_cbrt(u64 x)
{
	u64 y = 0;
	int b;

	/* (2^21 - 1)^3 < 2^63: no step can overflow. */
	for (b = 20; b >= 0; b--) {
		u64 t = y | BIT_ULL(b);

		if (t * t * t <= x)
			y = t;
	}
	return y;
}

/**
 * mytcp_cubic_k_ms - K of RFC 9438 eq. 2, in milliseconds
 * @w_max: W_max, bytes
 * @cwnd_epoch: cwnd when the congestion avoidance stage begins, bytes
 * @mss: SMSS, bytes (not 0)
 *
 * Return: cbrt((W_max - cwnd_epoch) / C) in ms, 0 if @cwnd_epoch is not
 * below @w_max.
 */
u32 mytcp_cubic_k_ms(u32 w_max, u32 cwnd_epoch, u32 mss)
{
	if (cwnd_epoch >= w_max)
		return 0;
	/* (w_max - cwnd_epoch) < 2^31, times 2.5e9 < 2^63. */
	return mytcp_cubic_cbrt(div_u64((u64)(w_max - cwnd_epoch) *
					MYTCP_CUBIC_K_SCALE, mss));
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cubic_k_ms);

/**
 * mytcp_cubic_window - W_cubic(t) of RFC 9438 eq. 1, in bytes
 * @w_max: W_max, bytes
 * @k_ms: K, ms
 * @mss: SMSS, bytes
 * @t_ms: time since the stage began, ms
 *
 * Return: C * (t - K)^3 * SMSS + W_max, between 0 and MYTCP_CC_CWND_MAX.
 */
u32 mytcp_cubic_window(u32 w_max, u32 k_ms, u32 mss, u32 t_ms)
{
	u64 d = t_ms > k_ms ? t_ms - k_ms : k_ms - t_ms;
	u64 off;

	d = min_t(u64, d, MYTCP_CUBIC_T_MAX_MS);
	/* 2 * d^3 / 5e6: thousandths of a segment, below 2^34. */
	off = div_u64(2 * d * d * d, MYTCP_CUBIC_C_MILLI_DIV);
	off = div_u64(off * mss, 1000);
	if (t_ms >= k_ms)
		return min_t(u64, (u64)w_max + off, MYTCP_CC_CWND_MAX);
	return w_max > off ? w_max - off : 0;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cubic_window);

/*
 * A new connection: cc.c's initial window (RFC 9438 4.10 keeps slow start
 * as it is), and no congestion event yet: W_max 0, no stage begun.
 */
static void mytcp_cubic_init(struct mytcp_cc *cc, u32 mss)
{
	mytcp_cc_init_window(cc, mss);
	memset(cc->priv, 0, sizeof(cc->priv));
}

/* RFC 9438 4.2: a congestion avoidance stage begins at @now_ms. */
static void mytcp_cubic_epoch(struct mytcp_cc *cc, struct mytcp_cubic *c,
			      u32 now_ms)
{
	c->epoch_ms = now_ms;
	c->last_ms = now_ms;
	/*
	 * RFC 9438 4.8: in the first stage after a timeout (W_max is 0 then)
	 * K is 0 and W_max the window the stage starts with; likewise if the
	 * window is already above W_max.
	 */
	if (c->w_max <= cc->cwnd)
		c->w_max = cc->cwnd;
	c->k_ms = mytcp_cubic_k_ms(c->w_max, cc->cwnd, cc->mss);
	/* RFC 9438 4.3: W_est starts at cwnd_epoch. */
	c->w_est = cc->cwnd;
	c->est_acc = 0;
	cc->acked_acc = 0;
}

/*
 * Byte counting for a window that grows by one SMSS per @step bytes
 * acknowledged: add @acked_bytes to @acc and take out the whole steps.
 *
 * Return: how many SMSS the window grows by.
 */
static u64 mytcp_cubic_steps(u32 *acc, u32 acked_bytes, u64 step)
{
	u64 n;

	*acc = min_t(u64, (u64)*acc + acked_bytes, U32_MAX);
	n = div64_u64(*acc, max_t(u64, step, 1));
	*acc -= n * step;
	return n;
}

/* RFC 9438 4.3: W_est += alpha_cubic * segments_acked / cwnd. */
static void mytcp_cubic_reno_estimate(struct mytcp_cc *cc,
				      struct mytcp_cubic *c, u32 acked_bytes)
{
	u64 step = cc->cwnd;
	u64 n;

	/* alpha_cubic is 1 once W_est has reached cwnd_prior. */
	if (c->w_est < c->cwnd_prior)
		step = div_u64(step * MYTCP_CUBIC_ALPHA_DEN,
			       MYTCP_CUBIC_ALPHA_NUM);
	n = mytcp_cubic_steps(&c->est_acc, acked_bytes, step);
	c->w_est = min_t(u64, c->w_est + n * cc->mss, MYTCP_CC_CWND_MAX);
}

static void mytcp_cubic_on_ack(struct mytcp_cc *cc, u32 acked_bytes,
			       const struct mytcp_cc_clock *clk)
{
	struct mytcp_cubic *c = mytcp_cubic(cc);
	u32 now_ms = (u32)div_u64(clk->now_us, USEC_PER_MSEC);
	/*
	 * The RTT in whole ms, rounded up and at least 1: on a LAN or veth
	 * it is well below a millisecond.
	 */
	u32 rtt_ms = max_t(u32, DIV_ROUND_UP(clk->srtt_us, USEC_PER_MSEC), 1);
	u32 t_ms, w_t, target;
	u64 n;

	if (mytcp_cc_slow_start(cc, acked_bytes))
		return;
	if (!c->w_est) {
		mytcp_cubic_epoch(cc, c, now_ms);
	} else if (now_ms - c->last_ms > rtt_ms + 1) {
		/*
		 * RFC 9438 5.8: t leaves out the time the window was not in
		 * use. The ACK path calls only while at least half of cwnd is
		 * in flight, so a gap of over an RTT since the last call (and
		 * a millisecond more, the clock's resolution) is time the
		 * sender was limited by the application (or idle): the curve
		 * is moved on by it, as Linux TCP's CUBIC does.
		 */
		c->epoch_ms += now_ms - c->last_ms;
	}
	c->last_ms = now_ms;
	t_ms = min_t(u32, now_ms - c->epoch_ms, MYTCP_CUBIC_T_MAX_MS);

	mytcp_cubic_reno_estimate(cc, c, acked_bytes);
	w_t = mytcp_cubic_window(c->w_max, c->k_ms, cc->mss, t_ms);
	if (w_t < c->w_est) {
		/*
		 * RFC 9438 4.3, the Reno-friendly region: cwnd = W_est. Not
		 * below what cwnd has already grown to in this stage.
		 */
		cc->cwnd = max(cc->cwnd, c->w_est);
		return;
	}
	/*
	 * RFC 9438 4.2: the target is W_cubic(t + RTT), kept within
	 * [cwnd, 1.5 * cwnd]. 4.4 (concave, cwnd < W_max) and 4.5 (convex):
	 * cwnd grows by (target - cwnd) / cwnd per ACK; counted per SMSS
	 * acknowledged rather than per ACK (RFC 3465's byte counting, as
	 * Linux TCP does), so that stretch ACKs do not slow it: one SMSS per
	 * cwnd * SMSS / (target - cwnd) bytes acknowledged, never past the
	 * target.
	 */
	target = mytcp_cubic_window(c->w_max, c->k_ms, cc->mss,
				    min_t(u32, t_ms + rtt_ms,
					  MYTCP_CUBIC_T_MAX_MS));
	target = clamp_t(u32, target, cc->cwnd, cc->cwnd + cc->cwnd / 2);
	if (target == cc->cwnd)
		return;
	n = mytcp_cubic_steps(&cc->acked_acc, acked_bytes,
			      div_u64((u64)cc->cwnd * cc->mss,
				      target - cc->cwnd));
	cc->cwnd = min_t(u64, cc->cwnd + n * cc->mss, target);
}

/*
 * A congestion event: RFC 9438 4.6, ssthresh = max(FlightSize *
 * beta_cubic, 2 * SMSS) (RFC 9438 4.6 takes FlightSize, as RFC 5681 eq. 4
 * does). The stage ends. W_max is the caller's.
 */
static void mytcp_cubic_reduce(struct mytcp_cc *cc, u32 flight_bytes)
{
	struct mytcp_cubic *c = mytcp_cubic(cc);

	c->cwnd_prior = cc->cwnd;
	cc->ssthresh = max_t(u64, div_u64((u64)flight_bytes *
					  MYTCP_CUBIC_BETA_NUM,
					  MYTCP_CUBIC_BETA_DEN),
			     2 * cc->mss);
	c->w_est = 0;
	cc->acked_acc = 0;
}

static void mytcp_cubic_on_enter_recovery(struct mytcp_cc *cc,
					  u32 flight_bytes)
{
	struct mytcp_cubic *c = mytcp_cubic(cc);

	/*
	 * RFC 9438 4.7: a loss before the window got back to W_max means
	 * another flow took bandwidth; give it room: W_max = cwnd *
	 * (1 + beta) / 2.
	 */
	if (cc->cwnd < c->w_max)
		c->w_max = div_u64((u64)cc->cwnd *
				   (MYTCP_CUBIC_BETA_DEN + MYTCP_CUBIC_BETA_NUM),
				   2 * MYTCP_CUBIC_BETA_DEN);
	else
		c->w_max = cc->cwnd;
	mytcp_cubic_reduce(cc, flight_bytes);
	/*
	 * RFC 9438 4.6 sets cwnd = ssthresh; fast recovery is RFC 5681's
	 * (3.2 step 3), which adds the three segments that left the network,
	 * as for Reno.
	 */
	cc->cwnd = mytcp_cc_add(cc->ssthresh, 3 * cc->mss);
}

static void mytcp_cubic_on_timeout(struct mytcp_cc *cc, u32 flight_bytes)
{
	mytcp_cubic_reduce(cc, flight_bytes);
	/*
	 * RFC 9438 4.8: cwnd as RFC 5681 (the loss window, 1 SMSS), ssthresh
	 * by beta_cubic; the first stage after it has K = 0 and W_max its
	 * starting window.
	 */
	mytcp_cubic(cc)->w_max = 0;
	cc->cwnd = cc->mss;
}

/* CUBIC, RFC 9438: Linux TCP's default algorithm. */
const struct mytcp_cc_ops mytcp_cc_cubic = {
	.name = "cubic",
	.init = mytcp_cubic_init,
	.on_ack = mytcp_cubic_on_ack,
	.on_enter_recovery = mytcp_cubic_on_enter_recovery,
	.on_exit_recovery = mytcp_cc_recovery_end,
	.on_timeout = mytcp_cubic_on_timeout,
};
EXPORT_SYMBOL_IF_KUNIT(mytcp_cc_cubic);
