/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-network-private.h: what the tests may change in ot-network.c. */
#pragma once

#include <glib.h>

/* From this many incidents a network's vertices and edges are summed by
 * two threads (50,000; the tests set it to G_MAXUINT to compare with one
 * thread). */
extern guint ot_network_parallel_min;
