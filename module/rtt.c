// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the RFC 6298 retransmission-timeout estimator (pure, no socket).
 *
 * Owns: updating SRTT, RTTVAR and RTO from round-trip samples, the
 * exponential backoff, and the timeout the retransmission timer uses.
 * Karn's rule and the timer itself are the caller's (see rtt.h).
 *
 * Arithmetic is in integer microseconds; the 1/8 and 1/4 gains are applied
 * in 64 bits and truncated, so no input overflows.
 */
#include <linux/export.h>
#include <linux/minmax.h>
#include <kunit/visibility.h>

#include "rtt.h"

/* RFC 6298 2.2/2.3: RTO <- SRTT + max(G, K*RTTVAR), K = 4; then 2.4/2.5. */
static u32 mytcp_rtt_compute_rto(u32 srtt_us, u32 rttvar_us)
{
	u64 rto = (u64)srtt_us + max_t(u64, MYTCP_RTT_G_US, 4ULL * rttvar_us);

	return clamp_t(u64, rto, MYTCP_RTO_MIN_US, MYTCP_RTO_MAX_US);
}

/**
 * mytcp_rtt_init - start an estimator with no sample
 * @r: the estimator
 *
 * RFC 6298 2.1: until the first RTT measurement, RTO is 1 second.
 */
void mytcp_rtt_init(struct mytcp_rtt *r)
{
	r->srtt_us = 0;
	r->rttvar_us = 0;
	r->rto_us = MYTCP_RTO_INIT_US;
	r->backoff = 0;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rtt_init);

/**
 * mytcp_rtt_sample - take one round-trip measurement into account
 * @r: the estimator
 * @rtt_us: the measured round-trip time R, microseconds; the caller has
 *	applied Karn's rule (RFC 6298 3) already
 *
 * The first sample sets SRTT = R and RTTVAR = R/2 (RFC 6298 2.2); later
 * ones update RTTVAR with beta = 1/4 from the old SRTT, then SRTT with
 * alpha = 1/8 (RFC 6298 2.3, in that order). Both recompute
 * RTO = SRTT + max(G, 4 * RTTVAR), clamped to [MYTCP_RTO_MIN_US,
 * MYTCP_RTO_MAX_US]. A sample of 0 counts as 1 us so that @srtt_us == 0
 * keeps meaning "no sample yet". A new sample ends any backoff: RFC 6298 5,
 * the note after 5.7: a new measurement recomputes RTO, "collapsing" it
 * back down after exponential backoff.
 */
void mytcp_rtt_sample(struct mytcp_rtt *r, u32 rtt_us)
{
	u32 delta;

	rtt_us = max(rtt_us, 1U);
	if (!r->srtt_us) {
		/* RFC 6298 2.2: the first measurement. */
		r->srtt_us = rtt_us;
		r->rttvar_us = rtt_us / 2;
	} else {
		/* RFC 6298 2.3: RTTVAR first, with the SRTT before update. */
		delta = r->srtt_us > rtt_us ? r->srtt_us - rtt_us :
					      rtt_us - r->srtt_us;
		r->rttvar_us = (3ULL * r->rttvar_us + delta) / 4;
		r->srtt_us = (7ULL * r->srtt_us + rtt_us) / 8;
		/* Truncation may take a 1 us SRTT down to 0; keep it a sample. */
		r->srtt_us = max(r->srtt_us, 1U);
	}
	r->rto_us = mytcp_rtt_compute_rto(r->srtt_us, r->rttvar_us);
	r->backoff = 0;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rtt_sample);

/**
 * mytcp_rtt_timeout_us - how long the retransmission timer runs
 * @r: the estimator
 *
 * RFC 6298 5.5: each expiry doubles the timeout; 2.5: it never exceeds
 * the maximum.
 *
 * Return: min(@r->rto_us << @r->backoff, MYTCP_RTO_MAX_US), microseconds.
 */
u32 mytcp_rtt_timeout_us(const struct mytcp_rtt *r)
{
	u64 t;

	/* rto_us < 2^27, so any shift below 32 fits in 64 bits. */
	if (r->backoff >= 32)
		return MYTCP_RTO_MAX_US;
	t = (u64)r->rto_us << r->backoff;
	return min_t(u64, t, MYTCP_RTO_MAX_US);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rtt_timeout_us);

/**
 * mytcp_rtt_backoff - the retransmission timer expired: back off
 * @r: the estimator
 *
 * RFC 6298 5.5: RTO <- RTO * 2, with 2.5's maximum as the upper bound.
 * Once the timeout has reached MYTCP_RTO_MAX_US the backoff count stops
 * growing, so it cannot wrap however often the timer fires.
 */
void mytcp_rtt_backoff(struct mytcp_rtt *r)
{
	if (mytcp_rtt_timeout_us(r) < MYTCP_RTO_MAX_US)
		r->backoff++;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rtt_backoff);

/**
 * mytcp_rtt_fallback - the handshake lost a SYN and gave no sample
 * @r: the estimator, with no sample yet
 *
 * RFC 6298 5.7: the timer expired waiting for the ACK of a SYN, and the
 * implementation uses an RTO below 3 s (2.1's 1 s): when data transmission
 * begins, the RTO is re-initialised to 3 s, with no backoff. The first
 * sample then sets SRTT and RTTVAR as 2.2 says.
 */
void mytcp_rtt_fallback(struct mytcp_rtt *r)
{
	r->rto_us = MYTCP_RTO_FALLBACK_US;
	r->backoff = 0;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rtt_fallback);
