/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-data.h"
#include "ot-error.h"
#include "ot-geo.h"

/* countries.csv rows that Natural Earth 50m has no outline for (see
 * data/README-map.md): too small for the 50m scale, or merged in NE. */
static const int no_outline[] = { 74, 292, 581, 772, 798 };

static const OtWorld *
world (void)
{
  g_autoptr(GError) error = NULL;
  const OtWorld *w = ot_world_get (&error);

  g_assert_no_error (error);
  g_assert_nonnull (w);
  return w;
}

static gboolean
is_no_outline (int numeric)
{
  for (guint i = 0; i < G_N_ELEMENTS (no_outline); i++)
    if (no_outline[i] == numeric)
      return TRUE;
  return FALSE;
}

static void
ring_centroid (const OtGeoPoint *p,
               guint             n,
               double           *lon,
               double           *lat)
{
  *lon = *lat = 0;
  for (guint i = 0; i < n; i++)
    {
      *lon += p[i].lon;
      *lat += p[i].lat;
    }
  *lon /= n;
  *lat /= n;
}

/* Whether some ring of the shape has its centroid in the box. */
static gboolean
shape_has_ring_in (int    shape,
                   double west,
                   double east,
                   double south,
                   double north)
{
  const OtWorld *w = world ();

  for (guint r = 0; r < ot_world_shape_n_rings (w, shape); r++)
    {
      guint n;
      const OtGeoPoint *p = ot_world_shape_ring (w, shape, r, &n);
      double lon, lat;

      ring_centroid (p, n, &lon, &lat);
      if (lon >= west && lon <= east && lat >= south && lat <= north)
        return TRUE;
    }
  return FALSE;
}

static void
test_world_load (void)
{
  const OtWorld *w = world ();

  g_assert_true (ot_world_get (NULL) == w);
  g_assert_cmpuint (ot_world_get_n_shapes (w), ==, 248);
  for (guint s = 0; s < ot_world_get_n_shapes (w); s++)
    {
      g_assert_cmpuint (ot_world_shape_n_rings (w, s), >, 0);
      g_assert_cmpstr (ot_world_shape_name (w, s), !=, "");
    }
}

static gpointer
get_world_thread (gpointer data)
{
  g_autoptr(OtGeoProjection) projection = ot_geo_projection_ref (data);
  const OtWorld *w = ot_world_get (NULL);
  double x0, x1;

  /* Every thread also asks for the shared projection's cache. */
  g_assert_true (ot_geo_shape_bounds (w, ot_world_find_numeric (w, 643),
                                      projection, &x0, NULL, &x1, NULL));
  return (gpointer) w;
}

static void
test_world_threads (void)
{
  g_autoptr(OtGeoProjection) projection = ot_geo_projection_new (42);
  GThread *threads[8];
  gpointer seen[8];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("geo", get_world_thread, projection);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    seen[i] = g_thread_join (threads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (seen[i] == world ());
}

/* Every country of data/countries.csv with a Natural Earth outline is
 * found by numeric and by alpha-2, and both give the same shape. */
static void
test_world_countries_csv (void)
{
  const OtWorld *w = world ();
  g_autoptr(GBytes) bytes = ot_data_lookup ("countries.csv", NULL);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint found = 0, missing = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      int numeric, by_code;

      if (lines[i][0] == '#' || lines[i][0] == '\0' || g_str_has_prefix (lines[i], "alpha2,"))
        continue;
      f = g_strsplit (lines[i], ",", 4);
      g_assert_cmpuint (g_strv_length (f), ==, 4);
      by_code = ot_world_find_alpha2 (w, f[0]);
      if (f[2][0] == '\0')
        {
          /* Kosovo: no ISO numeric, but an outline under its alpha-2. */
          g_assert_cmpstr (f[0], ==, "XK");
          g_assert_cmpint (by_code, >=, 0);
          g_assert_cmpint (ot_world_shape_numeric (w, by_code), ==, 0);
          continue;
        }
      numeric = atoi (f[2]);
      if (is_no_outline (numeric))
        {
          g_assert_cmpint (ot_world_find_numeric (w, numeric), ==, -1);
          g_assert_cmpint (by_code, ==, -1);
          missing++;
          continue;
        }
      if (ot_world_find_numeric (w, numeric) < 0)
        g_error ("%s (%03d) has no outline", f[0], numeric);
      g_assert_cmpint (by_code, ==, ot_world_find_numeric (w, numeric));
      g_assert_cmpstr (ot_world_shape_alpha2 (w, by_code), ==, f[0]);
      g_assert_cmpint (ot_world_shape_numeric (w, by_code), ==, numeric);
      found++;
    }
  g_assert_cmpuint (missing, ==, G_N_ELEMENTS (no_outline));
  g_assert_cmpuint (found, ==, 244);
  /* Hubs that the 110m set lacks; lower case works too. */
  g_assert_cmpint (ot_world_find_alpha2 (w, "sg"), >=, 0);
  g_assert_cmpint (ot_world_find_alpha2 (w, "HK"), >=, 0);
  g_assert_cmpint (ot_world_find_alpha2 (w, "BH"), >=, 0);
  g_assert_cmpint (ot_world_find_alpha2 (w, "MT"), >=, 0);
  g_assert_cmpint (ot_world_find_alpha2 (w, "ZZ"), ==, -1);
  g_assert_cmpint (ot_world_find_alpha2 (w, "CHN"), ==, -1);
  g_assert_cmpint (ot_world_find_alpha2 (w, ""), ==, -1);
  g_assert_cmpint (ot_world_find_numeric (w, 0), ==, -1);
  g_assert_cmpint (ot_world_find_numeric (w, 1000), ==, -1);
}

