// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the harness of the socket-driving suites; see state_harness.h.
 */
#include <linux/delay.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "segment.h"
#include "skbcb.h"
#include "state_harness.h"

/* Segments to PEER_ADDR since the last snap(); @n counts beyond the array. */
static struct {
	spinlock_t lock;	/* n, seg */
	unsigned int n;
	struct state_out seg[STATE_MAX_OUT];
	bool drop;
} cap = {
	.lock = __SPIN_LOCK_UNLOCKED(cap.lock),
};

static unsigned int state_out_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int thoff, tlen;
	const struct tcphdr *th;
	struct mytcp_seg seg;
	u8 buf[60];

	if (iph->protocol != IPPROTO_TCP || iph->daddr != PEER_ADDR)
		return NF_ACCEPT;
	thoff = iph->ihl * 4;
	tlen = skb->len - thoff;
	th = skb_header_pointer(skb, thoff, min_t(u32, tlen, sizeof(buf)), buf);
	if (th && !mytcp_parse_segment(th, min_t(u32, tlen, sizeof(buf)), tlen,
				       &seg)) {
		spin_lock_bh(&cap.lock);
		if (cap.n < STATE_MAX_OUT) {
			struct state_out *o = &cap.seg[cap.n];

			o->flags = seg.flags;
			o->seq = seg.seq;
			o->ack = seg.ack_seq;
			o->wnd = seg.wnd;
			o->data_len = seg.data_len;
			o->opt = seg.opt;
		}
		cap.n++;
		spin_unlock_bh(&cap.lock);
	}
	if (READ_ONCE(cap.drop))
		return NF_DROP;		/* the sender's ip_local_out() fails */
	consume_skb(skb);
	return NF_STOLEN;
}

/*
 * From now on, segments to the peer are recorded and then dropped, so that
 * the socket's transmissions fail (as behind a firewall's OUTPUT drop);
 * off again at the next case's start.
 */
void cap_fail_xmit(bool fail)
{
	WRITE_ONCE(cap.drop, fail);
}

static const struct nf_hook_ops state_out_ops = {
	.hook		= state_out_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_LOCAL_OUT,
	.priority	= NF_IP_PRI_FIRST,
};

/* How many segments the socket sent since the last snap(). */
unsigned int nsent(void)
{
	unsigned int n;

	spin_lock_bh(&cap.lock);
	n = cap.n;
	spin_unlock_bh(&cap.lock);
	return n;
}

/* Wait up to @ms milliseconds, in steps of 20, for the socket to send. */
void wait_sent(unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < ms / 20 && !nsent(); i++)
		msleep(20);
}

/* @o with one SACK block, [@start, @end). */
void sack_one(struct mytcp_options *o, u32 start, u32 end)
{
	o->present = MYTCP_OPT_SACK;
	o->num_sacks = 1;
	o->sacks[0].start = start;
	o->sacks[0].end = end;
}

/* The @i-th segment sent since the last snap(); the case ends if none. */
struct state_out sent(struct kunit *test, unsigned int i)
{
	struct state_out o;

	KUNIT_ASSERT_LT_MSG(test, i, min_t(unsigned int, nsent(), STATE_MAX_OUT),
			    "segment %u is missing", i);
	spin_lock_bh(&cap.lock);
	o = cap.seg[i];
	spin_unlock_bh(&cap.lock);
	return o;
}

/* The @i-th segment sent has exactly @flags, @seq and (with ACK) @ack. */
void expect_sent(struct kunit *test, unsigned int i, u8 flags, u32 seq,
		 u32 ack)
{
	struct state_out o = sent(test, i);

	KUNIT_EXPECT_EQ(test, o.flags, flags);
	KUNIT_EXPECT_EQ(test, o.seq, seq);
	if (flags & TCPHDR_ACK)
		KUNIT_EXPECT_EQ(test, o.ack, ack);
	KUNIT_EXPECT_EQ(test, o.data_len, 0);
}

