// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: Reno congestion control, RFC 5681 with the RFC 6582 (NewReno)
 * window at the end of fast recovery (pure, no socket).
 *
 * Owns: congestion avoidance, and the reductions on fast retransmit and on
 * a retransmission timeout; the initial window, slow start and the window
 * at the end of fast recovery are cc.c's, shared with CUBIC. All windows
 * are in bytes.
 */
#include <linux/limits.h>
#include <linux/minmax.h>

#include "cc.h"

/* RFC 5681 eq. 4: ssthresh = max(FlightSize / 2, 2 * SMSS). */
static u32 mytcp_reno_half(const struct mytcp_cc *cc, u32 flight_bytes)
{
	return max(flight_bytes / 2, 2 * cc->mss);
}

static void mytcp_reno_on_ack(struct mytcp_cc *cc, u32 acked_bytes,
			      const struct mytcp_cc_clock *clk)
{
	if (mytcp_cc_slow_start(cc, acked_bytes))
		return;
	/*
	 * RFC 5681 3.1 congestion avoidance, the byte-counting way it
	 * recommends: count acknowledged bytes, and when they reach cwnd grow
	 * cwnd by one SMSS. At most one SMSS per ACK, and what one ACK
	 * acknowledges beyond a whole window is not carried over, so cwnd
	 * never grows by more than one SMSS per RTT.
	 */
	cc->acked_acc = min_t(u64, (u64)cc->acked_acc + acked_bytes, U32_MAX);
	if (cc->acked_acc >= cc->cwnd) {
		cc->acked_acc -= cc->cwnd;
		cc->cwnd = mytcp_cc_add(cc->cwnd, cc->mss);
		if (cc->acked_acc >= cc->cwnd)
			cc->acked_acc = 0;
	}
}

static void mytcp_reno_on_enter_recovery(struct mytcp_cc *cc,
					 u32 flight_bytes)
{
	/* RFC 5681 3.2 step 2: ssthresh no more than eq. 4. */
	cc->ssthresh = mytcp_reno_half(cc, flight_bytes);
	/*
	 * RFC 5681 3.2 step 3: cwnd = ssthresh + 3 * SMSS, the three segments
	 * that left the network and caused the duplicate ACKs.
	 */
	cc->cwnd = mytcp_cc_add(cc->ssthresh, 3 * cc->mss);
	cc->acked_acc = 0;
}

static void mytcp_reno_on_timeout(struct mytcp_cc *cc, u32 flight_bytes)
{
	/*
	 * RFC 5681 3.1: on a retransmission timeout ssthresh is set by
	 * eq. 4, and cwnd to the loss window, LW = 1 SMSS.
	 */
	cc->ssthresh = mytcp_reno_half(cc, flight_bytes);
	cc->cwnd = cc->mss;
	cc->acked_acc = 0;
}

/* The Reno algorithm, mytcp's default congestion control. */
const struct mytcp_cc_ops mytcp_cc_reno = {
	.name = "reno",
	.init = mytcp_cc_init_window,
	.on_ack = mytcp_reno_on_ack,
	.on_enter_recovery = mytcp_reno_on_enter_recovery,
	.on_exit_recovery = mytcp_cc_recovery_end,
	.on_timeout = mytcp_reno_on_timeout,
};
