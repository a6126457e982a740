// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: one segment in, with the socket locked: RFC 9293 3.10.7 "SEGMENT
 * ARRIVES" for every state, ACK processing, data into the receive queue,
 * and the state changes they cause.
 *
 * Owns: the state machine, passive open (children of a listener), RTT
 * samples and congestion window updates on ACKs, fast retransmit, the
 * receive queue, wake-ups of readers and writers, and connection teardown
 * (mytcp_done).
 */
#include <kunit/visibility.h>
#include <linux/ip.h>
#include <net/secure_seq.h>
#include <net/tcp.h>

#include "mytcp.h"
#include "sack.h"
#include "segment.h"
#include "seq.h"
#include "skbcb.h"
#include "mytcp_trace.h"

static const char *const mytcp_state_names[] = {
	[TCP_ESTABLISHED] = "ESTABLISHED", [TCP_SYN_SENT] = "SYN_SENT",
	[TCP_SYN_RECV] = "SYN_RECV", [TCP_FIN_WAIT1] = "FIN_WAIT1",
	[TCP_FIN_WAIT2] = "FIN_WAIT2", [TCP_TIME_WAIT] = "TIME_WAIT",
	[TCP_CLOSE] = "CLOSE", [TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[TCP_LAST_ACK] = "LAST_ACK", [TCP_LISTEN] = "LISTEN",
	[TCP_CLOSING] = "CLOSING",
};

/**
 * mytcp_state_name - printable name of a TCP state
 * @state: a TCP_* state
 *
 * Return: the name, or "?".
 */
const char *mytcp_state_name(int state)
{
	if (state < 0 || state >= ARRAY_SIZE(mytcp_state_names) ||
	    !mytcp_state_names[state])
		return "?";
	return mytcp_state_names[state];
}

/**
 * mytcp_set_state - change a socket's state, keeping CurrEstab right
 * @sk: the socket, locked
 * @state: the new TCP_* state
 */
void mytcp_set_state(struct sock *sk, int state)
{
	int old = sk->sk_state;

	if (old == state)
		return;
	trace_mytcp_set_state(sk, old, state);
	if (state == TCP_ESTABLISHED)
		MYTCP_INC_STATS(sock_net(sk), CURR_ESTAB);
	else if ((old == TCP_ESTABLISHED || old == TCP_CLOSE_WAIT) &&
		 state != TCP_CLOSE_WAIT)
		MYTCP_DEC_STATS(sock_net(sk), CURR_ESTAB);
	/* Pairs with the lockless READ_ONCE(sk->sk_state) of poll(). */
	smp_store_release(&sk->sk_state, state);
	/* SO_KEEPALIVE set before the connection existed starts now. */
	if (state == TCP_ESTABLISHED && sock_flag(sk, SOCK_KEEPOPEN))
		mytcp_keepalive_reset(sk);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_set_state);

/**
 * mytcp_write_space - wake writers when the send buffer has room again
 * @sk: the socket
 *
 * mytcp accounts queued send data in sk_wmem_queued, which the generic
 * sock_def_write_space() does not look at.
 */
void mytcp_write_space(struct sock *sk)
{
	struct socket_wq *wq;

	/*
	 * As Linux TCP (sk_stream_write_space()): wake writers only once a
	 * third of the buffer is free, not for every ACK that frees a
	 * little, so a writer wakes to queue a lot and not one skb.
	 */
	if (!sk_stream_is_writeable(sk) || !sk->sk_socket)
		return;
	/*
	 * And only if someone found the buffer full since the last wake:
	 * sendmsg() and poll() set SOCK_NOSPACE before they wait. The wait
	 * queue is the reader's too, so without this every ACK would wake
	 * a reader blocked after its last write (shutdown, then read to
	 * EOF) for nothing. Pairs with the barrier in mytcp_poll(): the
	 * freed space is seen before the bit is read.
	 */
	smp_mb();
	if (!test_and_clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags))
		return;
	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT | EPOLLWRNORM |
					   EPOLLWRBAND);
	sk_wake_async(sk, SOCK_WAKE_SPACE, POLL_OUT);
	rcu_read_unlock();
}

/**
 * mytcp_free_acked - free what the peer has acknowledged
 * @sk: the socket, locked
 */
void mytcp_free_acked(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb;
	bool freed = false;

	while ((skb = skb_peek(&sk->sk_write_queue))) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);

		if (after(cb->end_seq, ms->snd_una)) {
			/* Acknowledged in part: free what the peer holds. */
			if (before(cb->seq, ms->snd_una) &&
			    skb->len == cb->end_seq - cb->seq) {
				mytcp_trim_head(sk, skb, ms->snd_una - cb->seq);
				freed = true;
			}
			break;
		}
		/* Acknowledged while waiting to be resent after a timeout. */
		if (skb == ms->send_head)
			ms->send_head = mytcp_write_next(sk, skb);
		__skb_unlink(skb, &sk->sk_write_queue);
		sk_wmem_queued_add(sk, -skb->truesize);
		kfree_skb(skb);
		freed = true;
	}
	if (freed)
		sk->sk_write_space(sk);
}

#if IS_ENABLED(CONFIG_KUNIT)
struct mytcp_test_hooks mytcp_test_hooks;
EXPORT_SYMBOL_IF_KUNIT(mytcp_test_hooks);
#endif

/*
 * A passive connection ends before accept(): the listener forgets it.
 *
 * accept() (mytcp_accept_dequeue()) may take the child off the queue at the
 * same time, from another CPU: whoever clears @parent under the listener's
 * accept_lock owns the count in nr_children and the child's reference on
 * the listener, and the other one leaves both alone. The listener cannot be
 * freed between reading @parent and taking its lock: sockets are freed
 * after an RCU grace period (SOCK_RCU_FREE).
 */
static void mytcp_detach_child(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk), *parent;

	rcu_read_lock();
	parent = READ_ONCE(ms->parent);
	if (!parent) {
		rcu_read_unlock();
		return;
	}
	mytcp_test_hook_detach(sk);
	spin_lock_bh(&parent->accept_lock);
	if (ms->parent != parent) {
		/* accept() took it meanwhile, with the count and reference. */
		spin_unlock_bh(&parent->accept_lock);
		rcu_read_unlock();
		return;
	}
	if (!list_empty(&ms->accept_node)) {
		list_del_init(&ms->accept_node);
		__sock_put(sk);		/* the accept queue's reference */
	}
	parent->nr_children--;
	WRITE_ONCE(ms->parent, NULL);
	spin_unlock_bh(&parent->accept_lock);
	rcu_read_unlock();
	sock_put(&parent->sk);	/* the child's reference on its listener */
}

