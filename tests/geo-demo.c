/* SPDX-License-Identifier: GPL-3.0-or-later */
/* geo-demo: draws the world map to a PNG for looking at it.
 *   geo-demo OUT.png CENTRAL_MERIDIAN [WIDTH [SOUTH [LON LAT ZOOM]]]
 * With LON LAT ZOOM the view is zoomed around that point.  CENTRAL_MERIDIAN
 * "auto" picks it for a few sample flows from China, which are drawn.
 * Countries alternate colours so smears and missing pieces stand out;
 * Russia, Fiji, the United States and Antarctica are highlighted. */
#include <stdlib.h>
#include <string.h>

#include "ot-geo.h"

static const OtGeoFlow flows[] = {
  { 121.5, 31.2, -118.2, 34.0 },             /* Shanghai - Los Angeles */
  { 113.3, 23.1, -99.1, 19.4 },              /* Guangzhou - Mexico City */
  { 116.4, 39.9, 4.4, 51.9 },                /* Beijing - Rotterdam */
  { 100.5, 13.7, 55.3, 25.3 },               /* Bangkok - Dubai */
  { 103.8, 1.35, -46.3, -23.9 },             /* Singapore - Santos */
};

static void
draw_flows (cairo_t               *cr,
            const OtGeoProjection *projection,
            const cairo_matrix_t  *m)
{
  for (guint i = 0; i < G_N_ELEMENTS (flows); i++)
    {
      double x1, y1, x2, y2;

      ot_geo_project (projection, flows[i].lon1, flows[i].lat1, &x1, &y1);
      ot_geo_project (projection, flows[i].lon2, flows[i].lat2, &x2, &y2);
      cairo_matrix_transform_point (m, &x1, &y1);
      cairo_matrix_transform_point (m, &x2, &y2);
      cairo_move_to (cr, x1, y1);
      cairo_curve_to (cr, x1 + (x2 - x1) / 3 + (y2 - y1) / 5, y1 + (y2 - y1) / 3 - (x2 - x1) / 5,
                      x1 + 2 * (x2 - x1) / 3 + (y2 - y1) / 5, y1 + 2 * (y2 - y1) / 3 - (x2 - x1) / 5,
                      x2, y2);
    }
  cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.8);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtGeoProjection) projection = NULL;
  const OtWorld *world;
  cairo_surface_t *surface;
  cairo_matrix_t m;
  cairo_t *cr;
  double width, height, south;
  gint64 t0, t1;

  if (argc < 3)
    {
      g_printerr ("usage: %s OUT.png CENTRAL_MERIDIAN [WIDTH [SOUTH [LON LAT ZOOM]]]\n", argv[0]);
      return 2;
    }
  t0 = g_get_monotonic_time ();
  world = ot_world_get (&error);
  t1 = g_get_monotonic_time ();
  g_print ("loading the world: %.1f ms\n", (t1 - t0) / 1000.0);
  if (world == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  width = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 1600;
  south = argc > 4 ? g_ascii_strtod (argv[4], NULL) : -90;
  height = width / 2;
  t0 = g_get_monotonic_time ();
  if (strcmp (argv[2], "auto") == 0)
    projection = ot_geo_projection_new (ot_geo_choose_central_meridian (world, flows, G_N_ELEMENTS (flows)));
  else
    projection = ot_geo_projection_new (g_ascii_strtod (argv[2], NULL));
  t1 = g_get_monotonic_time ();
  g_print ("choosing the central meridian: %.1f ms\n", (t1 - t0) / 1000.0);
  t0 = g_get_monotonic_time ();
  ot_geo_shape_n_pieces (world, 0, projection);
  t1 = g_get_monotonic_time ();
  g_print ("cutting and projecting the world: %.1f ms\n", (t1 - t0) / 1000.0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  ot_geo_projection_fit (projection, south, 90, 10, 10, width - 20, height - 20, &m);
  if (argc > 7)
    {
      double px, py, zoom = g_ascii_strtod (argv[7], NULL);
      cairo_matrix_t z;

      ot_geo_project (projection, g_ascii_strtod (argv[5], NULL),
                      g_ascii_strtod (argv[6], NULL), &px, &py);
      cairo_matrix_transform_point (&m, &px, &py);
      cairo_matrix_init_translate (&z, width / 2, height / 2);
      cairo_matrix_scale (&z, zoom, zoom);
      cairo_matrix_translate (&z, -px, -py);
      cairo_matrix_multiply (&m, &m, &z);
    }

  ot_geo_append_sphere_path (cr, projection, &m);
  cairo_set_source_rgb (cr, 0.85, 0.92, 0.98);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.3);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  ot_geo_append_graticule_path (cr, projection, &m, 30);
  cairo_set_source_rgba (cr, 0.2, 0.3, 0.5, 0.3);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);

  t0 = g_get_monotonic_time ();
  for (guint s = 0; s < ot_world_get_n_shapes (world); s++)
    {
      int n = ot_world_shape_numeric (world, s);
      double g = 0.55 + 0.1 * (s % 4);

      ot_geo_append_shape_path (cr, world, s, projection, &m);
      if (n == 643 || n == 242 || n == 840 || n == OT_GEO_ANTARCTICA)
        cairo_set_source_rgb (cr, 0.85, 0.45, 0.25);
      else if (n == 0)
        cairo_set_source_rgb (cr, 0.6, 0.3, 0.6);
      else
        cairo_set_source_rgb (cr, g, g + 0.1, g - 0.1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      cairo_set_line_width (cr, 0.4);
      cairo_stroke (cr);
    }
  t1 = g_get_monotonic_time ();
  g_print ("central meridian %g: every country filled and stroked in %.1f ms\n",
           ot_geo_projection_get_central_meridian (projection), (t1 - t0) / 1000.0);
  if (strcmp (argv[2], "auto") == 0)
    draw_flows (cr, projection, &m);

  /* The path alone, and the land in one fill (into a group, discarded). */
  t0 = g_get_monotonic_time ();
  ot_geo_append_land_path (cr, world, projection, &m, TRUE);
  t1 = g_get_monotonic_time ();
  cairo_push_group (cr);
  cairo_fill (cr);
  cairo_pattern_destroy (cairo_pop_group (cr));
  g_print ("land path built in %.1f ms, filled in one go in %.1f ms\n",
           (t1 - t0) / 1000.0, (g_get_monotonic_time () - t1) / 1000.0);
  cairo_surface_write_to_png (surface, argv[1]);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return 0;
}
