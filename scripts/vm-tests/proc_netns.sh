#!/bin/sh
# /proc/mytcp per network namespace: each namespace sees its own counters,
# namespaces made before and after insmod both get the files, and a
# namespace can be deleted while the module is loaded.
. /tests/common.inc

$IP netns add early || fail "netns add early"
load_mytcp
$IP netns add late || fail "netns add late"

for ns in "" early late; do
	in_ns "$ns" test -r /proc/mytcp/stats || fail "no /proc/mytcp/stats in '$ns'"
	expect_eq "SocketsCreated in '$ns' at start" "$(stat_get SocketsCreated "$ns")" 0
done

in_ns early mytcp-sockcheck many 7 >/dev/null || fail "sockets in early"
in_ns late mytcp-sockcheck many 3 >/dev/null || fail "sockets in late"
expect_eq "SocketsCreated in early" "$(stat_get SocketsCreated early)" 7
expect_eq "SocketsCreated in late" "$(stat_get SocketsCreated late)" 3
expect_eq "SocketsCreated in init ns" "$(stat_get SocketsCreated)" 0

# /proc/mytcp is the reader's namespace: the same path, different files.
[ -L /proc/mytcp ] || fail "/proc/mytcp is not a symlink"
expect_eq "/proc/net/mytcp in early" \
	"$(in_ns early awk '$1 == "SocketsCreated" { print $2 }' /proc/net/mytcp/stats)" 7

# Traffic in one namespace moves only its hook counter.
$IP -n early link set lo up
seg_late=$(stat_get HookInSegs late)
seg_init=$(stat_get HookInSegs)
rm -f /tmp/le.log	# wait_listen must not see an older server's line
$IP netns exec early mytcp-peer -t 20 listen 5555 >/dev/null 2>/tmp/le.log &
srv=$!
wait_listen /tmp/le.log
echo hi | $IP netns exec early mytcp-peer -t 20 send 127.0.0.1 5555 >/dev/null ||
	fail "Linux TCP in early"
wait $srv || fail "receiver in early"
[ "$(stat_get HookInSegs early)" -gt 0 ] || fail "HookInSegs did not move in early"
ok "HookInSegs moved in early: $(stat_get HookInSegs early)"
expect_eq "HookInSegs in late unchanged" "$(stat_get HookInSegs late)" "$seg_late"
expect_eq "HookInSegs in init ns unchanged" "$(stat_get HookInSegs)" "$seg_init"

# Any user reads the files, and they show no kernel pointers.
grep -q '^nobody:' /etc/passwd ||
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
for f in stats settings connections; do
	su nobody -s /bin/sh -c "cat /proc/mytcp/$f" >/tmp/asuser ||
		fail "/proc/mytcp/$f unreadable by nobody"
	cmp -s /tmp/asuser /proc/mytcp/$f ||
		[ "$f" = connections ] || fail "/proc/mytcp/$f differs for nobody"
	if grep -Eiq '0x[0-9a-f]{8}|ffff[0-9a-f]{12}' /tmp/asuser; then
		fail "/proc/mytcp/$f shows something like a kernel pointer"
	fi
done
ok "stats, settings and connections readable by nobody, no pointers"

# A namespace deleted while loaded, then the module unloaded.
$IP netns del early || fail "netns del early"
$IP netns del late || fail "netns del late"
sleep 1
unload_mytcp
