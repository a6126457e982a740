// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp-inject: send hand-made IPv4 TCP segments (raw socket, IP_HDRINCL)
 * to test how a TCP stack takes bad input from the wire.
 *
 *   mytcp-inject SRC DST SPORT DPORT KIND [COUNT]
 *
 * KIND: doff3 (data offset 3), doff15 (data offset past the segment),
 * optoverrun (an option longer than the options area), optzero (option
 * length 0), synfin, synrst, noflags, badcsum (a SYN with a wrong
 * checksum), rst (a RST with a random sequence number), syn (a SYN with a
 * random sequence number), ackdata (data with a random sequence number).
 * COUNT segments are sent (default 1). Exit codes: 0 sent, 1 usage,
 * 2 a system call failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "csum16.h"

static uint32_t rnd32(void)
{
	uint32_t v = 0;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		v = (uint32_t)rand();
	return v;
}

int main(int argc, char **argv)
{
	uint8_t pkt[20 + 60 + 16], ph[12];
	struct in_addr src, dst;
	struct sockaddr_in to = { .sin_family = AF_INET };
	int fd, one = 1, count = 1, n;
	unsigned int tlen = 20, doff = 5, flags = 0x02, csum;
	const char *kind;

	if (argc < 6 || argc > 7 || inet_pton(AF_INET, argv[1], &src) != 1 ||
	    inet_pton(AF_INET, argv[2], &dst) != 1) {
		fprintf(stderr, "usage: mytcp-inject SRC DST SPORT DPORT KIND [COUNT]\n");
		return 1;
	}
	kind = argv[5];
	if (argc == 7)
		count = atoi(argv[6]);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror("mytcp-inject: raw socket");
		return 2;
	}
	to.sin_addr = dst;
	for (n = 0; n < count; n++) {
		uint8_t *th = pkt + 20;
		unsigned int total;

		memset(pkt, 0, sizeof(pkt));
		tlen = 20;
		doff = 5;
		flags = 0x02;
		if (!strcmp(kind, "doff3")) {
			doff = 3;
		} else if (!strcmp(kind, "doff15")) {
			doff = 15;
			tlen = 24;
		} else if (!strcmp(kind, "optoverrun")) {
			doff = 6;
			tlen = 24;
			th[20] = 2;
			th[21] = 40;
		} else if (!strcmp(kind, "optzero")) {
			doff = 6;
			tlen = 24;
			th[20] = 8;
			th[21] = 0;
		} else if (!strcmp(kind, "synfin")) {
			flags = 0x03;
		} else if (!strcmp(kind, "synrst")) {
			flags = 0x06;
		} else if (!strcmp(kind, "noflags")) {
			flags = 0;
		} else if (!strcmp(kind, "rst")) {
			flags = 0x04;
		} else if (!strcmp(kind, "ackdata")) {
			flags = 0x18;
			tlen = 36;
			memset(th + 20, 'x', 16);
		} else if (strcmp(kind, "syn") && strcmp(kind, "badcsum")) {
			fprintf(stderr, "mytcp-inject: unknown KIND %s\n", kind);
			return 1;
		}
		total = 20 + tlen;
		/* IPv4 header; the kernel fills in the ID and the checksum. */
		pkt[0] = 0x45;
		pkt[2] = total >> 8;
		pkt[3] = total & 0xff;
		pkt[8] = 64;
		pkt[9] = IPPROTO_TCP;
		memcpy(pkt + 12, &src, 4);
		memcpy(pkt + 16, &dst, 4);
		/* TCP header. */
		th[0] = atoi(argv[3]) >> 8;
		th[1] = atoi(argv[3]) & 0xff;
		th[2] = atoi(argv[4]) >> 8;
		th[3] = atoi(argv[4]) & 0xff;
		*(uint32_t *)(th + 4) = rnd32();
		*(uint32_t *)(th + 8) = rnd32();
		th[12] = doff << 4;
		th[13] = flags;
		th[14] = 0xff;
		th[15] = 0xff;
		/* RFC 9293 3.1: pseudo-header + segment. */
		memcpy(ph, &src, 4);
		memcpy(ph + 4, &dst, 4);
		ph[8] = 0;
		ph[9] = IPPROTO_TCP;
		ph[10] = tlen >> 8;
		ph[11] = tlen & 0xff;
		csum = ~sum16(th, tlen, sum16(ph, 12, 0)) & 0xffff;
		if (!strcmp(kind, "badcsum"))
			csum ^= 0x5a5a;
		th[16] = csum >> 8;
		th[17] = csum & 0xff;
		if (sendto(fd, pkt, total, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			perror("mytcp-inject: sendto");
			return 2;
		}
	}
	close(fd);
	return 0;
}
