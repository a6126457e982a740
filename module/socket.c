// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the socket API (struct proto_ops), as Linux TCP behaves.
 *
 * Owns: bind, listen, accept, connect, sendmsg, recvmsg, poll, shutdown,
 * close, getname and the IPPROTO_TCP socket options; the errno of each
 * misuse. Blocking waits use sk_wait_event() with the socket's timeouts.
 */
#include <kunit/visibility.h>
#include <linux/in.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <net/secure_seq.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "compat.h"
#include "mytcp.h"
#include "skbcb.h"
#include "../include/uapi/mytcp.h"

/* Check a struct sockaddr_in from the user (AF_INET or AF_MYTCP). */
static int mytcp_check_addr(const struct sockaddr *uaddr, int len)
{
	if (len < (int)sizeof(struct sockaddr_in))
		return -EINVAL;
	if (uaddr->sa_family != AF_INET && uaddr->sa_family != AF_MYTCP)
		return -EAFNOSUPPORT;
	return 0;
}

static int mytcp_bind(struct socket *sock, struct sockaddr *uaddr, int len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	int err;

	err = mytcp_check_addr(uaddr, len);
	if (err)
		return err;
	if (sin->sin_addr.s_addr != htonl(INADDR_ANY) &&
	    inet_addr_type(sock_net(sk), sin->sin_addr.s_addr) != RTN_LOCAL)
		return -EADDRNOTAVAIL;
	/*
	 * As Linux TCP (inet_bind()): a port below the namespace's
	 * net.ipv4.ip_unprivileged_port_start needs CAP_NET_BIND_SERVICE in
	 * the user namespace that owns the network namespace.
	 */
	if (sin->sin_port &&
	    inet_port_requires_bind_service(sock_net(sk), ntohs(sin->sin_port)) &&
	    !ns_capable(sock_net(sk)->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;
	lock_sock(sk);
	if (sk->sk_state != TCP_CLOSE || mytcp_sk(sk)->bound) {
		err = -EINVAL;
		goto out;
	}
	/* IP_BIND_ADDRESS_NO_PORT: the address now, the port at connect(). */
	if (!sin->sin_port && mytcp_sk(sk)->bind_no_port) {
		mytcp_sk(sk)->saddr = sin->sin_addr.s_addr;
		goto out;
	}
	err = mytcp_bind_port(sk, sin->sin_addr.s_addr, ntohs(sin->sin_port));
	if (!err && sin->sin_port)
		mytcp_sk(sk)->port_locked = true;
out:
	release_sock(sk);
	return err;
}

static int mytcp_listen(struct socket *sock, int backlog)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	int err = 0;

	lock_sock(sk);
	if (sock->state != SS_UNCONNECTED ||
	    (sk->sk_state != TCP_CLOSE && sk->sk_state != TCP_LISTEN)) {
		err = -EINVAL;
		goto out;
	}
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	if (sk->sk_state == TCP_LISTEN)
		goto out;
	if (!ms->bound) {
		err = mytcp_bind_port(sk, ms->saddr, 0);
		if (err)
			goto out;
	}
	/* The port again, now as a listener's (two SO_REUSEADDR sockets). */
	err = mytcp_port_listen(sk);
	if (!err) {
		err = mytcp_hash_listener(sk);
		if (err)
			mytcp_port_unlisten(sk);
	}
out:
	release_sock(sk);
	return err;
}

/*
 * Before a blocking call sleeps: -EAGAIN if it may not (non-blocking, or
 * its timeout ran out), the signal's errno if one is pending, else 0.
 */
static int mytcp_may_sleep(long timeo)
{
	if (!timeo)
		return -EAGAIN;
	if (signal_pending(current))
		return sock_intr_errno(timeo);
	return 0;
}

/**
 * mytcp_accept_dequeue - take the first connection off a listener's queue
 * @lms: the listener
 *
 * The caller gets the queue's reference on the child and the child's
 * reference on @lms (drop it with sock_put()); see mytcp_detach_child() for
 * a child that ends at the same time.
 *
 * Return: the child, or NULL if the queue is empty.
 */
struct mytcp_sock *mytcp_accept_dequeue(struct mytcp_sock *lms)
{
	struct mytcp_sock *ms = NULL;

	spin_lock_bh(&lms->accept_lock);
	if (!list_empty(&lms->accept_queue)) {
		ms = list_first_entry(&lms->accept_queue, struct mytcp_sock,
				      accept_node);
		list_del_init(&ms->accept_node);
		lms->nr_children--;
		WRITE_ONCE(ms->parent, NULL);	/* see mytcp_detach_child() */
	}
	spin_unlock_bh(&lms->accept_lock);
	return ms;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_accept_dequeue);

static int mytcp_do_accept(struct socket *sock, struct socket *newsock,
			   int flags)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *lms = mytcp_sk(sk), *ms;
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	long timeo;
	int err = 0;

	lock_sock(sk);
	if (sk->sk_state != TCP_LISTEN) {
		err = -EINVAL;
		goto out;
	}
	timeo = sock_rcvtimeo(sk, flags & O_NONBLOCK);
	add_wait_queue(sk_sleep(sk), &wait);
	while (!(ms = mytcp_accept_dequeue(lms))) {
		err = mytcp_may_sleep(timeo);
		if (err)
			break;
		sk_wait_event(sk, &timeo, !list_empty(&lms->accept_queue) ||
			      sk->sk_state != TCP_LISTEN, &wait);
		if (sk->sk_state != TCP_LISTEN) {
			err = -EINVAL;
			break;
		}
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	if (err)
		goto out;
	/* The queue's reference on the child becomes the new socket's. */
	lock_sock_nested(&ms->sk, SINGLE_DEPTH_NESTING);
	sock_graft(&ms->sk, newsock);
	newsock->state = SS_CONNECTED;
	release_sock(&ms->sk);
	sock_put(sk);		/* the child's reference on its listener */
out:
	release_sock(sk);
	return err;
}

#ifdef MYTCP_HAVE_ACCEPT_ARG
static int mytcp_accept(struct socket *sock, struct socket *newsock,
			struct proto_accept_arg *arg)
{
	return mytcp_do_accept(sock, newsock, arg->flags);
}
#else
static int mytcp_accept(struct socket *sock, struct socket *newsock,
			int flags, bool kern)
{
	return mytcp_do_accept(sock, newsock, flags);
}
#endif

/**
 * mytcp_connect_failed - make a socket whose connect() failed connectable
 * @sock: the socket, in TCP_CLOSE after a refusal, reset or timeout
 *
 * As tcp_disconnect() does for Linux TCP: the SYN still queued is dropped,
 * the shutdown bits mytcp_done() set are cleared (so poll() shows the
 * socket as a fresh one, EPOLLOUT | EPOLLHUP) and the timer state starts
 * over, so that a later connect() begins a new connection (RFC 9293 3.10.1:
 * CLOSED accepts OPEN). The caller holds the socket lock.
 */
static void mytcp_connect_failed(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct sk_buff *skb;

	sock_owned_by_me(sk);
	while ((skb = __skb_dequeue(&sk->sk_write_queue))) {
		sk_wmem_queued_add(sk, -skb->truesize);
		kfree_skb(skb);
	}
	ms->send_head = NULL;
	ms->fin_queued = false;
	ms->retries = 0;
	mytcp_rtt_init(&ms->rtt);
	WRITE_ONCE(sk->sk_shutdown, 0);
	sock->state = SS_UNCONNECTED;
}

static int mytcp_wait_connect(struct sock *sk, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	int err = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV) {
		if (!*timeo) {
			err = -EINPROGRESS;
			break;
		}
		if (signal_pending(current)) {
			err = sock_intr_errno(*timeo);
			break;
		}
		sk_wait_event(sk, timeo, sk->sk_state != TCP_SYN_SENT &&
			      sk->sk_state != TCP_SYN_RECV, &wait);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return err;
}

static int mytcp_connect(struct socket *sock, struct sockaddr *uaddr, int len,
			 int flags)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	union tcp_seq_and_ts_off st;
	long timeo;
	int err;

	if (len >= (int)sizeof(uaddr->sa_family) && uaddr->sa_family == AF_UNSPEC)
		return -EOPNOTSUPP;
	err = mytcp_check_addr(uaddr, len);
	if (err)
		return err;
	lock_sock(sk);
	switch (sock->state) {
	case SS_CONNECTED:
		err = -EISCONN;
		goto out;
	case SS_CONNECTING:
		/*
		 * As Linux TCP: EALREADY while the handshake runs; once it
		 * ended, the call reports how: 0 (and connected from now on)
		 * or the error, after which the socket may connect again.
		 */
		if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV) {
			err = (flags & O_NONBLOCK) ? -EALREADY : 0;
			if (err)
				goto out;
			goto wait;
		}
		goto done;
	default:
		break;
	}
	if (sk->sk_state != TCP_CLOSE) {
		err = -EISCONN;
		goto out;
	}
	if (!sin->sin_port || !sin->sin_addr.s_addr) {
		err = sin->sin_port ? -ENETUNREACH : -ECONNREFUSED;
		goto out;
	}
	ms->daddr = sin->sin_addr.s_addr;
	ms->dport = sin->sin_port;
	ms->advmss = mytcp_route_mss(sk);
	if (!ms->advmss) {
		err = -ENETUNREACH;
		goto out;
	}
	/* TCP_MAXSEG also caps the MSS we announce, as tcp_advertise_mss(). */
	if (ms->user_mss)
		ms->advmss = min(ms->advmss, ms->user_mss);
	if (!ms->bound)
		err = mytcp_connect_port(sk);
	else if (mytcp_linux_has_tuple(sk, ms->saddr, ms->sport, ms->daddr,
				       ms->dport))
		err = -EADDRNOTAVAIL;	/* as Linux's connect() from a bound port */
	else
		err = mytcp_hash_connection(sk);
	if (err)
		goto out;
	/* RFC 6528 ISN; RFC 7323 window scale sized for a 4 MiB window. */
	st = secure_tcp_seq_and_ts_off(sock_net(sk), ms->saddr, ms->daddr,
				       ms->sport, ms->dport);
	mytcp_init_send_seq(ms, st.seq);
	ms->mss = ms->advmss;
	ms->rcv_wscale = 7;
	mytcp_set_state(sk, TCP_SYN_SENT);
	err = mytcp_queue_ctl(sk, TCPHDR_SYN);
	if (err) {
		mytcp_done(sk, 0);
		goto out;
	}
	MYTCP_INC_STATS(sock_net(sk), ACTIVE_OPENS);
	mytcp_push(sk);
	sock->state = SS_CONNECTING;
