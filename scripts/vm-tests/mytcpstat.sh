#!/bin/sh
# mytcpstat: counters as nstat shows them (absolute values, deltas against a
# history file, JSON, intervals) and sockets as ss lists them (-c, filters,
# JSON); clear errors and exit codes when the module is absent, a flag or
# its value is bad, or a /proc file is malformed.
. /tests/common.inc

H=/tmp/mytcpstat.hist
export MYTCPSTAT_HISTORY=$H

# rows FILE: the table rows of mytcpstat -c output (without the header).
rows() {
	awk 'NR > 1' "$1"
}

# counter NAME FILE: the value of counter NAME in mytcpstat's text output.
counter() {
	awk -v n="$1" '$1 == n { print $2 }' "$2"
}

# --- Without the module: exit 2 and the hint, for every mode.
for args in "" "-a" "-c" "-i 1 --count 1"; do
	# shellcheck disable=SC2086
	mytcpstat $args >/tmp/out 2>/tmp/err
	expect_eq "exit code of 'mytcpstat $args' without the module" $? 2
	grep -q "is the mytcp module loaded" /tmp/err ||
		fail "no hint for '$args': $(cat /tmp/err)"
done

# --- Usage: --help, then bad flags and bad values exit 1.
mytcpstat --help >/tmp/out
expect_eq "exit code of --help" $? 0
grep -q "^Exit codes: 0 ok; 1 usage error; 2 " /tmp/out || fail "--help: no exit codes"
grep -q -- "--state NAME" /tmp/out || fail "--help: no --state"
for args in "--bogus" "-x" "-i abc" "-i 0" "-i -1" "-i 1x" "-i" \
	"-i 1 --count 0" "-i 1 --count x" "--count 2" "-i 1 -n" \
	"-c --state bogus" "-c --port 70000" "-c --port x" "-c --sport -1" \
	"--port 1" "--state listen" "-c -z" "-c -a" "-c Sockets*"; do
	# shellcheck disable=SC2086
	mytcpstat $args >/tmp/out 2>/tmp/err
	expect_eq "exit code of 'mytcpstat $args'" $? 1
	[ -s /tmp/out ] && fail "'$args' printed to stdout: $(cat /tmp/out)"
done
mytcpstat -c --state bogus 2>/tmp/err
grep -q "unknown state 'bogus'" /tmp/err || fail "no clear message: $(cat /tmp/err)"

load_mytcp

# --- Absolute values (-a -z): every line of /proc, with its value.
mytcp-sockcheck many 4 >/dev/null || fail "sockets"
mytcpstat -a -z >/tmp/out || fail "mytcpstat -a -z"
n=0
while read -r name val; do
	grep -Eq "^$name +$val\$" /tmp/out || fail "$name $val missing from: $(cat /tmp/out)"
	n=$((n + 1))
done </proc/mytcp/stats
expect_eq "lines with -a -z" "$(grep -vc '^#' /tmp/out)" "$n"
# Without -z, zero counters are left out.
mytcpstat -a >/tmp/out || fail "mytcpstat -a"
expect_eq "SocketsCreated with -a" "$(counter SocketsCreated /tmp/out)" 4
if grep -Eq ' 0$' /tmp/out; then
	fail "zero counter shown without -z: $(cat /tmp/out)"
fi
ok "zeros hidden without -z"
# PATTERNs pick counters by name.
mytcpstat -a -z 'Sockets*' >/tmp/out || fail "mytcpstat with a pattern"
expect_eq "counters matching Sockets*" "$(grep -v '^#' /tmp/out | cut -d' ' -f1 | tr '\n' ' ')" \
	"SocketsCreated SocketsReleased "

# --- Deltas against the history.
mytcpstat -r -n >/tmp/out || fail "mytcpstat -r -n"
[ -s /tmp/out ] && fail "-n printed: $(cat /tmp/out)"
head -n 1 $H | grep -Eq '^#mytcpstat-history netns=[0-9]+$' || fail "history header: $(head -n 1 $H)"
expect_eq "history lines" "$(wc -l <$H)" $((n + 1))
mytcp-sockcheck many 7 >/dev/null || fail "sockets"
mytcpstat >/tmp/out || fail "mytcpstat"
grep -q "^#mytcp counters (/proc/mytcp/stats), deltas since the last run$" /tmp/out ||
	fail "not deltas: $(cat /tmp/out)"
