// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the per-namespace settings as sysctls, net.mytcp.*.
 *
 * Owns: the sysctl table (one copy per namespace pointing at that
 * namespace's struct mytcp_settings), its limits, and the handler of
 * congestion_control, which takes an algorithm's name.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

#include "compat.h"
#include "mytcp.h"

static int mytcp_one = 1;
static int mytcp_ms_max = 3600 * 1000;
static int mytcp_retries_max = 255;
static int mytcp_buf_min = 4096;
static int mytcp_buf_max = 64 << 20;

/*
 * net.mytcp.congestion_control: reads the name of the namespace's default
 * algorithm, and takes one of mytcp_cc_find()'s names (-ENOENT for any
 * other, as net.ipv4.tcp_congestion_control). @table->data points at
 * &struct mytcp_settings.cc_default.
 */
static int mytcp_sysctl_cc(MYTCP_CTL_TABLE *table, int write, void *buffer,
			   size_t *lenp, loff_t *ppos)
{
	const struct mytcp_cc_ops **slot = table->data;
	char name[TCP_CA_NAME_MAX];
	struct ctl_table t = { .data = name, .maxlen = sizeof(name) };
	const struct mytcp_cc_ops *ops;
	int err;

	strscpy(name, READ_ONCE(*slot)->name, sizeof(name));
	err = proc_dostring(&t, write, buffer, lenp, ppos);
	if (err || !write)
		return err;
	ops = mytcp_cc_find(name);
	if (!ops)
		return -ENOENT;
	WRITE_ONCE(*slot, ops);
	return 0;
}

static const struct ctl_table mytcp_sysctl_template[] = {
	{ .procname = "time_wait_ms", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_one, .extra2 = &mytcp_ms_max },
	{ .procname = "fin_wait2_ms", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_one, .extra2 = &mytcp_ms_max },
	{ .procname = "syn_retries", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_one, .extra2 = &mytcp_retries_max },
	{ .procname = "retries", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_one, .extra2 = &mytcp_retries_max },
	{ .procname = "rmem_default", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_buf_min, .extra2 = &mytcp_buf_max },
	{ .procname = "wmem_default", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_buf_min, .extra2 = &mytcp_buf_max },
	{ .procname = "rmem_max", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_buf_min, .extra2 = &mytcp_buf_max },
	{ .procname = "wmem_max", .maxlen = sizeof(int), .mode = 0644,
	  .proc_handler = proc_dointvec_minmax,
	  .extra1 = &mytcp_buf_min, .extra2 = &mytcp_buf_max },
	{ .procname = "congestion_control", .maxlen = TCP_CA_NAME_MAX,
	  .mode = 0644, .proc_handler = mytcp_sysctl_cc },
	{ }
};

/**
 * mytcp_sysctl_net_init - register net.mytcp.* for a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int mytcp_sysctl_net_init(struct net *net)
{
	struct mytcp_settings *st = &mytcp_pernet(net)->settings;
	int *fields[] = { &st->time_wait_ms, &st->fin_wait2_ms,
			  &st->syn_retries, &st->retries, &st->rmem_default,
			  &st->wmem_default, &st->rmem_max, &st->wmem_max };
	struct ctl_table *t;
	unsigned int i;

	/* The int settings, then congestion_control, then the sentinel. */
	BUILD_BUG_ON(ARRAY_SIZE(fields) + 2 != ARRAY_SIZE(mytcp_sysctl_template));
	t = kmemdup(mytcp_sysctl_template, sizeof(mytcp_sysctl_template),
		    GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		t[i].data = fields[i];
	t[i].data = &st->cc_default;
	mytcp_pernet(net)->sysctl_hdr =
		mytcp_register_net_sysctl(net, "net/mytcp", t,
					  ARRAY_SIZE(mytcp_sysctl_template));
	if (!mytcp_pernet(net)->sysctl_hdr) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

/**
 * mytcp_sysctl_net_exit - unregister net.mytcp.* of a namespace
 * @net: the namespace
 */
void mytcp_sysctl_net_exit(struct net *net)
{
	struct ctl_table_header *h = mytcp_pernet(net)->sysctl_hdr;
	const struct ctl_table *t;

	if (!h)
		return;
	t = h->ctl_table_arg;
	unregister_net_sysctl_table(h);
	kfree(t);
}
