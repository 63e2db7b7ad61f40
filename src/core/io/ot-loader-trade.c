/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-trade.c: a file of trade statistics found by ot-loader.c,
 * read by src/core/trade into the load's trade table, its problems and
 * rejected rows into the dataset like an incident file's
 * (docs/trade-statistics.md).  ot-loader.c calls it; it calls
 * ot-load-context.c. */
#include "ot-loader-private.h"
#include "ot-trade-read.h"

static gboolean
tick (gpointer user_data,
      gsize    done,
      gsize    total)
{
  return ot_load_context_tick (user_data, done, total);
}

void
ot_loader_read_trade (OtLoadContext *context,
                      OtTradeFormat  format,
                      char          *data,
                      gsize          length)
{
  OtDataset *dataset = context->record.dataset;
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

  for (guint i = 0; i < problems->len; i++)
    {
      /* A workbook's sheet (ot-loader-sheet.c): its lines are its rows. */
      ot_problem_set_sheet (problems->pdata[i], context->record.sheet);
      ot_dataset_add_problem (dataset, g_steal_pointer (&problems->pdata[i]));
    }
  ot_dataset_add_rejected (dataset, read.n_rejected);
  context->n_trade_files++;
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
