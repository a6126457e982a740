// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: Reno congestion control, RFC 5681 with the RFC 6582 (NewReno)
 * window at the end of fast recovery (pure, no socket).
 *
 * Owns: the initial window, slow start, congestion avoidance, and the
 * reductions on fast retransmit, at the end of fast recovery and on a
 * retransmission timeout. All windows are in bytes.
 */
#include <linux/limits.h>
#include <linux/minmax.h>

#include "cc.h"

/* RFC 5681 eq. 4: ssthresh = max(FlightSize / 2, 2 * SMSS). */
static u32 mytcp_reno_half(const struct mytcp_cc *cc, u32 flight_bytes)
{
	return max(flight_bytes / 2, 2 * cc->mss);
}

static void mytcp_reno_init(struct mytcp_cc *cc, u32 mss)
{
	/* The MSS option has 16 bits (RFC 9293 3.2); that bounds every sum. */
	cc->mss = mss ? min_t(u32, mss, U16_MAX) : MYTCP_CC_DEFAULT_MSS;
	/* RFC 6928 2: IW = min(10 * MSS, max(2 * MSS, 14600)). */
	cc->cwnd = min(10 * cc->mss, max(2 * cc->mss, 14600U));
	/* RFC 5681 3.1: the initial ssthresh is arbitrarily high. */
	cc->ssthresh = MYTCP_CC_SSTHRESH_INF;
	cc->acked_acc = 0;
}

static void mytcp_reno_on_ack(struct mytcp_cc *cc, u32 acked_bytes)
{
	if (cc->cwnd < cc->ssthresh) {
		/*
		 * RFC 5681 3.1 slow start, eq. 2 with RFC 3465 2.2's
		 * appropriate byte counting: cwnd grows by every byte an ACK
		 * of new data acknowledges. Not RFC 5681's L = 1 SMSS per
		 * ACK (nor RFC 3465's L = 2): receivers ACK in stretches (GRO
		 * hands them 64 KB at once, and they leave ACKs to the reader
		 * as mytcp does), and with an ACK per 30 segments L = 1 would
		 * grow cwnd by 3 % a round trip instead of doubling it. Linux
		 * TCP counts the same way. The burst an ACK lets go is then
		 * what it acknowledged plus as much again, within cwnd.
		 * Growth stops at ssthresh so that congestion avoidance takes
		 * over exactly there.
		 */
		cc->cwnd = mytcp_cc_add(cc->cwnd, acked_bytes);
		if (cc->cwnd > cc->ssthresh)
			cc->cwnd = cc->ssthresh;
		return;
	}
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

static void mytcp_reno_on_exit_recovery(struct mytcp_cc *cc, u32 flight_bytes)
{
	/*
	 * RFC 6582 3.2 step 3, full acknowledgment, option (1):
	 * cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS), FlightSize
	 * being what is outstanding now. Option (1) rather than (2), cwnd =
	 * ssthresh, because it cannot release a burst when little is in
	 * flight.
	 */
	cc->cwnd = min_t(u64, cc->ssthresh,
			 (u64)max(flight_bytes, cc->mss) + cc->mss);
	cc->cwnd = min(cc->cwnd, MYTCP_CC_CWND_MAX);
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
	.init = mytcp_reno_init,
	.on_ack = mytcp_reno_on_ack,
	.on_enter_recovery = mytcp_reno_on_enter_recovery,
	.on_exit_recovery = mytcp_reno_on_exit_recovery,
	.on_timeout = mytcp_reno_on_timeout,
};