/**
 * mytcp_done - the connection is over: to CLOSED, out of the tables
 * @sk: the socket, locked
 * @err: the error for the user (ECONNRESET, ETIMEDOUT, ...), or 0
 *
 * Wakes everyone waiting on the socket. An orphan (closed by its user) is
 * freed once the last reference goes.
 */
void mytcp_done(struct sock *sk, int err)
{
	if (sk->sk_state == TCP_CLOSE)
		return;
	if (err) {
		WRITE_ONCE(sk->sk_err, err);
		sk_error_report(sk);
	}
	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV)
		MYTCP_INC_STATS(sock_net(sk), ATTEMPT_FAILS);
	mytcp_set_state(sk, TCP_CLOSE);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	mytcp_timers_cancel_all(sk);
	mytcp_detach_child(sk);
	mytcp_unhash(sk);
	sk->sk_state_change(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_done);

/* One RTT sample: to the RFC 6298 estimator, and the minimum (TCP_INFO). */
static void mytcp_take_rtt(struct mytcp_sock *ms, u32 rtt_us)
{
	ms->stats.min_rtt_us = min(ms->stats.min_rtt_us, rtt_us);
	mytcp_rtt_sample(&ms->rtt, rtt_us);
}

/*
 * RFC 2883 4: the first SACK block below SEG.ACK is a D-SACK, reporting a
 * duplicate; does it cover @seq?
 */
static bool mytcp_dsack_covers(const struct mytcp_seg *seg, u32 ack, u32 seq)
{
	const struct mytcp_sack_block *b = &seg->opt.sacks[0];

	return (seg->opt.present & MYTCP_OPT_SACK) && seg->opt.num_sacks &&
	       !after(b->end, ack) && !after(b->start, seq) &&
	       after(b->end, seq);
}

/*
 * New data acknowledged: RTT sample, free the send buffer, timers. With
 * timestamps the sample is the echoed TSval's age (RFC 7323 4.1), valid
 * for retransmitted segments too; without, Karn's rule (RFC 6298 3): no
 * sample from a segment sent more than once.
 *
 * One exception with timestamps: an ACK of a retransmitted first segment
 * that echoes a TSval older than that retransmission. The peer held the
 * segment already (its ACK was lost) and echoes the original's TSval
 * (RFC 7323 4.3: a duplicate does not move TS.Recent, and Linux TCP does
 * this): the age is the time since the original, timeout included, not
 * a round trip. Such samples drove the RTO to seconds at 20 % loss. If
 * the ACK reports the segment as a duplicate (D-SACK, RFC 2883), our
 * retransmission is what arrived and was answered: the sample is the
 * time since it was sent. Otherwise it is ambiguous as in Karn's rule,
 * and no sample is taken. @now_us is mytcp_clock_us() of this ACK.
 */
static void mytcp_ack_advanced(struct sock *sk, u32 ack,
			       const struct mytcp_seg *seg, u64 now_us)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb = skb_peek(&sk->sk_write_queue);
	struct mytcp_skb_cb *cb = skb ? MYTCP_SKB_CB(skb) : NULL;

	if (ms->ts_ok && (seg->opt.present & MYTCP_OPT_TS) && seg->opt.tsecr) {
		u32 age_ms = mytcp_ts_now(ms) - seg->opt.tsecr;
		u64 rtt_us = (u64)age_ms * USEC_PER_MSEC + USEC_PER_MSEC / 2;

		/* An echo older than two minutes is broken or hostile. */
		if (age_ms >= 120 * MSEC_PER_SEC)
			rtt_us = 0;
		else if (cb && (cb->sacked & MYTCP_SKB_RETRANS) && cb->sent_us &&
			 rtt_us > now_us - cb->sent_us + USEC_PER_MSEC)
			rtt_us = mytcp_dsack_covers(seg, ack, cb->seq) ?
				 now_us - cb->sent_us : 0;
		if (rtt_us)
			mytcp_take_rtt(ms, rtt_us);
	} else if (cb && cb->sent_us && !(cb->sacked & MYTCP_SKB_RETRANS) &&
		   !after(cb->end_seq, ack)) {
		mytcp_take_rtt(ms, now_us - cb->sent_us);
	}
	ms->stats.bytes_acked += ack - ms->snd_una;
	ms->snd_una = ack;
	ms->retries = 0;
	sk_dst_confirm(sk);	/* the next segment confirms the neighbour */
	mytcp_sndbuf_expand(sk);
	mytcp_free_acked(sk);
	mytcp_rearm_rtx(sk);
}

/* Options of a SYN: what both sides agreed to (RFC 7323, RFC 2018, 9293 3.7.1). */
static void mytcp_syn_options_in(struct mytcp_sock *ms,
				 const struct mytcp_options *o)
{
	u32 peer_mss = (o->present & MYTCP_OPT_MSS) ? o->mss : 536;

	ms->mss = clamp_t(u32, min_t(u32, peer_mss, ms->advmss), 64, 65535);
	if (ms->user_mss)
		ms->mss = min_t(u32, ms->mss, ms->user_mss);
	ms->wscale_ok = o->present & MYTCP_OPT_WSCALE;
	ms->snd_wscale = ms->wscale_ok ? o->wscale : 0;
	if (!ms->wscale_ok)
		ms->rcv_wscale = 0;
	ms->sack_ok = o->present & MYTCP_OPT_SACK_PERM;
	/* RFC 7323 3.2: timestamps on every segment once both sent them. */
	ms->ts_ok = o->present & MYTCP_OPT_TS;
	if (ms->ts_ok) {
		ms->ts_recent = o->tsval;
		ms->ts_recent_ns = ktime_get_ns();
		/* The 12 option bytes come out of every segment's payload. */
		ms->mss -= 12;
	}
	ms->cc_ops->init(&ms->cc, ms->mss);
}

/*
 * RFC 5681 3.1 (RFC 6928 2): if our SYN or SYN-ACK was lost (its timer
 * fired), the first window after the handshake is one segment. The
 * timeout of that one-byte flight says nothing of the path's capacity:
 * ssthresh starts arbitrarily high, as in any connection, not at the two
 * segments mytcp_rtx_expired() derived from it. Call before the ACK of
 * the SYN clears @retries.
 * Return: true if the SYN was lost (then call mytcp_syn_loss_rto() once
 * the ACK is taken in).
 */
