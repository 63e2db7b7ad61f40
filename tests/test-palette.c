/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mineral palette keeps its promises (docs/views.md, "Colour"): the
 * CIEDE2000 implementation agrees with Sharma, Wu & Dalal's published test
 * pairs; any two colours that can appear together differ by at least
 * OT_TEST_MIN_PAIR in the light and the dark theme; every colour stands
 * out from the background, the sea and the land; the rare earths are one
 * family; the common minerals stay apart for a deuteranope. */
#include <math.h>

#include "ot-chart.h"
#include "ot-color.h"
#include "ot-mineral.h"
#include "ot-scene-private.h"
#include "ot-test-load.h"

#define OT_TEST_MIN_PAIR       15.0   /* ΔE2000 between two mineral colours */
#define OT_TEST_MIN_BACKGROUND 20.0   /* ΔE2000 from background, land, water */
#define OT_TEST_MIN_DEUTAN     10.0   /* ΔE2000 between common minerals, deuteranopia */

/* Sharma, Wu & Dalal (2005), table 1: L*a*b* of two samples and ΔE00. */
static const double sharma[][7] = {
  { 50.0000,   2.6772, -79.7751, 50.0000,   0.0000, -82.7485,  2.0425 },
  { 50.0000,   3.1571, -77.2803, 50.0000,   0.0000, -82.7485,  2.8615 },
  { 50.0000,   2.8361, -74.0200, 50.0000,   0.0000, -82.7485,  3.4412 },
  { 50.0000,  -1.3802, -84.2814, 50.0000,   0.0000, -82.7485,  1.0000 },
  { 50.0000,  -1.1848, -84.8006, 50.0000,   0.0000, -82.7485,  1.0000 },
  { 50.0000,  -0.9009, -85.5211, 50.0000,   0.0000, -82.7485,  1.0000 },
  { 50.0000,   0.0000,   0.0000, 50.0000,  -1.0000,   2.0000,  2.3669 },
  { 50.0000,  -1.0000,   2.0000, 50.0000,   0.0000,   0.0000,  2.3669 },
  { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0009,  7.1792 },
  { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0010,  7.1792 },
  { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0011,  7.2195 },
  { 50.0000,   2.4900,  -0.0010, 50.0000,  -2.4900,   0.0012,  7.2195 },
  { 50.0000,  -0.0010,   2.4900, 50.0000,   0.0009,  -2.4900,  4.8045 },
  { 50.0000,  -0.0010,   2.4900, 50.0000,   0.0010,  -2.4900,  4.8045 },
  { 50.0000,  -0.0010,   2.4900, 50.0000,   0.0011,  -2.4900,  4.7461 },
  { 50.0000,   2.5000,   0.0000, 50.0000,   0.0000,  -2.5000,  4.3065 },
  { 50.0000,   2.5000,   0.0000, 73.0000,  25.0000, -18.0000, 27.1492 },
  { 50.0000,   2.5000,   0.0000, 61.0000,  -5.0000,  29.0000, 22.8977 },
  { 50.0000,   2.5000,   0.0000, 56.0000, -27.0000,  -3.0000, 31.9030 },
  { 50.0000,   2.5000,   0.0000, 58.0000,  24.0000,  15.0000, 19.4535 },
  { 50.0000,   2.5000,   0.0000, 50.0000,   3.1736,   0.5854,  1.0000 },
  { 50.0000,   2.5000,   0.0000, 50.0000,   3.2972,   0.0000,  1.0000 },
  { 50.0000,   2.5000,   0.0000, 50.0000,   1.8634,   0.5757,  1.0000 },
  { 50.0000,   2.5000,   0.0000, 50.0000,   3.2592,   0.3350,  1.0000 },
  { 60.2574, -34.0099,  36.2677, 60.4626, -34.1751,  39.4387,  1.2644 },
  { 63.0109, -31.0961,  -5.8663, 62.8187, -29.7946,  -4.0864,  1.2630 },
  { 61.2901,   3.7196,  -5.3901, 61.4292,   2.2480,  -4.9620,  1.8731 },
  { 35.0831, -44.1164,   3.7933, 35.0232, -40.0716,   1.5901,  1.8645 },
  { 22.7233,  20.0904, -46.6940, 23.0331,  14.9730, -42.5619,  2.0373 },
  { 36.4612,  47.8580,  18.3852, 36.2715,  50.5065,  21.2231,  1.4146 },
  { 90.8027,  -2.0831,   1.4410, 91.1528,  -1.6435,   0.0447,  1.4441 },
  { 90.9257,  -0.5406,  -0.9208, 88.6381,  -0.8985,  -0.7239,  1.5381 },
  {  6.7747,  -0.2908,  -2.4247,  5.8714,  -0.0985,  -2.2286,  0.6377 },
  {  2.0776,   0.0795,  -1.1350,  0.9033,  -0.0636,  -0.5514,  0.9082 },
};

