#!/bin/sh
# socket(AF_MYTCP, ...): the errno Linux gives for each bad type/protocol,
# flags and socket options; 1000 sockets at once; counters follow.
. /tests/common.inc
load_mytcp

before=$(stat_get SocketsCreated)
rel_before=$(stat_get SocketsReleased)
mytcp-sockcheck create || fail "socket checks"
# create opens 3 good sockets (protocol 0, IPPROTO_TCP, flags) that succeed.
expect_eq "SocketsCreated delta" $(( $(stat_get SocketsCreated) - before )) 3
expect_eq "SocketsReleased delta" $(( $(stat_get SocketsReleased) - rel_before )) 3

mytcp-sockcheck many 1000 || fail "1000 sockets"
expect_eq "SocketsCreated delta" $(( $(stat_get SocketsCreated) - before )) 1003
expect_sockets "" 0
unload_mytcp
