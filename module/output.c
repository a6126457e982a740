// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: everything that leaves: building segments and handing them to IP.
 *
 * Owns: the TCP and IP headers of outgoing segments, the choice between
 * checksum offload and software checksum, routing, the receive window we
 * advertise, and deciding what of the write queue may be sent now (peer's
 * window, congestion window, Nagle).
 *
 * Segments are built fresh for every (re)transmission from the payload-only
 * skbs of the write queue, and sent with ip_local_out(net, NULL, skb): mytcp
 * sockets are not inet sockets, so IP must not look at the socket. A
 * write-queue skb holds up to one GSO super-segment of payload in page
 * fragments (sendmsg copies it there once); a transmission takes references
 * to those pages, never a copy, and is cut to the windows on segment
 * boundaries (mytcp_split()) at the moment it goes. The headers go in a
 * small skb of their own, and GSO (or the device) cuts the segments.
 * Owns also the write queue's shape: cutting (mytcp_split(),
 * mytcp_sack_cut()) and trimming what was acknowledged (mytcp_trim_head()).
 */
#include <kunit/visibility.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/tcp.h>

#include "csum.h"
#include "mytcp.h"
#include "options.h"
#include "sack.h"
#include "segment.h"
#include "skbcb.h"
#include "mytcp_trace.h"

/**
 * struct mytcp_out - one segment to send
 * @saddr: source address; 0 lets the route choose
 * @daddr: destination address
 * @sport: source port
 * @dport: destination port
 * @seq: sequence number
 * @ack: acknowledgment number (used if @flags has ACK)
 * @flags: TCP flags
 * @window: the window field, already scaled down
 * @opts: option bytes (a multiple of 4), or NULL
 * @olen: length of @opts
 * @data: payload source: the first of @dlen bytes in consecutive skbs of
 *	the write queue, or NULL
 * @dlen: payload bytes
 * @gso_size: payload per wire segment when @dlen is larger (GSO), else 0
 * @oif: output interface (SO_BINDTODEVICE), or 0
 * @mark: skb mark (SO_MARK)
 * @priority: skb priority (SO_PRIORITY)
 * @confirm: the peer acknowledged new data since our last segment: the
 *	route's neighbour is reachable (its entry is confirmed on the way
 *	out, no ARP probe needed)
 */
struct mytcp_out {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	u32 seq;
	u32 ack;
	u8 flags;
	u16 window;
	const u8 *opts;
	unsigned int olen;
	const struct sk_buff *data;
	unsigned int dlen;
	unsigned int gso_size;
	int oif;
	u32 mark;
	u32 priority;
	bool confirm;
};

static struct rtable *mytcp_route(struct net *net, struct flowi4 *fl4,
				  __be32 saddr, __be32 daddr, __be16 sport,
				  __be16 dport, int oif, u32 mark)
{
	memset(fl4, 0, sizeof(*fl4));
	fl4->daddr = daddr;
	fl4->saddr = saddr;
	fl4->flowi4_oif = oif;
	fl4->flowi4_mark = mark;
	fl4->flowi4_proto = IPPROTO_TCP;
	fl4->fl4_sport = sport;
	fl4->fl4_dport = dport;
	return ip_route_output_key(net, fl4);
}

/* How many segments on the wire @o makes (GSO cuts it at o->gso_size). */
static unsigned int mytcp_out_segs(const struct mytcp_out *o)
{
	return o->gso_size && o->dlen > o->gso_size ?
	       DIV_ROUND_UP(o->dlen, o->gso_size) : 1;
}

/*
 * Copy @len payload bytes to @to from @skb and the skbs after it in the
 * write queue (the caller holds the socket lock, so the queue is still).
 */
static int mytcp_copy_payload(const struct sk_buff *skb, u8 *to,
			      unsigned int len)
{
	while (len) {
		unsigned int n = min(len, skb->len);

		if (skb_copy_bits(skb, 0, to, n))
			return -EFAULT;
		to += n;
		len -= n;
		skb = skb->next;
	}
	return 0;
}

/* True if fragment @b starts where @a ends, in the same page. */
static bool mytcp_frag_follows(const skb_frag_t *a, const skb_frag_t *b)
{
	return skb_frag_page(a) == skb_frag_page(b) &&
	       skb_frag_off(a) + skb_frag_size(a) == skb_frag_off(b);
}

/*
 * How many fragments @skb adds to a segment built from the skbs before it
 * whose last fragment is *@last; *@last becomes @skb's last. An skb with
 * linear payload cannot be referenced: U16_MAX.
 */
static unsigned int mytcp_frags_added(const struct sk_buff *skb,
				      const skb_frag_t **last)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int n = sh->nr_frags;

	if (skb_headlen(skb))
		return U16_MAX;
	if (!n)
		return 0;
	if (*last && mytcp_frag_follows(*last, &sh->frags[0]))
		n--;
	*last = &sh->frags[sh->nr_frags - 1];
	return n;
}

/*
 * Make @to's payload the first @len bytes of @skb and the write-queue skbs
 * after it, all page fragments, by reference (no copy: each fragment's
 * page gets a reference, as a clone's would). Adjacent pieces of one page
 * become one fragment. Return: 0, or -EMSGSIZE if they need more than
 * MAX_SKB_FRAGS fragments or one has linear payload.
 */
static int mytcp_ref_payload(struct sk_buff *to, const struct sk_buff *skb,
			     unsigned int len)
{
	struct skb_shared_info *dst = skb_shinfo(to);

	while (len) {
		const struct skb_shared_info *sh = skb_shinfo(skb);
		int f;

		if (skb_headlen(skb))
			return -EMSGSIZE;
		for (f = 0; f < sh->nr_frags && len; f++) {
			const skb_frag_t *frag = &sh->frags[f];
			unsigned int n = min(len, skb_frag_size(frag));
			int i = dst->nr_frags;

			if (i && mytcp_frag_follows(&dst->frags[i - 1], frag)) {
				skb_frag_size_add(&dst->frags[i - 1], n);
			} else {
				if (i >= MAX_SKB_FRAGS)
					return -EMSGSIZE;
				get_page(skb_frag_page(frag));
				skb_fill_page_desc(to, i, skb_frag_page(frag),
						   skb_frag_off(frag), n);
			}
			skb_len_add(to, n);
			len -= n;
		}
		skb = skb->next;
	}
	return 0;
}

/*
 * An skb for @o's headers and payload: the payload's pages referenced
 * where the write queue holds it in page fragments, else copied.
 */