/* "036" twice in Natural Earth: Ashmore and Cartier Is. is merged into
 * Australia; the split-out territories sit where they belong. */
static void
test_world_duplicate_id (void)
{
  const OtWorld *w = world ();
  int au = ot_world_find_numeric (w, 36);
  guint count = 0;

  for (guint s = 0; s < ot_world_get_n_shapes (w); s++)
    if (ot_world_shape_numeric (w, s) == 36)
      count++;
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (ot_world_shape_name (w, au), ==, "Australia");
  g_assert_true (shape_has_ring_in (au, 122.5, 123.7, -12.7, -12.0));  /* Ashmore Reef */
  g_assert_true (shape_has_ring_in (au, 130, 140, -30, -20));           /* the mainland */
  g_assert_true (shape_has_ring_in (ot_world_find_alpha2 (w, "CX"), 105, 106, -11, -10));
  g_assert_true (shape_has_ring_in (ot_world_find_alpha2 (w, "CC"), 96, 97.5, -12.5, -11.5));
  g_assert_true (shape_has_ring_in (ot_world_find_alpha2 (w, "GF"), -55, -51, 2, 6));
  g_assert_true (shape_has_ring_in (ot_world_find_alpha2 (w, "RE"), 55, 56, -21.5, -20.8));
  g_assert_false (shape_has_ring_in (ot_world_find_alpha2 (w, "FR"), -55, -51, 2, 6));
  g_assert_true (shape_has_ring_in (ot_world_find_alpha2 (w, "SJ"), 10, 30, 76, 81));
}

/* Shapes without an id are kept as land, without a numeric code. */
static void
test_world_no_id (void)
{
  const OtWorld *w = world ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint s = 0; s < ot_world_get_n_shapes (w); s++)
    if (ot_world_shape_numeric (w, s) == 0)
      g_ptr_array_add (names, (gpointer) ot_world_shape_name (w, s));
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (names->pdata[0], ==, "Somaliland");
  g_assert_cmpstr (names->pdata[1], ==, "Kosovo");
  g_assert_cmpstr (names->pdata[2], ==, "N. Cyprus");
  g_assert_cmpstr (names->pdata[3], ==, "Siachen Glacier");
  g_assert_cmpstr (ot_world_shape_alpha2 (w, ot_world_find_alpha2 (w, "XK")), ==, "XK");
  g_assert_cmpstr (ot_world_shape_name (w, ot_world_find_alpha2 (w, "XK")), ==, "Kosovo");
}

static void
expect_bad (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtWorld) w = ot_world_new_from_bytes (bytes, &error);

  g_assert_null (w);
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "world-50m.bin: byte "));
}

