/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: congestion control behind an ops table (pure, no socket).
 *
 * Owns: struct mytcp_cc (the window state every algorithm shares), struct
 * mytcp_cc_ops (what an algorithm implements) and the table that finds an
 * algorithm by name.
 *
 * Split of work: an algorithm decides how the window grows on new ACKs and
 * how it is reduced on entering and leaving loss recovery and on a
 * retransmission timeout. The per-ACK inflation and deflation of fast
 * recovery (RFC 5681 3.2 step 4, RFC 6582 3.2 step 3) are the same for every
 * algorithm and belong to the loss-recovery state machine (recovery.c),
 * which updates @cwnd with mytcp_cc_add() and mytcp_cc_sub().
 *
 * Adding an algorithm: write its ops in a file of its own, keep its state
 * in &struct mytcp_cc.priv, and list it in cc.c's table. What every
 * algorithm does alike (the initial window, slow start, the window at the
 * end of fast recovery) is in cc.c, for the algorithms to call.
 */
#ifndef _MYTCP_CC_H
#define _MYTCP_CC_H

#include <linux/bits.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/types.h>

/*
 * The largest congestion window: a peer cannot advertise more than
 * 65535 << 14 bytes (RFC 7323 2.3), so a larger window would never be used.
 * Keeping cwnd at or below 2^30 also keeps every sum of it in a u32.
 */
#define MYTCP_CC_CWND_MAX	((u32)BIT(30))
/* RFC 5681 3.1: ssthresh starts "arbitrarily high". */
#define MYTCP_CC_SSTHRESH_INF	U32_MAX
/* RFC 9293 3.7.1: the send MSS when the peer sent no MSS option (IPv4). */
#define MYTCP_CC_DEFAULT_MSS	536U

/**
 * struct mytcp_cc - congestion-control state of one connection
 * @cwnd: congestion window, bytes; between 1 MSS and MYTCP_CC_CWND_MAX
 * @ssthresh: slow-start threshold, bytes
 * @mss: sender maximum segment size (SMSS), bytes, 1 to 65535
 * @acked_acc: bytes acknowledged since cwnd last grew in congestion
 *	avoidance (RFC 5681 3.1, byte counting)
 * @priv: state private to the algorithm (CUBIC's &struct mytcp_cubic;
 *	Reno uses none); all zero means no history, as after a switch of
 *	algorithm
 */
struct mytcp_cc {
	u32 cwnd;
	u32 ssthresh;
	u32 mss;
	u32 acked_acc;
	u64 priv[4];
};

/**
 * struct mytcp_cc_clock - what an algorithm may know of time on an ACK
 * @now_us: the time the ACK is processed, microseconds of a monotonic
 *	clock (ktime_get_ns() / 1000)
 * @srtt_us: the connection's smoothed RTT (RFC 6298), microseconds; 0 if
 *	there is no sample yet
 */
struct mytcp_cc_clock {
	u64 now_us;
	u32 srtt_us;
};

/**
 * struct mytcp_cubic - CUBIC's state, in &struct mytcp_cc.priv
 * @epoch_ms: t_epoch, when the current congestion avoidance stage began
 *	(RFC 9438 4.2); valid while @w_est is not 0
 * @last_ms: when the last ACK in congestion avoidance came, to leave out
 *	of t the time the connection was not using its window (RFC 9438 5.8)
 * @w_max: W_max, bytes: the window just before the last reduction,
 *	reduced further by fast convergence (RFC 9438 4.7); 0 after a
 *	timeout, when the next stage takes its starting window (4.8)
 * @k_ms: K, ms: when W_cubic reaches @w_max again (RFC 9438 eq. 2)
 * @w_est: W_est, bytes: the Reno-friendly estimate (RFC 9438 4.3); 0 when
 *	no congestion avoidance stage has begun since the last reduction
 * @est_acc: bytes acknowledged not yet counted in @w_est
 * @cwnd_prior: cwnd when ssthresh was last set: alpha_cubic is 1 once
 *	@w_est has reached it (RFC 9438 4.3)
 */