static void
test_palette_ciede2000 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sharma); i++)
    {
      OtLab a = { sharma[i][0], sharma[i][1], sharma[i][2] };
      OtLab b = { sharma[i][3], sharma[i][4], sharma[i][5] };

      g_test_message ("pair %u", i + 1);
      /* The table gives four decimals; the formula is symmetric. */
      g_assert_cmpfloat_with_epsilon (ot_color_delta_e2000 (&a, &b), sharma[i][6], 5e-5);
      g_assert_cmpfloat_with_epsilon (ot_color_delta_e2000 (&b, &a), sharma[i][6], 5e-5);
    }
}

static void
test_palette_lab (void)
{
  OtLab lab;

  /* sRGB white is the D65 white point; black is L* 0. */
  ot_color_srgb_to_lab (1, 1, 1, &lab);
  g_assert_cmpfloat_with_epsilon (lab.l, 100, 0.01);
  g_assert_cmpfloat_with_epsilon (lab.a, 0, 0.01);
  g_assert_cmpfloat_with_epsilon (lab.b, 0, 0.01);
  ot_color_srgb_to_lab (0, 0, 0, &lab);
  g_assert_cmpfloat_with_epsilon (lab.l, 0, 0.01);
  /* sRGB red: L* 53.24, a* 80.09, b* 67.20 (the usual published values). */
  ot_color_srgb_to_lab (1, 0, 0, &lab);
  g_assert_cmpfloat_with_epsilon (lab.l, 53.24, 0.02);
  g_assert_cmpfloat_with_epsilon (lab.a, 80.09, 0.05);
  g_assert_cmpfloat_with_epsilon (lab.b, 67.20, 0.05);
  /* A grey, Lab of 50 % grey (0x777777 ≈ L* 50). */
  g_assert_cmpfloat (ot_color_delta_e2000_rgb (0x777777, 0x777777), ==, 0);
  g_assert_cmpfloat (ot_color_delta_e2000_rgb (0x000000, 0xffffff), >, 99);
}

static void
test_palette_deuteranopia_model (void)
{
  /* Greys and blues are seen as they are; red and green, far apart for
   * normal vision, come close. */
  g_assert_cmphex (ot_color_simulate_deuteranopia (0x000000), ==, 0x000000);
  g_assert_cmpfloat (ot_color_delta_e2000_rgb (ot_color_simulate_deuteranopia (0x808080),
                                               0x808080), <, 1.0);
  g_assert_cmpfloat (ot_color_delta_e2000_rgb (0xD62728, 0x2CA02C), >, 40);
  g_assert_cmpfloat (ot_color_delta_e2000_rgb (ot_color_simulate_deuteranopia (0xD62728),
                                               ot_color_simulate_deuteranopia (0x2CA02C)), <, 20);
}

static guint32
rgb_of_color (const OtRgba *c)
{
  return ((guint32) lround (c->r * 255) << 16) | ((guint32) lround (c->g * 255) << 8) |
         (guint32) lround (c->b * 255);
}

/* Every mineral and "not given"; the last slot is OT_MINERAL_NONE. */
static OtMineral
nth_mineral (guint i)
{
  return i < ot_mineral_count () ? (OtMineral) i : OT_MINERAL_NONE;
}

