// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: one port space with Linux TCP.
 *
 * Owns: what Linux TCP must know of mytcp's ports, and what mytcp must
 * know of Linux's.
 *
 * - A port a mytcp socket binds (bind(), or listen() without it) is held
 *   in Linux's bind table by a kernel AF_INET TCP socket, its "shadow",
 *   bound to the same address and port with the same SO_REUSEADDR,
 *   SO_REUSEPORT and SO_BINDTODEVICE, and listening while the mytcp socket
 *   listens. Linux's own rules (inet_csk_get_port()) then decide every
 *   conflict between a mytcp socket and a Linux one, both ways, and
 *   between two mytcp sockets that bound. The passive connections of a
 *   listener share its shadow (as Linux's share their listener's bind
 *   bucket), so the port stays taken while one lives. A shadow never
 *   sends: the hook takes every segment for a mytcp listener first.
 * - Connections from an ephemeral port have no shadow (it would cost a
 *   Linux socket per port): mytcp's ephemeral range is marked in Linux's
 *   net.ipv4.ip_local_reserved_ports, so Linux never picks one of those
 *   ports for itself, and connect() checks the 4-tuple against Linux's
 *   connections (mytcp_linux_has_tuple()).
 * - The hook asks mytcp_linux_owns() before it gives a segment to a mytcp
 *   listener: a segment of a Linux connection on that port, or one that
 *   Linux's listener lookup gives to a Linux listener (SO_REUSEPORT), is
 *   Linux's.
 *
 * A shadow is released in process context: where the last reference goes
 * in softirq (a passive connection ends), a work item releases it.
 */
#include <linux/in.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <net/inet_hashtables.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mytcp.h"

/**
 * struct mytcp_port - a port mytcp holds in Linux's bind table
 * @sock: the shadow: a kernel AF_INET TCP socket bound to the port
 * @ref: the socket that bound it, and each passive connection of it
 * @free_work: releases @sock and this in process context
 */
struct mytcp_port {
	struct socket *sock;
	refcount_t ref;
	struct work_struct free_work;
};

static struct workqueue_struct *mytcp_port_wq;

/*
 * A shadow's data_ready: never called while the hook works (a shadow
 * gets no segment); also what tells a shadow from any other Linux socket.
 */
static void mytcp_shadow_data_ready(struct sock *sk)
{
}

static void mytcp_port_release(struct mytcp_port *p)
{
	sock_release(p->sock);
	kfree(p);
}

static void mytcp_port_free_work(struct work_struct *work)
{
	mytcp_port_release(container_of(work, struct mytcp_port, free_work));
}

/**
 * mytcp_port_hold - take a port in Linux's bind table for a mytcp socket
 * @sk: the mytcp socket, locked by its user (process context)
 * @addr: the local address, or 0 for any
 * @port: the port (host order); 0 lets Linux pick one, as bind() with
 *	port 0 does; the port taken on return
 *
 * Return: the shadow with one reference for @sk, or an ERR_PTR() with
 * the errno Linux's bind() gave (-EADDRINUSE, -EACCES, ...).
 */
struct mytcp_port *mytcp_port_hold(struct sock *sk, __be32 addr, u16 *port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = addr,
		.sin_port = htons(*port),
	};
	struct mytcp_port *p;
	struct sock *ssk;
	int err;

	sock_owned_by_me(sk);
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOBUFS);
	err = sock_create_kern(sock_net(sk), AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &p->sock);
	if (err) {
		kfree(p);
		return ERR_PTR(err);
	}
	refcount_set(&p->ref, 1);
	INIT_WORK(&p->free_work, mytcp_port_free_work);
	ssk = p->sock->sk;
	ssk->sk_data_ready = mytcp_shadow_data_ready;
	/* What Linux compares between two sockets of a port. */
	ssk->sk_reuse = sk->sk_reuse;
	ssk->sk_reuseport = sk->sk_reuseport;
	if (sk->sk_bound_dev_if) {
		err = sock_bindtoindex(ssk, sk->sk_bound_dev_if, true);
		if (err)
			goto release;
	}
	err = kernel_bind(p->sock, (struct sockaddr *)&sin, sizeof(sin));
	if (err)
		goto release;
	/* Bound until released, also when it stops listening (tcp_disconnect()). */
	ssk->sk_userlocks |= SOCK_BINDPORT_LOCK;
	*port = inet_sk(ssk)->inet_num;
	return p;