static bool mytcp_syn_loss_window(struct mytcp_sock *ms)
{
	if (!ms->retries)
		return false;
	ms->cc_ops->init(&ms->cc, ms->mss);
	ms->cc.cwnd = ms->mss;
	return true;
}

/*
 * RFC 6298 5.7: after a SYN timeout, an ACK of the SYN that gave no RTT
 * sample (Karn's rule, no timestamps): data starts with a 3 s RTO, not
 * the 1 s of 2.1 (doubled by the backoff), as Linux TCP.
 */
static void mytcp_syn_loss_rto(struct mytcp_sock *ms)
{
	if (!ms->rtt.srtt_us)
		mytcp_rtt_fallback(&ms->rtt);
}

static void mytcp_learn_irs(struct mytcp_sock *ms, u32 seq)
{
	ms->irs = seq;
	ms->rcv_nxt = seq + 1;
	ms->copied_seq = ms->rcv_nxt;
	ms->rcv_wup = ms->rcv_nxt;
	ms->rcv_wnd = 0;
}

/* RFC 9293 3.10.7.2: a SYN to a listener makes a SYN-RECEIVED child. */
static void mytcp_listen_syn(struct sock *sk, struct sk_buff *skb,
			     const struct mytcp_seg *seg)
{
	struct mytcp_sock *lms = mytcp_sk(sk), *ms;
	const struct iphdr *iph = ip_hdr(skb);
	struct net *net = sock_net(sk);
	union tcp_seq_and_ts_off st;
	struct sock *child;
	bool full;

	spin_lock_bh(&lms->accept_lock);
	/* As Linux TCP: room for backlog + 1 connections. */
	full = lms->nr_children > READ_ONCE(sk->sk_max_ack_backlog);
	if (!full)
		lms->nr_children++;
	spin_unlock_bh(&lms->accept_lock);
	if (full) {
		MYTCP_INC_STATS(net, LISTEN_OVERFLOWS);
		return;
	}

	child = mytcp_sk_alloc(net, NULL, GFP_ATOMIC, 0);
	if (!child) {
		spin_lock_bh(&lms->accept_lock);
		lms->nr_children--;
		spin_unlock_bh(&lms->accept_lock);
		MYTCP_INC_STATS(net, LISTEN_DROPS);
		return;
	}
	ms = mytcp_sk(child);
	bh_lock_sock_nested(child);
	ms->saddr = iph->daddr;
	ms->daddr = iph->saddr;
	ms->sport = htons(seg->dport);
	ms->dport = htons(seg->sport);
	child->sk_rcvbuf = sk->sk_rcvbuf;
	child->sk_sndbuf = sk->sk_sndbuf;
	/* SO_RCVBUF/SO_SNDBUF on the listener: no autotuning either. */
	child->sk_userlocks |= sk->sk_userlocks &
			       (SOCK_SNDBUF_LOCK | SOCK_RCVBUF_LOCK);
	child->sk_reuse = sk->sk_reuse;
	child->sk_bound_dev_if = sk->sk_bound_dev_if;
	child->sk_mark = sk->sk_mark;
	ms->nodelay = lms->nodelay;
	ms->keepidle = lms->keepidle;
	ms->keepintvl = lms->keepintvl;
	ms->keepcnt = lms->keepcnt;
	if (sock_flag(sk, SOCK_KEEPOPEN))
		sock_set_flag(child, SOCK_KEEPOPEN);
	ms->user_mss = lms->user_mss;
	ms->cc_ops = READ_ONCE(lms->cc_ops);	/* TCP_CONGESTION is inherited */
	ms->rcv_wscale = lms->rcv_wscale;
	sock_hold(sk);
	ms->parent = lms;
	mytcp_set_state(child, TCP_SYN_RECV);

	ms->advmss = mytcp_route_mss(child);
	/* The listener's TCP_MAXSEG caps what the SYN-ACK announces. */
	if (ms->user_mss && ms->advmss)
		ms->advmss = min_t(u32, ms->advmss, ms->user_mss);
	if (!ms->advmss || mytcp_hash_connection(child)) {
		MYTCP_INC_STATS(net, LISTEN_DROPS);
		goto drop;
	}
	mytcp_bind_child(child, lms);
	mytcp_learn_irs(ms, seg->seq);
	mytcp_syn_options_in(ms, &seg->opt);
	ms->snd_wnd = seg->wnd;		/* RFC 7323 2.2: a SYN's window is not scaled */
	ms->max_window = ms->snd_wnd;
	ms->snd_wl1 = seg->seq;
	/* RFC 6528: ISN from a keyed hash of the 4-tuple plus a clock. */
	st = secure_tcp_seq_and_ts_off(net, ms->saddr, ms->daddr, ms->sport,
				       ms->dport);
	mytcp_init_send_seq(ms, st.seq);
	ms->ts_offset = st.ts_off;
	ms->snd_wl2 = ms->iss;
	mytcp_recovery_init(&ms->rec, ms->iss, ms->sack_ok);
	if (mytcp_queue_ctl(child, TCPHDR_SYN)) {
		mytcp_done(child, 0);
		goto unlock;
	}
	mytcp_push(child);
	MYTCP_INC_STATS(net, PASSIVE_OPENS);
	goto unlock;
drop:
	mytcp_done(child, 0);
unlock:
	bh_unlock_sock(child);
	sock_put(child);	/* our allocation reference; the table keeps one */
}

/* SYN-RECEIVED -> ESTABLISHED for a passive connection: queue for accept(). */
static void mytcp_child_established(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk), *parent = ms->parent;

	if (!parent)
		return;
	spin_lock_bh(&parent->accept_lock);
	if (parent->sk.sk_state == TCP_LISTEN) {
		sock_hold(sk);
		list_add_tail(&ms->accept_node, &parent->accept_queue);
		spin_unlock_bh(&parent->accept_lock);
		parent->sk.sk_data_ready(&parent->sk);
		return;
	}
	spin_unlock_bh(&parent->accept_lock);
	/* The listener closed meanwhile: nobody will accept this. */
	mytcp_send_active_reset(sk);
	mytcp_done(sk, ECONNRESET);
}

