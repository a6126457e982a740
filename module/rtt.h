/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the retransmission-timeout estimator of RFC 6298 (pure, no socket).
 *
 * Owns: struct mytcp_rtt (SRTT, RTTVAR, RTO and the backoff count) and the
 * rules that turn round-trip samples and timer expiries into the timeout
 * the retransmission timer is armed with.
 *
 * What the caller owns:
 *  - Karn's rule (RFC 6298 3): an ACK that covers a segment sent more than
 *    once (MYTCP_SKB_RETRANS) gives no sample, unless the sample comes from
 *    the timestamp option (RFC 7323 4), which tells the transmissions
 *    apart. Only then may mytcp_rtt_sample() be called.
 *  - RFC 6298 5.7: if the timer expired while waiting for the SYN's ACK
 *    and no sample was taken, call mytcp_rtt_fallback() when data
 *    transfer starts.
 *  - Arming, restarting and stopping the timer (RFC 6298 5.1 to 5.6) with
 *    mytcp_rtt_timeout_us().
 */
#ifndef _MYTCP_RTT_H
#define _MYTCP_RTT_H

#include <linux/types.h>

/* RFC 6298 2.1: until a sample is taken, RTO is 1 second. */
#define MYTCP_RTO_INIT_US	1000000U
/*
 * RFC 6298 2.4 says an RTO below 1 s SHOULD be rounded up to 1 s; mytcp
 * departs from that, as Linux does, and uses 200 ms.
 */
#define MYTCP_RTO_MIN_US	200000U
/* RFC 6298 5.7: the RTO after a SYN timeout that left no sample. */
#define MYTCP_RTO_FALLBACK_US	3000000U
/* RFC 6298 2.5: a maximum of at least 60 s may be placed on RTO. */
#define MYTCP_RTO_MAX_US	120000000U
/* RFC 6298 2: clock granularity G, mytcp counts in microseconds: 1 ms. */
#define MYTCP_RTT_G_US		1000U

/**
 * struct mytcp_rtt - a connection's RTT estimate and retransmission timeout
 * @srtt_us: smoothed round-trip time (SRTT), microseconds; 0 means no
 *	sample has been taken yet (a sample of 0 counts as 1 us)
 * @rttvar_us: round-trip time variation (RTTVAR), microseconds
 * @rto_us: the retransmission timeout computed from the samples (RTO),
 *	microseconds, within [MYTCP_RTO_MIN_US, MYTCP_RTO_MAX_US]; it does
 *	not include the backoff
 * @backoff: how many times the timer has backed off since the last
 *	sample; the timer runs for @rto_us << @backoff (RFC 6298 5.5)
 */
struct mytcp_rtt {
	u32 srtt_us;
	u32 rttvar_us;
	u32 rto_us;
	u8 backoff;
};

void mytcp_rtt_init(struct mytcp_rtt *r);
void mytcp_rtt_sample(struct mytcp_rtt *r, u32 rtt_us);
void mytcp_rtt_backoff(struct mytcp_rtt *r);
void mytcp_rtt_fallback(struct mytcp_rtt *r);
u32 mytcp_rtt_timeout_us(const struct mytcp_rtt *r);

#endif /* _MYTCP_RTT_H */
