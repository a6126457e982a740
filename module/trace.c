// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the one place the tracepoints of mytcp_trace.h are defined.
 */
#define CREATE_TRACE_POINTS
#include "mytcp_trace.h"
