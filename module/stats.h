/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp counters: the one list of SNMP-style counters, kept per network
 * namespace and per CPU.
 *
 * Owns: the counter slots (from stats_list.h, the one list, included both
 * to define the slots and to name them in /proc/mytcp/stats) and the
 * increment helper.
 */
#ifndef _MYTCP_STATS_H
#define _MYTCP_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

struct net;

/*
 * enum mytcp_stat - index of a counter in struct mytcp_mib: one
 * MYTCP_STAT_<ID> per line of stats_list.h, in its order, then
 * MYTCP_STAT_NUM, the number of counters. (Not kernel-doc: the values come
 * from an #include that kernel-doc cannot follow.)
 */
enum mytcp_stat {
#define MYTCP_STAT(id, ...) MYTCP_STAT_##id,
#include "stats_list.h"
#undef MYTCP_STAT
	MYTCP_STAT_NUM
};

/**
 * struct mytcp_mib - one CPU's copy of the counters of a namespace
 * @v: the counters, indexed by &enum mytcp_stat
 */
struct mytcp_mib {
	u64 v[MYTCP_STAT_NUM];
};

/**
 * struct mytcp_stat_desc - a counter as /proc/mytcp/stats shows it
 * @id: the counter's slot
 * @name: its SNMP-style name
 */
struct mytcp_stat_desc {
	enum mytcp_stat id;
	const char *name;
};

extern const struct mytcp_stat_desc mytcp_stat_descs[MYTCP_STAT_NUM];

struct mytcp_mib __percpu *mytcp_net_mib(const struct net *net);

/**
 * MYTCP_INC_STATS - add one to a counter of a namespace
 * @net: the network namespace
 * @id: the counter's ID, as in stats_list.h
 *
 * Safe from any context: uses this_cpu_inc() on a per-CPU slot.
 */
#define MYTCP_INC_STATS(net, id)					\
	this_cpu_inc(mytcp_net_mib(net)->v[MYTCP_STAT_##id])

/**
 * MYTCP_ADD_STATS - add @n to a counter
 * @net: the network namespace
 * @id: the counter's ID, as in stats_list.h
 * @n: how much
 */
#define MYTCP_ADD_STATS(net, id, n)					\
	this_cpu_add(mytcp_net_mib(net)->v[MYTCP_STAT_##id], n)

/**
 * MYTCP_DEC_STATS - subtract one from a counter (for gauges like CurrEstab)
 * @net: the network namespace
 * @id: the counter's ID, as in stats_list.h
 */
#define MYTCP_DEC_STATS(net, id)					\
	this_cpu_dec(mytcp_net_mib(net)->v[MYTCP_STAT_##id])

u64 mytcp_stat_read(const struct net *net, enum mytcp_stat idx);

#endif /* _MYTCP_STATS_H */