/* Damaged data fails with a clear message and never crashes. */
static void
test_world_bad_data (void)
{
  g_autoptr(GBytes) good = ot_data_lookup ("world-50m.bin", NULL);
  gsize len = g_bytes_get_size (good);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (good, NULL), len);
  GRand *rand = g_rand_new_with_seed (7);

  g_assert_cmpuint (len, >, 100000);
  for (gsize cut = 0; cut < len; cut += 1 + cut / 3)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (good, 0, cut);

      expect_bad (part);
    }
  {
    g_autoptr(GBytes) bad = g_bytes_new_static ("NOTWORLD\1\0\0\0", 12);

    expect_bad (bad);
  }
  {
    g_autoptr(GByteArray) longer = g_byte_array_new ();
    g_autoptr(GBytes) bytes = NULL;

    g_byte_array_append (longer, copy, len);
    g_byte_array_append (longer, (const guint8 *) "x", 1);
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&longer));
    expect_bad (bytes);
  }
  /* Flipped bytes: either still a valid world or a clean error. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree guint8 *damaged = g_memdup2 (copy, len);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OtWorld) w = NULL;

      for (guint k = 0; k < 4; k++)
        damaged[g_rand_int_range (rand, 0, len)] ^= 1 << g_rand_int_range (rand, 0, 8);
      bytes = g_bytes_new_take (g_steal_pointer (&damaged), len);
      w = ot_world_new_from_bytes (bytes, &error);
      g_assert_true ((w == NULL) == (error != NULL));
      if (error != NULL)
        g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
    }
  g_rand_free (rand);

  {
    g_autoptr(GBytes) bytes = g_bytes_new (copy, len);
    g_autoptr(OtWorld) w = ot_world_new_from_bytes (bytes, NULL);

    g_assert_nonnull (w);
    g_assert_cmpuint (ot_world_get_n_shapes (w), ==, 248);
  }
}

/* Values of Natural Earth I from its published polynomials. */
static void
test_projection_known (void)
{
  g_autoptr(OtGeoProjection) p0 = ot_geo_projection_new (0);
  g_autoptr(OtGeoProjection) p150 = ot_geo_projection_new (150);
  g_autoptr(OtGeoProjection) p_odd = ot_geo_projection_new (-190);
  double x, y, hw, hh;

  ot_geo_project (p0, 0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 0, 1e-12);
  ot_geo_projection_get_extent (p0, &hw, &hh);
  g_assert_cmpfloat_with_epsilon (hw, G_PI * 0.8707, 1e-12);
  g_assert_cmpfloat_with_epsilon (hh, 1.4224, 1e-4);
  ot_geo_project (p0, 90, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, hw / 2, 1e-12);
  ot_geo_project (p0, 180, 90, &x, &y);     /* the edge goes west */
  g_assert_cmpfloat_with_epsilon (x, -1.5055, 1e-3);
  g_assert_cmpfloat_with_epsilon (y, hh, 1e-12);
  ot_geo_project (p0, 0, -90, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, -hh, 1e-12);

  ot_geo_project (p150, 150, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0, 1e-12);
  ot_geo_project (p150, -30, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, -hw, 1e-12);
  ot_geo_project (p150, -31, 0, &x, &y);
  g_assert_cmpfloat (x, >, hw * 0.98);
  ot_geo_project (p150, 120 + 720, 45, &x, &y);
  g_assert_cmpfloat (x, <, 0);

  g_assert_cmpfloat (ot_geo_projection_get_central_meridian (p_odd), ==, 170);
}

static void
test_projection_roundtrip (void)
{
  const double meridians[] = { 0, 150, -75.5, 179.9 };

  for (guint m = 0; m < G_N_ELEMENTS (meridians); m++)
    {
      g_autoptr(OtGeoProjection) p = ot_geo_projection_new (meridians[m]);
      double hw, hh, lon, lat;

      for (double lo = -179.5; lo < 180; lo += 6.5)
        for (double la = -89.5; la <= 89.5; la += 4.5)
          {
            double x, y;

            ot_geo_project (p, lo, la, &x, &y);
            g_assert_true (ot_geo_unproject (p, x, y, &lon, &lat));
            g_assert_cmpfloat_with_epsilon (lat, la, 1e-9);
            g_assert_cmpfloat_with_epsilon (fabs (remainder (lon - lo, 360)), 0, 1e-9);
          }
      ot_geo_projection_get_extent (p, &hw, &hh);
      g_assert_false (ot_geo_unproject (p, 0, hh * 1.01, &lon, &lat));
      g_assert_false (ot_geo_unproject (p, hw * 1.01, 0, &lon, &lat));
      g_assert_false (ot_geo_unproject (p, hw * 0.9, hh * 0.95, &lon, &lat));   /* a corner */
      g_assert_false (ot_geo_unproject (p, NAN, 0, &lon, &lat));
      g_assert_true (ot_geo_unproject (p, 0, hh, &lon, &lat));
      g_assert_cmpfloat_with_epsilon (lat, 90, 1e-9);
    }
}

