// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: building TCP options (module/options.c): every combination of
 * options written and parsed back by mytcp_parse_options() to the same
 * values, sizes, the exact bytes of common headers, SACK blocks limited by
 * the 40 bytes, all written into buffers of the exact size so that KASAN
 * catches any write past the end.
 */
#include <kunit/test.h>
#include <linux/random.h>

#include "options.h"

#define ALL_OPTS (MYTCP_OPT_MSS | MYTCP_OPT_WSCALE | MYTCP_OPT_SACK_PERM | \
		  MYTCP_OPT_SACK | MYTCP_OPT_TS)

/* Write @o into an exact-size buffer; the size must match the return. */
static u8 *write_exact(struct kunit *test, const struct mytcp_options *o,
		       unsigned int *size)
{
	unsigned int n = mytcp_options_size(o);
	u8 *b = kunit_kmalloc(test, n ? n : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_EQ(test, mytcp_write_options(b, o), n);
	*size = n;
	return b;
}

/* How many SACK blocks fit next to the other options, counted by hand. */
static unsigned int sacks_that_fit(u32 present, unsigned int want)
{
	unsigned int used = 0;

	if (present & MYTCP_OPT_MSS)
		used += 4;
	if (present & MYTCP_OPT_TS)
		used += 12;
	else if (present & MYTCP_OPT_SACK_PERM)
		used += 4;
	if (present & MYTCP_OPT_WSCALE)
		used += 4;
	return min(want, (40 - used - 4) / 8);
}

/*
 * All 32 subsets of the five options, SACK with 1..4 blocks, random
 * values: the parser reads back exactly what was written, and the SACK
 * blocks that fit.
 */
static void options_roundtrip_all(struct kunit *test)
{
	struct mytcp_options o, back;
	unsigned int mask, nsacks, size, want, i;
	u8 *b;

	for (mask = 0; mask <= ALL_OPTS; mask++) {
		for (nsacks = 1; nsacks <= MYTCP_MAX_SACK_BLOCKS; nsacks++) {
			if (!(mask & MYTCP_OPT_SACK) && nsacks > 1)
				break;
			memset(&o, 0, sizeof(o));
			o.present = mask;
			o.mss = get_random_u16();
			o.wscale = get_random_u32_below(MYTCP_MAX_WSCALE + 1);
			o.tsval = get_random_u32();
			o.tsecr = get_random_u32();
			o.num_sacks = nsacks;
			for (i = 0; i < MYTCP_MAX_SACK_BLOCKS; i++) {
				o.sacks[i].start = get_random_u32();
				o.sacks[i].end = get_random_u32();
			}
			b = write_exact(test, &o, &size);
			KUNIT_EXPECT_EQ(test, size % 4, 0);
			KUNIT_EXPECT_LE(test, size, 40);
			KUNIT_ASSERT_EQ(test, mytcp_parse_options(b, size, &back), 0);

			want = (mask & MYTCP_OPT_SACK) ? sacks_that_fit(mask, nsacks) : 0;
			KUNIT_EXPECT_EQ_MSG(test, back.present,
					    want ? mask : mask & ~MYTCP_OPT_SACK,
					    "mask %#x nsacks %u", mask, nsacks);
			if (mask & MYTCP_OPT_MSS)
				KUNIT_EXPECT_EQ(test, back.mss, o.mss);
			if (mask & MYTCP_OPT_WSCALE)
				KUNIT_EXPECT_EQ(test, back.wscale, o.wscale);
			if (mask & MYTCP_OPT_TS) {
				KUNIT_EXPECT_EQ(test, back.tsval, o.tsval);
				KUNIT_EXPECT_EQ(test, back.tsecr, o.tsecr);
			}
			KUNIT_EXPECT_EQ_MSG(test, back.num_sacks, want,
					    "mask %#x nsacks %u", mask, nsacks);
			for (i = 0; i < want && i < back.num_sacks; i++) {
				KUNIT_EXPECT_EQ(test, back.sacks[i].start,
						o.sacks[i].start);
				KUNIT_EXPECT_EQ(test, back.sacks[i].end,
						o.sacks[i].end);
			}
		}
	}
}

/* A SYN: MSS, SACK_PERM in front of the timestamps, NOP, WSCALE. */
static void options_syn_bytes(struct kunit *test)
{
	static const u8 want[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10,
				   0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0,
				   1, 3, 3, 7 };
	struct mytcp_options o = {
		.present = MYTCP_OPT_MSS | MYTCP_OPT_SACK_PERM | MYTCP_OPT_TS |
			   MYTCP_OPT_WSCALE,
		.mss = 1460, .wscale = 7, .tsval = 0x11223344,
	};
	unsigned int size;
	u8 *b = write_exact(test, &o, &size);

	KUNIT_ASSERT_EQ(test, size, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, b, want, sizeof(want));
}

/* A SYN without timestamps: MSS, NOP NOP SACK_PERM, NOP WSCALE. */
static void options_syn_no_ts_bytes(struct kunit *test)
{
	static const u8 want[] = { 2, 4, 0x02, 0x18, 1, 1, 4, 2, 1, 3, 3, 0 };
	struct mytcp_options o = {
		.present = MYTCP_OPT_MSS | MYTCP_OPT_SACK_PERM | MYTCP_OPT_WSCALE,
		.mss = 536, .wscale = 0,
	};
	unsigned int size;
	u8 *b = write_exact(test, &o, &size);

	KUNIT_ASSERT_EQ(test, size, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, b, want, sizeof(want));
}

/* RFC 7323 Appendix A: a data segment's timestamps behind two NOPs. */
static void options_data_ts_bytes(struct kunit *test)
{
	static const u8 want[] = { 1, 1, 8, 10, 0xde, 0xad, 0xbe, 0xef,
				   0x01, 0x02, 0x03, 0x04 };
	struct mytcp_options o = {
		.present = MYTCP_OPT_TS, .tsval = 0xdeadbeef, .tsecr = 0x01020304,
	};
	unsigned int size;
	u8 *b = write_exact(test, &o, &size);

	KUNIT_ASSERT_EQ(test, size, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, b, want, sizeof(want));
}

/* TS plus two SACK blocks: NOP NOP TS, NOP NOP SACK, blocks in order. */
static void options_ts_sack_bytes(struct kunit *test)
{
	static const u8 want[] = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
				   1, 1, 5, 18,
				   0xff, 0xff, 0xff, 0xf0, 0x00, 0x00, 0x00, 0x10,
				   0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00 };
	struct mytcp_options o = {
		.present = MYTCP_OPT_TS | MYTCP_OPT_SACK, .tsval = 1, .tsecr = 2,
		.num_sacks = 2,
		.sacks = { { 0xfffffff0, 0x10 }, { 0x100, 0x200 } },
	};
	unsigned int size;
	u8 *b = write_exact(test, &o, &size);

	KUNIT_ASSERT_EQ(test, size, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, b, want, sizeof(want));
}

