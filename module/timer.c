// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the timers of a connection, all soft hrtimers.
 *
 * Owns: arming and cancelling (with the socket reference an armed timer
 * holds), and what each timer does when it fires: retransmission and SYN
 * retries (RFC 6298, RFC 9293 3.8.1), persist (RFC 9293 3.8.6.1), delayed
 * ACK (RFC 9293 3.8.6.3), keepalive (RFC 1122 4.2.3.6) and TIME-WAIT /
 * FIN-WAIT-2 expiry (RFC 9293 3.6.1).
 *
 * A timer fires in softirq context and takes the socket's spinlock. If a
 * process owns the socket then, it sets a MYTCP_DEFER_* bit and
 * mytcp_release_cb() finishes the work when the process releases it.
 */
#include <kunit/visibility.h>
#include <linux/hrtimer.h>
#include <net/tcp.h>

#include "mytcp.h"
#include "skbcb.h"

/* Which MYTCP_DEFER_* bit stands for timer @t of @ms. */
static int mytcp_timer_bit(struct mytcp_sock *ms, struct hrtimer *t)
{
	if (t == &ms->rtx_timer)
		return MYTCP_DEFER_RTX;
	if (t == &ms->delack_timer)
		return MYTCP_DEFER_DELACK;
	if (t == &ms->ka_timer)
		return MYTCP_DEFER_KEEPALIVE;
	return MYTCP_DEFER_TIMEWAIT;
}

/**
 * mytcp_timer_arm - (re)start a timer of a socket
 * @sk: the socket
 * @t: one of its timers
 * @ns: delay in nanoseconds
 *
 * A pending timer holds one reference on @sk, recorded in timer_refs:
 * taken when the timer goes from idle to pending, carried over when a
 * pending timer is moved, and dropped by the handler (or by a cancel).
 */
void mytcp_timer_arm(struct sock *sk, struct hrtimer *t, u64 ns)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	unsigned long flags;

	/* A closed connection has nothing left to time. */
	if (sk->sk_state == TCP_CLOSE)
		return;
	spin_lock_irqsave(&ms->timer_lock, flags);
	if (!__test_and_set_bit(mytcp_timer_bit(ms, t), &ms->timer_refs))
		sock_hold(sk);
	hrtimer_start(t, ns_to_ktime(ns), HRTIMER_MODE_REL_SOFT);
	spin_unlock_irqrestore(&ms->timer_lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_timer_arm);

/**
 * mytcp_timer_cancel - stop a timer if it is pending
 * @sk: the socket
 * @t: one of its timers
 *
 * If the handler is running right now it cannot be stopped; it drops the
 * timer's reference itself and finds nothing to do.
 */
void mytcp_timer_cancel(struct sock *sk, struct hrtimer *t)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	unsigned long flags;
	bool put = false;

	spin_lock_irqsave(&ms->timer_lock, flags);
	if (hrtimer_try_to_cancel(t) == 1) {
		__clear_bit(mytcp_timer_bit(ms, t), &ms->timer_refs);
		put = true;
	}
	spin_unlock_irqrestore(&ms->timer_lock, flags);
	if (put)
		__sock_put(sk);
}

/**
 * mytcp_timers_cancel_all - stop every timer of a socket
 * @sk: the socket
 */
void mytcp_timers_cancel_all(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	mytcp_timer_cancel(sk, &ms->rtx_timer);
	mytcp_timer_cancel(sk, &ms->delack_timer);
	mytcp_timer_cancel(sk, &ms->tw_timer);
	mytcp_timer_cancel(sk, &ms->ka_timer);
}

/* The current retransmission timeout with backoff (RFC 6298 5.5), in ns. */
static u64 mytcp_rto_ns(struct mytcp_sock *ms)
{
	return (u64)mytcp_rtt_timeout_us(&ms->rtt) * NSEC_PER_USEC;
}

/* From now until @deadline_us (the clock of sent_us), in ns; 1 µs at least. */
static u64 mytcp_ns_until(u64 deadline_us)
{
	u64 now_us = mytcp_clock_us();

	return deadline_us > now_us ? (deadline_us - now_us) * NSEC_PER_USEC :
				      NSEC_PER_USEC;
}