static void
test_projection_fit (void)
{
  g_autoptr(OtGeoProjection) p = ot_geo_projection_new (150);
  cairo_matrix_t m;
  double x, y, x2, y2;

  ot_geo_projection_fit (p, -90, 90, 10, 20, 1000, 800, &m);
  ot_geo_project (p, 150, 0, &x, &y);
  cairo_matrix_transform_point (&m, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 510, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 420, 1e-9);
  ot_geo_project (p, -30, 0, &x, &y);       /* west edge touches the rectangle */
  cairo_matrix_transform_point (&m, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 10, 1e-9);
  ot_geo_project (p, 150, 90, &x, &y);      /* north is up */
  cairo_matrix_transform_point (&m, &x, &y);
  g_assert_cmpfloat (y, >, 20);
  g_assert_cmpfloat (y, <, 420);

  /* A band without Antarctica: -60 and 85 touch the rectangle's edges. */
  ot_geo_projection_fit (p, -60, 85, 0, 0, 2000, 700, &m);
  ot_geo_project (p, 0, 85, &x, &y);
  ot_geo_project (p, 0, -60, &x2, &y2);
  cairo_matrix_transform_point (&m, &x, &y);
  cairo_matrix_transform_point (&m, &x2, &y2);
  g_assert_cmpfloat_with_epsilon (y, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y2, 700, 1e-9);
}

static double
cut_of (double central_meridian)
{
  return remainder (central_meridian + 180, 360);
}

/* China to the Americas: the edge must leave the Pacific to the flows. */
static void
test_meridian_pacific (void)
{
  const OtGeoFlow flows[] = {
    { 121.5, 31.2, -118.2, 34.0 },          /* Shanghai - Los Angeles */
    { 113.3, 23.1, -99.1, 19.4 },           /* Guangzhou - Mexico City */
    { 116.4, 39.9, -74.0, 40.7 },           /* Beijing - New York */
    { 100.5, 13.7, -104.3, 19.1 },          /* Bangkok - Manzanillo */
  };
  const OtWorld *w = world ();
  double lambda0 = ot_geo_choose_central_meridian (w, flows, G_N_ELEMENTS (flows));
  g_autoptr(OtGeoProjection) greenwich = ot_geo_projection_new (0);
  g_autoptr(OtGeoProjection) p = ot_geo_projection_new (lambda0);
  double cut = cut_of (lambda0);

  g_test_message ("central meridian %g, edge at %g", lambda0, cut);
  for (guint i = 0; i < G_N_ELEMENTS (flows); i++)
    {
      double x1, y1, x2, y2, hw;

      g_assert_true (ot_geo_crosses_edge (greenwich, flows[i].lon1, flows[i].lon2));
      g_assert_false (ot_geo_crosses_edge (p, flows[i].lon1, flows[i].lon2));
      /* Drawn across the Pacific: origin west of destination. */
      ot_geo_project (p, flows[i].lon1, flows[i].lat1, &x1, &y1);
      ot_geo_project (p, flows[i].lon2, flows[i].lat2, &x2, &y2);
      ot_geo_projection_get_extent (p, &hw, NULL);
      g_assert_cmpfloat (x1, <, x2);
      g_assert_cmpfloat (x2 - x1, <, hw);
      g_assert_cmpfloat (fabs (remainder (cut - flows[i].lon1, 360)), >=, 20);
      g_assert_cmpfloat (fabs (remainder (cut - flows[i].lon2, 360)), >=, 20);
    }
  /* The edge runs through the Atlantic, between the Americas and Europe. */
  g_assert_cmpfloat (cut, >, -60);
  g_assert_cmpfloat (cut, <, -10);
  g_assert_cmpfloat (fmod (lambda0, 5), ==, 0);
}

static void
test_meridian_rules (void)
{
  const OtGeoFlow europe[] = {
    { 10.0, 50.0, 30.0, -5.0 },
    { 4.4, 51.9, 116.4, 39.9 },
  };
  const OtGeoFlow around[] = {
    { 0, 0, 100, 0 },
    { 100, 0, -140, 0 },
    { -140, 0, 0, 0 },
  };
  const OtGeoFlow places[] = {
    { 179.0, -17.0, 179.0, -17.0 },          /* a seizure in Fiji */
  };
  const OtWorld *w = world ();
  double lambda0;

  g_assert_cmpfloat (ot_geo_choose_central_meridian (w, NULL, 0), ==, 0);
  g_assert_cmpfloat (ot_geo_choose_central_meridian (NULL, NULL, 0), ==, 0);
  /* Nothing near the Greenwich map's edge: keep it. */
  g_assert_cmpfloat (ot_geo_choose_central_meridian (w, europe, G_N_ELEMENTS (europe)), ==, 0);

  /* Flows all round the world: exactly one must cross. */
  lambda0 = ot_geo_choose_central_meridian (w, around, G_N_ELEMENTS (around));
  {
    g_autoptr(OtGeoProjection) p = ot_geo_projection_new (lambda0);
    guint crossing = 0;

    for (guint i = 0; i < G_N_ELEMENTS (around); i++)
      crossing += ot_geo_crosses_edge (p, around[i].lon1, around[i].lon2);
    g_assert_cmpuint (crossing, ==, 1);
  }

  /* A place next to the Greenwich edge moves the edge away from it. */
  lambda0 = ot_geo_choose_central_meridian (w, places, 1);
  g_assert_cmpfloat (fabs (remainder (cut_of (lambda0) - 179.0, 360)), >=, 20);
}

