// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the state machine (module/input.c, RFC 9293 3.10.7 "SEGMENT
 * ARRIVES") driven with hand-made segments on a real mytcp socket of
 * init_net: the handshake (options learned, RST, bad ACKs, simultaneous
 * open), data in and out of order, the closing states (FIN-WAIT-1/2,
 * CLOSING, TIME-WAIT, CLOSE-WAIT, LAST-ACK), resets and the RFC 5961
 * defences, the window check and PAWS. Each case checks the state, the
 * sequence variables, sk_err, the counters and what the socket sent.
 *
 * Owns: this suite only; the harness (capture, segments, setup) is in
 * state_harness.c.
 */
#include <linux/delay.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "skbcb.h"
#include "state_harness.h"

/* ---- SYN-SENT (RFC 9293 3.10.7.3) ---- */

/**
 * struct synack_case - a SYN-ACK's options and what the socket must learn
 * @name: case name
 * @opt: the options of the SYN-ACK
 * @mss: the send MSS expected
 * @snd_wscale: the peer's shift expected
 * @rcv_wscale: our shift expected (0 unless both sent WSCALE)
 * @sack_ok: SACK agreed
 * @ts_ok: timestamps agreed
 */
struct synack_case {
	const char *name;
	struct mytcp_options opt;
	u16 mss;
	u8 snd_wscale;
	u8 rcv_wscale;
	bool sack_ok;
	bool ts_ok;
};

static const struct synack_case synack_cases[] = {
	{ "all options",
	  { .present = MYTCP_OPT_MSS | MYTCP_OPT_WSCALE | MYTCP_OPT_SACK_PERM |
		       MYTCP_OPT_TS, .mss = 1400, .wscale = 7, .tsval = 777 },
	  /* RFC 7323 3.2: the 12 bytes of timestamps come off the MSS. */
	  1400 - 12, 7, 7, true, true },
	/* RFC 9293 3.7.1: no MSS option means 536. */
	{ "no options", { }, 536, 0, 0, false, false },
	/* RFC 9293 3.7.1: never more than we announced ourselves. */
	{ "MSS above ours, wscale 2",
	  { .present = MYTCP_OPT_MSS | MYTCP_OPT_WSCALE, .mss = 9000,
	    .wscale = 2 }, ADVMSS, 2, 7, false, false },
	{ "timestamps only",
	  { .present = MYTCP_OPT_TS, .tsval = 777 }, 536 - 12, 0, 0, false,
	  true },
	{ "SACK-permitted only",
	  { .present = MYTCP_OPT_SACK_PERM }, 536, 0, 0, true, false },
};

static void synack_desc(const struct synack_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(synack, synack_cases, synack_desc);

/* RFC 9293 3.10.7.3 fourth: a valid SYN-ACK makes the connection ESTABLISHED. */
static void state_syn_sent_synack(struct kunit *test)
{
	const struct synack_case *c = test->param_value;
	struct mytcp_sock *ms = setup_syn_sent(test);
	struct sock *sk = &ms->sk;
	struct state_out o;

	feed(test, TCPHDR_SYN | TCPHDR_ACK, IRS, ISS + 1, 0, &c->opt);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->irs, IRS);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 1);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, ISS + 1);
	/* RFC 7323 2.2: the window of a SYN is never scaled. */
	KUNIT_EXPECT_EQ(test, ms->snd_wnd, PEER_WND);
	KUNIT_EXPECT_EQ(test, ms->mss, c->mss);
	KUNIT_EXPECT_EQ(test, ms->snd_wscale, c->snd_wscale);
	KUNIT_EXPECT_EQ(test, ms->rcv_wscale, c->rcv_wscale);
	KUNIT_EXPECT_EQ(test, ms->wscale_ok, !!(c->opt.present & MYTCP_OPT_WSCALE));
	KUNIT_EXPECT_EQ(test, ms->sack_ok, c->sack_ok);
	KUNIT_EXPECT_EQ(test, ms->ts_ok, c->ts_ok);
	if (c->ts_ok)
		KUNIT_EXPECT_EQ(test, ms->ts_recent, c->opt.tsval);
	KUNIT_EXPECT_EQ(test, sk->sk_err, 0);
	/* The SYN is acknowledged: gone from the write queue. */
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&sk->sk_write_queue));
	KUNIT_EXPECT_NULL(test, ms->send_head);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ATTEMPT_FAILS), 0);

	/* The third segment of the handshake: <SEQ=ISS+1><ACK=IRS+1><ACK>. */
	KUNIT_EXPECT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 1);
	o = sent(test, 0);
	/* RFC 7323 3.2: timestamps on every segment once agreed, else none. */
	KUNIT_EXPECT_EQ(test, !!(o.opt.present & MYTCP_OPT_TS), c->ts_ok);
	if (c->ts_ok)
		KUNIT_EXPECT_EQ(test, o.opt.tsecr, c->opt.tsval);
	/* Our window, scaled by our shift now that it is agreed (RFC 7323 2.3). */
	KUNIT_EXPECT_EQ(test, (u32)o.wnd, min_t(u32, ms->rcv_wnd >> c->rcv_wscale,
						U16_MAX));
}

/* The two cases of a yes/no parameter. */
static const bool no_yes[] = { false, true };

static void syn_rtt_desc(const bool *twice, char *desc)
{
	strscpy(desc, *twice ? "SYN sent twice" : "SYN sent once",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(syn_rtt, no_yes, syn_rtt_desc);

/*
 * RFC 6298 2.2: the SYN's round trip (5 ms) is the first RTT sample, and
 * the RTO falls from the initial 1 s (2.1) to its 200 ms floor. Karn's
 * rule (RFC 6298 3): not if the SYN went twice and no timestamp tells
 * which one the SYN-ACK answers.
 */
static void state_syn_sent_rtt(struct kunit *test)
{
	const bool *twice = test->param_value;
	struct mytcp_sock *ms = setup_syn_sent(test);
	struct sk_buff *syn = skb_peek(&ms->sk.sk_write_queue);

	KUNIT_ASSERT_NOT_NULL(test, syn);
	KUNIT_EXPECT_EQ(test, ms->rtt.srtt_us, 0);
	KUNIT_EXPECT_EQ(test, ms->rtt.rto_us, MYTCP_RTO_INIT_US);
	lock_sock(&ms->sk);
	MYTCP_SKB_CB(syn)->sent_us -= 5 * USEC_PER_MSEC;
	if (*twice)
		MYTCP_SKB_CB(syn)->sacked |= MYTCP_SKB_RETRANS;
	release_sock(&ms->sk);

	feed(test, TCPHDR_SYN | TCPHDR_ACK, IRS, ISS + 1, 0, &opt_default);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	if (*twice) {
		KUNIT_EXPECT_EQ(test, ms->rtt.srtt_us, 0);
		KUNIT_EXPECT_EQ(test, ms->rtt.rto_us, MYTCP_RTO_INIT_US);
	} else {
		KUNIT_EXPECT_GE(test, ms->rtt.srtt_us, 5 * USEC_PER_MSEC);
		KUNIT_EXPECT_LT(test, ms->rtt.srtt_us, 100 * USEC_PER_MSEC);
		KUNIT_EXPECT_EQ(test, ms->rtt.rto_us, MYTCP_RTO_MIN_US);
	}
}

static void syn_lost_desc(const bool *synack, char *desc)
{
	strscpy(desc, *synack ? "SYN-ACK lost (simultaneous open)" :
		"SYN lost", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(syn_lost, no_yes, syn_lost_desc);

/*
 * RFC 5681 3.1, RFC 6928 2: when the retransmission timer had to resend
 * our SYN (or, in SYN-RECEIVED, our SYN-ACK), the first window is one
 * segment, and ssthresh is the initial, arbitrarily high one, not two
 * segments derived from the timeout of a one-byte flight. With no RTT
 * sample from the handshake, the RTO for data is 3 s (RFC 6298 5.7).
 */
static void state_syn_lost_window(struct kunit *test)
{
	const bool *synack = test->param_value;
	struct mytcp_sock *ms = setup_syn_sent(test);
	u8 want = TCPHDR_SYN;

	if (*synack) {
		feed(test, TCPHDR_SYN, IRS, 0, 0, &opt_default);
		KUNIT_ASSERT_EQ(test, cur_state(test), TCP_SYN_RECV);
		want |= TCPHDR_ACK;
	}
	snap(test);
	wait_sent(3000);	/* the initial RTO: 1 s (RFC 6298 2.1) */
	KUNIT_ASSERT_GE(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).flags, want);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 1);

	if (*synack)
		feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 0, NULL);
	else
		feed(test, TCPHDR_SYN | TCPHDR_ACK, IRS, ISS + 1, 0,
		     &opt_default);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->cc.cwnd, ms->mss);
	KUNIT_EXPECT_EQ(test, ms->cc.ssthresh, MYTCP_CC_SSTHRESH_INF);
	KUNIT_EXPECT_EQ(test, ms->retries, 0);
	/*
	 * RFC 6298 5.7: no timestamps, so Karn's rule left no sample; the
	 * data's RTO is 3 s, not the backed-off 2 s.
	 */
	KUNIT_EXPECT_EQ(test, ms->rtt.srtt_us, 0);
	KUNIT_EXPECT_EQ(test, mytcp_rtt_timeout_us(&ms->rtt),
			MYTCP_RTO_FALLBACK_US);
}

/* RFC 9293 3.10.7.3 first/second: a RST acknowledging our SYN: refused. */
static void state_syn_sent_rst(struct kunit *test)
{
	struct mytcp_sock *ms = setup_syn_sent(test);

	feed(test, TCPHDR_RST | TCPHDR_ACK, 0, ISS + 1, 0, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ATTEMPT_FAILS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), 0);
	/* A reset is never answered (RFC 9293 3.10.7.3). */
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	/* Closed: no timer left holding the socket. */
	KUNIT_EXPECT_FALSE(test, hrtimer_is_queued(&ms->rtx_timer));
	KUNIT_EXPECT_EQ(test, ms->timer_refs, 0);
}