/**
 * mytcp_rearm_rtx - start or stop the retransmission timer for what is
 *	outstanding
 * @sk: the socket, locked
 *
 * RFC 6298 5.1-5.3: running while data is unacknowledged, restarted when
 * new data is acknowledged, off when everything is. It runs as RACK's
 * reordering timer instead (RFC 8985 6.3: a segment below SACKed data
 * will be lost by RACK's time rule first) when that is due before the RTO,
 * and as the tail loss probe timeout (RFC 8985 7.2: with SACK, outside
 * recovery, no probe out) at the earlier of the probe timeout and the RTO.
 */
void mytcp_rearm_rtx(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u64 rto = mytcp_rto_ns(ms), pto, reo;

	ms->rtx_is_pto = false;
	ms->rtx_is_reo = false;
	if (ms->snd_una == ms->snd_nxt) {
		mytcp_timer_cancel(sk, &ms->rtx_timer);
		return;
	}
	/*
	 * RFC 8985 6.3: a segment that will be lost by RACK's time rule
	 * before the RTO: the timer runs as the reordering timer.
	 */
	reo = mytcp_rack_reo_deadline_us(sk);
	if (reo) {
		reo = mytcp_ns_until(reo);
		if (reo < rto) {
			ms->rtx_is_reo = true;
			rto = reo;
		}
	}
	/*
	 * RFC 8985 7.2: with SACK, in a sending state, outside any recovery
	 * and with no probe out yet, the timer first runs as the probe
	 * timeout: 2 * SRTT, plus the peer's worst delayed ACK when one
	 * segment is out. If the RTO would expire first, the probe goes at
	 * the RTO's time instead (as Linux TCP): one segment out and lost,
	 * an interactive request, say, is probed then rather than timed
	 * out, which would take the window down to one segment.
	 */
	if (ms->sack_ok && mytcp_probe_state(sk) &&
	    ms->rtt.srtt_us && !ms->tlp_out && !ms->rec.in_recovery &&
	    !before(ms->snd_una, ms->rec.recover) && !ms->retries) {
		pto = 2ULL * ms->rtt.srtt_us * NSEC_PER_USEC;
		if (ms->snd_nxt - ms->snd_una <= ms->mss)
			pto += MYTCP_TLP_ACK_DELAY_NS;
		pto = max_t(u64, pto, MYTCP_TLP_MIN_NS);
		if (pto < rto || !ms->rtx_is_reo) {
			ms->rtx_is_pto = true;
			ms->rtx_is_reo = false;
			rto = min(pto, rto);
		}
	}
	mytcp_timer_arm(sk, &ms->rtx_timer, rto);
}

/**
 * mytcp_arm_reo - start RACK's reordering timer if it is due first
 * @sk: the socket, locked; an ACK that SACKed data was just taken in
 *
 * RFC 8985 6.3: a segment that RACK's time rule will call lost before the
 * pending timer (the RTO, or the probe timeout) expires: the timer fires
 * then instead. A duplicate ACK does not restart the RTO (RFC 6298 5.3),
 * so the timer is only ever moved earlier here.
 */
void mytcp_arm_reo(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u64 deadline = mytcp_rack_reo_deadline_us(sk), ns;

	/* An expired RTO waits for the lock (release_cb): let it run. */
	if (!deadline || test_bit(MYTCP_DEFER_RTX, &ms->deferred))
		return;
	ns = mytcp_ns_until(deadline);
	if (hrtimer_is_queued(&ms->rtx_timer) &&
	    ktime_to_ns(hrtimer_get_remaining(&ms->rtx_timer)) <= (s64)ns)
		return;
	ms->rtx_is_pto = false;
	ms->rtx_is_reo = true;
	mytcp_timer_arm(sk, &ms->rtx_timer, ns);
}

