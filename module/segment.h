/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the parsed form of a TCP segment header (pure, no socket).
 *
 * Owns: struct mytcp_seg and struct mytcp_options, and the parsers that
 * fill them from raw header bytes.
 */
#ifndef _MYTCP_SEGMENT_H
#define _MYTCP_SEGMENT_H

#include <linux/bits.h>
#include <linux/types.h>

/* A SACK option fits at most 4 blocks in 40 bytes of options (RFC 2018 3). */
#define MYTCP_MAX_SACK_BLOCKS	4
/* RFC 7323 2.3: a larger shift is logged and treated as 14. */
#define MYTCP_MAX_WSCALE	14

/* TCP option kinds (RFC 9293 3.1, RFC 7323, RFC 2018). */
#define MYTCP_OPT_KIND_EOL	0
#define MYTCP_OPT_KIND_NOP	1
#define MYTCP_OPT_KIND_MSS	2
#define MYTCP_OPT_KIND_WSCALE	3
#define MYTCP_OPT_KIND_SACK_PERM 4
#define MYTCP_OPT_KIND_SACK	5
#define MYTCP_OPT_KIND_TS	8

/* Bits of &struct mytcp_options.present. */
#define MYTCP_OPT_MSS		BIT(0)
#define MYTCP_OPT_WSCALE	BIT(1)
#define MYTCP_OPT_SACK_PERM	BIT(2)
#define MYTCP_OPT_SACK		BIT(3)
#define MYTCP_OPT_TS		BIT(4)
/* A known option with a wrong length was seen and ignored. */
#define MYTCP_OPT_IGNORED	BIT(5)

/**
 * struct mytcp_sack_block - one SACK block, host byte order
 * @start: first sequence number of the block
 * @end: sequence number just past the block
 */
struct mytcp_sack_block {
	u32 start;
	u32 end;
};

/**
 * struct mytcp_options - the options of one segment, host byte order
 * @present: which options were seen, MYTCP_OPT_* bits
 * @mss: maximum segment size (if MYTCP_OPT_MSS)
 * @wscale: window shift, clamped to MYTCP_MAX_WSCALE (if MYTCP_OPT_WSCALE)
 * @num_sacks: number of valid entries in @sacks (if MYTCP_OPT_SACK)
 * @tsval: timestamp value (if MYTCP_OPT_TS)
 * @tsecr: timestamp echo reply (if MYTCP_OPT_TS)
 * @sacks: SACK blocks in the order the segment lists them
 */
struct mytcp_options {
	u32 present;
	u16 mss;
	u8 wscale;
	u8 num_sacks;
	u32 tsval;
	u32 tsecr;
	struct mytcp_sack_block sacks[MYTCP_MAX_SACK_BLOCKS];
};

/**
 * struct mytcp_seg - a parsed TCP header, host byte order
 * @sport: source port
 * @dport: destination port
 * @seq: sequence number
 * @ack_seq: acknowledgment number
 * @wnd: the window field as sent (not yet scaled)
 * @flags: the flags byte (CWR ECE URG ACK PSH RST SYN FIN)
 * @hdr_len: header length in bytes (data offset * 4)
 * @data_len: payload length in bytes
 * @opt: the parsed options
 */
struct mytcp_seg {
	u16 sport;
	u16 dport;
	u32 seq;
	u32 ack_seq;
	u16 wnd;
	u8 flags;
	u16 hdr_len;
	u32 data_len;
	struct mytcp_options opt;
};

int mytcp_parse_options(const u8 *p, unsigned int len,
			struct mytcp_options *opt);
int mytcp_parse_segment(const void *hdr, unsigned int hdr_avail,
			unsigned int seg_len, struct mytcp_seg *seg);

#endif /* _MYTCP_SEGMENT_H */