expect_eq "SocketsCreated delta" "$(counter SocketsCreated /tmp/out)" 7
expect_eq "SocketsReleased delta" "$(counter SocketsReleased /tmp/out)" 7
mytcpstat >/tmp/out || fail "mytcpstat"
expect_eq "SocketsCreated delta, nothing new" "$(counter SocketsCreated /tmp/out)" ""
mytcpstat -z >/tmp/out || fail "mytcpstat -z"
expect_eq "SocketsCreated delta with -z" "$(counter SocketsCreated /tmp/out)" 0
expect_eq "lines with -z (deltas)" "$(grep -vc '^#' /tmp/out)" "$n"
# -a shows absolute values and still updates the history (as nstat -a).
mytcp-sockcheck many 3 >/dev/null || fail "sockets"
mytcpstat -a >/tmp/out || fail "mytcpstat -a"
expect_eq "SocketsCreated with -a" "$(counter SocketsCreated /tmp/out)" 14
mytcpstat -z >/tmp/out
expect_eq "SocketsCreated delta after -a" "$(counter SocketsCreated /tmp/out)" 0
# -s leaves the history alone; -n updates it silently.
mytcp-sockcheck many 2 >/dev/null || fail "sockets"
mytcpstat -s >/tmp/out
expect_eq "SocketsCreated delta with -s" "$(counter SocketsCreated /tmp/out)" 2
mytcpstat -s >/tmp/out
expect_eq "SocketsCreated delta with -s, again" "$(counter SocketsCreated /tmp/out)" 2
mytcpstat -n >/tmp/out
mytcpstat -z >/tmp/out
expect_eq "SocketsCreated delta after -n" "$(counter SocketsCreated /tmp/out)" 0
# -r drops the history: absolute values.
mytcpstat -r >/tmp/out
expect_eq "SocketsCreated after -r" "$(counter SocketsCreated /tmp/out)" 16
# A corrupt history is ignored with a warning, then replaced.
printf 'SocketsCreated 1\n' >$H
mytcpstat >/tmp/out 2>/tmp/err
expect_eq "exit code with a corrupt history" $? 0
grep -q "warning: corrupt history $H ignored" /tmp/err || fail "no warning: $(cat /tmp/err)"
expect_eq "SocketsCreated, corrupt history" "$(counter SocketsCreated /tmp/out)" 16
head -n 1 $H | grep -q '^#mytcpstat-history' || fail "history not rewritten"
ls $H.* >/dev/null 2>&1 && fail "temporary history files left: $(ls $H.*)"
# Another namespace's history is not used for deltas.
$IP netns add other || fail "netns add"
$IP netns exec other mytcpstat >/tmp/out || fail "mytcpstat in another namespace"
grep -q "absolute values" /tmp/out || fail "deltas across namespaces: $(cat /tmp/out)"
$IP netns del other
# Without MYTCPSTAT_HISTORY: /tmp/.mytcpstat.u<uid>.
rm -f /tmp/.mytcpstat.u0
(unset MYTCPSTAT_HISTORY; mytcpstat -n) || fail "default history"
[ -f /tmp/.mytcpstat.u0 ] || fail "no /tmp/.mytcpstat.u0"
ok "default history file"

# --- JSON: one line, {"mytcp": {"Name": value, ...}}, every counter.
mytcpstat -a -z -j >/tmp/out || fail "mytcpstat -j"
expect_eq "JSON lines" "$(wc -l </tmp/out)" 1
grep -Eq '^\{"mytcp": \{.*\}\}$' /tmp/out || fail "JSON shape: $(cat /tmp/out)"
expect_eq "JSON {" "$(tr -cd '{' </tmp/out | wc -c)" 2
expect_eq "JSON }" "$(tr -cd '}' </tmp/out | wc -c)" 2
# Each member, alone: "Name": value, nothing else.
sed 's/^{"mytcp": {//; s/}}$//' /tmp/out | tr ',' '\n' | sed 's/^ //' >/tmp/members
bad=$(grep -Evc '^"[A-Za-z0-9_]+": [0-9]+$' /tmp/members)
expect_eq "malformed JSON members" "$bad" 0
expect_eq "JSON members" "$(wc -l </tmp/members)" "$n"
while read -r name val; do
	grep -qx "\"$name\": $val" /tmp/members || fail "JSON lacks \"$name\": $val"