static struct sk_buff *mytcp_out_skb(struct net *net,
				     const struct mytcp_out *o,
				     unsigned int dlen, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(MAX_TCP_HEADER, gfp);

	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_TCP_HEADER);
	if (!dlen || !mytcp_ref_payload(skb, o->data, dlen))
		return skb;
	/* Linear payload, or too many fragments: one copy instead. */
	MYTCP_INC_STATS(net, OUT_PAYLOAD_COPIED);
	kfree_skb(skb);
	skb = alloc_skb(MAX_TCP_HEADER + dlen, gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_TCP_HEADER);
	if (mytcp_copy_payload(o->data, skb_put(skb, dlen), dlen)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/*
 * Build and send one segment, or with o->gso_size one GSO super-segment
 * that the stack (or the device) cuts into o->gso_size pieces, each with
 * the same header and its own sequence number and checksum.
 * Return: 0 or a negative errno.
 */
static int mytcp_xmit_out(struct net *net, const struct mytcp_out *o, gfp_t gfp)
{
	unsigned int dlen = o->data ? o->dlen : 0;
	unsigned int tlen = sizeof(struct tcphdr) + o->olen + dlen;
	unsigned int segs = mytcp_out_segs(o);
	bool offload;
	struct net_device *dev;
	struct sk_buff *skb;
	struct flowi4 fl4;
	struct tcphdr *th;
	struct iphdr *iph;
	struct rtable *rt;
	int err;

	rt = mytcp_route(net, &fl4, o->saddr, o->daddr, o->sport, o->dport,
			 o->oif, o->mark);
	if (IS_ERR(rt)) {
		MYTCP_INC_STATS(net, OUT_NO_ROUTES);
		return PTR_ERR(rt);
	}
	skb = mytcp_out_skb(net, o, dlen, gfp);
	if (!skb) {
		ip_rt_put(rt);
		return -ENOBUFS;
	}
	th = skb_push(skb, sizeof(*th) + o->olen);
	skb_reset_transport_header(skb);
	memset(th, 0, sizeof(*th));
	th->source = o->sport;
	th->dest = o->dport;
	th->seq = htonl(o->seq);
	th->ack_seq = (o->flags & TCPHDR_ACK) ? htonl(o->ack) : 0;
	th->doff = (sizeof(*th) + o->olen) / 4;
	((u8 *)th)[13] = o->flags;
	th->window = htons(o->window);
	if (o->olen)
		memcpy(th + 1, o->opts, o->olen);

	/*
	 * RFC 9293 3.1: the checksum covers pseudo-header, header and data.
	 * Let the device compute it where it can, else do it here.
	 */
	dev = rt->dst.dev;
	offload = dev->features & (NETIF_F_HW_CSUM | NETIF_F_IP_CSUM);
	if (segs > 1) {
		/*
		 * GSO: one header for many segments. The checksum stays
		 * partial; where the device cannot finish it, the stack's
		 * segmentation computes each segment's in software.
		 */
		skb_shinfo(skb)->gso_size = o->gso_size;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
		skb_shinfo(skb)->gso_segs = segs;
	}
	if (segs > 1 || offload) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct tcphdr, check);
		th->check = ~tcp_v4_check(tlen, fl4.saddr, o->daddr, 0);
	} else {
		skb->ip_summed = CHECKSUM_NONE;
		th->check = mytcp_csum_skb(skb, 0, fl4.saddr, o->daddr);
	}
	if (offload)
		MYTCP_ADD_STATS(net, OUT_CSUM_OFFLOAD, segs);
	else
		MYTCP_ADD_STATS(net, OUT_CSUM_SOFTWARE, segs);

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = 0;
	/* DF: path MTU discovery; the ID of an atomic datagram is unused (RFC 6864). */
	iph->frag_off = htons(IP_DF);
	iph->id = 0;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	iph->protocol = IPPROTO_TCP;
	iph->saddr = fl4.saddr;
	iph->daddr = o->daddr;
	skb->protocol = htons(ETH_P_IP);
	skb->priority = o->priority;
	skb->mark = o->mark;
	skb_dst_set(skb, &rt->dst);
	skb_set_dst_pending_confirm(skb, o->confirm);

	MYTCP_ADD_STATS(net, OUT_SEGS, segs);
	if (o->flags & TCPHDR_RST) {
		MYTCP_INC_STATS(net, OUT_RSTS);
		trace_mytcp_send_reset(fl4.saddr, o->sport, o->daddr, o->dport,
				       o->seq);
	}
	err = ip_local_out(net, NULL, skb);
	return net_xmit_eval(err);
}

/* The window field of a segment we send (RFC 7323 2.2: never scaled on SYN). */
static u16 mytcp_window_field(struct mytcp_sock *ms, u8 flags)
{
	u32 wnd = mytcp_rcv_window(&ms->sk);

	ms->rcv_wnd = wnd;
	ms->rcv_wup = ms->rcv_nxt;
	if (flags & TCPHDR_SYN)
		return min_t(u32, wnd, U16_MAX);
	return min_t(u32, wnd >> ms->rcv_wscale, U16_MAX);
}

/**
 * mytcp_ts_now - our timestamp clock for TSval: milliseconds, offset per
 *	connection (RFC 7323 5.4: not guessable across connections)
 * @ms: the connection
 *
 * Return: the TSval to send now.
 */
u32 mytcp_ts_now(const struct mytcp_sock *ms)
{
	return (u32)div_u64(ktime_get_ns(), NSEC_PER_MSEC) + ms->ts_offset;
}

/*
 * SYN options: MSS, window scale, SACK-permitted and timestamps. On a
 * SYN-ACK only what the peer offered (RFC 7323 1.3 and 3.2, RFC 2018 2).
 */
static unsigned int mytcp_syn_options(struct mytcp_sock *ms, u8 *p)
{
	bool synack = ms->sk.sk_state == TCP_SYN_RECV;
	struct mytcp_options o = {
		.present = MYTCP_OPT_MSS,
		.mss = ms->advmss,
		.wscale = ms->rcv_wscale,
		.tsval = mytcp_ts_now(ms),
		.tsecr = synack ? ms->ts_recent : 0,
	};

	if (!synack || ms->wscale_ok)
		o.present |= MYTCP_OPT_WSCALE;
	if (!synack || ms->sack_ok)
		o.present |= MYTCP_OPT_SACK_PERM;
	if (!synack || ms->ts_ok)
		o.present |= MYTCP_OPT_TS;
	return mytcp_write_options(p, &o);
}

/*
 * Options of a segment after the SYNs: timestamps when agreed (RFC 7323
 * 3.2: then on every segment), and on a segment without data, SACK blocks
 * while data sits in the out-of-order queue (RFC 2018 3-4, newest first),
 * after @dsack if given: a D-SACK block, first (RFC 2883 4).
 * Data segments carry no SACK blocks: their size was fixed by the MSS.
 * Return: option bytes.
 */
