/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the socket and per-namespace structures, and the locking strategy.
 *
 * Owns: struct mytcp_sock, struct mytcp_net, and the declarations that tie
 * the module's files together (family, hook, proc).
 *
 * Locking strategy (the one place it is written down):
 *  - A socket's state is protected by the socket lock. Process context takes
 *    it with lock_sock()/release_sock(); softirq context (the netfilter hook,
 *    soft hrtimers) with bh_lock_sock(). If softirq finds the socket owned by
 *    a process (sock_owned_by_user()), it queues the skb on the backlog with
 *    sk_add_backlog() and release_sock() later feeds it to sk_backlog_rcv.
 *    Functions that need the lock say so with lockdep_assert_held() /
 *    sock_owned_by_me().
 *  - Per-namespace data (struct mytcp_net) is created in pernet init and
 *    freed in pernet exit; after init it is only read, except the per-CPU
 *    counters, which need no lock.
 *  - There is no mutable global state: everything lives in a namespace or a
 *    socket, so tests in separate namespaces do not see each other.
 */
#ifndef _MYTCP_H
#define _MYTCP_H

#include <linux/atomic.h>
#include <net/sock.h>

#include "stats.h"

struct proc_dir_entry;

/**
 * struct mytcp_net - mytcp's per-network-namespace state
 * @mib: per-CPU counters, see stats.h
 * @proc_dir: this namespace's /proc/net/mytcp directory
 * @nr_socks: sockets of this namespace that are not yet freed
 */
struct mytcp_net {
	struct mytcp_mib __percpu *mib;
	struct proc_dir_entry *proc_dir;
	atomic_t nr_socks;
};

/**
 * struct mytcp_sock - an AF_MYTCP socket
 * @sk: the generic socket; must be first (sk_alloc() allocates the whole)
 */
struct mytcp_sock {
	struct sock sk;
};

/**
 * mytcp_sk - the mytcp socket of a generic socket
 * @sk: a socket of mytcp's proto
 *
 * Return: the containing &struct mytcp_sock.
 */
static inline struct mytcp_sock *mytcp_sk(const struct sock *sk)
{
	return container_of(sk, struct mytcp_sock, sk);
}

struct mytcp_net *mytcp_pernet(const struct net *net);

int mytcp_hook_net_init(struct net *net);
void mytcp_hook_net_exit(struct net *net);

int mytcp_proc_net_init(struct net *net);
void mytcp_proc_net_exit(struct net *net);
int mytcp_proc_init(void);
void mytcp_proc_exit(void);

#endif /* _MYTCP_H */