/* Projected x along a parallel from @lon0 to @lon1 (shorter way) rises
 * steadily: the land there is drawn whole, not cut at the map's edge. */
static gboolean
drawn_whole (const OtGeoProjection *p,
             double                 lat,
             double                 lon0,
             double                 lon1)
{
  double last = -G_MAXDOUBLE;

  for (double t = 0; t <= 1.0 + 1e-9; t += 0.02)
    {
      double x, y;

      ot_geo_project (p, lon0 + t * remainder (lon1 - lon0, 360), lat, &x, &y);
      if (x <= last)
        return FALSE;
      last = x;
    }
  return TRUE;
}

/* A global set whose only edge clear of flows runs through North America
 * (Tijuana is the Pacific flows' end, Washington the Atlantic's): the
 * edge must not cut the landmass of the United States or Mexico, nor
 * China or Thailand; it goes through an ocean instead. */
static void
test_meridian_keeps_landmasses (void)
{
  const OtGeoPoint places[] = {
    { -77.0, 38.9 },       /* Washington, United States */
    { -117.0, 32.5 },      /* Tijuana, Mexico */
    { -99.1, 19.4 },       /* Mexico City */
    { 116.4, 39.9 },       /* Beijing, China */
    { 100.5, 13.7 },       /* Bangkok, Thailand */
    { 10.0, 51.0 },        /* Germany */
  };
  const OtGeoFlow flows[] = {
    { 116.4, 39.9, -117.0, 32.5 },    /* China - Tijuana, over the Pacific */
    { 100.5, 13.7, -99.1, 19.4 },     /* Thailand - Mexico City */
    { -77.0, 38.9, 10.0, 51.0 },      /* United States - Germany */
    { 10.0, 51.0, 116.4, 39.9 },      /* Germany - China */
  };
  const struct { double lat, lon0, lon1; } land[] = {
    { 40, -123, -75 },     /* the United States, coast to coast */
    { 20, -105, -88 },     /* Mexico */
    { 30, 80, 121 },       /* China */
    { 15, 99, 104 },       /* Thailand */
    { 50, 5, 15 },         /* Germany */
  };
  const OtWorld *w = world ();
  double lambda0 = ot_geo_choose_meridian_for_places (w, places, G_N_ELEMENTS (places),
                                                       flows, G_N_ELEMENTS (flows));
  double from_flows = ot_geo_choose_central_meridian (w, flows, G_N_ELEMENTS (flows));
  g_autoptr(OtGeoProjection) p = ot_geo_projection_new (lambda0);
  g_autoptr(OtGeoProjection) q = ot_geo_projection_new (from_flows);
  double cut = cut_of (lambda0);

  g_test_message ("central meridian %g (from the flows alone %g), edge at %g",
                  lambda0, from_flows, cut);
  for (guint i = 0; i < G_N_ELEMENTS (land); i++)
    {
      g_assert_true (drawn_whole (p, land[i].lat, land[i].lon0, land[i].lon1));
      g_assert_true (drawn_whole (q, land[i].lat, land[i].lon0, land[i].lon1));
    }
  /* Not through North America (Alaska to Newfoundland) either. */
  g_assert_false (cut > -170 && cut < -52);
  /* Every flow takes the shorter way but one: they circle the globe. */
  {
    guint crossing = 0;

    for (guint i = 0; i < G_N_ELEMENTS (flows); i++)
      crossing += ot_geo_crosses_edge (p, flows[i].lon1, flows[i].lon2);
    g_assert_cmpuint (crossing, ==, 1);
  }
  /* The same places without the United States-Germany flow: no flow
   * crosses, the edge runs in the Atlantic. */
  lambda0 = ot_geo_choose_meridian_for_places (w, places, G_N_ELEMENTS (places), flows, 2);
  g_assert_cmpfloat (cut_of (lambda0), >, -60);
  g_assert_cmpfloat (cut_of (lambda0), <, 0);
  /* Places in Chukotka and Alaska: the edge keeps off both (and so off
   * Greenwich, whose edge crosses Chukotka). */
  {
    const OtGeoPoint far_east[] = { { 177.5, 64.7 }, { -150.0, 61.2 }, { 10, 50 } };
    g_autoptr(OtGeoProjection) r = NULL;

    lambda0 = ot_geo_choose_meridian_for_places (w, far_east, 3, NULL, 0);
    r = ot_geo_projection_new (lambda0);
    g_test_message ("Chukotka and Alaska: central meridian %g", lambda0);
    g_assert_cmpfloat (lambda0, !=, 0);
    g_assert_true (drawn_whole (r, 65, 170, 179.9));
    g_assert_true (drawn_whole (r, 64, -165, -145));
  }
  /* Bad input does not crash. */
  {
    const OtGeoPoint bad[] = { { NAN, 10 }, { INFINITY, -INFINITY }, { 1e300, 1e300 } };

    lambda0 = ot_geo_choose_meridian_for_places (w, bad, G_N_ELEMENTS (bad), NULL, 0);
    g_assert_true (isfinite (lambda0));
    g_assert_true (isfinite (ot_geo_choose_meridian_for_places (NULL, bad, 3, NULL, 0)));
  }
}