static unsigned int mytcp_ack_options(struct mytcp_sock *ms, u8 *p,
				      bool data,
				      const struct mytcp_sack_block *dsack)
{
	struct mytcp_options o = { };
	int n = 0, m;

	if (ms->ts_ok) {
		o.present |= MYTCP_OPT_TS;
		o.tsval = mytcp_ts_now(ms);
		o.tsecr = ms->ts_recent;
	}
	if (!data && ms->sack_ok) {
		if (dsack)
			o.sacks[n++] = *dsack;
		if (ms->ooo.nr_skbs) {
			m = mytcp_ooo_sack_blocks(&ms->ooo, ms->rcv_nxt,
						  o.sacks + n,
						  MYTCP_MAX_SACK_BLOCKS - n);
			if (m > 0)
				n += m;
		}
		if (n) {
			o.present |= MYTCP_OPT_SACK;
			o.num_sacks = n;
		}
	}
	return o.present ? mytcp_write_options(p, &o) : 0;
}

static void mytcp_fill_out(struct sock *sk, struct mytcp_out *o, u32 seq,
			   u8 flags)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	memset(o, 0, sizeof(*o));
	o->saddr = ms->saddr;
	o->daddr = ms->daddr;
	o->sport = ms->sport;
	o->dport = ms->dport;
	o->seq = seq;
	o->ack = ms->rcv_nxt;
	o->flags = flags;
	o->oif = sk->sk_bound_dev_if;
	o->mark = sk->sk_mark;
	o->priority = sk->sk_priority;
	o->window = (flags & TCPHDR_RST) ? 0 : mytcp_window_field(ms, flags);
	/*
	 * Upper-layer reachability confirmation (RFC 4861 7.3.1, the
	 * same for ARP): an ACK of new data proved the path works both
	 * ways. Without it the neighbour entry went stale every 15-45 s
	 * and was probed with ARP, which a lossy link can lose until the
	 * entry fails and segments are dropped before they leave.
	 */
	o->confirm = READ_ONCE(sk->sk_dst_pending_confirm);
	if (o->confirm)
		WRITE_ONCE(sk->sk_dst_pending_confirm, 0);
}

/*
 * @segs segments with @dlen payload bytes in all left at @now
 * (ktime_get_ns(); only read with payload): the connection's own counters.
 */
static void mytcp_count_out(struct mytcp_sock *ms, unsigned int dlen,
			    unsigned int segs, u64 now)
{
	ms->stats.segs_out += segs;
	if (!dlen)
		return;
	ms->stats.data_segs_out += segs;
	ms->stats.bytes_sent += dlen;
	ms->stats.last_data_sent_ns = now;
	/*
	 * Data that answers data within the delayed-ACK time: the
	 * connection is interactive, and small segments' ACKs may wait for
	 * the answer (see mytcp_rcv_established()).
	 */
	if (now - ms->stats.last_data_recv_ns < MYTCP_DELACK_NS)
		ms->pingpong = true;
}

/*
 * Send one queued skb (SYN, data or FIN), or, with @dlen past skb->len,
 * the payload of @skb and the full-sized data skbs after it as one GSO
 * super-segment (o.gso_size = MSS).
 */
static int mytcp_xmit_skb(struct sock *sk, struct sk_buff *skb,
			  unsigned int dlen, gfp_t gfp)
{
	struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_out o;
	u8 opts[MAX_TCP_OPTION_SPACE];
	u8 flags = cb->tcp_flags;
	u64 now;
	int err;

	/* Every segment after the initial SYN carries an ACK (RFC 9293 3.10.7). */
	if (sk->sk_state != TCP_SYN_SENT)
		flags |= TCPHDR_ACK;
	mytcp_fill_out(sk, &o, cb->seq, flags);
	if (flags & TCPHDR_SYN)
		o.olen = mytcp_syn_options(ms, opts);
	else if (flags & TCPHDR_ACK)
		o.olen = mytcp_ack_options(ms, opts, skb->len, NULL);
	o.opts = opts;
	if (dlen) {
		o.data = skb;
		o.dlen = dlen;
		if (dlen > ms->mss)
			o.gso_size = ms->mss;
		/* The last of what the user wrote goes with PSH. */
		if (cb->seq + dlen ==
		    MYTCP_SKB_CB(skb_peek_tail(&sk->sk_write_queue))->end_seq)
			o.flags |= TCPHDR_PSH;
	}
	now = ktime_get_ns();
	cb->sent_us = div_u64(now, NSEC_PER_USEC);
	/* Its last segment is short: what Nagle watches (mytcp_push()). */
	if (dlen % ms->mss)
		ms->snd_sml = cb->seq + dlen;
	if (flags & TCPHDR_ACK) {
		ms->ack_pending = 0;
		mytcp_timer_cancel(sk, &ms->delack_timer);
	}
	err = mytcp_xmit_out(sock_net(sk), &o, gfp);
	if (!err)
		mytcp_count_out(ms, dlen, mytcp_out_segs(&o), now);
	return err;
}

/* mytcp_send_ctl(), with a D-SACK block first in an ACK's options. */
static int mytcp_send_ctl_dsack(struct sock *sk, u8 flags, u32 seq,
				const struct mytcp_sack_block *dsack)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u8 opts[MAX_TCP_OPTION_SPACE];
	struct mytcp_out o;
	int err;

	mytcp_fill_out(sk, &o, seq, flags);
	if (flags & TCPHDR_ACK) {
		ms->ack_pending = 0;
		mytcp_timer_cancel(sk, &ms->delack_timer);
		if (!(flags & TCPHDR_RST)) {
			o.olen = mytcp_ack_options(ms, opts, false, dsack);
			o.opts = opts;
		}
	}
	err = mytcp_xmit_out(sock_net(sk), &o, GFP_ATOMIC);
	if (!err)
		mytcp_count_out(ms, 0, 1, 0);
	return err;
}

/**
 * mytcp_send_ctl - send a segment without data that is not retransmitted
 * @sk: the socket, locked
 * @flags: TCP flags (ACK, RST, ...)
 * @seq: its sequence number
 *
 * Return: 0 or a negative errno.
 */
int mytcp_send_ctl(struct sock *sk, u8 flags, u32 seq)
{
	return mytcp_send_ctl_dsack(sk, flags, seq, NULL);
}

/**
 * mytcp_send_dsack - acknowledge a duplicate: an ACK with a D-SACK block
 * @sk: the socket, locked; SACK in use
 * @start: first sequence number of the duplicate
 * @end: one past its last, not after RCV.NXT
 *
 * RFC 2883 4: the first SACK block of the ACK reports the duplicate, so
 * that the sender learns its retransmission was needless (RFC 8985 7.4:
 * a tail loss probe that repaired nothing; Linux TCP also undoes a window
 * reduction with it).
 *
 * Return: 0 or a negative errno.
 */