/**
 * struct rst_ignored_case - a RST that SYN-SENT must ignore
 * @name: case name
 * @flags: its flags
 * @ack: its ACK field
 */
struct rst_ignored_case {
	const char *name;
	u8 flags;
	u32 ack;
};

static const struct rst_ignored_case rst_ignored_cases[] = {
	/* RFC 9293 3.10.7.3 second: no ACK, drop the segment. */
	{ "RST without ACK", TCPHDR_RST, 0 },
	/* First: unacceptable ACK on a RST: drop, do not answer. */
	{ "RST with ACK beyond SND.NXT", TCPHDR_RST | TCPHDR_ACK, ISS + 5 },
	{ "RST with ACK of ISS", TCPHDR_RST | TCPHDR_ACK, ISS },
};

static void rst_ignored_desc(const struct rst_ignored_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rst_ignored, rst_ignored_cases, rst_ignored_desc);

static void state_syn_sent_rst_ignored(struct kunit *test)
{
	const struct rst_ignored_case *c = test->param_value;
	struct mytcp_sock *ms = setup_syn_sent(test);

	feed(test, c->flags, IRS, c->ack, 0, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_SYN_SENT);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ATTEMPT_FAILS), 0);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
}

/**
 * struct bad_ack_case - a segment whose ACK does not acknowledge our SYN
 * @name: case name
 * @flags: its flags
 * @ack: its ACK field
 */
struct bad_ack_case {
	const char *name;
	u8 flags;
	u32 ack;
};

static const struct bad_ack_case bad_ack_cases[] = {
	{ "SYN-ACK of ISS", TCPHDR_SYN | TCPHDR_ACK, ISS },
	{ "SYN-ACK beyond SND.NXT", TCPHDR_SYN | TCPHDR_ACK, ISS + 100 },
	{ "ACK beyond SND.NXT", TCPHDR_ACK, ISS + 100 },
};

static void bad_ack_desc(const struct bad_ack_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_ack, bad_ack_cases, bad_ack_desc);

/*
 * RFC 9293 3.10.7.3 first: SEG.ACK =< ISS or SEG.ACK > SND.NXT: answer
 * <SEQ=SEG.ACK><CTL=RST>, drop the segment, stay in SYN-SENT.
 */
static void state_syn_sent_bad_ack(struct kunit *test)
{
	const struct bad_ack_case *c = test->param_value;
	struct mytcp_sock *ms = setup_syn_sent(test);

	feed(test, c->flags, IRS, c->ack, 0, &opt_default);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_SYN_SENT);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, 0);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	KUNIT_EXPECT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_RST, c->ack, 0);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_OUT_RSTS), 1);
}

/*
 * RFC 9293 3.10.7.3 fourth, 3.5 figure 7: a SYN without ACK in SYN-SENT is
 * a simultaneous open: SYN-RECEIVED, our SYN again with an ACK; the ACK of
 * our SYN then makes it ESTABLISHED.
 */
static void state_syn_sent_simultaneous_open(struct kunit *test)
{
	struct mytcp_sock *ms = setup_syn_sent(test);

	feed(test, TCPHDR_SYN, IRS, 0, 0, &opt_default);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_SYN_RECV);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, ISS + 1);
	KUNIT_EXPECT_TRUE(test, ms->sack_ok);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_SYN | TCPHDR_ACK, ISS, IRS + 1);
	KUNIT_EXPECT_TRUE(test, sent(test, 0).opt.present & MYTCP_OPT_MSS);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_RETRANS_SEGS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), 0);

	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 0, NULL);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 1);
	/* The window of a segment after the SYNs is scaled (RFC 7323 2.3). */
	KUNIT_EXPECT_EQ(test, ms->snd_wnd, (u32)PEER_WND << 7);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), 1);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
}

/*
 * The peer's SYN again in SYN-RECEIVED: our SYN-ACK was lost. Answer with
 * the SYN-ACK (a bare ACK would be dropped by the peer in SYN-SENT and the
 * handshake would wait for our timer); a SYN with another sequence number
 * still gets the acceptability test's ACK.
 */
static void state_syn_recv_dup_syn(struct kunit *test)
{
	struct mytcp_sock *ms = setup_syn_sent(test);

	feed(test, TCPHDR_SYN, IRS, 0, 0, &opt_default);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_SYN_RECV);

	snap(test);
	feed(test, TCPHDR_SYN, IRS, 0, 0, &opt_default);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_SYN_RECV);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_SYN_RETRANS_IN), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_RETRANS_SEGS), 1);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_SYN | TCPHDR_ACK, ISS, IRS + 1);
	KUNIT_EXPECT_TRUE(test, sent(test, 0).opt.present & MYTCP_OPT_MSS);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);

	snap(test);
	feed(test, TCPHDR_SYN, IRS - 1000, 0, 0, &opt_default);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_SYN_RETRANS_IN), 0);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 1);

	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 0, NULL);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
}

/*
 * RFC 9293 3.10.4: CLOSE in SYN-RECEIVED (a simultaneous open) sends a FIN
 * and goes to FIN-WAIT-1; the ACK of SYN and FIN then gives FIN-WAIT-2.
 */
static void state_syn_recv_close(struct kunit *test)
{
	struct mytcp_sock *ms = setup_syn_sent(test);

	feed(test, TCPHDR_SYN, IRS, 0, 0, &opt_default);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_SYN_RECV);

	snap(test);
	lock_sock(&ms->sk);
	mytcp_send_fin(&ms->sk);
	release_sock(&ms->sk);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_FIN_WAIT1);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_FIN | TCPHDR_ACK, ISS + 1, IRS + 1);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, ISS + 2);

	feed(test, TCPHDR_ACK, IRS + 1, ISS + 2, 0, NULL);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_FIN_WAIT2);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 2);
}

/* ---- ESTABLISHED: text (RFC 9293 3.10.7.4 seventh) ---- */

/* In-order data goes to the receive queue, RCV.NXT moves, an ACK answers. */
static void state_estab_data_in_order(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);

	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 1, ISS + 1, 100, NULL);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 101);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 101, ISS + 1, 200, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 301);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 1);
	expect_rcvq(test, IRS + 1, 300);
	KUNIT_EXPECT_EQ(test, ms->ooo.nr_skbs, 0);
	/* Less than a full segment: acknowledged at once (RFC 9293 3.8.6.3). */
	KUNIT_EXPECT_GE(test, nsent(), 2);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 101);
	expect_sent(test, 1, TCPHDR_ACK, ISS + 1, IRS + 301);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_IN_OUT_OF_WINDOW), 0);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
}

/*
 * RFC 2883 4: a segment of data we hold already (our ACK was lost, the
 * peer resent it) is answered at once with a D-SACK block naming it, the
 * first SACK block, below the ACK; with data out of order held too, its
 * block follows. Partly new data is taken in, not reported.
 */
static void state_estab_dsack(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct state_out o;

	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 1, ISS + 1, 300, NULL);
	KUNIT_ASSERT_EQ(test, ms->rcv_nxt, IRS + 301);
	snap(test);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 101, ISS + 1, 100, NULL);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	o = sent(test, 0);
	KUNIT_EXPECT_EQ(test, o.ack, IRS + 301);
	KUNIT_ASSERT_TRUE(test, o.opt.present & MYTCP_OPT_SACK);
	KUNIT_ASSERT_EQ(test, o.opt.num_sacks, 1);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[0].start, IRS + 101);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[0].end, IRS + 201);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_DSACKS_SENT), 1);

	/* Out-of-order data held: the D-SACK first, then its block. */
	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 401, ISS + 1, 100, NULL);
	snap(test);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 1, ISS + 1, 300, NULL);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	o = sent(test, 0);
	KUNIT_EXPECT_EQ(test, o.ack, IRS + 301);
	KUNIT_ASSERT_EQ(test, o.opt.num_sacks, 2);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[0].start, IRS + 1);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[0].end, IRS + 301);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[1].start, IRS + 401);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[1].end, IRS + 501);

	/* Half old, half new: taken in, no D-SACK. */
	snap(test);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 201, ISS + 1, 200, NULL);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 501);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_DSACKS_SENT), 0);
	expect_rcvq(test, IRS + 1, 500);
}

/*
 * RFC 5681 4.2: a full-sized segment that fills only part of a gap is
 * acknowledged at once, not after the delayed-ACK timer: a sender in
 * recovery learns from it which hole is next.
 */
static void state_estab_data_fills_part_of_gap(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	const u32 mss = 1400;

	feed(test, TCPHDR_ACK, IRS + 1 + 2 * mss, ISS + 1, mss, NULL);
	feed(test, TCPHDR_ACK, IRS + 1 + 4 * mss, ISS + 1, mss, NULL);
	KUNIT_ASSERT_EQ(test, ms->ooo.nr_skbs, 2);
	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, mss, NULL);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1 + mss);
	KUNIT_EXPECT_EQ(test, ms->ooo.nr_skbs, 2);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).ack, IRS + 1 + mss);
	KUNIT_EXPECT_TRUE(test, sent(test, 0).opt.present & MYTCP_OPT_SACK);
	KUNIT_EXPECT_EQ(test, ms->ack_pending, 0);
}

/*
 * Data beyond RCV.NXT waits in the out-of-order queue, RCV.NXT stays, a
 * duplicate ACK with a SACK block asks for the hole (RFC 5681 4.2, RFC 2018
 * 4); the segment that fills the hole delivers both.
 */
