// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: lifetimes and races of mytcp sockets, forced deterministically:
 * accept() taking a child off the queue while the child is torn down (the
 * race runs inside mytcp_detach_child() through its KUnit hook), a
 * listener stopped with connections in its queue, a timer that fired
 * while the user held the socket and was armed again before the user let
 * go, a lookup walking past a connection that moves to another hash
 * chain, an orphan behind a zero window that the peer never opens, and a
 * transmission that fails with nothing in flight.
 * Each case checks counts and references, not only states.
 *
 * Owns: this suite only; segments and capture come from state_harness.c.
 */
#include <linux/delay.h>
#include <net/net_namespace.h>

#include "skbcb.h"
#include "state_harness.h"

/* What the race hook does, and what it saw. */
static struct {
	struct sock *child;		/* the child whose teardown races */
	struct mytcp_sock *listener;	/* whose queue accept() takes from */
	struct mytcp_sock *accepted;	/* what accept() got, or NULL */
} race;

/*
 * accept() on another CPU, at the worst moment: between the child's read
 * of its parent and its taking of the accept lock. It does what
 * mytcp_do_accept() does with the counts and references: dequeue, and
 * drop the child's reference on the listener. The queue's reference on
 * the child becomes ours (an accepted socket's).
 */
static void race_accept(struct sock *child)
{
	if (child != race.child || race.accepted)
		return;
	race.accepted = mytcp_accept_dequeue(race.listener);
	if (race.accepted)
		sock_put(&race.listener->sk);
}

/*
 * A listener on LOCAL_ADDR:LOCAL_PORT (not hashed: segments are fed to it
 * directly) and the peer's SYN to it: the child in SYN-RECEIVED, returned
 * with a reference of ours.
 */
static struct sock *setup_listener_syn(struct kunit *test)
{
	struct state_ctx *ctx = test->priv;
	struct mytcp_sock *lms;
	struct sock *l, *child;
	struct seg_in in = { .flags = TCPHDR_SYN, .seq = IRS,
			     .opt = &opt_default };

	l = mytcp_sk_alloc(&init_net, NULL, GFP_KERNEL, 1);
	KUNIT_ASSERT_NOT_NULL(test, l);
	ctx->sk = l;
	lms = mytcp_sk(l);
	lock_sock(l);
	lms->saddr = LOCAL_ADDR;
	lms->sport = htons(LOCAL_PORT);
	WRITE_ONCE(l->sk_max_ack_backlog, 8);
	mytcp_set_state(l, TCP_LISTEN);
	release_sock(l);

	snap(test);
	feed_sk(test, l, &in);
	KUNIT_ASSERT_EQ(test, lms->nr_children, 1);
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_ASSERT_EQ(test, sent(test, 0).flags, TCPHDR_SYN | TCPHDR_ACK);
	child = mytcp_lookup(&init_net, PEER_ADDR, htons(PEER_PORT), LOCAL_ADDR,
			     htons(LOCAL_PORT));
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_ASSERT_EQ(test, child->sk_state, TCP_SYN_RECV);
	return child;
}

/*
 * The same, and the peer's ACK: the child established and in the
 * listener's accept queue.
 */
static struct sock *setup_listener_child(struct kunit *test)
{
	struct sock *child = setup_listener_syn(test);
	struct mytcp_sock *lms = mytcp_sk(((struct state_ctx *)test->priv)->sk);
	struct seg_in in = { .flags = TCPHDR_ACK, .seq = IRS + 1,
			     .ack = sent(test, 0).seq + 1 };

	feed_sk(test, child, &in);
	KUNIT_ASSERT_EQ(test, child->sk_state, TCP_ESTABLISHED);
	KUNIT_ASSERT_FALSE(test, list_empty(&lms->accept_queue));
	KUNIT_ASSERT_EQ(test, lms->nr_children, 1);
	return child;
}