int mytcp_send_dsack(struct sock *sk, u32 start, u32 end)
{
	struct mytcp_sack_block b = { .start = start, .end = end };

	MYTCP_INC_STATS(sock_net(sk), DSACKS_SENT);
	return mytcp_send_ctl_dsack(sk, TCPHDR_ACK, mytcp_sk(sk)->snd_nxt, &b);
}

/**
 * mytcp_send_ack - acknowledge what has arrived: <SEQ=SND.NXT><ACK=RCV.NXT>
 * @sk: the socket, locked
 *
 * Return: 0 or a negative errno.
 */
int mytcp_send_ack(struct sock *sk)
{
	return mytcp_send_ctl(sk, TCPHDR_ACK, mytcp_sk(sk)->snd_nxt);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_send_ack);

/**
 * mytcp_send_active_reset - abort: send <SEQ=SND.NXT><CTL=RST>
 * @sk: the socket, locked
 *
 * RFC 9293 3.10.4 (ABORT) and 3.6: the reset of a connection we drop.
 */
void mytcp_send_active_reset(struct sock *sk)
{
	mytcp_send_ctl(sk, TCPHDR_RST | TCPHDR_ACK, mytcp_sk(sk)->snd_nxt);
}

/**
 * mytcp_send_reset_reply - answer a segment with a reset
 * @net: the namespace
 * @skb: the offending segment, its network and transport headers set and
 *	MYTCP_SKB_CB(skb)->end_seq filled in
 *
 * RFC 9293 3.10.7.1/3.10.7.2: if the segment has an ACK, <SEQ=SEG.ACK>
 * <CTL=RST>; otherwise <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never in
 * answer to a reset.
 *
 * Return: 0 or a negative errno.
 */
int mytcp_send_reset_reply(struct net *net, struct sk_buff *skb)
{
	const struct tcphdr *th = tcp_hdr(skb);
	const struct iphdr *iph = ip_hdr(skb);
	struct mytcp_out o = {
		.saddr = iph->daddr,
		.daddr = iph->saddr,
		.sport = th->dest,
		.dport = th->source,
	};

	if (th->rst)
		return 0;
	if (th->ack) {
		o.seq = ntohl(th->ack_seq);
		o.flags = TCPHDR_RST;
	} else {
		o.ack = MYTCP_SKB_CB(skb)->end_seq;
		o.flags = TCPHDR_RST | TCPHDR_ACK;
	}
	return mytcp_xmit_out(net, &o, GFP_ATOMIC);
}

/**
 * mytcp_write_new - a new, empty skb at the tail of the write queue
 * @sk: the socket, locked
 * @gfp: allocation flags
 *
 * Its sequence space starts (and, until the caller adds payload or a
 * SYN/FIN, ends) at write_seq; it is counted in sk_wmem_queued and becomes
 * send_head if nothing else waits to be sent.
 *
 * Return: the skb, or NULL without memory.
 */
struct sk_buff *mytcp_write_new(struct sock *sk, gfp_t gfp)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb = alloc_skb(0, gfp);

	if (!skb)
		return NULL;
	memset(MYTCP_SKB_CB(skb), 0, sizeof(struct mytcp_skb_cb));
	MYTCP_SKB_CB(skb)->seq = ms->write_seq;
	MYTCP_SKB_CB(skb)->end_seq = ms->write_seq;
	sk_wmem_queued_add(sk, skb->truesize);
	__skb_queue_tail(&sk->sk_write_queue, skb);
	if (!ms->send_head)
		ms->send_head = skb;
	return skb;
}

/**
 * mytcp_queue_ctl - queue a SYN or FIN to be sent (and retransmitted)
 * @sk: the socket, locked
 * @flags: TCPHDR_SYN or TCPHDR_FIN
 *
 * SYN and FIN take one sequence number each (RFC 9293 3.4), so they sit in
 * the write queue like data and are retransmitted like data.
 *
 * Return: 0 or -ENOBUFS.
 */
int mytcp_queue_ctl(struct sock *sk, u8 flags)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb = mytcp_write_new(sk, GFP_ATOMIC);
	struct mytcp_skb_cb *cb;

	if (!skb)
		return -ENOBUFS;
	cb = MYTCP_SKB_CB(skb);
	cb->end_seq = ms->write_seq + 1;
	cb->tcp_flags = flags;
	ms->write_seq++;
	if (flags & TCPHDR_FIN)
		ms->fin_queued = true;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_queue_ctl);

/* @skb went out again: mark it (Karn's rule, RFC 6298 3), count, trace. */
static void mytcp_count_retrans(struct sock *sk, struct sk_buff *skb,
				enum mytcp_rtx_reason why)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	MYTCP_SKB_CB(skb)->sacked |= MYTCP_SKB_RETRANS;
	ms->retrans_total++;
	ms->stats.bytes_retrans += skb->len;
	MYTCP_INC_STATS(sock_net(sk), RETRANS_SEGS);
	trace_mytcp_retransmit(sk, MYTCP_SKB_CB(skb)->seq, skb->len, why);
}

/*
 * How much new data from @skb on can go as one GSO super-segment: @skb and
 * the data skbs after it while each before the last holds whole segments
 * (GSO cuts at fixed sizes), all of them end within @limit (the window),
 * the total fits one IP datagram and MAX_SKB_FRAGS page fragments (when
 * the payload is paged), and a short last one is not held back by Nagle.
 */
static unsigned int mytcp_gso_len(struct sock *sk, struct sk_buff *skb,
				  u32 limit)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	const skb_frag_t *last = NULL;
	unsigned int len = skb->len;
	unsigned int frags = mytcp_frags_added(skb, &last);
	struct sk_buff *next;

	while (!(skb->len % ms->mss) && (next = mytcp_write_next(sk, skb))) {
		const struct mytcp_skb_cb *ncb = MYTCP_SKB_CB(next);
		const skb_frag_t *nlast = last;
		unsigned int nfrags = frags + mytcp_frags_added(next, &nlast);

		if (!next->len || len + next->len > MYTCP_GSO_MAX_BYTES ||
		    after(ncb->end_seq, limit) ||
		    (next->len % ms->mss && !ms->nodelay) ||
		    (frags <= MAX_SKB_FRAGS && nfrags > MAX_SKB_FRAGS))
			break;
		len += next->len;
		frags = nfrags;
		last = nlast;
		skb = next;
	}
	return len;
}

/**
 * mytcp_split - cut a write-queue skb in two
 * @sk: the socket, locked
 * @skb: a data skb of its write queue (linear or paged)
 * @len: bytes that stay in @skb, 0 < @len < skb->len
 *
 * The rest becomes a new skb right after @skb, with the same flags and
 * send history; the pages move by reference, not by copy.
 *
 * Return: 0, -EINVAL for a @len out of range, or -ENOBUFS.
 */