/* Forget the segments sent so far. */
void cap_reset(void)
{
	spin_lock_bh(&cap.lock);
	cap.n = 0;
	spin_unlock_bh(&cap.lock);
}

/* Counters and captured segments start from zero again. */
void snap(struct kunit *test)
{
	struct state_ctx *ctx = test->priv;
	int i;

	for (i = 0; i < MYTCP_STAT_NUM; i++)
		ctx->base[i] = mytcp_stat_read(&init_net, i);
	cap_reset();
}

/* How much counter @id changed since the last snap() (gauges may go down). */
s64 delta(struct kunit *test, enum mytcp_stat id)
{
	struct state_ctx *ctx = test->priv;

	return (s64)(mytcp_stat_read(&init_net, id) - ctx->base[id]);
}

/* ---- Segments from the peer ---- */

/*
 * The segment as the hook hands it on: IP header in front (for the
 * addresses of a reset reply), skb->data at the TCP header.
 */
struct sk_buff *mkseg(struct kunit *test, const struct seg_in *in)
{
	u8 opts[MYTCP_MAX_OPT_BYTES];
	unsigned int olen = in->opt ? mytcp_write_options(opts, in->opt) : 0;
	unsigned int thlen = sizeof(struct tcphdr) + olen;
	struct sk_buff *skb;
	struct tcphdr *th;
	struct iphdr *iph;
	u8 *p;
	u32 i;

	skb = alloc_skb(MAX_TCP_HEADER + in->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_TCP_HEADER);
	p = skb_put(skb, in->len);
	for (i = 0; i < in->len; i++)
		p[i] = pattern(in->seq + i);

	th = skb_push(skb, thlen);
	memset(th, 0, sizeof(*th));
	th->source = htons(PEER_PORT);
	th->dest = htons(LOCAL_PORT);
	th->seq = htonl(in->seq);
	th->ack_seq = htonl(in->ack);
	th->doff = thlen / 4;
	((u8 *)th)[13] = in->flags;
	th->window = in->zero_wnd ? 0 : htons(in->wnd ? in->wnd : PEER_WND);
	memcpy(th + 1, opts, olen);
	skb_reset_transport_header(skb);

	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	memset(iph, 0, sizeof(*iph));
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tot_len = htons(skb->len);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = PEER_ADDR;
	iph->daddr = LOCAL_ADDR;
	skb->protocol = htons(ETH_P_IP);
	__skb_pull(skb, sizeof(*iph));
	return skb;
}

/*
 * Give socket @sk the segment @in from the peer, the way release_sock()
 * feeds the backlog.
 */
void feed_sk(struct kunit *test, struct sock *sk, const struct seg_in *in)
{
	struct sk_buff *skb = mkseg(test, in);

	lock_sock(sk);
	local_bh_disable();
	mytcp_rcv(sk, skb);
	local_bh_enable();
	release_sock(sk);
}

/*
 * The same for the case's socket. feed(): @flags, SEG.SEQ @seq, SEG.ACK
 * @ack, @len payload bytes, options @opt (or NULL), window PEER_WND.
 */
void feed_in(struct kunit *test, const struct seg_in *in)
{
	feed_sk(test, ((struct state_ctx *)test->priv)->sk, in);
}

void feed(struct kunit *test, u8 flags, u32 seq, u32 ack, u32 len,
	  const struct mytcp_options *opt)
{
	struct seg_in in = { .flags = flags, .seq = seq, .ack = ack,
			     .len = len, .opt = opt };

	feed_in(test, &in);
}

/* ---- Getting a socket into a state ---- */

/* SACK and window scale, no timestamps: what most cases use. */
const struct mytcp_options opt_default = {
	.present = MYTCP_OPT_MSS | MYTCP_OPT_WSCALE | MYTCP_OPT_SACK_PERM,
	.mss = 1400,
	.wscale = 7,
};