done </proc/mytcp/stats
ok "JSON has every counter with its value"
mytcpstat -j -s 'NoSuchCounter*' >/tmp/out
expect_eq "JSON with nothing to show" "$(cat /tmp/out)" '{"mytcp": {}}'

# --- -i: a block per interval, with that interval's deltas.
(sleep 0.4; mytcp-sockcheck many 5 >/dev/null) &
mytcpstat -z -i 1 --count 2 >/tmp/out || fail "mytcpstat -i 1 --count 2"
wait
expect_eq "blocks" "$(grep -c '^#mytcp counters (/proc/mytcp/stats), deltas over 1 s$' /tmp/out)" 2
expect_eq "lines" "$(wc -l </tmp/out)" $((2 * (n + 1)))
expect_eq "SocketsCreated over the intervals" \
	"$(awk '$1 == "SocketsCreated" { s += $2 } END { print s }' /tmp/out)" 5
mytcpstat -j -i 1 --count 1 >/tmp/out || fail "mytcpstat -j -i 1"
grep -Eq '^\{"mytcp": \{.*\}\}$' /tmp/out || fail "JSON per interval: $(cat /tmp/out)"

# --- -c: a listener and a connection, as in /proc/mytcp/connections.
two_hosts 2000
rm -f /tmp/fifo
mkfifo /tmp/fifo || fail "mkfifo"
rm -f /tmp/l1.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f mytcp -t 20 -k listen 5011 >/dev/null 2>/tmp/l1.log &
l1=$!
rm -f /tmp/l2.log	# wait_listen must not see an older server's line
$IP netns exec host1 mytcp-peer -f mytcp -t 20 listen 5012 >/dev/null 2>/tmp/l2.log &
l2=$!
wait_listen /tmp/l1.log
wait_listen /tmp/l2.log
$IP netns exec host0 mytcp-peer -f mytcp -t 20 send 10.0.0.2 5011 </tmp/fifo >/dev/null &
cl=$!
exec 3>/tmp/fifo
i=0
until $IP netns exec host1 grep -q ' ESTABLISHED ' /proc/mytcp/connections; do
	i=$((i + 1))
	[ $i -le 50 ] || fail "no connection: $($IP netns exec host1 cat /proc/mytcp/connections)"
	sleep 0.1
done
$IP netns exec host1 mytcpstat -c >/tmp/out || fail "mytcpstat -c"
$IP netns exec host1 cat /proc/mytcp/connections >/tmp/proc
head -n 1 /tmp/out | grep -q '^State  *Recv-Q Send-Q Local:Port  *Peer:Port' || fail "header: $(head -n 1 /tmp/out)"
expect_eq "rows" "$(rows /tmp/out | wc -l)" "$(($(wc -l </tmp/proc) - 1))"
# Each /proc line has its row: state (ss spelling), queues, addresses.
awk 'NR > 1 { s = $3; sub("ESTABLISHED", "ESTAB", s); print s, $5, $4, $1, $2 }' /tmp/proc |
	while read -r s rq sq l r; do
		rows /tmp/out | awk -v s="$s" -v rq="$rq" -v sq="$sq" -v l="$l" -v r="$r" \
			'$1 == s && $2 == rq && $3 == sq && $4 == l && $5 == r { f = 1 } END { exit !f }' ||
			fail "no row for '$s $rq $sq $l $r' in: $(cat /tmp/out)"
	done || exit 1
