/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the socket and per-namespace structures, and the locking strategy.
 *
 * Owns: struct mytcp_sock, struct mytcp_net, and the declarations that tie
 * the module's files together (family, hook, proc).
 *
 * Locking strategy (the one place it is written down):
 *  - A socket's state is protected by the socket lock. Process context takes
 *    it with lock_sock()/release_sock(); softirq context (the netfilter hook,
 *    soft hrtimers) with bh_lock_sock(). If softirq finds the socket owned by
 *    a process (sock_owned_by_user()), it queues the skb on the backlog with
 *    sk_add_backlog() and release_sock() later feeds it to sk_backlog_rcv.
 *    Functions that need the lock say so with lockdep_assert_held() /
 *    sock_owned_by_me().
 *  - Per-namespace data (struct mytcp_net) is created in pernet init and
 *    freed in pernet exit. Its socket tables change under mytcp_net.lock
 *    (spin_lock_bh); the receive path looks sockets up under RCU alone
 *    (sockets are SOCK_RCU_FREE, see table.c). Settings are read with
 *    READ_ONCE(); the per-CPU counters need no lock.
 *  - Readers that walk every socket of a namespace (/proc/mytcp/connections,
 *    proc.c) take mytcp_net.lock for one bucket of mytcp_net.all at a time
 *    and drop it before the next: the lock is never held across buckets,
 *    nor across read() calls, whatever the number of sockets.
 *  - There is no mutable global state: everything lives in a namespace or a
 *    socket, so tests in separate namespaces do not see each other.
 */
#ifndef _MYTCP_H
#define _MYTCP_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/list_nulls.h>
#include <linux/spinlock.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "cc.h"
#include "ooo.h"
#include "recovery.h"
#include "rtt.h"
#include "stats.h"

struct proc_dir_entry;
struct ctl_table_header;

/* Buckets of the per-namespace hash tables (a power of two). */
#define MYTCP_HASH_BITS		12
#define MYTCP_HASH_SIZE		BIT(MYTCP_HASH_BITS)

/*
 * Buckets of the per-namespace table of all sockets (mytcp_net.all, a
 * power of two): the most a reader of /proc/mytcp/connections formats
 * under the lock is one bucket.
 */
#define MYTCP_ALL_BITS		12
#define MYTCP_ALL_SIZE		BIT(MYTCP_ALL_BITS)

/*
 * mytcp's ephemeral ports: above Linux's default ip_local_port_range
 * (32768-60999), and marked in Linux's ip_local_reserved_ports while the
 * module is loaded (port.c), so that Linux never picks one of them.
 */
#define MYTCP_PORT_LO		61000
#define MYTCP_PORT_HI		65535
#define MYTCP_PORT_RANGE	(MYTCP_PORT_HI - MYTCP_PORT_LO + 1)

/*
 * RFC 6056 3.3.4 (Algorithm 4): how many perturbation counters an
 * ephemeral port search starts from, picked by a keyed hash of the
 * addresses and remote port.
 */
#define MYTCP_PERTURB_BITS	8

/*
 * The most payload in one GSO super-segment: one IP datagram's worth
 * (IP_MAX_MTU from <net/ip.h>, MAX_TCP_OPTION_SPACE from <net/tcp.h>).
 */
#define MYTCP_GSO_MAX_BYTES	(IP_MAX_MTU - sizeof(struct iphdr) -	\
				 sizeof(struct tcphdr) - MAX_TCP_OPTION_SPACE)

/**
 * struct mytcp_settings - per-namespace settings (sysctl net.mytcp.*)
 * @time_wait_ms: how long TIME_WAIT lasts (2*MSL, RFC 9293 3.6.1)
 * @fin_wait2_ms: how long an orphaned socket may wait in FIN-WAIT-2
 * @syn_retries: SYN retransmissions before connect() gives up (ETIMEDOUT)
 * @retries: data retransmissions before the connection is dropped
 * @rmem_default: initial receive buffer of a new socket, bytes
 * @wmem_default: initial send buffer of a new socket, bytes
 * @rmem_max: what receive-buffer autotuning may grow a buffer to, bytes
 * @wmem_max: what send-buffer autotuning may grow a buffer to, bytes
 * @cc_default: the congestion control a new socket starts with
 *	(net.mytcp.congestion_control); never NULL
 */
