#!/bin/sh
# The socket API behaves as Linux TCP's: mytcp-apitest runs each check
# (MSG_PEEK/WAITALL/DONTWAIT, EOF, poll/epoll events, non-blocking
# accept/connect, timeouts, shutdown, SIGPIPE, RST on close, names,
# backlog, SO_REUSEADDR, socket options) on AF_INET and on AF_MYTCP over
# 127.0.0.1 and requires the same observable results.
. /tests/common.inc
load_mytcp
$IP netns add sockapi || fail "netns"
$IP -n sockapi link set lo up
# TIME-WAIT long enough for the SO_REUSEADDR checks, short enough to unload.
in_ns sockapi sysctl -qw net.mytcp.time_wait_ms=2000
in_ns sockapi mytcp-apitest || fail "mytcp-apitest: a check failed"
ok "mytcp-apitest"
# Let TIME-WAIT and orphans end, so that the module can be unloaded.
i=0
while [ "$(in_ns sockapi awk '$1 == "sockets" { print $2 }' /proc/mytcp/settings)" != 0 ]; do
	i=$((i + 1))
	[ $i -le 100 ] || break
	sleep 0.1
done
$IP netns del sockapi
unload_mytcp
