/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-cli-trade.c: the trade statistics a load read, for --check and
 * --summary: rows, months, and rows per mineral and reporter.  The
 * commands call it; it calls ot-cli-output.c. */
#include "ot-cli.h"
#include "ot-trade-places.h"

#include <glib/gi18n-lib.h>

#define MAX_REPORTERS 8   /* named per mineral in the text; the rest counted */

typedef struct {
  OtTradePlace reporter;
  guint        rows;
} ReporterCount;

typedef struct {
  OtMineral  mineral;
  guint      rows;
  GArray    *reporters;   /* of ReporterCount, most rows first */
} MineralCount;

static int
by_rows (gconstpointer a,
         gconstpointer b)
{
  const ReporterCount *x = a, *y = b;

  if (x->rows != y->rows)
    return x->rows > y->rows ? -1 : 1;
  return (x->reporter > y->reporter) - (x->reporter < y->reporter);
}

static int
by_mineral (gconstpointer a,
            gconstpointer b)
{
  const MineralCount *x = a, *y = b;

  return g_strcmp0 (ot_mineral_name (x->mineral), ot_mineral_name (y->mineral));
}

static void
mineral_count_clear (gpointer data)
{
  MineralCount *count = data;

  g_clear_pointer (&count->reporters, g_array_unref);
}

/* Rows per mineral, each with its rows per reporter. */
static GArray *
count_rows (OtTradeTable *table)
{
  guint n = ot_trade_table_get_n_rows (table);
  const guint16 *products = ot_trade_table_get_products (table);
  const OtTradePlace *reporters = ot_trade_table_get_reporters (table);
  g_autoptr(GHashTable) pairs = g_hash_table_new (g_direct_hash, g_direct_equal);
  GArray *minerals = g_array_new (FALSE, TRUE, sizeof (MineralCount));
  GHashTableIter iter;
  gpointer key, value;

  g_array_set_clear_func (minerals, mineral_count_clear);
  /* (mineral, reporter) -> rows */
  for (guint i = 0; i < n; i++)
    {
      guint mineral = ot_trade_product_nth (products[i])->mineral;
      gpointer pair = GUINT_TO_POINTER ((mineral << 16 | reporters[i]) + 1);

      g_hash_table_insert (pairs, pair,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (pairs, pair)) + 1));
    }
  g_hash_table_iter_init (&iter, pairs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint pair = GPOINTER_TO_UINT (key) - 1;
      ReporterCount reporter = { (OtTradePlace) (pair & 0xffff), GPOINTER_TO_UINT (value) };
      MineralCount *count = NULL;

      for (guint k = 0; k < minerals->len && count == NULL; k++)
        if (g_array_index (minerals, MineralCount, k).mineral == (OtMineral) (pair >> 16))
          count = &g_array_index (minerals, MineralCount, k);
      if (count == NULL)
        {
          MineralCount fresh = { (OtMineral) (pair >> 16), 0,
                                 g_array_new (FALSE, FALSE, sizeof (ReporterCount)) };

          g_array_append_val (minerals, fresh);
          count = &g_array_index (minerals, MineralCount, minerals->len - 1);
        }
      count->rows += reporter.rows;
      g_array_append_val (count->reporters, reporter);
    }
  g_array_sort (minerals, by_mineral);
  for (guint k = 0; k < minerals->len; k++)
    g_array_sort (g_array_index (minerals, MineralCount, k).reporters, by_rows);
  return minerals;
}

/* A reporter as the reader reads it: the country's name in the
 * language of the messages, or the kind of area. */
static const char *
place_label (OtTradePlace place)
{
  switch (ot_trade_place_kind (place))
    {
    case OT_TRADE_PLACE_COUNTRY:
      return ot_country_display_name (ot_trade_place_country (place));
    case OT_TRADE_PLACE_WORLD:
      return _("World");
    case OT_TRADE_PLACE_CONFIDENTIAL:
      return _("confidential");
    case OT_TRADE_PLACE_OTHER:
    default:
      return _("other areas");
    }
}