/* Signed area and longest segment of a shape as cut and projected;
 * every point must lie on the map. */
static void
measure_shape (guint            shape,
               OtGeoProjection *p,
               double          *area,
               double          *longest)
{
  const OtWorld *w = world ();

  *area = *longest = 0;
  for (guint k = 0; k < ot_geo_shape_n_pieces (w, shape, p); k++)
    {
      guint n;
      const float *xy = ot_geo_shape_piece (w, shape, p, k, &n);

      g_assert_cmpuint (n, >=, 3);
      for (guint i = 0, j = n - 1; i < n; j = i++)
        {
          /* In doubles, relative to the first point: tiny islands. */
          double xj = (double) xy[2 * j] - xy[0], yj = (double) xy[2 * j + 1] - xy[1];
          double xi = (double) xy[2 * i] - xy[0], yi = (double) xy[2 * i + 1] - xy[1];

          double lon, lat;

          *area += (xj * yi - xi * yj) / 2;
          *longest = MAX (*longest, hypot (xi - xj, yi - yj));
          /* Float storage may put edge points a hair outside. */
          g_assert_true (ot_geo_unproject (p, xy[2 * i] * 0.99999, xy[2 * i + 1] * 0.99999, &lon, &lat));
        }
    }
}

/* Cutting at the edge: no segment crosses the map, every point lies on
 * the map, and the projected area of each country is the same whatever the
 * central meridian (Natural Earth I is pseudo-cylindrical). */
static void
test_antimeridian (void)
{
  const double meridians[] = { 0, 150, -30, 30, -170, 179.5, 100 };
  const int countries[] = { 643, 242, 840, 10, 296, 124, 304 };
  const OtWorld *w = world ();
  double reference[G_N_ELEMENTS (countries)];

  for (guint m = 0; m < G_N_ELEMENTS (meridians); m++)
    {
      g_autoptr(OtGeoProjection) p = ot_geo_projection_new (meridians[m]);
      double hw;

      ot_geo_projection_get_extent (p, &hw, NULL);
      for (guint c = 0; c < G_N_ELEMENTS (countries); c++)
        {
          double area, longest;

          measure_shape (ot_world_find_numeric (w, countries[c]), p, &area, &longest);
          /* Divided to one degree: far below 2% of the width. */
          if (longest >= 0.02 * 2 * hw)
            g_error ("%d: a segment %g long at central meridian %g",
                     countries[c], longest, meridians[m]);
          if (m == 0)
            reference[c] = area;
          else if (fabs (area - reference[c]) > 1e-3 * fabs (reference[c]) + 1e-7)
            g_error ("%d: area %g at central meridian %g, %g at 0",
                     countries[c], area, meridians[m], reference[c]);
        }
    }

  /* Russia is cut in two by the Greenwich map and whole on a map around
   * 100 E; so is Fiji by a map around 0 and not by one around 150. */
  {
    g_autoptr(OtGeoProjection) p0 = ot_geo_projection_new (0);
    g_autoptr(OtGeoProjection) p100 = ot_geo_projection_new (100);
    g_autoptr(OtGeoProjection) p150 = ot_geo_projection_new (150);
    int ru = ot_world_find_numeric (w, 643), fj = ot_world_find_numeric (w, 242);
    double hw, x0, x1;

    ot_geo_projection_get_extent (p0, &hw, NULL);
    g_assert_true (ot_geo_shape_bounds (w, ru, p0, &x0, NULL, &x1, NULL));
    g_assert_cmpfloat (x0, <, -0.7 * hw);     /* Chukotka east of 180 */
    g_assert_cmpfloat (x1, >, 0.7 * hw);
    g_assert_true (ot_geo_shape_bounds (w, ru, p100, &x0, NULL, &x1, NULL));
    g_assert_cmpfloat (x1 - x0, <, hw);
    g_assert_true (ot_geo_shape_bounds (w, fj, p0, &x0, NULL, &x1, NULL));
    g_assert_cmpfloat (x1 - x0, >, 1.9 * hw);
    g_assert_true (ot_geo_shape_bounds (w, fj, p150, &x0, NULL, &x1, NULL));
    g_assert_cmpfloat (x1 - x0, <, 0.05 * hw);
    g_assert_cmpuint (ot_geo_shape_n_pieces (w, ru, p100), <, ot_geo_shape_n_pieces (w, ru, p0));
  }
}

