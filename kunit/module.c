// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit module for mytcp: the suites in this folder, linked into one module
 * that is loaded after mytcp.ko (it uses mytcp's KUnit-only exports).
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites for mytcp");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