static void state_estab_data_out_of_order(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct state_out o;

	feed(test, TCPHDR_ACK, IRS + 101, ISS + 1, 100, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&ms->sk.sk_receive_queue));
	KUNIT_EXPECT_EQ(test, ms->ooo.nr_skbs, 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_OFO_QUEUED), 1);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 1);
	o = sent(test, 0);
	KUNIT_EXPECT_TRUE(test, o.opt.present & MYTCP_OPT_SACK);
	KUNIT_EXPECT_EQ(test, o.opt.num_sacks, 1);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[0].start, IRS + 101);
	KUNIT_EXPECT_EQ(test, o.opt.sacks[0].end, IRS + 201);

	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 100, NULL);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 201);
	KUNIT_EXPECT_EQ(test, ms->ooo.nr_skbs, 0);
	expect_rcvq(test, IRS + 1, 200);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 201);
	KUNIT_EXPECT_FALSE(test, sent(test, 0).opt.present & MYTCP_OPT_SACK);
}

/* ---- FIN (RFC 9293 3.10.7.4 eighth) and the closing states ---- */

/**
 * struct fin_case - the peer's FIN in ESTABLISHED
 * @name: case name
 * @len: payload bytes in the FIN segment
 */
struct fin_case {
	const char *name;
	u32 len;
};

static const struct fin_case fin_cases[] = {
	{ "bare FIN", 0 },
	{ "FIN with 100 bytes", 100 },
};

static void fin_desc(const struct fin_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fin, fin_cases, fin_desc);

/* ESTABLISHED + FIN: CLOSE-WAIT, the FIN takes a sequence number, ACKed. */
static void state_estab_fin(struct kunit *test)
{
	const struct fin_case *c = test->param_value;
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	u32 end = IRS + 1 + c->len + 1;

	feed(test, TCPHDR_FIN | TCPHDR_ACK, IRS + 1, ISS + 1, c->len, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE_WAIT);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, end);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(ms->sk.sk_shutdown) & RCV_SHUTDOWN);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(ms->sk.sk_shutdown) & SEND_SHUTDOWN);
	expect_rcvq(test, IRS + 1, c->len);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	/* CLOSE-WAIT still counts as established (RFC 4022 tcpCurrEstab). */
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), 0);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	expect_sent(test, nsent() - 1, TCPHDR_ACK, ISS + 1, end);
}

/* FIN-WAIT-1 + the ACK of our FIN: FIN-WAIT-2 (RFC 9293 3.10.7.4 fifth). */
static void state_fin_wait1_ack(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);

	send_our_fin(test, TCP_FIN_WAIT1);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, ISS + 2);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 2, 0, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_FIN_WAIT2);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 2);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&ms->sk.sk_write_queue));
	/* Nothing outstanding: no retransmission timer. */
	KUNIT_EXPECT_FALSE(test, hrtimer_is_queued(&ms->rtx_timer));
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	/* A bare ACK is not answered. */
	KUNIT_EXPECT_EQ(test, nsent(), 0);
}

/*
 * FIN-WAIT-1 + the peer's FIN that does not acknowledge ours: CLOSING
 * (simultaneous close, RFC 9293 3.6 figure 13); the ACK of our FIN then
 * leads to TIME-WAIT.
 */
static void state_fin_wait1_fin(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);

	send_our_fin(test, TCP_FIN_WAIT1);
	feed(test, TCPHDR_FIN | TCPHDR_ACK, IRS + 1, ISS + 1, 0, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSING);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 2);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 1);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 2, IRS + 2);

	feed(test, TCPHDR_ACK, IRS + 2, ISS + 2, 0, NULL);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_TIME_WAIT);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 2);
	/* RFC 9293 3.6.1: TIME-WAIT lasts 2*MSL. */
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->tw_timer));
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
}

/* FIN-WAIT-2 + FIN: TIME-WAIT, the FIN acknowledged, the 2*MSL timer on. */
static void state_fin_wait2_fin(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);

	send_our_fin(test, TCP_FIN_WAIT1);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 2, 0, NULL);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_FIN_WAIT2);
	snap(test);

	feed(test, TCPHDR_FIN | TCPHDR_ACK, IRS + 1, ISS + 2, 0, NULL);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_TIME_WAIT);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 2);
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->tw_timer));
	KUNIT_EXPECT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 2, IRS + 2);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
}

/*
 * Closed in FIN-WAIT-2 (after shutdown(SHUT_WR), as mytcp_release() does
 * it): the orphan's wait for the peer's FIN is bounded by fin_wait2_ms.
 * New data for it then is answered with RST and ends the connection (RFC
 * 1122 4.2.2.13): nobody would read it.
 */
static void state_fin_wait2_orphan(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct sock *sk = &ms->sk;

	send_our_fin(test, TCP_FIN_WAIT1);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 2, 0, NULL);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_FIN_WAIT2);
	/* The user still holds it: no limit, it may still read. */
	KUNIT_EXPECT_FALSE(test, hrtimer_is_queued(&ms->tw_timer));

	lock_sock(sk);
	sock_orphan(sk);
	mytcp_orphan_fin_wait2(sk);
	release_sock(sk);
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->tw_timer));

	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 2, 100, NULL);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ABORT_ON_DATA), 1);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&sk->sk_receive_queue));
	KUNIT_EXPECT_EQ(test, ms->timer_refs, 0);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_RST | TCPHDR_ACK, ISS + 2, IRS + 1);
}

/* CLOSE-WAIT, our FIN: LAST-ACK; its ACK: CLOSED, no error (3.10.7.4 fifth). */
static void state_last_ack_ack(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);

	feed(test, TCPHDR_FIN | TCPHDR_ACK, IRS + 1, ISS + 1, 0, NULL);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_CLOSE_WAIT);
	snap(test);
	send_our_fin(test, TCP_LAST_ACK);
	/* CurrEstab counts ESTABLISHED and CLOSE-WAIT only (RFC 4022). */
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), -1);

	feed(test, TCPHDR_ACK, IRS + 2, ISS + 2, 0, NULL);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 2);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	KUNIT_EXPECT_EQ(test, ms->timer_refs, 0);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	/* LAST-ACK to CLOSED: not counted a second time. */
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), -1);
}

/* ---- Resets and the RFC 5961 defences ---- */

/**
 * struct rst_case - a RST at exactly RCV.NXT in a synchronized state
 * @name: case name
 * @peer_fin: the peer closed first (CLOSE-WAIT)
 * @state: the state before the RST
 * @err: sk_err expected
 */
struct rst_case {
	const char *name;
	bool peer_fin;
	int state;
	int err;
};

static const struct rst_case rst_cases[] = {
	{ "ESTABLISHED", false, TCP_ESTABLISHED, ECONNRESET },
	/* As Linux: the user learns of it by EPIPE on the next write. */
	{ "CLOSE-WAIT", true, TCP_CLOSE_WAIT, EPIPE },
};

static void rst_desc(const struct rst_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rst, rst_cases, rst_desc);

/*
 * RFC 9293 3.10.7.4 second, RFC 5961 3.2: a RST whose SEG.SEQ is exactly
 * RCV.NXT resets the connection: CLOSED, the error, EstabResets.
 */
static void state_estab_rst_exact(struct kunit *test)
{
	const struct rst_case *c = test->param_value;
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	u32 seq = IRS + 1;

	if (c->peer_fin) {
		feed(test, TCPHDR_FIN | TCPHDR_ACK, seq, ISS + 1, 0, NULL);
		seq++;
		snap(test);
	}
	KUNIT_ASSERT_EQ(test, cur_state(test), c->state);
	feed(test, TCPHDR_RST, seq, 0, 0, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, c->err);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ESTAB_RESETS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CURR_ESTAB), -1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CHALLENGE_ACKS), 0);
	KUNIT_EXPECT_EQ(test, ms->timer_refs, 0);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
}

/**
 * struct rst_window_case - a RST in the window but not at RCV.NXT
 * @name: case name
 * @off: SEG.SEQ - RCV.NXT
 * @from_right: @off counts from the right edge (RCV.NXT + RCV.WND)
 */
struct rst_window_case {
	const char *name;
	s32 off;
	bool from_right;
};

static const struct rst_window_case rst_window_cases[] = {
	{ "RCV.NXT + 1", 1, false },
	{ "last in window", -1, true },
};

static void rst_window_desc(const struct rst_window_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rst_window, rst_window_cases, rst_window_desc);

/*
 * RFC 5961 3.2: a RST in the window but not exactly at RCV.NXT gets a
 * challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and changes nothing.
 */
static void state_estab_rst_in_window(struct kunit *test)
{
	const struct rst_window_case *c = test->param_value;
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	u32 seq = ms->rcv_nxt + c->off + (c->from_right ? ms->rcv_wnd : 0);

	feed(test, TCPHDR_RST, seq, 0, 0, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CHALLENGE_ACKS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ESTAB_RESETS), 0);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_IN_OUT_OF_WINDOW), 0);
	KUNIT_EXPECT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 1);
}

/**
 * struct syn_case - a SYN in ESTABLISHED
 * @name: case name
 * @flags: its flags
 */
struct syn_case {
	const char *name;
	u8 flags;
};

static const struct syn_case syn_cases[] = {
	{ "SYN", TCPHDR_SYN },
	{ "SYN-ACK", TCPHDR_SYN | TCPHDR_ACK },
};

static void syn_desc(const struct syn_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(syn, syn_cases, syn_desc);

/*
 * RFC 5961 4.2 (RFC 9293 3.10.7.4 fourth): a SYN in a synchronized state,
 * wherever it falls, gets a challenge ACK; the connection stays.
 */
static void state_estab_syn(struct kunit *test)
{
	const struct syn_case *c = test->param_value;
	struct mytcp_sock *ms = setup_estab(test, &opt_default);

	feed(test, c->flags, IRS + 1, ISS + 1, 0, &opt_default);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_EQ(test, ms->snd_una, ISS + 1);
	KUNIT_EXPECT_EQ(test, ms->irs, IRS);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CHALLENGE_ACKS), 1);
	KUNIT_EXPECT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 1);
}

