// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: congestion control (module/cc.c, module/cc_reno.c) and NewReno
 * loss recovery (module/recovery.c): the initial window for several MSS
 * values, slow start, the switch to congestion avoidance, growth of about
 * one MSS per RTT, the timeout collapse, fast retransmit and fast recovery
 * with partial and full ACKs, the "recover" guard against a second
 * reduction, and finding algorithms by name. Every window is checked
 * against numbers worked out by hand from the RFCs.
 */
#include <kunit/test.h>
#include <linux/limits.h>

#include "cc.h"
#include "recovery.h"

/* Reno takes no notice of time: every ACK comes at the same moment. */
static const struct mytcp_cc_clock no_clock = { .now_us = USEC_PER_SEC };

/* A sender seen from the ACK path: what recovery.c is given. */
struct sender {
	struct mytcp_cc cc;
	struct mytcp_recovery rec;
	const struct mytcp_cc_ops *ops;
	u32 snd_una;
	u32 snd_nxt;
};

static void sender_init(struct kunit *test, struct sender *s, u32 mss, u32 iss)
{
	s->ops = mytcp_cc_default();
	KUNIT_ASSERT_NOT_NULL(test, s->ops);
	s->ops->init(&s->cc, mss);
	mytcp_recovery_init(&s->rec, iss, false);
	s->snd_una = iss + 1;
	s->snd_nxt = iss + 1;
}

/* An ACK of new data up to @ack, as the ACK path would report it. */
static enum mytcp_rec_action sender_ack(struct sender *s, u32 ack)
{
	enum mytcp_rec_action a;

	a = mytcp_recovery_on_ack(&s->rec, &s->cc, s->ops, ack, s->snd_una,
				  s->snd_nxt, false, s->snd_nxt - ack,
				  &no_clock);
	s->snd_una = ack;
	return a;
}

static enum mytcp_rec_action sender_dupack(struct sender *s)
{
	return mytcp_recovery_on_ack(&s->rec, &s->cc, s->ops, s->snd_una,
				     s->snd_una, s->snd_nxt, true,
				     s->snd_nxt - s->snd_una, &no_clock);
}

static void cc_lookup(struct kunit *test)
{
	const struct mytcp_cc_ops *reno = mytcp_cc_find("reno");

	KUNIT_ASSERT_NOT_NULL(test, reno);
	KUNIT_EXPECT_STREQ(test, reno->name, "reno");
	KUNIT_EXPECT_PTR_EQ(test, mytcp_cc_default(), reno);
	KUNIT_EXPECT_NOT_NULL(test, reno->init);
	KUNIT_EXPECT_NOT_NULL(test, reno->on_ack);
	KUNIT_EXPECT_NOT_NULL(test, reno->on_enter_recovery);
	KUNIT_EXPECT_NOT_NULL(test, reno->on_exit_recovery);
	KUNIT_EXPECT_NOT_NULL(test, reno->on_timeout);

	KUNIT_EXPECT_NULL(test, mytcp_cc_find("vegas"));
	KUNIT_EXPECT_NULL(test, mytcp_cc_find("Reno"));
	KUNIT_EXPECT_NULL(test, mytcp_cc_find("ren"));
	KUNIT_EXPECT_NULL(test, mytcp_cc_find("reno "));
	KUNIT_EXPECT_NULL(test, mytcp_cc_find(""));
	KUNIT_EXPECT_NULL(test, mytcp_cc_find(NULL));
}

/**
 * struct iw_case - RFC 6928's initial window for one MSS
 * @mss: the MSS given to init
 * @smss: the MSS the state ends up with
 * @iw: min(10 * SMSS, max(2 * SMSS, 14600))
 */
struct iw_case {
	u32 mss, smss, iw;
};

static const struct iw_case iw_cases[] = {
	{ 536, 536, 5360 },		/* 10 * MSS is the smaller */
	{ 1095, 1095, 10950 },
	{ 1460, 1460, 14600 },		/* both equal */
	{ 4380, 4380, 14600 },		/* 14600 */
	{ 7300, 7300, 14600 },		/* 2 * MSS = 14600 */
	{ 8960, 8960, 17920 },		/* 2 * MSS is the larger */
	{ 65535, 65535, 131070 },
	{ 0, 536, 5360 },		/* no MSS: RFC 9293's default */
	{ 100000, 65535, 131070 },	/* more than 16 bits: clamped */
};

