/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp counters: the list. Each line is MYTCP_STAT(ID, "Name"): ID names
 * the slot in code (MYTCP_INC_STATS(net, ID)), "Name" is what
 * /proc/mytcp/stats prints. Included with MYTCP_STAT defined by the user;
 * no include guard on purpose. docs/reference.md documents each counter.
 */

/* AF_MYTCP sockets created by socket(2). */
MYTCP_STAT(SOCKETS_CREATED, "SocketsCreated")
/* AF_MYTCP sockets closed by their last user. */
MYTCP_STAT(SOCKETS_RELEASED, "SocketsReleased")
/* IPv4 TCP segments the LOCAL_IN hook inspected. */
MYTCP_STAT(HOOK_IN_SEGS, "HookInSegs")
/* Segments handed on to Linux TCP (NF_ACCEPT): not mytcp's. */
MYTCP_STAT(HOOK_PASSED, "HookPassed")
/*
 * Of those, segments for a port a mytcp socket listens on that belong to
 * a Linux TCP connection or listener (SO_REUSEADDR, SO_REUSEPORT).
 */
MYTCP_STAT(HOOK_LINUX_OWNED, "HookLinuxOwned")
/* connect() sent a SYN (RFC 4022 tcpActiveOpens). */
MYTCP_STAT(ACTIVE_OPENS, "ActiveOpens")
/* A listener answered a SYN (tcpPassiveOpens). */
MYTCP_STAT(PASSIVE_OPENS, "PassiveOpens")
/* Connections that died in SYN-SENT or SYN-RECEIVED (tcpAttemptFails). */
MYTCP_STAT(ATTEMPT_FAILS, "AttemptFails")
/* Resets received in ESTABLISHED or CLOSE-WAIT (tcpEstabResets). */
MYTCP_STAT(ESTAB_RESETS, "EstabResets")
/* Connections now in ESTABLISHED or CLOSE-WAIT (a gauge, tcpCurrEstab). */
MYTCP_STAT(CURR_ESTAB, "CurrEstab")
/* Segments received for mytcp sockets, errors included (tcpInSegs). */
MYTCP_STAT(IN_SEGS, "InSegs")
/* Segments sent, retransmissions included (tcpOutSegs). */
MYTCP_STAT(OUT_SEGS, "OutSegs")
/* Segments retransmitted (tcpRetransSegs). */
MYTCP_STAT(RETRANS_SEGS, "RetransSegs")
/* Segments dropped as malformed: short header, bad data offset, bad options. */
MYTCP_STAT(IN_ERRS, "InErrs")
/* Segments dropped for a bad checksum (tcpInCsumErrors). */
MYTCP_STAT(IN_CSUM_ERRORS, "InCsumErrors")
/* Segments dropped for nonsense flags (SYN+FIN, SYN+RST, none). */
MYTCP_STAT(IN_BAD_FLAGS, "InBadFlags")
/* Resets sent (tcpOutRsts). */
MYTCP_STAT(OUT_RSTS, "OutRsts")
/* Segments whose checksum the device computes (CHECKSUM_PARTIAL). */
MYTCP_STAT(OUT_CSUM_OFFLOAD, "OutCsumOffload")
/* Segments checksummed in software (device without TCP checksum offload). */
MYTCP_STAT(OUT_CSUM_SOFTWARE, "OutCsumSoftware")
/* Segments that could not be routed. */
MYTCP_STAT(OUT_NO_ROUTES, "OutNoRoutes")
/* Segments outside the receive window (answered with an ACK). */
MYTCP_STAT(IN_OUT_OF_WINDOW, "InOutOfWindow")
/* ACKs older than the send window allows (RFC 5961 5.2), dropped. */
MYTCP_STAT(IN_OLD_ACKS, "InOldAcks")
/* Challenge ACKs sent for an in-window RST or a SYN (RFC 5961). */
MYTCP_STAT(CHALLENGE_ACKS, "ChallengeAcks")
/* Out-of-order segments kept for reassembly. */
MYTCP_STAT(OFO_QUEUED, "OfoQueued")
/* Segments dropped because the receive buffer was full. */
MYTCP_STAT(RCV_PRUNED, "RcvPruned")
/* Fast retransmits after three duplicate ACKs (RFC 5681 3.2). */
MYTCP_STAT(FAST_RETRANS, "FastRetrans")
/* Retransmission timeouts (RFC 6298 5.4). */
MYTCP_STAT(TIMEOUTS, "Timeouts")
/* Connections dropped after the last retry (ETIMEDOUT). */
MYTCP_STAT(TIMEOUTS_FATAL, "TimeoutsFatal")
/* SYNs dropped because a listener's backlog was full. */
MYTCP_STAT(LISTEN_OVERFLOWS, "ListenOverflows")
/* SYNs dropped for lack of memory or a route. */
MYTCP_STAT(LISTEN_DROPS, "ListenDrops")
/* Zero-window probes sent (RFC 9293 3.8.6.1). */
MYTCP_STAT(WINDOW_PROBES, "WindowProbes")
/* Segments dropped by PAWS: TSval older than TS.Recent (RFC 7323 5.3). */
MYTCP_STAT(PAWS_DROPS, "PawsDrops")
/* Keepalive probes sent (RFC 1122 4.2.3.6). */
MYTCP_STAT(KEEPALIVE_PROBES, "KeepaliveProbes")
/* Connections dropped after unanswered keepalive probes (ETIMEDOUT). */
MYTCP_STAT(KEEPALIVE_TIMEOUTS, "KeepaliveTimeouts")
/* Challenge ACKs not sent: over the per-second limit (RFC 5961 7). */
MYTCP_STAT(CHALLENGE_ACKS_LIMITED, "ChallengeAcksLimited")
/* ACKs sent by the delayed-ACK timer (RFC 9293 3.8.6.3). */
MYTCP_STAT(DELAYED_ACKS, "DelayedAcks")
/* Segments dropped because a busy socket's backlog was full. */
MYTCP_STAT(BACKLOG_DROPS, "BacklogDrops")
/* The peer's SYN again in SYN-RECEIVED (our SYN-ACK lost): SYN-ACK resent. */
MYTCP_STAT(SYN_RETRANS_IN, "SynRetransIn")
/* Tail loss probes sent (RFC 8985 7). */
MYTCP_STAT(TLP_PROBES, "TlpProbes")
/* Segments whose payload was copied when sent, not referenced (linear, too many frags). */
MYTCP_STAT(OUT_PAYLOAD_COPIED, "OutPayloadCopied")
/*
 * Fast recoveries started by a timer (the probe timeout, or RACK's
 * reordering timer outside recovery) finding SACKed data (RFC 8985 6.3).
 */
MYTCP_STAT(RACK_TIMEOUTS, "RackTimeouts")
/* RACK's reordering timer fired in fast recovery (RFC 8985 6.3). */
MYTCP_STAT(RACK_REO_TIMEOUTS, "RackReoTimeouts")
/* Connections reset because new data came after the user closed (RFC 1122 4.2.2.13). */
MYTCP_STAT(ABORT_ON_DATA, "AbortOnData")
/* Losses a tail loss probe alone repaired: window reduced (RFC 8985 7.4). */
MYTCP_STAT(TLP_RECOVERIES, "TlpRecoveries")
/* ACKs that reported a duplicate segment in a D-SACK block (RFC 2883). */
MYTCP_STAT(DSACKS_SENT, "DsacksSent")
/*
 * Orphans found with no timer that would end them (a bug caught): ended
 * with a reset instead of living forever; a debug kernel warns too.
 */
MYTCP_STAT(ORPHAN_NO_TIMER, "OrphanNoTimer")