static const char *
name_of (OtMineral m)
{
  return m == OT_MINERAL_NONE ? "not given" : ot_mineral_name (m);
}

/* Two minerals that draw in one colour must be rare earths of one family. */
static void
check_shared_colour (OtMineral a,
                     OtMineral b)
{
  g_assert_true (a != OT_MINERAL_NONE && b != OT_MINERAL_NONE);
  g_assert_cmpint (ot_mineral_family (a), !=, OT_MINERAL_FAMILY_OWN);
  g_assert_cmpint (ot_mineral_family (a), ==, ot_mineral_family (b));
}

static void
check_theme (const OtTheme *theme)
{
  const OtRgba *grounds[] = { &theme->background, &theme->land, &theme->water };
  guint n = ot_mineral_count () + 1;
  double min_pair = G_MAXDOUBLE, min_ground = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      OtMineral a = nth_mineral (i);
      guint32 ca = ot_mineral_rgb (a, theme->dark);

      for (guint k = 0; k < G_N_ELEMENTS (grounds); k++)
        {
          double d = ot_color_delta_e2000_rgb (ca, rgb_of_color (grounds[k]));

          if (d < OT_TEST_MIN_BACKGROUND)
            g_error ("%s %06X is %.1f from ground %u", name_of (a), ca, d, k);
          min_ground = MIN (min_ground, d);
        }
      for (guint j = i + 1; j < n; j++)
        {
          OtMineral b = nth_mineral (j);
          guint32 cb = ot_mineral_rgb (b, theme->dark);
          double d;

          if (ca == cb)
            {
              check_shared_colour (a, b);
              continue;
            }
          d = ot_color_delta_e2000_rgb (ca, cb);
          if (d < OT_TEST_MIN_PAIR)
            g_error ("%s %06X and %s %06X: ΔE2000 %.2f", name_of (a), ca, name_of (b), cb, d);
          min_pair = MIN (min_pair, d);
        }
    }
  g_test_message ("%s theme: closest pair %.1f, closest to a ground %.1f",
                  theme->dark ? "dark" : "light", min_pair, min_ground);
}

static void
test_palette_pairs (void)
{
  check_theme (ot_theme_light ());
  check_theme (ot_theme_dark ());
}

/* The rare earths are the palette's only wine-to-pink hues (CIELAB hue
 * 325°-360°, chroma over 20): one family a reader recognises. */