/*
 * Nothing is in flight and something waits to be sent: the peer's window
 * is closed (RFC 9293 3.8.6.1), or a transmission failed (no route, no
 * memory, a firewall's OUTPUT drop) and no ACK will come to try again.
 * Try to send first; if nothing goes and the peer's window is zero,
 * probe with a segment the peer must acknowledge (one below SND.UNA), to
 * learn when the window opens. Persist as long as the peer answers (an
 * ACK resets the count; not for an orphan, see mytcp_rcv_ack()), and give
 * up after net.mytcp.retries tries (net.mytcp.syn_retries for a SYN or
 * SYN-ACK that never went).
 */
static void mytcp_persist_probe(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	bool syn = (1 << sk->sk_state) & (TCPF_SYN_SENT | TCPF_SYN_RECV);
	u32 limit = syn ? READ_ONCE(mn->settings.syn_retries) :
			  READ_ONCE(mn->settings.retries);
	u32 nxt = ms->snd_nxt;

	/* A peer that answers no probe is gone: give up like retransmission. */
	if (ms->retries >= limit) {
		MYTCP_INC_STATS(sock_net(sk), TIMEOUTS_FATAL);
		if (sk->sk_state != TCP_SYN_SENT)
			mytcp_send_active_reset(sk);
		mytcp_done(sk, ETIMEDOUT);
		return;
	}
	ms->retries++;
	/*
	 * RFC 9293 3.8.6.2.1: the override timeout. If the peer's window
	 * has room for part of a segment, send that part instead of a probe.
	 */
	if (mytcp_fit_window(sk, true)) {
		mytcp_push(sk);
		return;
	}
	/* What fits the windows (after a failed transmission): now. */
	mytcp_push(sk);
	if (ms->snd_nxt != nxt)
		return;		/* it went: the retransmission timer runs */
	if (!syn && !ms->snd_wnd) {
		MYTCP_INC_STATS(sock_net(sk), WINDOW_PROBES);
		mytcp_send_ctl(sk, TCPHDR_ACK, ms->snd_una - 1);
	}
	mytcp_rtt_backoff(&ms->rtt);
	mytcp_arm_persist(sk);
}

/**
 * mytcp_arm_persist - start the persist timer (the retransmission timer,
 *	while the peer's window is closed and nothing is in flight)
 * @sk: the socket, locked
 */
void mytcp_arm_persist(struct sock *sk)
{
	mytcp_sk(sk)->rtx_is_pto = false;
	mytcp_sk(sk)->rtx_is_reo = false;
	mytcp_timer_arm(sk, &mytcp_sk(sk)->rtx_timer, mytcp_rto_ns(mytcp_sk(sk)));
}

