/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The filter's words come out in Chinese under LANGUAGE=zh_CN (and in
 * German under de), country names through iso-codes, from the catalogues
 * compiled into the build tree (OT_LOCALEDIR).  No display needed. */
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "ot-filter.h"
#include "ot-incident.h"

/* glibc caches translations per locale, not per LANGUAGE: setting the
 * locale again drops the cache. */
static void
set_language (const char *language)
{
  if (language)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

static char *
describe_sample (void)
{
  g_autoptr(OtFilter) filter = ot_filter_new ();

  ot_filter_set_confidence (filter, OT_CONFIDENCE_HIGH, TRUE);
  ot_filter_set_country (filter, "TH", OT_FILTER_INCLUDE);
  ot_filter_set_min_kg (filter, 100);
  /* Issue 16's evidence parts. */
  ot_filter_set_reliability (filter, 'A', TRUE);
  ot_filter_set_reliability (filter, 'B', TRUE);
  ot_filter_set_show_illustrative (filter, FALSE);
  return ot_filter_describe (filter);
}

static void
test_i18n_filters_chinese (void)
{
  g_autofree char *text = NULL;

  set_language ("zh_CN");
  g_assert_cmpstr (ot_filter_confidence_label (OT_CONFIDENCE_HIGH), ==, "高");
  /* Forms are words of the interface too (issue 16: "metal" stayed English). */
  g_assert_cmpstr (ot_form_label (OT_FORM_METAL), ==, "金属");
  g_assert_cmpstr (ot_form_label (OT_FORM_OXIDE), ==, "氧化物");
  text = describe_sample ();
  g_assert_cmpstr (text, ==, "高置信度 · 可靠性 A–B · 不含示例记录 · 涉及泰国 · ≥ 100 千克");
  {
    g_autofree char *grade = ot_filter_credibility_label (2);

    g_assert_cmpstr (grade, ==, "2 · 很可能属实");
  }
}

static void
test_i18n_filters_german (void)
{
  g_autofree char *text = NULL;

  set_language ("de");
  g_assert_cmpstr (ot_form_label (OT_FORM_METAL), ==, "Metall");
  g_assert_cmpstr (ot_form_label (OT_FORM_ALLOY), ==, "Legierung");
  text = describe_sample ();
  g_assert_cmpstr (text, ==, "Verlässlichkeit Hoch · Zuverlässigkeit A–B · Ohne beispielhafte Datensätze · "
                             "Mit Thailand · ≥ 100 kg");
  {
    g_autofree char *grade = ot_filter_reliability_label ('b');

    g_assert_cmpstr (grade, ==, "B · Meist zuverlässig");
  }
}

static void
test_i18n_filters_english (void)
{
  g_autofree char *text = NULL;

  set_language (NULL);
  text = describe_sample ();
  g_assert_cmpstr (text, ==, "High confidence · Reliability A–B · Without illustrative records · "
                             "Involving Thailand · ≥ 100 kg");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OT_LOCALEDIR");

  /* C.UTF-8 (set by the test environment) is enough: gettext honours
   * LANGUAGE under any locale but plain "C". */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/i18n-filters/chinese", test_i18n_filters_chinese);
  g_test_add_func ("/i18n-filters/german", test_i18n_filters_german);
  g_test_add_func ("/i18n-filters/english", test_i18n_filters_english);

  return g_test_run ();
}
