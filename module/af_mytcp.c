// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the AF_MYTCP socket family.
 *
 * Owns: module init/exit, the net_proto_family (socket(2) argument checks),
 * struct proto and struct proto_ops, and the per-namespace setup that hooks
 * every other part (counters, /proc, netfilter) into each network namespace.
 */
#include <kunit/visibility.h>
#include <linux/hash.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "mytcp.h"
#include "../include/uapi/mytcp.h"

static unsigned int mytcp_net_id __read_mostly;

/**
 * mytcp_pernet - mytcp's state of a network namespace
 * @net: the namespace
 *
 * Return: the &struct mytcp_net created for @net by the pernet init.
 */
struct mytcp_net *mytcp_pernet(const struct net *net)
{
	return net_generic(net, mytcp_net_id);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_pernet);

/* The bucket of the namespace's table of all sockets that holds @sk. */
static struct hlist_head *mytcp_all_bucket(struct mytcp_net *mn,
					   const struct sock *sk)
{
	return &mn->all[hash_ptr(sk, MYTCP_ALL_BITS)];
}

/* Runs when the last reference to the socket goes away. */
static void mytcp_sk_destruct(struct sock *sk)
{
	struct mytcp_net *mn = mytcp_pernet(sock_net(sk));

	skb_queue_purge(&sk->sk_receive_queue);
	skb_queue_purge(&sk->sk_write_queue);
	mytcp_ooo_purge(&mytcp_sk(sk)->ooo);
	spin_lock_bh(&mn->lock);
	hlist_del(&mytcp_sk(sk)->all_node);
	spin_unlock_bh(&mn->lock);
	atomic_dec(&mn->nr_socks);
}

/*
 * A segment queued on the backlog while a process held the socket.
 * release_sock() calls this with BHs enabled; mytcp_rcv() runs with BHs
 * off on every path, as it does from the hook (it may take a new child's
 * spinlock, which softirq takes too).
 */
static int mytcp_backlog_rcv(struct sock *sk, struct sk_buff *skb)
{
	int ret;

	local_bh_disable();
	ret = mytcp_rcv(sk, skb);
	local_bh_enable();
	return ret;
}

struct proto mytcp_proto = {
	.name		= "MYTCP",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct mytcp_sock),
	.backlog_rcv	= mytcp_backlog_rcv,
	.release_cb	= mytcp_release_cb,
	.keepalive	= mytcp_keepalive,
};

/**
 * mytcp_sk_alloc - allocate and initialise a mytcp socket
 * @net: its namespace
 * @sock: the struct socket it belongs to, or NULL for a passive child
 * @gfp: allocation flags
 * @kern: created by the kernel (no namespace reference)
 *
 * Return: the socket in state CLOSE with one reference, or NULL.
 */
struct sock *mytcp_sk_alloc(struct net *net, struct socket *sock, gfp_t gfp,
			    int kern)
{
	struct mytcp_net *mn = mytcp_pernet(net);
	struct mytcp_sock *ms;
	struct sock *sk;

	sk = sk_alloc(net, PF_MYTCP, gfp, &mytcp_proto, kern);
	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
	sk->sk_protocol = IPPROTO_TCP;
	sk->sk_destruct = mytcp_sk_destruct;
	/* Freed after an RCU grace period: mytcp_lookup() takes no lock. */
	sock_set_flag(sk, SOCK_RCU_FREE);
	sk->sk_backlog_rcv = mytcp_backlog_rcv;
	sk->sk_write_space = mytcp_write_space;
	sk->sk_state = TCP_CLOSE;
	sk->sk_rcvbuf = READ_ONCE(mn->settings.rmem_default);
	sk->sk_sndbuf = READ_ONCE(mn->settings.wmem_default);

	ms = mytcp_sk(sk);
	ms->hash_node.pprev = NULL;	/* unhashed (hlist_nulls_unhashed()) */
	INIT_HLIST_NODE(&ms->bind_node);
	INIT_LIST_HEAD(&ms->accept_node);
	INIT_LIST_HEAD(&ms->accept_queue);
	spin_lock_init(&ms->accept_lock);
	ms->mss = 536;
	ms->rcv_ratio = 128;
	ms->ts_offset = get_random_u32();
	ms->keepidle = MYTCP_KEEPIDLE_DEFAULT;
	ms->keepintvl = MYTCP_KEEPINTVL_DEFAULT;
	ms->keepcnt = MYTCP_KEEPCNT_DEFAULT;
	mytcp_ooo_init(&ms->ooo);
	mytcp_rtt_init(&ms->rtt);
	ms->stats.min_rtt_us = U32_MAX;
	ms->cc_ops = READ_ONCE(mn->settings.cc_default);
	ms->cc_ops->init(&ms->cc, ms->mss);
	ms->rcv_wscale = 7;
	mytcp_timers_init(sk);
	spin_lock_bh(&mn->lock);
	hlist_add_head(&ms->all_node, mytcp_all_bucket(mn, sk));
	spin_unlock_bh(&mn->lock);
	atomic_inc(&mn->nr_socks);
	return sk;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_sk_alloc);

