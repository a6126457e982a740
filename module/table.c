// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the per-namespace socket tables.
 *
 * Owns: finding the socket a segment belongs to (connections by 4-tuple,
 * then listeners by local port), local port binding (explicit, with a
 * shadow in Linux's bind table from port.c, and ephemeral), and putting
 * sockets into and out of the tables. Writers of
 * all three tables of a namespace hold mytcp_net.lock (spin_lock_bh); a
 * socket in ehash or lhash holds a reference for the table. Lookups of
 * incoming segments read ehash and lhash under RCU alone, with no lock
 * per segment: sockets are freed after a grace period (SOCK_RCU_FREE), and
 * a socket is only taken if its reference count is not already zero.
 */
#include <kunit/visibility.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <net/net_namespace.h>
#include <net/secure_seq.h>

#include "mytcp.h"

/* lhash's nulls markers: apart from ehash's bucket indexes. */
#define MYTCP_LHASH_NULLS	BIT(29)

/**
 * mytcp_ehashfn - the ehash bucket of a 4-tuple
 * @laddr: local address
 * @lport: local port
 * @raddr: remote address
 * @rport: remote port
 *
 * Return: the bucket's index.
 */
u32 mytcp_ehashfn(__be32 laddr, __be16 lport, __be32 raddr, __be16 rport)
{
	return jhash_3words((__force u32)laddr, (__force u32)raddr,
			    ((__force u32)lport << 16) | (__force u32)rport,
			    0) & (MYTCP_HASH_SIZE - 1);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_ehashfn);

/**
 * mytcp_table_net_init - empty tables for a new namespace
 * @mn: the namespace's mytcp state
 *
 * Each ehash and lhash chain ends in a nulls marker that holds its
 * bucket's index (plus %MYTCP_LHASH_NULLS in lhash: a socket may move
 * from one table to the other), so that a lookup knows which chain it
 * finished.
 */
void mytcp_table_net_init(struct mytcp_net *mn)
{
	u32 i;

	for (i = 0; i < MYTCP_HASH_SIZE; i++) {
		INIT_HLIST_NULLS_HEAD(&mn->ehash[i], i);
		INIT_HLIST_NULLS_HEAD(&mn->lhash[i], MYTCP_LHASH_NULLS + i);
	}
}

static u32 mytcp_porthash(u16 port)
{
	return hash_32(port, MYTCP_HASH_BITS);
}

/**
 * mytcp_lookup - the mytcp socket an incoming segment belongs to
 * @net: the namespace the segment arrived in
 * @saddr: the segment's source address (the remote end)
 * @sport: its source port
 * @daddr: its destination address (local)
 * @dport: its destination port
 *
 * Connections first (exact 4-tuple), then a listener on @dport bound to
 * @daddr or to the wildcard address.
 *
 * Lock-free (RCU): a socket unhashed meanwhile may still be returned,
 * as with a lock taken just before the unhash; mytcp_rcv() sees its state.
 * A socket unhashed and hashed again into another chain while we walk past
 * it (a failed connect() followed by a new one, within a grace period)
 * leads the walk into that chain: it ends at a nulls marker that is not
 * our bucket's, and the walk starts again, or a socket further down our
 * chain would be missed and Linux TCP would answer its segment with RST.
 *
 * Return: the socket with a reference held (sock_put() it), or NULL when
 * the segment is not mytcp's.
 */
struct sock *mytcp_lookup(struct net *net, __be32 saddr, __be16 sport,
			  __be32 daddr, __be16 dport)
{
	struct mytcp_net *mn = mytcp_pernet(net);
	u32 eslot = mytcp_ehashfn(daddr, dport, saddr, sport);
	u32 lslot = mytcp_porthash(ntohs(dport));
	struct mytcp_sock *ms, *wild;
	struct hlist_nulls_node *node;
	struct sock *found = NULL;

	rcu_read_lock();
ehash:
	hlist_nulls_for_each_entry_rcu(ms, node, &mn->ehash[eslot], hash_node) {
		if (ms->daddr == saddr && ms->dport == sport &&
		    ms->saddr == daddr && ms->sport == dport) {
			found = &ms->sk;
			goto out;
		}
		mytcp_test_hook_lookup_step(&ms->sk);
	}
	if (get_nulls_value(node) != eslot)
		goto ehash;
lhash:
	wild = NULL;
	hlist_nulls_for_each_entry_rcu(ms, node, &mn->lhash[lslot], hash_node) {
		if (ms->sport != dport)
			continue;
		if (ms->saddr == daddr) {
			found = &ms->sk;
			goto out;
		}
		if (!ms->saddr)
			wild = ms;
	}
	if (get_nulls_value(node) != MYTCP_LHASH_NULLS + lslot)
		goto lhash;
	if (wild)
		found = &wild->sk;
out:
	/* Its last reference is gone: it is being freed, not ours. */
	if (found && !refcount_inc_not_zero(&found->sk_refcnt))
		found = NULL;
	rcu_read_unlock();
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_lookup);

/*
 * Whether @sk may share @port with the mytcp connections bound to it from
 * an ephemeral port: never with one from the same (or a wildcard)
 * address, unless both set SO_REUSEADDR and @sk does not listen (as Linux
 * TCP). Sockets with a shadow (struct mytcp_port) are not looked at:
 * Linux's bind table decided between them and @sk already.
 */
static bool mytcp_port_free(struct mytcp_net *mn, struct sock *sk,
			    __be32 addr, u16 port, bool listen)
{
	struct mytcp_sock *ms;

	lockdep_assert_held(&mn->lock);
	hlist_for_each_entry(ms, &mn->bhash[mytcp_porthash(port)], bind_node) {
		struct sock *o = &ms->sk;

		if (o == sk || ms->port || ntohs(ms->sport) != port)
			continue;
		if (ms->saddr && addr && ms->saddr != addr)
			continue;
		if (sk->sk_reuse && o->sk_reuse && !listen)
			continue;
		return false;
	}
	return true;
}

/* Join the port's chain of bhash, with a shadow or without. */
static void mytcp_bind_set(struct mytcp_net *mn, struct mytcp_sock *ms,
			   struct mytcp_port *p)
{
	lockdep_assert_held(&mn->lock);
	ms->port = p;
	hlist_add_head(&ms->bind_node,
		       &mn->bhash[mytcp_porthash(ntohs(ms->sport))]);
	ms->bound = true;
}

/**
 * mytcp_bind_port - bind(): give a socket a local address and port
 * @sk: the socket, locked by its user (process context), not yet bound
 * @addr: the local address (network order), or 0 for any
 * @port: the port (host order), or 0 for one Linux picks, as its bind()
 *	with port 0 does
 *
 * The port is taken in Linux's bind table first (a shadow, port.c): a
 * Linux socket or another bound mytcp socket may hold it. Then mytcp's
 * connections from ephemeral ports, which Linux does not see.
 *
 * Return: 0, or the errno of Linux's bind() (-EADDRINUSE, -EACCES, ...).
 */
int mytcp_bind_port(struct sock *sk, __be32 addr, u16 port)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_port *p;
	int err = 0;

	p = mytcp_port_hold(sk, addr, &port);
	if (IS_ERR(p))
		return PTR_ERR(p);
	spin_lock_bh(&mn->lock);
	if (mytcp_port_free(mn, sk, addr, port, false)) {
		ms->saddr = addr;
		ms->sport = htons(port);
		mytcp_bind_set(mn, ms, p);
	} else {
		err = -EADDRINUSE;
	}
	spin_unlock_bh(&mn->lock);
	if (err)
		mytcp_port_put(p);
	return err;
}

