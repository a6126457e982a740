// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the per-namespace socket tables.
 *
 * Owns: finding the socket a segment belongs to (connections by 4-tuple,
 * then listeners by local port), local port binding (explicit and
 * ephemeral), and putting sockets into and out of the tables. Writers of
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
 * Whether @sk may share @port with the sockets bound to it already: never
 * with a listener or a socket bound to the same (or a wildcard) address,
 * unless both set SO_REUSEADDR and neither listens (as Linux TCP).
 */
static bool mytcp_port_free(struct mytcp_net *mn, struct sock *sk,
			    __be32 addr, u16 port)
{
	struct mytcp_sock *ms;

	lockdep_assert_held(&mn->lock);
	hlist_for_each_entry(ms, &mn->bhash[mytcp_porthash(port)], bind_node) {
		struct sock *o = &ms->sk;

		if (o == sk || ntohs(ms->sport) != port)
			continue;
		if (ms->saddr && addr && ms->saddr != addr)
			continue;
		if (sk->sk_reuse && o->sk_reuse && o->sk_state != TCP_LISTEN)
			continue;
		return false;
	}
	return true;
}

/**
 * mytcp_bind_port - give a socket a local address and port
 * @sk: the socket, locked by its user, not yet bound
 * @addr: the local address (network order), or 0 for any
 * @port: the port (host order), or 0 for an ephemeral one from
 *	MYTCP_PORT_LO..MYTCP_PORT_HI
 *
 * Return: 0, -EADDRINUSE if the port is taken, or -EADDRNOTAVAIL if no
 * ephemeral port is free.
 */
int mytcp_bind_port(struct sock *sk, __be32 addr, u16 port)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct mytcp_sock *ms = mytcp_sk(sk);
	u32 range = MYTCP_PORT_HI - MYTCP_PORT_LO + 1, i;
	int err = 0;

	sock_owned_by_me(sk);
	spin_lock_bh(&mn->lock);
	if (port) {
		if (!mytcp_port_free(mn, sk, addr, port))
			err = -EADDRINUSE;
	} else {
		err = -EADDRNOTAVAIL;
		for (i = 0; i < range; i++) {
			u16 p = MYTCP_PORT_LO + (mn->port_rover + i) % range;

			if (mytcp_port_free(mn, sk, addr, p)) {
				port = p;
				mn->port_rover += i + 1;
				err = 0;
				break;
			}
		}
	}
	if (!err) {
		ms->saddr = addr;
		ms->sport = htons(port);
		hlist_add_head(&ms->bind_node, &mn->bhash[mytcp_porthash(port)]);
		ms->bound = true;
	}
	spin_unlock_bh(&mn->lock);
	return err;
}

/**
 * mytcp_bind_child - a passive connection joins its listener's port
 * @child: the new connection, its local address and port set
 *
 * It holds the port as long as it lives (TIME-WAIT included), after the
 * listener closed too, so that a bind() without SO_REUSEADDR fails as on
 * Linux (no conflict check: the listener owns the port already).
 */
void mytcp_bind_child(struct sock *child)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(child));
	struct mytcp_sock *ms = mytcp_sk(child);

	spin_lock_bh(&mn->lock);
	hlist_add_head(&ms->bind_node, &mn->bhash[mytcp_porthash(ntohs(ms->sport))]);
	ms->bound = true;
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
 * @sk: the socket, locked by its user, bound
 *
 * The port is checked again, now for a listener (as Linux TCP's
 * inet_csk_listen_start()): of two sockets that share a port through
 * SO_REUSEADDR only one may listen. The check and the move to LISTEN are
 * one step under the table lock, so two listen() calls cannot both pass.
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
	if (!mytcp_port_free(mn, sk, ms->saddr, ntohs(ms->sport))) {
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
 * Drops the table's reference. A port the user named stays bound while
 * the user still has the socket. Safe to call more than once.
 */
void mytcp_unhash(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));
	struct mytcp_sock *ms = mytcp_sk(sk);
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
	}
	spin_unlock_bh(&mn->lock);
	if (put)
		__sock_put(sk);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_unhash);
