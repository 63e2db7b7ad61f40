/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-trade.c: a file of trade statistics found by ot-loader.c,
 * read by src/core/trade into the load's trade table, its problems and
 * rejected rows into the dataset like an incident file's
 * (docs/trade-statistics.md).  ot-loader.c calls it; it calls
 * ot-load-context.c. */
#define _GNU_SOURCE   /* memrchr () */
#include "ot-loader-private.h"
#include "ot-trade-read.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

static gboolean
tick (gpointer user_data,
      gsize    done,
      gsize    total)
{
  return ot_load_context_tick (user_data, done, total);
}

/* The problems and rejected rows of a file read into the dataset. */
static void
read_done (OtLoadContext *context,
           OtTradeRead   *read)
{
  OtDataset *dataset = context->record.dataset;

  for (guint i = 0; i < read->problems->len; i++)
    {
      /* A workbook's sheet (ot-loader-sheet.c): its lines are its rows. */
      ot_problem_set_sheet (read->problems->pdata[i], context->record.sheet);
      ot_dataset_add_problem (dataset, g_steal_pointer (&read->problems->pdata[i]));
    }
  ot_dataset_add_rejected (dataset, read->n_rejected);
  context->n_trade_files++;
}

void
ot_loader_read_trade (OtLoadContext *context,
                      OtTradeFormat  format,
                      char          *data,
                      gsize          length)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  OtTradeRead read = { 0 };

  if (context->trade == NULL)
    context->trade = ot_trade_table_new ();
  read.name = context->record.file;
  read.table = context->trade;
  read.problems = problems;
  read.max_problems = ot_loader_limits.max_problems;
  read.tick = tick;
  read.tick_data = context;
  ot_trade_read (&read, format, data, length);
  read_done (context, &read);
}

/* A large file read a piece at a time: no buffer of the whole file,
 * whose fresh pages cost more than reading its rows (docs/performance.md,
 * "Issue 18: loading ten million rows"). */
typedef struct {
  OtDataset         *dataset;
  const char        *name;
  int                fd;
  const struct stat *st;
  gsize              start;     /* where the source starts: after a byte order mark */
  gsize              pos;       /* the next byte to read */
} FileSource;

static gssize
file_read (gpointer  source,
           char     *buf,
           gsize     size)
{
  FileSource *f = source;
  struct stat after;
  gssize n;

  do
    n = pread (f->fd, buf, size, (off_t) f->pos);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int saved = errno;

      ot_loader_report (f->dataset, f->name, 0, OT_SEVERITY_ERROR, _("cannot read the file: %s"),
                        g_strerror (saved));
      return -1;
    }
  f->pos += (gsize) n;
  /* At the end, or past the limit: the file is what it was when opened,
   * as read_native () checks. */
  if ((n == 0 || f->pos > OT_LOADER_MAX_FILE_SIZE) &&
      (fstat (f->fd, &after) != 0 || after.st_size != f->st->st_size || f->pos != (gsize) after.st_size ||
       after.st_mtim.tv_sec != f->st->st_mtim.tv_sec || after.st_mtim.tv_nsec != f->st->st_mtim.tv_nsec))
    {
      ot_loader_report (f->dataset, f->name, 0, OT_SEVERITY_ERROR,
                        _("the file changed while it was being read; nothing loaded from it "
                          "(load it again once it is complete)"));
      return -1;
    }
  return n;
}

static gboolean
file_check (gpointer    source,
            const char *text,
            gsize       length,
            gsize       offset)
{
  FileSource *f = source;

  return ot_loader_check_stretch (f->dataset, f->name, f->fd, text, length, f->start + offset);
}

#define HEAD_BYTES (OT_TRADE_DETECT_BYTES * 2)

gboolean
ot_loader_stream_trade (OtLoadContext     *context,
                        int                fd,
                        const struct stat *st,
                        const char        *name)
{
  OtDataset *dataset = context->record.dataset;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *head = NULL;
  gsize n = 0, start = 0, i;
  OtTradeFormat format;
  const char *last;
  FileSource f = { dataset, name, fd, st, 0, 0 };
  OtTradeSource source = { file_read, file_check, &f, 0 };
  OtTradeRead read = { 0 };
  gboolean created;

  if (!ot_trade_stream_wanted ((gsize) st->st_size))
    return FALSE;
  head = g_malloc (HEAD_BYTES);
  while (n < HEAD_BYTES)
    {
      gssize got = pread (fd, head + n, HEAD_BYTES - n, (off_t) n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      n += (gsize) got;
    }
  /* Anything but text that starts as trade statistics of such a format
   * (gzip, no line end, a problem with the text itself): read whole. */
  if (n < 2 || ((guint8) head[0] == 0x1f && (guint8) head[1] == 0x8b) ||
      (last = memrchr (head, '\n', n)) == NULL || !ot_loader_head_plain (head, (gsize) (last - head) + 1))
    return FALSE;
  n = (gsize) (last - head) + 1;
  if (n >= 3 && memcmp (head, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  for (i = start; i < n && g_ascii_isspace (head[i]); i++)
    ;
  /* ot_trade_detect () sees what it would see of the whole file. */
  if (n - i < OT_TRADE_DETECT_BYTES && n < (gsize) st->st_size)
    return FALSE;
  format = ot_trade_detect (head + start, n - start);
  if (!ot_trade_format_streams (format))
    return FALSE;

  created = context->trade == NULL;
  if (created)
    context->trade = ot_trade_table_new ();
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  f.start = f.pos = start;
  source.size = (gsize) st->st_size - start;
  read.name = name;
  read.table = context->trade;
  read.problems = problems;
  read.max_problems = ot_loader_limits.max_problems;
  read.tick = tick;
  read.tick_data = context;
  ot_trade_read_stream (&read, format, &source);
  if (read.failed)
    {
      /* The source said why; nothing of the file is kept. */
      if (created)
        g_clear_pointer (&context->trade, ot_trade_table_unref);
      return TRUE;
    }
  read_done (context, &read);
  return TRUE;
}

void
ot_loader_finish_trade (OtLoadContext *context)
{
  OtDataset *dataset = context->record.dataset;
  OtTradeTable *before = ot_dataset_get_trade (dataset);

  if (context->trade == NULL)
    return;
  /* A dataset that held statistics already shares them: the new table
   * is a copy of those and these. */
  if (before != NULL)
    {
      g_autoptr(OtTradeTable) joined = ot_trade_table_new ();

      ot_trade_table_absorb (joined, before);
      ot_trade_table_absorb (joined, context->trade);
      ot_dataset_set_trade (dataset, joined);
    }
  else
    ot_dataset_set_trade (dataset, context->trade);
  g_clear_pointer (&context->trade, ot_trade_table_unref);
}
