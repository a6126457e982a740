#!/bin/sh
# shellcheck shell=sh
# The guest side of `make bench` and of the bench_smoke VM test (installed
# as /tests/bench_run.sh). Runs each workload of mytcp-bench over Linux TCP
# and over mytcp between namespaces host0 (client) and host1 (server)
# joined by veth, interleaved (inet, mytcp, inet, mytcp...), REPS times.
# Prints one line per run: "BENCH {json}", the tool's JSON with the case,
# the repetition and whether mytcp was loaded added; a run that failed gives
# {"case":..., "error":...} instead, and the script exits 1 at the end.
#
# Sizes, from the environment or the kernel command line (vm-run.sh
# --append), defaults in brackets:
#   MYTCP_BENCH_REPS [9]             repetitions of each case and family
#   MYTCP_BENCH_CASES [idle bulk1 bulk4 rr rr_idle rr_proc crr bulk_loss
#                                    iperf3] (or comma-separated)
#   MYTCP_BENCH_BULK_BYTES [268435456] bytes of bulk1, bulk4, bulk_loss and
#                                    iperf3
#   MYTCP_BENCH_BULK_CAP [20]        seconds at most per bulk run (then the
#                                    rate of what moved is reported)
#   MYTCP_BENCH_RR_N [100000], MYTCP_BENCH_RR_CAP [5]    transactions, s
#   MYTCP_BENCH_CRR_N [4000], MYTCP_BENCH_CRR_CAP [5]    connections, s
#   MYTCP_BENCH_IDLE_N [10000]       idle connections (both ends in the VM),
#                                    of idle, rr_idle and rr_proc
#   MYTCP_BENCH_LOSS [1%]            netem loss on both veth ends, bulk_loss
#   MYTCP_BENCH_SYSCTLS []           more net.mytcp sysctls, comma-separated
#   MYTCP_BENCH_PROFILE [0]          1: perf record -a of each run, and
#                                    its top kernel symbols as "PROFILE" lines
. /tests/common.inc
set +u

for kv in $(cat /proc/cmdline); do
	case $kv in
	MYTCP_BENCH_*=*) export "$kv" ;;
	esac
done
REPS=${MYTCP_BENCH_REPS:-9}
CASES=$(echo "${MYTCP_BENCH_CASES:-idle bulk1 bulk4 rr rr_idle rr_proc crr bulk_loss iperf3}" | tr , " ")
BULK_BYTES=${MYTCP_BENCH_BULK_BYTES:-268435456}
BULK_CAP=${MYTCP_BENCH_BULK_CAP:-20}
RR_N=${MYTCP_BENCH_RR_N:-100000}
RR_CAP=${MYTCP_BENCH_RR_CAP:-5}
CRR_N=${MYTCP_BENCH_CRR_N:-4000}
CRR_CAP=${MYTCP_BENCH_CRR_CAP:-5}
IDLE_N=${MYTCP_BENCH_IDLE_N:-10000}
LOSS=${MYTCP_BENCH_LOSS:-1%}
PROFILE=${MYTCP_BENCH_PROFILE:-0}

errors=0
run_before='' run_after=''	# run()'s hooks, set per case
port=5000

echo "bench: kernel $(uname -r), reps $REPS, cases: $CASES"
echo "bench: bulk $BULK_BYTES B (cap ${BULK_CAP}s), rr $RR_N (cap ${RR_CAP}s)," \
	"crr $CRR_N (cap ${CRR_CAP}s), idle $IDLE_N, loss $LOSS"

two_hosts
# mytcp's client ports (61000-65535 per local address) are held in
# TIME-WAIT by crr: keep TIME-WAIT and FIN-WAIT-2 short so that repetitions
# do not run out of ports and the module can be unloaded between runs.
# MYTCP_BENCH_SYSCTLS adds more, comma-separated (e.g.
# net.mytcp.rmem_default=1048576,net.mytcp.wmem_default=1048576).
MYTCP_SYSCTLS="net.mytcp.time_wait_ms=1000 net.mytcp.fin_wait2_ms=1000 $(echo "${MYTCP_BENCH_SYSCTLS:-}" | tr ',' ' ')"
# Client source addresses for idle: at most 4000 connections per address.
nsrc=$(( (IDLE_N + 3999) / 4000 ))
SRCS=10.0.0.1
i=1
while [ $i -lt $nsrc ]; do
	$IP -n host0 addr add 10.0.0.$((i + 2))/24 dev veth0 || fail "address"
	SRCS="$SRCS,10.0.0.$((i + 2))"
	i=$((i + 1))
done

