/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp counters: the list. Each line is MYTCP_STAT(ID, "Name"): ID names
 * the slot in code (MYTCP_INC_STATS(net, ID)), "Name" is what
 * /proc/mytcp/stats prints. Included with MYTCP_STAT defined by the user;
 * no include guard on purpose. README.md documents each counter.
 */

/* AF_MYTCP sockets created by socket(2). */
MYTCP_STAT(SOCKETS_CREATED, "SocketsCreated")
/* AF_MYTCP sockets closed by their last user. */
MYTCP_STAT(SOCKETS_RELEASED, "SocketsReleased")
/* IPv4 TCP segments the LOCAL_IN hook inspected. */
MYTCP_STAT(HOOK_IN_SEGS, "HookInSegs")
/* Segments handed on to Linux TCP (NF_ACCEPT). */
MYTCP_STAT(HOOK_PASSED, "HookPassed")
