/* SPDX-License-Identifier: GPL-3.0-or-later */
/* geo-demo: draws the world map to a PNG for looking at it.
 *   geo-demo OUT.png CENTRAL_MERIDIAN [WIDTH [SOUTH [LON LAT ZOOM]]]
 * With LON LAT ZOOM the view is zoomed around that point.
 * Countries alternate colours so smears and missing pieces stand out;
 * Russia, Fiji, the United States and Antarctica are highlighted. */
#include <stdlib.h>

#include "ot-geo.h"

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
  world = ot_world_get (&error);
  if (world == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  width = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 1600;
  south = argc > 4 ? g_ascii_strtod (argv[4], NULL) : -90;
  height = width / 2;
  projection = ot_geo_projection_new (g_ascii_strtod (argv[2], NULL));
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
  g_print ("central meridian %g: all countries drawn in %.1f ms\n",
           ot_geo_projection_get_central_meridian (projection), (t1 - t0) / 1000.0);
  cairo_surface_write_to_png (surface, argv[1]);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return 0;
}