/*
 * Whether a connection from @port to @ms's peer may be hashed: no socket
 * with a shadow on the port (a bound socket or a listener's connection: as
 * Linux's connect(), an ephemeral search skips ports that bind() took),
 * and the 4-tuple is neither mytcp's nor Linux's.
 */
static bool mytcp_port_usable(struct mytcp_net *mn, struct mytcp_sock *ms,
			      u16 port)
{
	__be16 sport = htons(port);
	struct hlist_nulls_node *node;
	struct mytcp_sock *o;

	lockdep_assert_held(&mn->lock);
	hlist_for_each_entry(o, &mn->bhash[mytcp_porthash(port)], bind_node)
		if (o->port && o->sport == sport &&
		    (!o->saddr || o->saddr == ms->saddr))
			return false;
	hlist_nulls_for_each_entry(o, node,
				   &mn->ehash[mytcp_ehashfn(ms->saddr, sport,
							    ms->daddr,
							    ms->dport)],
				   hash_node)
		if (o->daddr == ms->daddr && o->dport == ms->dport &&
		    o->saddr == ms->saddr && o->sport == sport)
			return false;
	return !mytcp_linux_has_tuple(&ms->sk, ms->saddr, sport, ms->daddr,
				      ms->dport);
}

/**
 * mytcp_connect_port - connect() without bind(): an ephemeral port and the
 *	4-tuple table, in one step
 * @sk: the socket, locked by its user, not bound; its local address,
 *	remote address and port set
 *
 * RFC 6056 3.3.4 (Algorithm 4, as Linux): the search starts at a keyed
 * hash of the addresses and remote port plus a counter of that hash's
 * slot, which moves past each port taken by a random step, so a
 * destination's ports are neither sequential nor guessable from another
 * destination's. A port serves many connections as long as each 4-tuple
 * is unique, so the range bounds connections per destination, not in all.
 *
 * Return: 0, or -EADDRNOTAVAIL if every port of the range is taken for
 * this destination.
 */