/* RFC 6298 5.4-5.7: the retransmission timer expired. */
static void mytcp_rtx_expired(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct sk_buff *head;
	u32 limit;

	if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN)
		return;
	/*
	 * A passive open whose listener stopped (close(), shutdown())
	 * meanwhile: nobody will accept it. It goes now, at its next
	 * timeout, as Linux drops a request whose listener is gone
	 * (reqsk_timer_handler()); a peer that still completes the
	 * handshake gets a reset (mytcp_child_established()).
	 */
	if (sk->sk_state == TCP_SYN_RECV && ms->parent &&
	    READ_ONCE(ms->parent->sk.sk_state) != TCP_LISTEN) {
		mytcp_done(sk, 0);
		return;
	}
	if (ms->snd_una == ms->snd_nxt) {
		if (ms->send_head)
			mytcp_persist_probe(sk);
		return;
	}
	limit = (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV) ?
		READ_ONCE(mn->settings.syn_retries) : READ_ONCE(mn->settings.retries);
	/*
	 * RACK's reordering timer, not the RTO (RFC 8985 6.3): what it
	 * waited for is lost now; resend it as the recovery window allows.
	 */
	if (ms->rtx_is_reo) {
		ms->rtx_is_reo = false;
		if (ms->rec.in_recovery) {
			MYTCP_INC_STATS(sock_net(sk), RACK_REO_TIMEOUTS);
			mytcp_retransmit_holes(sk, 0);
		} else if (mytcp_rack_timeout(sk)) {
			return;		/* recovery started, timer rearmed */
		}
		mytcp_rearm_rtx(sk);
		return;
	}
	/* The probe timeout, not the RTO: probe, then wait for the RTO. */
	if (ms->rtx_is_pto) {
		ms->rtx_is_pto = false;
		if (mytcp_rack_timeout(sk))
			return;
		mytcp_send_tlp(sk);
		/*
		 * Now the RTO, whatever the probe's push armed (it may have
		 * sent new data and rearmed for a probe: one per episode).
		 */
		ms->rtx_is_pto = false;
		ms->rtx_is_reo = false;
		mytcp_timer_arm(sk, &ms->rtx_timer, mytcp_rto_ns(ms));
		return;
	}
	ms->tlp_out = false;
	if (ms->retries >= limit) {
		MYTCP_INC_STATS(sock_net(sk), TIMEOUTS_FATAL);
		if (sk->sk_state != TCP_SYN_SENT)
			mytcp_send_active_reset(sk);
		mytcp_done(sk, ETIMEDOUT);
		return;
	}
	MYTCP_INC_STATS(sock_net(sk), TIMEOUTS);
	ms->retries++;
	ms->high_rxt = ms->snd_una;	/* nothing resent yet after the RTO */
	/* RFC 5681 3.1 (loss window) and RFC 6582 3.2 step 4. */
	mytcp_recovery_on_timeout(&ms->rec, &ms->cc, ms->cc_ops, ms->snd_nxt,
				  ms->snd_nxt - ms->snd_una, ms->retries > 1);
	mytcp_rtt_backoff(&ms->rtt);		/* 5.5 */
	/*
	 * 5.4: resend the earliest segment, whatever the peer's window: a
	 * window closed while data was out (its update lost) is probed by
	 * it (RFC 9293 3.8.6.1), or nothing would be sent, ever. Then go
	 * back to the segments after it (go-back-N), as the windows allow.
	 */
	head = skb_peek(&sk->sk_write_queue);
	if (head && !mytcp_retransmit_head(sk, MYTCP_RTX_TIMEOUT))
		ms->send_head = mytcp_write_next(sk, head);
	else
		ms->send_head = head;
	mytcp_push(sk);
	mytcp_timer_arm(sk, &ms->rtx_timer, mytcp_rto_ns(ms));	/* 5.6 */
}

static void mytcp_delack_expired(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	if (ms->ack_pending && sk->sk_state != TCP_CLOSE &&
	    sk->sk_state != TCP_LISTEN) {
		MYTCP_INC_STATS(sock_net(sk), DELAYED_ACKS);
		/* No answer came in time: ACK small segments at once again. */
		ms->pingpong = false;
		mytcp_send_ack(sk);
	}
}

/* TIME-WAIT (or an orphan's FIN-WAIT-2) is over: the connection is gone. */
static void mytcp_tw_expired(struct sock *sk)
{
	if (sk->sk_state == TCP_TIME_WAIT || sk->sk_state == TCP_FIN_WAIT2)
		mytcp_done(sk, 0);
}

/* Connections that keepalive watches: synchronized, our side or theirs open. */
static bool mytcp_keepalive_state(const struct sock *sk)
{
	return (1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT |
				      TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2);
}

/**
 * mytcp_keepalive_reset - (re)start keepalive's wait for silence
 * @sk: the socket, locked
 *
 * Runs when keepalive is switched on, a connection is established, or the
 * settings change: the first probe goes keepidle seconds after the peer
 * last spoke.
 */
void mytcp_keepalive_reset(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	if (!sock_flag(sk, SOCK_KEEPOPEN) || !mytcp_keepalive_state(sk)) {
		mytcp_timer_cancel(sk, &ms->ka_timer);
		return;
	}
	mytcp_timer_arm(sk, &ms->ka_timer, (u64)ms->keepidle * NSEC_PER_SEC);
}

/**
 * mytcp_keepalive - SO_KEEPALIVE was set or cleared (proto.keepalive)
 * @sk: the socket, locked
 * @on: the new value
 */
void mytcp_keepalive(struct sock *sk, int on)
{
	if (on)
		sock_set_flag(sk, SOCK_KEEPOPEN);
	else
		sock_reset_flag(sk, SOCK_KEEPOPEN);
	mytcp_keepalive_reset(sk);
}