/* RFC 9293 3.10.7.3: a segment for a SYN-SENT socket. */
static void mytcp_rcv_syn_sent(struct sock *sk, struct sk_buff *skb,
			       const struct mytcp_seg *seg)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	bool has_ack = seg->flags & TCPHDR_ACK;
	bool syn_lost;

	if (has_ack && (!after(seg->ack_seq, ms->iss) ||
			after(seg->ack_seq, ms->snd_nxt))) {
		if (!(seg->flags & TCPHDR_RST))
			mytcp_send_reset_reply(sock_net(sk), skb);
		return;
	}
	if (seg->flags & TCPHDR_RST) {
		if (has_ack) {
			trace_mytcp_receive_reset(sk);
			mytcp_done(sk, ECONNREFUSED);
		}
		return;
	}
	if (!(seg->flags & TCPHDR_SYN))
		return;

	mytcp_learn_irs(ms, seg->seq);
	mytcp_syn_options_in(ms, &seg->opt);
	ms->snd_wnd = seg->wnd;
	ms->max_window = ms->snd_wnd;
	ms->snd_wl1 = seg->seq;
	ms->snd_wl2 = seg->ack_seq;
	mytcp_recovery_init(&ms->rec, ms->iss, ms->sack_ok);
	if (has_ack) {
		/*
		 * The SYN's round trip is the first RTT sample (RFC 6298 2.2,
		 * Karn's rule for a retransmitted SYN in mytcp_ack_advanced()),
		 * as on the passive side: without it the first data waited
		 * for the initial 1 s RTO (2.1) when lost, five times the
		 * usual 200 ms on a LAN.
		 */
		syn_lost = mytcp_syn_loss_window(ms);
		mytcp_ack_advanced(sk, seg->ack_seq, seg, mytcp_clock_us());
		if (syn_lost)
			mytcp_syn_loss_rto(ms);
		mytcp_set_state(sk, TCP_ESTABLISHED);
		mytcp_send_ack(sk);
		sk->sk_state_change(sk);
		sk->sk_write_space(sk);
		mytcp_push(sk);
	} else {
		/* Simultaneous open: SYN-RECEIVED, resend our SYN with an ACK. */
		mytcp_set_state(sk, TCP_SYN_RECV);
		mytcp_retransmit_head(sk, MYTCP_RTX_SYN_RECV);
	}
}

/*
 * RFC 9293 3.10.7.4 (seventh): in-order text to the receive queue, merged
 * into the queue's last skb where possible (less memory per byte).
 * Return: true if @skb was consumed (queued or merged), false if the
 * caller still owns it.
 */
static bool mytcp_queue_data(struct sock *sk, struct sk_buff *skb)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
	u32 fin = !!(cb->tcp_flags & TCPHDR_FIN);
	struct sk_buff *tail;
	bool stolen;
	int delta;

	if (!skb->len)
		return false;
	/* Drop the part we already have. */
	if (before(cb->seq, ms->rcv_nxt)) {
		if (!pskb_pull(skb, ms->rcv_nxt - cb->seq))
			return false;
		cb->seq = ms->rcv_nxt;
	}
	if (!skb->len)
		return false;
	ms->stats.bytes_received += cb->end_seq - fin - ms->rcv_nxt;
	ms->rcv_nxt = cb->end_seq - fin;
	mytcp_rcv_rtt_measure(sk);
	/*
	 * Count full-sized segments, however they arrived: a GRO or GSO skb
	 * holds many, and RFC 9293 3.8.6.3's "every second full-sized
	 * segment" is about segments, not skbs.
	 */
	ms->ack_pending += max_t(u32, 1, skb->len / ms->mss);
	ms->rcv_ratio = (ms->rcv_ratio * 7 +
			 min_t(u32, 256, skb->len * 256 / skb->truesize)) / 8;
	ms->rcv_ratio = max_t(u32, ms->rcv_ratio, 16);
	tail = skb_peek_tail(&sk->sk_receive_queue);
	if (tail && skb_try_coalesce(tail, skb, &stolen, &delta)) {
		atomic_add(delta, &sk->sk_rmem_alloc);
		kfree_skb_partial(skb, stolen);
	} else {
		skb_set_owner_r(skb, sk);
		__skb_queue_tail(&sk->sk_receive_queue, skb);
	}
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
	return true;
}

/*
 * Move what the out-of-order queue holds from RCV.NXT on to the receive
 * queue. @end_seq becomes the end of the last segment moved, so that a
 * FIN it carried is seen. Return: true if anything moved.
 */
static bool mytcp_ooo_drain(struct sock *sk, u32 *end_seq)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb;
	bool moved = false;

	while ((skb = mytcp_ooo_dequeue(&ms->ooo, ms->rcv_nxt))) {
		u32 end = MYTCP_SKB_CB(skb)->end_seq;
		bool fin = MYTCP_SKB_CB(skb)->tcp_flags & TCPHDR_FIN;

		if (!mytcp_queue_data(sk, skb))
			kfree_skb(skb);
		moved = true;
		if (fin) {
			*end_seq = end;
			break;
		}
	}
	return moved;
}

/* RFC 9293 3.10.7.4 (eighth): the peer's FIN. */
static void mytcp_rcv_fin(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	ms->rcv_nxt++;
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		mytcp_set_state(sk, TCP_CLOSE_WAIT);
		break;
	case TCP_FIN_WAIT1:
		/* Our FIN not yet acknowledged: simultaneous close. */
		mytcp_set_state(sk, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT2:
		mytcp_enter_time_wait(sk);
		break;
	}
	mytcp_send_ack(sk);
	sk->sk_state_change(sk);
	if (!sock_flag(sk, SOCK_DEAD))
		sk->sk_data_ready(sk);
}

/* Our FIN has been acknowledged (RFC 9293 3.10.7.4, fifth, per state). */
static void mytcp_fin_acked(struct sock *sk)
{
	switch (sk->sk_state) {
	case TCP_FIN_WAIT1:
		mytcp_set_state(sk, TCP_FIN_WAIT2);
		sk->sk_state_change(sk);
		mytcp_orphan_fin_wait2(sk);
		break;
	case TCP_CLOSING:
		mytcp_enter_time_wait(sk);
		break;
	case TCP_LAST_ACK:
		mytcp_done(sk, 0);
		break;
	}
}

/*
 * Fast recovery started: it reduces the window for the loss a probe was
 * sent for, so the probe's episode ends without a reduction of its own
 * (RFC 8985 7.4 is for a loss the probe alone repaired; Linux TCP ends
 * the episode the same way).
 */
static void mytcp_tlp_end(struct mytcp_sock *ms)
{
	ms->tlp_out = false;
}