wait:
	timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
	err = mytcp_wait_connect(sk, &timeo);
	if (err)
		goto out;
done:
	if (sk->sk_state == TCP_CLOSE) {
		err = sock_error(sk);
		if (!err)
			err = -ECONNABORTED;
		mytcp_connect_failed(sock);
		goto out;
	}
	sock->state = SS_CONNECTED;
	err = 0;
out:
	release_sock(sk);
	return err;
}

static int mytcp_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)uaddr;
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	lock_sock(sk);
	if (peer) {
		if (sk->sk_state == TCP_CLOSE || sk->sk_state == TCP_LISTEN ||
		    sk->sk_state == TCP_SYN_SENT) {
			release_sock(sk);
			return -ENOTCONN;
		}
		sin->sin_addr.s_addr = ms->daddr;
		sin->sin_port = ms->dport;
	} else {
		sin->sin_addr.s_addr = ms->saddr;
		sin->sin_port = ms->sport;
	}
	release_sock(sk);
	return sizeof(*sin);
}

static __poll_t mytcp_poll(struct file *file, struct socket *sock,
			   poll_table *wait)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	int state = READ_ONCE(sk->sk_state);
	u8 shutdown = READ_ONCE(sk->sk_shutdown);
	__poll_t mask = 0;

	sock_poll_wait(file, sock, wait);
	if (state == TCP_LISTEN)
		return list_empty_careful(&ms->accept_queue) ? 0 :
		       EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	if (shutdown == SHUTDOWN_MASK || state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	/*
	 * As tcp_poll(): only a handshake in progress hides readability and
	 * writability; a closed socket (never connected, refused, reset) is
	 * writable, so that a non-blocking connect() ends in EPOLLOUT too.
	 */
	if (state == TCP_SYN_SENT || state == TCP_SYN_RECV)
		return mask;
	if (!skb_queue_empty_lockless(&sk->sk_receive_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (!(shutdown & SEND_SHUTDOWN)) {
		/* Writable as mytcp_write_space() wakes: a third free. */
		if (sk_stream_is_writeable(sk)) {
			mask |= EPOLLOUT | EPOLLWRNORM;
		} else {
			sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			/* Order NOSPACE before the re-check; write_space clears it. */
			smp_mb__after_atomic();
			if (sk_stream_is_writeable(sk))
				mask |= EPOLLOUT | EPOLLWRNORM;
		}
	} else {
		mask |= EPOLLOUT | EPOLLWRNORM;
	}
	return mask;
}

/*
 * A new, empty write-queue skb at the tail, for payload in page fragments.
 * Return: the skb, or NULL without memory.
 */
static struct sk_buff *mytcp_write_alloc(struct sock *sk)
{
	struct sk_buff *skb = mytcp_write_new(sk, sk->sk_allocation);

	/* Headers are built at each transmission: no checksum of the copy. */
	if (skb)
		skb->ip_summed = CHECKSUM_PARTIAL;
	return skb;
}

/* Take back an skb mytcp_write_alloc() queued that got no payload. */
static void mytcp_write_unqueue(struct sock *sk, struct sk_buff *skb)
{
	struct mytcp_sock *ms = mytcp_sk(sk);

	if (ms->send_head == skb)
		ms->send_head = NULL;
	__skb_unlink(skb, &sk->sk_write_queue);
	sk_wmem_queued_add(sk, -skb->truesize);
	kfree_skb(skb);
}

/*
 * Copy up to @len bytes of @msg to the end of @skb, into the socket's page
 * fragment (one copy: transmissions reference these pages, as Linux TCP's
 * do). Return: bytes copied, 0 if @skb has no fragment slot left, or a
 * negative errno.
 */
static int mytcp_write_copy(struct sock *sk, struct sk_buff *skb,
			    struct msghdr *msg, size_t len)
{
	struct page_frag *pfrag = sk_page_frag(sk);
	int i = skb_shinfo(skb)->nr_frags;
	bool merge;
	int n, err;

	if (!sk_page_frag_refill(sk, pfrag))
		return -ENOBUFS;
	merge = skb_can_coalesce(skb, i, pfrag->page, pfrag->offset);
	if (!merge && i >= MAX_SKB_FRAGS)
		return 0;
	n = min_t(size_t, len, pfrag->size - pfrag->offset);
	err = skb_copy_to_page_nocache(sk, &msg->msg_iter, skb, pfrag->page,
				       pfrag->offset, n);
	if (err)
		return err;
	if (merge) {
		skb_frag_size_add(&skb_shinfo(skb)->frags[i - 1], n);
	} else {
		skb_fill_page_desc(skb, i, pfrag->page, pfrag->offset, n);
		get_page(pfrag->page);
	}
	pfrag->offset += n;
	MYTCP_SKB_CB(skb)->end_seq += n;
	mytcp_sk(sk)->write_seq += n;
	return n;
}

/*
 * Queue the user's bytes in skbs of page fragments, each up to a GSO
 * super-segment's worth, and send what may go.
 */
static int mytcp_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	size_t copied = 0;
	bool full = false;
	u32 goal;
	long timeo;
	int err = 0;

	if (msg->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	lock_sock(sk);
	timeo = sock_sndtimeo(sk, msg->msg_flags & MSG_DONTWAIT);
	if (sk->sk_state == TCP_SYN_SENT || sk->sk_state == TCP_SYN_RECV) {
		err = sk_stream_wait_connect(sk, &timeo);
		if (err)
			goto out_err;
	}
	/*
	 * Each skb of the write queue holds as many full segments as one
	 * GSO super-segment carries: the unit that is sent, acknowledged
	 * and freed. mytcp_push() cuts it where a window ends.
	 */
	goal = ms->mss * max_t(u32, 1, MYTCP_GSO_MAX_BYTES / ms->mss);
	while (copied < size) {
		struct sk_buff *skb;
		int n;

		/* As Linux TCP: EPIPE, or the pending error (sk_stream_error). */
		if (sk->sk_err || (sk->sk_shutdown & SEND_SHUTDOWN) ||
		    (sk->sk_state != TCP_ESTABLISHED &&
		     sk->sk_state != TCP_CLOSE_WAIT)) {
			err = -EPIPE;
			goto out_err;
		}
		if (!sk_stream_memory_free(sk)) {
			mytcp_push(sk);
			set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
			err = sk_stream_wait_memory(sk, &timeo);
			if (err)
				goto out_err;
			continue;
		}
		/*
		 * Fill the last segment first while it has not been sent
		 * (as Linux TCP): fewer, fuller segments, and no short one
		 * per write for Nagle to hold back.
		 */
		skb = skb_peek_tail(&sk->sk_write_queue);
		if (full || !skb || !skb->len || skb->len >= goal ||
		    before(MYTCP_SKB_CB(skb)->seq, ms->snd_nxt) ||
		    skb_headlen(skb)) {
			/*
			 * The one before is full: take in the ACKs that
			 * waited for the lock (as Linux TCP), and let it go.
			 */
			if (skb && skb->len >= goal) {
				sk_flush_backlog(sk);
				mytcp_push(sk);
			}
			skb = mytcp_write_alloc(sk);
			if (!skb) {
				err = -ENOBUFS;
				goto out_err;
			}
		}
		n = mytcp_write_copy(sk, skb, msg, min_t(size_t, size - copied,
							 goal - skb->len));
		full = !n;
		if (n <= 0 && !skb->len) {
			mytcp_write_unqueue(sk, skb);
			err = n ? n : -ENOBUFS;
			goto out_err;
		}
		if (n < 0) {
			err = n;
			goto out_err;
		}
		copied += n;
	}
	mytcp_push(sk);
	release_sock(sk);
	return copied;

out_err:
	mytcp_push(sk);
	if (copied) {
		release_sock(sk);
		return copied;
	}
	err = sk_stream_error(sk, msg->msg_flags, err);
	release_sock(sk);
	return err;
}

/* After the user read data: tell the peer if the window opened a lot. */
static void mytcp_cleanup_rbuf(struct sock *sk)
{
	struct mytcp_sock *ms = mytcp_sk(sk);
	u32 old = ms->rcv_wup + ms->rcv_wnd - ms->rcv_nxt;
	u32 new;

	if (sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_FIN_WAIT1 &&
	    sk->sk_state != TCP_FIN_WAIT2)
		return;
	/*
	 * RFC 9293 3.8.6.2.2: an update once the window grows by an MSS or
	 * half the buffer, and (as Linux TCP) only when that at least doubles
	 * what the peer may send: data and the ACKs it brings keep the edge
	 * moving otherwise, without one update per read.
	 */
	new = mytcp_rcv_window(sk);
	if (new >= old + min_t(u32, ms->advmss, sk->sk_rcvbuf / 2) &&
	    new >= 2 * old) {
		mytcp_send_ack(sk);
		return;
	}
	/*
	 * RFC 9293 3.8.6.3: full segments that input left for the reader
	 * to acknowledge (see mytcp_rcv_established()): now, with the
	 * window the read opened.
	 */
	if (ms->ack_pending >= 2)
		mytcp_send_ack(sk);
}

/*
 * Data queued past @seq: what a read that has taken everything up to @seq
 * waits for. With MSG_PEEK, @seq is past what was peeked, and a queue that
 * is not empty is no reason to wake (it would spin).
 */
static bool mytcp_rcv_beyond(struct sock *sk, u32 seq)
{
	struct sk_buff *tail = skb_peek_tail(&sk->sk_receive_queue);

	return tail && before(seq, MYTCP_SKB_CB(tail)->seq + tail->len);
}

static int mytcp_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
			 int flags)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	size_t copied = 0;
	u32 peek_seq;
	long timeo;
	int target, err = 0;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN) {
		err = -ENOTCONN;
		goto out;
	}
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	peek_seq = ms->copied_seq;
	while (copied < len) {
		u32 *seq = (flags & MSG_PEEK) ? &peek_seq : &ms->copied_seq;
		struct sk_buff *skb;
		u32 offset, n;

		/*
		 * Another thread read past what we peeked while we slept (as
		 * tcp_recvmsg_locked()): go on from there, or the offset
		 * below would be before the first skb's data.
		 */
		if (before(peek_seq, ms->copied_seq))
			peek_seq = ms->copied_seq;

		skb_queue_walk(&sk->sk_receive_queue, skb) {
			if (before(*seq, MYTCP_SKB_CB(skb)->seq + skb->len))
				break;
		}
		if (skb != (struct sk_buff *)&sk->sk_receive_queue) {
			offset = *seq - MYTCP_SKB_CB(skb)->seq;
			n = min_t(size_t, skb->len - offset, len - copied);
			err = skb_copy_datagram_msg(skb, offset, msg, n);
			if (err)
				break;
			*seq += n;
			copied += n;
			if (!(flags & MSG_PEEK) && offset + n == skb->len) {
				__skb_unlink(skb, &sk->sk_receive_queue);
				kfree_skb(skb);
				/* What arrived meanwhile, in order, now. */
				sk_flush_backlog(sk);
			}
			continue;
		}
		if (copied >= target)
			break;
		if (copied && (sk->sk_err || sk->sk_state == TCP_CLOSE ||
			       (sk->sk_shutdown & RCV_SHUTDOWN) || !timeo ||
			       signal_pending(current)))
			break;
		if (sk->sk_err) {
			err = sock_error(sk);
			break;
		}
		if (sk->sk_shutdown & RCV_SHUTDOWN)
			break;
		if (sk->sk_state == TCP_CLOSE) {
			if (sock->state != SS_CONNECTED)
				err = -ENOTCONN;
			break;
		}
		err = mytcp_may_sleep(timeo);
		if (err)
			break;
		/* What was read so far may open the window the peer waits for. */
		mytcp_cleanup_rbuf(sk);
		add_wait_queue(sk_sleep(sk), &wait);
		sk_wait_event(sk, &timeo, mytcp_rcv_beyond(sk, *seq) ||
			      sk->sk_err || (sk->sk_shutdown & RCV_SHUTDOWN) ||
			      sk->sk_state == TCP_CLOSE, &wait);
		remove_wait_queue(sk_sleep(sk), &wait);
	}
