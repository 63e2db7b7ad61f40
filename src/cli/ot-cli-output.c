/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-cli-output.c: every line the headless commands print, escaped for
 * the terminal, and the shared "no incident matches" line; and the
 * files opened as a document, as the window opens them.  The commands
 * call down into this file; it calls none of them. */
#include "ot-cli.h"
#include "ot-loader.h"
#include "ot-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static void
print_line (gboolean    to_stderr,
            const char *format,
            va_list     args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);
  gsize length = strlen (text);
  g_autofree char *safe = NULL;

  /* The messages' own final line feed (kept in them for the translations). */
  if (length > 0 && text[length - 1] == '\n')
    length--;
  safe = ot_text_escape_terminal (text, length);

  if (to_stderr)
    g_printerr ("%s\n", safe);
  else
    g_print ("%s\n", safe);
}

void
ot_cli_print_line (const char *format,
                   ...)
{
  va_list args;

  g_return_if_fail (format != NULL);

  va_start (args, format);
  print_line (FALSE, format, args);
  va_end (args);
}

void
ot_cli_printerr_line (const char *format,
                      ...)
{
  va_list args;

  g_return_if_fail (format != NULL);

  va_start (args, format);
  print_line (TRUE, format, args);
  va_end (args);
}

gboolean
ot_cli_report_no_match (const OtFilter *filter,
                        guint           n_incidents,
                        guint           n_included,
                        gboolean        nothing_written)
{
  g_autofree char *description = NULL;

  g_return_val_if_fail (filter != NULL, FALSE);

  if (n_included > 0 || n_incidents == 0 || ot_filter_is_empty (filter))
    return FALSE;
  description = ot_filter_describe (filter);
  if (nothing_written)
    /* TRANSLATORS: --export with filters nothing passes; %s is the
     * filter, e.g. "Gallium · 1990-01-01 – 1991-12-31". */
    ot_cli_printerr_line (g_dngettext (GETTEXT_PACKAGE,
                                       "No incident matches the filters: %s (0 of %'u incident); no file written\n",
                                       "No incident matches the filters: %s (0 of %'u incidents); no file written\n",
                                       n_incidents), description, n_incidents);
  else
    /* TRANSLATORS: --summary with filters nothing passes. */
    ot_cli_printerr_line (g_dngettext (GETTEXT_PACKAGE,
                                       "No incident matches the filters: %s (0 of %'u incident)\n",
                                       "No incident matches the filters: %s (0 of %'u incidents)\n",
                                       n_incidents), description, n_incidents);
  return TRUE;
}

OtDocument *
ot_cli_load_document (const OtCliOptions  *options,
                      GError             **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OtDataset) dataset = NULL;

  for (guint i = 0; options->files && options->files[i]; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (options->files[i]));
  dataset = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, error);
  return dataset != NULL ? ot_document_new (dataset) : NULL;
}
