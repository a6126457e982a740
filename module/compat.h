/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mytcp: the one place for differences between the kernels mytcp builds
 * against (Debian 12's 6.1 and 6.12).
 */
#ifndef _MYTCP_COMPAT_H
#define _MYTCP_COMPAT_H

/* <asm/unaligned.h> moved to <linux/unaligned.h> in 6.12. */
#if __has_include("linux/unaligned.h")
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _MYTCP_COMPAT_H */
