// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: parsing a TCP header and its options (pure, no socket, no skb).
 *
 * Owns: turning header bytes into struct mytcp_seg, and deciding which
 * headers are malformed. The caller pulls the header into linear memory and
 * counts and drops what is refused here.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <kunit/visibility.h>

#include "compat.h"
#include "segment.h"

/* Parse the body of a known option of the right length into @opt. */
static void mytcp_parse_one(u8 kind, const u8 *body, unsigned int blen,
			    struct mytcp_options *opt)
{
	unsigned int i;

	switch (kind) {
	case MYTCP_OPT_KIND_MSS:
		opt->mss = get_unaligned_be16(body);
		opt->present |= MYTCP_OPT_MSS;
		break;
	case MYTCP_OPT_KIND_WSCALE:
		/* RFC 7323 2.3: use 14 in place of a larger shift. */
		opt->wscale = min_t(u8, body[0], MYTCP_MAX_WSCALE);
		opt->present |= MYTCP_OPT_WSCALE;
		break;
	case MYTCP_OPT_KIND_SACK_PERM:
		opt->present |= MYTCP_OPT_SACK_PERM;
		break;
	case MYTCP_OPT_KIND_SACK:
		opt->num_sacks = blen / 8;
		for (i = 0; i < opt->num_sacks; i++) {
			opt->sacks[i].start = get_unaligned_be32(body + 8 * i);
			opt->sacks[i].end = get_unaligned_be32(body + 8 * i + 4);
		}
		opt->present |= MYTCP_OPT_SACK;
		break;
	case MYTCP_OPT_KIND_TS:
		opt->tsval = get_unaligned_be32(body);
		opt->tsecr = get_unaligned_be32(body + 4);
		opt->present |= MYTCP_OPT_TS;
		break;
	}
}

/* Whether @len is the right total length for option @kind. */
static bool mytcp_opt_len_ok(u8 kind, unsigned int len)
{
	switch (kind) {
	case MYTCP_OPT_KIND_MSS:
		return len == 4;
	case MYTCP_OPT_KIND_WSCALE:
		return len == 3;
	case MYTCP_OPT_KIND_SACK_PERM:
		return len == 2;
	case MYTCP_OPT_KIND_SACK:
		/* RFC 2018 3: 8 bytes a block, 1 to 4 blocks. */
		return len >= 10 && (len - 2) % 8 == 0 &&
		       (len - 2) / 8 <= MYTCP_MAX_SACK_BLOCKS;
	case MYTCP_OPT_KIND_TS:
		return len == 10;
	}
	return true;
}

/**
 * mytcp_parse_options - parse the options area of a TCP header
 * @p: the first option byte
 * @len: bytes of options (header length - 20), at most 40
 * @opt: filled with what was found; zeroed first
 *
 * RFC 9293 3.1: EOL ends the list, NOP is skipped, every other option has a
 * length byte that counts kind and length. Unknown options are skipped by
 * their length (MUST-6). A known option whose length is wrong for its kind
 * is ignored, and MYTCP_OPT_IGNORED is set. An illegal length (below 2, or
 * past the end of the options) makes the whole header malformed (MUST-7):
 * mytcp drops such a segment.
 *
 * Return: 0, or -EBADMSG for an illegal option length.
 */
int mytcp_parse_options(const u8 *p, unsigned int len,
			struct mytcp_options *opt)
{
	unsigned int i = 0;

	memset(opt, 0, sizeof(*opt));
	while (i < len) {
		u8 kind = p[i];
		unsigned int olen;

		if (kind == MYTCP_OPT_KIND_EOL)
			break;
		if (kind == MYTCP_OPT_KIND_NOP) {
			i++;
			continue;
		}
		if (len - i < 2)
			return -EBADMSG;
		olen = p[i + 1];
		if (olen < 2 || olen > len - i)
			return -EBADMSG;
		if (mytcp_opt_len_ok(kind, olen))
			mytcp_parse_one(kind, p + i + 2, olen - 2, opt);
		else
			opt->present |= MYTCP_OPT_IGNORED;
		i += olen;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_parse_options);

/**
 * mytcp_parse_segment - parse a TCP header
 * @hdr: the TCP header, in linear memory
 * @hdr_avail: how many bytes at @hdr may be read; the caller must provide
 *	the whole header (min(@seg_len, data offset * 4) bytes) here
 * @seg_len: the TCP segment's length: header plus payload, from the IP header
 * @seg: filled with the header's fields in host order
 *
 * RFC 9293 3.1: the data offset counts 32-bit words and is at least 5; the
 * header may not run past the segment.
 *
 * Return: 0; -EINVAL if the segment is shorter than a minimal header, the
 * data offset is below 5 or past the end of the segment; -EFAULT if the
 * caller provided fewer than the header's bytes; -EBADMSG for options with
 * an illegal length.
 */
int mytcp_parse_segment(const void *hdr, unsigned int hdr_avail,
			unsigned int seg_len, struct mytcp_seg *seg)
{
	const struct tcphdr *th = hdr;
	unsigned int hlen;

	if (seg_len < sizeof(*th) || hdr_avail < sizeof(*th))
		return seg_len < sizeof(*th) ? -EINVAL : -EFAULT;
	hlen = th->doff * 4;
	if (hlen < sizeof(*th) || hlen > seg_len)
		return -EINVAL;
	if (hdr_avail < hlen)
		return -EFAULT;

	seg->sport = ntohs(th->source);
	seg->dport = ntohs(th->dest);
	seg->seq = ntohl(th->seq);
	seg->ack_seq = ntohl(th->ack_seq);
	seg->wnd = ntohs(th->window);
	seg->flags = ((const u8 *)th)[13];
	seg->hdr_len = hlen;
	seg->data_len = seg_len - hlen;
	return mytcp_parse_options((const u8 *)th + sizeof(*th),
				   hlen - sizeof(*th), &seg->opt);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_parse_segment);
