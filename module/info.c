// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: what a connection tells about itself through getsockopt().
 *
 * Owns: TCP_INFO (Linux's struct tcp_info, filled with every field mytcp
 * keeps, so that tools written for Linux TCP read mytcp sockets) and
 * TCP_CONGESTION (the congestion-control algorithm, by name).
 */
#include <linux/ip.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/uaccess.h>
#include <net/tcp.h>

#include "mytcp.h"
#include "skbcb.h"

/* Milliseconds since @ns (a ktime_get_ns() stamp), 0 if it never happened. */
static u32 mytcp_ms_since(u64 ns)
{
	return ns ? div_u64(ktime_get_ns() - ns, NSEC_PER_MSEC) : 0;
}

/* Linux's congestion-avoidance state, as TCP_INFO reports it. */
static u8 mytcp_ca_state(const struct mytcp_sock *ms)
{
	if (ms->retries)
		return TCP_CA_Loss;
	if (ms->rec.in_recovery)
		return TCP_CA_Recovery;
	if (ms->rec.dupacks)
		return TCP_CA_Disorder;
	return TCP_CA_Open;
}

/*
 * Count the in-flight segments of the write queue: sent and not yet
 * acknowledged, of those SACKed, and of those retransmitted.
 */
static void mytcp_count_flight(struct sock *sk, struct tcp_info *info)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb) {
		const struct mytcp_skb_cb *cb = MYTCP_SKB_CB(skb);
		/* An skb holds up to a GSO super-segment: count segments. */
		u32 segs = max_t(u32, 1, DIV_ROUND_UP(skb->len, ms->mss));

		if (skb == ms->send_head || !before(cb->seq, ms->snd_nxt))
			break;
		info->tcpi_unacked += segs;
		if (cb->sacked & MYTCP_SKB_SACKED)
			info->tcpi_sacked += segs;
		if (cb->sacked & MYTCP_SKB_RETRANS)
			info->tcpi_retrans += segs;
	}
}

/* Fill @info from the socket (locked). Windows in segments, as Linux. */
static void mytcp_fill_info(struct sock *sk, struct tcp_info *info)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	const struct mytcp_sock_stats *st = &ms->stats;
	u32 mss = max_t(u32, ms->mss, 1);

	memset(info, 0, sizeof(*info));
	info->tcpi_state = sk->sk_state;
	info->tcpi_ca_state = mytcp_ca_state(ms);
	info->tcpi_retransmits = ms->retries;
	info->tcpi_backoff = ms->rtt.backoff;
	if (ms->ts_ok)
		info->tcpi_options |= TCPI_OPT_TIMESTAMPS;
	if (ms->sack_ok)
		info->tcpi_options |= TCPI_OPT_SACK;
	if (ms->wscale_ok) {
		info->tcpi_options |= TCPI_OPT_WSCALE;
		info->tcpi_snd_wscale = ms->snd_wscale;
		info->tcpi_rcv_wscale = ms->rcv_wscale;
	}
	info->tcpi_rto = mytcp_rtt_timeout_us(&ms->rtt);
	info->tcpi_snd_mss = ms->mss;
	info->tcpi_rcv_mss = ms->advmss;
	if (sk->sk_state != TCP_LISTEN)
		mytcp_count_flight(sk, info);
	info->tcpi_last_data_sent = mytcp_ms_since(st->last_data_sent_ns);
	info->tcpi_last_data_recv = mytcp_ms_since(st->last_data_recv_ns);
	info->tcpi_last_ack_recv = mytcp_ms_since(ms->rcv_tstamp_ns);
	/* The path MTU, at most an IP datagram's 65535 bytes. */
	info->tcpi_pmtu = ms->advmss ? min_t(u32, ms->advmss + 40, IP_MAX_MTU) : 0;
	info->tcpi_rcv_ssthresh = ms->rcv_wnd;
	info->tcpi_rtt = ms->rtt.srtt_us;
	info->tcpi_rttvar = ms->rtt.rttvar_us;
	info->tcpi_snd_ssthresh = ms->cc.ssthresh == MYTCP_CC_SSTHRESH_INF ?
				  TCP_INFINITE_SSTHRESH :
				  DIV_ROUND_UP(ms->cc.ssthresh, mss);
	/* mytcp counts the window in bytes (RFC 5681); Linux in segments. */
	info->tcpi_snd_cwnd = DIV_ROUND_UP(ms->cc.cwnd, mss);
	/* As Linux: the MSS we can receive, less the timestamps option. */
	info->tcpi_advmss = ms->advmss - (ms->ts_ok ? TCPOLEN_TSTAMP_ALIGNED : 0);
	/* RFC 5681 3.2: three duplicate ACKs, the fixed threshold. */
	info->tcpi_reordering = 3;
	info->tcpi_rcv_space = ms->rcv_wnd;
	info->tcpi_total_retrans = ms->retrans_total;
	/* No pacing: the rates are "unlimited", as Linux says. */
	info->tcpi_pacing_rate = ~0ULL;
	info->tcpi_max_pacing_rate = ~0ULL;
	info->tcpi_bytes_acked = st->bytes_acked;
	info->tcpi_bytes_received = st->bytes_received;
	info->tcpi_segs_out = st->segs_out;
	info->tcpi_segs_in = st->segs_in;
	if (sk->sk_state != TCP_LISTEN)
		info->tcpi_notsent_bytes = ms->write_seq - ms->snd_nxt -
					   (ms->fin_queued &&
					    after(ms->write_seq, ms->snd_nxt));
	info->tcpi_min_rtt = st->min_rtt_us;
	info->tcpi_data_segs_in = st->data_segs_in;
	info->tcpi_data_segs_out = st->data_segs_out;
	info->tcpi_delivered = st->data_segs_out - info->tcpi_unacked;
	info->tcpi_bytes_sent = st->bytes_sent;
	info->tcpi_bytes_retrans = st->bytes_retrans;
	info->tcpi_rcv_ooopack = st->rcv_ooopack;
	info->tcpi_snd_wnd = ms->snd_wnd;
}

