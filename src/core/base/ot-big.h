/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-big.h: large arrays (the trade table's columns, the signals' work
 * arrays, a loaded file, the dataset's incidents and id index) in 2 MiB
 * pages where the system allows them (madvise), grown by moving their
 * pages rather than copying them (mremap), and made present in one call
 * (MADV_POPULATE_WRITE).  On a virtual machine the first touch of each
 * 4 KiB page costs more than filling it, and a TLB miss per 4 KiB page
 * more than in 2 MiB ones (docs/performance.md, "Issue 18" and
 * "Issue 20").  Small blocks are plain g_malloc () ones; every block is
 * freed with ot_big_free (). */
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

/* A block of bytes, for g_autoptr (OtBigBlock). */
typedef char OtBigBlock;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtBigBlock, ot_big_free)

/* Blocks from this size on are mapped (2 MiB aligned, huge pages). */
#define OT_BIG_MAP_MIN ((gsize) 4 << 20)

/* Makes the whole pages inside @buf's @size bytes (any memory, not only
 * ot_big blocks) present and writable in one call (MADV_POPULATE_WRITE)
 * when @size >= OT_BIG_POPULATE_MIN: instead of a page fault per page as
 * they are first written, and instead of a fault and a flush of every
 * thread's TLB for each page first read (the shared zero page) then
 * written.  Does nothing on a kernel without it (the pages fault in as
 * before).  The contents are unchanged. */
#define OT_BIG_POPULATE_MIN ((gsize) 256 * 1024)
void      ot_big_populate (gpointer buf,
                           gsize    size);

/* ot_big_alloc0 (), populated at once. */
gpointer  ot_big_alloc0_present (gsize size);

/* From now on until the matching ot_big_trim (), a few mapped blocks
 * freed are kept (up to 128 MiB) and given again, not zero, to
 * ot_big_alloc () of the same mapped size: a fresh
 * mapping's pages are each cleared by the kernel as they are first
 * touched.  Calls nest (several loads at once). */
void      ot_big_keep_freed (void);

/* Ends one ot_big_keep_freed (): the last one unmaps the blocks kept.
 * Then gives the memory the allocator holds free back to the system
 * (glibc's malloc_trim ()): after a large load, whose freed buffers
 * would otherwise stay resident. */
void      ot_big_trim    (void);

G_END_DECLS
