/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: tracepoints (TRACE_EVENT), seen in tracefs as events/mytcp/ and
 * by perf as mytcp:*.
 *
 * Owns: the events for state changes, retransmissions and resets, sent and
 * received. Defined once, in trace.c (CREATE_TRACE_POINTS).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM mytcp

#if !defined(_MYTCP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _MYTCP_TRACE_H

#include <linux/tracepoint.h>
#include <net/tcp_states.h>

#include "mytcp.h"

#define mytcp_show_state(s)					\
	__print_symbolic(s,					\
		{ TCP_ESTABLISHED, "ESTABLISHED" },		\
		{ TCP_SYN_SENT, "SYN_SENT" },			\
		{ TCP_SYN_RECV, "SYN_RECV" },			\
		{ TCP_FIN_WAIT1, "FIN_WAIT1" },			\
		{ TCP_FIN_WAIT2, "FIN_WAIT2" },			\
		{ TCP_TIME_WAIT, "TIME_WAIT" },			\
		{ TCP_CLOSE, "CLOSE" },				\
		{ TCP_CLOSE_WAIT, "CLOSE_WAIT" },		\
		{ TCP_LAST_ACK, "LAST_ACK" },			\
		{ TCP_LISTEN, "LISTEN" },			\
		{ TCP_CLOSING, "CLOSING" })

#define mytcp_show_rtx(r)					\
	__print_symbolic(r,					\
		{ MYTCP_RTX_TIMEOUT, "timeout" },		\
		{ MYTCP_RTX_FAST, "fast" },			\
		{ MYTCP_RTX_SYN_RECV, "syn_recv" },		\
		{ MYTCP_RTX_SACK, "sack" },			\
		{ MYTCP_RTX_TLP, "tlp" })

TRACE_EVENT(mytcp_set_state,
	    TP_PROTO(const struct sock *sk, int oldstate, int newstate),
	    TP_ARGS(sk, oldstate, newstate),
	    TP_STRUCT__entry(__field(__be32, saddr)
			     __field(__be32, daddr)
			     __field(u16, sport)
			     __field(u16, dport)
			     __field(int, oldstate)
			     __field(int, newstate)),
	    TP_fast_assign(__entry->saddr = mytcp_sk(sk)->saddr;
			   __entry->daddr = mytcp_sk(sk)->daddr;
			   __entry->sport = ntohs(mytcp_sk(sk)->sport);
			   __entry->dport = ntohs(mytcp_sk(sk)->dport);
			   __entry->oldstate = oldstate;
			   __entry->newstate = newstate),
	    TP_printk("%pI4:%u %pI4:%u %s -> %s",
		      &__entry->saddr, __entry->sport,
		      &__entry->daddr, __entry->dport,
		      mytcp_show_state(__entry->oldstate),
		      mytcp_show_state(__entry->newstate))
);

TRACE_EVENT(mytcp_retransmit,
	    TP_PROTO(const struct sock *sk, u32 seq, u32 len, int reason),
	    TP_ARGS(sk, seq, len, reason),
	    TP_STRUCT__entry(__field(__be32, saddr)
			     __field(__be32, daddr)
			     __field(u16, sport)
			     __field(u16, dport)
			     __field(u32, seq)
			     __field(u32, len)
			     __field(int, reason)
			     __field(int, state)
			     __field(u32, cwnd)
			     __field(u32, rto_us)),
	    TP_fast_assign(__entry->saddr = mytcp_sk(sk)->saddr;
			   __entry->daddr = mytcp_sk(sk)->daddr;
			   __entry->sport = ntohs(mytcp_sk(sk)->sport);
			   __entry->dport = ntohs(mytcp_sk(sk)->dport);
			   __entry->seq = seq;
			   __entry->len = len;
			   __entry->reason = reason;
			   __entry->state = sk->sk_state;
			   __entry->cwnd = mytcp_sk(sk)->cc.cwnd;
			   __entry->rto_us =
				mytcp_rtt_timeout_us(&mytcp_sk(sk)->rtt)),
	    TP_printk("%pI4:%u %pI4:%u seq=%u len=%u reason=%s state=%s cwnd=%u rto_us=%u",
		      &__entry->saddr, __entry->sport,
		      &__entry->daddr, __entry->dport,
		      __entry->seq, __entry->len,
		      mytcp_show_rtx(__entry->reason),
		      mytcp_show_state(__entry->state), __entry->cwnd,
		      __entry->rto_us)
);

TRACE_EVENT(mytcp_send_reset,
	    TP_PROTO(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport,
		     u32 seq),
	    TP_ARGS(saddr, sport, daddr, dport, seq),
	    TP_STRUCT__entry(__field(__be32, saddr)
			     __field(__be32, daddr)
			     __field(u16, sport)
			     __field(u16, dport)
			     __field(u32, seq)),
	    TP_fast_assign(__entry->saddr = saddr;
			   __entry->daddr = daddr;
			   __entry->sport = ntohs(sport);
			   __entry->dport = ntohs(dport);
			   __entry->seq = seq),
	    TP_printk("%pI4:%u %pI4:%u seq=%u",
		      &__entry->saddr, __entry->sport,
		      &__entry->daddr, __entry->dport, __entry->seq)
);

TRACE_EVENT(mytcp_receive_reset,
	    TP_PROTO(const struct sock *sk),
	    TP_ARGS(sk),
	    TP_STRUCT__entry(__field(__be32, saddr)
			     __field(__be32, daddr)
			     __field(u16, sport)
			     __field(u16, dport)
			     __field(int, state)),
	    TP_fast_assign(__entry->saddr = mytcp_sk(sk)->saddr;
			   __entry->daddr = mytcp_sk(sk)->daddr;
			   __entry->sport = ntohs(mytcp_sk(sk)->sport);
			   __entry->dport = ntohs(mytcp_sk(sk)->dport);
			   __entry->state = sk->sk_state),
	    TP_printk("%pI4:%u %pI4:%u state=%s",
		      &__entry->saddr, __entry->sport,
		      &__entry->daddr, __entry->dport,
		      mytcp_show_state(__entry->state))
);

#endif /* _MYTCP_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE mytcp_trace
#include <trace/define_trace.h>