/* Every shape for many meridians: nothing smeared, nothing lost. */
static void
test_all_shapes (void)
{
  const OtWorld *w = world ();
  guint n = ot_world_get_n_shapes (w);
  g_autofree double *reference = g_new (double, n);

  for (double m = -180; m < 180; m += 37.5)
    {
      g_autoptr(OtGeoProjection) p = ot_geo_projection_new (m);
      double hw, area, longest;

      ot_geo_projection_get_extent (p, &hw, NULL);
      for (guint s = 0; s < n; s++)
        {
          measure_shape (s, p, &area, &longest);
          if (longest >= 0.02 * 2 * hw)
            g_error ("%s: a segment %g long at central meridian %g",
                     ot_world_shape_name (w, s), longest, m);
          /* Outer rings run clockwise in lon/lat, so anticlockwise with y
           * north... the sign is the same for every shape. */
          if (!(area < 0))
            g_error ("%s: area %g at central meridian %g", ot_world_shape_name (w, s), area, m);
          if (m == -180)
            reference[s] = area;
          else if (fabs (area - reference[s]) > 1e-3 * fabs (reference[s]) + 1e-7)
            g_error ("%s: area %g at central meridian %g, %g at -180",
                     ot_world_shape_name (w, s), area, m, reference[s]);
        }
    }
}

/* Hit-testing countries on the map. */
static void
test_find_shape (void)
{
  const struct { double lon, lat; const char *alpha2; } points[] = {
    { 104.2, 35.9, "CN" }, { -99.1, 19.4, "MX" }, { 103.82, 1.35, "SG" },
    { 172.0, 67.0, "RU" }, { -175, 66.5, "RU" }, { 178.4, -17.8, "FJ" },
    { 2.35, 48.86, "FR" }, { -52.3, 4.9, "GF" }, { 21.0, 42.6, "XK" },
    { 0, -85, "AQ" },
  };
  const OtWorld *w = world ();
  const double meridians[] = { 0, 150, -30 };

  for (guint m = 0; m < G_N_ELEMENTS (meridians); m++)
    {
      g_autoptr(OtGeoProjection) p = ot_geo_projection_new (meridians[m]);
      double x, y;

      for (guint i = 0; i < G_N_ELEMENTS (points); i++)
        {
          int s;

          ot_geo_project (p, points[i].lon, points[i].lat, &x, &y);
          s = ot_geo_find_shape_at (w, p, x, y);
          if (s < 0)
            g_error ("nothing at %g, %g", points[i].lon, points[i].lat);
          g_assert_cmpstr (ot_world_shape_alpha2 (w, s), ==, points[i].alpha2);
        }
      ot_geo_project (p, -30, 0, &x, &y);     /* the Atlantic */
      g_assert_cmpint (ot_geo_find_shape_at (w, p, x, y), ==, -1);
      g_assert_cmpint (ot_geo_find_shape_at (w, p, 100, 100), ==, -1);
      /* Lesotho is a hole in South Africa. */
      ot_geo_project (p, 28.2, -29.6, &x, &y);
      g_assert_cmpstr (ot_world_shape_alpha2 (w, ot_geo_find_shape_at (w, p, x, y)), ==, "LS");
    }
}