struct mytcp_cubic {
	u32 epoch_ms;
	u32 last_ms;
	u32 w_max;
	u32 k_ms;
	u32 w_est;
	u32 est_acc;
	u32 cwnd_prior;
};

/**
 * struct mytcp_cc_ops - a congestion-control algorithm
 * @name: the name mytcp_cc_find() knows it by
 * @init: set up @cc for a new connection whose SMSS is @mss (0 means the
 *	default, MYTCP_CC_DEFAULT_MSS): initial window and ssthresh. Not
 *	called when a connection switches algorithm (TCP_CONGESTION): the
 *	window stays and @priv is zeroed
 * @on_ack: @acked_bytes of new data were cumulatively acknowledged
 *	outside loss recovery, at the time and RTT in @clk: grow the window
 * @on_enter_recovery: fast retransmit: loss detected by duplicate ACKs
 *	with @flight_bytes outstanding (FlightSize): reduce ssthresh and set
 *	the window fast recovery starts with
 * @on_exit_recovery: a full acknowledgment ends fast recovery with
 *	@flight_bytes still outstanding: deflate the window
 * @on_timeout: the retransmission timer expired with @flight_bytes
 *	outstanding: reduce ssthresh and collapse the window
 */
struct mytcp_cc_ops {
	const char *name;
	void (*init)(struct mytcp_cc *cc, u32 mss);
	void (*on_ack)(struct mytcp_cc *cc, u32 acked_bytes,
		       const struct mytcp_cc_clock *clk);
	void (*on_enter_recovery)(struct mytcp_cc *cc, u32 flight_bytes);
	void (*on_exit_recovery)(struct mytcp_cc *cc, u32 flight_bytes);
	void (*on_timeout)(struct mytcp_cc *cc, u32 flight_bytes);
};

/* Reno (RFC 5681, RFC 6582), cc_reno.c. */
extern const struct mytcp_cc_ops mytcp_cc_reno;
/* CUBIC (RFC 9438), cc_cubic.c. */
extern const struct mytcp_cc_ops mytcp_cc_cubic;

const struct mytcp_cc_ops *mytcp_cc_find(const char *name);
const struct mytcp_cc_ops *mytcp_cc_default(void);
void mytcp_cc_init_window(struct mytcp_cc *cc, u32 mss);
bool mytcp_cc_slow_start(struct mytcp_cc *cc, u32 acked_bytes);
void mytcp_cc_recovery_end(struct mytcp_cc *cc, u32 flight_bytes);
struct mytcp_cubic *mytcp_cubic(struct mytcp_cc *cc);
u32 mytcp_cubic_k_ms(u32 w_max, u32 cwnd_epoch, u32 mss);
u32 mytcp_cubic_window(u32 w_max, u32 k_ms, u32 mss, u32 t_ms);

/**
 * mytcp_cc_add - grow a window without passing MYTCP_CC_CWND_MAX
 * @wnd: a window, bytes
 * @n: bytes to add
 *
 * Return: min(@wnd + @n, MYTCP_CC_CWND_MAX), computed without overflow.
 */
static inline u32 mytcp_cc_add(u32 wnd, u32 n)
{
	return min_t(u64, (u64)wnd + n, MYTCP_CC_CWND_MAX);
}

/**
 * mytcp_cc_sub - shrink a window, not below @floor
 * @wnd: a window, bytes
 * @n: bytes to take away
 * @floor: the smallest result
 *
 * Return: max(@wnd - @n, @floor), without wrapping below zero.
 */
static inline u32 mytcp_cc_sub(u32 wnd, u32 n, u32 floor)
{
	return wnd > n ? max(wnd - n, floor) : floor;
}

#endif /* _MYTCP_CC_H */