out:
	if (copied && !(flags & MSG_PEEK)) {
		mytcp_rcvbuf_adjust(sk, copied);
		mytcp_cleanup_rbuf(sk);
	}
	release_sock(sk);
	return copied ? copied : err;
}

/**
 * mytcp_send_fin - queue and send our FIN (RFC 9293 3.10.4 CLOSE)
 * @sk: the socket, locked
 *
 * From ESTABLISHED or SYN-RECEIVED (RFC 9293 3.10.4: "form a FIN segment
 * and send it") to FIN-WAIT-1, from CLOSE-WAIT to LAST-ACK; in any other
 * state nothing is sent.
 */
void mytcp_send_fin(struct sock *sk)
{
	switch (sk->sk_state) {
	case TCP_SYN_RECV:
	case TCP_ESTABLISHED:
		mytcp_set_state(sk, TCP_FIN_WAIT1);
		break;
	case TCP_CLOSE_WAIT:
		mytcp_set_state(sk, TCP_LAST_ACK);
		break;
	default:
		return;
	}
	if (!mytcp_queue_ctl(sk, TCPHDR_FIN))
		mytcp_push(sk);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_send_fin);

static int mytcp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err = 0;

	how++;		/* SHUT_RD/WR/RDWR -> RCV_SHUTDOWN/SEND_SHUTDOWN/both */
	if (how <= 0 || how > SHUTDOWN_MASK)
		return -EINVAL;
	lock_sock(sk);
	switch (sk->sk_state) {
	case TCP_CLOSE:
	case TCP_SYN_SENT:
		err = -ENOTCONN;
		break;
	case TCP_LISTEN:
		/*
		 * As Linux TCP (tcp_disconnect()): the listener stops, and is
		 * a fresh socket that may listen again.
		 */
		if (how & RCV_SHUTDOWN) {
			mytcp_listen_stop(sk);
			how = 0;
			WRITE_ONCE(sk->sk_shutdown, 0);
		}
		break;
	default:
		if ((how & SEND_SHUTDOWN) && !(sk->sk_shutdown & SEND_SHUTDOWN))
			mytcp_send_fin(sk);
		break;
	}
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