/* The same with timestamps (RFC 7323), TSval PEER_TSVAL. */
const struct mytcp_options opt_ts = {
	.present = MYTCP_OPT_MSS | MYTCP_OPT_WSCALE | MYTCP_OPT_SACK_PERM |
		   MYTCP_OPT_TS,
	.mss = 1400,
	.wscale = 7,
	.tsval = PEER_TSVAL,
};

int cur_state(struct kunit *test)
{
	return READ_ONCE(((struct state_ctx *)test->priv)->sk->sk_state);
}

/*
 * A socket in SYN-SENT as connect() leaves it (module/socket.c): ISS,
 * the SYN queued and sent. Counters and captures start after it.
 */
struct mytcp_sock *setup_syn_sent(struct kunit *test)
{
	struct state_ctx *ctx = test->priv;
	struct mytcp_sock *ms;
	struct sock *sk;
	int err;

	sk = mytcp_sk_alloc(&init_net, NULL, GFP_KERNEL, 1);
	KUNIT_ASSERT_NOT_NULL(test, sk);
	ctx->sk = sk;
	ms = mytcp_sk(sk);
	snap(test);

	lock_sock(sk);
	ms->saddr = LOCAL_ADDR;
	ms->daddr = PEER_ADDR;
	ms->sport = htons(LOCAL_PORT);
	ms->dport = htons(PEER_PORT);
	ms->advmss = ADVMSS;
	mytcp_init_send_seq(ms, ISS);
	ms->mss = ADVMSS;
	ms->rcv_wscale = 7;
	mytcp_set_state(sk, TCP_SYN_SENT);
	err = mytcp_queue_ctl(sk, TCPHDR_SYN);
	if (!err)
		mytcp_push(sk);
	release_sock(sk);
	KUNIT_ASSERT_EQ(test, err, 0);

	KUNIT_ASSERT_EQ(test, ms->snd_nxt, ISS + 1);
	KUNIT_ASSERT_EQ(test, sent(test, 0).flags, TCPHDR_SYN);
	KUNIT_ASSERT_EQ(test, sent(test, 0).seq, ISS);
	snap(test);
	return ms;
}

/* ESTABLISHED through SYN-SENT and the peer's SYN-ACK with @opt. */
struct mytcp_sock *setup_estab(struct kunit *test,
			       const struct mytcp_options *opt)
{
	struct mytcp_sock *ms = setup_syn_sent(test);

	feed(test, TCPHDR_SYN | TCPHDR_ACK, IRS, ISS + 1, 0, opt);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_ASSERT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_ASSERT_GT(test, ms->rcv_wnd, 4 * ADVMSS);
	/*
	 * Cases time their own timers: forget the handshake's RTT sample
	 * (state_syn_sent_rtt covers it). The RTO is then the initial 1 s,
	 * and no probe timeout (it needs SRTT) fires while a case runs,
	 * unless the case sets SRTT itself.
	 */
	lock_sock(&ms->sk);
	mytcp_rtt_init(&ms->rtt);
	release_sock(&ms->sk);
	snap(test);
	return ms;
}

/*
 * Our FIN, as close() or shutdown(SHUT_WR) sends it (module/socket.c):
 * state @next (FIN-WAIT-1 or LAST-ACK), FIN queued and sent. Captures
 * start after it; counters do not.
 */
void send_our_fin(struct kunit *test, int next)
{
	struct sock *sk = ((struct state_ctx *)test->priv)->sk;
	u32 seq = mytcp_sk(sk)->write_seq;
	int err;

	lock_sock(sk);
	mytcp_set_state(sk, next);
	err = mytcp_queue_ctl(sk, TCPHDR_FIN);
	if (!err)
		mytcp_push(sk);
	release_sock(sk);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_ASSERT_EQ(test, sent(test, 0).flags, TCPHDR_FIN | TCPHDR_ACK);
	KUNIT_ASSERT_EQ(test, sent(test, 0).seq, seq);
	cap_reset();
}

