#!/bin/sh
# Misuse of the socket API gets the errno Linux TCP gives: each case runs
# on AF_INET and on AF_MYTCP over 127.0.0.1 and both must answer the same.
. /tests/common.inc
load_mytcp
$IP netns add api || fail "netns"
$IP -n api link set lo up
in_ns api mytcp-sockcheck api || fail "API errno checks"
expect_eq "ECONNREFUSED counted as AttemptFails" "$(stat_get AttemptFails api)" 2
unload_mytcp