/**
 * mytcp_rack_timeout - a timer found SACKed data: recover
 * @sk: the socket, locked; its retransmission timer ran as the probe
 *	timeout or as RACK's reordering timer outside recovery, and expired
 *
 * RFC 8985 6.3: with data above SND.UNA SACKed, the unSACKed segments
 * before it have had their reordering window and more: they are lost.
 * Start fast recovery as a third duplicate ACK would (RFC 6675 5) and
 * resend them, instead of a tail loss probe: probing the last segment
 * again (SACKed already) would bring only one more duplicate ACK, and the
 * RTO after it.
 *
 * Return: true if recovery started (the caller sends no probe).
 */
bool mytcp_rack_timeout(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_cc_clock clk;
	u32 sacked;

	if (!ms->sack_ok || ms->rec.in_recovery || !mytcp_probe_state(sk))
		return false;
	sacked = mytcp_sack_bytes(&sk->sk_write_queue);
	if (!sacked)
		return false;
	ms->rec.dupacks = MYTCP_DUPACK_THRESH - 1;
	clk.now_us = mytcp_clock_us();
	clk.srtt_us = ms->rtt.srtt_us;
	if (mytcp_recovery_on_ack(&ms->rec, &ms->cc, ms->cc_ops, ms->snd_una,
				  ms->snd_una, ms->snd_nxt, true,
				  ms->snd_nxt - ms->snd_una, &clk) !=
	    MYTCP_REC_RETRANSMIT_FIRST)
		return false;
	MYTCP_INC_STATS(sock_net(sk), FAST_RETRANS);
	MYTCP_INC_STATS(sock_net(sk), RACK_TIMEOUTS);
	ms->high_rxt = ms->snd_una;	/* RFC 6675 4 */
	mytcp_tlp_end(ms);
	mytcp_retransmit_head(sk, MYTCP_RTX_FAST);
	mytcp_retransmit_holes(sk, sacked);
	mytcp_rearm_rtx(sk);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rack_timeout);

/*
 * RFC 8985 7.4: an ACK (before it is applied) while a tail loss probe's
 * episode is open. A probe of new data: over once acknowledged. A probe
 * that sent the last segment again: if the peer reports that as a
 * duplicate (D-SACK, RFC 2883), or answers at its end with a pure
 * duplicate ACK, both copies arrived and nothing was lost. If the ACK
 * goes past it with no such report first, only the probe arrived: it
 * repaired a loss, and the window is reduced as fast recovery would have
 * (7.4.2), entered and left at once, as Linux TCP: ssthresh from cwnd
 * (the flight when the loss happened is not known any more), cwnd from
 * ssthresh and the flight now. An ACK of exactly its end may be followed
 * by the D-SACK: wait for the next one.
 */
static void mytcp_tlp_ack(struct sock *sk, const struct mytcp_seg *seg,
			  u32 ack, u32 sacked)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u32 flight = ms->snd_nxt - ms->snd_una;

	if (!ms->tlp_out || before(ack, ms->tlp_high))
		return;
	if (!ms->tlp_retrans || mytcp_dsack_covers(seg, ack, ms->tlp_high - 1)) {
		ms->tlp_out = false;
		return;
	}
	if (after(ack, ms->tlp_high)) {
		ms->tlp_out = false;
		MYTCP_INC_STATS(sock_net(sk), TLP_RECOVERIES);
		ms->cc_ops->on_enter_recovery(&ms->cc, ms->cc.cwnd);
		ms->cc_ops->on_exit_recovery(&ms->cc, flight);
		return;
	}
	if (ack == ms->snd_una && !sacked && !seg->data_len)
		ms->tlp_out = false;
}