struct mytcp_settings {
	int time_wait_ms;
	int fin_wait2_ms;
	int syn_retries;
	int retries;
	int rmem_default;
	int wmem_default;
	int rmem_max;
	int wmem_max;
	const struct mytcp_cc_ops *cc_default;
};

/**
 * struct mytcp_net - mytcp's per-network-namespace state
 * @mib: per-CPU counters, see stats.h
 * @proc_dir: this namespace's /proc/net/mytcp directory
 * @nr_socks: sockets of this namespace that are not yet freed
 * @lock: serialises changes of the three hash tables, @all and
 *	@port_perturb (spin_lock_bh); ehash and lhash are read under RCU; a
 *	walk of @all holds it for one bucket at a time
 * @all: every mytcp socket of the namespace, from allocation to free:
 *	%MYTCP_ALL_SIZE buckets (allocated in pernet init, kvcalloc()), a
 *	socket in bucket hash_ptr(sk, %MYTCP_ALL_BITS)
 * @port_perturb: RFC 6056 Algorithm 4's table: how far past its hashed
 *	offset the next ephemeral port search of a destination starts
 * @reserved: ports of mytcp's ephemeral range that mytcp marked in
 *	Linux's ip_local_reserved_ports (bit 0: %MYTCP_PORT_LO)
 * @settings: the namespace's settings
 * @sysctl_hdr: the registered net.mytcp sysctl table
 * @ehash: connections (SYN-SENT and later) by 4-tuple; each chain ends
 *	in a nulls marker holding its bucket's index (see mytcp_lookup())
 * @lhash: listening sockets by local port, chains ended the same way
 * @bhash: sockets bound to a local port, by port
 */
struct mytcp_net {
	struct mytcp_mib __percpu *mib;
	struct proc_dir_entry *proc_dir;
	atomic_t nr_socks;
	spinlock_t lock;	/* ehash, lhash, bhash, all, port_perturb */
	struct hlist_head *all;
	u32 port_perturb[BIT(MYTCP_PERTURB_BITS)];
	DECLARE_BITMAP(reserved, MYTCP_PORT_RANGE);
	struct mytcp_settings settings;
	struct ctl_table_header *sysctl_hdr;
	struct hlist_nulls_head ehash[MYTCP_HASH_SIZE];
	struct hlist_nulls_head lhash[MYTCP_HASH_SIZE];
	struct hlist_head bhash[MYTCP_HASH_SIZE];
};

/* Bits of &struct mytcp_sock.deferred: timer work left to release_cb. */
enum {
	MYTCP_DEFER_RTX,
	MYTCP_DEFER_DELACK,
	MYTCP_DEFER_TIMEWAIT,
	MYTCP_DEFER_KEEPALIVE,
};

/**
 * enum mytcp_rtx_reason - why a segment is sent again (tracepoint field)
 * @MYTCP_RTX_TIMEOUT: the retransmission timer expired (RFC 6298 5.4)
 * @MYTCP_RTX_FAST: fast retransmit or NewReno partial ACK (RFC 6582)
 * @MYTCP_RTX_SYN_RECV: our SYN again with an ACK (simultaneous open, or
 *	the peer's SYN again because our SYN-ACK was lost)
 * @MYTCP_RTX_SACK: a hole the peer's SACK blocks show, in fast recovery
 *	(RFC 6675 4, NextSeg())
 * @MYTCP_RTX_TLP: a tail loss probe (RFC 8985 7.3)
 */
enum mytcp_rtx_reason {
	MYTCP_RTX_TIMEOUT,
	MYTCP_RTX_FAST,
	MYTCP_RTX_SYN_RECV,
	MYTCP_RTX_SACK,
	MYTCP_RTX_TLP,
};

/* Keepalive defaults, as Linux TCP (RFC 1122 4.2.3.6: at least 2 hours). */
#define MYTCP_KEEPIDLE_DEFAULT	7200
#define MYTCP_KEEPINTVL_DEFAULT	75
#define MYTCP_KEEPCNT_DEFAULT	9