/**
 * mytcp_listen_stop - a listener stops: CLOSED, its queue reset
 * @sk: the listener, locked by its user
 *
 * By close(), or shutdown(SHUT_RD) (which wakes the threads blocked in
 * accept()). Every connection not yet accepted is reset and freed; one that
 * completes its handshake later finds the listener closed and resets
 * itself (mytcp_child_established()).
 */
void mytcp_listen_stop(struct sock *sk)
{
	struct mytcp_sock *lms = mytcp_sk(sk), *ms;

	mytcp_port_unlisten(sk);
	mytcp_done(sk, 0);
	while ((ms = mytcp_accept_dequeue(lms))) {
		struct sock *child = &ms->sk;

		lock_sock_nested(child, SINGLE_DEPTH_NESTING);
		mytcp_send_active_reset(child);
		mytcp_done(child, ECONNRESET);
		sock_orphan(child);
		release_sock(child);
		sock_put(sk);		/* the child's reference on us */
		sock_put(child);	/* the accept queue's reference */
	}
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_listen_stop);

static int mytcp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;

	MYTCP_INC_STATS(sock_net(sk), SOCKETS_RELEASED);
	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN) {
		mytcp_listen_stop(sk);
	} else if (sk->sk_state == TCP_SYN_SENT) {
		mytcp_done(sk, 0);
	} else if (!skb_queue_empty(&sk->sk_receive_queue) ||
		   (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime)) {
		/* Unread data, or SO_LINGER 0: abort with RST (RFC 9293 3.10.4). */
		if (sk->sk_state != TCP_CLOSE)
			mytcp_send_active_reset(sk);
		mytcp_done(sk, 0);
	} else {
		mytcp_send_fin(sk);
		/*
		 * SO_LINGER with a time: close() waits (at most that long) until
		 * the peer has acknowledged everything, FIN included.
		 */
		if (sock_flag(sk, SOCK_LINGER) && !(current->flags & PF_EXITING))
			sk_stream_wait_close(sk, sk->sk_lingertime);
	}
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	sock_orphan(sk);
	if (sk->sk_state == TCP_CLOSE)
		mytcp_unhash(sk);
	/* Shut down for sending before, FIN acknowledged: now it waits alone. */
	mytcp_orphan_fin_wait2(sk);
	release_sock(sk);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