static void iw_desc(const struct iw_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "mss %u", c->mss);
}

KUNIT_ARRAY_PARAM(iw, iw_cases, iw_desc);

static void cc_initial_window(struct kunit *test)
{
	const struct iw_case *c = test->param_value;
	struct mytcp_cc cc;

	memset(&cc, 0xa5, sizeof(cc));
	mytcp_cc_default()->init(&cc, c->mss);
	KUNIT_EXPECT_EQ(test, cc.mss, c->smss);
	KUNIT_EXPECT_EQ(test, cc.cwnd, c->iw);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, MYTCP_CC_SSTHRESH_INF);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);
}

/* RFC 5681 3.1 eq. 2, RFC 3465 2.2: cwnd += the bytes each ACK acknowledges. */
static void cc_slow_start(struct kunit *test)
{
	const struct mytcp_cc_ops *ops = mytcp_cc_default();
	struct mytcp_cc cc;
	unsigned int i;

	ops->init(&cc, 1460);
	ops->on_ack(&cc, 1460, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 16060);
	/* A delayed ACK of two segments grows by both. */
	ops->on_ack(&cc, 2920, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 18980);
	/* Less than an SMSS acknowledged: that much. */
	ops->on_ack(&cc, 100, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 19080);
	ops->on_ack(&cc, 0, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 19080);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);
	/*
	 * A stretch ACK of a whole window (a receiver that ACKs per read):
	 * the window still doubles in the round trip, not one SMSS.
	 */
	ops->init(&cc, 1460);
	ops->on_ack(&cc, 14600, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 29200);
	/* ... and stops at ssthresh. */
	cc.ssthresh = 40000;
	ops->on_ack(&cc, 29200, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 40000);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);
	/* One window of ACKs, one per segment: the window doubles. */
	ops->init(&cc, 1000);
	for (i = 0; i < 10; i++)
		ops->on_ack(&cc, 1000, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 20000);
	for (i = 0; i < 20; i++)
		ops->on_ack(&cc, 1000, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 40000);
	/* The window never passes its maximum. */
	cc.cwnd = MYTCP_CC_CWND_MAX - 500;
	ops->on_ack(&cc, 1000, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, MYTCP_CC_CWND_MAX);
	ops->on_ack(&cc, 1000, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, MYTCP_CC_CWND_MAX);
}

/* Slow start stops at ssthresh; congestion avoidance counts bytes. */
static void cc_slow_start_to_avoidance(struct kunit *test)
{
	const struct mytcp_cc_ops *ops = mytcp_cc_default();
	struct mytcp_cc cc;
	unsigned int i;

	ops->init(&cc, 1460);
	cc.ssthresh = 20000;
	ops->on_ack(&cc, 1460, &no_clock);
	ops->on_ack(&cc, 1460, &no_clock);
	ops->on_ack(&cc, 1460, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 18980);
	/* 18980 + 1460 would pass 20000: slow start ends at ssthresh. */
	ops->on_ack(&cc, 1460, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 20000);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);
	/* Now cwnd = ssthresh: avoidance. 13 ACKs (18980 bytes) < cwnd. */
	for (i = 0; i < 13; i++)
		ops->on_ack(&cc, 1460, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 20000);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 18980);
	/* The 14th reaches 20440 >= 20000: one SMSS, 440 carried over. */
	ops->on_ack(&cc, 1460, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 21460);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 440);
}