int mytcp_split(struct sock *sk, struct sk_buff *skb, u32 len)
{
	struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
	u32 head = skb_headlen(skb) > len ? skb_headlen(skb) - len : 0;
	struct sk_buff *tail;

	if (!len || len >= skb->len)
		return -EINVAL;
	tail = alloc_skb(head, GFP_ATOMIC);
	if (!tail)
		return -ENOBUFS;
	sk_wmem_queued_add(sk, -skb->truesize);
	tail->ip_summed = skb->ip_summed;
	skb_split(skb, tail, len);
	/* The pages moved with their bytes: so does their truesize. */
	skb->truesize -= tail->data_len;
	tail->truesize += tail->data_len;
	*MYTCP_SKB_CB(tail) = *cb;
	MYTCP_SKB_CB(tail)->seq = cb->seq + len;
	cb->end_seq = cb->seq + len;
	sk_wmem_queued_add(sk, skb->truesize + tail->truesize);
	__skb_queue_after(&sk->sk_write_queue, skb, tail);
	return 0;
}

/* Cut the write-queue skb that holds @seq inside it so that one ends there. */
static void mytcp_cut_at(struct sock *sk, u32 seq)
{
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

		if (!after(cb->end_seq, seq))
			continue;
		if (after(seq, cb->seq) && skb->len == cb->end_seq - cb->seq)
			mytcp_split(sk, skb, seq - cb->seq);
		return;
	}
}

/**
 * mytcp_sack_cut - cut write-queue skbs at the edges of SACK blocks
 * @sk: the socket, locked
 * @blocks: the SACK blocks of one incoming segment
 * @n: how many of @blocks to read
 *
 * An skb holds many segments; the peer reports which of them it holds
 * (RFC 2018 3), and mytcp_sack_mark() marks only skbs a block covers
 * whole. Cutting at each edge of a block within SND.UNA..SND.NXT makes
 * the skbs it covers whole ones.
 */
void mytcp_sack_cut(struct sock *sk, const struct mytcp_sack_block *blocks,
		    int n)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u32 flight = ms->snd_nxt - ms->snd_una;
	int i;

	for (i = 0; i < n; i++) {
		u32 start = blocks[i].start - ms->snd_una;
		u32 end = blocks[i].end - ms->snd_una;

		if (start >= end || end > flight)
			continue;
		mytcp_cut_at(sk, blocks[i].start);
		mytcp_cut_at(sk, blocks[i].end);
	}
}

/**
 * mytcp_trim_head - drop the acknowledged first bytes of a write-queue skb
 * @sk: the socket, locked
 * @skb: the first skb of its write queue, data, partly acknowledged
 * @len: bytes acknowledged, 0 < @len < skb->len
 *
 * The skb's fragments are shortened in place (their pages stay referenced
 * by any copy of the segment still in flight), so the send buffer frees
 * what the peer holds as soon as it says so.
 */
void mytcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	u32 head = min(len, skb_headlen(skb));
	u32 paged = len - head;
	int i, k = 0;

	__skb_pull(skb, head);
	for (i = 0; i < sh->nr_frags; i++) {
		u32 size = skb_frag_size(&sh->frags[i]);

		if (paged >= size) {
			put_page(skb_frag_page(&sh->frags[i]));
			paged -= size;
			continue;
		}
		sh->frags[k] = sh->frags[i];
		if (paged) {
			skb_frag_off_add(&sh->frags[k], paged);
			skb_frag_size_sub(&sh->frags[k], paged);
			paged = 0;
		}
		k++;
	}
	sh->nr_frags = k;
	/* The paged bytes leave the send buffer's account (sendmsg added them). */
	paged = len - head;
	skb->len -= paged;
	skb->data_len -= paged;
	skb->truesize -= paged;
	sk_wmem_queued_add(sk, -(int)paged);
	MYTCP_SKB_CB(skb)->seq += len;
}

/**
 * mytcp_fit_window - cut the next unsent segment to the peer's window
 * @sk: the socket, locked
 * @force: the override timeout expired (the persist timer): send what
 *	fits however little
 *
 * RFC 9293 3.8.6.2.1 (sender's SWS avoidance): a segment shorter than the
 * MSS and than the data waiting goes only when it is at least half the
 * largest window the peer has offered (Fs = 1/2), or when the override
 * timeout expires. Without this, a peer whose whole buffer is below one
 * MSS would never get data. Only the peer's window is a reason to cut:
 * the congestion window must allow the piece.
 *
 * Return: true if send_head now fits (mytcp_push() may send it).
 */
bool mytcp_fit_window(struct sock *sk, bool force)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb = ms->send_head;
	struct mytcp_skb_cb *cb;
	s32 usable;

	if (!skb || !skb->len)
		return false;
	cb = MYTCP_SKB_CB(skb);
	if (before(cb->seq, ms->snd_nxt))
		return false;	/* retransmissions keep their size */
	usable = (s32)(ms->snd_una + ms->snd_wnd - cb->seq);
	if (usable <= 0 || usable >= skb->len ||
	    after(cb->seq + usable, ms->snd_una + ms->cc.cwnd))
		return false;
	if (!force && (u32)usable < ms->max_window / 2)
		return false;
	return !mytcp_split(sk, skb, usable);
}

static u32 mytcp_push_cwnd(struct sock *sk);

/* A short data segment is in flight: Minshall's test (see mytcp_push()). */
static bool mytcp_short_unacked(const struct mytcp_sock *ms)
{
	return after(ms->snd_sml, ms->snd_una) &&
	       !after(ms->snd_sml, ms->snd_nxt);
}

/**
 * mytcp_push - send what the windows allow from the write queue
 * @sk: the socket, locked
 *
 * A segment goes when it fits in the peer's window and the congestion
 * window beyond SND.UNA (RFC 9293 3.8.6, RFC 5681 3.1; in fast recovery
 * with SACK, what mytcp_push_cwnd() allows), and, with Nagle on,
 * a short segment waits while a short one sent before is unacknowledged
 * (RFC 9293 3.7.4, with Minshall's change).
 * After a timeout send_head is wound back to the oldest segment, and
 * segments below SND.NXT go again as retransmissions. When the peer's
 * window is closed and nothing is in flight, the retransmission timer
 * runs as the persist timer (RFC 9293 3.8.6.1).
 */
