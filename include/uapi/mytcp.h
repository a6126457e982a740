/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mytcp userspace ABI: what programs share with the mytcp module.
 *
 * Owns: the address family number, the /proc paths, and the settings that
 * userspace needs to know to talk to mytcp.
 */
#ifndef _UAPI_MYTCP_H
#define _UAPI_MYTCP_H

/*
 * AF_MYTCP reuses family 22, the old AF_SNA number: below AF_MAX (46) so that
 * socket(2) accepts it, and registered by no in-tree protocol (Linux-SNA was
 * never merged), so sock_register() finds it free on Debian's 6.1 and 6.12.
 */
#define AF_MYTCP	22
#define PF_MYTCP	AF_MYTCP

/* Per-network-namespace files; /proc/mytcp shows the reader's namespace. */
#define MYTCP_PROC_DIR		"/proc/mytcp"
#define MYTCP_PROC_STATS	MYTCP_PROC_DIR "/stats"
#define MYTCP_PROC_SETTINGS	MYTCP_PROC_DIR "/settings"

#endif /* _UAPI_MYTCP_H */