/* The one IPPROTO_IP option mytcp has: IP_BIND_ADDRESS_NO_PORT. */
static int mytcp_ip_setsockopt(struct sock *sk, int optname, sockptr_t optval,
			       unsigned int optlen)
{
	int val;

	if (optname != IP_BIND_ADDRESS_NO_PORT)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	lock_sock(sk);
	mytcp_sk(sk)->bind_no_port = !!val;
	release_sock(sk);
	return 0;
}

static int mytcp_setsockopt(struct socket *sock, int level, int optname,
			    sockptr_t optval, unsigned int optlen)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	int val, err = 0;

	if (level == SOL_IP)
		return mytcp_ip_setsockopt(sk, optname, optval, optlen);
	if (level != SOL_TCP)
		return -ENOPROTOOPT;
	if (optname == TCP_CONGESTION)
		return mytcp_set_congestion(sk, optval, optlen);
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	lock_sock(sk);
	switch (optname) {
	case TCP_NODELAY:
		ms->nodelay = !!val;
		if (val)
			mytcp_push(sk);
		break;
	case TCP_QUICKACK:
		/*
		 * As Linux: 1 leaves interactive mode (and sends an ACK that
		 * waits), 0 enters it; the stack may change it again.
		 */
		ms->pingpong = !val;
		if (val && ms->ack_pending && sk->sk_state != TCP_LISTEN &&
		    sk->sk_state != TCP_CLOSE)
			mytcp_send_ack(sk);
		break;
	case TCP_MAXSEG:
		/* As Linux: 88 .. 32767, only before the connection exists. */
		if (val && (val < 88 || val > 32767))
			err = -EINVAL;
		else
			ms->user_mss = val;
		break;
	default:
		err = mytcp_keepalive_setsockopt(sk, optname, val);
		break;
	}
	release_sock(sk);
	return err;
}