/* Our reference on a child that accept() would have given a user: gone. */
static void put_accepted(struct sock *sk)
{
	lock_sock(sk);
	mytcp_done(sk, 0);
	sock_orphan(sk);
	release_sock(sk);
	sock_put(sk);
}

/*
 * The peer resets a connection in the accept queue just as accept() takes
 * it. Exactly one of the two may drop the child's count and its reference
 * on the listener: before the fix both did, nr_children wrapped (and the
 * listener, full for good, dropped every SYN) and the listener was freed
 * with its descriptor still open.
 */
static void lifetime_accept_vs_reset(struct kunit *test)
{
	struct state_ctx *ctx;
	struct mytcp_sock *lms;
	struct sock *child;
	struct seg_in rst = { .flags = TCPHDR_RST, .seq = IRS + 1 };
	unsigned int ref;

	child = setup_listener_child(test);
	ctx = test->priv;
	lms = mytcp_sk(ctx->sk);
	/* Refs: ours, the child's; one more of ours keeps a bug visible. */
	sock_hold(ctx->sk);
	ref = refcount_read(&ctx->sk->sk_refcnt);

	race.child = child;
	race.listener = lms;
	race.accepted = NULL;
	WRITE_ONCE(mytcp_test_hooks.detach, race_accept);
	feed_sk(test, child, &rst);
	WRITE_ONCE(mytcp_test_hooks.detach, NULL);

	KUNIT_EXPECT_EQ(test, child->sk_state, TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, child->sk_err, ECONNRESET);
	KUNIT_EXPECT_PTR_EQ(test, race.accepted, mytcp_sk(child));
	KUNIT_EXPECT_EQ(test, lms->nr_children, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&lms->accept_queue));
	/* accept() dropped the child's reference on the listener, once. */
	KUNIT_EXPECT_EQ(test, refcount_read(&ctx->sk->sk_refcnt), ref - 1);
	if (race.accepted)
		put_accepted(child);
	sock_put(child);		/* setup's lookup */
	/* After a double drop the extra hold stands in for the lost one. */
	if (refcount_read(&ctx->sk->sk_refcnt) == ref - 1)
		sock_put(ctx->sk);
}

/*
 * A listener stops (close(), shutdown(SHUT_RD)) with a connection in its
 * queue: the connection is reset and freed, the listener is CLOSED with
 * no children and no reference from them.
 */
static void lifetime_listen_stop(struct kunit *test)
{
	struct sock *child = setup_listener_child(test);
	struct state_ctx *ctx = test->priv;
	struct mytcp_net *mn = mytcp_pernet(&init_net);
	int i;

	snap(test);
	lock_sock(ctx->sk);
	mytcp_listen_stop(ctx->sk);
	release_sock(ctx->sk);

	KUNIT_EXPECT_EQ(test, ctx->sk->sk_state, TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, mytcp_sk(ctx->sk)->nr_children, 0);
	KUNIT_EXPECT_TRUE(test, list_empty(&mytcp_sk(ctx->sk)->accept_queue));
	KUNIT_EXPECT_EQ(test, refcount_read(&ctx->sk->sk_refcnt), 1);
	KUNIT_EXPECT_EQ(test, child->sk_state, TCP_CLOSE);
	KUNIT_EXPECT_TRUE(test, sock_flag(child, SOCK_DEAD));
	KUNIT_ASSERT_EQ(test, nsent(), 1);
	KUNIT_EXPECT_TRUE(test, sent(test, 0).flags & TCPHDR_RST);
	sock_put(child);		/* setup's lookup: the last one */
	/* Only the listener is left (the child goes after a grace period). */
	for (i = 0; i < 100 && atomic_read(&mn->nr_socks) != ctx->nr_socks + 1;
	     i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&mn->nr_socks), ctx->nr_socks + 1);
}

/*
 * Fire the retransmission (or persist) timer now rather than after its
 * backoff, and wait (up to 2 s: TCG with KASAN is slow) until it has run.
 */
