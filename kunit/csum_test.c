// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: mytcp's TCP checksum (module/csum.c) against RFC 1071's example, a
 * segment checksummed by an independent program, and a plain RFC 1071
 * reference written here, over odd lengths and paged skbs.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/random.h>
#include <linux/skbuff.h>

#include "csum.h"

/* RFC 1071 4.1, straight: 16-bit big-endian words, odd byte padded. */
static u32 ref_sum(const u8 *p, unsigned int len, u32 sum)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static u16 ref_fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* RFC 9293 3.1: pseudo-header (src, dst, zero, protocol, TCP length). */
static u16 ref_tcp_csum(__be32 saddr, __be32 daddr, const u8 *seg,
			unsigned int len)
{
	u8 ph[12];
	u32 sum;

	memcpy(ph, &saddr, 4);
	memcpy(ph + 4, &daddr, 4);
	ph[8] = 0;
	ph[9] = IPPROTO_TCP;
	ph[10] = len >> 8;
	ph[11] = len & 0xff;
	sum = ref_sum(ph, sizeof(ph), 0);
	return ref_fold(ref_sum(seg, len, sum));
}

/* The example of RFC 1071 4.1: the sum of these bytes folds to 0xddf2. */
static void csum_rfc1071_example(struct kunit *test)
{
	static const u8 bytes[] = { 0x00, 0x01, 0xf2, 0x03,
				    0xf4, 0xf5, 0xf6, 0xf7 };

	KUNIT_EXPECT_EQ(test, ref_fold(ref_sum(bytes, sizeof(bytes), 0)),
			(u16)~0xddf2);
	KUNIT_EXPECT_EQ(test, (u16)~ntohs((__force __be16)
					   csum_fold(csum_partial(bytes, 8, 0))),
			(u16)0xddf2);
}

/*
 * A SYN with MSS, SACK-permitted, timestamps and window scale, and 5 bytes
 * of data (45 bytes, odd), 10.0.0.1 -> 10.0.0.2, checksummed by a separate
 * program: its checksum field holds 0xfcff.
 */
static const u8 good_seg[] = {
	0x9c, 0x40, 0x13, 0x89, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00,
	0xa0, 0x02, 0xfa, 0xf0, 0xfc, 0xff, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02, 0x08, 0x0a, 0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x03, 0x03, 0x07, 0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

#define SADDR htonl(0x0a000001)
#define DADDR htonl(0x0a000002)

static void csum_known_segment(struct kunit *test)
{
	u8 *seg = kunit_kmalloc(test, sizeof(good_seg), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, seg);
	memcpy(seg, good_seg, sizeof(good_seg));
	/* A correct segment sums to zero. */
	KUNIT_EXPECT_EQ(test, (__force u16)mytcp_csum_buf(SADDR, DADDR, seg,
							  sizeof(good_seg)), 0);
	/* With the field cleared, the computed value is the stored one. */
	seg[16] = 0;
	seg[17] = 0;
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)
				    mytcp_csum_buf(SADDR, DADDR, seg,
						   sizeof(good_seg))), 0xfcff);
	/* One flipped bit, or other addresses, and it no longer verifies. */
	memcpy(seg, good_seg, sizeof(good_seg));
	seg[sizeof(good_seg) - 1] ^= 0x10;
	KUNIT_EXPECT_NE(test, (__force u16)mytcp_csum_buf(SADDR, DADDR, seg,
							  sizeof(good_seg)), 0);
	KUNIT_EXPECT_NE(test, (__force u16)mytcp_csum_buf(DADDR, DADDR, good_seg,
							  sizeof(good_seg)), 0);
}

/* Every length from 0 to 1501, odd ones included, against the reference. */
static void csum_matches_reference(struct kunit *test)
{
	const unsigned int max = 1501;
	u8 *buf = kunit_kmalloc(test, max, GFP_KERNEL);
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	get_random_bytes(buf, max);
	for (len = 0; len <= max; len++) {
		u16 want = ref_tcp_csum(SADDR, DADDR, buf, len);
		u16 got = ntohs((__force __be16)mytcp_csum_buf(SADDR, DADDR,
							       buf, len));

		KUNIT_ASSERT_EQ_MSG(test, got, want, "length %u", len);
	}
}

/* Fill in the checksum, then verify: zero; also at the odd offset 1. */
static void csum_roundtrip(struct kunit *test)
{
	u8 *buf = kunit_kmalloc(test, 64 + 1, GFP_KERNEL);
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (len = 20; len <= 64; len++) {
		u8 *seg = buf + (len & 1);
		__sum16 c;

		get_random_bytes(seg, len);
		seg[16] = 0;
		seg[17] = 0;
		c = mytcp_csum_buf(SADDR, DADDR, seg, len);
		memcpy(seg + 16, &c, 2);
		KUNIT_EXPECT_EQ_MSG(test, (__force u16)mytcp_csum_buf(SADDR, DADDR,
								      seg, len),
				    0, "length %u", len);
	}
}

/* A segment split between the linear part and page fragments. */
static void csum_paged_skb(struct kunit *test)
{
	static const unsigned int splits[][2] = {
		{ 20, 0 }, { 20, 1 }, { 21, 1000 }, { 33, 1447 }, { 40, 4000 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(splits); i++) {
		unsigned int head = splits[i][0], frag = splits[i][1];
		u8 *flat = kunit_kmalloc(test, head + frag, GFP_KERNEL);
		struct sk_buff *skb;
		struct page *page;

		KUNIT_ASSERT_NOT_NULL(test, flat);
		get_random_bytes(flat, head + frag);
		skb = alloc_skb(head, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_put_data(skb, flat, head);
		if (frag) {
			page = alloc_page(GFP_KERNEL);
			if (!page) {
				kfree_skb(skb);
				KUNIT_FAIL(test, "no page");
				return;
			}
			memcpy(page_address(page) + 3, flat + head, frag);
			skb_add_rx_frag(skb, 0, page, 3, frag, PAGE_SIZE);
		}
		KUNIT_EXPECT_EQ_MSG(test,
				    mytcp_csum_skb(skb, 0, SADDR, DADDR),
				    mytcp_csum_buf(SADDR, DADDR, flat, head + frag),
				    "head %u frag %u", head, frag);
		kfree_skb(skb);
	}
}

static struct kunit_case mytcp_csum_cases[] = {
	KUNIT_CASE(csum_rfc1071_example),
	KUNIT_CASE(csum_known_segment),
	KUNIT_CASE(csum_matches_reference),
	KUNIT_CASE(csum_roundtrip),
	KUNIT_CASE(csum_paged_skb),
	{}
};

static struct kunit_suite mytcp_csum_suite = {
	.name = "mytcp_csum",
	.test_cases = mytcp_csum_cases,
};

kunit_test_suite(mytcp_csum_suite);