/*
 * RFC 5961 7: at most MYTCP_CHALLENGE_ACK_LIMIT challenge ACKs a second;
 * the rest are counted and not sent.
 */
static void state_estab_challenge_ack_limit(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	int i;

	for (i = 0; i < MYTCP_CHALLENGE_ACK_LIMIT + 2; i++)
		feed(test, TCPHDR_RST, IRS + 2 + i, 0, 0, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CHALLENGE_ACKS),
			MYTCP_CHALLENGE_ACK_LIMIT);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CHALLENGE_ACKS_LIMITED), 2);
	KUNIT_EXPECT_EQ(test, nsent(), MYTCP_CHALLENGE_ACK_LIMIT);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
}

/* ---- The window check (RFC 9293 3.10.7.4 first) and PAWS ---- */

/**
 * struct oow_case - a segment outside the receive window
 * @name: case name
 * @flags: its flags
 * @off: SEG.SEQ - RCV.NXT, or from the right edge with @from_right
 * @from_right: @off counts from RCV.NXT + RCV.WND
 * @len: payload bytes
 * @acked: answered with an ACK (everything but a RST)
 */
struct oow_case {
	const char *name;
	u8 flags;
	s32 off;
	bool from_right;
	u32 len;
	bool acked;
};

static const struct oow_case oow_cases[] = {
	{ "data at the right edge", TCPHDR_ACK, 0, true, 100, true },
	{ "data far beyond", TCPHDR_ACK, 1 << 20, true, 100, true },
	{ "old data", TCPHDR_ACK, -200, false, 100, true },
	{ "bare ACK left of RCV.NXT", TCPHDR_ACK, -1, false, 0, true },
	{ "FIN beyond", TCPHDR_ACK | TCPHDR_FIN, 0, true, 0, true },
	/* RFC 9293 3.10.7.4 first: an unacceptable RST is dropped silently. */
	{ "RST beyond", TCPHDR_RST, 0, true, 0, false },
};

static void oow_desc(const struct oow_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(oow, oow_cases, oow_desc);

/*
 * RFC 9293 3.10.7.4 first: an unacceptable segment is answered with
 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (unless it is a RST) and dropped.
 */
static void state_estab_out_of_window(struct kunit *test)
{
	const struct oow_case *c = test->param_value;
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	u32 seq = ms->rcv_nxt + c->off + (c->from_right ? ms->rcv_wnd : 0);

	feed(test, c->flags, seq, ISS + 1, c->len, NULL);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&ms->sk.sk_receive_queue));
	KUNIT_EXPECT_EQ(test, ms->ooo.nr_skbs, 0);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(ms->sk.sk_shutdown) & RCV_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_IN_OUT_OF_WINDOW), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CHALLENGE_ACKS), 0);
	KUNIT_EXPECT_EQ(test, nsent(), c->acked ? 1 : 0);
	if (c->acked)
		expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 1);
}

/*
 * RFC 7323 5.3 (PAWS): a segment whose TSval is older than TS.Recent is
 * dropped and acknowledged, except a pure duplicate ACK (Linux's
 * "disordered" ACK); a newer one is accepted and becomes TS.Recent.
 */
static void state_estab_paws(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_ts);
	struct mytcp_options old = { .present = MYTCP_OPT_TS,
				     .tsval = PEER_TSVAL - 1 };
	struct mytcp_options now = { .present = MYTCP_OPT_TS,
				     .tsval = PEER_TSVAL + 1 };

	KUNIT_ASSERT_TRUE(test, ms->ts_ok);
	KUNIT_ASSERT_EQ(test, ms->ts_recent, PEER_TSVAL);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 100, &old);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 1);
	KUNIT_EXPECT_TRUE(test, skb_queue_empty(&ms->sk.sk_receive_queue));
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_PAWS_DROPS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_IN_OUT_OF_WINDOW), 0);
	KUNIT_EXPECT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).opt.tsecr, PEER_TSVAL);

	/*
	 * A pure duplicate ACK with the older TSval (sent just before the
	 * newer one, overtaken): taken, as Linux TCP takes "disordered"
	 * ACKs, not answered, and TS.Recent does not go back.
	 */
	snap(test);
	/* The window it carries is the one we hold (scaled since the SYN). */
	ms->snd_wnd = (u32)PEER_WND << ms->snd_wscale;
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 0, &old);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_PAWS_DROPS), 0);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL);

	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 100, &now);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 101);
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL + 1);
	expect_rcvq(test, IRS + 1, 100);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_PAWS_DROPS), 0);
}

/*
 * RFC 7323 5.3 R1: a reset is exempt from PAWS (as Linux TCP): one with an
 * old TSval at RCV.NXT resets the connection; in the window but not at
 * RCV.NXT it gets the challenge ACK (RFC 5961 3.2). Neither becomes
 * TS.Recent.
 */
static void state_estab_paws_rst(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_ts);
	struct mytcp_options old = { .present = MYTCP_OPT_TS,
				     .tsval = PEER_TSVAL - 1 };

	feed(test, TCPHDR_RST, IRS + 100, 0, 0, &old);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_PAWS_DROPS), 0);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_CHALLENGE_ACKS), 1);
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL);

	snap(test);
	feed(test, TCPHDR_RST, IRS + 1, 0, 0, &old);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, ECONNRESET);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_PAWS_DROPS), 0);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ESTAB_RESETS), 1);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL);
}

/*
 * RFC 7323 5.5: a TS.Recent older than 24 days no longer rejects: the old
 * TSval is accepted (data queued) and becomes TS.Recent.
 */
static void state_estab_paws_aged(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_ts);
	struct mytcp_options old = { .present = MYTCP_OPT_TS,
				     .tsval = PEER_TSVAL - 1 };

	KUNIT_ASSERT_TRUE(test, ms->ts_ok);
	ms->ts_recent_ns = ktime_get_ns() - MYTCP_PAWS_IDLE_NS - NSEC_PER_SEC;
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 100, &old);

	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_PAWS_DROPS), 0);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 101);
	expect_rcvq(test, IRS + 1, 100);
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL - 1);
	KUNIT_EXPECT_LT(test, ktime_get_ns() - ms->ts_recent_ns, NSEC_PER_SEC);
}

/*
 * RFC 7323 4.3: a retransmission of data already received and acknowledged
 * (the ACK was lost) is a duplicate; the ACK that answers it echoes the
 * retransmission's TSval, not the original's, so that the sender's RTT
 * sample is not the time since the original. A segment beyond the window
 * does not move TS.Recent.
 */
static void state_estab_dup_echoes_tsval(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_ts);
	struct mytcp_options first = { .present = MYTCP_OPT_TS,
				       .tsval = PEER_TSVAL + 1 };
	struct mytcp_options again = { .present = MYTCP_OPT_TS,
				       .tsval = PEER_TSVAL + 3000 };
	struct mytcp_options later = { .present = MYTCP_OPT_TS,
				       .tsval = PEER_TSVAL + 4000 };

	KUNIT_ASSERT_TRUE(test, ms->ts_ok);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 1, ISS + 1, 100, &first);
	KUNIT_ASSERT_EQ(test, ms->rcv_nxt, IRS + 101);
	/* Our ACK of it leaves (and is lost on the way). */
	lock_sock(&ms->sk);
	mytcp_send_ack(&ms->sk);
	release_sock(&ms->sk);
	KUNIT_ASSERT_EQ(test, ms->rcv_wup, IRS + 101);
	KUNIT_ASSERT_EQ(test, ms->ts_recent, PEER_TSVAL + 1);

	snap(test);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, IRS + 1, ISS + 1, 100, &again);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_IN_OUT_OF_WINDOW), 1);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, IRS + 101);
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL + 3000);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, IRS + 101);
	KUNIT_EXPECT_EQ(test, sent(test, 0).opt.tsecr, PEER_TSVAL + 3000);

	snap(test);
	feed(test, TCPHDR_ACK, ms->rcv_wup + ms->rcv_wnd, ISS + 1, 100, &later);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_IN_OUT_OF_WINDOW), 1);
	KUNIT_EXPECT_EQ(test, ms->ts_recent, PEER_TSVAL + 3000);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).opt.tsecr, PEER_TSVAL + 3000);
}

/* ---- Sending: write-queue skbs of many segments ---- */

/* The write-queue skb that starts at @seq, or NULL. */
static struct sk_buff *wq_find(struct kunit *test, u32 seq)
{
	struct sock *sk = ((struct state_ctx *)test->priv)->sk;
	struct sk_buff *skb;

	skb_queue_walk(&sk->sk_write_queue, skb)
		if (MYTCP_SKB_CB(skb)->seq == seq)
			return skb;
	return NULL;
}

/* The segment sent since the last snap() with sequence number @seq. */
static struct state_out sent_at(struct kunit *test, u32 seq)
{
	unsigned int i, n = min_t(unsigned int, nsent(), STATE_MAX_OUT);

	for (i = 0; i < n; i++)
		if (sent(test, i).seq == seq)
			break;
	KUNIT_ASSERT_LT_MSG(test, i, n, "nothing sent at %u", seq);
	return sent(test, i);
}

/* The truesize of the write queue's skbs: what sk_wmem_queued must be. */
static int wq_truesize(struct kunit *test)
{
	struct sock *sk = ((struct state_ctx *)test->priv)->sk;
	struct sk_buff *skb;
	int sum = 0;

	skb_queue_walk(&sk->sk_write_queue, skb)
		sum += skb->truesize;
	return sum;
}

/*
 * An skb of 20 segments goes out cut to the congestion window, in whole
 * segments (RFC 5681 3.1: the RFC 6928 initial window, 10 of them, as one
 * GSO segment); a partial ACK frees what it covers at once; a SACK block
 * inside an skb cuts it so that the block's segments are marked (RFC 2018
 * 3); the third duplicate ACK retransmits one segment, not the skb's
 * whole run (RFC 5681 3.2); a newly SACKed segment lets the next hole go
 * (RFC 6675); a retransmission sent before one since SACKed goes again
 * (RFC 8985).
 */