void mytcp_push(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb;
	u32 cwnd;

	/* Nothing goes out of a closed (reset, timed out) connection. */
	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN ||
	    sk->sk_state == TCP_TIME_WAIT || !ms->send_head)
		return;
	cwnd = mytcp_push_cwnd(sk);
	while ((skb = ms->send_head)) {
		struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
		u32 wnd = min(ms->snd_wnd, cwnd);
		unsigned int dlen = skb->len;
		u64 now_us;

		/* The peer holds it already (RFC 2018): do not resend. */
		if ((cb->sacked & MYTCP_SKB_SACKED) && before(cb->seq, ms->snd_nxt)) {
			ms->send_head = mytcp_write_next(sk, skb);
			continue;
		}
		if (skb->len) {
			s32 room = (s32)(ms->snd_una + wnd - cb->seq);

			if (after(cb->end_seq, ms->snd_una + wnd)) {
				/*
				 * RFC 9293 3.8.6, RFC 5681 3.1: the whole
				 * segments that fit go; the rest waits.
				 */
				if (room >= (s32)ms->mss &&
				    !mytcp_split(sk, skb, rounddown(room, ms->mss)))
					continue;
				if (mytcp_fit_window(sk, false))
					continue;
				/* Nothing in flight to bring an ACK: probe. */
				if (ms->snd_una == ms->snd_nxt &&
				    !hrtimer_is_queued(&ms->rtx_timer))
					mytcp_arm_persist(sk);
				break;
			}
			/*
			 * Nagle (RFC 9293 3.7.4) with Minshall's change
			 * (draft-minshall-nagle-01, as Linux TCP): a short
			 * last segment waits while a short segment sent
			 * before is unacknowledged; the whole segments before
			 * it in the same skb go. The short end of a bulk write
			 * so goes at once, not after the peer's delayed ACK.
			 */
			if (!ms->nodelay && skb->len % ms->mss &&
			    mytcp_short_unacked(ms) &&
			    skb == skb_peek_tail(&sk->sk_write_queue) &&
			    (skb->len < ms->mss ||
			     mytcp_split(sk, skb, rounddown(skb->len, ms->mss))))
				break;
			if (!before(cb->seq, ms->snd_nxt))
				dlen = mytcp_gso_len(sk, skb, ms->snd_una + wnd);
		}
		if (mytcp_xmit_skb(sk, skb, dlen, GFP_ATOMIC)) {
			/* No memory for a large one: try one segment. */
			if (dlen == skb->len ||
			    mytcp_xmit_skb(sk, skb, skb->len, GFP_ATOMIC)) {
				/*
				 * Nothing went (no memory, no route). With
				 * nothing in flight no ACK will come to try
				 * again: the persist timer does, and gives up
				 * after net.mytcp.retries.
				 */
				if (!hrtimer_is_queued(&ms->rtx_timer) &&
				    !test_bit(MYTCP_DEFER_RTX, &ms->deferred))
					mytcp_arm_persist(sk);
				break;
			}
			dlen = skb->len;
		}
		/* Sent before: resending after a timeout (go-back-N). */
		if (before(cb->seq, ms->snd_nxt))
			mytcp_count_retrans(sk, skb, MYTCP_RTX_TIMEOUT);
		/* Every skb that went: its send time, SND.NXT, send_head. */
		now_us = cb->sent_us;
		for (;;) {
			cb = MYTCP_SKB_CB(skb);
			cb->sent_us = now_us;
			if (after(cb->end_seq, ms->snd_nxt))
				ms->snd_nxt = cb->end_seq;
			ms->send_head = mytcp_write_next(sk, skb);
			if (dlen <= skb->len)
				break;
			dlen -= skb->len;
			skb = ms->send_head;
		}
		if (!hrtimer_is_queued(&ms->rtx_timer))
			mytcp_rearm_rtx(sk);
	}
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_push);

/*
 * Send @skb, sent before, again: one segment of it (RFC 5681 3.2 step 4),
 * not its whole run; marked and counted. Return: 0 or a send error.
 */
static int mytcp_resend_one(struct sock *sk, struct sk_buff *skb,
			    enum mytcp_rtx_reason why)
{
	int err;

	if (skb->len > mytcp_sk(sk)->mss)
		mytcp_split(sk, skb, mytcp_sk(sk)->mss);
	err = mytcp_xmit_skb(sk, skb, skb->len, GFP_ATOMIC);
	if (!err)
		mytcp_count_retrans(sk, skb, why);
	return err;
}

/**
 * mytcp_retransmit_head - resend the oldest unacknowledged segment
 * @sk: the socket, locked
 * @why: what made it necessary (for the tracepoint)
 *
 * Return: 0, -EAGAIN if nothing is outstanding, or a send error.
 */
int mytcp_retransmit_head(struct sock *sk, enum mytcp_rtx_reason why)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);
	int err;

	/* Sent before: in flight, or wound back to go again after a timeout. */
	if (!skb || !before(MYTCP_SKB_CB(skb)->seq, ms->snd_nxt))
		return -EAGAIN;
	err = mytcp_resend_one(sk, skb, why);
	if (!err)
		ms->high_rxt = MYTCP_SKB_CB(skb)->end_seq;
	return err;
}

/**
 * mytcp_send_tlp - send a tail loss probe
 * @sk: the socket, locked; the probe timeout expired
 *
 * RFC 8985 7.3: a new segment if the windows allow one, else the last
 * segment sent again (cut to one MSS), so that the peer answers with an
 * ACK whose SACK blocks show what is missing: fast recovery instead of a
 * retransmission timeout. One probe until SND.UNA passes what was sent
 * then (7.4).
 */
void mytcp_send_tlp(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb, *last = NULL;
	u32 nxt = ms->snd_nxt;

	mytcp_push(sk);
	ms->tlp_retrans = ms->snd_nxt == nxt;
	if (ms->tlp_retrans) {
		skb_queue_walk(&sk->sk_write_queue, skb) {
			if (!before(MYTCP_SKB_CB(skb)->seq, nxt))
				break;
			last = skb;
		}
		if (!last)
			return;
		if (last->len > ms->mss &&
		    !mytcp_split(sk, last, last->len - ms->mss))
			last = mytcp_write_next(sk, last);
		/*
		 * No probe beyond the peer's window (a closed one, say): the receiver
		 * would drop it. The RTO follows and resends the head, which
		 * probes a closed window (RFC 9293 3.8.6.1). Linux TCP's
		 * probe does not go either.
		 */
		if (MYTCP_SKB_CB(last)->seq != ms->snd_una &&
		    !before(MYTCP_SKB_CB(last)->seq, ms->snd_una + ms->snd_wnd))
			return;
		if (mytcp_xmit_skb(sk, last, last->len, GFP_ATOMIC))
			return;
		mytcp_count_retrans(sk, last, MYTCP_RTX_TLP);
	}
	MYTCP_INC_STATS(sock_net(sk), TLP_PROBES);
	ms->tlp_out = true;
	ms->tlp_high = ms->snd_nxt;
}

/* What mytcp_retransmit_holes() needs to judge a segment lost. */
struct mytcp_loss_view {
	u32 high;		/* end of the highest SACKed segment */
	u32 hrx;		/* HighRxt, or SND.UNA if not in the flight */
	u64 delivered_us;	/* latest send time of a SACKed segment */
	u32 delivered_end;	/* its end (the highest of those sent then) */
	u64 rtt_us;		/* RACK.rtt: here the smoothed RTT */
	u64 reo_us;		/* RACK's reordering window */
	u64 now_us;		/* the clock of sent_us, now */
};

