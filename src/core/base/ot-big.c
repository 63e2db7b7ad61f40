/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-big.c: see ot-big.h.  A block starts with a header saying how it
 * was made; a mapped one starts on a 2 MiB boundary, so each of its
 * 2 MiB stretches can be one huge page, and grows by mremap () onto a
 * new 2 MiB-aligned place (its pages move, nothing is copied). */
#define _GNU_SOURCE   /* mremap () */
#include "ot-big.h"

#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((gsize) 2 << 20)
/* Blocks this large or larger are mapped. */
#define MAP_MIN   (2 * HUGE_PAGE)

typedef union {
  struct {
    gsize mapped;   /* bytes mapped, or 0 for a g_malloc () block */
    gsize size;     /* of a g_malloc () block */
  };
  guint8 align[64];
} Header;

#if defined(MADV_HUGEPAGE) && defined(MREMAP_FIXED)
#define OT_BIG_MAPS 1

static gsize
mapped_size (gsize size)
{
  return (size + sizeof (Header) + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

/* @length bytes (a multiple of HUGE_PAGE) of fresh address space on a
 * 2 MiB boundary. */
static guint8 *
map_aligned (gsize length)
{
  guint8 *area = mmap (NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *start;

  if (area == MAP_FAILED)
    g_error ("ot_big: out of memory (%" G_GSIZE_FORMAT " bytes)", length);
  start = (guint8 *) (((guintptr) area + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  if (start > area)
    munmap (area, (gsize) (start - area));
  if (start + length < area + length + HUGE_PAGE)
    munmap (start + length, (gsize) (area + length + HUGE_PAGE - (start + length)));
  madvise (start, length, MADV_HUGEPAGE);
  return start;
}
#endif

static gpointer
alloc (gsize    size,
       gboolean zero)
{
  Header *header;

#ifdef OT_BIG_MAPS
  if (size >= MAP_MIN)
    {
      gsize length = mapped_size (size);

      header = (Header *) (gpointer) map_aligned (length);
      header->mapped = length;
      return header + 1;
    }
#endif
  header = zero ? g_malloc0 (sizeof (Header) + size) : g_malloc (sizeof (Header) + size);
  header->mapped = 0;
  header->size = size;
  return header + 1;
}

gpointer
ot_big_alloc (gsize size)
{
  return alloc (size, FALSE);
}

gpointer
ot_big_alloc0 (gsize size)
{
  return alloc (size, TRUE);
}

gpointer
ot_big_realloc (gpointer block,
                gsize    size)
{
  Header *header;

  if (block == NULL)
    return alloc (size, FALSE);
  header = (Header *) block - 1;
#ifdef OT_BIG_MAPS
  if (header->mapped > 0)
    {
      gsize length = mapped_size (size);
      guint8 *target;

      if (length <= header->mapped)
        return block;
      /* The pages moved onto a new aligned place, the rest new. */
      target = map_aligned (length);
      header = mremap (header, header->mapped, length, MREMAP_MAYMOVE | MREMAP_FIXED, target);
      if (header == MAP_FAILED)
        g_error ("ot_big: cannot grow a block to %" G_GSIZE_FORMAT " bytes", size);
      header->mapped = length;
      return header + 1;
    }
  if (size >= MAP_MIN)
    {
      gpointer moved = alloc (size, FALSE);

      memcpy (moved, block, header->size);
      g_free (header);
      return moved;
    }
#endif
  header = g_realloc (header, sizeof (Header) + size);
  header->size = size;
  return header + 1;
}

void
ot_big_free (gpointer block)
{
  Header *header;

  if (block == NULL)
    return;
  header = (Header *) block - 1;
#ifdef OT_BIG_MAPS
  if (header->mapped > 0)
    {
      munmap (header, header->mapped);
      return;
    }
#endif
  g_free (header);
}
