/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-generate: writes a deterministic synthetic incident set.
 *   ot-generate --seed S --count N --format csv|json|jsonl OUT   (OUT "-" is stdout) */
#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <stdlib.h>

#include "ot-generator.h"

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("OUT");
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  gint64 seed = 1, count = 1000;
  OtFormat format;
  GOptionEntry entries[] = {
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed (same seed, same file)", "S" },
    { "count", 'n', 0, G_OPTION_ARG_INT64, &count, "Number of incidents", "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, "csv, json or jsonl", "FORMAT" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Writes a synthetic, seeded set of incidents "
                                         "(every record illustrative) for tests and benchmarks.");
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      count < 0 || count > G_MAXUINT)
    {
      g_printerr ("%s\n", error ? error->message : "usage: ot-generate [--seed S] [--count N] "
                                                   "[--format csv|json|jsonl] OUT");
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

  if (g_str_equal (argv[1], "-"))
    out = g_unix_output_stream_new (1, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                             NULL, &error));
    }

  if (out == NULL ||
      !ot_generator_write ((guint64) seed, (guint) count, format, out, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error))
    {
      g_printerr ("ot-generate: %s\n", error->message);
      return 1;
    }
  return 0;
}