/* RFC 9293 3.10.7.4 (fifth): the ACK field in a synchronized state. */
static bool mytcp_rcv_ack(struct sock *sk, const struct mytcp_seg *seg)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u32 ack = seg->ack_seq;
	u32 sacked = 0;
	bool syn_lost;

	if (sk->sk_state == TCP_SYN_RECV) {
		if (!mytcp_ack_acceptable(ack, ms->snd_una, ms->snd_nxt))
			return false;	/* caller answers with RST */
		mytcp_set_state(sk, TCP_ESTABLISHED);
		ms->snd_wnd = (u32)seg->wnd << ms->snd_wscale;
		ms->snd_wl1 = seg->seq;
		ms->snd_wl2 = ack;
		syn_lost = mytcp_syn_loss_window(ms);
		mytcp_ack_advanced(sk, ack, seg, mytcp_clock_us());
		if (syn_lost)
			mytcp_syn_loss_rto(ms);
		mytcp_child_established(sk);
		sk->sk_state_change(sk);
		return true;
	}
	/* RFC 5961 5.2: an ACK below SND.UNA - MAX.SND.WND is dropped. */
	if (before(ack, ms->snd_una - ms->max_window)) {
		MYTCP_INC_STATS(sock_net(sk), IN_OLD_ACKS);
		mytcp_send_ack(sk);
		return true;
	}
	if (after(ack, ms->snd_nxt)) {
		/* Acknowledges something not yet sent: ACK and drop. */
		mytcp_send_ack(sk);
		return true;
	}
	if (ms->sack_ok && (seg->opt.present & MYTCP_OPT_SACK)) {
		mytcp_sack_cut(sk, seg->opt.sacks, seg->opt.num_sacks);
		sacked = mytcp_sack_mark(&sk->sk_write_queue, seg->opt.sacks,
					 seg->opt.num_sacks, ms->snd_una,
					 ms->snd_nxt);
	}
	mytcp_tlp_ack(sk, seg, ack, sacked);
	if (after(ack, ms->snd_una) || ack == ms->snd_una) {
		/* RFC 5681 2: a duplicate ACK acknowledges nothing new and
		 * carries no data, no SYN/FIN and the same window, while
		 * data is outstanding.
		 */
		bool dup = ack == ms->snd_una && !seg->data_len &&
			   !(seg->flags & (TCPHDR_SYN | TCPHDR_FIN)) &&
			   ms->snd_una != ms->snd_nxt &&
			   ((u32)seg->wnd << ms->snd_wscale) == ms->snd_wnd;
		bool was_in_recovery = ms->rec.in_recovery;
		enum mytcp_rec_action act;
		struct mytcp_cc_clock clk;

		/*
		 * RFC 6675 2: with SACK, an ACK that SACKs new data is a
		 * duplicate whatever its window (a receiver holding data out
		 * of order changes its window all the time).
		 */
		if (sacked && ack == ms->snd_una && ms->snd_una != ms->snd_nxt)
			dup = true;

		/*
		 * RFC 6675 5 (IsLost(), DupThresh): SACKed data of three
		 * segments above SND.UNA means the first one is lost: this
		 * duplicate counts as the third, as a burst of them would.
		 * So does RFC 8985 6.2's time rule: the peer holds a segment
		 * sent well after the first one (e.g. a tail loss probe).
		 */
		if (dup && sacked && !ms->rec.in_recovery &&
		    ms->rec.dupacks < MYTCP_DUPACK_THRESH - 1 &&
		    (mytcp_sack_bytes(&sk->sk_write_queue) >=
		     MYTCP_DUPACK_THRESH * ms->mss || mytcp_rack_head_lost(sk)))
			ms->rec.dupacks = MYTCP_DUPACK_THRESH - 1;
		/* The clock, for an ACK of new data only (RTT, cwnd growth). */
		clk.srtt_us = ms->rtt.srtt_us;
		clk.now_us = after(ack, ms->snd_una) ? mytcp_clock_us() : 0;
		act = mytcp_recovery_on_ack(&ms->rec, &ms->cc, ms->cc_ops, ack,
					    ms->snd_una, ms->snd_nxt, dup,
					    ms->snd_nxt - ack, &clk);
		if (after(ack, ms->snd_una))
			mytcp_ack_advanced(sk, ack, seg, clk.now_us);
		/*
		 * RFC 6582 3.2 step 3 resends the first unacknowledged
		 * segment on a partial ACK. With SACK, not when it went again
		 * in this recovery already (HighRxt is past it): it is in
		 * flight, a second copy would only bring a duplicate, and if
		 * it is lost RACK's time rule finds it (RFC 8985 6.2, in
		 * mytcp_retransmit_holes()).
		 */
		if (act == MYTCP_REC_RETRANSMIT_FIRST) {
			/*
			 * RFC 8985 7.2: no probe in recovery; a pending probe
			 * timeout becomes the RTO.
			 */
			if (!was_in_recovery && ms->rtx_is_pto)
				mytcp_rearm_rtx(sk);
			if (!was_in_recovery) {
				MYTCP_INC_STATS(sock_net(sk), FAST_RETRANS);
				/* RFC 6675 4: HighRxt starts at SND.UNA. */
				ms->high_rxt = ms->snd_una;
				mytcp_tlp_end(ms);
			}
			if (!was_in_recovery || !ms->sack_ok ||
			    !after(ms->high_rxt, ms->snd_una) ||
			    after(ms->high_rxt, ms->snd_nxt))
				mytcp_retransmit_head(sk, MYTCP_RTX_FAST);
		}
		/*
		 * RFC 6675 5: in recovery, each ACK that acknowledges or
		 * SACKs data lets lost segments go, as far as the recovery
		 * window allows.
		 */
		if (ms->rec.in_recovery && ms->sack_ok &&
		    (sacked || act == MYTCP_REC_RETRANSMIT_FIRST)) {
			mytcp_retransmit_holes(sk, sacked);
			mytcp_arm_reo(sk);
		} else if (sacked && !ms->rec.in_recovery) {
			/*
			 * RFC 8985 6.3: SACKed data above a first segment
			 * not lost yet; it will be by time, when no ACK
			 * follows (too few segments after it for three
			 * duplicates).
			 */
			mytcp_arm_reo(sk);
		}
	}
	/*
	 * The peer answers: persist probes start counting again (RFC 9293
	 * 3.8.6.1: probe as long as the peer answers). Not for an orphan:
	 * nobody will ever read or close it, and a peer that answers every
	 * probe and never opens its window would hold it, its buffer and the
	 * module for ever; it ends after net.mytcp.retries probes (as Linux
	 * ends orphans in tcp_probe_timer()), unless data gets through (an
	 * ACK of new data starts the count again).
	 */
	if (ms->snd_una == ms->snd_nxt && !sock_flag(sk, SOCK_DEAD))
		ms->retries = 0;
	/* Window update (RFC 9293 3.10.7.4, SND.WL1/SND.WL2 rule). */
	if (before(ms->snd_wl1, seg->seq) ||
	    (ms->snd_wl1 == seg->seq && !before(ack, ms->snd_wl2))) {
		ms->snd_wnd = (u32)seg->wnd << ms->snd_wscale;
		ms->max_window = max(ms->max_window, ms->snd_wnd);
		ms->snd_wl1 = seg->seq;
		ms->snd_wl2 = ack;
	}
	if (ms->fin_queued && ms->snd_una == ms->write_seq)
		mytcp_fin_acked(sk);
	return true;
}

/*
 * RFC 5961 3.2 and 4.2: answer an in-window RST or a SYN with a challenge
 * ACK, at most MYTCP_CHALLENGE_ACK_LIMIT a second (RFC 5961 7), so that
 * the answers cannot be used to flood or to probe the window.
 */
static void mytcp_challenge_ack(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u64 now = ktime_get_ns();

	if (now - ms->chack_start_ns > NSEC_PER_SEC) {
		ms->chack_start_ns = now;
		ms->chack_count = 0;
	}
	if (ms->chack_count >= MYTCP_CHALLENGE_ACK_LIMIT) {
		MYTCP_INC_STATS(sock_net(sk), CHALLENGE_ACKS_LIMITED);
		return;
	}
	ms->chack_count++;
	MYTCP_INC_STATS(sock_net(sk), CHALLENGE_ACKS);
	mytcp_send_ack(sk);
}

/*
 * RFC 7323 4.3: remember the peer's TSval to echo, from a segment that
 * starts at or before what we last acknowledged (Last.ACK.sent: @rcv_wup).
 */
static void mytcp_ts_recent_update(struct mytcp_sock *ms,
				   const struct mytcp_seg *seg, u32 seq)
{
	if (ms->ts_ok && (seg->opt.present & MYTCP_OPT_TS) &&
	    !after(seq, ms->rcv_wup)) {
		ms->ts_recent = seg->opt.tsval;
		ms->ts_recent_ns = ms->rcv_tstamp_ns;
	}
}

/*
 * A segment PAWS would drop that is only a duplicate ACK sent a moment
 * before a newer one (as Linux TCP accepts "disordered" ACKs): no data,
 * no SYN/FIN/RST, at RCV.NXT, acknowledging SND.UNA with the window we
 * hold, and its TSval within one RTO (in ms ticks) of TS.Recent.
 */
