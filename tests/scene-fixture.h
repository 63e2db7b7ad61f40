/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scene-fixture.h: small hand-made scenes shared by the render and export
 * tests (a network on a bit of map, and a Sankey diagram). */
#pragma once

#include <math.h>

#include "ot-scene.h"

enum {
  FIX_CN, FIX_JP, FIX_TH, FIX_MX, FIX_US, FIX_CO, FIX_N_NODES
};

typedef struct {
  double      x, y, radius;
  OtNodeShape shape;
  const char *fill;
  const char *label;
} FixtureNode;

static const FixtureNode fixture_nodes[FIX_N_NODES] = {
  { 170, 230, 17, OT_NODE_CIRCLE,  "#b5485d", "China" },
  { 300, 110,  8, OT_NODE_CIRCLE,  "#3b7ea1", "Japan" },
  { 390, 370, 11, OT_NODE_DIAMOND, "#7d5ba6", "Thailand" },
  { 700, 360, 10, OT_NODE_DIAMOND, "#7d5ba6", "Mexico" },
  { 860, 190, 14, OT_NODE_CIRCLE,  "#3b7ea1", "United States" },
  { 560, 470,  7, OT_NODE_SQUARE,  "#8a8f98", "Front Trading Co." },
};

typedef struct {
  guint       from, to;
  double      kg;
  const char *color;
  OtDash      dash;
  double      bend;
} FixtureEdge;

#define FIX_N_EDGES 7
static const FixtureEdge fixture_edges[FIX_N_EDGES] = {
  { FIX_CN, FIX_TH, 18000, "#e69f00", OT_DASH_SOLID,  0.18 },
  { FIX_TH, FIX_US,  9000, "#e69f00", OT_DASH_SOLID, -0.22 },
  { FIX_CN, FIX_MX,  6000, "#0072b2", OT_DASH_SOLID, -0.25 },
  { FIX_MX, FIX_US,  5000, "#0072b2", OT_DASH_DASHED, 0.2 },
  { FIX_CN, FIX_JP,   900, "#009e73", OT_DASH_DASHED, 0.2 },
  { FIX_TH, FIX_CO,   300, "#e69f00", OT_DASH_SOLID,  0.2 },
  { FIX_CO, FIX_MX,   200, "#e69f00", OT_DASH_DASHED, 0.2 },
};

#define FIX_MAX_KG 18000.0
#define FIX_MIN_W  1.5
#define FIX_MAX_W  12.0
#define FIX_LAND_ID 900

G_GNUC_UNUSED static OtRgba
fixture_rgba (const char *hex,
              double      alpha)
{
  OtRgba c;

  ot_rgba_parse_hex (&c, hex);
  c.a = alpha;
  return c;
}

/* The cubic arc of edge @i (bowing right of travel for a positive bend). */
G_GNUC_UNUSED static void
fixture_edge_path (guint    i,
                   OtPoint  p[4])
{
  const FixtureNode *a = &fixture_nodes[fixture_edges[i].from];
  const FixtureNode *b = &fixture_nodes[fixture_edges[i].to];

  ot_scene_arc_points (a->x, a->y, b->x, b->y, -fixture_edges[i].bend, p);
}

/* The middle of edge @i's arc. */
G_GNUC_UNUSED static OtPoint
fixture_edge_middle (guint i)
{
  OtPoint p[4];

  fixture_edge_path (i, p);
  return (OtPoint) { (p[0].x + 3 * p[1].x + 3 * p[2].x + p[3].x) / 8,
                     (p[0].y + 3 * p[1].y + 3 * p[2].y + p[3].y) / 8 };
}