release:
	mytcp_port_release(p);
	return ERR_PTR(err);
}

/**
 * mytcp_port_get - a passive connection shares its listener's port
 * @p: the listener's shadow, or NULL (a socket set up without one)
 *
 * Return: @p, with a reference for the caller.
 */
struct mytcp_port *mytcp_port_get(struct mytcp_port *p)
{
	if (p)
		refcount_inc(&p->ref);
	return p;
}

/**
 * mytcp_port_put - drop a reference on a shadow
 * @p: the shadow, or NULL
 *
 * The last one releases the port in Linux's table: at once where the
 * caller may sleep (close() of a bound socket: a bind() right after it
 * succeeds, as on Linux), else from a work item.
 */
void mytcp_port_put(struct mytcp_port *p)
{
	if (!p || !refcount_dec_and_test(&p->ref))
		return;
	if (preemptible() && !rcu_preempt_depth())
		mytcp_port_release(p);
	else
		queue_work(mytcp_port_wq, &p->free_work);
}

/**
 * mytcp_port_listen - the shadow listens as its mytcp socket starts to
 * @sk: the mytcp socket, locked by its user, with a shadow
 *
 * Linux checks the port again as for a listener of its own
 * (inet_csk_listen_start()): of two sockets sharing a port through
 * SO_REUSEADDR only one may listen, whichever stack each belongs to.
 *
 * Return: 0, or Linux's errno (-EADDRINUSE).
 */
int mytcp_port_listen(struct sock *sk)
{
	struct mytcp_port *p = mytcp_sk(sk)->port;

	sock_owned_by_me(sk);
	if (!p)
		return 0;
	p->sock->sk->sk_reuse = sk->sk_reuse;
	p->sock->sk->sk_reuseport = sk->sk_reuseport;
	return kernel_listen(p->sock, 0);
}

/**
 * mytcp_port_unlisten - the shadow stops listening, keeping the port
 * @sk: the mytcp listener, locked by its user, stopping
 */
void mytcp_port_unlisten(struct sock *sk)
{
	struct mytcp_port *p = mytcp_sk(sk)->port;

	sock_owned_by_me(sk);
	if (p && READ_ONCE(p->sock->sk->sk_state) == TCP_LISTEN)
		kernel_sock_shutdown(p->sock, SHUT_RD);
}

/**
 * mytcp_linux_has_tuple - whether Linux TCP has a connection on a 4-tuple
 * @sk: the mytcp socket about to use it (its namespace and device)
 * @laddr: local address
 * @lport: local port
 * @raddr: remote address
 * @rport: remote port
 *
 * Return: true if a Linux socket (established, SYN-RECEIVED or TIME-WAIT)
 * has it: mytcp must not use it.
 */
bool mytcp_linux_has_tuple(const struct sock *sk, __be32 laddr, __be16 lport,
			   __be32 raddr, __be16 rport)
{
	struct net *net = sock_net(sk);
	struct sock *lsk;

	rcu_read_lock();
	lsk = __inet_lookup_established(net, net->ipv4.tcp_death_row.hashinfo,
					raddr, rport, laddr, ntohs(lport),
					sk->sk_bound_dev_if, 0);
	rcu_read_unlock();
	if (!lsk)
		return false;
	sock_gen_put(lsk);
	return true;
}