# stack inet|mytcp: Linux TCP runs without mytcp loaded (its LOCAL_IN hook
# would see every segment); if mytcp cannot be unloaded in 20 s (sockets
# still closing), the run goes on with it loaded and says so.
loaded=0
stack() {
	if [ "$1" = mytcp ]; then
		if ! grep -q '^mytcp ' /proc/modules; then
			insmod "$MOD" || return 1
		fi
		for ns in host0 host1; do
			for s in $MYTCP_SYSCTLS; do
				$IP netns exec $ns sysctl -qw "$s" || return 1
			done
		done
		loaded=1
		return 0
	fi
	j=0
	while grep -q '^mytcp ' /proc/modules && ! rmmod mytcp 2>/dev/null; do
		j=$((j + 1))
		[ $j -lt 200 ] || break
		sleep 0.1
	done
	loaded=0
	grep -q '^mytcp ' /proc/modules && loaded=1
	return 0
}

# cpu_stat: "context-switches busy-ticks idle-ticks" from /proc/stat.
cpu_stat() {
	awk '/^ctxt/ { c = $2 } /^cpu / { b = $2 + $3 + $4 + $7 + $8; i = $5 + $6 } END { print c, b, i }' /proc/stat
}

# record CASE FAM REP: the client's JSON line (in /tmp/bench.json) tagged.
record() {
	sed "s/^{/BENCH {\"case\":\"$1\",\"rep\":$3,\"mytcp_loaded\":$loaded,/" /tmp/bench.json
}

error() {
	errors=$((errors + 1))
	msg=$(tr '"\\\n' "'/ " </tmp/bench.err | cut -c1-300)
	echo "BENCH {\"case\":\"$1\",\"family\":\"$2\",\"rep\":$3,\"error\":\"$msg\"}"
	echo "bench: $1 $2 rep $3 failed: $msg"
}

# linux_ctr FILE: the sender's (host0) Linux TCP counters that say how a
# transfer went, "NAME VALUE" per line, into FILE (from /proc/net/snmp and
# /proc/net/netstat, where a line of names precedes a line of values).
linux_ctr() {
	$IP netns exec host0 cat /proc/net/snmp /proc/net/netstat | awk '
		$1 != "Tcp:" && $1 != "TcpExt:" { next }
		!($1 in seen) { seen[$1] = 1; for (i = 2; i <= NF; i++) name[$1 "." i] = $i; next }
		{ for (i = 2; i <= NF; i++) print name[$1 "." i], $i }' |
		grep -E '^(OutSegs|RetransSegs|TCPTimeouts|TCPLossProbes|TCPSackRecovery|TCPFastRetrans|TCPSpuriousRTOs|DelayedACKs) ' >"$1"
}

# run_stats CASE FAM REP CPU0: what the run did, for the raw log: context
# switches and busy/idle CPU time (ticks) since CPU0 (cpu_stat); for mytcp
# both ends' non-zero counters, for Linux TCP the sender's counters that
# compare with them (the run's change since stats_begin).
run_stats() {
	echo "CPU $1 $2 $3 $4 $(cpu_stat)" |
		awk '{ printf "CPU %s %s %s ctxt=%d busy=%d idle=%d\n", $2, $3, $4, $8 - $5, $9 - $6, $10 - $7 }'
	if [ "$2" = inet ] && [ -s /tmp/linux-ctr0 ]; then
		linux_ctr /tmp/linux-ctr1
		echo "LINUXCOUNTERS $1 $3 host0 $(awk 'NR == FNR { a[$1] = $2; next }
			{ printf "%s=%d ", $1, $2 - a[$1] }' /tmp/linux-ctr0 /tmp/linux-ctr1)"
	fi
	if [ "$2" = mytcp ]; then
		for ns in host0 host1; do
			echo "COUNTERS $1 $3 $ns $($IP netns exec $ns cat /proc/mytcp/stats |
				awk '$2 != 0 { printf "%s=%s ", $1, $2 }')"
		done
	fi
}

# prepare CASE FAM REP: a new port and error file, and FAM's stack ready;
# returns 1 (the error recorded) if mytcp could not be loaded.
prepare() {
	port=$((port + 1))
	: >/tmp/bench.err
	stack "$2" && return 0
	echo "could not load mytcp" >/tmp/bench.err
	error "$1" "$2" "$3"
	return 1
}

# stats_begin: the counters and CPU time run_stats takes the change of.
stats_begin() {
	linux_ctr /tmp/linux-ctr0
	st0=$(cpu_stat)
}