static void mytcp_loss_view_init(struct sock *sk, struct mytcp_loss_view *v)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb;

	v->high = ms->snd_una;
	v->delivered_us = 0;
	v->delivered_end = ms->snd_una;
	skb_queue_walk(&sk->sk_write_queue, skb) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

		/* Only what was sent can be SACKed: not the unsent rest. */
		if (!before(cb->seq, ms->snd_nxt) || skb == ms->send_head)
			break;
		if (!(cb->sacked & MYTCP_SKB_SACKED))
			continue;
		v->high = cb->end_seq;
		if (cb->sent_us >= v->delivered_us) {
			v->delivered_us = cb->sent_us;
			v->delivered_end = cb->end_seq;
		}
	}
	v->hrx = after(ms->high_rxt, ms->snd_una) &&
		 !after(ms->high_rxt, ms->snd_nxt) ? ms->high_rxt : ms->snd_una;
	v->rtt_us = ms->rtt.srtt_us;
	v->reo_us = ms->rtt.srtt_us / 4;
	v->now_us = mytcp_clock_us();
}

/*
 * RFC 8985 6.2: sent before the latest segment the peer SACKed; sent in
 * the same microsecond (one burst, or a coarse clock), lower in sequence.
 */
static bool mytcp_sent_before_delivered(const struct mytcp_skb_cb *cb,
					const struct mytcp_loss_view *v)
{
	return cb->sent_us < v->delivered_us ||
	       (cb->sent_us == v->delivered_us &&
		before(cb->seq, v->delivered_end));
}

/*
 * RFC 8985 6.2 step 5, the first half: (re)sent more than the reordering
 * window before a segment the peer has since SACKed.
 */
static bool mytcp_lost_by_reo(const struct mytcp_skb_cb *cb,
			      const struct mytcp_loss_view *v)
{
	return cb->sent_us + v->reo_us < v->delivered_us;
}

/*
 * A segment below the highest SACKed one and not SACKed itself is lost
 * when it lies past HighRxt, not yet resent in this recovery (RFC 6675 4
 * NextSeg() rule 1), or when it was (re)sent more than the reordering
 * window before a segment the peer has since SACKed, or before one and
 * a round trip and the reordering window ago (RFC 8985 6.2 step 5).
 */
static bool mytcp_seg_lost(const struct mytcp_skb_cb *cb,
			   const struct mytcp_loss_view *v)
{
	if ((cb->sacked & MYTCP_SKB_SACKED) || !before(cb->seq, v->high))
		return false;
	return !before(cb->seq, v->hrx) || mytcp_lost_by_reo(cb, v) ||
	       (mytcp_sent_before_delivered(cb, v) &&
		cb->sent_us + v->rtt_us + v->reo_us <= v->now_us);
}

/*
 * The first unacknowledged segment if it is not SACKed and was sent before
 * a segment the peer has SACKed since (RFC 8985 6.2's candidate for loss
 * by time), else NULL.
 */
static const struct mytcp_skb_cb *
mytcp_rack_head(struct sock *sk, const struct mytcp_loss_view *v)
{
	struct sk_buff *head = skb_peek(&sk->sk_write_queue);
	const struct mytcp_skb_cb *cb;

	if (!head || head == mytcp_sk(sk)->send_head)
		return NULL;
	cb = MYTCP_SKB_CB(head);
	if ((cb->sacked & MYTCP_SKB_SACKED) || !before(cb->seq, v->high) ||
	    !mytcp_sent_before_delivered(cb, v))
		return NULL;
	return cb;
}

/**
 * mytcp_rack_head_lost - is the first unacknowledged segment lost by time
 * @sk: the socket, locked
 *
 * RFC 8985 6.2 step 5: it was sent before a segment the peer has SACKed
 * (e.g. a tail loss probe), and either more than the reordering window (a
 * quarter of SRTT) before it, or a round trip and the reordering window
 * ago: lost, without waiting for three duplicate ACKs.
 *
 * Return: true if so.
 */
bool mytcp_rack_head_lost(struct sock *sk)
{
	const struct mytcp_skb_cb *cb;
	struct mytcp_loss_view v;

	mytcp_loss_view_init(sk, &v);
	cb = mytcp_rack_head(sk, &v);
	/* The round-trip half needs a round trip (a lost SYN leaves none). */
	return cb && (mytcp_lost_by_reo(cb, &v) ||
		      (v.rtt_us &&
		       cb->sent_us + v.rtt_us + v.reo_us <= v.now_us));
}

/**
 * mytcp_rack_reo_deadline_us - when RACK's reordering timer must fire
 * @sk: the socket, locked
 *
 * RFC 8985 6.2 step 5 and 6.3: with SACK, a segment sent before one the
 * peer SACKed but not yet lost by the time rule will be lost one round
 * trip and the reordering window after it was sent, if no ACK comes
 * first. In fast recovery: typically the last retransmission of a burst,
 * lost, with everything after it delivered. Outside it, after a duplicate
 * ACK: the first segment, when a later one was SACKed too soon after it
 * was sent for the time rule, and fewer than three segments follow it
 * (the end of a window). Either way no ACK will come to find it, and
 * without the timer only the probe timeout or the RTO would.
 *
 * Return: that time (the clock of sent_us, µs) for the earliest such
 *	segment, or 0 if there is none.
 */
u64 mytcp_rack_reo_deadline_us(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	const struct mytcp_skb_cb *head;
	struct mytcp_loss_view v;
	struct sk_buff *skb;
	u64 deadline = 0;

	if (!ms->sack_ok || !ms->rtt.srtt_us)
		return 0;
	/*
	 * Outside recovery, only after a duplicate ACK (one that SACKed new
	 * data), not on every ACK: the loss view walks the whole queue.
	 */
	if (!ms->rec.in_recovery && !ms->rec.dupacks)
		return 0;
	mytcp_loss_view_init(sk, &v);
	if (!ms->rec.in_recovery) {
		/* Not once it is lost: the timer has fired for it then. */
		head = mytcp_rack_head(sk, &v);
		if (!head || mytcp_lost_by_reo(head, &v))
			return 0;
		deadline = head->sent_us + v.rtt_us + v.reo_us;
		return deadline > v.now_us ? deadline : 0;
	}
	skb_queue_walk(&sk->sk_write_queue, skb) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
		u64 t = cb->sent_us + v.rtt_us + v.reo_us;

		if (!before(cb->seq, v.high) || !before(cb->seq, ms->snd_nxt) ||
		    skb == ms->send_head)
			break;
		if ((cb->sacked & MYTCP_SKB_SACKED) || mytcp_seg_lost(cb, &v) ||
		    !mytcp_sent_before_delivered(cb, &v))
			continue;
		if (!deadline || t < deadline)
			deadline = t;
	}
	return deadline;
}