/**
 * mytcp_keepalive_setsockopt - set TCP_KEEPIDLE, TCP_KEEPINTVL or TCP_KEEPCNT
 * @sk: the socket, locked
 * @optname: the option
 * @val: its value: 1..32767 seconds for the times, 1..127 probes, the
 *	limits of Linux TCP
 *
 * Return: 0, -EINVAL for a value out of range, -ENOPROTOOPT for another
 * option.
 */
int mytcp_keepalive_setsockopt(struct sock *sk, int optname, int val)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	switch (optname) {
	case TCP_KEEPIDLE:
		if (val < 1 || val > MAX_TCP_KEEPIDLE)
			return -EINVAL;
		ms->keepidle = val;
		mytcp_keepalive_reset(sk);
		return 0;
	case TCP_KEEPINTVL:
		if (val < 1 || val > MAX_TCP_KEEPINTVL)
			return -EINVAL;
		ms->keepintvl = val;
		return 0;
	case TCP_KEEPCNT:
		if (val < 1 || val > MAX_TCP_KEEPCNT)
			return -EINVAL;
		ms->keepcnt = val;
		return 0;
	}
	return -ENOPROTOOPT;
}

/**
 * mytcp_keepalive_getsockopt - read TCP_KEEPIDLE, TCP_KEEPINTVL or
 *	TCP_KEEPCNT
 * @sk: the socket
 * @optname: the option
 * @val: filled with its value
 *
 * Return: 0, or -ENOPROTOOPT for another option.
 */
int mytcp_keepalive_getsockopt(struct sock *sk, int optname, int *val)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	switch (optname) {
	case TCP_KEEPIDLE:
		*val = READ_ONCE(ms->keepidle);
		return 0;
	case TCP_KEEPINTVL:
		*val = READ_ONCE(ms->keepintvl);
		return 0;
	case TCP_KEEPCNT:
		*val = READ_ONCE(ms->keepcnt);
		return 0;
	}
	return -ENOPROTOOPT;
}

/*
 * RFC 1122 4.2.3.6: after keepidle seconds of silence, probe with a segment
 * the peer must acknowledge (one below SND.UNA, carrying no data), every
 * keepintvl seconds; keepcnt unanswered probes end the connection with
 * ETIMEDOUT. While data is outstanding the retransmission timer watches.
 */
static void mytcp_keepalive_expired(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u64 idle, idle_max = (u64)ms->keepidle * NSEC_PER_SEC;

	if (!sock_flag(sk, SOCK_KEEPOPEN) || !mytcp_keepalive_state(sk))
		return;
	idle = ktime_get_ns() - ms->rcv_tstamp_ns;
	if (ms->snd_una != ms->snd_nxt || ms->send_head) {
		mytcp_timer_arm(sk, &ms->ka_timer, idle_max);
		return;
	}
	if (idle < idle_max && !ms->ka_probes) {
		mytcp_timer_arm(sk, &ms->ka_timer, idle_max - idle);
		return;
	}
	if (ms->ka_probes >= ms->keepcnt) {
		MYTCP_INC_STATS(sock_net(sk), KEEPALIVE_TIMEOUTS);
		mytcp_send_active_reset(sk);
		mytcp_done(sk, ETIMEDOUT);
		return;
	}
	ms->ka_probes++;
	MYTCP_INC_STATS(sock_net(sk), KEEPALIVE_PROBES);
	mytcp_send_ctl(sk, TCPHDR_ACK, ms->snd_una - 1);
	mytcp_timer_arm(sk, &ms->ka_timer, (u64)ms->keepintvl * NSEC_PER_SEC);
}

/*
 * Run a timer's work now, or leave it to release_cb. The timer's reference
 * comes to us, unless the timer was armed again between its expiry and
 * here: then the reference stays with the new expiry and this one is void.
 * After the work, an orphan must still have a timer (mytcp_orphan_check()).
 */
