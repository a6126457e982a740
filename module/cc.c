// SPDX-License-Identifier: GPL-2.0
/*
 * mytcp: the table of congestion-control algorithms (pure, no socket).
 *
 * Owns: finding an algorithm's ops by name, and which one is the default.
 * The table is constant: algorithms are chosen from it, never registered at
 * run time, so there is no global state to lock.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "cc.h"

/* Every algorithm mytcp has; the first one is the default. */
static const struct mytcp_cc_ops *const mytcp_cc_table[] = {
	&mytcp_cc_reno,
};

/**
 * mytcp_cc_find - the congestion-control algorithm of a given name
 * @name: the algorithm's name, compared exactly (case matters); may be NULL
 *
 * Return: its ops, or NULL if no algorithm has that name.
 */
const struct mytcp_cc_ops *mytcp_cc_find(const char *name)
{
	unsigned int i;

	if (!name)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(mytcp_cc_table); i++)
		if (!strcmp(mytcp_cc_table[i]->name, name))
			return mytcp_cc_table[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cc_find);

/**
 * mytcp_cc_default - the algorithm a new connection uses
 *
 * Return: the ops of "reno".
 */
const struct mytcp_cc_ops *mytcp_cc_default(void)
{
	return mytcp_cc_table[0];
}
EXPORT_SYMBOL_IF_KUNIT(mytcp_cc_default);
