/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-render: times frames of a large synthetic scene (not a test: it
 * asserts nothing about time).  Usage: bench-render [N_NODES N_EDGES] */
#include <math.h>
#include <stdlib.h>

#include "ot-render.h"

static OtScene *
big_scene (guint n_nodes,
           guint n_edges)
{
  OtScene *scene = ot_scene_new (ot_theme_light ());
  GRand *rand = g_rand_new_with_seed (42);
  static const char *palette[] = { "#e69f00", "#56b4e9", "#009e73", "#f0e442",
                                   "#0072b2", "#d55e00", "#cc79a7" };
  OtPoint *pos = g_new (OtPoint, n_nodes);
  char label[32];

  guint side = (guint) ceil (sqrt (n_nodes));

  /* Like a force-directed layout: nodes spread evenly, edges mostly
   * between neighbours, a few long ones. */
  for (guint i = 0; i < n_nodes; i++)
    pos[i] = (OtPoint) { (i % side + g_rand_double (rand)) * 1000.0 / side,
                         (i / side + g_rand_double (rand)) * 1000.0 / side };
  for (guint i = 0; i < n_edges; i++)
    {
      guint a = (guint) g_rand_int_range (rand, 0, (gint32) n_nodes);
      int reach = i % 50 == 0 ? (int) side : 3;
      int bx = (int) (a % side) + g_rand_int_range (rand, -reach, reach + 1);
      int by = (int) (a / side) + g_rand_int_range (rand, -reach, reach + 1);
      guint b = (guint) CLAMP (by * (int) side + bx, 0, (int) n_nodes - 1);
      double kg = exp (g_rand_double_range (rand, 0, 10));
      double dx = pos[b].x - pos[a].x, dy = pos[b].y - pos[a].y;
      OtPoint p[4] = { pos[a], { pos[a].x + dx / 3 - dy * 0.15, pos[a].y + dy / 3 + dx * 0.15 },
                       { pos[a].x + 2 * dx / 3 - dy * 0.15, pos[a].y + 2 * dy / 3 + dx * 0.15 },
                       pos[b] };
      OtSceneEdge edge = { p, 4, TRUE };

      edge.width = ot_scene_width_for_kg (exp (10), kg, 0.75, 10);
      ot_rgba_parse_hex (&edge.color, palette[i % G_N_ELEMENTS (palette)]);
      edge.color.a = 0.8;
      edge.dash = i % 5 == 0 ? OT_DASH_DASHED : OT_DASH_SOLID;
      edge.arrow = TRUE;
      edge.end_inset = 3;
      edge.importance = kg;
      edge.id = i;
      ot_scene_add_edge (scene, &edge);
    }
  for (guint i = 0; i < n_nodes; i++)
    {
      OtSceneNode node = { pos[i].x, pos[i].y, 2 + 6 * g_rand_double (rand) };

      node.shape = i % 3;
      ot_rgba_parse_hex (&node.fill, palette[i % G_N_ELEMENTS (palette)]);
      g_snprintf (label, sizeof label, "Node %u", i);
      node.label = label;
      node.label_importance = node.radius;
      node.id = i;
      ot_scene_add_node (scene, &node);
    }
  ot_scene_set_title (scene, "Benchmark");
  g_free (pos);
  g_rand_free (rand);
  return scene;
}

int
main (int   argc,
      char *argv[])
{
  guint n_nodes = argc > 2 ? (guint) atoi (argv[1]) : 10000;
  guint n_edges = argc > 2 ? (guint) atoi (argv[2]) : 50000;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cairo_t *cr = cairo_create (surface);
  OtRenderOptions opts;
  OtViewport vp;
  OtScene *scene;
  gint64 t0, t1;
  double best = G_MAXDOUBLE, total = 0;
  guint frames = 20, hits = 0;

  t0 = g_get_monotonic_time ();
  scene = big_scene (n_nodes, n_edges);
  t1 = g_get_monotonic_time ();
  ot_scene_finish (scene);
  g_print ("build: %.1f ms, finish: %.1f ms (%u nodes, %u edges)\n", (t1 - t0) / 1000.0,
           (g_get_monotonic_time () - t1) / 1000.0, n_nodes, n_edges);

  ot_render_options_init (&opts);
  /* The renderer's own limits, not the budget of marks (which draws far
   * less): the worst case of a frame. */
  opts.top_n = OT_RENDER_ALL;
  if (g_getenv ("OT_MAX_EDGES") != NULL)
    opts.max_edges = (guint) atoi (g_getenv ("OT_MAX_EDGES"));
  ot_render_fit (scene, &opts, 1920, 1080, &vp);
  for (guint f = 0; f < frames; f++)
    {
      t0 = g_get_monotonic_time ();
      ot_render_scene (cr, scene, &vp, &opts);
      cairo_surface_flush (surface);
      t1 = g_get_monotonic_time ();
      best = MIN (best, (t1 - t0) / 1000.0);
      total += (t1 - t0) / 1000.0;
    }
  g_print ("frame 1920x1080, level of detail: best %.1f ms, mean %.1f ms\n", best, total / frames);
  cairo_surface_write_to_png (surface, "bench-render.png");

  opts.exact = TRUE;
  t0 = g_get_monotonic_time ();
  ot_render_scene (cr, scene, &vp, &opts);
  cairo_surface_flush (surface);
  t1 = g_get_monotonic_time ();
  g_print ("frame 1920x1080, exact: %.1f ms\n", (t1 - t0) / 1000.0);

  opts.exact = FALSE;
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < 10000; i++)
    {
      guint id;
      hits += ot_render_hit_test (scene, &vp, &opts, (i * 37) % 1920, (i * 53) % 1080, &id)
              != OT_HIT_NONE;
    }
  t1 = g_get_monotonic_time ();
  g_print ("hit test: %.2f µs each (%u of 10000 hit)\n", (t1 - t0) / 10000.0, hits);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  ot_scene_unref (scene);
  return 0;
}
