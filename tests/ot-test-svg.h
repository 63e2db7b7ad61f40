/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading an exported SVG with GMarkup, for the SVG tests. */
#pragma once

#include <string.h>

#include <glib.h>

/* Parses the SVG file @path with @parser and @data, asserting it is
 * well-formed; returns its length in bytes.  GMarkup reads the document,
 * not the XML declaration: parsing starts at "<svg ". */
static inline gsize
ot_test_parse_svg (const char          *path,
                   const GMarkupParser *parser,
                   gpointer             data)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParseContext *context;
  const char *body;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  body = strstr (contents, "<svg ");
  g_assert_nonnull (body);
  context = g_markup_parse_context_new (parser, 0, data, NULL);
  g_assert_true (g_markup_parse_context_parse (context, body,
                                               (gssize) (length - (gsize) (body - contents)),
                                               &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  return length;
}
