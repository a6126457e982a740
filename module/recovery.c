// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: NewReno loss recovery, RFC 5681 3.2 as modified by RFC 6582 3.2,
 * and with SACK RFC 6675 5.1's rule for starting a new recovery (pure, no
 * socket).
 *
 * Owns: the duplicate-ACK count, fast retransmit, fast recovery's window
 * inflation and partial-ACK deflation, the exit on a full acknowledgment,
 * and "recover". The reductions themselves are the congestion-control
 * algorithm's (struct mytcp_cc_ops).
 *
 * Sequence numbers compare modulo 2^32 with before()/after().
 */
#include <linux/export.h>
#include <linux/limits.h>
#include <net/tcp.h>
#include <kunit/visibility.h>

#include "recovery.h"

/**
 * mytcp_recovery_init - loss-recovery state of a new connection
 * @rec: the state
 * @iss: the connection's initial send sequence number
 * @sack: both ends agreed to SACK (RFC 2018)
 *
 * RFC 6582 3.2 step 1: recover starts at the ISS. Stored in @rec->recover's
 * convention (one past the highest sequence number sent) the RFC's value
 * would be ISS + 1, and the first data segment, whose duplicate ACKs carry
 * ISS + 1, could then never be fast-retransmitted; mytcp stores the ISS
 * itself, so only the SYN counts as sent before the first loss.
 */
void mytcp_recovery_init(struct mytcp_recovery *rec, u32 iss, bool sack)
{
	rec->dupacks = 0;
	rec->in_recovery = false;
	rec->recover = iss;
	rec->sack = sack;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_recovery_init);

/* An ACK of @newly bytes of new data in fast recovery, short of recover. */
static void mytcp_recovery_partial(struct mytcp_cc *cc, u32 newly)
{
	u64 wnd = cc->cwnd;

	/*
	 * RFC 6582 3.2 step 3, partial acknowledgment: deflate cwnd by the
	 * newly acknowledged bytes; if they are at least one SMSS, add one
	 * SMSS back for the retransmitted segment that left the network.
	 * Never below one SMSS, so a segment can always go out.
	 */
	if (newly >= cc->mss)
		wnd += cc->mss;
	wnd = wnd > newly ? wnd - newly : 0;
	cc->cwnd = clamp_t(u64, wnd, cc->mss, MYTCP_CC_CWND_MAX);
}

/**
 * mytcp_recovery_on_ack - feed one incoming ACK to loss recovery
 * @rec: the connection's loss-recovery state
 * @cc: the connection's congestion-control state, updated through @ops
 * @ops: the connection's congestion-control algorithm
 * @ack: SEG.ACK; acceptable (mytcp_ack_acceptable()) or equal to @snd_una
 * @snd_una: SND.UNA before this ACK is applied
 * @snd_nxt: one past the highest sequence number sent so far (SND.NXT, or
 *	the highest it reached if it was wound back to retransmit)
 * @is_duplicate: the ACK is a duplicate by RFC 5681 2's definition
 * @flight_bytes: bytes outstanding once this ACK is applied (FlightSize;
 *	SND.NXT - SEG.ACK without SACK)
 * @clk: the time and the smoothed RTT, for @ops->on_ack
 *
 * An ACK of new data outside recovery grows the window (@ops->on_ack) if
 * at least half of it was in use (by one SMSS at most after a timeout),
 * and clears the duplicate count. Duplicates one and two allow limited
 * transmit (RFC 5681 3.2 step 1). The third enters fast retransmit and
 * recovery (@ops->on_enter_recovery) only if @ack covers more than recover
 * (RFC 6582 3.2 step 2; with SACK, if it reaches recover, RFC 6675 5.1),
 * and then records SND.NXT in recover. In recovery,
 * each further duplicate inflates cwnd by one SMSS (RFC 5681 3.2 step 4);
 * an ACK of new data short of recover is a partial ACK: the first
 * unacknowledged segment is retransmitted and cwnd deflated (RFC 6582 3.2
 * step 3); one reaching recover is a full acknowledgment and ends recovery
 * (@ops->on_exit_recovery, same step). An ACK that is neither new nor a
 * duplicate (a window update, an old ACK) changes nothing.
 *
 * Return: what the caller sends, see &enum mytcp_rec_action.
 */
