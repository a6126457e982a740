/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RFC 1071 Internet checksum for the test programs that build raw TCP
 * segments (mytcp-inject, mytcp-stress): one copy, included by both.
 */
#ifndef MYTCP_TOOLS_CSUM16_H
#define MYTCP_TOOLS_CSUM16_H

#include <stddef.h>
#include <stdint.h>

/* RFC 1071 sum over @len bytes added to @sum, folded, not complemented. */
static inline uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

#endif /* MYTCP_TOOLS_CSUM16_H */