/* RFC 5681 3.1: about one SMSS per RTT, never more. */
static void cc_avoidance_per_rtt(struct kunit *test)
{
	const struct mytcp_cc_ops *ops = mytcp_cc_default();
	struct mytcp_cc cc;
	unsigned int rtt, i, segs;

	ops->init(&cc, 1000);
	KUNIT_ASSERT_EQ(test, cc.cwnd, 10000);
	cc.ssthresh = 10000;
	/* Each RTT a full window is acknowledged, one ACK per segment. */
	for (rtt = 1; rtt <= 50; rtt++) {
		segs = cc.cwnd / 1000;
		for (i = 0; i < segs; i++) {
			KUNIT_ASSERT_EQ(test, cc.cwnd, 10000 + (rtt - 1) * 1000);
			ops->on_ack(&cc, 1000, &no_clock);
		}
		KUNIT_EXPECT_EQ_MSG(test, cc.cwnd, 10000 + rtt * 1000, "rtt %u", rtt);
		KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);
	}
	KUNIT_EXPECT_EQ(test, cc.cwnd, 60000);

	/* With delayed ACKs (two segments each) the same: 60000 -> 61000. */
	for (i = 0; i < 30; i++)
		ops->on_ack(&cc, 2000, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 61000);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);

	/* A stretch ACK of three windows still adds only one SMSS. */
	cc.cwnd = 10000;
	cc.acked_acc = 0;
	ops->on_ack(&cc, 30000, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 11000);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);
	/* One window and a half: one SMSS, the half carried over. */
	ops->on_ack(&cc, 16500, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 12000);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 5500);
}

/* RFC 5681 3.1: ssthresh = max(FlightSize / 2, 2 * SMSS), cwnd = 1 SMSS. */
static void cc_timeout_collapse(struct kunit *test)
{
	const struct mytcp_cc_ops *ops = mytcp_cc_default();
	struct mytcp_cc cc;

	ops->init(&cc, 1460);
	cc.cwnd = 40000;
	cc.ssthresh = 30000;
	cc.acked_acc = 1234;
	ops->on_timeout(&cc, 29200);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 14600);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 1460);
	KUNIT_EXPECT_EQ(test, cc.acked_acc, 0);
	/* Slow start again from one segment. */
	ops->on_ack(&cc, 1460, &no_clock);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2920);
	/* Little in flight: ssthresh is at least two segments. */
	ops->on_timeout(&cc, 2000);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 2920);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 1460);
	ops->on_timeout(&cc, 0);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 2920);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 1460);
	/* An odd flight: halved, truncated. */
	ops->on_timeout(&cc, 30001);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 15000);
}

/* The Reno reductions alone, outside the state machine. */
static void cc_reno_recovery_windows(struct kunit *test)
{
	const struct mytcp_cc_ops *ops = mytcp_cc_default();
	struct mytcp_cc cc;

	ops->init(&cc, 1000);
	/* RFC 5681 3.2 steps 2 and 3. */
	ops->on_enter_recovery(&cc, 20000);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 10000);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 13000);
	ops->on_enter_recovery(&cc, 1000);
	KUNIT_EXPECT_EQ(test, cc.ssthresh, 2000);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 5000);
	/* RFC 6582 3.2 step 3 option (1): min(ssthresh, max(F, SMSS) + SMSS). */
	cc.ssthresh = 10000;
	cc.cwnd = 25000;
	ops->on_exit_recovery(&cc, 20000);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000);
	cc.cwnd = 25000;
	ops->on_exit_recovery(&cc, 4000);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 5000);
	cc.cwnd = 25000;
	ops->on_exit_recovery(&cc, 0);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 2000);
	cc.cwnd = 25000;
	ops->on_exit_recovery(&cc, 9000);
	KUNIT_EXPECT_EQ(test, cc.cwnd, 10000);
}

/*
 * NewReno with two losses in one window, MSS 1000, ISS 0. Ten segments
 * [1, 10001) are sent; segments 1 and 5 are lost.
 */
