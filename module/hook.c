// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the netfilter LOCAL_IN hook, one registration per namespace.
 *
 * Owns: registering the hook and the first look at every local IPv4 TCP
 * segment: it finds the mytcp socket the segment belongs to, checks its
 * header length, checksum and flags (dropping and counting bad ones) and
 * steals it (NF_STOLEN) for the state machine. Segments of no mytcp socket,
 * and those for a mytcp listener's port that belong to a Linux socket
 * (port.c), go on to Linux TCP (NF_ACCEPT).
 */
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/ip.h>
#include <net/tcp.h>

#include "csum.h"
#include "mytcp.h"

/*
 * RFC 9293 3.1 checksum, by how far the device or the stack got already:
 * UNNECESSARY (and PARTIAL, from a local sender) is verified; COMPLETE has
 * the sum of the packet; NONE needs the full computation.
 */
static bool mytcp_csum_ok(struct sk_buff *skb, unsigned int thoff)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int len = skb->len - thoff;

	switch (skb->ip_summed) {
	case CHECKSUM_UNNECESSARY:
	case CHECKSUM_PARTIAL:
		return true;
	case CHECKSUM_COMPLETE:
		if (!csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP,
				       skb_checksum(skb, thoff, len, 0)))
			return true;
		break;
	}
	return !mytcp_csum_skb(skb, thoff, iph->saddr, iph->daddr);
}

/* Flags no segment may carry (RFC 9293 3.1/3.10): SYN with FIN or RST. */
static bool mytcp_flags_bad(u8 flags)
{
	if ((flags & TCPHDR_SYN) && (flags & (TCPHDR_FIN | TCPHDR_RST)))
		return true;
	return !(flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST));
}

/*
 * How much the backlog of a socket a process holds may take, in truesize.
 * Its count is reset only when the whole backlog has been processed, so
 * under a steady flow it also counts skbs already moved to the receive
 * queue: room for twice the receive buffer, half the send buffer (ACKs)
 * and one GSO segment, the same budget Linux TCP gives.
 */
static u32 mytcp_backlog_limit(const struct sock *sk)
{
	return 2 * (u32)READ_ONCE(sk->sk_rcvbuf) +
	       (u32)READ_ONCE(sk->sk_sndbuf) / 2 + SZ_64K;
}

/*
 * Check a segment that belongs to @sk and give it to the state machine,
 * or to the backlog if a process holds the socket. Consumes @skb.
 */
static void mytcp_deliver(struct sock *sk, struct sk_buff *skb,
			  unsigned int thoff)
{
	struct net *net = sock_net(sk);
	const struct tcphdr *th;
	unsigned int hlen;

	MYTCP_INC_STATS(net, IN_SEGS);
	th = (const struct tcphdr *)(skb->data + thoff);
	hlen = th->doff * 4;
	if (hlen < sizeof(*th) || thoff + hlen > skb->len ||
	    !pskb_may_pull(skb, thoff + hlen)) {
		MYTCP_INC_STATS(net, IN_ERRS);
		goto drop;
	}
	if (!mytcp_csum_ok(skb, thoff)) {
		MYTCP_INC_STATS(net, IN_CSUM_ERRORS);
		MYTCP_INC_STATS(net, IN_ERRS);
		goto drop;
	}
	th = (const struct tcphdr *)(skb->data + thoff);
	if (mytcp_flags_bad(((const u8 *)th)[13])) {
		MYTCP_INC_STATS(net, IN_BAD_FLAGS);
		goto drop;
	}
	/* From here on the skb is mytcp's: no socket, route or conntrack. */
	skb_orphan(skb);
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	__skb_pull(skb, thoff);
	skb_reset_transport_header(skb);

	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		mytcp_rcv(sk, skb);
	} else if (sk_add_backlog(sk, skb, mytcp_backlog_limit(sk))) {
		bh_unlock_sock(sk);
		MYTCP_INC_STATS(net, BACKLOG_DROPS);
		goto drop;
	}
	bh_unlock_sock(sk);
	return;
drop:
	kfree_skb(skb);
}

static unsigned int mytcp_hook_in(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int thoff = ip_hdrlen(skb);
	const struct tcphdr *th;
	struct sock *sk;

	if (iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;
	MYTCP_INC_STATS(state->net, HOOK_IN_SEGS);
	/* Too short to say whose it is: Linux TCP drops and counts it. */
	if (!pskb_may_pull(skb, thoff + sizeof(struct tcphdr)))
		goto pass;
	iph = ip_hdr(skb);
	th = (const struct tcphdr *)(skb->data + thoff);
	sk = mytcp_lookup(state->net, iph->saddr, th->source, iph->daddr,
			  th->dest);
	if (!sk)
		goto pass;
	/* A listener's port may be Linux's too (SO_REUSEADDR, SO_REUSEPORT). */
	if (sk->sk_state == TCP_LISTEN &&
	    mytcp_linux_owns(state->net, skb, thoff)) {
		sock_put(sk);
		MYTCP_INC_STATS(state->net, HOOK_LINUX_OWNED);
		goto pass;
	}
	mytcp_deliver(sk, skb, thoff);
	sock_put(sk);
	return NF_STOLEN;
pass:
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