static int mytcp_getsockopt(struct socket *sock, int level, int optname,
			    char __user *optval, int __user *optlen)
{
	struct sock *sk = sock->sk;
	struct mytcp_sock *ms = mytcp_sk(sk);
	int val, len;

	if (level == SOL_IP && optname == IP_BIND_ADDRESS_NO_PORT) {
		val = ms->bind_no_port;
		goto put;
	}
	if (level != SOL_TCP)
		return -ENOPROTOOPT;
	if (optname == TCP_INFO)
		return mytcp_get_info(sk, optval, optlen);
	if (optname == TCP_CONGESTION)
		return mytcp_get_congestion(sk, optval, optlen);
	switch (optname) {
	case TCP_NODELAY:
		val = ms->nodelay;
		break;
	case TCP_QUICKACK:
		val = !ms->pingpong;
		break;
	case TCP_MAXSEG:
		/* As Linux: the user's value until connected, then the MSS. */
		val = ms->mss;
		if (ms->user_mss && (sk->sk_state == TCP_CLOSE ||
				     sk->sk_state == TCP_LISTEN))
			val = ms->user_mss;
		break;
	default:
		if (mytcp_keepalive_getsockopt(sk, optname, &val))
			return -ENOPROTOOPT;
		break;
	}
put:
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	len = min_t(unsigned int, len, sizeof(int));
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

const struct proto_ops mytcp_stream_ops = {
	.family		= PF_MYTCP,
	.owner		= THIS_MODULE,
	.release	= mytcp_release,
	.bind		= mytcp_bind,
	.connect	= mytcp_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= mytcp_accept,
	.getname	= mytcp_getname,
	.poll		= mytcp_poll,
	.ioctl		= sock_no_ioctl,
	.listen		= mytcp_listen,
	.shutdown	= mytcp_shutdown,
	.setsockopt	= mytcp_setsockopt,
	.getsockopt	= mytcp_getsockopt,
	.sendmsg	= mytcp_sendmsg,
	.recvmsg	= mytcp_recvmsg,
	.mmap		= sock_no_mmap,
};
EXPORT_SYMBOL_IF_KUNIT(mytcp_stream_ops);