static void recovery_newreno_sequence(struct kunit *test)
{
	struct sender s;
	unsigned int i;

	sender_init(test, &s, 1000, 0);
	KUNIT_ASSERT_EQ(test, s.cc.cwnd, 10000);
	s.snd_nxt = 10001;

	/* Dupacks 1 and 2: limited transmit, one new segment each. */
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_LIMITED_TRANSMIT);
	s.snd_nxt += 1000;
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_LIMITED_TRANSMIT);
	s.snd_nxt += 1000;
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 10000);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.rec.dupacks, 2);

	/*
	 * Dupack 3, 12000 bytes in flight: fast retransmit. ssthresh =
	 * 12000 / 2 = 6000, cwnd = 6000 + 3 * 1000 = 9000, recover = 12001.
	 */
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_TRUE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 12001);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 6000);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 9000);

	/* Dupacks 4..10 (segments 6..10 and the two new ones): +1000 each. */
	for (i = 4; i <= 10; i++) {
		KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_NONE);
		KUNIT_EXPECT_EQ(test, s.cc.cwnd, 9000 + (i - 3) * 1000);
	}
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 16000);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 6000);
	/* 12000 in flight, cwnd 16000: four new segments go out. */
	s.snd_nxt += 4000;

	/*
	 * The retransmitted segment 1 arrives; segment 5 is still missing:
	 * ACK 4001, a partial ACK of 4000 bytes. cwnd = 16000 - 4000 + 1000
	 * = 13000, and segment 5 is retransmitted.
	 */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 4001), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_TRUE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 13000);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 6000);
	KUNIT_EXPECT_EQ(test, s.rec.dupacks, 0);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 12001);

	/*
	 * The four segments sent in recovery bring four dupacks of 4001:
	 * below recover, still in recovery, so they only inflate: no second
	 * fast retransmit, no second reduction at the third of them.
	 */
	for (i = 1; i <= 4; i++) {
		KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_NONE);
		KUNIT_EXPECT_EQ(test, s.cc.cwnd, 13000 + i * 1000);
	}
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 6000);
	KUNIT_EXPECT_TRUE(test, s.rec.in_recovery);

	/* A partial ACK of less than one SMSS: deflate, add nothing back. */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 4501), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 16500);
	/* Exactly one SMSS: deflate by it, add it back. */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 5501), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 16500);

	/*
	 * Segment 5's retransmission fills the hole: ACK 16001 covers
	 * recover (12001), a full ACK. Nothing is left in flight: cwnd =
	 * min(6000, max(0, 1000) + 1000) = 2000.
	 */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 16001), MYTCP_REC_NONE);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 2000);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 6000);

	/* Slow start again up to ssthresh, then avoidance. */
	s.snd_nxt += 2000;
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 17001), MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 3000);
}

/* A full ACK with much still in flight deflates to ssthresh. */
static void recovery_full_ack_to_ssthresh(struct kunit *test)
{
	struct sender s;

	sender_init(test, &s, 1000, 1000);
	s.snd_nxt = s.snd_una + 10000;
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 5000);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 8000);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 11001);
	/* Seven dupacks more: cwnd 15000; 5000 new bytes sent. */
	sender_dupack(&s);
	sender_dupack(&s);
	sender_dupack(&s);
	sender_dupack(&s);
	sender_dupack(&s);
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 15000);
	s.snd_nxt += 5000;
	/* ACK exactly recover: full. 5000 left: min(5000, 6000) = 5000. */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 11001), MYTCP_REC_NONE);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 5000);
	/* cwnd = ssthresh: the next ACKs are congestion avoidance. */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 12001), MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 5000);
	KUNIT_EXPECT_EQ(test, s.cc.acked_acc, 1000);
}

/* Fewer than three dupacks, then new data: no recovery, count restarts. */
static void recovery_dupacks_reset(struct kunit *test)
{
	struct sender s;

	sender_init(test, &s, 1000, 0);
	s.snd_nxt = 10001;
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_LIMITED_TRANSMIT);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_LIMITED_TRANSMIT);
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 1001), MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.rec.dupacks, 0);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 11000);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_LIMITED_TRANSMIT);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_LIMITED_TRANSMIT);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, MYTCP_CC_SSTHRESH_INF);
	/* A window update (neither new nor duplicate) changes nothing. */
	KUNIT_EXPECT_EQ(test, mytcp_recovery_on_ack(&s.rec, &s.cc, s.ops, 1001,
						    1001, s.snd_nxt, false, 9000,
						    &no_clock),
			MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.rec.dupacks, 2);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 11000);
	/* The third enters; a fourth and fifth only inflate. */
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 4500);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 7500);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 8500);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 4500);
}

/*
 * RFC 6582 3.2 step 4 and 4: after a timeout, dupacks that do not cover
 * more than recover (SND.NXT at the timeout) neither fast-retransmit nor
 * reduce ssthresh again.
 */