static void fire_rtx(struct kunit *test, struct mytcp_sock *ms)
{
	u32 retries = READ_ONCE(ms->retries);
	int i;

	lock_sock(&ms->sk);
	mytcp_timer_arm(&ms->sk, &ms->rtx_timer, NSEC_PER_MSEC);
	release_sock(&ms->sk);
	for (i = 0; i < 100 && READ_ONCE(ms->retries) == retries &&
	     READ_ONCE(ms->sk.sk_state) != TCP_CLOSE; i++)
		msleep(20);
}

/* close() as mytcp_release() does it for a connection: our FIN, orphaned. */
static void close_orphaned(struct sock *sk)
{
	lock_sock(sk);
	mytcp_send_fin(sk);
	sock_orphan(sk);
	release_sock(sk);
}

static void restore_retries(void *old)
{
	WRITE_ONCE(mytcp_pernet(&init_net)->settings.retries, (int)(long)old);
}

/* net.mytcp.retries of init_net at @n for this case, restored after it. */
static void set_retries(struct kunit *test, int n)
{
	struct mytcp_net *mn = mytcp_pernet(&init_net);
	long old = READ_ONCE(mn->settings.retries);

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, restore_retries,
							(void *)old), 0);
	WRITE_ONCE(mn->settings.retries, n);
}

/*
 * A listener stops while a connection is still in SYN-RECEIVED (not in
 * the queue, its SYN-ACK unanswered): the connection goes at its next
 * timeout, as Linux drops a request whose listener is gone, instead of
 * resending its SYN-ACK for net.mytcp.syn_retries timeouts (two minutes)
 * with the listener held.
 */
static void lifetime_listen_stop_syn_recv(struct kunit *test)
{
	struct sock *child = setup_listener_syn(test);
	struct state_ctx *ctx = test->priv;

	lock_sock(ctx->sk);
	mytcp_listen_stop(ctx->sk);
	release_sock(ctx->sk);
	KUNIT_EXPECT_EQ(test, child->sk_state, TCP_SYN_RECV);
	snap(test);
	fire_rtx(test, mytcp_sk(child));
	KUNIT_EXPECT_EQ(test, child->sk_state, TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, nsent(), 0);	/* no SYN-ACK again */
	KUNIT_EXPECT_EQ(test, mytcp_sk(ctx->sk)->nr_children, 0);
	KUNIT_EXPECT_EQ(test, refcount_read(&ctx->sk->sk_refcnt), 1);
	sock_put(child);		/* setup's lookup */
}

/*
 * TIME-WAIT's timer expires while the user holds the socket (the work is
 * left to release_cb), and a retransmitted FIN restarts TIME-WAIT before
 * the user lets go: that expiry is out of date, and the connection stays
 * in TIME-WAIT (before the fix, release_cb ended it at once).
 */
static void lifetime_timer_rearmed(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct sock *sk = &ms->sk;
	int i;

	send_our_fin(test, TCP_FIN_WAIT1);
	feed(test, TCPHDR_ACK | TCPHDR_FIN, IRS + 1, ISS + 2, 0, NULL);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_TIME_WAIT);

	lock_sock(sk);
	mytcp_timer_arm(sk, &ms->tw_timer, 1 * NSEC_PER_MSEC);
	for (i = 0; i < 100 && !test_bit(MYTCP_DEFER_TIMEWAIT, &ms->deferred);
	     i++)
		msleep(20);
	KUNIT_EXPECT_TRUE(test, test_bit(MYTCP_DEFER_TIMEWAIT, &ms->deferred));
	/* As mytcp_enter_time_wait() does for a retransmitted FIN. */
	mytcp_timer_arm(sk, &ms->tw_timer, 10 * NSEC_PER_SEC);
	release_sock(sk);

	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_TIME_WAIT);
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->tw_timer));
}

/*
 * An orphan behind a zero window whose peer answers every probe (and never
 * opens the window) ends after net.mytcp.retries probes, with a reset;
 * before, each answer started the count again and it lived for ever.
 */