/**
 * mytcp_get_info - getsockopt(IPPROTO_TCP, TCP_INFO)
 * @sk: the socket, not locked
 * @optval: the user's buffer
 * @optlen: in: its size; out: the bytes written
 *
 * As Linux: a buffer shorter than struct tcp_info gets its first bytes,
 * and the length written back tells how much that was.
 *
 * Return: 0 or -EFAULT/-EINVAL.
 */
int mytcp_get_info(struct sock *sk, char __user *optval, int __user *optlen)
{
	struct tcp_info info;
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	lock_sock(sk);
	mytcp_fill_info(sk, &info);
	release_sock(sk);
	len = min_t(unsigned int, len, sizeof(info));
	if (put_user(len, optlen) || copy_to_user(optval, &info, len))
		return -EFAULT;
	return 0;
}

/**
 * mytcp_set_congestion - setsockopt(IPPROTO_TCP, TCP_CONGESTION)
 * @sk: the socket, not locked
 * @optval: the algorithm's name (need not be NUL-terminated)
 * @optlen: its length
 *
 * A connection that switches keeps its window, ssthresh and MSS; the new
 * algorithm starts with no history of its own (&struct mytcp_cc.priv
 * zeroed), as Linux's tcp_reinit_congestion_control() does.
 *
 * Return: 0, -EINVAL for an empty name, -EFAULT, or -ENOENT for an
 * algorithm mytcp does not have (Linux's answers).
 */
int mytcp_set_congestion(struct sock *sk, sockptr_t optval,
			 unsigned int optlen)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	const struct mytcp_cc_ops *ops;
	char name[TCP_CA_NAME_MAX];

	if (optlen < 1)
		return -EINVAL;
	optlen = min_t(unsigned int, optlen, sizeof(name) - 1);
	if (copy_from_sockptr(name, optval, optlen))
		return -EFAULT;
	name[optlen] = 0;
	ops = mytcp_cc_find(name);
	if (!ops)
		return -ENOENT;
	lock_sock(sk);
	if (ops != ms->cc_ops) {
		memset(ms->cc.priv, 0, sizeof(ms->cc.priv));
		ms->cc.acked_acc = 0;
		WRITE_ONCE(ms->cc_ops, ops);
	}
	release_sock(sk);
	return 0;
}

/**
 * mytcp_get_congestion - getsockopt(IPPROTO_TCP, TCP_CONGESTION)
 * @sk: the socket
 * @optval: the user's buffer
 * @optlen: in: its size; out: the bytes written (at most TCP_CA_NAME_MAX)
 *
 * Return: 0, -EFAULT or -EINVAL.
 */
int mytcp_get_congestion(struct sock *sk, char __user *optval,
			 int __user *optlen)
{
	char name[TCP_CA_NAME_MAX] = {};
	int len;

	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	strscpy(name, READ_ONCE(mytcp_sk(sk)->cc_ops)->name, sizeof(name));
	len = min_t(unsigned int, len, sizeof(name));
	if (put_user(len, optlen) || copy_to_user(optval, name, len))
		return -EFAULT;
	return 0;
}
