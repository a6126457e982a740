// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp counters: names and the sum over CPUs.
 *
 * Owns: the table of counter names and reading a counter of a namespace.
 * Incrementing is inline in stats.h.
 */
#include <kunit/visibility.h>
#include <linux/cpumask.h>

#include "mytcp.h"

/* Each counter's slot and printed name, in /proc order, from the list. */
const struct mytcp_stat_desc mytcp_stat_descs[MYTCP_STAT_NUM] = {
#define MYTCP_STAT(id, name) { MYTCP_STAT_##id, name },
#include "stats_list.h"
#undef MYTCP_STAT
};

/**
 * mytcp_net_mib - the per-CPU counters of a namespace
 * @net: the network namespace
 *
 * Return: the namespace's &struct mytcp_mib per-CPU pointer.
 */
struct mytcp_mib __percpu *mytcp_net_mib(const struct net *net)
{
	return mytcp_pernet(net)->mib;
}

/**
 * mytcp_stat_read - the value of one counter, summed over all CPUs
 * @net: the network namespace
 * @idx: the counter
 *
 * Return: the sum. Concurrent increments may or may not be included.
 */
u64 mytcp_stat_read(const struct net *net, enum mytcp_stat idx)
{
	struct mytcp_mib __percpu *mib = mytcp_net_mib(net);
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(mib, cpu)->v[idx]);
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_stat_read);