/**
 * struct mytcp_sock_stats - what one connection has done, for TCP_INFO
 * @bytes_sent: payload bytes sent, retransmissions included
 * @bytes_retrans: payload bytes retransmitted
 * @bytes_acked: sequence space the peer acknowledged (SYN and FIN count 1)
 * @bytes_received: payload bytes received in order
 * @segs_out: segments sent, retransmissions and pure ACKs included
 * @segs_in: segments received
 * @data_segs_out: segments with payload sent
 * @data_segs_in: segments with payload received
 * @rcv_ooopack: segments received out of order and queued
 * @min_rtt_us: the smallest RTT sample, microseconds (U32_MAX: none yet)
 * @last_data_sent_ns: when payload was last sent (ktime_get_ns())
 * @last_data_recv_ns: when payload was last received (ktime_get_ns())
 */
struct mytcp_sock_stats {
	u64 bytes_sent;
	u64 bytes_retrans;
	u64 bytes_acked;
	u64 bytes_received;
	u32 segs_out;
	u32 segs_in;
	u32 data_segs_out;
	u32 data_segs_in;
	u32 rcv_ooopack;
	u32 min_rtt_us;
	u64 last_data_sent_ns;
	u64 last_data_recv_ns;
};

/*
 * RFC 7323 5.5: after 24 days of silence TS.Recent may be from before the
 * peer's timestamp clock wrapped its sign bit: PAWS must not use it.
 */
#define MYTCP_PAWS_IDLE_NS	(24ULL * 24 * 3600 * NSEC_PER_SEC)

/*
 * Tail loss probe (RFC 8985 7.2): the peer's worst-case delayed ACK
 * (WCDelAckT, 200 ms), added when one segment is out; and a floor for the
 * probe timeout, so that scheduling jitter on a sub-millisecond path does
 * not send probes for nothing.
 */
#define MYTCP_TLP_ACK_DELAY_NS	(200 * NSEC_PER_MSEC)
#define MYTCP_TLP_MIN_NS	(10 * NSEC_PER_MSEC)

/*
 * The delayed-ACK time (RFC 1122 4.2.3.2: well under 0.5 s; 40 ms, as
 * Linux TCP's minimum).
 */
#define MYTCP_DELACK_NS		(40 * NSEC_PER_MSEC)

/* RFC 5961 7: at most this many challenge ACKs per second and connection. */
#define MYTCP_CHALLENGE_ACK_LIMIT 10