static void lifetime_orphan_zero_window(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct seg_in closed = { .flags = TCPHDR_ACK, .seq = IRS + 1,
				 .ack = ISS + 1, .zero_wnd = true };
	struct sock *sk = &ms->sk;
	int i;

	feed_in(test, &closed);
	KUNIT_ASSERT_EQ(test, ms->snd_wnd, 0);
	queue_data(test, 1000);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, ISS + 1);
	close_orphaned(sk);
	KUNIT_ASSERT_EQ(test, cur_state(test), TCP_FIN_WAIT1);
	KUNIT_ASSERT_TRUE(test, hrtimer_is_queued(&ms->rtx_timer));

	set_retries(test, 3);
	snap(test);
	for (i = 0; i < 6 && cur_state(test) != TCP_CLOSE; i++) {
		fire_rtx(test, ms);
		feed_in(test, &closed);		/* the peer answers */
	}
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_WINDOW_PROBES), 3);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS_FATAL), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ORPHAN_NO_TIMER), 0);
}

/*
 * Nothing can be sent (a firewall's OUTPUT drop: ip_local_out() fails) and
 * nothing is in flight, so no ACK will come to try again: the persist
 * timer must (before, none was armed), and it tries to send again, not to
 * probe. Closed by its user then, the orphan keeps that timer, the orphan
 * check finds nothing wrong, and the orphan ends after net.mytcp.retries
 * tries. Once transmissions work again, the next try sends the data.
 */
static void lifetime_xmit_fails(struct kunit *test)
{
	struct mytcp_sock *ms = setup_estab(test, &opt_default);
	struct sock *sk = &ms->sk;
	int i;

	cap_fail_xmit(true);
	queue_data(test, 1000);
	KUNIT_ASSERT_EQ(test, ms->snd_nxt, ISS + 1);	/* nothing went */
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->rtx_timer));
	fire_rtx(test, ms);
	KUNIT_EXPECT_EQ(test, ms->retries, 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_WINDOW_PROBES), 0);
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->rtx_timer));
	cap_fail_xmit(false);
	cap_reset();
	fire_rtx(test, ms);
	KUNIT_EXPECT_EQ(test, ms->snd_nxt, ISS + 1001);
	KUNIT_ASSERT_GE(test, nsent(), 1);
	KUNIT_EXPECT_EQ(test, sent(test, 0).data_len, 1000);

	/* Acknowledged; then a FIN that cannot go, from an orphan. */
	feed(test, TCPHDR_ACK, IRS + 1, ISS + 1001, 0, NULL);
	set_retries(test, 2);
	cap_fail_xmit(true);
	snap(test);
	close_orphaned(sk);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_FIN_WAIT1);
	KUNIT_EXPECT_TRUE(test, hrtimer_is_queued(&ms->rtx_timer));
	for (i = 0; i < 4 && cur_state(test) != TCP_CLOSE; i++)
		fire_rtx(test, ms);
	KUNIT_EXPECT_EQ(test, cur_state(test), TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, ms->sk.sk_err, ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_TIMEOUTS_FATAL), 1);
	KUNIT_EXPECT_EQ(test, delta(test, MYTCP_STAT_ORPHAN_NO_TIMER), 0);
}

/* What the lookup hook moves, and where to. */
static struct {
	struct sock *move;	/* the socket to move when walked past */
	__be16 to_dport;	/* its new remote port (another bucket) */
	bool moved;
} rehash;

/*
 * A connection unhashed and hashed again into another chain (connect()
 * after a failed one) just as a lookup walks past it.
 */
static void rehash_step(struct sock *sk)
{
	if (sk != rehash.move || rehash.moved)
		return;
	rehash.moved = true;
	mytcp_unhash(sk);
	mytcp_sk(sk)->dport = rehash.to_dport;
	mytcp_hash_connection(sk);
}

