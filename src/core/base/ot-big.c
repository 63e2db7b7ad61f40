/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-big.c: see ot-big.h.  A block starts with a header saying how it
 * was made; a mapped one starts on a 2 MiB boundary, so each of its
 * 2 MiB stretches can be one huge page, and grows by mremap () onto a
 * new 2 MiB-aligned place (its pages move, nothing is copied). */
#define _GNU_SOURCE   /* mremap () */
#include "ot-big.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_PAGE ((gsize) 2 << 20)
#define MAP_MIN   OT_BIG_MAP_MIN
G_STATIC_ASSERT (OT_BIG_MAP_MIN >= 2 * HUGE_PAGE);

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

#ifdef OT_BIG_MAPS
/* Mapped blocks freed lately, kept for a block of the same size to be
 * allocated again without a fresh mapping, whose every page the kernel
 * clears (a loader's parts free their chunks' blocks as they are joined
 * and the data set takes new ones meanwhile: docs/performance.md,
 * "Issue 20: whole process and first chart").  Only between
 * ot_big_keep_freed () and ot_big_trim (); at most KEEP_BLOCKS of at
 * most KEEP_BYTES in all. */
#define KEEP_BLOCKS 8
#define KEEP_BYTES  ((gsize) 128 << 20)

static GMutex   kept_lock;
static Header  *kept[KEEP_BLOCKS];
static gsize    kept_bytes;
static guint    keepers;   /* ot_big_keep_freed () not yet trimmed */

/* A kept block of @length bytes mapped, or NULL. */
static Header *
take_kept (gsize length)
{
  Header *header = NULL;

  g_mutex_lock (&kept_lock);
  for (guint i = 0; i < KEEP_BLOCKS; i++)
    if (kept[i] != NULL && kept[i]->mapped == length)
      {
        header = g_steal_pointer (&kept[i]);
        kept_bytes -= length;
        break;
      }
  g_mutex_unlock (&kept_lock);
  return header;
}

/* Whether @header's block was kept. */
static gboolean
keep (Header *header)
{
  gboolean done = FALSE;

  g_mutex_lock (&kept_lock);
  if (keepers > 0 && kept_bytes + header->mapped <= KEEP_BYTES)
    for (guint i = 0; i < KEEP_BLOCKS && !done; i++)
      if (kept[i] == NULL)
        {
          kept[i] = header;
          kept_bytes += header->mapped;
          done = TRUE;
        }
  g_mutex_unlock (&kept_lock);
  return done;
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

      /* (A kept block is not zero.) */
      if (zero || (header = take_kept (length)) == NULL)
        {
          header = (Header *) (gpointer) map_aligned (length);
          header->mapped = length;
        }
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
      if (!keep (header))
        munmap (header, header->mapped);
      return;
    }
#endif
  g_free (header);
}

void
ot_big_populate (gpointer buf,
                 gsize    size)
{
#ifdef MADV_POPULATE_WRITE
  static gsize page;
  guintptr start, end;

  if (size < OT_BIG_POPULATE_MIN)
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
ot_big_alloc0_present (gsize size)
{
  /* A fresh mapped block is zero already (a kept one is never given
   * here); a g_malloc () one is populated before it is cleared, not
   * cleared a page fault at a time. */
  gpointer block = alloc (size, size >= MAP_MIN);

  ot_big_populate (block, size);
  if (((Header *) block - 1)->mapped == 0)
    memset (block, 0, size);
  return block;
}

void
ot_big_keep_freed (void)
{
#ifdef OT_BIG_MAPS
  g_mutex_lock (&kept_lock);
  keepers++;
  g_mutex_unlock (&kept_lock);
#endif
}

void
ot_big_trim (void)
{
#ifdef OT_BIG_MAPS
  g_mutex_lock (&kept_lock);
  if (keepers > 0)
    keepers--;
  for (guint i = 0; i < KEEP_BLOCKS && keepers == 0; i++)
    if (kept[i] != NULL)
      {
        munmap (kept[i], kept[i]->mapped);
        kept[i] = NULL;
      }
  if (keepers == 0)
    kept_bytes = 0;
  g_mutex_unlock (&kept_lock);
#endif
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