static void state_estab_send_cut(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	const u32 mss = 1400, d = ISS + 1;
	struct mytcp_options sack = {
		.present = MYTCP_OPT_SACK,
		.num_sacks = 1,
		.sacks = { { d + 5 * mss, d + 6 * mss } },
	};
	struct sk_buff *skb;
	u32 truesize;
	int i;

	KUNIT_ASSERT_EQ(test, ms->mss, mss);
	/*
	 * A round trip of 60 ms: the duplicates below come well within it,
	 * so RACK's time rule (RFC 8985 6.2) does not call segment 3 lost
	 * before the third; its reordering window (15 ms) is shorter than
	 * the 20 ms between the retransmissions of segments 3 and 4.
	 */
	ms->rtt.srtt_us = 60 * USEC_PER_MSEC;
	queue_data(test, 20 * mss);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, 10 * mss);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, d + 10 * mss);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&ms->sk.sk_write_queue), 2);

	/* Three segments acknowledged: the head skb loses them. */
	KUNIT_EXPECT_EQ(test, ms->sk.sk_wmem_queued, wq_truesize(test));
	truesize = skb_peek(&ms->sk.sk_write_queue)->truesize;
	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, d + 3 * mss, 0, NULL);
	KUNIT_EXPECT_EQ(test, ms->snd_una, d + 3 * mss);
	skb = skb_peek(&ms->sk.sk_write_queue);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, MYTCP_SKB_CB(skb)->seq, d + 3 * mss);
	KUNIT_EXPECT_EQ(test, skb->len, 7 * mss);
	KUNIT_EXPECT_EQ(test, skb->truesize, truesize - 3 * mss);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_wmem_queued, wq_truesize(test));
	/* The window slid: more whole segments went, from the second skb. */
	KUNIT_ASSERT_GE(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d + 10 * mss);
	KUNIT_EXPECT_GT(test, sent(test, 0).data_len, 0);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len % mss, 0);

	/* Segment 5 arrived, 3 and 4 did not: the block is cut out and marked. */
	snap(test);
	for (i = 0; i < 3; i++)
		feed(test, TCPHDR_ACK, IRS + 1, d + 3 * mss, 0, &sack);
	skb = wq_find(test, d + 5 * mss);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, MYTCP_SKB_CB(skb)->end_seq, d + 6 * mss);
	KUNIT_EXPECT_TRUE(test, MYTCP_SKB_CB(skb)->sacked & MYTCP_SKB_SACKED);
	skb = wq_find(test, d + 3 * mss);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_FALSE(test, MYTCP_SKB_CB(skb)->sacked & MYTCP_SKB_SACKED);
	/* Fast retransmit: segment 3 alone. */
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_FAST_RETRANS), 1);
	KUNIT_EXPECT_EQ(test, sent_at(test, d + 3 * mss).data_len, mss);
	KUNIT_EXPECT_EQ(test, skb->len, mss);

	/*
	 * Segment 7 arrives too: one more segment left the network, and the
	 * next hole after HighRxt, segment 4, goes (RFC 6675 4 NextSeg()).
	 */
	msleep(20);	/* segment 4 goes well after segment 3's retransmission */
	snap(test);
	sack.num_sacks = 2;
	sack.sacks[1] = sack.sacks[0];
	sack.sacks[0].start = d + 7 * mss;
	sack.sacks[0].end = d + 8 * mss;
	feed(test, TCPHDR_ACK, IRS + 1, d + 3 * mss, 0, &sack);
	KUNIT_EXPECT_EQ(test, sent_at(test, d + 4 * mss).data_len, mss);
	KUNIT_EXPECT_EQ(test, ms->high_rxt, d + 5 * mss);

	/*
	 * Segment 4's retransmission arrives, segment 3's does not: sent
	 * before something since delivered, it was lost again (RFC 8985
	 * 6.2), and goes a third time, without waiting for the timeout.
	 */
	snap(test);
	sack.sacks[1].start = d + 4 * mss;
	feed(test, TCPHDR_ACK, IRS + 1, d + 3 * mss, 0, &sack);
	KUNIT_EXPECT_EQ(test, sent_at(test, d + 3 * mss).data_len, mss);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 0);
	/* Cut, trimmed and resent: the send buffer's account still adds up. */
	KUNIT_EXPECT_EQ(test, ms->sk.sk_wmem_queued, wq_truesize(test));
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
}

/*
 * The peer closes its window while data is out, and its window update is
 * lost: the retransmission timer must still resend the first segment
 * (RFC 6298 5.4), which also probes the window (RFC 9293 3.8.6.1).
 * Before this was fixed nothing was sent and the timer backed off until
 * the connection timed out (seen as a stalled bulk transfer under loss).
 */
static void state_estab_rto_zero_window(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	const u32 mss = 1400, d = ISS + 1;
	struct seg_in close = { .flags = TCPHDR_ACK, .seq = IRS + 1, .ack = d,
				.zero_wnd = true };

	/*
	 * With an RTT sample the probe timeout (RFC 8985 7.2) runs first: no
	 * probe beyond the closed window (the last segment was one).
	 */
	ms->rtt.srtt_us = 5 * USEC_PER_MSEC;
	queue_data(test, 20 * mss);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, d + 10 * mss);
	snap(test);
	feed_in(test, &close);
	KUNIT_EXPECT_EQ(test, ms->snd_wnd, 0);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	wait_sent(3000);
	KUNIT_EXPECT_GE(test, delta(test, MYTCP_STAT_TIMEOUTS), 1);
	KUNIT_EXPECT_EQ(test, sent_at(test, d).data_len, mss);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, 0);
}

/*
 * RTT samples from timestamps (RFC 7323 4.1): an ACK of a retransmitted
 * segment that echoes a TSval older than the retransmission (the peer
 * held the segment; its first ACK was lost) measures the wait for the
 * timeout, not a round trip: no sample, unless the ACK reports the
 * segment as a duplicate (D-SACK): then the time since the retransmission.
 * The echo of a segment sent once is a sample.
 */
static void state_estab_rtt_stale_echo(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_ts);
	struct mytcp_options echo = { .present = MYTCP_OPT_TS,
				      .tsval = PEER_TSVAL + 1 };
	const u32 d = ISS + 1;
	struct sk_buff *skb;
	u32 mss, tsval, srtt;

	snap(test);
	queue_data(test, 4 * ms->mss);
	mss = ms->mss;
	tsval = sent_at(test, d).opt.tsval;
	srtt = ms->rtt.srtt_us;
	/* As if the first segment had just been resent after a timeout. */
	skb = wq_find(test, d);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	MYTCP_SKB_CB(skb)->sacked |= MYTCP_SKB_RETRANS;
	MYTCP_SKB_CB(skb)->sent_us = div_u64(ktime_get_ns(), NSEC_PER_USEC);
	echo.tsecr = tsval - 1500;
	feed(test, TCPHDR_ACK, IRS + 1, d + mss, 0, &echo);
	KUNIT_EXPECT_EQ(test, ms->snd_una, d + mss);
	KUNIT_EXPECT_EQ(test, ms->rtt.srtt_us, srtt);

	/*
	 * The same, resent 30 ms ago, but the ACK reports it as a duplicate
	 * (D-SACK, RFC 2883): our retransmission was answered, 30 ms.
	 */
	skb = skb_peek(&ms->sk.sk_write_queue);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	MYTCP_SKB_CB(skb)->sacked |= MYTCP_SKB_RETRANS;
	MYTCP_SKB_CB(skb)->sent_us = div_u64(ktime_get_ns(), NSEC_PER_USEC) -
				     30 * USEC_PER_MSEC;
	echo.present |= MYTCP_OPT_SACK;
	echo.num_sacks = 1;
	echo.sacks[0].start = d + mss;
	echo.sacks[0].end = d + 2 * mss;
	echo.tsval++;
	feed(test, TCPHDR_ACK, IRS + 1, d + 2 * mss, 0, &echo);
	KUNIT_EXPECT_EQ(test, ms->snd_una, d + 2 * mss);
	KUNIT_EXPECT_GT(test, ms->rtt.srtt_us, srtt);
	KUNIT_EXPECT_LT(test, ms->rtt.srtt_us, 40 * USEC_PER_MSEC);
	srtt = ms->rtt.srtt_us;

	/* A segment sent once, echoed 20 ms later: a sample. */
	skb = skb_peek(&ms->sk.sk_write_queue);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	MYTCP_SKB_CB(skb)->sacked &= ~MYTCP_SKB_RETRANS;
	echo.present &= ~MYTCP_OPT_SACK;
	echo.num_sacks = 0;
	echo.tsval++;
	echo.tsecr = tsval - 20;
	feed(test, TCPHDR_ACK, IRS + 1, d + 3 * mss, 0, &echo);
	KUNIT_EXPECT_EQ(test, ms->snd_una, d + 3 * mss);
	KUNIT_EXPECT_NE(test, ms->rtt.srtt_us, srtt);
	KUNIT_EXPECT_LT(test, ms->rtt.srtt_us, 100 * USEC_PER_MSEC);
}

/*
 * RFC 8985 7: a tail loss probe. The whole flight is lost and no ACK
 * comes: after the probe timeout (2 * SRTT, far below the RTO) one probe
 * goes, new data if the windows allow, here the last segment again (the
 * congestion window is full); one probe per episode. The peer's SACK of
 * the probe then shows the first segment lost by RACK's time rule (RFC
 * 8985 6.2): fast retransmit without waiting for the timeout, and a
 * recovery window of the lost segments with it (RFC 6675 5).
 */
