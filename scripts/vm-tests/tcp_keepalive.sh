#!/bin/sh
# Keepalive (SO_KEEPALIVE, TCP_KEEPIDLE/INTVL/CNT): an idle connection to a
# Linux peer that answers the probes lives on; one whose peer vanishes
# ends with ETIMEDOUT after the probes. Linux TCP's client does the same.
. /tests/common.inc
load_mytcp
two_hosts 500

for fam in mytcp inet; do
	# The peer answers: 6 s idle with probes every second, then a clean end.
	probes=$(stat_get KeepaliveProbes host0)
	rm -f /tmp/l.log	# wait_listen must not see an older server's line
	$IP netns exec host1 mytcp-peer -f inet -t 30 listen 7301 >/dev/null 2>/tmp/l.log &
	srv=$!
	wait_listen /tmp/l.log
	sleep 6 | $IP netns exec host0 mytcp-peer -f $fam -t 30 -K 1,1,3 send 10.0.0.2 7301 \
		>/dev/null 2>/tmp/cli.log || fail "$fam: idle connection died: $(cat /tmp/cli.log)"
	wait $srv || fail "$fam: server"
	ok "$fam: an idle connection with keepalive survived 6 s"
	if [ $fam = mytcp ]; then
		n=$(( $(stat_get KeepaliveProbes host0) - probes ))
		[ "$n" -ge 3 ] || fail "only $n keepalive probes sent"
		ok "$n keepalive probes answered"
	fi

	# The peer vanishes: ETIMEDOUT after idle 1 s + 3 probes 1 s apart.
	rm -f /tmp/l.log	# wait_listen must not see an older server's line
	$IP netns exec host1 mytcp-peer -f inet -t 30 -k listen 7302 >/dev/null 2>/tmp/l.log &
	srv=$!
	wait_listen /tmp/l.log
	( sleep 1; $IP netns exec host1 $TC qdisc add dev veth1 root netem loss 100% ) &
	# stdin: a pipe that stays open and silent while the probes run.
	rm -f /tmp/ka.fifo
	mkfifo /tmp/ka.fifo
	sleep 25 >/tmp/ka.fifo &
	holder=$!
	t0=$(cut -d. -f1 /proc/uptime)
	if $IP netns exec host0 mytcp-peer -f $fam -t 30 -K 1,1,3 send 10.0.0.2 7302 \
		</tmp/ka.fifo >/dev/null 2>/tmp/cli.log; then
		fail "$fam: the connection outlived a vanished peer"
	fi
	t1=$(cut -d. -f1 /proc/uptime)
	kill $holder 2>/dev/null
	grep -q "Connection timed out" /tmp/cli.log || fail "$fam: $(cat /tmp/cli.log)"
	[ $((t1 - t0)) -le 12 ] || fail "$fam: took $((t1 - t0)) s to notice"
	ok "$fam: ETIMEDOUT $((t1 - t0)) s after the start, peer gone"
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	$IP netns exec host1 $TC qdisc del dev veth1 root
done
expect_eq "KeepaliveTimeouts host0" "$(stat_get KeepaliveTimeouts host0)" 1
sleep 1
unload_mytcp
