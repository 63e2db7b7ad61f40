/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-test-reimport.h: the updated file of the re-import tests (issue 17):
 * data/samples/incidents.csv with one quantity corrected, one row
 * removed and one new row made up by the test, the rest untouched. */
#pragma once

#include <string.h>
#include <glib.h>

#define CORRECTED "CMI-2025-0002"   /* quantity 600 kg -> 650 kg */
#define REMOVED   "REAL-2023-0005"
#define ADDED     "TEST-REIMPORT-0001"
#define UNTOUCHED "CMI-2025-0001"
#define BROKEN    "CMI-2025-0005"   /* a row given a date that cannot be */

static inline char *
ot_test_read_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "incidents.csv", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* @text with the line starting "@id," replaced by @line (NULL: removed). */
static inline char *
edit_row (const char *text,
          const char *id,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *prefix = g_strconcat (id, ",", NULL);
  GString *out = g_string_new (NULL);
  gboolean found = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], prefix))
        {
          found = TRUE;
          if (line == NULL)
            continue;
          g_string_append (out, line);
        }
      else
        g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  g_assert_true (found);
  return g_string_free (out, FALSE);
}

/* The row of @id with @from (once) replaced by @to. */
static inline char *
edit_field (const char *text,
            const char *id,
            const char *from,
            const char *to)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *prefix = g_strconcat (id, ",", NULL);
  g_autofree char *edited = NULL;

  for (guint i = 0; lines[i] != NULL && edited == NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_auto(GStrv) parts = g_strsplit (lines[i], from, 2);

        g_assert_nonnull (parts[1]);
        edited = g_strconcat (parts[0], to, parts[1], NULL);
      }
  g_assert_nonnull (edited);
  return edit_row (text, id, edited);
}

/* The updated file of the issue: one quantity corrected, one row gone,
 * one new row, the rest untouched. */
static inline char *
updated_text (const char *original)
{
  g_autofree char *corrected = edit_field (original, CORRECTED, ",600,kg,", ",650,kg,");
  g_autofree char *removed = edit_row (corrected, REMOVED, NULL);

  return g_strconcat (removed,
                      ADDED ",2025-06,antimony,metal,,1200,kg,,,,,CN,,,TH,,reported,low,,,,,,,"
                      "false,Made up by test-reimport.c,,Not a real record\n", NULL);
}

static inline void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

