/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-pages.h: large buffers made present in one call. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Buffers from this size on are populated at once. */
#define OT_PAGES_POPULATE_MIN ((gsize) 256 * 1024)

/* Makes the whole pages inside @buf's @size bytes present and writable in
 * one call (MADV_POPULATE_WRITE) when @size >= OT_PAGES_POPULATE_MIN:
 * instead of a page fault per 4 KiB page as they are first written,
 * which in this virtual machine costs more than filling the page, and
 * instead of a fault and a flush of every thread's TLB for each page
 * first read (the shared zero page) then written.  Does nothing on a
 * kernel without it (the pages fault in as before).  The contents are
 * unchanged. */
void      ot_pages_populate (gpointer buf,
                             gsize    size);

/* g_malloc0 () for large arrays: populated, then cleared. */
gpointer  ot_pages_alloc0   (gsize    size);

/* Gives the memory the allocator holds free back to the system (glibc's
 * malloc_trim ()): after a large load, whose freed buffers would
 * otherwise stay resident.  Nothing elsewhere. */
void      ot_pages_trim     (void);

G_END_DECLS