static char *
month_text (guint16 month)
{
  return g_strdup_printf ("%04u-%02u", OT_TRADE_MONTH_YEAR (month), OT_TRADE_MONTH_MONTH (month));
}

guint
ot_cli_trade_rows (OtDataset *dataset)
{
  OtTradeTable *table = ot_dataset_get_trade (dataset);

  return table != NULL ? ot_trade_table_get_n_rows (table) : 0;
}

void
ot_cli_print_trade (OtDataset *dataset)
{
  OtTradeTable *table = ot_dataset_get_trade (dataset);
  g_autoptr(GArray) minerals = NULL;
  guint16 first, last;

  if (table == NULL)
    return;
  if (!ot_trade_table_get_period (table, &first, &last))
    {
      ot_cli_print_line ("%s", _("Trade statistics: no rows"));
      return;
    }
  {
    g_autofree char *from = month_text (first);
    g_autofree char *to = month_text (last);
    guint n = ot_trade_table_get_n_rows (table);

    /* TRANSLATORS: "Trade statistics: 1,250 rows, 2023-01 to 2025-06" */
    ot_cli_print_line (ngettext ("Trade statistics: %'u row, %s to %s",
                                 "Trade statistics: %'u rows, %s to %s", n), n, from, to);
  }
  minerals = count_rows (table);
  for (guint k = 0; k < minerals->len; k++)
    {
      const MineralCount *count = &g_array_index (minerals, MineralCount, k);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint r = 0; r < count->reporters->len && r < MAX_REPORTERS; r++)
        {
          const ReporterCount *reporter = &g_array_index (count->reporters, ReporterCount, r);

          g_string_append_printf (line, "%s%s %'u", r > 0 ? ", " : "", place_label (reporter->reporter),
                                  reporter->rows);
        }
      if (count->reporters->len > MAX_REPORTERS)
        /* TRANSLATORS: after the first reporters of a mineral: ", 12 more reporters" */
        g_string_append_printf (line, ngettext (", %u more reporter", ", %u more reporters",
                                                count->reporters->len - MAX_REPORTERS),
                                count->reporters->len - MAX_REPORTERS);
      /* TRANSLATORS: "  Antimony: 120 rows, by reporter: United States 80, Belgium 40" */
      ot_cli_print_line (ngettext ("  %s: %'u row, by reporter: %s", "  %s: %'u rows, by reporter: %s",
                                   count->rows),
                         ot_mineral_label (count->mineral), count->rows, line->str);
    }
}

void
ot_cli_trade_json (JsonBuilder *builder,
                   OtDataset   *dataset)
{
  OtTradeTable *table = ot_dataset_get_trade (dataset);
  g_autoptr(GArray) minerals = NULL;
  guint16 first, last;

  json_builder_set_member_name (builder, "trade");
  if (table == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, ot_trade_table_get_n_rows (table));
  if (ot_trade_table_get_period (table, &first, &last))
    {
      g_autofree char *from = month_text (first);
      g_autofree char *to = month_text (last);

      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, from);
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, to);
    }
  json_builder_set_member_name (builder, "minerals");
  json_builder_begin_array (builder);
  minerals = count_rows (table);
  for (guint k = 0; k < minerals->len; k++)
    {
      const MineralCount *count = &g_array_index (minerals, MineralCount, k);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "mineral");
      json_builder_add_string_value (builder, ot_mineral_name (count->mineral));
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, count->rows);
      json_builder_set_member_name (builder, "reporters");
      json_builder_begin_array (builder);
      for (guint r = 0; r < count->reporters->len; r++)
        {
          const ReporterCount *reporter = &g_array_index (count->reporters, ReporterCount, r);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "reporter");
          json_builder_add_string_value (builder, ot_trade_place_key (reporter->reporter));
          json_builder_set_member_name (builder, "rows");
          json_builder_add_int_value (builder, reporter->rows);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
