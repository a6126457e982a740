// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the /proc/mytcp files.
 *
 * Owns: /proc/net/mytcp/ in every network namespace, and /proc/mytcp, a
 * symlink to net/mytcp, so that /proc/mytcp always shows the namespace of
 * the process that reads it (the trick /proc/mounts uses for self/mounts).
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "mytcp.h"
#include "../include/uapi/mytcp.h"

/* /proc/mytcp/stats: "Name value", one counter per line. */
static int mytcp_stats_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	int i;

	for (i = 0; i < MYTCP_STAT_NUM; i++)
		seq_printf(seq, "%s %llu\n", mytcp_stat_descs[i].name,
			   mytcp_stat_read(net, mytcp_stat_descs[i].id));
	return 0;
}

/* /proc/mytcp/settings: what userspace needs to know, "name value". */
static int mytcp_settings_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);

	seq_printf(seq, "family %d\n", AF_MYTCP);
	seq_printf(seq, "sockets %d\n",
		   atomic_read(&mytcp_pernet(net)->nr_socks));
	return 0;
}

/**
 * mytcp_proc_net_init - create /proc/net/mytcp/ for a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int mytcp_proc_net_init(struct net *net)
{
	struct mytcp_net *mn = mytcp_pernet(net);

	mn->proc_dir = proc_net_mkdir(net, "mytcp", net->proc_net);
	if (!mn->proc_dir)
		return -ENOMEM;
	if (!proc_create_net_single("stats", 0444, mn->proc_dir,
				    mytcp_stats_show, NULL) ||
	    !proc_create_net_single("settings", 0444, mn->proc_dir,
				    mytcp_settings_show, NULL)) {
		mytcp_proc_net_exit(net);
		return -ENOMEM;
	}
	return 0;
}

/**
 * mytcp_proc_net_exit - remove /proc/net/mytcp/ of a namespace
 * @net: the namespace
 */
void mytcp_proc_net_exit(struct net *net)
{
	remove_proc_subtree("mytcp", net->proc_net);
	mytcp_pernet(net)->proc_dir = NULL;
}

/**
 * mytcp_proc_init - create the /proc/mytcp symlink
 *
 * Return: 0 or -ENOMEM.
 */
int mytcp_proc_init(void)
{
	return proc_symlink("mytcp", NULL, "net/mytcp") ? 0 : -ENOMEM;
}

/**
 * mytcp_proc_exit - remove the /proc/mytcp symlink
 */
void mytcp_proc_exit(void)
{
	remove_proc_entry("mytcp", NULL);
}