static bool mytcp_disordered_ack(const struct mytcp_sock *ms,
				 const struct mytcp_seg *seg, u32 seq,
				 u32 seg_len)
{
	return !seg_len && seq == ms->rcv_nxt &&
	       (seg->flags & (TCPHDR_SYN | TCPHDR_FIN | TCPHDR_RST |
			      TCPHDR_ACK)) == TCPHDR_ACK &&
	       seg->ack_seq == ms->snd_una &&
	       ((u32)seg->wnd << ms->snd_wscale) == ms->snd_wnd &&
	       ms->ts_recent - seg->opt.tsval <=
	       mytcp_rtt_timeout_us(&ms->rtt) / USEC_PER_MSEC;
}

/*
 * Segments in synchronized states and SYN-RECEIVED (RFC 9293 3.10.7.4).
 * Return: true if @skb was consumed (its data queued).
 */
static bool mytcp_rcv_established(struct sock *sk, struct sk_buff *skb,
				  const struct mytcp_seg *seg)
{
	bool consumed = false, stale_ts = false;
	struct mytcp_sock *ms = mytcp_sk(sk);
	/* Unread data before this segment: the user is behind. */
	bool queued_before = !skb_queue_empty(&sk->sk_receive_queue);
	struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
	u32 seg_len = cb->end_seq - cb->seq;
	/* Read before the data is queued: @skb may be merged and freed. */
	u32 end_seq = cb->end_seq, data_len = skb->len, cb_end = end_seq;
	u32 wnd = ms->rcv_wup + ms->rcv_wnd - ms->rcv_nxt;

	if ((s32)wnd < 0)
		wnd = 0;
	/*
	 * RFC 7323 5.3 (PAWS): a segment whose TSval is older than TS.Recent
	 * is a duplicate from an earlier wrap of the sequence space: drop it
	 * and ACK it. RFC 7323 5.5: not against a TS.Recent older than 24
	 * days (the next acceptable segment replaces it). Two exceptions go
	 * on, their TSval not taken as TS.Recent: a duplicate ACK that left
	 * the peer just before the one that set TS.Recent (two CPUs sent
	 * them), for its SACK blocks; and a reset (RFC 7323 5.3 R1 exempts
	 * it, as Linux TCP does: a peer that restarted and lost its
	 * timestamp clock can still end the connection), to the RST checks.
	 */
	if (ms->ts_ok && (seg->opt.present & MYTCP_OPT_TS) &&
	    (s32)(seg->opt.tsval - ms->ts_recent) < 0 &&
	    ms->rcv_tstamp_ns - ms->ts_recent_ns < MYTCP_PAWS_IDLE_NS) {
		if (!mytcp_disordered_ack(ms, seg, cb->seq, seg_len) &&
		    !(seg->flags & TCPHDR_RST)) {
			MYTCP_INC_STATS(sock_net(sk), PAWS_DROPS);
			mytcp_send_ack(sk);
			return false;
		}
		stale_ts = true;
	}
	/*
	 * The peer's SYN again, in SYN-RECEIVED: our SYN-ACK was lost. The
	 * acceptability test below would answer with a bare ACK, which a
	 * peer in SYN-SENT drops (RFC 9293 3.10.7.3), and the handshake
	 * would wait for our retransmission timer. Resend the SYN-ACK now,
	 * as the retransmission it answers asks for (RFC 9293 3.5, figure 7
	 * recovers a lost SYN-ACK by retransmission; Linux does the same).
	 */
	if (sk->sk_state == TCP_SYN_RECV && cb->seq == ms->irs &&
	    (seg->flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST)) == TCPHDR_SYN) {
		MYTCP_INC_STATS(sock_net(sk), SYN_RETRANS_IN);
		mytcp_retransmit_head(sk, MYTCP_RTX_SYN_RECV);
		return false;
	}
	/* First: sequence number acceptable? */
	if (!mytcp_seg_acceptable(cb->seq, seg_len, ms->rcv_nxt, wnd)) {
		MYTCP_INC_STATS(sock_net(sk), IN_OUT_OF_WINDOW);
		if (seg->flags & TCPHDR_RST)
			return false;
		/*
		 * A retransmission of data we hold (our ACK was lost): the
		 * duplicate ACK echoes its TSval, which passed PAWS, so the
		 * sender's RTT sample is one round trip and not the time
		 * since the original (RFC 7323 4.3: SEG.SEQ <=
		 * Last.ACK.sent). Echoing the original's TSval inflated
		 * Linux's RTO to tens of seconds at 20 % loss.
		 */
		if (!after(cb->end_seq, ms->rcv_nxt))
			mytcp_ts_recent_update(ms, seg, cb->seq);
		/*
		 * RFC 2883 4: data (or a FIN) we hold already is reported
		 * in a D-SACK block, as Linux TCP does.
		 */
		if (ms->sack_ok && cb->end_seq != cb->seq &&
		    !(seg->flags & TCPHDR_SYN) && before(cb->seq, ms->rcv_nxt))
			mytcp_send_dsack(sk, cb->seq,
					 after(cb->end_seq, ms->rcv_nxt) ?
					 ms->rcv_nxt : cb->end_seq);
		else
			mytcp_send_ack(sk);
		return false;
	}
	if (!stale_ts)
		mytcp_ts_recent_update(ms, seg, cb->seq);
	/* Second: RST. RFC 5961 3.2: only an exact match resets. */
	if (seg->flags & TCPHDR_RST) {
		if (cb->seq != ms->rcv_nxt) {
			mytcp_challenge_ack(sk);
			return false;
		}
		trace_mytcp_receive_reset(sk);
		switch (sk->sk_state) {
		case TCP_CLOSING:
		case TCP_LAST_ACK:
		case TCP_TIME_WAIT:
			/* Nothing left to tell the user: just close. */
			mytcp_done(sk, 0);
			break;
		case TCP_CLOSE_WAIT:
			MYTCP_INC_STATS(sock_net(sk), ESTAB_RESETS);
			mytcp_done(sk, EPIPE);
			break;
		case TCP_ESTABLISHED:
			MYTCP_INC_STATS(sock_net(sk), ESTAB_RESETS);
			fallthrough;
		default:
			mytcp_done(sk, ECONNRESET);
		}
		return false;
	}
	/* Fourth: SYN in a synchronized state. RFC 5961 4.2: challenge ACK. */
	if (seg->flags & TCPHDR_SYN) {
		mytcp_challenge_ack(sk);
		return false;
	}
	/* Fifth: no ACK, no further processing. */
	if (!(seg->flags & TCPHDR_ACK))
		return false;
	if (!mytcp_rcv_ack(sk, seg)) {
		mytcp_send_reset_reply(sock_net(sk), skb);
		return false;
	}
	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_SYN_RECV)
		return false;
	/* Seventh: text, in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 only. */
	if (skb->len) {
		if (sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_FIN_WAIT1 &&
		    sk->sk_state != TCP_FIN_WAIT2) {
			/* Data after the peer's FIN: RFC 9293 3.10.7.4 ignores it. */
		} else if (sock_flag(sk, SOCK_DEAD) &&
			   after(cb->seq + skb->len, ms->rcv_nxt)) {
			/*
			 * New data for a socket the user has closed: nobody
			 * will read it. RFC 1122 4.2.2.13 (RFC 9293 3.6): send
			 * a reset to show that data was lost, and end the
			 * connection instead of waiting for its FIN.
			 */
			MYTCP_INC_STATS(sock_net(sk), ABORT_ON_DATA);
			mytcp_send_active_reset(sk);
			mytcp_done(sk, ECONNRESET);
			return false;
		} else if (!after(cb->seq, ms->rcv_nxt)) {
			if (atomic_read(&sk->sk_rmem_alloc) > sk->sk_rcvbuf) {
				MYTCP_INC_STATS(sock_net(sk), RCV_PRUNED);
				mytcp_send_ack(sk);
				mytcp_push(sk);
				return false;
			}
			consumed = mytcp_queue_data(sk, skb);
		} else {
			/*
			 * Out of order: keep it for later (RFC 9293 3.10.7.4)
			 * and ask for the hole at once (RFC 5681 4.2).
			 */
			if (atomic_read(&sk->sk_rmem_alloc) + ms->ooo.truesize >
			    sk->sk_rcvbuf) {
				MYTCP_INC_STATS(sock_net(sk), RCV_PRUNED);
			} else {
				MYTCP_INC_STATS(sock_net(sk), OFO_QUEUED);
				ms->stats.rcv_ooopack++;
				mytcp_ooo_insert(&ms->ooo, skb);
				consumed = true;
			}
			mytcp_send_ack(sk);
			mytcp_push(sk);
			return consumed;
		}
		/*
		 * The hole before queued segments may be filled now. RFC 5681
		 * 4.2: a segment that fills all or part of a gap is ACKed at
		 * once (the sender in recovery waits for that ACK).
		 */
		if (ms->ooo.nr_skbs) {
			mytcp_ooo_drain(sk, &end_seq);
			ms->ack_pending = 2;
			queued_before = false;	/* no deferring this one */
		}
	}
	/* Eighth: FIN, once everything before it has arrived. */
	if ((seg->flags & TCPHDR_FIN || end_seq != cb_end) &&
	    end_seq - 1 == ms->rcv_nxt) {
		mytcp_rcv_fin(sk);
		/*
		 * The ACK this FIN came with may have emptied the flight and
		 * stopped the timer: what waits for room must go now.
		 */
		mytcp_push(sk);
		return consumed;
	}
	if (sk->sk_state == TCP_TIME_WAIT && (seg->flags & TCPHDR_FIN)) {
		/* A retransmitted FIN: ACK it and restart 2*MSL. */
		mytcp_send_ack(sk);
		mytcp_enter_time_wait(sk);
		return consumed;
	}
	/*
	 * RFC 9293 3.8.6.3: ACK at least every second full segment. One
	 * exception, as Linux TCP makes it: when the user has not read
	 * what came before (the queue held data already) and this ACK would
	 * not move the window's right edge on by what arrived, the ACK is
	 * left to the reader: recvmsg() sends it after copying (with the
	 * window it opened), or the delayed-ACK timer does. A bulk sender
	 * then gets one ACK per read, covering many segments, instead of
	 * one per received skb that each let a small burst go.
	 *
	 * Less than a full segment is acknowledged at once, unless the
	 * connection is interactive (@pingpong: we have been answering the
	 * peer's data with data): then the ACK waits, up to the delayed-ACK
	 * time, to go with the answer (RFC 1122 4.2.3.2), one segment per
	 * request instead of two.
	 */
	if (ms->ack_pending >= 2 && queued_before &&
	    mytcp_rcv_window(sk) < ms->rcv_wnd)
		mytcp_timer_arm(sk, &ms->delack_timer, MYTCP_DELACK_NS);
	else if (ms->ack_pending >= 2 ||
		 (ms->ack_pending && data_len < ms->mss && !ms->pingpong))
		mytcp_send_ack(sk);
	else if (ms->ack_pending)
		mytcp_timer_arm(sk, &ms->delack_timer, MYTCP_DELACK_NS);
	mytcp_push(sk);
	return consumed;
}