/*
 * RFC 6675 2 and 4, "pipe": the bytes sent and still in the network,
 * neither SACKed nor lost (a segment resent counts once, as its
 * retransmission: RACK's view, which a lost retransmission leaves).
 */
static u32 mytcp_pipe(struct sock *sk, const struct mytcp_loss_view *v)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb;
	u32 pipe = 0;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

		if (!before(cb->seq, ms->snd_nxt) || skb == ms->send_head)
			break;
		if (!(cb->sacked & MYTCP_SKB_SACKED) && !mytcp_seg_lost(cb, v))
			pipe += skb->len;
	}
	return pipe;
}

/*
 * The congestion window mytcp_push() measures from SND.UNA. In fast
 * recovery with SACK, new data may also go while the bytes in the network
 * (pipe: neither SACKed nor lost) are fewer than ssthresh, RFC 6675's
 * recovery window: 5 step (C), NextSeg() rule 2, after the lost segments
 * (mytcp_retransmit_holes() sends those first). NewReno's window from
 * SND.UNA counts the segments the peer holds above a hole as in flight:
 * once the holes were resent, nothing new could go, and a lost
 * retransmission had no later segment whose SACK would show it lost
 * (RFC 8985 6.2); only the RTO found it (seen at 1 % loss).
 */
static u32 mytcp_push_cwnd(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_loss_view v;
	u32 pipe;

	if (!ms->rec.in_recovery || !ms->sack_ok)
		return ms->cc.cwnd;
	mytcp_loss_view_init(sk, &v);
	pipe = mytcp_pipe(sk, &v);
	if (pipe >= ms->cc.ssthresh)
		return ms->cc.cwnd;
	return max(ms->cc.cwnd,
		   ms->snd_nxt - ms->snd_una + ms->cc.ssthresh - pipe);
}

/**
 * mytcp_retransmit_holes - in fast recovery, resend what SACK shows lost
 * @sk: the socket, locked, in fast recovery with SACK in use
 * @budget: bytes that may go at least: what this ACK newly reported as
 *	SACKed, i.e. what left the network (RFC 6675 5's conservation of
 *	packets)
 *
 * Lost segments (mytcp_seg_lost(): RFC 6675's NextSeg() rule 1 and RACK's
 * time rules, which also find a lost retransmission) go again one at a
 * time, oldest first, while @budget lasts or the recovery window allows:
 * RFC 6675 5 step 4 and (C), send while ssthresh - pipe is at least a
 * segment. So a flight lost whole is resent a window at a time, not one
 * segment per partial ACK; one segment resent per round trip makes a chain
 * that one more loss breaks, and the timeout follows.
 */
void mytcp_retransmit_holes(struct sock *sk, u32 budget)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_loss_view v;
	struct sk_buff *skb;
	u32 pipe;

	mytcp_loss_view_init(sk, &v);
	pipe = mytcp_pipe(sk, &v);
	if (ms->cc.ssthresh > pipe)
		budget = max(budget, ms->cc.ssthresh - pipe);
	for (skb = skb_peek(&sk->sk_write_queue); skb && budget;
	     skb = mytcp_write_next(sk, skb)) {
		struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

		if (!before(cb->seq, v.high) || !before(cb->seq, ms->snd_nxt) ||
		    skb == ms->send_head)
			break;
		if ((cb->sacked & MYTCP_SKB_SACKED) || !skb->len)
			continue;
		/* HighRxt inside: judge the two sides apart. */
		if (before(cb->seq, v.hrx) && after(cb->end_seq, v.hrx))
			mytcp_split(sk, skb, v.hrx - cb->seq);
		if (!mytcp_seg_lost(cb, &v))
			continue;
		if (mytcp_resend_one(sk, skb, MYTCP_RTX_SACK))
			break;
		if (after(cb->end_seq, v.hrx))
			v.hrx = cb->end_seq;
		ms->high_rxt = v.hrx;
		budget -= min(budget, skb->len);
	}
}

/**
 * mytcp_route_mss - route to the peer and work out the MSS to announce
 * @sk: the socket, locked, with daddr (and maybe saddr) set
 *
 * Sets saddr from the route if it is still 0. RFC 9293 3.7.1: MSS = MTU
 * minus the fixed IP and TCP headers.
 *
 * Return: the MSS, or 0 if there is no route or the route is to a
 * broadcast or multicast address.
 */
u32 mytcp_route_mss(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct flowi4 fl4;
	struct rtable *rt;
	u32 mtu;

	rt = mytcp_route(sock_net(sk), &fl4, ms->saddr, ms->daddr, ms->sport,
			 ms->dport, sk->sk_bound_dev_if, sk->sk_mark);
	if (IS_ERR(rt))
		return 0;
	/* As Linux TCP (tcp_v4_connect()): no connection to a group. */
	if (rt->rt_flags & (RTCF_BROADCAST | RTCF_MULTICAST)) {
		ip_rt_put(rt);
		return 0;
	}
	if (!ms->saddr)
		ms->saddr = fl4.saddr;
	mtu = dst_mtu(&rt->dst);
	ip_rt_put(rt);
	return max_t(u32, mtu, 576) - sizeof(struct iphdr) - sizeof(struct tcphdr);
}

/**
 * mytcp_rcv_window - the receive window to advertise now, bytes
 * @sk: the socket, locked
 *
 * The free receive buffer times the measured payload/truesize ratio (skb
 * overhead takes the rest), a multiple of the MSS so the right edge moves
 * in MSS steps (RFC 9293 3.8.6.2.2,
 * receiver-side SWS avoidance), never moving the right edge left
 * (RFC 9293 3.8.6: shrinking the window is strongly discouraged), and at
 * most what the window field can carry with our scale.
 *
 * Return: the window in bytes.
 */
u32 mytcp_rcv_window(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	int free = READ_ONCE(sk->sk_rcvbuf) - atomic_read(&sk->sk_rmem_alloc);
	u32 wnd = free > 0 ? (u32)div_u64((u64)free * ms->rcv_ratio, 256) : 0;
	u32 old_edge = ms->rcv_wup + ms->rcv_wnd;
	u32 mss = ms->advmss ? ms->advmss : 536;

	if (wnd >= mss)
		wnd = rounddown(wnd, mss);
	else if (wnd < min_t(u32, READ_ONCE(sk->sk_rcvbuf) / 2, mss))
		wnd = 0;
	if (after(old_edge, ms->rcv_nxt + wnd))
		wnd = old_edge - ms->rcv_nxt;
	return min_t(u32, wnd, (u32)U16_MAX << ms->rcv_wscale);
}