static enum hrtimer_restart mytcp_timer_fire(struct hrtimer *t,
					     struct sock *sk, int bit,
					     void (*fn)(struct sock *sk))
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	spin_lock(&ms->timer_lock);
	if (hrtimer_is_queued(t)) {
		spin_unlock(&ms->timer_lock);
		return HRTIMER_NORESTART;
	}
	__clear_bit(bit, &ms->timer_refs);
	spin_unlock(&ms->timer_lock);

	bh_lock_sock(sk);
	if (sock_owned_by_user(sk)) {
		set_bit(bit, &mytcp_sk(sk)->deferred);
	} else {
		/*
		 * Not if the socket's holder armed the timer again between
		 * the check above and the lock (an ACK restarted the RTO, a
		 * FIN restarted TIME-WAIT): this expiry is out of date, the
		 * new one will run.
		 */
		if (!hrtimer_is_queued(t))
			fn(sk);
		mytcp_orphan_check(sk, t);
	}
	bh_unlock_sock(sk);
	sock_put(sk);
	return HRTIMER_NORESTART;
}

static enum hrtimer_restart mytcp_rtx_fire(struct hrtimer *t)
{
	struct mytcp_sock *ms = container_of(t, struct mytcp_sock, rtx_timer);

	return mytcp_timer_fire(t, &ms->sk, MYTCP_DEFER_RTX, mytcp_rtx_expired);
}

static enum hrtimer_restart mytcp_delack_fire(struct hrtimer *t)
{
	struct mytcp_sock *ms = container_of(t, struct mytcp_sock, delack_timer);

	return mytcp_timer_fire(t, &ms->sk, MYTCP_DEFER_DELACK,
				mytcp_delack_expired);
}

static enum hrtimer_restart mytcp_ka_fire(struct hrtimer *t)
{
	struct mytcp_sock *ms = container_of(t, struct mytcp_sock, ka_timer);

	return mytcp_timer_fire(t, &ms->sk, MYTCP_DEFER_KEEPALIVE,
				mytcp_keepalive_expired);
}

static enum hrtimer_restart mytcp_tw_fire(struct hrtimer *t)
{
	struct mytcp_sock *ms = container_of(t, struct mytcp_sock, tw_timer);

	return mytcp_timer_fire(t, &ms->sk, MYTCP_DEFER_TIMEWAIT,
				mytcp_tw_expired);
}

/**
 * mytcp_release_cb - finish timer work deferred while a process held @sk
 * @sk: the socket, still owned, its spinlock held (called by release_sock)
 *
 * An expiry whose timer was armed again meanwhile is out of date and
 * skipped. Last, the orphan check (mytcp_orphan_check()): the first time a
 * socket closed by close() is checked is here.
 */
void mytcp_release_cb(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	/*
	 * Not if the timer was started again meanwhile (an ACK the backlog
	 * brought restarted the RTO, RFC 6298 5.3; a retransmitted FIN
	 * restarted TIME-WAIT): this expiry is out of date, and the mode it
	 * ran in (RTO, probe, reordering) may have changed.
	 */
	if (test_and_clear_bit(MYTCP_DEFER_RTX, &ms->deferred) &&
	    !hrtimer_is_queued(&ms->rtx_timer))
		mytcp_rtx_expired(sk);
	if (test_and_clear_bit(MYTCP_DEFER_DELACK, &ms->deferred) &&
	    !hrtimer_is_queued(&ms->delack_timer))
		mytcp_delack_expired(sk);
	if (test_and_clear_bit(MYTCP_DEFER_TIMEWAIT, &ms->deferred) &&
	    !hrtimer_is_queued(&ms->tw_timer))
		mytcp_tw_expired(sk);
	if (test_and_clear_bit(MYTCP_DEFER_KEEPALIVE, &ms->deferred) &&
	    !hrtimer_is_queued(&ms->ka_timer))
		mytcp_keepalive_expired(sk);
	mytcp_orphan_check(sk, NULL);
}

/* Timer @t of an orphan will run: armed, or expired and about to run. */
static bool mytcp_timer_pending(struct mytcp_sock *ms, struct hrtimer *t,
				struct hrtimer *self)
{
	/*
	 * Expired, its handler waiting for the socket lock on another CPU:
	 * hrtimer_active() (the callback runs), or its work left to
	 * release_cb. The handler that calls us (@self) only counts if it
	 * armed its timer again.
	 */
	if (t == self)
		return hrtimer_is_queued(t);
	return hrtimer_active(t) ||
	       test_bit(mytcp_timer_bit(ms, t), &ms->deferred);
}

