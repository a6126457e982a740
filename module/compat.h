/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the one place for differences between the kernels mytcp builds
 * against (Debian 12's 6.1 and 6.12).
 */
#ifndef _MYTCP_COMPAT_H
#define _MYTCP_COMPAT_H

/* <asm/unaligned.h> moved to <linux/unaligned.h> in 6.12. */
#if __has_include("linux/unaligned.h")
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * proto_ops.accept takes struct proto_accept_arg from 6.10 on. There is no
 * feature macro to test, hence the version (this header is the one place).
 */
#include <linux/version.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define MYTCP_HAVE_ACCEPT_ARG 1
#endif

/*
 * Sysctl tables: 6.6+ register_net_sysctl() is a macro taking the size of
 * a table without the empty sentinel entry 6.1 needs.
 */
#ifdef register_net_sysctl
#define mytcp_register_net_sysctl(net, path, table, n)			\
	register_net_sysctl_sz(net, path, table, (n) - 1)
#else
#define mytcp_register_net_sysctl(net, path, table, n)			\
	((void)(n), register_net_sysctl(net, path, table))
#endif

/* Sysctl handlers take a const struct ctl_table from 6.11 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define MYTCP_CTL_TABLE const struct ctl_table
#else
#define MYTCP_CTL_TABLE struct ctl_table
#endif

#endif /* _MYTCP_COMPAT_H */