static void state_estab_tlp(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct mytcp_options sack = opt_default;
	const u32 mss = 1400, d = ISS + 1;
	u32 nxt;
	int i;

	ms->rtt.srtt_us = 5 * USEC_PER_MSEC;
	queue_data(test, 10 * mss);
	nxt = ms->snd_nxt;
	KUNIT_ASSERT_EQ(test, nxt, d + 10 * mss);
	KUNIT_ASSERT_TRUE(test, ms->rtx_is_pto);
	snap(test);
	wait_sent(500);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TLP_PROBES), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 0);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d + 9 * mss);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, mss);
	KUNIT_EXPECT_TRUE(test, ms->tlp_out);
	KUNIT_EXPECT_FALSE(test, ms->rtx_is_pto);
	/* No second probe: the timer now runs as the RTO. */
	msleep(50);
	KUNIT_EXPECT_EQ(test, nsent(), 1);

	/* The peer got only the probe: it SACKs it. */
	snap(test);
	sack_one(&sack, d + 9 * mss, d + 10 * mss);
	MYTCP_SKB_CB(skb_peek(&ms->sk.sk_write_queue))->sent_us -=
		10 * USEC_PER_MSEC;
	feed(test, TCPHDR_ACK, IRS + 1, d, 0, &sack);
	KUNIT_EXPECT_TRUE(test, ms->rec.in_recovery);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_FAST_RETRANS), 1);
	KUNIT_EXPECT_EQ(test, sent_at(test, d).data_len, mss);
	/*
	 * Recovery reduces the window for this loss: the probe's episode
	 * is over, with no reduction of its own (RFC 8985 7.4).
	 */
	KUNIT_EXPECT_FALSE(test, ms->tlp_out);
	/*
	 * RFC 6675 5: the nine are lost and pipe is empty, so a recovery
	 * window of them goes at once (ssthresh: half the flight of ten),
	 * oldest first, one segment each; not one per round trip.
	 */
	KUNIT_EXPECT_EQ(test, ms->cc.ssthresh, 5 * mss);
	KUNIT_ASSERT_EQ(test, nsent(), 5);
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_EQ(test, sent(test, i).seq, d + i * mss);
		KUNIT_EXPECT_EQ(test, sent(test, i).data_len, mss);
	}

	/*
	 * A partial ACK of the first: the second went again already and is
	 * in flight, so it does not go a third time (RFC 6582's "resend the
	 * first" yields to NextSeg()); the sixth, next lost, takes the
	 * room the first left.
	 */
	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, d + mss, 0, &sack);
	KUNIT_EXPECT_TRUE(test, ms->rec.in_recovery);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d + 5 * mss);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, mss);
}

/*
 * RFC 8985 6.3, RACK's reordering timer: in recovery the first segment
 * went again just before others the peer has SACKed since, too close in
 * time for RACK's rule to call it lost when their SACK came. If no ACK
 * follows, it is lost one RTT and a reordering window after it went, and
 * the timer resends it then, not the RTO.
 */
static void state_estab_rack_reo_timer(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct mytcp_options sack = opt_default;
	const u32 mss = 1400, d = ISS + 1;
	int i;

	/* Long enough that the slowest test VM keeps to the plan below. */
	ms->rtt.srtt_us = 100 * USEC_PER_MSEC;
	/* Two sends: the last segment is an skb of its own. */
	queue_data(test, 9 * mss);
	queue_data(test, mss);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, d + 10 * mss);
	/* The last segment arrives long after the first nine went. */
	sack_one(&sack, d + 9 * mss, d + 10 * mss);
	MYTCP_SKB_CB(skb_peek(&ms->sk.sk_write_queue))->sent_us -=
		200 * USEC_PER_MSEC;
	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, d, 0, &sack);
	KUNIT_ASSERT_TRUE(test, ms->rec.in_recovery);
	KUNIT_ASSERT_EQ(test, nsent(), 5);

	/* The resent second to fifth arrive; the resent first does not. */
	snap(test);
	sack.num_sacks = 2;
	sack.sacks[1].start = d + mss;
	sack.sacks[1].end = d + 5 * mss;
	feed(test, TCPHDR_ACK, IRS + 1, d, 0, &sack);
	for (i = 0; i < nsent(); i++)
		KUNIT_EXPECT_NE(test, sent(test, i).seq, d);
	KUNIT_EXPECT_TRUE(test, ms->rtx_is_reo);

	/* 100 ms + 25 ms later the timer resends it; no RTO. */
	snap(test);
	wait_sent(500);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, mss);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_RACK_REO_TIMEOUTS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 0);
	KUNIT_EXPECT_TRUE(test, ms->rec.in_recovery);
}

/*
 * RFC 8985 6.3: data above SND.UNA SACKed, too close in time to the first
 * segment for RACK's rule when it came, and no ACK after it: when the
 * timer expires (the reordering timer, SRTT and a quarter after the first
 * segment went, before the probe timeout), the first segment is lost.
 * Fast recovery starts and resends it, no probe of the SACKed last one.
 */
static void state_estab_rack_timeout(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct mytcp_options sack = opt_default;
	const u32 mss = 1400, d = ISS + 1;
	int i;

	ms->rtt.srtt_us = 5 * USEC_PER_MSEC;
	queue_data(test, 10 * mss);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, d + 10 * mss);
	KUNIT_ASSERT_TRUE(test, ms->rtx_is_pto);
	/* The last segment arrives, the nine before it are lost. */
	sack_one(&sack, d + 9 * mss, d + 10 * mss);
	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, d, 0, &sack);
	KUNIT_ASSERT_FALSE(test, ms->rec.in_recovery);
	KUNIT_ASSERT_EQ(test, nsent(), 0);
	wait_sent(500);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	KUNIT_EXPECT_TRUE(test, ms->rec.in_recovery);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_RACK_TIMEOUTS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_FAST_RETRANS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TLP_PROBES), 0);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, mss);
	/* Nothing sent of the SACKed segment. */
	for (i = 0; i < nsent(); i++)
		KUNIT_EXPECT_NE(test, sent(test, i).seq, d + 9 * mss);
}

/*
 * RFC 8985 6.3 outside recovery: two segments out (the end of a window),
 * the second SACKed as soon as it went. Too few follow the first for three
 * duplicates, and it is not lost by time yet: the reordering timer is set
 * for SRTT and a quarter after it went (125 ms, before the 200 ms probe
 * timeout) and starts fast recovery then; no probe, no RTO.
 */
static void state_estab_rack_reo_open(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct mytcp_options sack = opt_default;
	const u32 mss = 1400, d = ISS + 1;

	ms->rtt.srtt_us = 100 * USEC_PER_MSEC;
	queue_data(test, mss);
	queue_data(test, mss);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, d + 2 * mss);
	KUNIT_ASSERT_TRUE(test, ms->rtx_is_pto);
	sack_one(&sack, d + mss, d + 2 * mss);
	snap(test);
	feed(test, TCPHDR_ACK, IRS + 1, d, 0, &sack);
	KUNIT_ASSERT_FALSE(test, ms->rec.in_recovery);
	KUNIT_ASSERT_EQ(test, nsent(), 0);
	KUNIT_EXPECT_TRUE(test, ms->rtx_is_reo);
	KUNIT_EXPECT_FALSE(test, ms->rtx_is_pto);

	wait_sent(1000);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, mss);
	KUNIT_EXPECT_TRUE(test, ms->rec.in_recovery);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_RACK_TIMEOUTS), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TLP_PROBES), 0);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 0);
}

/*
 * RFC 8985 7.2: one segment out, so the probe timeout allows for the
 * peer's delayed ACK (2 * SRTT + 200 ms) and comes after the 200 ms RTO.
 * The probe goes at the RTO's time instead of the timeout: the segment
 * is sent again and the congestion window stays (a timeout would take it
 * to one segment, RFC 5681 3.1).
 */
static void state_estab_tlp_at_rto(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	const u32 mss = 1400, d = ISS + 1;
	u32 cwnd;

	ms->rtt.srtt_us = 5 * USEC_PER_MSEC;
	ms->rtt.rttvar_us = USEC_PER_MSEC;
	ms->rtt.rto_us = MYTCP_RTO_MIN_US;
	queue_data(test, mss);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, d + mss);
	KUNIT_EXPECT_TRUE(test, ms->rtx_is_pto);
	cwnd = ms->cc.cwnd;
	snap(test);
	wait_sent(1000);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, mss);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TLP_PROBES), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 0);
	KUNIT_EXPECT_TRUE(test, ms->tlp_out);
	KUNIT_EXPECT_EQ(test, ms->cc.cwnd, cwnd);
	KUNIT_EXPECT_EQ(test, ms->rtt.backoff, 0);
}