/**
 * mytcp_orphan_check - an orphan always has a timer that will end it
 * @sk: the socket, locked and not owned by a process (or in release_cb)
 * @self: the timer whose handler calls this, or NULL
 *
 * A socket its user closed (SOCK_DEAD) is freed only once it reaches
 * CLOSED, and nobody can close it again: a timer must always be pending
 * that moves it on, the retransmission timer (data or FIN unacknowledged,
 * or the persist probe: both give up after net.mytcp.retries) or the
 * TIME-WAIT / FIN-WAIT-2 timer. Checked after each segment, timer and
 * release of a socket. A debug kernel (CONFIG_DEBUG_NET) warns if the
 * invariant fails; every kernel counts it and ends the orphan with a
 * reset, rather than keep it, its memory and the module forever.
 */
void mytcp_orphan_check(struct sock *sk, struct hrtimer *self)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	if (!sock_flag(sk, SOCK_DEAD) || sk->sk_state == TCP_CLOSE ||
	    mytcp_timer_pending(ms, &ms->rtx_timer, self) ||
	    mytcp_timer_pending(ms, &ms->tw_timer, self))
		return;
	DEBUG_NET_WARN_ON_ONCE(1);
	pr_warn_ratelimited("mytcp: orphan in %s with no timer: reset\n",
			    mytcp_state_name(sk->sk_state));
	MYTCP_INC_STATS(sock_net(sk), ORPHAN_NO_TIMER);
	mytcp_send_active_reset(sk);
	mytcp_done(sk, 0);
}

/**
 * mytcp_enter_time_wait - go to TIME-WAIT for 2*MSL
 * @sk: the socket, locked
 *
 * RFC 9293 3.6.1: the connection lingers to absorb a retransmitted FIN.
 */
void mytcp_enter_time_wait(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));

	mytcp_set_state(sk, TCP_TIME_WAIT);
	sk->sk_state_change(sk);
	mytcp_timer_cancel(sk, &mytcp_sk(sk)->rtx_timer);
	mytcp_timer_arm(sk, &mytcp_sk(sk)->tw_timer,
			(u64)READ_ONCE(mn->settings.time_wait_ms) * NSEC_PER_MSEC);
}

/**
 * mytcp_orphan_fin_wait2 - an orphan in FIN-WAIT-2 waits fin_wait2_ms
 * @sk: the socket, locked, in any state: only an orphan (SOCK_DEAD) in
 *	FIN-WAIT-2 gets the timer, anything else is left as it is
 *
 * Nobody can close a closed socket again: if the peer's FIN never comes,
 * the connection ends after fin_wait2_ms (RFC 9293 3.6 leaves the wait to
 * the implementation; Linux TCP's tcp_fin_timeout is the same idea). Runs
 * when the FIN of an orphan is acknowledged, and when a socket already in
 * FIN-WAIT-2 (it had shut down its sending side) is closed. A socket the
 * user still holds waits, as on Linux: the user may still read.
 */
void mytcp_orphan_fin_wait2(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));

	if (sk->sk_state == TCP_FIN_WAIT2 && sock_flag(sk, SOCK_DEAD))
		mytcp_timer_arm(sk, &mytcp_sk(sk)->tw_timer,
				(u64)READ_ONCE(mn->settings.fin_wait2_ms) *
				NSEC_PER_MSEC);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_orphan_fin_wait2);

/**
 * mytcp_timers_init - set up the timers of a new socket
 * @sk: the socket
 */
void mytcp_timers_init(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	spin_lock_init(&ms->timer_lock);
	hrtimer_init(&ms->rtx_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ms->rtx_timer.function = mytcp_rtx_fire;
	hrtimer_init(&ms->delack_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ms->delack_timer.function = mytcp_delack_fire;
	hrtimer_init(&ms->tw_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ms->tw_timer.function = mytcp_tw_fire;
	hrtimer_init(&ms->ka_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	ms->ka_timer.function = mytcp_ka_fire;
}
