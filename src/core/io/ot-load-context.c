/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-load-context.c: what every format reader shares while it reads —
 * progress and cancellation ticks, the context of a second thread's
 * reader, the lines of a file one object a line (FtM), and handing read
 * pages back to the kernel.  The readers (ot-loader.c for CSV,
 * ot-loader-json.c, ot-loader-ftm.c) call down into this file; it calls
 * neither. */
#include "ot-loader-private.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void
ot_load_context_init_piece (OtLoadContext *context,
                            OtLoadContext *from,
                            OtDataset     *parent)
{
  memset (context, 0, sizeof *context);
  context->cancellable = from->cancellable;
  ot_record_init (&context->record, parent, from->record.file);
  context->record.today = from->record.today;
  context->record.today_year = from->record.today_year;
}

gboolean
ot_load_context_tick (OtLoadContext *context,
                      gsize          done,
                      gsize          total)
{
  if (g_cancellable_is_cancelled (context->cancellable))
    return FALSE;

  if (context->progress && total > 0)
    {
      double fraction = context->progress_base +
                        context->progress_span * ((double) done / (double) total);
      if (fraction - context->progress_last >= 0.01)
        {
          context->progress_last = fraction;
          context->progress (MIN (fraction, 1.0), context->progress_data);
        }
    }
  return TRUE;
}

gboolean
ot_load_context_foreach_line (OtLoadContext *context,
                              const char    *data,
                              gsize          length,
                              gsize          total,
                              OtLineFunc     func,
                              gpointer       user_data)
{
  gsize pos = 0, released = 0;
  guint line = 0;

  while (pos < length)
    {
      const char *start = data + pos;
      const char *nl = memchr (start, '\n', length - pos);
      gsize n = nl ? (gsize) (nl - start) : length - pos;
      gsize i = 0;

      line++;
      /* The lines read are copied into the dataset: give them back. */
      if (pos - released >= ot_loader_limits.release_every)
        {
          ot_loader_release (data, released, pos);
          released = pos;
        }
      pos += n + 1;
      while (i < n && g_ascii_isspace (start[i]))
        i++;
      if (i == n)
        continue;   /* blank line */
      if (line % 1024 == 0 && !ot_load_context_tick (context, MIN (pos, length), total))
        return FALSE;
      if (!func (start, n, line, user_data))
        break;
    }
  return TRUE;
}

void
ot_loader_release (const char *data,
                   gsize       from,
                   gsize       to)
{
#ifdef MADV_DONTNEED
  static gsize page;
  guintptr start, end;

  if (page == 0)
    page = (gsize) sysconf (_SC_PAGESIZE);
  /* Only pages wholly inside the range: the bytes around it may be
   * another reader's, or the allocator's. */
  start = ((guintptr) (data + from) + page - 1) & ~(guintptr) (page - 1);
  end = (guintptr) (data + to) & ~(guintptr) (page - 1);
  if (end > start)
    madvise ((void *) start, end - start, MADV_DONTNEED);
#endif
}

guint64
ot_loader_count_line_ends (const char *data,
                           gsize       length)
{
  guint64 n = 0;

  for (const char *nl = memchr (data, '\n', length); nl != NULL;
       nl = memchr (nl + 1, '\n', length - (gsize) (nl + 1 - data)))
    n++;
  return n;
}

gboolean
ot_load_context_count_lines (OtLoadContext *context,
                             const char    *data,
                             gsize          length,
                             guint64       *n_lines)
{
  gsize from, to, first, last;
  guint64 n;

  if (context->line_ends == NULL || data < context->counted ||
      length > context->counted_length - (gsize) (data - context->counted))
    return FALSE;
  from = (gsize) (data - context->counted);
  to = from + length;
  first = from / OT_LOADER_READ_STEP;
  last = to / OT_LOADER_READ_STEP;
  if (first == last)
    n = ot_loader_count_line_ends (data, length);
  else
    {
      n = ot_loader_count_line_ends (data, (first + 1) * OT_LOADER_READ_STEP - from);
      for (gsize k = first + 1; k < last; k++)
        n += context->line_ends[k];
      n += ot_loader_count_line_ends (context->counted + last * OT_LOADER_READ_STEP,
                                      to - last * OT_LOADER_READ_STEP);
    }
  *n_lines = n;
  return TRUE;
}