/*
 * socket(AF_MYTCP, type, protocol): the same answers inet_create() gives for
 * AF_INET, restricted to what mytcp is (a stream protocol, TCP).
 */
static int mytcp_create(struct net *net, struct socket *sock, int protocol,
			int kern)
{
	if (protocol < 0 || protocol >= IPPROTO_MAX)
		return -EINVAL;
	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != 0 && protocol != IPPROTO_TCP)
		return -EPROTONOSUPPORT;

	sock->ops = &mytcp_stream_ops;
	sock->state = SS_UNCONNECTED;
	if (!mytcp_sk_alloc(net, sock, GFP_KERNEL, kern))
		return -ENOBUFS;
	MYTCP_INC_STATS(net, SOCKETS_CREATED);
	return 0;
}

static const struct net_proto_family mytcp_family_ops = {
	.family	= PF_MYTCP,
	.create	= mytcp_create,
	.owner	= THIS_MODULE,
};

static int __net_init mytcp_net_init(struct net *net)
{
	struct mytcp_net *mn = mytcp_pernet(net);
	int err;

	atomic_set(&mn->nr_socks, 0);
	spin_lock_init(&mn->lock);
	mytcp_table_net_init(mn);
	get_random_bytes(mn->port_perturb, sizeof(mn->port_perturb));
	mn->settings = (struct mytcp_settings) {
		.time_wait_ms = 60 * MSEC_PER_SEC,
		.fin_wait2_ms = 60 * MSEC_PER_SEC,
		.syn_retries = 6,
		.retries = 15,
		.rmem_default = 256 * 1024,
		.wmem_default = 256 * 1024,
		/* Linux TCP's tcp_rmem[2] and tcp_wmem[2]. */
		.rmem_max = 6 * 1024 * 1024,
		.wmem_max = 4 * 1024 * 1024,
		.cc_default = mytcp_cc_default(),
	};
	mn->all = kvcalloc(MYTCP_ALL_SIZE, sizeof(*mn->all), GFP_KERNEL);
	if (!mn->all)
		return -ENOMEM;
	mn->mib = alloc_percpu(struct mytcp_mib);
	if (!mn->mib) {
		err = -ENOMEM;
		goto free_all;
	}

	err = mytcp_proc_net_init(net);
	if (err)
		goto free_mib;
	err = mytcp_sysctl_net_init(net);
	if (err)
		goto proc_exit;
	err = mytcp_hook_net_init(net);
	if (err)
		goto sysctl_exit;
	mytcp_port_reserve(net, 0);
	return 0;

sysctl_exit:
	mytcp_sysctl_net_exit(net);
proc_exit:
	mytcp_proc_net_exit(net);
free_mib:
	free_percpu(mn->mib);
free_all:
	kvfree(mn->all);
	return err;
}

static void __net_exit mytcp_net_exit(struct net *net)
{
	struct mytcp_net *mn = mytcp_pernet(net);

	mytcp_hook_net_exit(net);
	mytcp_port_net_exit(net);
	mytcp_sysctl_net_exit(net);
	mytcp_proc_net_exit(net);
	WARN_ON_ONCE(atomic_read(&mn->nr_socks));
	free_percpu(mn->mib);
	kvfree(mn->all);
}

static struct pernet_operations mytcp_net_ops = {
	.init	= mytcp_net_init,
	.exit	= mytcp_net_exit,
	.id	= &mytcp_net_id,
	.size	= sizeof(struct mytcp_net),
};

static int __init mytcp_init(void)
{
	int err;

	err = mytcp_port_init();
	if (err)
		return err;
	err = proto_register(&mytcp_proto, 1);
	if (err)
		goto port_exit;
	err = register_pernet_subsys(&mytcp_net_ops);
	if (err)
		goto unreg_proto;
	err = mytcp_proc_init();
	if (err)
		goto unreg_pernet;
	err = sock_register(&mytcp_family_ops);
	if (err) {
		pr_err("mytcp: family %d is taken (%d)\n", PF_MYTCP, err);
		goto proc_exit;
	}
	pr_info("mytcp: loaded, family %d\n", PF_MYTCP);
	return 0;

proc_exit:
	mytcp_proc_exit();
unreg_pernet:
	unregister_pernet_subsys(&mytcp_net_ops);
unreg_proto:
	proto_unregister(&mytcp_proto);
port_exit:
	mytcp_port_exit();
	return err;
}

static void __exit mytcp_exit(void)
{
	sock_unregister(PF_MYTCP);
	mytcp_proc_exit();
	unregister_pernet_subsys(&mytcp_net_ops);
	proto_unregister(&mytcp_proto);
	mytcp_port_exit();
	pr_info("mytcp: unloaded\n");
}

module_init(mytcp_init);
module_exit(mytcp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mytcp: an independent TCP as a socket family");
MODULE_ALIAS_NETPROTO(PF_MYTCP);
