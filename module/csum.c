// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the TCP checksum over a buffer or an skb.
 *
 * Owns: the software checksum: the 16-bit one's complement sum (RFC 1071)
 * of the IPv4 pseudo-header and the whole segment (RFC 9293 3.1). Summing
 * a segment whose checksum field is filled in gives 0 when it is correct.
 */
#include <linux/in.h>
#include <net/checksum.h>
#include <kunit/visibility.h>

#include "csum.h"

/**
 * mytcp_csum_buf - TCP checksum of a segment in linear memory
 * @saddr: IPv4 source address (pseudo-header)
 * @daddr: IPv4 destination address (pseudo-header)
 * @seg: the TCP header and payload
 * @len: the segment's length in bytes (any, odd included)
 *
 * Return: the checksum to store in the header if @seg's checksum field is
 * zero; 0 if @seg carries a correct checksum.
 */
__sum16 mytcp_csum_buf(__be32 saddr, __be32 daddr, const void *seg,
		       unsigned int len)
{
	return csum_tcpudp_magic(saddr, daddr, len, IPPROTO_TCP,
				 csum_partial(seg, len, 0));
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_csum_buf);

/**
 * mytcp_csum_skb - TCP checksum of a segment in an skb, linear or paged
 * @skb: the packet
 * @thoff: offset of the TCP header from skb->data
 * @saddr: IPv4 source address (pseudo-header)
 * @daddr: IPv4 destination address (pseudo-header)
 *
 * The segment runs from @thoff to the end of @skb.
 *
 * Return: as mytcp_csum_buf().
 */
__sum16 mytcp_csum_skb(const struct sk_buff *skb, unsigned int thoff,
		       __be32 saddr, __be32 daddr)
{
	unsigned int len = skb->len - thoff;

	return csum_tcpudp_magic(saddr, daddr, len, IPPROTO_TCP,
				 skb_checksum(skb, thoff, len, 0));
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_csum_skb);
