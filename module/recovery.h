/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: NewReno loss recovery (RFC 5681 3.2, RFC 6582; with SACK, RFC
 * 6675 5.1's rule for a new recovery), a pure state machine the ACK path
 * and the retransmission timer call.
 *
 * Owns: counting duplicate ACKs, deciding when to fast-retransmit, the
 * fast-recovery episode (entry, window inflation, partial and full
 * acknowledgments), and the "recover" point that keeps one loss event from
 * reducing the window twice. Window changes go through the congestion
 * control ops (cc.h).
 *
 * What the caller owns:
 *  - Deciding whether an ACK is a duplicate: RFC 5681 2's definition (data
 *    outstanding, no data and no SYN/FIN in the ACK, SEG.ACK = SND.UNA, the
 *    advertised window unchanged, ...).
 *  - Sending: the action returned says what to retransmit; new data is
 *    sent whenever cwnd (and the peer's window) allow.
 *  - The retransmission timer: RFC 6298 5.3 restarts it on every ACK of new
 *    data, which includes the first partial ACK of an episode (RFC 6582 3.2
 *    step 3 asks for that one).
 *  - Calling mytcp_recovery_on_timeout() when the timer expires.
 */
#ifndef _MYTCP_RECOVERY_H
#define _MYTCP_RECOVERY_H

#include <linux/types.h>

#include "cc.h"

/* RFC 5681 3.2: the third duplicate ACK signals a loss. */
#define MYTCP_DUPACK_THRESH	3

/**
 * struct mytcp_recovery - loss-recovery state of one connection
 * @dupacks: duplicate ACKs counted since SND.UNA last advanced
 * @in_recovery: in fast recovery (between fast retransmit and the full
 *	acknowledgment, or a retransmission timeout)
 * @sack: the connection uses SACK: a new recovery may start once the
 *	cumulative ACK reaches @recover (RFC 6675 5.1), not only past it
 * @recover: RFC 6582's "recover", kept as one past the highest sequence
 *	number sent when it was recorded (SND.NXT then). The RFC's recover is
 *	this minus one: an ACK "covers more than recover" when it is after
 *	@recover, and acknowledges "all of the data up to and including
 *	recover" when it is not before @recover.
 */
struct mytcp_recovery {
	u32 dupacks;
	bool in_recovery;
	bool sack;
	u32 recover;
};

/**
 * enum mytcp_rec_action - what the caller does after an ACK
 * @MYTCP_REC_NONE: nothing more than usual: send new data as far as cwnd
 *	and the peer's window allow
 * @MYTCP_REC_LIMITED_TRANSMIT: first or second duplicate ACK: one segment
 *	of new data may be sent even beyond cwnd, as long as no more than
 *	cwnd + 2 * SMSS is outstanding afterwards and the peer's window
 *	allows it (RFC 5681 3.2 step 1, RFC 3042); cwnd is unchanged
 * @MYTCP_REC_RETRANSMIT_FIRST: retransmit the first unacknowledged segment
 *	(the one at SND.UNA) now, then send new data as cwnd allows. Returned
 *	on fast retransmit and on each partial ACK.
 */
enum mytcp_rec_action {
	MYTCP_REC_NONE,
	MYTCP_REC_LIMITED_TRANSMIT,
	MYTCP_REC_RETRANSMIT_FIRST,
};

void mytcp_recovery_init(struct mytcp_recovery *rec, u32 iss, bool sack);
enum mytcp_rec_action
mytcp_recovery_on_ack(struct mytcp_recovery *rec, struct mytcp_cc *cc,
		      const struct mytcp_cc_ops *ops, u32 ack, u32 snd_una,
		      u32 snd_nxt, bool is_duplicate, u32 flight_bytes,
		      const struct mytcp_cc_clock *clk);
void mytcp_recovery_on_timeout(struct mytcp_recovery *rec, struct mytcp_cc *cc,
			       const struct mytcp_cc_ops *ops, u32 snd_nxt,
			       u32 flight_bytes, bool repeated);

#endif /* _MYTCP_RECOVERY_H */
