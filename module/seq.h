/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: sequence-number rules (pure, no socket).
 *
 * Owns: the RFC 9293 acceptability tests built on the kernel's modulo-2^32
 * comparisons before()/after()/between() from <net/tcp.h>.
 */
#ifndef _MYTCP_SEQ_H
#define _MYTCP_SEQ_H

#include <linux/types.h>
#include <net/tcp.h>

/**
 * mytcp_seq_in_window - whether @seq lies in [@start, @start + @wnd)
 * @seq: the sequence number tested
 * @start: the window's left edge
 * @wnd: the window's size in bytes; 0 means the window is empty
 *
 * Works across the 2^32 wrap.
 *
 * Return: true if @start <= @seq < @start + @wnd, modulo 2^32.
 */
static inline bool mytcp_seq_in_window(u32 seq, u32 start, u32 wnd)
{
	return wnd && (u32)(seq - start) < wnd;
}

/**
 * mytcp_seg_acceptable - the segment acceptability test
 * @seg_seq: SEG.SEQ
 * @seg_len: SEG.LEN, counting SYN and FIN as one each
 * @rcv_nxt: RCV.NXT
 * @rcv_wnd: RCV.WND
 *
 * RFC 9293 3.10.7.4 (first check), the four cases of its table:
 * zero length and zero window: SEG.SEQ = RCV.NXT; zero length: SEG.SEQ in
 * the window; data and zero window: never; data: its first or its last
 * octet in the window.
 *
 * Return: true if the segment is acceptable.
 */
static inline bool mytcp_seg_acceptable(u32 seg_seq, u32 seg_len,
					u32 rcv_nxt, u32 rcv_wnd)
{
	if (!seg_len)
		return rcv_wnd ? mytcp_seq_in_window(seg_seq, rcv_nxt, rcv_wnd) :
				 seg_seq == rcv_nxt;
	if (!rcv_wnd)
		return false;
	return mytcp_seq_in_window(seg_seq, rcv_nxt, rcv_wnd) ||
	       mytcp_seq_in_window(seg_seq + seg_len - 1, rcv_nxt, rcv_wnd);
}

/**
 * mytcp_ack_acceptable - whether an ACK acknowledges something new
 * @seg_ack: SEG.ACK
 * @snd_una: SND.UNA
 * @snd_nxt: SND.NXT
 *
 * RFC 9293 3.10.7.4 (fifth check, ESTABLISHED): SND.UNA < SEG.ACK =< SND.NXT.
 *
 * Return: true if @seg_ack advances SND.UNA and does not pass SND.NXT.
 */
static inline bool mytcp_ack_acceptable(u32 seg_ack, u32 snd_una, u32 snd_nxt)
{
	return after(seg_ack, snd_una) && !after(seg_ack, snd_nxt);
}

#endif /* _MYTCP_SEQ_H */