static void recovery_no_second_reduction(struct kunit *test)
{
	struct sender s;
	unsigned int i;

	sender_init(test, &s, 1000, 0);
	s.snd_nxt = 20001;
	mytcp_recovery_on_timeout(&s.rec, &s.cc, s.ops, s.snd_nxt, 20000,
				  false);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 20001);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 10000);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 1000);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	/*
	 * RFC 5681 3.1: the timer expires again before any ACK, with one
	 * segment in flight: ssthresh is held, cwnd stays one segment.
	 */
	mytcp_recovery_on_timeout(&s.rec, &s.cc, s.ops, s.snd_nxt, 1000, true);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 10000);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 1000);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 20001);

	/* Go-back-N: the first retransmission is acknowledged. */
	/*
	 * RFC 3465 2.3: slow start after a timeout grows by one SMSS per
	 * ACK, whatever it acknowledges (here 2000).
	 */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 2001), MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 2000);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 20001);
	/* Dupacks of 2001 < recover: no fast retransmit, however many. */
	for (i = 1; i <= 6; i++) {
		KUNIT_EXPECT_NE(test, sender_dupack(&s),
				MYTCP_REC_RETRANSMIT_FIRST);
		KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	}
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 10000);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 2000);

	/*
	 * An ACK of exactly recover does not cover more than it either.
	 * Its 18000 bytes, the rest of the window outstanding at the
	 * timeout, still grow cwnd by one SMSS only: no burst.
	 */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 20001), MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 3000);
	s.snd_nxt = 25001;
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_NE(test, sender_dupack(&s),
				MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 10000);

	/* One byte past: a new loss event, fast retransmit again. */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 20002), MYTCP_REC_NONE);
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	/* 25001 - 20002 = 4999 in flight: ssthresh 2499, cwnd 5499. */
	KUNIT_EXPECT_EQ(test, s.rec.recover, 25001);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 2499);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 5499);

	/* A timeout in recovery ends it, and records the new recover. */
	s.snd_nxt = 26001;
	mytcp_recovery_on_timeout(&s.rec, &s.cc, s.ops, s.snd_nxt, 5999,
				  false);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 26001);
	KUNIT_EXPECT_EQ(test, s.rec.dupacks, 0);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 2999);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 1000);
}

/*
 * With SACK (RFC 6675 5.1): a new recovery may start once the cumulative
 * ACK reaches recover. After a full acknowledgment, a segment sent during
 * the recovery is lost: its duplicates carry exactly recover and must
 * fast-retransmit (NewReno's rule, above, waits for one byte more). After
 * a timeout, duplicates below recover still do not.
 */
static void recovery_sack_new_event(struct kunit *test)
{
	struct sender s;
	unsigned int i;

	sender_init(test, &s, 1000, 0);
	mytcp_recovery_init(&s.rec, 0, true);
	s.snd_nxt = 10001;
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 10001);
	/* Sent in recovery, then the full ACK: 2000 left, cwnd 3000. */
	s.snd_nxt = 12001;
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 10001), MYTCP_REC_NONE);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 3000);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 5000);
	/* 10001 is lost: duplicates at exactly recover, a new event. */
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_TRUE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 12001);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 2000);

	/* A timeout: duplicates short of recover start nothing... */
	s.snd_nxt = 20001;
	mytcp_recovery_on_timeout(&s.rec, &s.cc, s.ops, s.snd_nxt, 9000,
				  false);
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 15001), MYTCP_REC_NONE);
	for (i = 1; i <= 4; i++)
		KUNIT_EXPECT_NE(test, sender_dupack(&s),
				MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
	/* ...once the ACK reaches it, they do (HighACK >= RecoveryPoint). */
	s.snd_nxt = 23001;
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 20001), MYTCP_REC_NONE);
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 23001);
}

/*
 * The first data segment lost: its dupacks carry ISS + 1 and still start
 * a fast retransmit; also across the sequence wrap.
 */
static void recovery_first_segment(struct kunit *test)
{
	struct sender s;

	sender_init(test, &s, 1000, 0xfffffffeU);
	s.snd_nxt = s.snd_una + 10000;
	KUNIT_EXPECT_EQ(test, s.snd_una, 0xffffffffU);
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.rec.recover, 9999);
	/* Partial across the wrap: 1001 bytes, cwnd 8000 - 1001 + 1000. */
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 1000), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 7999);
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 9999), MYTCP_REC_NONE);
	KUNIT_EXPECT_FALSE(test, s.rec.in_recovery);
}

/*
 * RFC 7661 4.3: ACKs of a flight under half of cwnd (the application or
 * the peer's window held the sender back) do not grow cwnd; once half of
 * it is in flight, they do again.
 */