enum mytcp_rec_action
mytcp_recovery_on_ack(struct mytcp_recovery *rec, struct mytcp_cc *cc,
		      const struct mytcp_cc_ops *ops, u32 ack, u32 snd_una,
		      u32 snd_nxt, bool is_duplicate, u32 flight_bytes,
		      const struct mytcp_cc_clock *clk)
{
	if (after(ack, snd_una)) {
		u32 acked = ack - snd_una;

		rec->dupacks = 0;
		if (!rec->in_recovery) {
			/*
			 * RFC 3465 2.3: after a timeout (what was outstanding
			 * then, up to recover, not yet all acknowledged), slow
			 * start grows by one SMSS per ACK at most: going back
			 * to SND.UNA resends data the peer may hold, and one
			 * ACK of it all would let a burst of that size go.
			 */
			if (before(snd_una, rec->recover))
				acked = min(acked, cc->mss);
			/*
			 * Past recover already: move it up behind the ACK. No
			 * decision changes (later ACKs still cover more than
			 * it), and recover never falls 2^31 behind SND.UNA,
			 * where after() would turn around and forbid fast
			 * retransmit for the next 2 GiB.
			 */
			if (after(ack, rec->recover))
				rec->recover = ack - 1;
			/*
			 * RFC 7661 4.3: cwnd grows only while it is used, here
			 * while at least half of it was in flight when the ACK
			 * came (as Linux TCP's tcp_is_cwnd_limited() in slow
			 * start). A sender held back by the application or by
			 * the peer's window would otherwise grow cwnd by every
			 * byte acknowledged, without bound, and burst it out
			 * once the limit went.
			 */
			if (2ULL * (snd_nxt - snd_una) >= cc->cwnd)
				ops->on_ack(cc, acked, clk);
			return MYTCP_REC_NONE;
		}
		if (!before(ack, rec->recover)) {
			/* RFC 6582 3.2 step 3: full acknowledgment. */
			rec->in_recovery = false;
			ops->on_exit_recovery(cc, flight_bytes);
			return MYTCP_REC_NONE;
		}
		mytcp_recovery_partial(cc, acked);
		return MYTCP_REC_RETRANSMIT_FIRST;
	}
	if (!is_duplicate)
		return MYTCP_REC_NONE;

	if (rec->dupacks < U32_MAX)
		rec->dupacks++;
	if (rec->in_recovery) {
		/* RFC 5681 3.2 step 4: one more segment left the network. */
		cc->cwnd = mytcp_cc_add(cc->cwnd, cc->mss);
		return MYTCP_REC_NONE;
	}
	if (rec->dupacks < MYTCP_DUPACK_THRESH)
		return MYTCP_REC_LIMITED_TRANSMIT;
	if (rec->dupacks > MYTCP_DUPACK_THRESH)
		return MYTCP_REC_NONE;
	/*
	 * RFC 6582 3.2 step 2: on the third duplicate, enter fast retransmit
	 * only if the ACK covers more than recover, i.e. acknowledges at
	 * least one byte past what was outstanding at the last fast
	 * retransmit or timeout. If not, ssthresh is left alone: these
	 * duplicates may come from the same loss event, or from needless
	 * retransmissions after a timeout (RFC 6582 4).
	 *
	 * With SACK the rule is RFC 6675's: a new recovery may start once
	 * HighACK >= RecoveryPoint (5.1), i.e. once the ACK has reached
	 * recover; losses among the segments sent after it are a new event.
	 * Duplicates at exactly recover after a full acknowledgment are the
	 * common case: everything sent before the last recovery arrived,
	 * and a segment sent during it was lost. NewReno's rule made them
	 * wait for the retransmission timeout (seen at 1 % loss: most of
	 * the timeouts of a 256 MiB transfer).
	 */
	if (rec->sack ? before(ack, rec->recover) : !after(ack, rec->recover))
		return MYTCP_REC_NONE;
	rec->recover = snd_nxt;
	rec->in_recovery = true;
	/* RFC 5681 3.2 steps 2 and 3, through the algorithm. */
	ops->on_enter_recovery(cc, flight_bytes);
	return MYTCP_REC_RETRANSMIT_FIRST;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_recovery_on_ack);

/**
 * mytcp_recovery_on_timeout - the retransmission timer expired
 * @rec: the connection's loss-recovery state
 * @cc: the connection's congestion-control state, updated through @ops
 * @ops: the connection's congestion-control algorithm
 * @snd_nxt: one past the highest sequence number sent so far, taken
 *	before SND.NXT is wound back to retransmit
 * @flight_bytes: bytes outstanding when the timer expired (FlightSize)
 * @repeated: the timer expired before and no ACK of new data came since
 *	(the first unacknowledged segment was resent by the timer already)
 *
 * RFC 6582 3.2 step 4: record the highest sequence number transmitted in
 * recover and leave fast recovery if in it. RFC 6582 4 gives the reason:
 * after the timeout the sender retransmits segments the receiver may
 * already hold, and the duplicate ACKs those provoke must not start a fast
 * retransmit (and a second window reduction) until an ACK covers more than
 * recover. The window itself is reduced by @ops->on_timeout, once per
 * episode: RFC 5681 3.1 (after eq. 4) holds ssthresh constant when the
 * segment has been retransmitted by the timer already, and a repeated
 * timeout, with little or nothing in flight after the first one wound
 * SND.NXT back, would otherwise drive ssthresh down to 2 SMSS and wipe
 * the algorithm's memory of the window (CUBIC's W_max and cwnd_prior).
 * cwnd stays at the loss window.
 */
void mytcp_recovery_on_timeout(struct mytcp_recovery *rec, struct mytcp_cc *cc,
			       const struct mytcp_cc_ops *ops, u32 snd_nxt,
			       u32 flight_bytes, bool repeated)
{
	rec->recover = snd_nxt;
	rec->in_recovery = false;
	rec->dupacks = 0;
	if (repeated) {
		cc->cwnd = cc->mss;
		cc->acked_acc = 0;
		return;
	}
	ops->on_timeout(cc, flight_bytes);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_recovery_on_timeout);