/* RFC 2018 3: 4 blocks alone, 3 next to timestamps, 2 next to a SYN's. */
static void options_sack_limited(struct kunit *test)
{
	struct mytcp_options o = {
		.num_sacks = 4,
		.sacks = { { 1, 2 }, { 3, 4 }, { 5, 6 }, { 7, 8 } },
	};
	struct mytcp_options back;
	unsigned int size;
	u8 *b;

	o.present = MYTCP_OPT_SACK;
	b = write_exact(test, &o, &size);
	KUNIT_EXPECT_EQ(test, size, 36);
	KUNIT_ASSERT_EQ(test, mytcp_parse_options(b, size, &back), 0);
	KUNIT_EXPECT_EQ(test, back.num_sacks, 4);

	o.present = MYTCP_OPT_SACK | MYTCP_OPT_TS;
	b = write_exact(test, &o, &size);
	KUNIT_EXPECT_EQ(test, size, 40);
	KUNIT_EXPECT_EQ(test, b[15], 2 + 8 * 3);
	KUNIT_ASSERT_EQ(test, mytcp_parse_options(b, size, &back), 0);
	KUNIT_EXPECT_EQ(test, back.num_sacks, 3);
	/* The first blocks are kept, the last one dropped. */
	KUNIT_EXPECT_EQ(test, back.sacks[0].start, 1);
	KUNIT_EXPECT_EQ(test, back.sacks[2].end, 6);

	/* MSS and WSCALE leave 32 bytes: 3 blocks, not 4. */
	o.present = MYTCP_OPT_SACK | MYTCP_OPT_MSS | MYTCP_OPT_WSCALE;
	b = write_exact(test, &o, &size);
	KUNIT_EXPECT_EQ(test, size, 36);
	KUNIT_ASSERT_EQ(test, mytcp_parse_options(b, size, &back), 0);
	KUNIT_EXPECT_EQ(test, back.num_sacks, 3);

	o.present = ALL_OPTS;
	b = write_exact(test, &o, &size);
	KUNIT_EXPECT_EQ(test, size, 40);
	KUNIT_ASSERT_EQ(test, mytcp_parse_options(b, size, &back), 0);
	KUNIT_EXPECT_EQ(test, back.num_sacks, 2);

	/* More blocks claimed than the array holds: still at most 4. */
	o.present = MYTCP_OPT_SACK;
	o.num_sacks = 200;
	b = write_exact(test, &o, &size);
	KUNIT_EXPECT_EQ(test, size, 36);
}

/* Nothing to send: no bytes; SACK with no blocks is not sent. */
static void options_empty(struct kunit *test)
{
	struct mytcp_options o = { .present = MYTCP_OPT_SACK | MYTCP_OPT_IGNORED };
	unsigned int size;

	write_exact(test, &o, &size);
	KUNIT_EXPECT_EQ(test, size, 0);
	o.present = 0;
	write_exact(test, &o, &size);
	KUNIT_EXPECT_EQ(test, size, 0);
}

/* RFC 7323 2.3: a shift above 14 goes out as 14. */
static void options_wscale_clamped(struct kunit *test)
{
	struct mytcp_options o = { .present = MYTCP_OPT_WSCALE, .wscale = 200 };
	unsigned int size;
	u8 *b = write_exact(test, &o, &size);

	KUNIT_ASSERT_EQ(test, size, 4);
	KUNIT_EXPECT_EQ(test, b[3], 14);
}

static struct kunit_case mytcp_options_cases[] = {
	KUNIT_CASE(options_roundtrip_all),
	KUNIT_CASE(options_syn_bytes),
	KUNIT_CASE(options_syn_no_ts_bytes),
	KUNIT_CASE(options_data_ts_bytes),
	KUNIT_CASE(options_ts_sack_bytes),
	KUNIT_CASE(options_sack_limited),
	KUNIT_CASE(options_empty),
	KUNIT_CASE(options_wscale_clamped),
	{}
};

static struct kunit_suite mytcp_options_suite = {
	.name = "mytcp_options",
	.test_cases = mytcp_options_cases,
};

kunit_test_suite(mytcp_options_suite);