# run CASE FAM REP ARGS...: one run: a server in host1, the client in host0.
# With $run_before set, that function runs once the server listens (before
# the counters start; if it fails the run is an error) and $run_after once
# the client is done.
run() {
	c=$1 fam=$2 rep=$3
	shift 3
	prepare "$c" "$fam" "$rep" || return
	# A fresh log: wait_listen must not see the last server's line.
	rm -f /tmp/bench-srv.log
	$IP netns exec host1 mytcp-bench -f "$fam" -t 900 server $port \
		2>/tmp/bench-srv.log &
	srv=$!
	wait_listen /tmp/bench-srv.log
	ready=1
	[ -z "$run_before" ] || $run_before || ready=0
	stats_begin
	if [ "$PROFILE" = 1 ]; then
		perf record -a -q -F 1999 -o /tmp/perf.data 2>/dev/null &
		prof=$!
	fi
	if [ $ready = 1 ] &&
		$IP netns exec host0 mytcp-bench -f "$fam" "$@" 10.0.0.2 $port \
		>/tmp/bench.json 2>/tmp/bench.err && [ -s /tmp/bench.json ]; then
		record "$c" "$fam" "$rep"
	else
		error "$c" "$fam" "$rep"
	fi
	run_stats "$c" "$fam" "$rep" "$st0"
	if [ "$PROFILE" = 1 ]; then
		kill -INT $prof
		wait $prof
		perf report -i /tmp/perf.data --stdio --no-children -n \
			--sort sym --percent-limit 0.3 2>/dev/null |
			grep -v '^#.*[^0-9]$' | grep -v '^$' | head -n 60 |
			sed "s/^/PROFILE $c $fam $rep /"
		rm -f /tmp/perf.data
	fi
	[ -z "$run_after" ] || $run_after
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
}

# idle_hold, idle_release: run()'s hooks for rr_idle (rr beside IDLE_N
# idle connections: does the connection lookup stay flat?). idle_hold has
# the idle client open them to run()'s server and hold them (-H -1) until
# it says "ready"; returns 1, its stderr in /tmp/bench.err, if it does not
# (at most 300 s). idle_release lets them go; the idle client's own result
# line is dropped.
idle_hold() {
	rm -f /tmp/bench-idle.err
	$IP netns exec host0 mytcp-bench -f "$fam" -t 600 -n "$IDLE_N" \
		-s "$SRCS" -H -1 idle 10.0.0.2 $port >/dev/null 2>/tmp/bench-idle.err &
	idl=$!
	j=0
	while ! grep -q ready /tmp/bench-idle.err 2>/dev/null &&
		kill -0 $idl 2>/dev/null && [ $j -lt 3000 ]; do
		j=$((j + 1))
		sleep 0.1
	done
	grep -q ready /tmp/bench-idle.err && return 0
	cat /tmp/bench-idle.err >>/tmp/bench.err
	return 1
}

idle_release() {
	kill -USR1 $idl 2>/dev/null
	wait $idl 2>/dev/null
}

# reader_start FILE, reader_stop: a reader looping on FILE in host1 with
# cat, as a user might; reader_stop stops it and sets $passes to the number
# of whole reads it made.
reader_start() {
	f=$1
	rm -f /tmp/reader.n
	# shellcheck disable=SC2016	# expanded by the reader's own shell
	$IP netns exec host1 sh -c 'n=0
		trap "echo \$n >/tmp/reader.n; exit 0" TERM
		while :; do cat "$1" >/dev/null; n=$((n + 1)); done' reader "$f" &
	rdr=$!
}

reader_stop() {
	kill "$rdr" 2>/dev/null
	wait "$rdr" 2>/dev/null
	passes=$(cat /tmp/reader.n 2>/dev/null)
	passes=${passes:-0}
}

# run_rr_proc FAM REP: does reading the socket list stall the namespace?
# With IDLE_N idle connections held (idle_hold), rr runs three times:
# alone (case rr_proc_base); beside a loop of cat reading /dev/null
# (rr_proc_busy, the control: under TCG a busy CPU alone changes rr's rate,
# as an idle vCPU is slow to wake); beside a loop of cat reading host1's
# list of its sockets (rr_proc: /proc/mytcp/connections for mytcp,
# /proc/net/tcp for Linux TCP), with the whole passes over it as
# "reader_passes". The same connections for all three.
run_rr_proc() {
	fam=$1 rep=$2
	prepare rr_proc "$fam" "$rep" || return
	rm -f /tmp/bench-srv.log
	$IP netns exec host1 mytcp-bench -f "$fam" -t 900 server $port \
		2>/tmp/bench-srv.log &
	srv=$!
	wait_listen /tmp/bench-srv.log
	if idle_hold; then
		list=/proc/net/tcp
		[ "$fam" = mytcp ] && list=/proc/mytcp/connections
		for c in rr_proc_base rr_proc_busy rr_proc; do
			: >/tmp/bench.err
			case $c in
			rr_proc_busy) reader_start /dev/null ;;
			rr_proc) reader_start $list ;;
			esac
			stats_begin
			$IP netns exec host0 mytcp-bench -f "$fam" \
				-t $((RR_CAP + 60)) -n "$RR_N" -T "$RR_CAP" \
				rr 10.0.0.2 $port >/tmp/bench.json 2>/tmp/bench.err
			crc=$?
			passes=
			[ $c != rr_proc_base ] && reader_stop &&
				sed -i "s/^{/{\"reader_passes\":$passes,/" /tmp/bench.json
			if [ $crc = 0 ] && [ -s /tmp/bench.json ]; then
				record $c "$fam" "$rep"
			else
				error $c "$fam" "$rep"
			fi
			run_stats $c "$fam" "$rep" "$st0"
		done
		idle_release
	else
		error rr_proc "$fam" "$rep"
	fi
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
}