/**
 * struct mytcp_sock - an AF_MYTCP socket: one TCP connection or listener
 * @sk: the generic socket; must be first (sk_alloc() allocates the whole)
 * @saddr: local IPv4 address (network order); 0 until bound or connected
 * @daddr: remote IPv4 address (network order)
 * @sport: local port (network order)
 * @dport: remote port (network order)
 * @hashed: @hash_node is in a table (which holds a reference)
 * @bound: @bind_node is in bhash
 * @port_locked: the user named the port in bind(): it stays bound after
 *	the connection ends, until close() (as Linux's SOCK_BINDPORT_LOCK)
 * @bind_no_port: IP_BIND_ADDRESS_NO_PORT: bind() with port 0 sets the
 *	address only, connect() picks the port (4-tuple unique)
 * @port: the shadow holding the port in Linux's bind table (port.c): the
 *	socket's own after bind() or listen(), its listener's for a passive
 *	connection; NULL for a connection from an ephemeral port
 * @all_node: link in its bucket of the namespace's table of all sockets
 * @hash_node: link in the namespace's ehash or lhash
 * @bind_node: link in the namespace's bhash
 * @iss: initial send sequence number (RFC 9293 3.4.1, RFC 6528)
 * @snd_una: oldest unacknowledged sequence number (SND.UNA)
 * @snd_nxt: next sequence number to send (SND.NXT)
 * @snd_sml: one past the last short (less than an MSS) data segment sent:
 *	Nagle holds a short segment only while that one is unacknowledged
 * @write_seq: sequence number after the last byte queued by the user
 * @snd_wnd: the peer's window, scaled, in bytes (SND.WND)
 * @snd_wl1: SEG.SEQ of the segment that last updated @snd_wnd (SND.WL1)
 * @snd_wl2: SEG.ACK of the segment that last updated @snd_wnd (SND.WL2)
 * @max_window: the largest window the peer has offered
 * @irs: initial receive sequence number (IRS)
 * @rcv_nxt: next sequence number expected (RCV.NXT)
 * @rcv_wnd: the window last advertised, bytes (RCV.WND)
 * @rcv_wup: @rcv_nxt when @rcv_wnd was advertised (right edge = sum)
 * @copied_seq: next sequence number the user will read
 * @ooo: segments that arrived ahead of RCV.NXT (RFC 9293 3.10.7.4)
 * @rcv_ratio: payload bytes per byte of receive memory (truesize), in
 *	1/256ths, measured on arriving segments: turns free buffer into window
 * @mss: the most payload per segment we send (peer's MSS, route, option)
 * @advmss: the MSS we announce (route MTU - 40)
 * @user_mss: TCP_MAXSEG set by the user, 0 if none
 * @snd_wscale: the peer's window shift (RFC 7323)
 * @rcv_wscale: our window shift (RFC 7323)
 * @wscale_ok: both sides sent the window scale option
 * @sack_ok: both sides sent SACK-permitted (RFC 2018)
 * @ts_ok: both sides sent the timestamps option (RFC 7323)
 * @ts_offset: added to our millisecond clock in TSval (RFC 7323 5.4)
 * @ts_recent: TS.Recent, the peer's timestamp to echo (RFC 7323 4.3)
 * @ts_recent_ns: when @ts_recent was last set (ktime_get_ns()), to age
 *	it out after MYTCP_PAWS_IDLE_NS (RFC 7323 5.5)
 * @nodelay: TCP_NODELAY: Nagle's algorithm off
 * @fin_queued: a FIN is in the write queue (shutdown or close)
 * @pingpong: interactive: we answered the peer's data with data within
 *	%MYTCP_DELACK_NS, so a small segment's ACK waits to go with the
 *	answer; cleared when the delayed-ACK timer fires instead
 * @send_head: the first skb of the write queue not yet sent, or NULL
 * @cc: congestion window and slow start threshold (RFC 5681)
 * @cc_ops: the congestion-control algorithm
 * @rec: fast retransmit / NewReno recovery state (RFC 6582)
 * @rtt: RTT estimate and retransmission timeout (RFC 6298)
 * @retries: retransmission timeouts since the last new ACK
 * @retrans_total: segments retransmitted over the connection's life
 * @high_rxt: RFC 6675's HighRxt: one past the highest sequence number
 *	retransmitted in the current fast recovery
 * @rtx_is_pto: the retransmission timer runs as the tail loss probe
 *	timeout (RFC 8985 7.2), not the RTO
 * @rtx_is_reo: the retransmission timer runs as RACK's reordering timer
 *	(RFC 8985 6.3), not the RTO
 * @tlp_out: a tail loss probe is out, its episode not yet over (RFC 8985
 *	7.4: acknowledged, and whether it repaired a loss known)
 * @tlp_retrans: that probe sent the last segment again (not new data)
 * @tlp_high: SND.NXT when the probe went (RFC 8985's TLP.end_seq)
 * @stats: what the connection has sent and received (TCP_INFO)
 * @rtx_timer: retransmission (and SYN) timer
 * @delack_timer: delayed ACK timer
 * @tw_timer: TIME-WAIT / FIN-WAIT-2 timer
 * @ka_timer: keepalive timer (SO_KEEPALIVE)
 * @keepidle: seconds of silence before the first keepalive probe
 * @keepintvl: seconds between keepalive probes
 * @keepcnt: unanswered probes before the connection is dropped
 * @ka_probes: keepalive probes sent since the peer last spoke
 * @rcv_tstamp_ns: when the last segment arrived (ktime_get_ns())
 * @deferred: MYTCP_DEFER_* bits: timers that fired while the user held
 *	the socket, finished in release_cb
 * @timer_lock: protects @timer_refs against the timer handlers
 * @timer_refs: MYTCP_DEFER_* bits: timers armed with a socket reference
 * @ack_pending: full-sized segments (at least one per skb) received since
 *	the last ACK we sent
 * @rcv_rtt_us: receiver-side round-trip estimate, microseconds: the time
 *	one advertised window of data takes to arrive (0: none yet)
 * @rcv_rtt_seq: the right edge that ends the running measurement
 * @rcv_rtt_start_ns: when it started (0: none running)
 * @rcvq_copied: bytes the user read since @rcvq_start_ns
 * @rcvq_space: bytes the user read in the last measured round trip
 * @rcvq_start_ns: start of the current round trip of reading (0: none)
 * @chack_start_ns: start of the current second of challenge ACKs
 * @chack_count: challenge ACKs sent in that second (RFC 5961 7)
 * @parent: the listener this passive connection came from, until accepted
 * @accept_node: link in the listener's @accept_queue
 * @accept_queue: (listener) established connections not yet accepted
 * @accept_lock: (listener) protects @accept_queue and @nr_children
 * @nr_children: (listener) connections in SYN-RECEIVED or in the queue
 */
