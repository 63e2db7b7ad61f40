/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts speak the user's language: each view of the sample incidents is
 * built under LANGUAGE=de and LANGUAGE=zh_CN (each in its own subprocess,
 * as gettext reads LANGUAGE per process) and its scene is read back —
 * node labels, legend, caption, source line — together with the tooltip
 * description and details heading of a country.  Country names come from
 * iso-codes, minerals, statuses and legend words from our catalogues
 * (OT_LOCALEDIR: the ones compiled into the build tree).  Without a
 * language the same chart stays English, as the golden images need.
 * Dates for people follow LC_TIME. */
#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ot-chart.h"
#include "ot-loader.h"
#include "ot-scene-private.h"

typedef struct {
  const char *language;
  const char *germany;       /* a destination in the samples */
  const char *china;
  const char *antimony;      /* a mineral in the legend and caption */
  const char *legend_word;   /* "Origin country" in the network legend */
  const char *all_minerals;  /* in the caption */
  const char *flow_header;   /* "Origin": the flow view's first column */
} Expected;

static const Expected english = {
  "", "Germany", "China", "Antimony", "Origin country", "all minerals", "Origin",
};
static const Expected german = {
  "de", "Deutschland", "China", "Antimon", "Herkunftsland", "alle Mineralien", "Herkunft",
};
static const Expected chinese = {
  "zh_CN", "德国", "中国", "锑", "来源国", "所有矿产", "来源地",
};

static OtChart *
sample_chart (OtViewKind view)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "incidents.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  OtChart *chart;

  g_assert_no_error (error);
  chart = ot_chart_new ();
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, view);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return chart;
}

/* All the words a scene draws, one per line. */
static char *
scene_text (const OtScene *scene)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n%s\n%s\n", scene->title, scene->subtitle, scene->source);
  for (guint i = 0; i < scene->legend->len; i++)
    g_string_append_printf (text, "%s\n", g_array_index (scene->legend, OtLegendItem, i).label);
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const char *label = g_array_index (scene->nodes, OtNodeItem, i).label;

      if (label != NULL)
        g_string_append_printf (text, "%s\n", label);
    }
  return g_string_free (text, FALSE);
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  g_autofree char *haystack = g_strdup_printf ("\n%s", text);

  return strstr (haystack, needle) != NULL;
}

static void
check_view (OtViewKind      view,
            const Expected *want)
{
  g_autoptr(OtChart) chart = sample_chart (view);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  g_autofree char *text = scene_text (scene);

  g_test_message ("%s view, LANGUAGE=%s:\n%s", ot_view_kind_name (view), want->language, text);
  /* Country labels on the chart, whole lines. */
  g_assert_true (has_line (text, want->germany));
  g_assert_true (has_line (text, want->china));
  /* The mineral legend. */
  g_assert_true (has_line (text, want->antimony));
  g_assert_nonnull (strstr (scene->subtitle, want->all_minerals));
  if (view == OT_VIEW_FLOW)
    g_assert_true (has_line (text, want->flow_header));
  else
    g_assert_true (has_line (text, want->legend_word));
  if (want != &english)
    {
      g_assert_false (has_line (text, english.germany));
      g_assert_false (has_line (text, english.antimony));
      g_assert_null (strstr (scene->subtitle, english.all_minerals));
    }
}

/* The tooltip and the details pane name a country as the chart does. */
static void
check_descriptions (const Expected *want)
{
  g_autoptr(OtChart) chart = sample_chart (OT_VIEW_NETWORK);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  gint de = ot_network_find_vertex (network, "country:DE");
  g_autofree char *describe = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GVariant) details = NULL;
  const char *heading = NULL;

  g_assert_cmpint (de, >=, 0);
  describe = ot_chart_describe (chart, OT_HIT_NODE, de);
  prefix = g_strconcat (want->germany, " · ", NULL);
  g_assert_true (g_str_has_prefix (describe, prefix));
  details = ot_chart_get_details (chart, NULL, OT_HIT_NODE, de);
  g_assert_nonnull (details);
  g_variant_get_child (details, 0, "&s", &heading);
  g_assert_cmpstr (heading, ==, want->germany);
}

static void
check_language (const Expected *want)
{
  for (guint v = 0; v < OT_N_VIEWS; v++)
    check_view (v, want);
  check_descriptions (want);
}

static void
test_chart_english (void)
{
  check_language (&english);
}

/* Runs @want's checks in a child whose gettext sees LANGUAGE from the start. */
static void
run_in_language (const Expected *want)
{
  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", want->language, TRUE);
      check_language (want);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static char *
display (const char *iso)
{
  OtDate date;

  g_assert_true (ot_date_parse (iso, &date, NULL));
  return ot_date_to_display (&date);
}

/* Dates for people: ISO under C.UTF-8 (whose %x would be "05/14/25");
 * the locale's own form where one is installed. */
static void
test_dates (void)
{
  g_autofree char *day = display ("2025-05-14");
  g_autofree char *month = display ("2025-05");
  g_autofree char *year = display ("2025");
  g_autofree char *de_day = NULL;
  g_autofree char *de_month = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_TIME, NULL));

  g_assert_cmpstr (day, ==, "2025-05-14");
  g_assert_cmpstr (month, ==, "2025-05");
  g_assert_cmpstr (year, ==, "2025");
  if (setlocale (LC_TIME, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed");
      return;
    }
  de_day = display ("2025-05-14");
  de_month = display ("2025-05");
  setlocale (LC_TIME, saved);
  g_assert_cmpstr (de_day, ==, "14.05.2025");
  g_assert_cmpstr (de_month, ==, "Mai 2025");
}

static void
test_chart_german (void)
{
  run_in_language (&german);
}

static void
test_chart_chinese (void)
{
  run_in_language (&chinese);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OT_LOCALEDIR");

  /* Under C.UTF-8 (set by the test environment) gettext honours LANGUAGE. */
  setlocale (LC_ALL, "");
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-i18n/english", test_chart_english);
  g_test_add_func ("/chart-i18n/german", test_chart_german);
  g_test_add_func ("/chart-i18n/chinese", test_chart_chinese);
  g_test_add_func ("/chart-i18n/dates", test_dates);

  return g_test_run ();
}
