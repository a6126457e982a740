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

/**
 * struct mytcp_conn_iter - where a reader of /proc/mytcp/connections is
 * @p: the namespace (seq_file_net() reads it: must be first)
 * @bucket: the bucket of &mytcp_net.all the current socket is in
 *	(%MYTCP_ALL_SIZE: past the last)
 * @offset: sockets before the current one in @bucket
 * @pos: the seq_file position of the current socket (0: none yet): a
 *	read() that starts there resumes at @bucket and @offset
 *
 * Between two read() calls no lock is held and the bucket may change: a
 * socket added to it or freed from it in between may make one of its
 * sockets missed or shown twice (as in /proc/net/tcp); the walk still
 * ends, and a bucket nobody changed is shown exactly once.
 */
struct mytcp_conn_iter {
	struct seq_net_private p;
	unsigned int bucket;
	unsigned int offset;
	loff_t pos;
};

/*
 * The socket at @it's offset in its bucket, or the first of a later
 * non-empty bucket; @it follows. Returns with mytcp_net.lock held if it
 * found one (the caller shows the rest of that bucket, then drops it),
 * unlocked with NULL past the last bucket. An empty bucket costs no lock:
 * its head is peeked at without it, as the lock would not keep it empty
 * after the unlock anyway.
 */
static struct mytcp_sock *mytcp_conn_seek(struct seq_file *seq,
					  struct mytcp_conn_iter *it)
{
	struct mytcp_net *mn = mytcp_pernet(seq_file_net(seq));
	struct mytcp_sock *ms;
	unsigned int skip;

	for (; it->bucket < MYTCP_ALL_SIZE; it->bucket++, it->offset = 0) {
		struct hlist_head *head = &mn->all[it->bucket];

		if (hlist_empty(head))
			continue;
		spin_lock_bh(&mn->lock);
		skip = it->offset;
		hlist_for_each_entry(ms, head, all_node) {
			if (!skip--)
				return ms;
		}
		spin_unlock_bh(&mn->lock);
	}
	return NULL;
}

/*
 * Holds mytcp_net.lock on entry if @v is a socket; drops it when the
 * bucket is done, before the next one is taken.
 */
static void *mytcp_conn_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct mytcp_conn_iter *it = seq->private;
	struct mytcp_sock *ms, *cur = v;

	++*pos;
	if (v == SEQ_START_TOKEN) {
		it->bucket = 0;
		it->offset = 0;
		ms = mytcp_conn_seek(seq, it);
	} else {
		ms = hlist_entry_safe(cur->all_node.next, struct mytcp_sock,
				      all_node);
		if (ms) {
			it->offset++;
		} else {
			spin_unlock_bh(&mytcp_pernet(seq_file_net(seq))->lock);
			it->bucket++;
			it->offset = 0;
			ms = mytcp_conn_seek(seq, it);
		}
	}
	it->pos = *pos;
	return ms;
}

/*
 * Position 0 is the header. A read() that goes on where the last one
 * stopped resumes at the remembered bucket and offset; any other position
 * (a seek) is walked to from the start.
 */
static void *mytcp_conn_start(struct seq_file *seq, loff_t *pos)
{
	struct mytcp_conn_iter *it = seq->private;
	void *v = SEQ_START_TOKEN;
	loff_t at = 0;

	if (!*pos)
		return SEQ_START_TOKEN;
	if (*pos == it->pos)
		return mytcp_conn_seek(seq, it);
	while (v && at < *pos)
		v = mytcp_conn_next(seq, v, &at);
	return v;
}

static void mytcp_conn_stop(struct seq_file *seq, void *v)
{
	if (v && v != SEQ_START_TOKEN)
		spin_unlock_bh(&mytcp_pernet(seq_file_net(seq))->lock);
}

/*
 * /proc/mytcp/connections: a header, then one line per mytcp socket of the
 * namespace (listeners, connections, closed sockets not yet freed), a
 * bucket of &mytcp_net.all at a time. Values are read without the socket
 * lock: a snapshot, possibly torn across fields.
 */
static int mytcp_conn_show(struct seq_file *seq, void *v)
{
	if (v == SEQ_START_TOKEN)
		seq_puts(seq, "local remote state sendq recvq srtt_us rttvar_us rto_us cwnd ssthresh retrans timer refs cc\n");
	else
		mytcp_conn_show_one(seq, v);
	return 0;
}

static const struct seq_operations mytcp_conn_seq_ops = {
	.start	= mytcp_conn_start,
	.next	= mytcp_conn_next,
	.stop	= mytcp_conn_stop,
	.show	= mytcp_conn_show,
};

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
	    !proc_create_net("connections", 0444, mn->proc_dir,
			     &mytcp_conn_seq_ops,
			     sizeof(struct mytcp_conn_iter))) {
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