static void
test_draw_paths (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 400);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(OtGeoProjection) p = ot_geo_projection_new (150);
  const OtWorld *w = world ();
  cairo_matrix_t m, small;
  cairo_path_t *path;
  double x1, y1, x2, y2;
  int full, reduced;

  ot_geo_projection_fit (p, -90, 90, 0, 0, 800, 400, &m);

  /* No outline: nothing added. */
  g_assert_false (ot_geo_append_country_path (cr, w, 292, p, &m));
  g_assert_false (ot_geo_append_country_path (cr, w, 0, p, &m));
  g_assert_false (cairo_has_current_point (cr));

  /* China lies where its points project. */
  g_assert_true (ot_geo_append_country_path (cr, w, 156, p, &m));
  cairo_fill_extents (cr, &x1, &y1, &x2, &y2);
  {
    double x, y;

    ot_geo_project (p, 104.2, 35.9, &x, &y);
    cairo_matrix_transform_point (&m, &x, &y);
    g_assert_cmpfloat (x, >, x1);
    g_assert_cmpfloat (x, <, x2);
    g_assert_cmpfloat (y, >, y1);
    g_assert_cmpfloat (y, <, y2);
    g_assert_cmpfloat (x2 - x1, <, 160);
  }

  /* Small maps merge points closer than 0.2 units. */
  cairo_new_path (cr);
  ot_geo_append_land_path (cr, w, p, &m, TRUE);
  path = cairo_copy_path (cr);
  full = path->num_data;
  cairo_path_destroy (path);
  ot_geo_projection_fit (p, -90, 90, 0, 0, 100, 50, &small);
  cairo_new_path (cr);
  ot_geo_append_land_path (cr, w, p, &small, TRUE);
  path = cairo_copy_path (cr);
  reduced = path->num_data;
  cairo_path_destroy (path);
  g_test_message ("path data: %d at 800 px, %d at 100 px", full, reduced);
  g_assert_cmpint (reduced, <, full / 3);

  /* The sphere and the graticule stay inside the fitted rectangle. */
  cairo_new_path (cr);
  ot_geo_append_sphere_path (cr, p, &m);
  cairo_path_extents (cr, &x1, &y1, &x2, &y2);
  /* The world is a little less than twice as wide as high. */
  g_assert_cmpfloat (x1, >, 10);
  g_assert_cmpfloat_with_epsilon (x1 + x2, 800, 0.01);
  g_assert_cmpfloat_with_epsilon (y1, 0, 0.01);
  g_assert_cmpfloat_with_epsilon (y2, 400, 0.01);
  cairo_new_path (cr);
  ot_geo_append_graticule_path (cr, p, &m, 30);
  cairo_path_extents (cr, &x1, &y1, &x2, &y2);
  g_assert_cmpfloat (x1, >=, -1e-6);
  g_assert_cmpfloat (x2, <=, 800 + 1e-6);
  path = cairo_copy_path (cr);
  /* 11 meridians (the one at -30 is the sphere's edge) and 5 parallels. */
  {
    int lines = 0;

    for (int i = 0; i < path->num_data; i += path->data[i].header.length)
      lines += path->data[i].header.type == CAIRO_PATH_MOVE_TO;
    g_assert_cmpint (lines, ==, 11 + 5);
  }
  cairo_path_destroy (path);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geo/world/load", test_world_load);
  g_test_add_func ("/geo/world/threads", test_world_threads);
  g_test_add_func ("/geo/world/countries-csv", test_world_countries_csv);
  g_test_add_func ("/geo/world/duplicate-id", test_world_duplicate_id);
  g_test_add_func ("/geo/world/no-id", test_world_no_id);
  g_test_add_func ("/geo/world/bad-data", test_world_bad_data);
  g_test_add_func ("/geo/projection/known", test_projection_known);
  g_test_add_func ("/geo/projection/roundtrip", test_projection_roundtrip);
  g_test_add_func ("/geo/projection/fit", test_projection_fit);
  g_test_add_func ("/geo/meridian/pacific", test_meridian_pacific);
  g_test_add_func ("/geo/meridian/rules", test_meridian_rules);
  g_test_add_func ("/geo/meridian/keeps-landmasses", test_meridian_keeps_landmasses);
  g_test_add_func ("/geo/cut/antimeridian", test_antimeridian);
  g_test_add_func ("/geo/cut/all-shapes", test_all_shapes);
  g_test_add_func ("/geo/draw/find-shape", test_find_shape);
  g_test_add_func ("/geo/draw/paths", test_draw_paths);

  return g_test_run ();
}
