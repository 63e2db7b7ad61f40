/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-generate: writes a deterministic synthetic incident set, or with
 * --trade generated monthly trade statistics as a UN Comtrade bulk file.
 *   ot-generate --seed S --count N --format csv|json|jsonl OUT   (OUT "-" is stdout)
 *   ot-generate --trade [--seed S] [--countries N] [--reporters N] [--partners P]
 *               [--years FIRST-LAST] [--mineral M] [--world]
 *               [--plant rerouting,placebo-shock,mirror-gap,unit-value,code-switch|all] OUT.tsv */
#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ot-generator.h"

static gboolean
parse_plants (const char     *text,
              OtTradePlants  *plants,
              GError        **error)
{
  static const struct { const char *name; OtTradePlants plant; } names[] = {
    { "rerouting", OT_TRADE_PLANT_REROUTING }, { "placebo-shock", OT_TRADE_PLANT_PLACEBO_SHOCK },
    { "mirror-gap", OT_TRADE_PLANT_MIRROR_GAP }, { "unit-value", OT_TRADE_PLANT_UNIT_VALUE },
    { "code-switch", OT_TRADE_PLANT_CODE_SWITCH },
  };
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *plants = 0;
  for (guint i = 0; parts[i]; i++)
    {
      gboolean known = FALSE;

      if (g_str_equal (parts[i], "all"))
        {
          *plants |= OT_TRADE_PLANT_REROUTING | OT_TRADE_PLANT_MIRROR_GAP |
                     OT_TRADE_PLANT_UNIT_VALUE | OT_TRADE_PLANT_CODE_SWITCH;
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if (g_str_equal (parts[i], names[k].name))
          *plants |= names[k].plant, known = TRUE;
      if (!known)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "unknown plant \"%s\" (rerouting, placebo-shock, mirror-gap, unit-value, "
                       "code-switch or all)", parts[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_trade (const OtTradeGeneratorOptions *options,
             const char                    *path,
             GOutputStream                 *out,
             GError                       **error)
{
  g_autofree char *name = g_str_equal (path, "-") ? g_strdup ("generated-trade.tsv") : g_path_get_basename (path);
  g_autoptr(OtTradeTable) table = ot_trade_generator_new (options, name);

  return ot_trade_generator_write_comtrade (table, out, NULL, error);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT");
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL, *plants = NULL, *years = NULL, *mineral = NULL;
  gint64 seed = 1, count = 1000, countries = -1, reporters = -1;
  double partners = -1;
  gboolean trade = FALSE, world = FALSE;
  OtTradeGeneratorOptions trade_options;
  OtFormat format = OT_FORMAT_CSV;
  GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed (same seed, same file)", "S" },
    { "count", 'n', 0, G_OPTION_ARG_INT64, &count, "Number of incidents", "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "csv, json or jsonl", "FORMAT" },
    { "trade", 0, 0, G_OPTION_ARG_NONE, &trade, "Trade statistics as a UN Comtrade bulk file (TSV)", NULL },
    { "countries", 0, 0, G_OPTION_ARG_INT64, &countries, "With --trade: trading countries (40)", "N" },
    { "reporters", 0, 0, G_OPTION_ARG_INT64, &reporters, "With --trade: of them, reporting (30)", "N" },
    { "partners", 0, 0, G_OPTION_ARG_DOUBLE, &partners, "With --trade: mean destinations (6)", "P" },
    { "years", 0, 0, G_OPTION_ARG_STRING, &years, "With --trade: 2020-2025", "FIRST-LAST" },
    { "mineral", 0, 0, G_OPTION_ARG_STRING, &mineral, "With --trade: one mineral's lines only", "M" },
    { "world", 0, 0, G_OPTION_ARG_NONE, &world, "With --trade: each reporter's World totals too", NULL },
    { "plant", 0, 0, G_OPTION_ARG_STRING, &plants, "With --trade: planted patterns (docs/trade-signals.md)", "LIST" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Writes a synthetic, seeded set of incidents "
                                         "(every record illustrative), or generated trade "
                                         "statistics, for tests and benchmarks.");
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      count < 0 || count > G_MAXUINT)
    {
      g_printerr ("%s\n", error ? error->message : "usage: ot-generate [--seed S] [--count N] "
                                                   "[--format csv|json|jsonl] OUT, or --trade … OUT.tsv");
      return 2;
    }

  ot_trade_generator_options_init (&trade_options);
  trade_options.seed = (guint64) seed;
  trade_options.world = world;
  if (countries > 0)
    trade_options.n_countries = (guint) MIN (countries, 1000);
  if (reporters > 0)
    trade_options.n_reporters = (guint) MIN (reporters, 1000);
  if (partners > 0)
    trade_options.partners = partners;
  if (years)
    {
      guint first, last;

      if (sscanf (years, "%u-%u", &first, &last) != 2 || last < first || first < 1901 || last > 2100)
        {
          g_printerr ("--years wants FIRST-LAST, e.g. 2020-2025\n");
          return 2;
        }
      trade_options.first_year = first;
      trade_options.n_years = last - first + 1;
    }
  if (mineral && !ot_mineral_parse (mineral, &trade_options.mineral))
    {
      g_printerr ("unknown mineral \"%s\"\n", mineral);
      return 2;
    }
  if (plants && !parse_plants (plants, &trade_options.plants, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (format_name == NULL || g_str_equal (format_name, "csv"))
    format = OT_FORMAT_CSV;
  else if (g_str_equal (format_name, "json"))
    format = OT_FORMAT_JSON;
  else if (g_str_equal (format_name, "jsonl"))
    format = OT_FORMAT_JSONL;
  else
    {
      g_printerr ("unknown format \"%s\" (csv, json or jsonl)\n", format_name);
      return 2;
    }

  /* Made-up statistics are told apart from real ones by their file
   * name (ot_trade_table_count_generated ()): the name must say so. */
  if (trade && !g_str_equal (argv[1], "-"))
    {
      g_autofree char *base = g_path_get_basename (argv[1]);
      g_autofree char *folded = g_ascii_strdown (base, -1);

      if (strstr (folded, "generated") == NULL)
        {
          g_printerr ("ot-generate: generated trade statistics must say so in their file name "
                      "(e.g. generated-trade.tsv): Oretrace shows the rows of such files as "
                      "generated, not real statistics\n");
          return 2;
        }
    }
  if (g_str_equal (argv[1], "-"))
    out = g_unix_output_stream_new (1, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                             NULL, &error));
    }

  if (out == NULL ||
      !(trade ? write_trade (&trade_options, argv[1], out, &error)
              : ot_generator_write ((guint64) seed, (guint) count, format, out, NULL, &error)) ||
      !g_output_stream_close (out, NULL, &error))
    {
      g_printerr ("ot-generate: %s\n", error->message);
      return 1;
    }
  return 0;
}
