#!/bin/sh
# insmod/rmmod, repeated: the family, /proc/mytcp and the hook come and go
# cleanly; a second insmod is refused; rmmod waits for the last socket.
. /tests/common.inc

mytcp-sockcheck absent || fail "AF_MYTCP present before insmod"
[ ! -e /proc/mytcp ] || fail "/proc/mytcp exists before insmod"

for i in 1 2 3 4 5; do
	insmod $MOD || fail "insmod round $i"
	[ -r /proc/mytcp/stats ] || fail "no /proc/mytcp/stats after insmod $i"
	grep -q '^mytcp ' /proc/modules || fail "not in /proc/modules"
	rmmod mytcp || fail "rmmod round $i"
	[ ! -e /proc/mytcp ] || fail "/proc/mytcp left after rmmod $i"
	mytcp-sockcheck absent >/dev/null || fail "AF_MYTCP left after rmmod $i"
done
ok "5 insmod/rmmod rounds"

insmod $MOD || fail insmod
if insmod $MOD 2>/dev/null; then
	fail "a second insmod succeeded"
fi
ok "second insmod refused"
dmesg | grep -q "mytcp: loaded, family 22" || fail "no load message in dmesg"
expect_eq "settings family" "$(awk '$1 == "family" { print $2 }' /proc/mytcp/settings)" 22

# A socket pins the module: rmmod must fail while it is open.
mytcp-sockcheck hold 60 >/tmp/hold.log &
holder=$!
wait_listen_word() {
	i=0
	while ! grep -q holding /tmp/hold.log; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "socket holder did not start"
		sleep 0.1
	done
}
wait_listen_word
if rmmod mytcp 2>/dev/null; then
	fail "rmmod succeeded with a socket open"
fi
ok "rmmod refused while a socket is open"
kill $holder
wait $holder
rmmod_wait || fail "rmmod after the socket closed"
ok "rmmod after close"
