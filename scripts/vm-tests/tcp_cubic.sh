#!/bin/sh
# CUBIC (RFC 9438) end to end. net.mytcp.congestion_control picks a
# namespace's default algorithm: unknown names are refused, other
# namespaces keep theirs, /proc/mytcp/settings shows it, and so does
# /proc/mytcp/connections for a socket made there. Connections made there
# use CUBIC (TCP_CONGESTION reads "cubic") and move 4 MiB intact over a
# path with 5 % loss both ways (netem drops a whole GSO skb: at 1 % a
# 4 MiB transfer can go without a loss), to Linux TCP and to mytcp (Reno
# there), with losses repaired (retransmissions counted in TCP_INFO) and
# the window reduced (ssthresh no longer infinite).
. /tests/common.inc
load_mytcp
two_hosts 500
head -c 4194304 /dev/urandom >/tmp/f4m

cc_of() {
	in_ns "$1" awk '$1 == "congestion_control" { print $2 }' /proc/mytcp/settings
}

expect_eq "host0 default algorithm" "$(in_ns host0 cat /proc/sys/net/mytcp/congestion_control)" reno
if in_ns host0 sh -c 'echo vegas >/proc/sys/net/mytcp/congestion_control' 2>/dev/null; then
	fail "an unknown algorithm was accepted"
fi
expect_eq "host0 after an unknown name" "$(cc_of host0)" reno
in_ns host0 sh -c 'echo cubic >/proc/sys/net/mytcp/congestion_control' ||
	fail "net.mytcp.congestion_control=cubic refused"
expect_eq "host0 default algorithm" "$(cc_of host0)" cubic
expect_eq "host1 default algorithm (its own namespace)" "$(cc_of host1)" reno

# A socket made in host0 now is CUBIC's, and /proc/mytcp/connections says so.
rm -f /tmp/l.log
$IP netns exec host0 mytcp-peer -f mytcp -t 30 -k listen 7399 >/dev/null 2>/tmp/l.log &
lsn=$!
wait_listen /tmp/l.log
in_ns host0 grep -q '^0.0.0.0:7399 0.0.0.0:0 LISTEN .* cubic$' /proc/mytcp/connections ||
	fail "listener not shown as cubic: $(in_ns host0 cat /proc/mytcp/connections)"
kill "$lsn"
wait "$lsn"
ok "a new listener in host0 is cubic in /proc/mytcp/connections"

netem_both loss 5% delay 2ms

# cubic_xfer NAME SERVER_FAMILY PORT: host0's mytcp client sends /tmp/f4m
# to a server in host1 and reports its congestion control (mytcp-peer -c).
cubic_xfer() {
	rm -f /tmp/got /tmp/srv.log
	in_ns host1 mytcp-peer -f "$2" -t 150 listen "$3" >/tmp/got 2>/tmp/srv.log &
	srv=$!
	wait_listen /tmp/srv.log
	in_ns host0 mytcp-peer -f mytcp -t 150 -c send 10.0.0.2 "$3" \
		</tmp/f4m >/dev/null 2>/tmp/cli.log ||
		fail "$1: client: $(cat /tmp/cli.log)"
	wait "$srv" || fail "$1: server: $(cat /tmp/srv.log)"
	expect_eq "$1 sha256" "$(sha /tmp/got)" "$(sha /tmp/f4m)"
	grep -q '^cc=cubic ' /tmp/cli.log || fail "$1: not CUBIC: $(cat /tmp/cli.log)"
	retrans=$(sed -n 's/.* retrans=\([0-9]*\) .*/\1/p' /tmp/cli.log)
	[ "${retrans:-0}" -gt 0 ] || fail "$1: no loss was repaired: $(cat /tmp/cli.log)"
	ssthresh=$(sed -n 's/.* ssthresh=\([0-9]*\)$/\1/p' /tmp/cli.log)
	[ "${ssthresh:-2147483647}" -lt 2147483647 ] ||
		fail "$1: the window was never reduced: $(cat /tmp/cli.log)"
	ok "$1: $(cat /tmp/cli.log)"
}

cubic_xfer "cubic mytcp->linux, 5 % loss" inet 7301
cubic_xfer "cubic mytcp->mytcp, 5 % loss" mytcp 7302
netem_both del
wait_no_sockets 30
unload_mytcp