rows /tmp/out | grep -Eq '^LISTEN +0 +0 +0\.0\.0\.0:5011 +0\.0\.0\.0:0 ' || fail "no listener: $(cat /tmp/out)"
rows /tmp/out | grep -Eq '^ESTAB +0 +0 +10\.0\.0\.2:5011 +10\.0\.0\.1:[0-9]+ ' || fail "no connection: $(cat /tmp/out)"
rows /tmp/out | grep -Eq '^ESTAB +0 +0 +10\.0\.0\.2:5011 +10\.0\.0\.1:[0-9]+ .* reno$' ||
	fail "no congestion control in the row: $(cat /tmp/out)"
eph=$(rows /tmp/out | awk '$1 == "ESTAB" { split($5, a, ":"); print a[2] }')
ok "listener and connection listed (client port $eph)"

# cstat NS ARGS...: the rows, "State Local Peer", of mytcpstat -c ARGS in NS.
cstat() {
	ns=$1
	shift
	$IP netns exec "$ns" mytcpstat -c "$@" >/tmp/cout || fail "mytcpstat -c $*"
	rows /tmp/cout | awk '{ print $1, $4, $5 }' | sort | tr '\n' ';'
}
L1="LISTEN 0.0.0.0:5011 0.0.0.0:0;"
L2="LISTEN 0.0.0.0:5012 0.0.0.0:0;"
E="ESTAB 10.0.0.2:5011 10.0.0.1:$eph;"
expect_eq "--state listen" "$(cstat host1 --state listen)" "$L1$L2"
expect_eq "--state LISTEN" "$(cstat host1 --state LISTEN)" "$L1$L2"
expect_eq "--state established" "$(cstat host1 --state established)" "$E"
expect_eq "--state ESTABLISHED" "$(cstat host1 --state ESTABLISHED)" "$E"
expect_eq "--state time-wait" "$(cstat host1 --state time-wait)" ""
expect_eq "--state estab --state listen" "$(cstat host1 --state estab --state listen)" "$E$L1$L2"
expect_eq "--port 5011" "$(cstat host1 --port 5011)" "$E$L1"
expect_eq "--port 5012" "$(cstat host1 --port 5012)" "$L2"
expect_eq "--port $eph" "$(cstat host1 --port "$eph")" "$E"
expect_eq "--sport 5011" "$(cstat host1 --sport 5011)" "$E$L1"
expect_eq "--dport 5011 (server)" "$(cstat host1 --dport 5011)" ""
expect_eq "--dport 5011 (client)" "$(cstat host0 --dport 5011)" \
	"ESTAB 10.0.0.1:$eph 10.0.0.2:5011;"
expect_eq "--state listen --port 5011" "$(cstat host1 --state listen --port 5011)" "$L1"

# -c -j: a JSON array, one object per socket, every column.
$IP netns exec host1 mytcpstat -c -j >/tmp/out || fail "mytcpstat -c -j"
head -n 1 /tmp/out | grep -q '^\[{' || fail "JSON array start: $(cat /tmp/out)"
expect_eq "JSON array end" "$(tail -n 1 /tmp/out)" "]"
expect_eq "JSON objects" "$(grep -Ec '^\[?\{.*\}[],]?$' /tmp/out)" 3
expect_eq "JSON {" "$(tr -cd '{' </tmp/out | wc -c)" 3
expect_eq "JSON }" "$(tr -cd '}' </tmp/out | wc -c)" 3
for k in local remote local_addr local_port remote_addr remote_port state \
	sendq recvq srtt_us rttvar_us rto_us cwnd ssthresh retrans timer refs cc; do
	expect_eq "JSON objects with \"$k\"" "$(grep -c "[{ ]\"$k\": [0-9\"-]" /tmp/out)" 3
done
grep -q "{\"local\": \"10.0.0.2:5011\", \"remote\": \"10.0.0.1:$eph\", \"local_addr\": \"10.0.0.2\", \"local_port\": 5011, \"remote_addr\": \"10.0.0.1\", \"remote_port\": $eph, \"state\": \"ESTABLISHED\", \"sendq\": 0, \"recvq\": 0, \"srtt_us\": [0-9]*, " /tmp/out ||
	fail "JSON connection: $(cat /tmp/out)"
