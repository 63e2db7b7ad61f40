/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ot-mineral.h"

static OtMineral
parse (const char *text)
{
  OtMineral m = OT_MINERAL_NONE;

  if (!ot_mineral_parse (text, &m))
    return OT_MINERAL_NONE;
  return m;
}

static void
test_mineral_table (void)
{
  guint n_rare = 0;

  /* 9 strategic minerals, the mixed rare earths and 17 elements. */
  g_assert_cmpuint (ot_mineral_count (), ==, 27);
  g_assert_cmpstr (ot_mineral_name (0), ==, "antimony");
  g_assert_cmpstr (ot_mineral_symbol (0), ==, "Sb");
  g_assert_cmpstr (ot_mineral_name (9), ==, "rare earths (mixed)");
  g_assert_cmpstr (ot_mineral_symbol (9), ==, "REE");
  g_assert_cmpstr (ot_mineral_name (26), ==, "lutetium");

  for (guint i = 0; i < ot_mineral_count (); i++)
    {
      g_assert_nonnull (ot_mineral_label (i));
      g_assert_true (g_ascii_isupper (ot_mineral_label (i)[0]));
      /* Every name and symbol parses back to itself. */
      g_assert_cmpuint (parse (ot_mineral_name (i)), ==, i);
      g_assert_cmpuint (parse (ot_mineral_symbol (i)), ==, i);
      if (ot_mineral_is_rare_earth (i))
        n_rare++;
    }
  g_assert_cmpuint (n_rare, ==, 18);
  g_assert_false (ot_mineral_is_rare_earth (parse ("gallium")));
  g_assert_true (ot_mineral_is_rare_earth (parse ("Dy")));
}

static void
test_mineral_parse (void)
{
  g_assert_cmpuint (parse ("  ANTIMONY "), ==, 0);
  g_assert_cmpuint (parse ("ga"), ==, 1);
  g_assert_cmpuint (parse ("GE"), ==, 2);
  g_assert_cmpstr (ot_mineral_name (parse ("Dy")), ==, "dysprosium");
  g_assert_cmpstr (ot_mineral_name (parse ("Rare Earths")), ==, "rare earths (mixed)");
  g_assert_cmpstr (ot_mineral_name (parse ("REE")), ==, "rare earths (mixed)");
  g_assert_cmpstr (ot_mineral_name (parse ("wolfram")), ==, "tungsten");
  /* HS codes, with dots, six or ten digits. */
  g_assert_cmpstr (ot_mineral_name (parse ("8110.10")), ==, "antimony");
  g_assert_cmpstr (ot_mineral_name (parse ("2617101000")), ==, "antimony");
  g_assert_cmpstr (ot_mineral_name (parse ("2504.10")), ==, "graphite");
  g_assert_cmpstr (ot_mineral_name (parse ("280530")), ==, "rare earths (mixed)");
  g_assert_cmpstr (ot_mineral_name (parse ("284610")), ==, "cerium");

  g_assert_cmpuint (parse ("unobtainium"), ==, OT_MINERAL_NONE);
  g_assert_cmpuint (parse (""), ==, OT_MINERAL_NONE);
  g_assert_cmpuint (parse (NULL), ==, OT_MINERAL_NONE);
  g_assert_cmpuint (parse ("8110"), ==, OT_MINERAL_NONE);
  /* Shared by gallium, germanium and indium: says nothing. */
  g_assert_cmpuint (parse ("811292"), ==, OT_MINERAL_NONE);
  /* Solder paste is what goods are declared as, not a mineral. */
  g_assert_cmpuint (parse ("3810.10"), ==, OT_MINERAL_NONE);
  g_assert_cmpuint (parse ("81x010"), ==, OT_MINERAL_NONE);
}

static void
test_mineral_hs_code (void)
{
  OtMineral m;

  g_assert_true (ot_mineral_from_hs_code ("8101.94", &m));
  g_assert_cmpstr (ot_mineral_name (m), ==, "tungsten");
  g_assert_true (ot_mineral_from_hs_code ("850511", &m));
  g_assert_cmpstr (ot_mineral_name (m), ==, "rare earths (mixed)");
  g_assert_false (ot_mineral_from_hs_code ("282590", &m));
  g_assert_false (ot_mineral_from_hs_code ("abc", &m));
  g_assert_false (ot_mineral_from_hs_code (NULL, &m));
}

static guint32
rgb_of (OtMineral m)
{
  double r, g, b;

  ot_mineral_color (m, &r, &g, &b);
  g_assert_cmpfloat (r, >=, 0.0);
  g_assert_cmpfloat (r, <=, 1.0);
  g_assert_cmpfloat (g, >=, 0.0);
  g_assert_cmpfloat (b, <=, 1.0);
  return ((guint32) (r * 255 + 0.5) << 16) | ((guint32) (g * 255 + 0.5) << 8) |
         (guint32) (b * 255 + 0.5);
}

static void
test_mineral_palette (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  /* The ten non-element entries all differ; single rare earths share
   * their family's colour (tests/test-palette.c measures the rest). */
  for (guint i = 0; i < ot_mineral_count (); i++)
    {
      guint32 rgb = rgb_of (i);

      if (i >= 10)
        {
          g_assert_true (ot_mineral_is_rare_earth (i));
          continue;
        }
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (rgb)));
      g_hash_table_add (seen, GUINT_TO_POINTER (rgb));
    }
  g_assert_cmphex (rgb_of (13), ==, rgb_of (15));   /* cerium, neodymium */
  g_assert_cmphex (rgb_of (20), ==, rgb_of (21));   /* terbium, dysprosium */
  g_assert_cmphex (rgb_of (15), !=, rgb_of (21));
  g_assert_cmphex (rgb_of (9), !=, rgb_of (21));
  /* Okabe-Ito vermillion for antimony, sky blue for gallium. */
  g_assert_cmphex (rgb_of (0), ==, 0xD55E00);
  g_assert_cmphex (rgb_of (1), ==, 0x56B4E9);
  /* Not given: neutral grey, no crash. */
  g_assert_cmphex (rgb_of (OT_MINERAL_NONE), ==, 0x8F8F8F);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mineral/table", test_mineral_table);
  g_test_add_func ("/mineral/parse", test_mineral_parse);
  g_test_add_func ("/mineral/hs-code", test_mineral_hs_code);
  g_test_add_func ("/mineral/palette", test_mineral_palette);

  return g_test_run ();
}
