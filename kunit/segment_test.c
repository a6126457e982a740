// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: parsing TCP headers and options (module/segment.c): valid headers,
 * each option, and malformed input (bad data offset, short segments,
 * options that overrun, illegal lengths), each in a buffer allocated to its
 * exact size so that KASAN catches any read past the end.
 */
#include <kunit/test.h>
#include <linux/random.h>
#include <net/tcp.h>

#include "segment.h"

/* A 20-byte header, ports 40000 -> 5001, seq/ack set, ACK|PSH, window 512. */
static const u8 base_hdr[20] = {
	0x9c, 0x40, 0x13, 0x89, 0x01, 0x02, 0x03, 0x04, 0xa0, 0xb0, 0xc0, 0xd0,
	0x50, 0x18, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/*
 * Build header + @olen option bytes + @dlen payload in an exact-size
 * buffer; the data offset covers the options (rounded up, as a sender
 * must pad them).
 */
static u8 *mkseg(struct kunit *test, const u8 *opts, unsigned int olen,
		 unsigned int dlen, unsigned int *seg_len)
{
	unsigned int hlen = 20 + round_up(olen, 4);
	u8 *b = kunit_kzalloc(test, hlen + dlen, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	memcpy(b, base_hdr, 20);
	memcpy(b + 20, opts, olen);
	b[12] = (hlen / 4) << 4;
	*seg_len = hlen + dlen;
	return b;
}

/* Parse options from an exact-size copy of @opts. */
static int parse_opts(struct kunit *test, const u8 *opts, unsigned int len,
		      struct mytcp_options *o)
{
	u8 *b = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	memcpy(b, opts, len);
	return mytcp_parse_options(b, len, o);
}

static void segment_plain_header(struct kunit *test)
{
	struct mytcp_seg seg;
	unsigned int len;
	u8 *b = mkseg(test, NULL, 0, 7, &len);

	KUNIT_ASSERT_EQ(test, mytcp_parse_segment(b, 20, len, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.sport, 40000);
	KUNIT_EXPECT_EQ(test, seg.dport, 5001);
	KUNIT_EXPECT_EQ(test, seg.seq, 0x01020304U);
	KUNIT_EXPECT_EQ(test, seg.ack_seq, 0xa0b0c0d0U);
	KUNIT_EXPECT_EQ(test, seg.flags, TCPHDR_ACK | TCPHDR_PSH);
	KUNIT_EXPECT_EQ(test, seg.wnd, 512);
	KUNIT_EXPECT_EQ(test, seg.hdr_len, 20);
	KUNIT_EXPECT_EQ(test, seg.data_len, 7);
	KUNIT_EXPECT_EQ(test, seg.opt.present, 0);
}

/* The options of a Linux SYN: MSS, SACK-permitted, timestamps, NOP, WS. */
static void segment_syn_options(struct kunit *test)
{
	static const u8 opts[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10,
				   0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
				   1, 3, 3, 7 };
	struct mytcp_seg seg;
	unsigned int len;
	u8 *b = mkseg(test, opts, sizeof(opts), 0, &len);

	KUNIT_ASSERT_EQ(test, mytcp_parse_segment(b, len, len, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.hdr_len, 40);
	KUNIT_EXPECT_EQ(test, seg.data_len, 0);
	KUNIT_EXPECT_EQ(test, seg.opt.present, MYTCP_OPT_MSS | MYTCP_OPT_SACK_PERM |
			MYTCP_OPT_TS | MYTCP_OPT_WSCALE);
	KUNIT_EXPECT_EQ(test, seg.opt.mss, 1460);
	KUNIT_EXPECT_EQ(test, seg.opt.wscale, 7);
	KUNIT_EXPECT_EQ(test, seg.opt.tsval, 0x11223344U);
	KUNIT_EXPECT_EQ(test, seg.opt.tsecr, 0x55667788U);
}

static void segment_sack_blocks(struct kunit *test)
{
	u8 opts[2 + 8 * MYTCP_MAX_SACK_BLOCKS];
	struct mytcp_options o;
	unsigned int n, i;

	for (n = 1; n <= MYTCP_MAX_SACK_BLOCKS; n++) {
		opts[0] = MYTCP_OPT_KIND_SACK;
		opts[1] = 2 + 8 * n;
		for (i = 0; i < 8 * n; i++)
			opts[2 + i] = i + 1;
		KUNIT_ASSERT_EQ(test, parse_opts(test, opts, 2 + 8 * n, &o), 0);
		KUNIT_EXPECT_EQ(test, o.present, MYTCP_OPT_SACK);
		KUNIT_EXPECT_EQ(test, o.num_sacks, n);
		KUNIT_EXPECT_EQ(test, o.sacks[0].start, 0x01020304U);
		KUNIT_EXPECT_EQ(test, o.sacks[0].end, 0x05060708U);
		KUNIT_EXPECT_EQ(test, o.sacks[n - 1].end,
				(u32)((8 * n - 3) << 24 | (8 * n - 2) << 16 |
				      (8 * n - 1) << 8 | 8 * n));
	}
}

/* RFC 7323 2.3: a shift above 14 is used as 14. */
static void segment_wscale_clamped(struct kunit *test)
{
	static const u8 opts[] = { 3, 3, 15, 1 };
	struct mytcp_options o;

	KUNIT_ASSERT_EQ(test, parse_opts(test, opts, sizeof(opts), &o), 0);
	KUNIT_EXPECT_EQ(test, o.present, MYTCP_OPT_WSCALE);
	KUNIT_EXPECT_EQ(test, o.wscale, 14);
}

/* RFC 9293 MUST-6: an unknown option is skipped by its length. */
static void segment_unknown_skipped(struct kunit *test)
{
	static const u8 opts[] = { 254, 6, 0xde, 0xad, 0xbe, 0xef,
				   2, 4, 0x02, 0x18 };
	struct mytcp_options o;

	KUNIT_ASSERT_EQ(test, parse_opts(test, opts, sizeof(opts), &o), 0);
	KUNIT_EXPECT_EQ(test, o.present, MYTCP_OPT_MSS);
	KUNIT_EXPECT_EQ(test, o.mss, 536);
}

/* End of option list: what follows is padding, not options. */
static void segment_eol_stops(struct kunit *test)
{
	static const u8 opts[] = { 1, 0, 2, 4, 0x05, 0xb4, 0, 0 };
	struct mytcp_options o;

	KUNIT_ASSERT_EQ(test, parse_opts(test, opts, sizeof(opts), &o), 0);
	KUNIT_EXPECT_EQ(test, o.present, 0);
}

/* A known option with the wrong length is ignored, the rest still read. */
static void segment_wrong_length_ignored(struct kunit *test)
{
	static const u8 opts[] = { 2, 5, 0x05, 0xb4, 0x00, 5, 9, 1, 2, 3, 4,
				   5, 6, 7, 3, 3, 2 };
	struct mytcp_options o;

	KUNIT_ASSERT_EQ(test, parse_opts(test, opts, sizeof(opts), &o), 0);
	KUNIT_EXPECT_EQ(test, o.present, MYTCP_OPT_IGNORED | MYTCP_OPT_WSCALE);
	KUNIT_EXPECT_EQ(test, o.wscale, 2);
}

/**
 * struct bad_opt_case - options that make a header malformed
 * @opts: the option bytes
 * @len: how many of @opts are the options area
 * @what: the case's description
 */
struct bad_opt_case {
	u8 opts[12];
	unsigned int len;
	const char *what;
};

static const struct bad_opt_case bad_opt_cases[] = {
	{ { 2, 0, 5, 0xb4 }, 4, "length 0" },
	{ { 2, 1, 5, 0xb4 }, 4, "length 1" },
	{ { 254, 0 }, 2, "unknown option, length 0" },
	{ { 2, 5, 5, 0xb4 }, 4, "MSS overruns the options" },
	{ { 1, 1, 1, 8 }, 4, "kind with no length byte at the end" },
	{ { 8, 10, 0, 0, 0, 0 }, 6, "timestamps cut short" },
	{ { 5, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 12, "SACK length 255" },
};

static void bad_opt_desc(const struct bad_opt_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_opt, bad_opt_cases, bad_opt_desc);

static void segment_bad_options(struct kunit *test)
{
	const struct bad_opt_case *c = test->param_value;
	struct mytcp_seg seg;
	struct mytcp_options o;
	unsigned int len;
	u8 *b;

	KUNIT_EXPECT_EQ(test, parse_opts(test, c->opts, c->len, &o), -EBADMSG);
	/* The same bytes as a header's options make the header malformed. */
	if (c->len % 4 == 0) {
		b = mkseg(test, c->opts, c->len, 3, &len);
		KUNIT_EXPECT_EQ(test, mytcp_parse_segment(b, len, len, &seg),
				-EBADMSG);
	}
}

static void segment_bad_data_offset(struct kunit *test)
{
	struct mytcp_seg seg;
	unsigned int len, doff;
	u8 *b;

	/* Data offset 0..4: below the minimum of 5 words. */
	for (doff = 0; doff < 5; doff++) {
		b = mkseg(test, NULL, 0, 40, &len);
		b[12] = doff << 4;
		KUNIT_EXPECT_EQ_MSG(test, mytcp_parse_segment(b, len, len, &seg),
				    -EINVAL, "doff %u", doff);
	}
	/* Data offset 15 (60 bytes) in a 40-byte segment: past the end. */
	b = mkseg(test, NULL, 0, 20, &len);
	b[12] = 15 << 4;
	KUNIT_EXPECT_EQ(test, mytcp_parse_segment(b, len, len, &seg), -EINVAL);
	/* Data offset 6 in a 23-byte segment. */
	b = mkseg(test, NULL, 0, 3, &len);
	b[12] = 6 << 4;
	KUNIT_EXPECT_EQ(test, mytcp_parse_segment(b, len, len, &seg), -EINVAL);
	/* Exactly the header, no data: fine. */
	b = mkseg(test, NULL, 0, 4, &len);
	b[12] = 6 << 4;
	KUNIT_EXPECT_EQ(test, mytcp_parse_segment(b, len, len, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.data_len, 0);
}

static void segment_short(struct kunit *test)
{
	struct mytcp_seg seg;
	unsigned int n, len;
	u8 *b;

	for (n = 0; n < 20; n++) {
		b = kunit_kmalloc(test, n ? n : 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, b);
		memcpy(b, base_hdr, n);
		KUNIT_EXPECT_EQ_MSG(test, mytcp_parse_segment(b, n, n, &seg),
				    -EINVAL, "%u bytes", n);
	}
	/* The caller pulled fewer linear bytes than the header has. */
	b = mkseg(test, (const u8 *)"\x01\x01\x01\x01", 4, 0, &len);
	KUNIT_EXPECT_EQ(test, mytcp_parse_segment(b, 20, len, &seg), -EFAULT);
	KUNIT_EXPECT_EQ(test, mytcp_parse_segment(b, 10, len, &seg), -EFAULT);
}

/*
 * Random option bytes of every length 0..40, many times over: the parser
 * either accepts or says -EBADMSG, never reads past the area (KASAN), and
 * never reports more SACK blocks than fit.
 */
static void segment_random_options(struct kunit *test)
{
	u8 opts[40];
	struct mytcp_options o;
	unsigned int round, len;
	int err;

	for (round = 0; round < 200; round++) {
		for (len = 0; len <= sizeof(opts); len++) {
			get_random_bytes(opts, len);
			/* Bias towards known kinds so their bodies are read. */
			if (len && (round & 1))
				opts[0] = round % 9;
			err = parse_opts(test, opts, len, &o);
			KUNIT_ASSERT_TRUE(test, err == 0 || err == -EBADMSG);
			KUNIT_ASSERT_LE(test, o.num_sacks, MYTCP_MAX_SACK_BLOCKS);
			KUNIT_ASSERT_LE(test, o.wscale, MYTCP_MAX_WSCALE);
		}
	}
}

static struct kunit_case mytcp_segment_cases[] = {
	KUNIT_CASE(segment_plain_header),
	KUNIT_CASE(segment_syn_options),
	KUNIT_CASE(segment_sack_blocks),
	KUNIT_CASE(segment_wscale_clamped),
	KUNIT_CASE(segment_unknown_skipped),
	KUNIT_CASE(segment_eol_stops),
	KUNIT_CASE(segment_wrong_length_ignored),
	KUNIT_CASE_PARAM(segment_bad_options, bad_opt_gen_params),
	KUNIT_CASE(segment_bad_data_offset),
	KUNIT_CASE(segment_short),
	KUNIT_CASE(segment_random_options),
	{}
};

static struct kunit_suite mytcp_segment_suite = {
	.name = "mytcp_segment",
	.test_cases = mytcp_segment_cases,
};

kunit_test_suite(mytcp_segment_suite);
