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

/* Which timer of a connection is pending, for the connections file. */
static const char *mytcp_pending_timer(struct mytcp_sock *ms)
{
	if (hrtimer_is_queued(&ms->rtx_timer))
		return "rtx";
	if (hrtimer_is_queued(&ms->tw_timer))
		return ms->sk.sk_state == TCP_TIME_WAIT ? "timewait" : "finwait2";
	if (hrtimer_is_queued(&ms->delack_timer))
		return "delack";
	return "-";
}

static void mytcp_conn_show_one(struct seq_file *seq, struct mytcp_sock *ms)
{
	struct sock *sk = &ms->sk;

	seq_printf(seq, "%pI4:%u %pI4:%u %s %u %u %u %u %u %u %u %u %s %d %s\n",
		   &ms->saddr, ntohs(ms->sport), &ms->daddr, ntohs(ms->dport),
		   mytcp_state_name(READ_ONCE(sk->sk_state)),
		   READ_ONCE(ms->write_seq) - READ_ONCE(ms->snd_una),
		   READ_ONCE(ms->rcv_nxt) - READ_ONCE(ms->copied_seq),
		   READ_ONCE(ms->rtt.srtt_us), READ_ONCE(ms->rtt.rttvar_us),
		   mytcp_rtt_timeout_us(&ms->rtt), READ_ONCE(ms->cc.cwnd),
		   READ_ONCE(ms->cc.ssthresh), READ_ONCE(ms->retrans_total),
		   mytcp_pending_timer(ms), refcount_read(&sk->sk_refcnt),
		   READ_ONCE(ms->cc_ops)->name);
}

/*
 * /proc/mytcp/connections: a header, then one line per mytcp socket of the
 * namespace (listeners, connections, closed sockets not yet freed). Values
 * are read without the socket lock: a
 * snapshot, possibly torn across fields.
 */
static int mytcp_connections_show(struct seq_file *seq, void *v)
{
	struct mytcp_net *mn = mytcp_pernet(seq_file_single_net(seq));
	struct mytcp_sock *ms;

	seq_puts(seq, "local remote state sendq recvq srtt_us rttvar_us rto_us cwnd ssthresh retrans timer refs cc\n");
	spin_lock_bh(&mn->lock);
	list_for_each_entry(ms, &mn->all, all_node)
		mytcp_conn_show_one(seq, ms);
	spin_unlock_bh(&mn->lock);
	return 0;
}

/* /proc/mytcp/settings: what userspace needs to know, "name value". */
static int mytcp_settings_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	struct mytcp_settings *st = &mytcp_pernet(net)->settings;

	seq_printf(seq, "family %d\n", AF_MYTCP);
	seq_printf(seq, "sockets %d\n",
		   atomic_read(&mytcp_pernet(net)->nr_socks));
	seq_printf(seq, "ephemeral_ports %u-%u\n", MYTCP_PORT_LO, MYTCP_PORT_HI);
	seq_printf(seq, "time_wait_ms %d\n", READ_ONCE(st->time_wait_ms));
	seq_printf(seq, "fin_wait2_ms %d\n", READ_ONCE(st->fin_wait2_ms));
	seq_printf(seq, "syn_retries %d\n", READ_ONCE(st->syn_retries));
	seq_printf(seq, "retries %d\n", READ_ONCE(st->retries));
	seq_printf(seq, "rmem_default %d\n", READ_ONCE(st->rmem_default));
	seq_printf(seq, "wmem_default %d\n", READ_ONCE(st->wmem_default));
	seq_printf(seq, "rmem_max %d\n", READ_ONCE(st->rmem_max));
	seq_printf(seq, "wmem_max %d\n", READ_ONCE(st->wmem_max));
	seq_printf(seq, "congestion_control %s\n",
		   READ_ONCE(st->cc_default)->name);
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
				    mytcp_settings_show, NULL) ||
	    !proc_create_net_single("connections", 0444, mn->proc_dir,
				    mytcp_connections_show, NULL)) {
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
