/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: what mytcp keeps in skb->cb for a segment it owns.
 *
 * Owns: struct mytcp_skb_cb. Once the hook has stolen an skb (or output has
 * built one) the control buffer is mytcp's; IPCB is no longer used.
 *
 * Convention for queued segments: on the receive side (receive queue,
 * out-of-order queue) skb->data points at the payload and skb->len is its
 * length; on the send side (write queue) the skb holds only payload too
 * (in page fragments, up to one GSO super-segment's worth: many segments),
 * and headers are built at each transmission.
 */
#ifndef _MYTCP_SKBCB_H
#define _MYTCP_SKBCB_H

#include <linux/build_bug.h>
#include <linux/skbuff.h>

/* Bits of &struct mytcp_skb_cb.sacked. */
#define MYTCP_SKB_SACKED	BIT(0)	/* the peer holds it (RFC 2018) */
#define MYTCP_SKB_RETRANS	BIT(1)	/* sent more than once (Karn) */
#define MYTCP_SKB_LOST		BIT(2)	/* marked lost by recovery */

/**
 * struct mytcp_skb_cb - per-segment control data
 * @seq: sequence number of the first byte (or of the SYN)
 * @end_seq: @seq + payload length + 1 for SYN + 1 for FIN
 * @tcp_flags: the segment's TCP flags (TCPHDR_* bits)
 * @sacked: MYTCP_SKB_* bits (send side)
 * @sent_us: when it was last sent, in microseconds (send side)
 */
struct mytcp_skb_cb {
	u32 seq;
	u32 end_seq;
	u8 tcp_flags;
	u8 sacked;
	u64 sent_us;
};

/**
 * MYTCP_SKB_CB - the mytcp control block of an skb
 * @skb: an skb owned by mytcp
 */
#define MYTCP_SKB_CB(skb) ((struct mytcp_skb_cb *)&((skb)->cb[0]))

static inline void mytcp_skb_cb_check(void)
{
	BUILD_BUG_ON(sizeof(struct mytcp_skb_cb) > sizeof_field(struct sk_buff, cb));
}

#endif /* _MYTCP_SKBCB_H */