/* The receive queue holds exactly [@seq, @seq + @len) of the peer's stream. */
void expect_rcvq(struct kunit *test, u32 seq, u32 len)
{
	struct sock *sk = ((struct state_ctx *)test->priv)->sk;
	u32 total = 0, bad = 0, i;
	struct sk_buff *skb;
	u8 b;

	lock_sock(sk);
	skb = skb_peek(&sk->sk_receive_queue);
	if (skb)
		KUNIT_EXPECT_EQ(test, MYTCP_SKB_CB(skb)->seq, seq);
	skb_queue_walk(&sk->sk_receive_queue, skb) {
		for (i = 0; i < skb->len; i++) {
			if (skb_copy_bits(skb, i, &b, 1) ||
			    b != pattern(seq + total + i))
				bad++;
		}
		total += skb->len;
	}
	release_sock(sk);
	KUNIT_EXPECT_EQ(test, total, len);
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "bytes differ from the stream");
}

/*
 * Queue @len bytes of our data as sendmsg() does: one skb of page
 * fragments at the tail of the write queue (up to 16 pages); then push.
 */
void queue_data(struct kunit *test, u32 len)
{
	struct sock *sk = ((struct state_ctx *)test->priv)->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb = alloc_skb(0, GFP_KERNEL);
	u32 left = len;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_LE(test, len, 16 * PAGE_SIZE);
	for (i = 0; left; i++) {
		struct page *page = alloc_page(GFP_KERNEL);
		u32 n = min_t(u32, left, PAGE_SIZE);

		if (!page) {
			kfree_skb(skb);
			KUNIT_ASSERT_NOT_NULL(test, page);
		}
		memset(page_address(page), 0x5a, n);
		skb_fill_page_desc(skb, i, page, 0, n);
		skb_len_add(skb, n);
		left -= n;
	}
	lock_sock(sk);
	memset(MYTCP_SKB_CB(skb), 0, sizeof(struct mytcp_skb_cb));
	MYTCP_SKB_CB(skb)->seq = ms->write_seq;
	MYTCP_SKB_CB(skb)->end_seq = ms->write_seq + len;
	ms->write_seq += len;
	sk_wmem_queued_add(sk, skb->truesize);
	__skb_queue_tail(&sk->sk_write_queue, skb);
	if (!ms->send_head)
		ms->send_head = skb;
	mytcp_push(sk);
	release_sock(sk);
}

int state_init(struct kunit *test)
{
	struct state_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->nr_socks = atomic_read(&mytcp_pernet(&init_net)->nr_socks);
	test->priv = ctx;
	cap_fail_xmit(false);
	snap(test);
	return 0;
}

/*
 * The socket's end, as a closed socket's: mytcp_done() (CLOSED, timers
 * and their references gone, out of the tables), orphaned, and our
 * reference dropped; the last reference frees it. A timer handler that
 * was running may hold that last one for a moment: wait for the count.
 */
void state_exit(struct kunit *test)
{
	struct mytcp_net *mn = mytcp_pernet(&init_net);
	struct state_ctx *ctx = test->priv;
	struct sock *sk = ctx->sk;
	int i;

	if (sk) {
		lock_sock(sk);
		mytcp_done(sk, 0);
		sock_orphan(sk);
		release_sock(sk);
		sock_put(sk);
		ctx->sk = NULL;
	}
	cap_fail_xmit(false);
	rcu_barrier();		/* sockets are freed after a grace period */
	for (i = 0; i < 100 && atomic_read(&mn->nr_socks) != ctx->nr_socks; i++)
		msleep(20);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&mn->nr_socks), ctx->nr_socks,
			    "the socket was not freed");
}

int state_suite_init(struct kunit_suite *suite)
{
	return nf_register_net_hook(&init_net, &state_out_ops);
}

void state_suite_exit(struct kunit_suite *suite)
{
	nf_unregister_net_hook(&init_net, &state_out_ops);
}