int mytcp_connect_port(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct mytcp_sock *ms = mytcp_sk(sk);
	u64 hash = secure_ipv4_port_ephemeral(ms->saddr, ms->daddr, ms->dport);
	u32 slot = hash & (BIT(MYTCP_PERTURB_BITS) - 1), offset, i;
	int err = -EADDRNOTAVAIL;

	sock_owned_by_me(sk);
	spin_lock_bh(&mn->lock);
	offset = (u32)(hash >> 32) + mn->port_perturb[slot];
	for (i = 0; i < MYTCP_PORT_RANGE; i++) {
		u16 port = MYTCP_PORT_LO + (offset + i) % MYTCP_PORT_RANGE;

		if (!mytcp_port_usable(mn, ms, port))
			continue;
		ms->sport = htons(port);
		mytcp_bind_set(mn, ms, NULL);
		hlist_nulls_add_head_rcu(&ms->hash_node,
					 &mn->ehash[mytcp_ehashfn(ms->saddr,
								  ms->sport,
								  ms->daddr,
								  ms->dport)]);
		ms->hashed = true;
		sock_hold(sk);
		mn->port_perturb[slot] += i + 1 + get_random_u32_below(64);
		err = 0;
		break;
	}
	spin_unlock_bh(&mn->lock);
	if (!err)
		mytcp_port_reserve(sock_net(sk), ntohs(ms->sport));
	return err;
}

/**
 * mytcp_bind_child - a passive connection joins its listener's port
 * @child: the new connection, its local address and port set
 * @lms: its listener
 *
 * It holds the port, and its listener's shadow, as long as it lives
 * (TIME-WAIT included), after the listener closed too, so that a bind()
 * without SO_REUSEADDR fails as on Linux, from either stack (no conflict
 * check: the listener owns the port already).
 */
void mytcp_bind_child(struct sock *child, struct mytcp_sock *lms)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(child));

	spin_lock_bh(&mn->lock);
	mytcp_bind_set(mn, mytcp_sk(child), mytcp_port_get(lms->port));
	spin_unlock_bh(&mn->lock);
}

/**
 * mytcp_hash_connection - put a connection into the 4-tuple table
 * @sk: a bound socket whose remote address and port are set
 *
 * Return: 0, or -EADDRNOTAVAIL if another connection has the 4-tuple.
 */
int mytcp_hash_connection(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct mytcp_sock *ms = mytcp_sk(sk), *o;
	u32 h = mytcp_ehashfn(ms->saddr, ms->sport, ms->daddr, ms->dport);
	struct hlist_nulls_node *node;
	int err = 0;

	spin_lock_bh(&mn->lock);
	hlist_nulls_for_each_entry(o, node, &mn->ehash[h], hash_node) {
		if (o->daddr == ms->daddr && o->dport == ms->dport &&
		    o->saddr == ms->saddr && o->sport == ms->sport) {
			err = -EADDRNOTAVAIL;
			goto out;
		}
	}
	hlist_nulls_add_head_rcu(&ms->hash_node, &mn->ehash[h]);
	ms->hashed = true;
	sock_hold(sk);
out:
	spin_unlock_bh(&mn->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_hash_connection);

/**
 * mytcp_hash_listener - a bound socket starts listening
 * @sk: the socket, locked by its user, bound; its shadow listens already
 *
 * The port is checked again, now for a listener (as Linux TCP's
 * inet_csk_listen_start()), against mytcp's connections from ephemeral
 * ports (the shadow's listen() checked the rest). The check and the move
 * to LISTEN are one step under the table lock.
 *
 * Return: 0, or -EADDRINUSE.
 */
int mytcp_hash_listener(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct mytcp_sock *ms = mytcp_sk(sk);
	int err = 0;

	sock_owned_by_me(sk);
	spin_lock_bh(&mn->lock);
	if (!mytcp_port_free(mn, sk, ms->saddr, ntohs(ms->sport), true)) {
		err = -EADDRINUSE;
		goto out;
	}
	mytcp_set_state(sk, TCP_LISTEN);
	hlist_nulls_add_head_rcu(&ms->hash_node,
				 &mn->lhash[mytcp_porthash(ntohs(ms->sport))]);
	ms->hashed = true;
	sock_hold(sk);
out:
	spin_unlock_bh(&mn->lock);
	return err;
}

/**
 * mytcp_unhash - take a socket out of ehash or lhash, and unbind it
 * @sk: the socket; the caller holds a reference of its own
 *
 * Drops the table's reference, and the socket's on its shadow. A port the
 * user named stays bound while the user still has the socket. Safe to
 * call more than once.
 */
void mytcp_unhash(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct mytcp_sock *ms = mytcp_sk(sk);
	struct mytcp_port *p = NULL;
	bool put = false;

	spin_lock_bh(&mn->lock);
	if (ms->hashed) {
		hlist_nulls_del_init_rcu(&ms->hash_node);
		ms->hashed = false;
		put = true;
	}
	if (ms->bound && (!ms->port_locked || sock_flag(sk, SOCK_DEAD))) {
		hlist_del_init(&ms->bind_node);
		ms->bound = false;
		p = ms->port;
		ms->port = NULL;
	}
	spin_unlock_bh(&mn->lock);
	mytcp_port_put(p);
	if (put)
		__sock_put(sk);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_unhash);
