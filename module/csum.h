/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: TCP checksums (RFC 9293 3.1, RFC 1071), built on the kernel's
 * csum helpers.
 */
#ifndef _MYTCP_CSUM_H
#define _MYTCP_CSUM_H

#include <linux/skbuff.h>
#include <linux/types.h>

__sum16 mytcp_csum_buf(__be32 saddr, __be32 daddr, const void *seg,
		       unsigned int len);
__sum16 mytcp_csum_skb(const struct sk_buff *skb, unsigned int thoff,
		       __be32 saddr, __be32 daddr);

#endif /* _MYTCP_CSUM_H */