static void recovery_cwnd_validation(struct kunit *test)
{
	struct sender s;
	unsigned int i;

	sender_init(test, &s, 1000, 0);
	KUNIT_ASSERT_EQ(test, s.cc.cwnd, 10000);
	/* 4000 bytes at a time, each acknowledged: cwnd stays. */
	for (i = 0; i < 20; i++) {
		s.snd_nxt = s.snd_una + 4000;
		KUNIT_EXPECT_EQ(test, sender_ack(&s, s.snd_nxt), MYTCP_REC_NONE);
	}
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 10000);
	/* Half the window out: slow start counts the bytes again. */
	s.snd_nxt = s.snd_una + 5000;
	sender_ack(&s, s.snd_nxt);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 15000);
	/* So does congestion avoidance, not while the flight is small. */
	s.cc.ssthresh = 15000;
	for (i = 0; i < 10; i++) {
		s.snd_nxt = s.snd_una + 3000;
		sender_ack(&s, s.snd_nxt);
	}
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 15000);
	KUNIT_EXPECT_EQ(test, s.cc.acked_acc, 0);
	s.snd_nxt = s.snd_una + 15000;
	sender_ack(&s, s.snd_nxt);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 16000);
}

/*
 * After more than 2 GiB without a loss, recover is far behind; a loss must
 * still be fast-retransmitted (after() would turn around at 2^31).
 */
static void recovery_long_connection(struct kunit *test)
{
	struct sender s;
	unsigned int i;

	sender_init(test, &s, 1000, 0);
	for (i = 0; i < 3; i++) {
		s.snd_nxt = s.snd_una + (1U << 30) + 10000;
		KUNIT_EXPECT_EQ(test, sender_ack(&s, s.snd_una + (1U << 30)),
				MYTCP_REC_NONE);
	}
	KUNIT_EXPECT_EQ(test, s.snd_una, 3 * (1U << 30) + 1);
	/* Slow start counted every byte, up to the largest window. */
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, MYTCP_CC_CWND_MAX);
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_TRUE(test, s.rec.in_recovery);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 5000);
}

/* Partial ACKs never take cwnd below one SMSS; inflation is capped. */
static void recovery_window_bounds(struct kunit *test)
{
	struct sender s;

	sender_init(test, &s, 1000, 0);
	s.snd_nxt = 1 + 4000;
	sender_dupack(&s);
	sender_dupack(&s);
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.ssthresh, 2000);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 5000);
	s.cc.cwnd = 1500;
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 3001), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, 1000);
	s.cc.cwnd = MYTCP_CC_CWND_MAX - 10;
	KUNIT_EXPECT_EQ(test, sender_dupack(&s), MYTCP_REC_NONE);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, MYTCP_CC_CWND_MAX);
	KUNIT_EXPECT_EQ(test, sender_ack(&s, 3500), MYTCP_REC_RETRANSMIT_FIRST);
	KUNIT_EXPECT_EQ(test, s.cc.cwnd, MYTCP_CC_CWND_MAX - 499);
}

static struct kunit_case mytcp_cc_cases[] = {
	KUNIT_CASE(cc_lookup),
	KUNIT_CASE_PARAM(cc_initial_window, iw_gen_params),
	KUNIT_CASE(cc_slow_start),
	KUNIT_CASE(cc_slow_start_to_avoidance),
	KUNIT_CASE(cc_avoidance_per_rtt),
	KUNIT_CASE(cc_timeout_collapse),
	KUNIT_CASE(cc_reno_recovery_windows),
	KUNIT_CASE(recovery_newreno_sequence),
	KUNIT_CASE(recovery_full_ack_to_ssthresh),
	KUNIT_CASE(recovery_dupacks_reset),
	KUNIT_CASE(recovery_no_second_reduction),
	KUNIT_CASE(recovery_sack_new_event),
	KUNIT_CASE(recovery_first_segment),
	KUNIT_CASE(recovery_cwnd_validation),
	KUNIT_CASE(recovery_long_connection),
	KUNIT_CASE(recovery_window_bounds),
	{}
};

static struct kunit_suite mytcp_cc_suite = {
	.name = "mytcp_cc",
	.test_cases = mytcp_cc_cases,
};

kunit_test_suite(mytcp_cc_suite);