/**
 * mytcp_rcv - process one segment for a socket
 * @sk: the socket, locked (by softirq, or owned by the user via backlog)
 * @skb: the segment, skb->data at the TCP header, checked by the hook;
 *	consumed
 *
 * Return: 0.
 */
int mytcp_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_seg seg;
	int err;

	err = mytcp_parse_segment(skb->data, skb_headlen(skb), skb->len, &seg);
	if (err) {
		MYTCP_INC_STATS(sock_net(sk), IN_ERRS);
		goto drop;
	}
	cb->seq = seg.seq;
	cb->end_seq = seg.seq + seg.data_len + !!(seg.flags & TCPHDR_SYN) +
		      !!(seg.flags & TCPHDR_FIN);
	cb->tcp_flags = seg.flags;
	skb_reset_transport_header(skb);
	/* The peer spoke: keepalive starts counting silence again. */
	ms->rcv_tstamp_ns = ktime_get_ns();
	ms->ka_probes = 0;
	ms->stats.segs_in++;
	if (seg.data_len) {
		ms->stats.data_segs_in++;
		ms->stats.last_data_recv_ns = ms->rcv_tstamp_ns;
	}
	__skb_pull(skb, seg.hdr_len);

	switch (sk->sk_state) {
	case TCP_CLOSE:
		mytcp_send_reset_reply(sock_net(sk), skb);
		break;
	case TCP_LISTEN:
		/* RFC 9293 3.10.7.2 */
		if (seg.flags & TCPHDR_RST)
			break;
		if (seg.flags & TCPHDR_ACK) {
			mytcp_send_reset_reply(sock_net(sk), skb);
			break;
		}
		if (seg.flags & TCPHDR_SYN)
			mytcp_listen_syn(sk, skb, &seg);
		break;
	case TCP_SYN_SENT:
		mytcp_rcv_syn_sent(sk, skb, &seg);
		break;
	default:
		if (mytcp_rcv_established(sk, skb, &seg))
			skb = NULL;	/* queued */
		break;
	}
	mytcp_orphan_check(sk, NULL);
drop:
	kfree_skb(skb);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rcv);
