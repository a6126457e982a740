// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the netfilter LOCAL_IN hook, one registration per namespace.
 *
 * Owns: registering the hook and the first look at every local IPv4 packet.
 * The hook counts TCP segments and, until a segment belongs to a mytcp
 * socket, hands every packet on to Linux (NF_ACCEPT).
 */
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <net/netfilter/nf_queue.h>

#include "mytcp.h"

static unsigned int mytcp_hook_in(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;

	MYTCP_INC_STATS(state->net, HOOK_IN_SEGS);
	MYTCP_INC_STATS(state->net, HOOK_PASSED);
	return NF_ACCEPT;
}

static const struct nf_hook_ops mytcp_hook_ops = {
	.hook		= mytcp_hook_in,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_LOCAL_IN,
	.priority	= NF_IP_PRI_FIRST,
};

/**
 * mytcp_hook_net_init - attach the LOCAL_IN hook to a namespace
 * @net: the namespace being created (or present at module load)
 *
 * Return: 0 or the error of nf_register_net_hook().
 */
int mytcp_hook_net_init(struct net *net)
{
	return nf_register_net_hook(net, &mytcp_hook_ops);
}

/**
 * mytcp_hook_net_exit - detach the LOCAL_IN hook from a namespace
 * @net: the namespace being dismantled (or every one at module unload)
 *
 * After this returns no hook call for @net is running (netfilter waits for
 * an RCU grace period).
 */
void mytcp_hook_net_exit(struct net *net)
{
	nf_unregister_net_hook(net, &mytcp_hook_ops);
}
