/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-pages.c: large buffers made present in one call (issue 20,
 * docs/performance.md). */
#include "ot-pages.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void
ot_pages_populate (gpointer buf,
                   gsize    size)
{
#ifdef MADV_POPULATE_WRITE
  static gsize page;
  guintptr start, end;

  if (size < OT_PAGES_POPULATE_MIN)
    return;
  if (page == 0)
    page = (gsize) sysconf (_SC_PAGESIZE);
  start = ((guintptr) buf + page - 1) & ~(guintptr) (page - 1);
  end = ((guintptr) buf + size) & ~(guintptr) (page - 1);
  if (end > start)
    (void) madvise ((void *) start, end - start, MADV_POPULATE_WRITE);
#else
  (void) buf;
  (void) size;
#endif
}

gpointer
ot_pages_alloc0 (gsize size)
{
  gpointer buf;

  if (size < OT_PAGES_POPULATE_MIN)
    return g_malloc0 (size);
  buf = g_malloc (size);
  ot_pages_populate (buf, size);
  memset (buf, 0, size);
  return buf;
}

void
ot_pages_trim (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
