/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-big.h: large arrays (the trade table's columns, the signals' work
 * arrays) in 2 MiB pages where the system allows them (madvise), grown
 * by moving their pages rather than copying them (mremap).  On a virtual
 * machine the first touch of each 4 KiB page costs more than filling it
 * (docs/performance.md, "Issue 18").  Small blocks are plain g_malloc ()
 * ones; every block is freed with ot_big_free (). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gpointer  ot_big_alloc   (gsize    size);
/* Zeroed (a mapped block is, for nothing). */
gpointer  ot_big_alloc0  (gsize    size);
/* @block (or NULL) with room for @size bytes, its contents kept up to
 * the smaller of the two sizes; it may move. */
gpointer  ot_big_realloc (gpointer block,
                          gsize    size);
void      ot_big_free    (gpointer block);

G_END_DECLS
