/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ot-country.h"

static const char *
parse (const char *text)
{
  static OtCountry c;

  memset (&c, 0, sizeof c);
  if (!ot_country_parse (text, &c))
    return "";
  return c.code;
}

static void
test_country_table (void)
{
  double lat, lon;

  /* data/countries.csv has every ISO 3166-1 country plus Kosovo. */
  g_assert_cmpuint (ot_country_count (), >=, 249);
  g_assert_true (ot_country_is_known ("TH"));
  g_assert_false (ot_country_is_known ("ZZ"));
  g_assert_false (ot_country_is_known (NULL));
  g_assert_cmpstr (ot_country_name ("MX"), ==, "Mexico");
  g_assert_cmpstr (ot_country_alpha3 ("VN"), ==, "VNM");
  g_assert_cmpint (ot_country_numeric ("BO"), ==, 68);
  g_assert_cmpint (ot_country_numeric ("XK"), ==, -1);
  g_assert_cmpint (ot_country_numeric ("QQ"), ==, -1);
  g_assert_null (ot_country_name ("QQ"));

  g_assert_true (ot_country_point ("HK", &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 22.439, 1e-6);
  g_assert_cmpfloat_with_epsilon (lon, 114.14, 1e-6);
  g_assert_false (ot_country_point ("QQ", &lat, &lon));

  for (guint i = 0; i < ot_country_count (); i++)
    {
      const char *code = ot_country_nth (i);
      g_assert_cmpuint (strlen (code), ==, 2);
      g_assert_cmpstr (parse (code), ==, code);
      g_assert_cmpstr (parse (ot_country_alpha3 (code)), ==, code);
      g_assert_cmpstr (parse (ot_country_name (code)), ==, code);
      g_assert_true (ot_country_point (code, &lat, &lon));
      g_assert_cmpfloat (fabs (lat), <=, 90.0);
      g_assert_cmpfloat (fabs (lon), <=, 180.0);
    }
}

static void
test_country_parse (void)
{
  /* Codes and names, any case, blanks ignored. */
  g_assert_cmpstr (parse ("th"), ==, "TH");
  g_assert_cmpstr (parse (" tha "), ==, "TH");
  g_assert_cmpstr (parse ("THAILAND"), ==, "TH");
  g_assert_cmpstr (parse ("mexico"), ==, "MX");
  /* Aliases. */
  g_assert_cmpstr (parse ("USA"), ==, "US");
  g_assert_cmpstr (parse ("United States"), ==, "US");
  g_assert_cmpstr (parse ("United States of America"), ==, "US");
  g_assert_cmpstr (parse ("UK"), ==, "GB");
  g_assert_cmpstr (parse ("Viet Nam"), ==, "VN");
  g_assert_cmpstr (parse ("Vietnam"), ==, "VN");
  g_assert_cmpstr (parse ("South Korea"), ==, "KR");
  g_assert_cmpstr (parse ("Korea, Republic of"), ==, "KR");
  g_assert_cmpstr (parse ("Türkiye"), ==, "TR");
  g_assert_cmpstr (parse ("TÜRKIYE"), ==, "TR");
  g_assert_cmpstr (parse ("Turkey"), ==, "TR");
  g_assert_cmpstr (parse ("Russia"), ==, "RU");
  g_assert_cmpstr (parse ("Iran"), ==, "IR");
  g_assert_cmpstr (parse ("Laos"), ==, "LA");
  g_assert_cmpstr (parse ("Taiwan"), ==, "TW");
  g_assert_cmpstr (parse ("Hong Kong"), ==, "HK");
  g_assert_cmpstr (parse ("Macau"), ==, "MO");
  g_assert_cmpstr (parse ("Macao"), ==, "MO");
  g_assert_cmpstr (parse ("Czech Republic"), ==, "CZ");
  g_assert_cmpstr (parse ("Czechia"), ==, "CZ");
  /* Accents and a leading "the" do not matter. */
  g_assert_cmpstr (parse ("Cote d'Ivoire"), ==, "CI");
  g_assert_cmpstr (parse ("the  Netherlands"), ==, "NL");
  g_assert_cmpstr (parse ("Curacao"), ==, "CW");

  g_assert_cmpstr (parse ("Thailnd"), ==, "");
  g_assert_cmpstr (parse (""), ==, "");
  g_assert_cmpstr (parse ("   "), ==, "");
  g_assert_cmpstr (parse (NULL), ==, "");
  g_assert_cmpstr (parse ("ZZ"), ==, "");
  g_assert_cmpstr (parse ("\xff\xfe"), ==, "");
}

static void
test_country_display_name (void)
{
  /* Untranslated in the C locale: the English name. */
  g_assert_cmpstr (ot_country_display_name ("DE"), ==, "Germany");
  g_assert_null (ot_country_display_name ("QQ"));
  /* A chart label, not iso-codes' inverted long form; parsing still
   * takes both. */
  g_assert_cmpstr (ot_country_display_name ("CD"), ==, "DR Congo");
  g_assert_cmpstr (ot_country_name ("CD"), ==, "Congo, The Democratic Republic of the");
}

static void
test_country_localised (void)
{
  const char *dir = "/usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo";

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("iso-codes German catalogue not installed");
      return;
    }
  /* LANGUAGE picks the catalogue when the locale is not plain C. */
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("no C.UTF-8 locale");
      return;
    }
  g_setenv ("LANGUAGE", "de", TRUE);
  if (g_strcmp0 (g_dgettext ("iso_3166-1", "Czechia"), "Tschechien") != 0)
    {
      g_test_skip ("gettext ignores LANGUAGE in this locale");
      return;
    }
  g_assert_cmpstr (ot_country_display_name ("CZ"), ==, "Tschechien");
  g_assert_cmpstr (ot_country_display_name ("MX"), ==, "Mexiko");
  g_assert_cmpstr (ot_country_name ("MX"), ==, "Mexico");
  /* Translated names are the catalogue's, short form or not. */
  g_assert_cmpstr (ot_country_display_name ("CD"), !=, "DR Congo");
  g_unsetenv ("LANGUAGE");
}

static gpointer
parse_in_thread (gpointer data)
{
  OtCountry c;

  return GINT_TO_POINTER (ot_country_parse ("Laos", &c) && strcmp (c.code, "LA") == 0);
}

static void
test_country_threads (void)
{
  GThread *threads[8];

  /* The table loads once, whichever thread comes first. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parse", parse_in_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/country/threads", test_country_threads);
  g_test_add_func ("/country/table", test_country_table);
  g_test_add_func ("/country/parse", test_country_parse);
  g_test_add_func ("/country/display-name", test_country_display_name);
  g_test_add_func ("/country/localised", test_country_localised);

  return g_test_run ();
}
