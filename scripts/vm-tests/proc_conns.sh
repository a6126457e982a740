#!/bin/sh
# /proc/mytcp/connections with a few thousand sockets (a listener and 1500
# idle connections over loopback, both ends: 3001 sockets): the header,
# then every socket exactly once (as many lines as /proc/mytcp/settings
# counts sockets, no 4-tuple twice), the same lines in the same order when
# read 100 bytes at a time (the walk resumes across read() calls, a bucket
# at a time), and mytcpstat -c lists them all. While sockets are created
# and freed beside it, small reads still end, with well-formed lines.
. /tests/common.inc

N=1500
HEADER="local remote state sendq recvq srtt_us rttvar_us rto_us cwnd ssthresh retrans timer refs cc"

load_mytcp
$IP netns add pc || fail "netns add pc"
$IP -n pc link set lo up

rm -f /tmp/pc-srv.log /tmp/pc-idle.log
$IP netns exec pc mytcp-bench -f mytcp -t 600 server 7000 2>/tmp/pc-srv.log &
srv=$!
wait_listen /tmp/pc-srv.log
$IP netns exec pc mytcp-bench -f mytcp -t 600 -n $N -H -1 idle 127.0.0.1 7000 \
	>/dev/null 2>/tmp/pc-idle.log &
idl=$!
i=0
until grep -q ready /tmp/pc-idle.log; do
	i=$((i + 1))
	if [ $i -gt 3000 ] || ! kill -0 $idl 2>/dev/null; then
		fail "idle connections: $(cat /tmp/pc-idle.log)"
	fi
	sleep 0.1
done
want=$((2 * N + 1))
expect_sockets pc $want

# check_list FILE WHAT: the header, then one line per socket, each once.
check_list() {
	expect_eq "$2: header" "$(head -n 1 "$1")" "$HEADER"
	expect_eq "$2: lines" "$(wc -l <"$1")" $((want + 1))
	expect_eq "$2: 4-tuples shown twice" \
		"$(awk 'NR > 1 { print $1, $2 }' "$1" | sort | uniq -d | wc -l)" 0
	expect_eq "$2: lines of 14 fields" "$(awk 'NR > 1 && NF == 14' "$1" | wc -l)" $want
	expect_eq "$2: listeners" "$(grep -c '^0\.0\.0\.0:7000 0\.0\.0\.0:0 LISTEN ' "$1")" 1
	expect_eq "$2: connections" "$(grep -c ' ESTABLISHED ' "$1")" $((2 * N))
}

in_ns pc cat /proc/mytcp/connections >/tmp/pc-cat || fail "cat"
check_list /tmp/pc-cat "cat"
# Reads of 100 bytes (a line is longer): each read() resumes the walk.
in_ns pc dd if=/proc/mytcp/connections of=/tmp/pc-dd bs=100 2>/dev/null ||
	fail "dd bs=100"
check_list /tmp/pc-dd "dd bs=100"
# Nothing changed in between: the same sockets in the same order.
cut -d' ' -f1-3 /tmp/pc-cat >/tmp/pc-cat3
cut -d' ' -f1-3 /tmp/pc-dd >/tmp/pc-dd3
cmp -s /tmp/pc-cat3 /tmp/pc-dd3 || fail "dd bs=100 and cat differ: $(diff /tmp/pc-cat3 /tmp/pc-dd3 | head -n 10)"
ok "dd bs=100 lists the sockets in cat's order"
in_ns pc dd if=/proc/mytcp/connections of=/tmp/pc-dd bs=4093 2>/dev/null ||
	fail "dd bs=4093"
check_list /tmp/pc-dd "dd bs=4093"
# A read that starts past 0 (a seek): the rest of cat's lines.
in_ns pc dd if=/proc/mytcp/connections of=/tmp/pc-skip bs=1000 skip=100 \
	2>/dev/null || fail "dd skip=100"
tail -c +100001 /tmp/pc-cat | cut -d' ' -f1-3 >/tmp/pc-tail3
cut -d' ' -f1-3 /tmp/pc-skip >/tmp/pc-skip3
cmp -s /tmp/pc-tail3 /tmp/pc-skip3 || fail "dd skip=100 is not cat's tail"
ok "a read from byte 100000 gives cat's tail"

# mytcpstat parses the file: a row per socket.
in_ns pc mytcpstat -c >/tmp/pc-stat || fail "mytcpstat -c"
expect_eq "mytcpstat -c rows" "$(awk 'NR > 1' /tmp/pc-stat | wc -l)" $want
expect_eq "mytcpstat -c ESTAB rows" "$(grep -c '^ESTAB ' /tmp/pc-stat)" $((2 * N))
in_ns pc mytcpstat -c -j >/tmp/pc-json || fail "mytcpstat -c -j"
expect_eq "mytcpstat -c -j objects" "$(grep -c '"local": ' /tmp/pc-json)" $want

# Sockets created and freed during small reads: every read ends, and its
# lines are whole (a socket may be missed or shown twice, never torn).
(
	j=0
	while [ $j -lt 30 ]; do
		in_ns pc mytcp-sockcheck many 40 >/dev/null || exit 1
		j=$((j + 1))
	done
) &
churn=$!
k=0
while kill -0 $churn 2>/dev/null; do
	in_ns pc timeout 60 dd if=/proc/mytcp/connections of=/tmp/pc-churn bs=100 \
		2>/dev/null || fail "dd bs=100 beside new and freed sockets"
	expect_eq "churn: header" "$(head -n 1 /tmp/pc-churn)" "$HEADER"
	bad=$(awk 'NR > 1 && NF != 14' /tmp/pc-churn | wc -l)
	expect_eq "churn: torn lines" "$bad" 0
	k=$((k + 1))
done
wait $churn || fail "mytcp-sockcheck beside the reads"
ok "$k reads of 100 bytes beside 1200 sockets made and freed"
expect_sockets pc $want
in_ns pc dd if=/proc/mytcp/connections of=/tmp/pc-dd bs=100 2>/dev/null ||
	fail "dd bs=100"
check_list /tmp/pc-dd "dd bs=100 after the churn"

kill -USR1 $idl
wait $idl || fail "idle client: $(cat /tmp/pc-idle.log)"
kill $srv
wait $srv
# 3001 sockets reset and freed: allow 30 s.
i=0
while [ "$(sockets_in pc)" != 0 ] && [ $i -lt 300 ]; do
	i=$((i + 1))
	sleep 0.1
done
expect_sockets pc 0
expect_eq "lines once all are freed" "$(in_ns pc cat /proc/mytcp/connections)" "$HEADER"
$IP netns del pc
unload_mytcp