# iperf_num KEY: KEY's number in the "sum_received" object of iperf3's -J
# output in /tmp/iperf.json (pretty-printed: one key per line).
iperf_num() {
	awk -v k="\"$1\":" 'index($0, "\"sum_received\":") { s = 1 }
		s && index($0, k) { gsub(/[^0-9.e+]/, "", $2); print $2; exit }' /tmp/iperf.json
}

# run_iperf FAM REP: the cross-check: Debian's iperf3 moves BULK_BYTES from
# host0 to host1 (-n), both ends through mytcp-run for mytcp; the rate is
# what the server received (end.sum_received).
run_iperf() {
	fam=$1 rep=$2 pre=
	prepare iperf3 "$fam" "$rep" || return
	[ "$fam" = mytcp ] && pre=mytcp-run
	rm -f /tmp/iperf-srv.log
	$IP netns exec host1 $pre iperf3 -s -1 -4 -p $port >/tmp/iperf-srv.log 2>&1 &
	srv=$!
	i=0
	while ! grep -q "listening" /tmp/iperf-srv.log 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 100 ] || break
		sleep 0.1
	done
	stats_begin
	if $IP netns exec host0 timeout $bulk_t $pre iperf3 -4 -J -c 10.0.0.2 \
		-p $port -n "$BULK_BYTES" >/tmp/iperf.json 2>/tmp/bench.err &&
		[ -n "$(iperf_num bits_per_second)" ]; then
		echo "{\"workload\":\"iperf3\",\"family\":\"$fam\",\"bytes\":$(iperf_num bytes),\"mbit_s\":$(iperf_num bits_per_second | awk '{ printf "%.4f", $1 / 1e6 }')}" \
			>/tmp/bench.json
		record iperf3 "$fam" "$rep"
	else
		grep '"error"' /tmp/iperf.json >>/tmp/bench.err
		cat /tmp/iperf-srv.log >>/tmp/bench.err
		error iperf3 "$fam" "$rep"
	fi
	run_stats iperf3 "$fam" "$rep" "$st0"
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
}

# loss add|del: netem loss on both ends of the veth pair (data and ACKs).
loss() {
	if [ "$1" = add ]; then
		$TC -n host0 qdisc add dev veth0 root netem loss "$LOSS" &&
			$TC -n host1 qdisc add dev veth1 root netem loss "$LOSS" ||
			fail "netem loss $LOSS"
	else
		$TC -n host0 qdisc del dev veth0 root
		$TC -n host1 qdisc del dev veth1 root
	fi
}

bulk_t=$((BULK_CAP + 120))
for c in $CASES; do
	[ "$c" = bulk_loss ] && loss add
	rep=1
	while [ $rep -le "$REPS" ]; do
		for fam in inet mytcp; do
			case $c in
			idle) run idle $fam $rep -t 600 -n "$IDLE_N" -s "$SRCS" idle ;;
			bulk1) run bulk1 $fam $rep -t $bulk_t -b "$BULK_BYTES" \
				-P 1 -T "$BULK_CAP" bulk ;;
			bulk4) run bulk4 $fam $rep -t $bulk_t -b "$BULK_BYTES" \
				-P 4 -T "$BULK_CAP" bulk ;;
			bulk_loss) run bulk_loss $fam $rep -t $bulk_t \
				-b "$BULK_BYTES" -P 1 -T "$BULK_CAP" bulk ;;
			rr) run rr $fam $rep -t $((RR_CAP + 60)) -n "$RR_N" \
				-T "$RR_CAP" rr ;;
			crr) run crr $fam $rep -t $((CRR_CAP + 60)) -n "$CRR_N" \
				-T "$CRR_CAP" crr ;;
			rr_idle)
				run_before=idle_hold run_after=idle_release
				run rr_idle $fam $rep -t $((RR_CAP + 60)) \
					-n "$RR_N" -T "$RR_CAP" rr
				run_before='' run_after='' ;;
			rr_proc) run_rr_proc $fam $rep ;;
			iperf3) run_iperf $fam $rep ;;
			*) fail "unknown case $c" ;;
			esac
		done
		rep=$((rep + 1))
	done
	[ "$c" = bulk_loss ] && loss del
done
stack inet
[ "$errors" = 0 ] || fail "$errors run(s) failed"
echo "bench: done"