struct mytcp_sock {
	struct sock sk;
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	bool hashed;
	bool bound;
	bool port_locked;
	bool bind_no_port;
	struct mytcp_port *port;
	struct hlist_node all_node;
	struct hlist_nulls_node hash_node;
	struct hlist_node bind_node;

	u32 iss;
	u32 snd_una;
	u32 snd_nxt;
	u32 snd_sml;
	u32 write_seq;
	u32 snd_wnd;
	u32 snd_wl1;
	u32 snd_wl2;
	u32 max_window;
	u32 irs;
	u32 rcv_nxt;
	u32 rcv_wnd;
	u32 rcv_wup;
	u32 copied_seq;
	struct mytcp_ooo ooo;
	u32 rcv_ratio;
	u16 mss;
	u16 advmss;
	u16 user_mss;
	u8 snd_wscale;
	u8 rcv_wscale;
	bool wscale_ok;
	bool sack_ok;
	bool ts_ok;
	u32 ts_offset;
	u32 ts_recent;
	u64 ts_recent_ns;
	bool nodelay;
	bool fin_queued;
	bool pingpong;
	struct sk_buff *send_head;

	struct mytcp_cc cc;
	const struct mytcp_cc_ops *cc_ops;
	struct mytcp_recovery rec;
	struct mytcp_rtt rtt;
	u32 retries;
	u32 retrans_total;
	u32 high_rxt;
	bool rtx_is_pto;
	bool rtx_is_reo;
	bool tlp_out;
	bool tlp_retrans;
	u32 tlp_high;
	struct mytcp_sock_stats stats;
	struct hrtimer rtx_timer;
	struct hrtimer delack_timer;
	struct hrtimer tw_timer;
	struct hrtimer ka_timer;
	u32 keepidle;
	u32 keepintvl;
	u32 keepcnt;
	u32 ka_probes;
	u64 rcv_tstamp_ns;
	unsigned long deferred;
	spinlock_t timer_lock;	/* timer_refs vs. the handlers */
	unsigned long timer_refs;
	u32 ack_pending;
	u32 rcv_rtt_us;
	u32 rcv_rtt_seq;
	u64 rcv_rtt_start_ns;
	u32 rcvq_copied;
	u32 rcvq_space;
	u64 rcvq_start_ns;
	u64 chack_start_ns;
	u32 chack_count;

	struct mytcp_sock *parent;
	struct list_head accept_node;
	struct list_head accept_queue;
	spinlock_t accept_lock;	/* accept_queue, nr_children */
	u32 nr_children;
};

/**
 * mytcp_clock_us - the clock of send times, RTT samples and congestion
 *	control: ktime_get_ns() in microseconds
 *
 * Return: microseconds of the monotonic clock.
 */
static inline u64 mytcp_clock_us(void)
{
	return div_u64(ktime_get_ns(), NSEC_PER_USEC);
}

/**
 * mytcp_sk - the mytcp socket of a generic socket
 * @sk: a socket of mytcp's proto
 *
 * Return: the containing &struct mytcp_sock.
 */
static inline struct mytcp_sock *mytcp_sk(const struct sock *sk)
{
	return container_of(sk, struct mytcp_sock, sk);
}

/**
 * mytcp_init_send_seq - start the send sequence space at the ISS
 * @ms: a socket about to send its SYN or SYN-ACK
 * @iss: its initial send sequence number (RFC 9293 3.4.1, RFC 6528)
 */
static inline void mytcp_init_send_seq(struct mytcp_sock *ms, u32 iss)
{
	ms->iss = iss;
	ms->snd_una = iss;
	ms->snd_nxt = iss;
	ms->snd_sml = iss;
	ms->write_seq = iss;
}