static void tlp_dsack_desc(const bool *dsack, char *desc)
{
	strscpy(desc, *dsack ? "both copies arrived (D-SACK)" :
		"only the probe arrived", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tlp_dsack, no_yes, tlp_dsack_desc);

/*
 * RFC 8985 7.4: the probe resent the last of ten segments. If the peer
 * reports it as a duplicate (D-SACK), the original arrived too: no loss,
 * the window stays. If not, the ACK of exactly the probe's end waits for
 * a possible D-SACK; the next ACK past it means only the probe arrived:
 * it repaired a loss, and the window is reduced as by fast recovery
 * (ssthresh = cwnd / 2), once; the ACK's own growth (one segment acked,
 * slow start below ssthresh) keeps cwnd within ssthresh.
 */
static void state_estab_tlp_episode(struct kunit *test)
{
	const bool *dsack = test->param_value;
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct mytcp_options sack = opt_default;
	const u32 mss = 1400, d = ISS + 1;
	u32 cwnd;

	ms->rtt.srtt_us = 5 * USEC_PER_MSEC;
	queue_data(test, 10 * mss);
	cwnd = ms->cc.cwnd;
	KUNIT_ASSERT_EQ(test, cwnd, 10 * mss);
	snap(test);
	wait_sent(500);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_ASSERT_TRUE(test, ms->tlp_out);
	KUNIT_EXPECT_TRUE(test, ms->tlp_retrans);
	KUNIT_ASSERT_EQ(test, ms->tlp_high, d + 10 * mss);

	if (*dsack) {
		sack_one(&sack, d + 9 * mss, d + 10 * mss);
		feed(test, TCPHDR_ACK, IRS + 1, d + 10 * mss, 0, &sack);
		KUNIT_EXPECT_FALSE(test, ms->tlp_out);
	} else {
		feed(test, TCPHDR_ACK, IRS + 1, d + 10 * mss, 0, NULL);
		KUNIT_EXPECT_TRUE(test, ms->tlp_out);
	}
	KUNIT_EXPECT_EQ(test, ms->cc.ssthresh, MYTCP_CC_SSTHRESH_INF);
	queue_data(test, mss);
	cwnd = ms->cc.cwnd;
	feed(test, TCPHDR_ACK, IRS + 1, d + 11 * mss, 0, NULL);
	KUNIT_EXPECT_FALSE(test, ms->tlp_out);
	if (*dsack) {
		KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TLP_RECOVERIES), 0);
		KUNIT_EXPECT_EQ(test, ms->cc.ssthresh, MYTCP_CC_SSTHRESH_INF);
		KUNIT_EXPECT_GE(test, ms->cc.cwnd, cwnd);
	} else {
		KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TLP_RECOVERIES), 1);
		KUNIT_EXPECT_EQ(test, ms->cc.ssthresh, cwnd / 2);
		KUNIT_EXPECT_LE(test, ms->cc.cwnd, cwnd / 2);
	}
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 0);
}

/*
 * RFC 8985 7 in FIN-WAIT-1: data and our FIN out, an ACK of the first
 * segment, then nothing. The timer runs as the probe timeout (2 * SRTT),
 * and the probe is the last segment sent, the FIN: the tail of a closing
 * connection is not left to the RTO.
 */
static void state_fin_wait1_tlp(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	const u32 mss = 1400, d = ISS + 1;

	ms->rtt.srtt_us = 5 * USEC_PER_MSEC;
	queue_data(test, 4 * mss);
	snap(test);
	send_our_fin(test, TCP_FIN_WAIT1);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, d + 4 * mss + 1);
	feed(test, TCPHDR_ACK, IRS + 1, d + mss, 0, NULL);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_FIN_WAIT1);
	KUNIT_EXPECT_TRUE(test, ms->rtx_is_pto);
	snap(test);
	wait_sent(500);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_EXPECT_TRUE(test, sent(test, 0).flags & TCPHDR_FIN);
	KUNIT_EXPECT_EQ(test, sent(test, 0).seq, d + 4 * mss);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TLP_PROBES), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS), 0);
	KUNIT_EXPECT_TRUE(test, ms->tlp_out);
}

/*
 * Send-buffer autotuning: an ACK that advances SND.UNA sizes the buffer
 * for six congestion windows (each at most the peer's largest window), up to
 * net.mytcp.wmem_max; never after SO_SNDBUF (SOCK_SNDBUF_LOCK).
 */
static void state_estab_sndbuf_autotune(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct sock *sk = &ms->sk;
	int wmem_max = READ_ONCE(mytcp_pernet(&init_net)->settings.wmem_max);
	int before_buf = sk->sk_sndbuf;
	const u32 d = ISS + 1;

	/* The initial window: two of it fit the default buffer. */
	queue_data(test, 2000);
	feed(test, TCPHDR_ACK, IRS + 1, d + 1000, 0, NULL);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, before_buf);

	/* A 256 KB window, the peer offering 8 MB: 6 x 256 KB and a little. */
	ms->cc.cwnd = SZ_256K;
	ms->max_window = 8 * SZ_1M;
	feed(test, TCPHDR_ACK, IRS + 1, d + 1500, 0, NULL);
	KUNIT_EXPECT_GE(test, sk->sk_sndbuf, 6 * SZ_256K);
	KUNIT_EXPECT_LE(test, sk->sk_sndbuf, 7 * SZ_256K);

	/* The peer's window bounds it: 6 x 64 KB is less, no shrinking. */
	ms->cc.cwnd = SZ_1M;
	ms->max_window = SZ_64K;
	before_buf = sk->sk_sndbuf;
	feed(test, TCPHDR_ACK, IRS + 1, d + 1600, 0, NULL);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, before_buf);

	/* A huge window: capped at wmem_max. */
	ms->cc.cwnd = 64 * SZ_1M;
	ms->max_window = 64 * SZ_1M;
	feed(test, TCPHDR_ACK, IRS + 1, d + 1700, 0, NULL);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, wmem_max);

	/* The user sized it: autotuning keeps out. */
	sk->sk_userlocks |= SOCK_SNDBUF_LOCK;
	sk->sk_sndbuf = SZ_64K;
	feed(test, TCPHDR_ACK, IRS + 1, d + 2000, 0, NULL);
	KUNIT_EXPECT_EQ(test, sk->sk_sndbuf, SZ_64K);
}

/*
 * Receive-buffer autotuning: the time one window of data takes to arrive
 * is the receiver's round trip; the bytes the user reads per round trip,
 * when they grow, size the buffer (twice that, plus room for the sender
 * to grow), up to net.mytcp.rmem_max; never after SO_RCVBUF.
 */
static void state_estab_rcvbuf_autotune(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct sock *sk = &ms->sk;
	int rmem_max = READ_ONCE(mytcp_pernet(&init_net)->settings.rmem_max);
	int before_buf = sk->sk_rcvbuf;

	/* The first data starts a measurement to the advertised edge. */
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1, 1000, NULL);
	KUNIT_ASSERT_NE(test, ms->rcv_rtt_start_ns, 0ULL);
	KUNIT_EXPECT_EQ(test, ms->rcv_rtt_us, 0U);
	KUNIT_EXPECT_TRUE(test, after(ms->rcv_rtt_seq, ms->rcv_nxt));
	/* Data past the edge, 20 ms later, ends it: RTT >= 20 ms. */
	ms->rcv_rtt_seq = ms->rcv_nxt + 500;
	msleep(20);
	feed(test, TCPHDR_ACK, IRS + 1001, ISS + 1, 1000, NULL);
	KUNIT_EXPECT_GE(test, ms->rcv_rtt_us, 20U * USEC_PER_MSEC);
	KUNIT_EXPECT_LT(test, ms->rcv_rtt_us, 5U * USEC_PER_SEC);

	lock_sock(sk);
	/* The first read starts a round trip of reading. */
	mytcp_rcvbuf_adjust(sk, 100);
	/* 1 MB read within one round trip: too early to judge. */
	mytcp_rcvbuf_adjust(sk, SZ_1M);
	KUNIT_EXPECT_EQ(test, sk->sk_rcvbuf, before_buf);
	/* A round trip later: 2 x 1 MB + growth room, in truesize. */
	ms->rcvq_start_ns -= 2ULL * ms->rcv_rtt_us * NSEC_PER_USEC;
	mytcp_rcvbuf_adjust(sk, 0);
	KUNIT_EXPECT_GE(test, sk->sk_rcvbuf, 3 * SZ_1M);
	KUNIT_EXPECT_LE(test, sk->sk_rcvbuf, rmem_max);
	KUNIT_EXPECT_EQ(test, ms->rcvq_space, SZ_1M + 100);
	KUNIT_EXPECT_EQ(test, ms->rcvq_copied, 0U);
	/* Less read in the next round trip: no change. */
	before_buf = sk->sk_rcvbuf;
	ms->rcvq_start_ns -= 2ULL * ms->rcv_rtt_us * NSEC_PER_USEC;
	mytcp_rcvbuf_adjust(sk, SZ_512K);
	KUNIT_EXPECT_EQ(test, sk->sk_rcvbuf, before_buf);
	/* Far more: capped at rmem_max. */
	ms->rcvq_start_ns -= 2ULL * ms->rcv_rtt_us * NSEC_PER_USEC;
	mytcp_rcvbuf_adjust(sk, 64 * SZ_1M);
	KUNIT_EXPECT_EQ(test, sk->sk_rcvbuf, rmem_max);
	/* The user sized it: autotuning keeps out. */
	sk->sk_userlocks |= SOCK_RCVBUF_LOCK;
	sk->sk_rcvbuf = SZ_64K;
	ms->rcvq_start_ns -= 2ULL * ms->rcv_rtt_us * NSEC_PER_USEC;
	mytcp_rcvbuf_adjust(sk, 128 * SZ_1M);
	KUNIT_EXPECT_EQ(test, sk->sk_rcvbuf, SZ_64K);
	release_sock(sk);
}

/* Read up to @len bytes as recvmsg(MSG_DONTWAIT) would: the count, or errno. */
static int state_read(struct kunit *test, struct sock *sk, size_t len)
{
	struct socket sock = { .sk = sk, .state = SS_CONNECTED };
	void *buf = kunit_kzalloc(test, len, GFP_KERNEL);
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {};

	KUNIT_ASSERT_NOT_NULL(test, buf);
	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &kv, 1, len);
	return mytcp_stream_ops.recvmsg(&sock, &msg, len, MSG_DONTWAIT);
}

/*
 * RFC 9293 3.8.6.3 with Linux TCP's exception: a second full segment
 * while the user has not read the first, with a window that would not
 * move on, is acknowledged by the read that follows (one ACK per read in
 * bulk transfers), or by the delayed-ACK timer. A segment that fills a
 * hole is still acknowledged at once (RFC 5681 4.2).
 */
