// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: socket buffer autotuning.
 *
 * Owns: growing a connection's send and receive buffers from their
 * defaults (net.mytcp.wmem_default, rmem_default) up to net.mytcp.wmem_max
 * and rmem_max, as Linux TCP does between tcp_wmem[1] and [2]. A buffer the
 * user sized with SO_SNDBUF or SO_RCVBUF (SOCK_*BUF_LOCK) is left alone.
 *
 * - Send: room for six congestion windows (each capped by the largest
 *   window the peer offered): one in flight and five for the writer to
 *   refill, so that a writer that fills the buffer sleeps seldom. Linux
 *   TCP sizes for two windows of per-segment truesize, about three times
 *   the MSS each, which comes to the same six windows of payload.
 * - Receive ("dynamic right-sizing", the scheme of Fisk and Feng that
 *   Linux uses): once per receiver-side round trip, the bytes the user
 *   read in that round trip show the rate the connection needs; the
 *   buffer is set so that the advertised window covers twice that, so
 *   the sender is never held back by a window the reader could have
 *   emptied. The round trip is measured as the time one advertised
 *   window of data takes to arrive, which works without timestamps and is
 *   never shorter than the true RTT.
 */
#include <kunit/visibility.h>
#include <linux/ktime.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mytcp.h"
#include "seq.h"

/*
 * Write-queue skbs hold a GSO super-segment of page fragments: their
 * truesize is the payload plus about one skb head. 1/16 more covers it.
 */
static u64 mytcp_sndbuf_truesize(u64 bytes)
{
	return bytes + bytes / 16;
}

/**
 * mytcp_sndbuf_expand - grow the send buffer with the congestion window
 * @sk: the socket, locked; called when an ACK advanced SND.UNA
 */
void mytcp_sndbuf_expand(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	int max = READ_ONCE(mytcp_pernet(sock_net(sk))->settings.wmem_max);
	u64 want;

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	want = min_t(u64, ms->cc.cwnd, max_t(u32, ms->max_window, SZ_64K));
	/*
	 * Two windows made the bulk-4-streams bench writers sleep three
	 * times as often as Linux's (1200 context switches against 400 per
	 * run); six: 730.
	 */
	want = mytcp_sndbuf_truesize(6 * want);
	if (want > (u64)sk->sk_sndbuf && sk->sk_sndbuf < max)
		WRITE_ONCE(sk->sk_sndbuf, (int)min_t(u64, want, max));
}

/**
 * mytcp_rcv_rtt_measure - time one advertised window of data
 * @sk: the socket, locked; called when in-order data moved RCV.NXT, in
 *	mytcp_rcv(), whose arrival time (rcv_tstamp_ns) is the clock here
 *
 * A measurement starts at RCV.NXT with the window then advertised and ends
 * when RCV.NXT passes that window's right edge. A shorter sample replaces
 * the estimate at once (the window was the limit, not the path); a longer
 * one moves it by an eighth.
 */
void mytcp_rcv_rtt_measure(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u64 now = ms->rcv_tstamp_ns;
	u32 sample;

	if (ms->rcv_rtt_start_ns && before(ms->rcv_nxt, ms->rcv_rtt_seq))
		return;
	if (ms->rcv_rtt_start_ns) {
		sample = max_t(u64, div_u64(now - ms->rcv_rtt_start_ns,
					    NSEC_PER_USEC), 1);
		if (!ms->rcv_rtt_us || sample < ms->rcv_rtt_us)
			ms->rcv_rtt_us = sample;
		else
			ms->rcv_rtt_us += (sample - ms->rcv_rtt_us) / 8;
	}
	ms->rcv_rtt_start_ns = now;
	ms->rcv_rtt_seq = ms->rcv_nxt + max_t(u32, ms->rcv_wnd, ms->advmss);
}

/**
 * mytcp_rcvbuf_adjust - account bytes the user read; grow the buffer
 * @sk: the socket, locked
 * @copied: bytes just copied to the user (not peeked)
 */
void mytcp_rcvbuf_adjust(struct sock *sk, u32 copied)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	int max = READ_ONCE(mytcp_pernet(sock_net(sk))->settings.rmem_max);
	u64 now = ktime_get_ns();
	u64 win, buf;

	ms->rcvq_copied += copied;
	if (!ms->rcvq_start_ns) {
		ms->rcvq_start_ns = now;
		return;
	}
	if (!ms->rcv_rtt_us ||
	    now - ms->rcvq_start_ns < (u64)ms->rcv_rtt_us * NSEC_PER_USEC)
		return;
	/* One round trip of reading: was it more than the last one? */
	if (ms->rcvq_copied > ms->rcvq_space &&
	    !(sk->sk_userlocks & SOCK_RCVBUF_LOCK)) {
		/*
		 * Twice what was read per round trip, plus room for the
		 * sender to grow (a sender in slow start doubles each
		 * round trip), in truesize: rcv_ratio is payload per
		 * truesize in 1/256.
		 */
		win = 2ULL * ms->rcvq_copied + 16ULL * ms->advmss;
		if (ms->rcvq_copied >= ms->rcvq_space + ms->rcvq_space / 4)
			win += ms->rcvq_copied;
		buf = div_u64(win * 256, max_t(u32, ms->rcv_ratio, 16));
		if (buf > (u64)sk->sk_rcvbuf && sk->sk_rcvbuf < max)
			WRITE_ONCE(sk->sk_rcvbuf, (int)min_t(u64, buf, max));
	}
	ms->rcvq_space = ms->rcvq_copied;
	ms->rcvq_copied = 0;
	ms->rcvq_start_ns = now;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_rcvbuf_adjust);