/**
 * mytcp_write_next - the skb after @skb in the write queue
 * @sk: the socket, locked
 * @skb: an skb of its write queue
 *
 * Return: the next skb, or NULL if @skb is the last.
 */
static inline struct sk_buff *mytcp_write_next(struct sock *sk,
					       struct sk_buff *skb)
{
	return skb_queue_is_last(&sk->sk_write_queue, skb) ?
	       NULL : skb_queue_next(&sk->sk_write_queue, skb);
}

/**
 * mytcp_probe_state - may a tail loss probe or RACK's timeout recover here
 * @sk: the socket
 *
 * RFC 8985 7 and 6.3 in every synchronized state in which data or our FIN
 * may be unacknowledged, as Linux TCP: the tail of a closing connection is
 * probed too, instead of waiting for the RTO.
 *
 * Return: true in ESTABLISHED, CLOSE-WAIT, FIN-WAIT-1, CLOSING, LAST-ACK.
 */
static inline bool mytcp_probe_state(const struct sock *sk)
{
	return (1 << sk->sk_state) & (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT |
				      TCPF_FIN_WAIT1 | TCPF_CLOSING |
				      TCPF_LAST_ACK);
}

/*
 * KUnit only: hooks in race windows, so that a test runs the other side of
 * a race there, deterministically (kunit/lifetime_test.c). Empty where the
 * kernel has no KUnit.
 */
#if IS_ENABLED(CONFIG_KUNIT)
/**
 * struct mytcp_test_hooks - functions a KUnit test may set
 * @detach: called by mytcp_detach_child() between reading the child's
 *	parent and taking the parent's accept lock
 * @lookup_step: called by mytcp_lookup() for each connection it walks past
 *	in its ehash chain, under RCU
 */
struct mytcp_test_hooks {
	void (*detach)(struct sock *child);
	void (*lookup_step)(struct sock *sk);
};

extern struct mytcp_test_hooks mytcp_test_hooks;

static inline void mytcp_test_hook_detach(struct sock *child)
{
	void (*hook)(struct sock *child) = READ_ONCE(mytcp_test_hooks.detach);

	if (hook)
		hook(child);
}

static inline void mytcp_test_hook_lookup_step(struct sock *sk)
{
	void (*hook)(struct sock *sk) = READ_ONCE(mytcp_test_hooks.lookup_step);

	if (hook)
		hook(sk);
}
#else
static inline void mytcp_test_hook_detach(struct sock *child)
{
}

static inline void mytcp_test_hook_lookup_step(struct sock *sk)
{
}
#endif

struct mytcp_net *mytcp_pernet(const struct net *net);
extern struct proto mytcp_proto;
extern const struct proto_ops mytcp_stream_ops;

/* af_mytcp.c */
struct sock *mytcp_sk_alloc(struct net *net, struct socket *sock, gfp_t gfp,
			    int kern);

/* autotune.c */
void mytcp_sndbuf_expand(struct sock *sk);
void mytcp_rcv_rtt_measure(struct sock *sk);
void mytcp_rcvbuf_adjust(struct sock *sk, u32 copied);

/* hook.c */
int mytcp_hook_net_init(struct net *net);
void mytcp_hook_net_exit(struct net *net);

/* port.c */
struct mytcp_port;
struct mytcp_port *mytcp_port_hold(struct sock *sk, __be32 addr, u16 *port);
struct mytcp_port *mytcp_port_get(struct mytcp_port *p);
void mytcp_port_put(struct mytcp_port *p);
int mytcp_port_listen(struct sock *sk);
void mytcp_port_unlisten(struct sock *sk);
bool mytcp_linux_has_tuple(const struct sock *sk, __be32 laddr, __be16 lport,
			   __be32 raddr, __be16 rport);
bool mytcp_linux_owns(struct net *net, struct sk_buff *skb,
		      unsigned int thoff);
void mytcp_port_reserve(struct net *net, u16 port);
void mytcp_port_net_exit(struct net *net);
int mytcp_port_init(void);
void mytcp_port_exit(void);

/* proc.c */
int mytcp_proc_net_init(struct net *net);
void mytcp_proc_net_exit(struct net *net);
int mytcp_proc_init(void);
void mytcp_proc_exit(void);