static void state_estab_ack_on_read(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct sock *sk = &ms->sk;
	const u32 mss = 1400, r = IRS + 1;

	snap(test);
	feed(test, TCPHDR_ACK, r, ISS + 1, mss, NULL);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	/* A small buffer: the window shrinks as data waits to be read. */
	sk->sk_rcvbuf = SZ_32K;
	feed(test, TCPHDR_ACK, r + mss, ISS + 1, mss, NULL);
	KUNIT_EXPECT_EQ(test, ms->rcv_nxt, r + 2 * mss);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->delack_timer));

	/* The user reads both: one ACK, with the window the read opened. */
	KUNIT_EXPECT_EQ(test, state_read(test, sk, 4 * mss), 2 * mss);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, r + 2 * mss);
	KUNIT_EXPECT_FALSE(test, hrtimer_is_queued(&ms->delack_timer));

	/* Unread data again, then a hole, then its filling: ACKed at once. */
	snap(test);
	feed(test, TCPHDR_ACK, r + 2 * mss, ISS + 1, mss, NULL);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	feed(test, TCPHDR_ACK, r + 4 * mss, ISS + 1, mss, NULL);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, r + 3 * mss);
	feed(test, TCPHDR_ACK, r + 3 * mss, ISS + 1, mss, NULL);
	KUNIT_ASSERT_EQ(test, nsent(), 2);
	expect_sent(test, 1, TCPHDR_ACK, ISS + 1, r + 5 * mss);
}

/*
 * Nagle (RFC 9293 3.7.4) with Minshall's change, as Linux TCP: a short
 * segment waits only while a short one sent before is unacknowledged;
 * full segments in flight do not hold it (the end of a bulk write goes at
 * once, not after the peer's delayed ACK).
 */
static void state_estab_nagle_minshall(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	const u32 mss = 1400, d = ISS + 1;

	KUNIT_ASSERT_EQ(test, ms->mss, mss);
	queue_data(test, 3 * mss);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, d + 3 * mss);
	/* Only full segments in flight: a short one goes. */
	queue_data(test, 100);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, d + 3 * mss + 100);
	KUNIT_ASSERT_EQ(test, nsent(), 2);
	KUNIT_EXPECT_EQ(test, sent(test, 1).data_len, 100);
	/* That one unacknowledged: the next short one waits... */
	queue_data(test, 50);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, d + 3 * mss + 100);
	KUNIT_EXPECT_EQ(test, ms->write_seq, d + 3 * mss + 150);
	/* ...also when the full segments are acknowledged, */
	feed(test, TCPHDR_ACK, IRS + 1, d + 3 * mss, 0, NULL);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, d + 3 * mss + 100);
	KUNIT_EXPECT_EQ(test, nsent(), 2);
	/* until the short one is. */
	feed(test, TCPHDR_ACK, IRS + 1, d + 3 * mss + 100, 0, NULL);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, d + 3 * mss + 150);
	KUNIT_ASSERT_EQ(test, nsent(), 3);
	KUNIT_EXPECT_EQ(test, sent(test, 2).seq, d + 3 * mss + 100);
	KUNIT_EXPECT_EQ(test, sent(test, 2).data_len, 50);
}

/* TCP_QUICKACK set to @val through the socket's ops, as setsockopt(2). */
static void state_quickack(struct kunit *test, struct sock *sk, int val)
{
	struct socket sock = { .sk = sk, .state = SS_CONNECTED };

	KUNIT_EXPECT_EQ(test, mytcp_stream_ops.setsockopt(&sock, SOL_TCP,
							  TCP_QUICKACK,
							  KERNEL_SOCKPTR(&val),
							  sizeof(val)), 0);
}

/*
 * RFC 1122 4.2.3.2: less than a full segment is acknowledged at once
 * until the connection turns interactive (we answer data with data
 * within the delayed-ACK time); then the ACK waits for the answer and
 * goes with it, one segment per request. A delayed-ACK timeout (no
 * answer came) ends that; TCP_QUICKACK sets it either way, as in Linux.
 */
static void state_estab_delack_pingpong(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct sock *sk = &ms->sk;
	const u32 r = IRS + 1;
	struct state_out o;

	snap(test);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, r, ISS + 1, 1, NULL);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 1, r + 1);
	KUNIT_EXPECT_FALSE(test, ms->pingpong);

	/* The answer, at once: the connection is interactive now. */
	queue_data(test, 1);
	KUNIT_ASSERT_EQ(test, nsent(), 2);
	KUNIT_EXPECT_EQ(test, sent(test, 1).data_len, 1);
	KUNIT_EXPECT_TRUE(test, ms->pingpong);

	/* The next request's ACK waits, and goes with the answer. */
	feed(test, TCPHDR_ACK | TCPHDR_PSH, r + 1, ISS + 2, 1, NULL);
	KUNIT_EXPECT_EQ(test, nsent(), 2);
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->delack_timer));
	queue_data(test, 1);
	KUNIT_ASSERT_EQ(test, nsent(), 3);
	o = sent(test, 2);
	KUNIT_EXPECT_EQ(test, o.seq, ISS + 2);
	KUNIT_EXPECT_EQ(test, o.ack, r + 2);
	KUNIT_EXPECT_EQ(test, o.data_len, 1);
	KUNIT_EXPECT_FALSE(test, hrtimer_is_queued(&ms->delack_timer));

	/* No answer this time: the timer ACKs, and small segments at once. */
	snap(test);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, r + 2, ISS + 3, 1, NULL);
	KUNIT_EXPECT_EQ(test, nsent(), 0);
	wait_sent(1000);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	expect_sent(test, 0, TCPHDR_ACK, ISS + 3, r + 3);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_DELAYED_ACKS), 1);
	KUNIT_EXPECT_FALSE(test, ms->pingpong);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, r + 3, ISS + 3, 1, NULL);
	KUNIT_ASSERT_EQ(test, nsent(), 2);
	expect_sent(test, 1, TCPHDR_ACK, ISS + 3, r + 4);

	/* TCP_QUICKACK 0: interactive; 1: the waiting ACK goes at once. */
	state_quickack(test, sk, 0);
	KUNIT_EXPECT_TRUE(test, ms->pingpong);
	feed(test, TCPHDR_ACK | TCPHDR_PSH, r + 4, ISS + 3, 1, NULL);
	KUNIT_EXPECT_EQ(test, nsent(), 2);
	state_quickack(test, sk, 1);
	KUNIT_EXPECT_FALSE(test, ms->pingpong);
	KUNIT_ASSERT_EQ(test, nsent(), 3);
	expect_sent(test, 2, TCPHDR_ACK, ISS + 3, r + 5);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_DELAYED_ACKS), 1);
}

static struct kunit_case mytcp_state_cases[] = {
	KUNIT_CASE_PARAM(state_syn_sent_synack, synack_gen_params),
	KUNIT_CASE_PARAM(state_syn_sent_rtt, syn_rtt_gen_params),
	KUNIT_CASE_PARAM(state_syn_lost_window, syn_lost_gen_params),
	KUNIT_CASE(state_syn_sent_rst),
	KUNIT_CASE_PARAM(state_syn_sent_rst_ignored, rst_ignored_gen_params),
	KUNIT_CASE_PARAM(state_syn_sent_bad_ack, bad_ack_gen_params),
	KUNIT_CASE(state_syn_sent_simultaneous_open),
	KUNIT_CASE(state_syn_recv_dup_syn),
	KUNIT_CASE(state_syn_recv_close),
	KUNIT_CASE(state_estab_data_in_order),
	KUNIT_CASE(state_estab_data_out_of_order),
	KUNIT_CASE(state_estab_data_fills_part_of_gap),
	KUNIT_CASE(state_estab_dsack),
	KUNIT_CASE(state_estab_send_cut),
	KUNIT_CASE(state_estab_rto_zero_window),
	KUNIT_CASE(state_estab_rtt_stale_echo),
	KUNIT_CASE(state_estab_tlp),
	KUNIT_CASE(state_estab_rack_timeout),
	KUNIT_CASE(state_estab_rack_reo_timer),
	KUNIT_CASE(state_estab_rack_reo_open),
	KUNIT_CASE(state_estab_tlp_at_rto),
	KUNIT_CASE_PARAM(state_estab_tlp_episode, tlp_dsack_gen_params),
	KUNIT_CASE(state_estab_sndbuf_autotune),
	KUNIT_CASE(state_estab_rcvbuf_autotune),
	KUNIT_CASE(state_estab_ack_on_read),
	KUNIT_CASE(state_estab_delack_pingpong),
	KUNIT_CASE(state_estab_nagle_minshall),
	KUNIT_CASE_PARAM(state_estab_fin, fin_gen_params),
	KUNIT_CASE(state_fin_wait1_ack),
	KUNIT_CASE(state_fin_wait1_tlp),
	KUNIT_CASE(state_fin_wait1_fin),
	KUNIT_CASE(state_fin_wait2_fin),
	KUNIT_CASE(state_fin_wait2_orphan),
	KUNIT_CASE(state_last_ack_ack),
	KUNIT_CASE_PARAM(state_estab_rst_exact, rst_gen_params),
	KUNIT_CASE_PARAM(state_estab_rst_in_window, rst_window_gen_params),
	KUNIT_CASE_PARAM(state_estab_syn, syn_gen_params),
	KUNIT_CASE(state_estab_challenge_ack_limit),
	KUNIT_CASE_PARAM(state_estab_out_of_window, oow_gen_params),
	KUNIT_CASE(state_estab_paws),
	KUNIT_CASE(state_estab_paws_rst),
	KUNIT_CASE(state_estab_paws_aged),
	KUNIT_CASE(state_estab_dup_echoes_tsval),
	{}
};

static struct kunit_suite mytcp_state_suite = {
	.name = "mytcp_state",
	.suite_init = state_suite_init,
	.suite_exit = state_suite_exit,
	.init = state_init,
	.exit = state_exit,
	.test_cases = mytcp_state_cases,
};

kunit_test_suite(mytcp_state_suite);