/**
 * mytcp_linux_owns - whether a segment for a mytcp listener is Linux's
 * @net: the namespace it arrived in
 * @skb: the segment, at its IP header, the TCP header pulled
 * @thoff: offset of the TCP header
 *
 * Linux's connections first: one on this 4-tuple (established,
 * SYN-RECEIVED, or TIME-WAIT unless this is a new SYN, which a listener
 * takes, RFC 9293 3.6.1) is Linux's. Then Linux's listener lookup, which
 * picks among the sockets of a SO_REUSEPORT group, mytcp's shadows
 * included, and runs BPF sk_lookup: a Linux listener's segment is Linux's.
 *
 * Called under RCU (the hook). A SO_REUSEPORT BPF program may move
 * @skb's data: the caller reads its headers again after this.
 *
 * Return: true if the segment belongs to a Linux socket.
 */
bool mytcp_linux_owns(struct net *net, struct sk_buff *skb,
		      unsigned int thoff)
{
	struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + thoff);
	int dif = inet_iif(skb), sdif = inet_sdif(skb);
	struct sock *lsk;
	bool theirs;

	lsk = __inet_lookup_established(net, hinfo, iph->saddr, th->source,
					iph->daddr, ntohs(th->dest), dif, sdif);
	if (lsk) {
		theirs = lsk->sk_state != TCP_TIME_WAIT ||
			 !th->syn || th->ack || th->rst || th->fin;
		sock_gen_put(lsk);
		if (theirs)
			return true;
	}
	lsk = __inet_lookup_listener(net, hinfo, skb, thoff + th->doff * 4,
				     iph->saddr, th->source, iph->daddr,
				     ntohs(th->dest), dif, sdif);
	return lsk && lsk->sk_data_ready != mytcp_shadow_data_ready;
}

/**
 * mytcp_port_reserve - mark mytcp's ephemeral range in Linux's
 *	ip_local_reserved_ports, so that Linux never picks one of them
 * @net: the namespace
 * @port: one port of the range, or 0 for the whole range
 *
 * Only bits that were clear are set, and remembered, so that
 * mytcp_port_net_exit() clears exactly those. Called again with the port
 * a connection takes: an administrator's write of the sysctl replaces the
 * whole bitmap.
 */
void mytcp_port_reserve(struct net *net, u16 port)
{
#ifdef CONFIG_SYSCTL
	struct mytcp_net *mn = mytcp_pernet(net);
	unsigned long *lres = net->ipv4.sysctl_local_reserved_ports;
	u32 p = port ? port : MYTCP_PORT_LO, hi = port ? port : MYTCP_PORT_HI;

	if (!lres)
		return;
	for (; p <= hi; p++)
		if (!test_and_set_bit(p, lres))
			set_bit(p - MYTCP_PORT_LO, mn->reserved);
#endif
}

/**
 * mytcp_port_net_exit - a namespace goes: its shadows and reservations
 * @net: the namespace
 *
 * Its sockets are gone; shadows whose release was deferred go now, before
 * Linux TCP's own tables of @net do.
 */
void mytcp_port_net_exit(struct net *net)
{
#ifdef CONFIG_SYSCTL
	struct mytcp_net *mn = mytcp_pernet(net);
	unsigned long *lres = net->ipv4.sysctl_local_reserved_ports;
	u32 bit;

	if (lres)
		for_each_set_bit(bit, mn->reserved, MYTCP_PORT_RANGE)
			clear_bit(MYTCP_PORT_LO + bit, lres);
#endif
	flush_workqueue(mytcp_port_wq);
}

/**
 * mytcp_port_init - at module load: the work queue for releases
 *
 * Return: 0 or -ENOMEM.
 */
int mytcp_port_init(void)
{
	mytcp_port_wq = alloc_workqueue("mytcp_port", 0, 0);
	return mytcp_port_wq ? 0 : -ENOMEM;
}

/**
 * mytcp_port_exit - at module unload, after every namespace's exit
 */
void mytcp_port_exit(void)
{
	destroy_workqueue(mytcp_port_wq);
}