/* sysctl.c */
int mytcp_sysctl_net_init(struct net *net);
void mytcp_sysctl_net_exit(struct net *net);

/* table.c */
void mytcp_table_net_init(struct mytcp_net *mn);
u32 mytcp_ehashfn(__be32 laddr, __be16 lport, __be32 raddr, __be16 rport);
struct sock *mytcp_lookup(struct net *net, __be32 saddr, __be16 sport,
			  __be32 daddr, __be16 dport);
int mytcp_bind_port(struct sock *sk, __be32 addr, u16 port);
int mytcp_connect_port(struct sock *sk);
void mytcp_bind_child(struct sock *child, struct mytcp_sock *lms);
int mytcp_hash_connection(struct sock *sk);
int mytcp_hash_listener(struct sock *sk);
void mytcp_unhash(struct sock *sk);

/* output.c */
u32 mytcp_ts_now(const struct mytcp_sock *ms);
int mytcp_send_ctl(struct sock *sk, u8 flags, u32 seq);
int mytcp_send_dsack(struct sock *sk, u32 start, u32 end);
int mytcp_send_ack(struct sock *sk);
int mytcp_send_reset_reply(struct net *net, struct sk_buff *skb);
void mytcp_send_active_reset(struct sock *sk);
struct sk_buff *mytcp_write_new(struct sock *sk, gfp_t gfp);
int mytcp_queue_ctl(struct sock *sk, u8 flags);
void mytcp_push(struct sock *sk);
bool mytcp_fit_window(struct sock *sk, bool force);
struct mytcp_sack_block;
int mytcp_split(struct sock *sk, struct sk_buff *skb, u32 len);
void mytcp_trim_head(struct sock *sk, struct sk_buff *skb, u32 len);
void mytcp_sack_cut(struct sock *sk, const struct mytcp_sack_block *blocks,
		    int n);
int mytcp_retransmit_head(struct sock *sk, enum mytcp_rtx_reason why);
void mytcp_retransmit_holes(struct sock *sk, u32 budget);
u64 mytcp_rack_reo_deadline_us(struct sock *sk);
bool mytcp_rack_head_lost(struct sock *sk);
void mytcp_arm_reo(struct sock *sk);
void mytcp_send_tlp(struct sock *sk);
u32 mytcp_route_mss(struct sock *sk);
u32 mytcp_rcv_window(struct sock *sk);

/* socket.c */
struct mytcp_sock *mytcp_accept_dequeue(struct mytcp_sock *lms);
void mytcp_listen_stop(struct sock *sk);
void mytcp_send_fin(struct sock *sk);

/* input.c */
const char *mytcp_state_name(int state);
int mytcp_rcv(struct sock *sk, struct sk_buff *skb);
void mytcp_set_state(struct sock *sk, int state);
void mytcp_done(struct sock *sk, int err);
void mytcp_write_space(struct sock *sk);
void mytcp_free_acked(struct sock *sk);
bool mytcp_rack_timeout(struct sock *sk);

/* info.c */
int mytcp_get_info(struct sock *sk, char __user *optval, int __user *optlen);
int mytcp_set_congestion(struct sock *sk, sockptr_t optval,
			 unsigned int optlen);
int mytcp_get_congestion(struct sock *sk, char __user *optval,
			 int __user *optlen);

/* timer.c */
void mytcp_timers_init(struct sock *sk);
void mytcp_timer_arm(struct sock *sk, struct hrtimer *t, u64 ns);
void mytcp_timer_cancel(struct sock *sk, struct hrtimer *t);
void mytcp_timers_cancel_all(struct sock *sk);
void mytcp_rearm_rtx(struct sock *sk);
void mytcp_arm_persist(struct sock *sk);
void mytcp_release_cb(struct sock *sk);
void mytcp_orphan_check(struct sock *sk, struct hrtimer *self);
void mytcp_enter_time_wait(struct sock *sk);
void mytcp_orphan_fin_wait2(struct sock *sk);
void mytcp_keepalive(struct sock *sk, int on);
void mytcp_keepalive_reset(struct sock *sk);
int mytcp_keepalive_setsockopt(struct sock *sk, int optname, int val);
int mytcp_keepalive_getsockopt(struct sock *sk, int optname, int *val);

#endif /* _MYTCP_H */