static void
test_palette_rare_earth_family (void)
{
  for (guint dark = 0; dark < 2; dark++)
    for (guint i = 0; i < ot_mineral_count () + 1; i++)
      {
        OtMineral m = nth_mineral (i);
        guint32 rgb = ot_mineral_rgb (m, dark);
        OtLab lab;
        double hue, chroma;
        gboolean in_family;

        ot_color_srgb_to_lab (((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                              (rgb & 0xff) / 255.0, &lab);
        hue = fmod (atan2 (lab.b, lab.a) * 180 / G_PI + 360, 360);
        chroma = hypot (lab.a, lab.b);
        in_family = hue >= 325 && chroma > 20;
        g_assert_cmpint (in_family, ==, m != OT_MINERAL_NONE && ot_mineral_is_rare_earth (m));
      }
  /* Neodymium is light, dysprosium heavy; both name their family. */
  g_assert_cmpint (ot_mineral_family (15), ==, OT_MINERAL_FAMILY_LIGHT_RARE_EARTHS);
  g_assert_cmpint (ot_mineral_family (21), ==, OT_MINERAL_FAMILY_HEAVY_RARE_EARTHS);
  g_assert_cmpint (ot_mineral_family (9), ==, OT_MINERAL_FAMILY_OWN);
  g_assert_cmpstr (ot_mineral_family_label (OT_MINERAL_FAMILY_HEAVY_RARE_EARTHS), ==,
                   "Heavy rare earths");
  g_assert_null (ot_mineral_family_label (OT_MINERAL_FAMILY_OWN));
}

/* The minerals that most often appear together (the sample's and the
 * generator's most frequent): antimony, gallium, germanium, graphite,
 * tungsten, bismuth, molybdenum, mixed rare earths, and dysprosium for the
 * heavy rare earths. */
static void
test_palette_deuteranopia (void)
{
  static const OtMineral common[] = { 0, 1, 2, 3, 4, 6, 7, 9, 21 };

  for (guint dark = 0; dark < 2; dark++)
    {
      double min = G_MAXDOUBLE;

      for (guint i = 0; i < G_N_ELEMENTS (common); i++)
        for (guint j = i + 1; j < G_N_ELEMENTS (common); j++)
          {
            guint32 a = ot_color_simulate_deuteranopia (ot_mineral_rgb (common[i], dark));
            guint32 b = ot_color_simulate_deuteranopia (ot_mineral_rgb (common[j], dark));
            double d = ot_color_delta_e2000_rgb (a, b);

            if (d < OT_TEST_MIN_DEUTAN)
              g_error ("deuteranopia: %s and %s are %.2f apart", ot_mineral_name (common[i]),
                       ot_mineral_name (common[j]), d);
            min = MIN (min, d);
          }
      g_test_message ("%s theme: closest common pair for a deuteranope %.1f",
                      dark ? "dark" : "light", min);
    }
}

/* The legend line of @label in @scene, or NULL. */
static const OtLegendItem *
legend_line (OtScene    *scene,
             const char *label)
{
  for (guint i = 0; i < scene->legend->len; i++)
    {
      const OtLegendItem *item = &g_array_index (scene->legend, OtLegendItem, i);

      if (item->kind == OT_LEGEND_SWATCH && g_strcmp0 (item->label, label) == 0)
        return item;
    }
  return NULL;
}

/* The sample's dysprosium (six magnet cases) and yttrium (REAL-2025-0021)
 * share one legend line that names them, most incidents first, in the
 * heavy family's colour; samarium (REAL-2025-0009) is alone in the light
 * family's line; the chart uses the dark palette in the dark theme. */
static void
test_palette_legend (void)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(GError) error = NULL;
  OtMineral dy, graphite;

  g_assert_true (ot_mineral_parse ("dysprosium", &dy));
  g_assert_true (ot_mineral_parse ("graphite", &graphite));
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, OT_VIEW_MAP);
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autoptr(OtScene) scene = NULL;
      const OtLegendItem *heavy, *ink;

      ot_chart_set_theme (chart, dark ? ot_theme_dark () : ot_theme_light ());
      g_assert_true (ot_chart_update (chart, NULL, &error));
      g_assert_no_error (error);
      scene = ot_chart_get_scene (chart);
      heavy = legend_line (scene, "Heavy rare earths (Dy, Y)");
      g_assert_nonnull (heavy);
      g_assert_cmphex (rgb_of_color (&heavy->color), ==, ot_mineral_rgb (dy, dark));
      g_assert_null (legend_line (scene, "Dysprosium"));
      g_assert_null (legend_line (scene, "Yttrium"));
      g_assert_nonnull (legend_line (scene, "Light rare earths (Sm)"));
      g_assert_nonnull (legend_line (scene, "Rare earths (mixed)"));
      ink = legend_line (scene, "Graphite");
      g_assert_nonnull (ink);
      g_assert_cmphex (rgb_of_color (&ink->color), ==, dark ? 0xDADADA : 0x2A2A2A);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/palette/ciede2000", test_palette_ciede2000);
  g_test_add_func ("/palette/lab", test_palette_lab);
  g_test_add_func ("/palette/deuteranopia-model", test_palette_deuteranopia_model);
  g_test_add_func ("/palette/pairs", test_palette_pairs);
  g_test_add_func ("/palette/rare-earth-family", test_palette_rare_earth_family);
  g_test_add_func ("/palette/deuteranopia", test_palette_deuteranopia);
  g_test_add_func ("/palette/legend", test_palette_legend);

  return g_test_run ();
}