grep -q "\"remote_port\": $eph, .*\"refs\": [0-9]*, \"cc\": \"reno\"}" /tmp/out ||
	fail "JSON connection's congestion control: $(cat /tmp/out)"
$IP netns exec host1 mytcpstat -c -j --port 1 >/tmp/out
expect_eq "JSON, nothing matches" "$(cat /tmp/out)" "[]"

# Close: the client, closing first, keeps TIME-WAIT for 2 s.
exec 3>&-
wait $cl || fail "client"
wait $l1 || fail "server"
expect_eq "--state time-wait (client)" "$(cstat host0 --state time-wait)" \
	"TIME-WAIT 10.0.0.1:$eph 10.0.0.2:5011;"
kill $l2
wait $l2

# --- Malformed /proc files: exit 3, naming the file and the line.
head -n 1 /tmp/proc >/tmp/badc
echo "0.0.0.0:5011 0.0.0.0:0 LISTEN 0 0 0 0 1000000 10 2147483647 0 - 2 reno" >>/tmp/badc
mytcpstat -c --conn-file /tmp/badc >/tmp/out || fail "a good file: $(cat /tmp/out)"
for line in "0.0.0.0:5011 0.0.0.0:0 LISTEN 0 0" \
	"0.0.0.0:5011 0.0.0.0:0 BOGUS 0 0 0 0 1000000 10 2147483647 0 - 2 reno" \
	"0.0.0.0:99999 0.0.0.0:0 LISTEN 0 0 0 0 1000000 10 2147483647 0 - 2 reno" \
	"0.0.0.0:5011 0.0.0.0:0 LISTEN 0 0 0 0 1000000 10 2147483647 0 - 2 reno 9" \
	"0.0.0.0:5011 0.0.0.0:0 LISTEN 0 x 0 0 1000000 10 2147483647 0 - 2 reno" \
	"0.0.0.0:5011 0.0.0.0:0 LISTEN 0 0 0 0 1000000 10 2147483647 0 - 2 Re-no" \
	"0.0.0.0:5011 0.0.0.0:0 LISTEN 0 0 0 0 1000000 10 2147483647 0 - 2"; do
	cp /tmp/badc /tmp/bad
	echo "$line" >>/tmp/bad
	mytcpstat -c --conn-file /tmp/bad >/tmp/out 2>/tmp/err
	expect_eq "exit code for '$line'" $? 3
	grep -q "^mytcpstat: /tmp/bad:3: malformed line" /tmp/err || fail "message: $(cat /tmp/err)"
	[ -s /tmp/out ] && fail "printed with a malformed file: $(cat /tmp/out)"
done
echo "local remote state" >/tmp/bad
mytcpstat -c --conn-file /tmp/bad 2>/tmp/err
expect_eq "exit code for a bad header" $? 3
grep -q "/tmp/bad:1: malformed line" /tmp/err || fail "message: $(cat /tmp/err)"
printf 'SocketsCreated 1\nthis is not a counter line\n' >/tmp/bad
mytcpstat -f /tmp/bad >/dev/null 2>/tmp/err
expect_eq "exit code for a malformed stats file" $? 3
grep -q "/tmp/bad:2: malformed line" /tmp/err || fail "no malformed-line message: $(cat /tmp/err)"
for content in 'SocketsCreated 12x\n' 'SocketsCreated 1\nSocketsCreated 2\n' \
	'Sockets"Created 1\n' 'SocketsCreated 99999999999999999999999\n' ''; do
	# shellcheck disable=SC2059
	printf "$content" >/tmp/bad
	mytcpstat -f /tmp/bad >/dev/null 2>&1
	expect_eq "exit code for stats '$content'" $? 3
done
# TIME-WAIT over, nothing holds the module.
i=0
while [ -n "$(cstat host0)" ]; do
	i=$((i + 1))
	[ $i -le 50 ] || fail "TIME-WAIT did not end: $(cat /tmp/cout)"
	sleep 0.1
done
unload_mytcp
mytcpstat -c >/dev/null 2>&1
expect_eq "exit code of -c after rmmod" $? 2