G_GNUC_UNUSED static void
fixture_background (OtScene *scene)
{
  const OtTheme *theme = ot_scene_get_theme (scene);
  OtPoint sea[] = { { 40, 40 }, { 960, 40 }, { 960, 540 }, { 40, 540 } };
  guint sea_ring = G_N_ELEMENTS (sea);
  OtScenePolygon water = { sea, &sea_ring, 1, theme->water, { 0 }, 0, OT_SCENE_NO_ID };
  OtPoint land[40];
  guint land_ring = G_N_ELEMENTS (land);
  OtScenePolygon blob = { land, &land_ring, 1, theme->land, theme->land_border, 0.8,
                          FIX_LAND_ID };

  ot_scene_add_polygon (scene, &water);
  for (guint k = 0; k <= 10; k++)
    {
      OtPoint meridian[2] = { { 40 + k * 92, 40 }, { 40 + k * 92, 540 } };
      OtPoint parallel[2] = { { 40, 40 + k * 50 }, { 960, 40 + k * 50 } };
      OtSceneLine m = { meridian, 2, theme->graticule, 0.6, OT_DASH_SOLID };
      OtSceneLine p = { parallel, 2, theme->graticule, 0.6, OT_DASH_SOLID };

      ot_scene_add_line (scene, &m);
      ot_scene_add_line (scene, &p);
    }
  /* A lumpy continent under China and Thailand. */
  for (guint k = 0; k < land_ring; k++)
    {
      double a = 2 * G_PI * k / land_ring;
      double r = 150 + 25 * sin (3 * a) + 12 * cos (5 * a);

      land[k] = (OtPoint) { 260 + r * 1.3 * cos (a), 260 + r * sin (a) };
    }
  ot_scene_add_polygon (scene, &blob);
}

G_GNUC_UNUSED static void
fixture_legend (OtScene *scene)
{
  const OtTheme *theme = ot_scene_get_theme (scene);
  OtRgba grey = theme->text_muted;
  OtRgba antimony = fixture_rgba ("#e69f00", 1);
  OtRgba gallium = fixture_rgba ("#0072b2", 1);
  OtRgba ree = fixture_rgba ("#009e73", 1);
  OtRgba origin = fixture_rgba ("#b5485d", 1), hub = fixture_rgba ("#7d5ba6", 1);
  OtRgba dest = fixture_rgba ("#3b7ea1", 1), company = fixture_rgba ("#8a8f98", 1);
  OtRgba seizure = fixture_rgba ("#d62728", 1);

  ot_scene_legend_section (scene, "Mineral");
  ot_scene_legend_swatch (scene, &antimony, "Antimony");
  ot_scene_legend_swatch (scene, &gallium, "Gallium");
  ot_scene_legend_swatch (scene, &ree, "Rare earths");
  ot_scene_legend_section (scene, "Status");
  ot_scene_legend_line (scene, &grey, 2, OT_DASH_SOLID, "Seized or convicted");
  ot_scene_legend_line (scene, &grey, 2, OT_DASH_DASHED, "Alleged only");
  ot_scene_legend_section (scene, "Quantity");
  ot_scene_legend_width_scale (scene, &grey, FIX_MAX_KG, FIX_MIN_W, FIX_MAX_W);
  ot_scene_legend_section (scene, "Nodes");
  ot_scene_legend_shape (scene, OT_NODE_CIRCLE, &origin, "Origin");
  ot_scene_legend_shape (scene, OT_NODE_DIAMOND, &hub, "Transshipment hub");
  ot_scene_legend_shape (scene, OT_NODE_CIRCLE, &dest, "Destination");
  ot_scene_legend_shape (scene, OT_NODE_SQUARE, &company, "Company");
  ot_scene_legend_marker (scene, OT_MARKER_STAR, &seizure, "Seizure");
}

/* The network fixture; node ids are their FIX_ index, edge ids 100 + i,
 * marker ids 200 + k.  With @selected a valid node, that node is selected
 * and what does not touch it is faded. */
