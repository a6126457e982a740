// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: writing the options of an outgoing TCP header (pure, no socket,
 * no skb).
 *
 * Owns: the layout of the options mytcp sends. Every option is placed so
 * that the multi-byte fields after it start on a 4-byte boundary, padded
 * with NOPs, and every group is a multiple of 4 bytes long:
 *
 *   MSS              2,4,mss(2)                        4 bytes
 *   SACK_PERM + TS   4,2,8,10,tsval(4),tsecr(4)        12 bytes
 *   TS alone         1,1,8,10,tsval(4),tsecr(4)        12 bytes
 *   SACK_PERM alone  1,1,4,2                           4 bytes
 *   WSCALE           1,3,3,shift                       4 bytes
 *   SACK, n blocks   1,1,5,2+8n,(start(4),end(4))*n    4 + 8n bytes
 *
 * The caller sizes the header with mytcp_options_size(), then writes the
 * options with mytcp_write_options().
 */
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "compat.h"
#include "options.h"

/* Bytes of the options other than the SACK option, in the layout above. */
static unsigned int mytcp_options_fixed_size(const struct mytcp_options *o)
{
	unsigned int size = 0;

	if (o->present & MYTCP_OPT_MSS)
		size += 4;
	if (o->present & MYTCP_OPT_TS)
		size += 12;	/* SACK_PERM, if present, rides in its padding */
	else if (o->present & MYTCP_OPT_SACK_PERM)
		size += 4;
	if (o->present & MYTCP_OPT_WSCALE)
		size += 4;
	return size;
}

/*
 * How many of @o's SACK blocks are written: all of them (at most
 * MYTCP_MAX_SACK_BLOCKS), or as many as fit in what the other options leave
 * of the 40 bytes. 0 means no SACK option at all.
 */
static unsigned int mytcp_options_nsacks(const struct mytcp_options *o)
{
	unsigned int room = MYTCP_MAX_OPT_BYTES - mytcp_options_fixed_size(o);

	if (!(o->present & MYTCP_OPT_SACK) || room < 4 + 8)
		return 0;
	return min3((unsigned int)o->num_sacks, (room - 4) / 8,
		    (unsigned int)MYTCP_MAX_SACK_BLOCKS);
}

/**
 * mytcp_options_size - how many bytes mytcp_write_options() writes
 * @o: the options to send; @o->present says which
 *
 * Only MSS, WSCALE, SACK_PERM, TS and SACK are sent; other bits of
 * @o->present are ignored, and so is SACK with no blocks. SACK blocks that
 * do not fit in 40 bytes next to the other options are left out (see
 * mytcp_write_options()).
 *
 * Return: the size of the options area, a multiple of 4, at most 40.
 */
unsigned int mytcp_options_size(const struct mytcp_options *o)
{
	unsigned int n = mytcp_options_nsacks(o);

	return mytcp_options_fixed_size(o) + (n ? 4 + 8 * n : 0);
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_options_size);

/* Two NOPs, then a kind and a length: the 4-byte start of a padded option. */
static u8 *mytcp_put_nop_nop(u8 *p, u8 kind, u8 len)
{
	p[0] = MYTCP_OPT_KIND_NOP;
	p[1] = MYTCP_OPT_KIND_NOP;
	p[2] = kind;
	p[3] = len;
	return p + 4;
}

/**
 * mytcp_write_options - write the options area of a TCP header
 * @p: where the options start (right after the 20-byte header); room for
 *	mytcp_options_size(@o) bytes
 * @o: the options to send; @o->present says which (MSS, WSCALE, SACK_PERM,
 *	TS, SACK with @o->num_sacks blocks); other bits are ignored
 *
 * Writes them in the aligned layout described at the top of this file:
 * MSS; timestamps behind two bytes that hold SACK_PERM when it is sent too,
 * two NOPs otherwise (RFC 7323 Appendix A: NOP padding so that the
 * timestamp fields are 4-byte aligned); SACK_PERM behind two NOPs when sent
 * without timestamps; NOP before WSCALE; two NOPs before SACK. A window
 * shift above 14 is sent as 14 (RFC 7323 2.3).
 *
 * SACK blocks are written in @o->sacks order, the first being the most
 * important (RFC 2018 4). When they do not all fit in the 40 bytes left by
 * the other options only the first ones that fit are written: 4 alone, 3
 * next to timestamps (RFC 2018 3), 2 next to MSS, timestamps and WSCALE;
 * the rest are dropped without notice.
 *
 * Return: the bytes written, equal to mytcp_options_size(@o).
 */
unsigned int mytcp_write_options(u8 *p, const struct mytcp_options *o)
{
	unsigned int nsacks = mytcp_options_nsacks(o);
	const u8 *start = p;
	unsigned int i;

	if (o->present & MYTCP_OPT_MSS) {
		p[0] = MYTCP_OPT_KIND_MSS;
		p[1] = 4;
		put_unaligned_be16(o->mss, p + 2);
		p += 4;
	}
	if (o->present & MYTCP_OPT_TS) {
		if (o->present & MYTCP_OPT_SACK_PERM) {
			p[0] = MYTCP_OPT_KIND_SACK_PERM;
			p[1] = 2;
		} else {
			/* RFC 7323 Appendix A: NOP, NOP, then timestamps. */
			p[0] = MYTCP_OPT_KIND_NOP;
			p[1] = MYTCP_OPT_KIND_NOP;
		}
		p[2] = MYTCP_OPT_KIND_TS;
		p[3] = 10;
		put_unaligned_be32(o->tsval, p + 4);
		put_unaligned_be32(o->tsecr, p + 8);
		p += 12;
	} else if (o->present & MYTCP_OPT_SACK_PERM) {
		p = mytcp_put_nop_nop(p, MYTCP_OPT_KIND_SACK_PERM, 2);
	}
	if (o->present & MYTCP_OPT_WSCALE) {
		p[0] = MYTCP_OPT_KIND_NOP;
		p[1] = MYTCP_OPT_KIND_WSCALE;
		p[2] = 3;
		/* RFC 7323 2.3: the shift is at most 14. */
		p[3] = min_t(u8, o->wscale, MYTCP_MAX_WSCALE);
		p += 4;
	}
	if (nsacks) {
		/* RFC 2018 3: kind 5, length 2 + 8 per block. */
		p = mytcp_put_nop_nop(p, MYTCP_OPT_KIND_SACK, 2 + 8 * nsacks);
		for (i = 0; i < nsacks; i++) {
			put_unaligned_be32(o->sacks[i].start, p);
			put_unaligned_be32(o->sacks[i].end, p + 4);
			p += 8;
		}
	}
	return p - start;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_write_options);
