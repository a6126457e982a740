// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the table of congestion-control algorithms (pure, no socket).
 *
 * Owns: finding an algorithm's ops by name, which one is the default, and
 * the window rules every algorithm shares (the initial window, slow start,
 * the window at the end of fast recovery). The table is constant:
 * algorithms are chosen from it, never registered at run time, so there is
 * no global state to lock.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "cc.h"

/* Every algorithm mytcp has; the first one is the default. */
static const struct mytcp_cc_ops *const mytcp_cc_table[] = {
	&mytcp_cc_reno,
	&mytcp_cc_cubic,
};

/**
 * mytcp_cc_find - the congestion-control algorithm of a given name
 * @name: the algorithm's name, compared exactly (case matters); may be NULL
 *
 * Return: its ops, or NULL if no algorithm has that name.
 */
const struct mytcp_cc_ops *mytcp_cc_find(const char *name)
{
	unsigned int i;

	if (!name)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(mytcp_cc_table); i++)
		if (!strcmp(mytcp_cc_table[i]->name, name))
			return mytcp_cc_table[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cc_find);

/**
 * mytcp_cc_default - the algorithm a new namespace gives its sockets until
 *	net.mytcp.congestion_control says otherwise
 *
 * Return: the ops of "reno".
 */
const struct mytcp_cc_ops *mytcp_cc_default(void)
{
	return mytcp_cc_table[0];
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cc_default);

/**
 * mytcp_cc_init_window - the window of a new connection
 * @cc: the state to set up; @cc->priv is left to the algorithm
 * @mss: the connection's SMSS; 0 means MYTCP_CC_DEFAULT_MSS
 */
void mytcp_cc_init_window(struct mytcp_cc *cc, u32 mss)
{
	/* The MSS option has 16 bits (RFC 9293 3.2); that bounds every sum. */
	cc->mss = mss ? min_t(u32, mss, U16_MAX) : MYTCP_CC_DEFAULT_MSS;
	/* RFC 6928 2: IW = min(10 * MSS, max(2 * MSS, 14600)). */
	cc->cwnd = min(10 * cc->mss, max(2 * cc->mss, 14600U));
	/* RFC 5681 3.1: the initial ssthresh is arbitrarily high. */
	cc->ssthresh = MYTCP_CC_SSTHRESH_INF;
	cc->acked_acc = 0;
}

/**
 * mytcp_cc_slow_start - grow the window in slow start
 * @cc: the window state
 * @acked_bytes: bytes of new data this ACK acknowledged
 *
 * RFC 5681 3.1 slow start, eq. 2 with RFC 3465 2.2's appropriate byte
 * counting: cwnd grows by every byte an ACK of new data acknowledges. Not
 * RFC 5681's L = 1 SMSS per ACK (nor RFC 3465's L = 2): receivers ACK in
 * stretches (GRO hands them 64 KB at once, and they leave ACKs to the
 * reader as mytcp does), and with an ACK per 30 segments L = 1 would grow
 * cwnd by 3 % a round trip instead of doubling it. Linux TCP counts the
 * same way. The burst an ACK lets go is then what it acknowledged plus as
 * much again, within cwnd. Growth stops at ssthresh so that congestion
 * avoidance takes over exactly there.
 *
 * Return: true if @cc was in slow start (cwnd < ssthresh): the ACK is
 * used up; false if it is the algorithm's congestion avoidance's.
 */
bool mytcp_cc_slow_start(struct mytcp_cc *cc, u32 acked_bytes)
{
	if (cc->cwnd >= cc->ssthresh)
		return false;
	cc->cwnd = min(mytcp_cc_add(cc->cwnd, acked_bytes), cc->ssthresh);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cc_slow_start);

/**
 * mytcp_cc_recovery_end - the window when fast recovery ends
 * @cc: the window state; ssthresh was set on entering recovery
 * @flight_bytes: bytes still outstanding (FlightSize)
 *
 * RFC 6582 3.2 step 3, full acknowledgment, option (1):
 * cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS), FlightSize being what
 * is outstanding now. Option (1) rather than (2), cwnd = ssthresh, because
 * it cannot release a burst when little is in flight. RFC 9438 4.6 leaves
 * fast recovery to the loss-recovery algorithm, so CUBIC ends it the same
 * way.
 */
void mytcp_cc_recovery_end(struct mytcp_cc *cc, u32 flight_bytes)
{
	cc->cwnd = min_t(u64, cc->ssthresh,
			 (u64)max(flight_bytes, cc->mss) + cc->mss);
	cc->cwnd = min(cc->cwnd, MYTCP_CC_CWND_MAX);
	cc->acked_acc = 0;
}