G_GNUC_UNUSED static OtScene *
fixture_network_scene_selecting (const OtTheme *theme,
                                 guint          selected)
{
  OtScene *scene = ot_scene_new (theme);
  gboolean near[FIX_N_NODES] = { FALSE };

  for (guint i = 0; i < FIX_N_EDGES && selected < FIX_N_NODES; i++)
    if (fixture_edges[i].from == selected || fixture_edges[i].to == selected)
      near[fixture_edges[i].from] = near[fixture_edges[i].to] = TRUE;

  fixture_background (scene);
  for (guint i = 0; i < FIX_N_EDGES; i++)
    {
      const FixtureEdge *fe = &fixture_edges[i];
      OtPoint p[4];
      OtSceneEdge edge = { 0 };

      fixture_edge_path (i, p);
      edge.points = p;
      edge.n_points = 4;
      edge.cubic = TRUE;
      edge.width = ot_scene_width_for_kg (FIX_MAX_KG, fe->kg, FIX_MIN_W, FIX_MAX_W);
      edge.color = fixture_rgba (fe->color, 0.88);
      edge.dash = fe->dash;
      edge.arrow = TRUE;
      edge.end_inset = fixture_nodes[fe->to].radius;
      edge.importance = fe->kg;
      edge.id = 100 + i;
      if (selected < FIX_N_NODES && fe->from != selected && fe->to != selected)
        edge.flags = OT_MARK_FADED;
      ot_scene_add_edge (scene, &edge);
    }
  for (guint i = 0; i < FIX_N_NODES; i++)
    {
      const FixtureNode *fn = &fixture_nodes[i];
      OtSceneNode node = { 0 };

      node.x = fn->x;
      node.y = fn->y;
      node.radius = fn->radius;
      node.shape = fn->shape;
      node.fill = fixture_rgba (fn->fill, 1);
      node.label = fn->label;
      node.label_importance = fn->radius;
      node.id = i;
      if (i == selected)
        node.flags = OT_MARK_SELECTED;
      else if (selected < FIX_N_NODES && !near[i])
        node.flags = OT_MARK_FADED;
      ot_scene_add_node (scene, &node);
    }
  {
    OtSceneMarker star = { 330, 330, 11, OT_MARKER_STAR, fixture_rgba ("#d62728", 1), 200, 0 };
    OtSceneMarker cross = { 760, 250, 10, OT_MARKER_CROSS, fixture_rgba ("#d62728", 1), 201, 0 };

    ot_scene_add_marker (scene, &star);
    ot_scene_add_marker (scene, &cross);
  }
  fixture_legend (scene);
  ot_scene_set_title (scene, "Controlled minerals: reported smuggling routes");
  ot_scene_set_subtitle (scene, "Jan 2024 – Jul 2025 · antimony, gallium, rare earths · all statuses");
  ot_scene_set_source (scene, "Source: synthetic test data (Oretrace test suite)");
  ot_scene_finish (scene);
  return scene;
}

G_GNUC_UNUSED static OtScene *
fixture_network_scene (const OtTheme *theme)
{
  return fixture_network_scene_selecting (theme, G_MAXUINT);
}

/* A Sankey: origins -> hubs -> destinations; band ids 300 + k, bar ids
 * 400 + k. */
G_GNUC_UNUSED static OtScene *
fixture_sankey_scene (const OtTheme *theme)
{
  OtScene *scene = ot_scene_new (theme);
  struct { double x, y0, y1; const char *label; } bars[] = {
    { 0, 0, 300, "China" }, { 0, 330, 400, "Myanmar" },
    { 300, 0, 180, "Thailand" }, { 300, 210, 400, "Mexico" },
    { 600, 0, 250, "United States" }, { 600, 280, 400, "Japan" },
  };
  struct { guint a, b; double a0, b0, h; const char *color; } bands[] = {
    { 0, 2, 0, 0, 150, "#e69f00" }, { 0, 3, 150, 0, 150, "#0072b2" },
    { 1, 2, 0, 150, 30, "#009e73" }, { 1, 3, 30, 150, 40, "#009e73" },
    { 2, 4, 0, 0, 120, "#e69f00" }, { 2, 5, 120, 0, 60, "#009e73" },
    { 3, 4, 0, 120, 130, "#0072b2" }, { 3, 5, 130, 60, 60, "#009e73" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (bands); k++)
    {
      OtRgba c = fixture_rgba (bands[k].color, 0.55);
      double xa = bars[bands[k].a].x + 6, xb = bars[bands[k].b].x - 6;
      double ya = bars[bands[k].a].y0 + bands[k].a0, yb = bars[bands[k].b].y0 + bands[k].b0;

      ot_scene_add_sankey_band (scene, xa, ya, ya + bands[k].h, xb, yb, yb + bands[k].h,
                                &c, 300 + k, 0);
    }
  for (guint k = 0; k < G_N_ELEMENTS (bars); k++)
    {
      OtSceneNode node = { 0 };

      node.x = bars[k].x;
      node.y = (bars[k].y0 + bars[k].y1) / 2;
      node.width = 12;
      node.height = bars[k].y1 - bars[k].y0;
      node.shape = OT_NODE_BAR;
      node.fill = fixture_rgba ("#4a5058", 1);
      node.label = bars[k].label;
      node.label_importance = node.height;
      node.id = 400 + k;
      node.label_side = bars[k].x == 0 ? OT_LABEL_LEFT : OT_LABEL_RIGHT;
      ot_scene_add_node (scene, &node);
    }
  ot_scene_set_title (scene, "Flows by stage");
  ot_scene_finish (scene);
  return scene;
}
