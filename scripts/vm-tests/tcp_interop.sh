#!/bin/sh
# mytcp carries data to and from Linux TCP and itself: client and server on
# each side of a veth pair between two namespaces, and over 127.0.0.1;
# sizes from 1 byte up; bytes compared by SHA-256; counters checked.
. /tests/common.inc
load_mytcp
two_hosts 500

printf x >/tmp/f1
head -c 100000 /dev/urandom >/tmp/f100k
head -c 1048576 /dev/urandom >/tmp/f1m

for f in /tmp/f1 /tmp/f100k /tmp/f1m; do
	xfer "mytcp->linux" host1 inet host0 mytcp 10.0.0.2 5001 $f
	xfer "linux->mytcp" host1 mytcp host0 inet 10.0.0.2 5002 $f
	xfer "mytcp->mytcp" host1 mytcp host0 mytcp 10.0.0.2 5003 $f
done
xfer "mytcp loopback" host0 mytcp host0 mytcp 127.0.0.1 5004 /tmp/f1m

# Both stacks at once between the same hosts: a Linux TCP transfer and a
# mytcp transfer side by side, neither disturbing the other; mytcp's
# ephemeral port is from its own range, Linux's from its own.
rm -f /tmp/sl.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f inet -t 60 listen 5010 >/tmp/got_l 2>/tmp/sl.log &
sl=$!
rm -f /tmp/sm.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f mytcp -t 60 listen 5011 >/tmp/got_m 2>/tmp/sm.log &
sm=$!
wait_listen /tmp/sl.log
wait_listen /tmp/sm.log
$IP netns exec host0 mytcp-peer -f inet -t 60 send 10.0.0.2 5010 </tmp/f1m >/dev/null &
cl=$!
$IP netns exec host0 mytcp-peer -f mytcp -t 60 send 10.0.0.2 5011 </tmp/f1m >/dev/null &
cm=$!
sleep 0.3
$IP netns exec host0 cat /proc/mytcp/connections >/tmp/conns
mport=$(awk '$2 == "10.0.0.2:5011" { split($1, a, ":"); print a[2] }' /tmp/conns)
for p in $cl $cm $sl $sm; do
	wait $p || fail "side-by-side transfer (pid $p)"
done
expect_eq "Linux TCP beside mytcp" "$(sha /tmp/got_l)" "$(sha /tmp/f1m)"
expect_eq "mytcp beside Linux TCP" "$(sha /tmp/got_m)" "$(sha /tmp/f1m)"
if [ -n "$mport" ]; then
	[ "$mport" -ge 61000 ] || fail "mytcp's ephemeral port $mport is in Linux's range"
	ok "mytcp's ephemeral port $mport is in 61000-65535"
fi

for ns in host0 host1; do
	[ "$(stat_get ActiveOpens $ns)" -ge 4 ] || [ "$(stat_get PassiveOpens $ns)" -ge 4 ] ||
		fail "opens not counted in $ns"
	expect_eq "InCsumErrors in $ns" "$(stat_get InCsumErrors $ns)" 0
	expect_eq "InErrs in $ns" "$(stat_get InErrs $ns)" 0
done
expect_eq "ActiveOpens host0" "$(stat_get ActiveOpens host0)" 8
expect_eq "PassiveOpens host1" "$(stat_get PassiveOpens host1)" 7
# Every connection closed: TIME_WAIT (500 ms) has run out.
sleep 1
expect_eq "CurrEstab host0" "$(stat_get CurrEstab host0)" 0
expect_eq "sockets left in host1" \
	"$($IP netns exec host1 awk '$1 == "sockets" { print $2 }' /proc/mytcp/settings)" 0

# Request/response (RFC 1122 4.2.3.2): once mytcp answers data with data,
# its ACK of the next request waits for the answer and goes with it, one
# segment per transaction, as Linux TCP's; not an ACK at once and then
# the answer (two). 200 1-byte transactions (mytcp-bench rr), mytcp as
# client of a Linux server and as server of a Linux client: mytcp's
# OutSegs for the run must be under 1.25 per transaction (it was 2).
# rr_segs SRV_FAMILY CLI_FAMILY PORT NS: the run; mytcp counts in NS.
rr_segs() {
	rm -f /tmp/rrs.log	# wait_listen must not see an older server's line
	$IP netns exec host1 mytcp-bench -f "$1" -t 60 server "$3" 2>/tmp/rrs.log &
	rrs=$!
	wait_listen /tmp/rrs.log
	before=$(stat_get OutSegs "$4")
	$IP netns exec host0 mytcp-bench -f "$2" -t 60 -n 200 rr 10.0.0.2 "$3" \
		>/tmp/rr.json || fail "rr $2 -> $1: $(cat /tmp/rr.json)"
	segs=$(($(stat_get OutSegs "$4") - before))
	kill $rrs
	wait $rrs
	grep -q '"transactions":200' /tmp/rr.json || fail "rr $2 -> $1: $(cat /tmp/rr.json)"
	[ $segs -lt 250 ] || fail "rr $2 -> $1: mytcp sent $segs segments for 200 transactions"
	ok "rr $2 -> $1: mytcp sent $segs segments for 200 transactions"
}
rr_segs inet mytcp 5020 host0
rr_segs mytcp inet 5021 host1
unload_mytcp