/* A connection of init_net from LOCAL_ADDR:@lport to PEER_ADDR:@rport. */
static struct sock *hashed_conn(struct kunit *test, u16 lport, u16 rport)
{
	struct sock *sk = mytcp_sk_alloc(&init_net, NULL, GFP_KERNEL, 1);
	struct mytcp_sock *ms;

	KUNIT_ASSERT_NOT_NULL(test, sk);
	ms = mytcp_sk(sk);
	ms->saddr = LOCAL_ADDR;
	ms->daddr = PEER_ADDR;
	ms->sport = htons(lport);
	ms->dport = htons(rport);
	KUNIT_ASSERT_EQ(test, mytcp_hash_connection(sk), 0);
	return sk;
}

/* A remote port whose 4-tuple with LOCAL_ADDR:@lport is (not) in @slot. */
static u16 port_in_slot(u16 lport, u32 slot, bool in, u16 avoid)
{
	u32 p;

	for (p = 1024; p < 65536; p++) {
		if (p == avoid)
			continue;
		if ((mytcp_ehashfn(LOCAL_ADDR, htons(lport), PEER_ADDR,
				   htons(p)) == slot) == in)
			return p;
	}
	return 0;
}

/*
 * Two connections share an ehash chain, B first, A hashed after it (so
 * ahead of it in the chain). A lookup for B walks past A just as A moves
 * to another chain: the walk must still find B (before the nulls markers,
 * it went on down A's new chain and missed B: Linux TCP would then have
 * answered B's segment with RST).
 */
static void lifetime_lookup_rehash(struct kunit *test)
{
	u16 lport = LOCAL_PORT + 7, pb = PEER_PORT, pa, pc;
	u32 slot = mytcp_ehashfn(LOCAL_ADDR, htons(lport), PEER_ADDR, htons(pb));
	struct sock *a, *b, *found;

	pa = port_in_slot(lport, slot, true, pb);
	pc = port_in_slot(lport, slot, false, pb);
	KUNIT_ASSERT_NE(test, pa, 0);
	KUNIT_ASSERT_NE(test, pc, 0);
	b = hashed_conn(test, lport, pb);
	a = hashed_conn(test, lport, pa);

	rehash.move = a;
	rehash.to_dport = htons(pc);
	rehash.moved = false;
	WRITE_ONCE(mytcp_test_hooks.lookup_step, rehash_step);
	found = mytcp_lookup(&init_net, PEER_ADDR, htons(pb), LOCAL_ADDR,
			     htons(lport));
	WRITE_ONCE(mytcp_test_hooks.lookup_step, NULL);

	KUNIT_EXPECT_TRUE(test, rehash.moved);
	KUNIT_EXPECT_PTR_EQ(test, found, b);
	if (found)
		sock_put(found);
	/* A is where it moved to. */
	found = mytcp_lookup(&init_net, PEER_ADDR, htons(pc), LOCAL_ADDR,
			     htons(lport));
	KUNIT_EXPECT_PTR_EQ(test, found, a);
	if (found)
		sock_put(found);
	mytcp_unhash(a);
	mytcp_unhash(b);
	sock_put(a);
	sock_put(b);
}

static struct kunit_case mytcp_lifetime_cases[] = {
	KUNIT_CASE(lifetime_accept_vs_reset),
	KUNIT_CASE(lifetime_listen_stop),
	KUNIT_CASE(lifetime_listen_stop_syn_recv),
	KUNIT_CASE(lifetime_timer_rearmed),
	KUNIT_CASE(lifetime_lookup_rehash),
	KUNIT_CASE(lifetime_orphan_zero_window),
	KUNIT_CASE(lifetime_xmit_fails),
	{}
};

static struct kunit_suite mytcp_lifetime_suite = {
	.name = "mytcp_lifetime",
	.suite_init = state_suite_init,
	.suite_exit = state_suite_exit,
	.init = state_init,
	.exit = state_exit,
	.test_cases = mytcp_lifetime_cases,
};

kunit_test_suite(mytcp_lifetime_suite);
