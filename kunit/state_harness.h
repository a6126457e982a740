/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit: the harness of the suites that drive a real mytcp socket with
 * hand-made segments (state_test.c, lifetime_test.c).
 *
 * Owns: the addresses and numbers the cases use, the capture of what the
 * socket sends (a netfilter LOCAL_OUT hook of init_net that steals every
 * segment to PEER_ADDR and records it), segments from the peer, getting a
 * socket into SYN-SENT or ESTABLISHED, and the per-case context whose exit
 * checks that the socket was freed. How it works:
 *  - A socket comes from mytcp_sk_alloc() and is put in SYN-SENT as
 *    connect() does (ISS, SYN queued with mytcp_queue_ctl() and pushed);
 *    later states are reached with real segments, and our FIN is queued as
 *    close() does. It is never hashed: segments go to mytcp_rcv() directly,
 *    under lock_sock() with BHs off, as release_sock() feeds the backlog,
 *    with skb->data at the TCP header and the IP header before it, as the
 *    hook leaves them.
 *  - The addresses are loopback ones, so every segment the socket sends has
 *    a route; the capture hook steals those to the peer address. Nothing
 *    reaches Linux TCP or the wire.
 *  - After each case the socket goes through mytcp_done() (which cancels
 *    the timers and their references) and sock_orphan(), and the last
 *    sock_put() frees it; the case fails if init_net's count of mytcp
 *    sockets does not come back to where it was (the module could not be
 *    unloaded).
 *  - Counters are read as differences from a snapshot (snap()).
 */
#ifndef _MYTCP_STATE_HARNESS_H
#define _MYTCP_STATE_HARNESS_H

#include <kunit/test.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mytcp.h"
#include "options.h"
#include "stats.h"

/* Our end and the peer's: loopback addresses, so that sending finds a route. */
#define LOCAL_ADDR	htonl(0x7f000001)	/* 127.0.0.1 */
#define PEER_ADDR	htonl(0x7f4d0002)	/* 127.77.0.2 */
#define LOCAL_PORT	40001
#define PEER_PORT	5001

#define ISS		1000000U	/* our initial sequence number */
#define IRS		3000000000U	/* the peer's (above 2^31 on purpose) */
#define ADVMSS		1460		/* the MSS we announce */
#define PEER_WND	65535		/* the peer's window field by default */
#define PEER_TSVAL	50000U		/* the peer's TSval on its SYN */

/* The byte of the peer's stream at sequence number @seq. */
static inline u8 pattern(u32 seq)
{
	return (seq * 2654435761U) >> 24;
}

/* ---- What the socket sends: stolen at LOCAL_OUT and recorded ---- */

/**
 * struct state_out - one segment the socket sent
 * @flags: TCP flags
 * @seq: sequence number
 * @ack: acknowledgment number
 * @wnd: the window field
 * @data_len: payload bytes
 * @opt: its options
 */
struct state_out {
	u8 flags;
	u32 seq;
	u32 ack;
	u16 wnd;
	u32 data_len;
	struct mytcp_options opt;
};

#define STATE_MAX_OUT	16

/* ---- Per-case context: the socket and the counter snapshot ---- */

/**
 * struct state_ctx - one case's socket and baselines
 * @sk: the socket under test, or NULL
 * @nr_socks: init_net's mytcp sockets before the case
 * @base: the counters at the last snap()
 */
struct state_ctx {
	struct sock *sk;
	int nr_socks;
	u64 base[MYTCP_STAT_NUM];
};

/* ---- Segments from the peer ---- */

/**
 * struct seg_in - a segment from the peer
 * @flags: TCP flags
 * @seq: sequence number
 * @ack: acknowledgment number
 * @wnd: the window field; 0 stands for PEER_WND
 * @zero_wnd: send a window field of 0 instead (a closed window)
 * @len: payload bytes, pattern(@seq) onwards
 * @opt: options to send, or NULL
 */
struct seg_in {
	u8 flags;
	u32 seq;
	u32 ack;
	u16 wnd;
	bool zero_wnd;
	u32 len;
	const struct mytcp_options *opt;
};

extern const struct mytcp_options opt_default;
extern const struct mytcp_options opt_ts;

unsigned int nsent(void);
void wait_sent(unsigned int ms);
void sack_one(struct mytcp_options *o, u32 start, u32 end);
struct state_out sent(struct kunit *test, unsigned int i);
void expect_sent(struct kunit *test, unsigned int i, u8 flags, u32 seq,
		 u32 ack);
void cap_reset(void);
void cap_fail_xmit(bool fail);
void snap(struct kunit *test);
s64 delta(struct kunit *test, enum mytcp_stat id);
struct sk_buff *mkseg(struct kunit *test, const struct seg_in *in);
void feed_sk(struct kunit *test, struct sock *sk, const struct seg_in *in);
void feed_in(struct kunit *test, const struct seg_in *in);
void feed(struct kunit *test, u8 flags, u32 seq, u32 ack, u32 len,
	  const struct mytcp_options *opt);
int cur_state(struct kunit *test);
struct mytcp_sock *setup_syn_sent(struct kunit *test);
struct mytcp_sock *setup_estab(struct kunit *test,
			       const struct mytcp_options *opt);
void send_our_fin(struct kunit *test, int next);
void expect_rcvq(struct kunit *test, u32 seq, u32 len);
void queue_data(struct kunit *test, u32 len);
int state_init(struct kunit *test);
void state_exit(struct kunit *test);
int state_suite_init(struct kunit_suite *suite);
void state_suite_exit(struct kunit_suite *suite);

#endif /* _MYTCP_STATE_HARNESS_H */
