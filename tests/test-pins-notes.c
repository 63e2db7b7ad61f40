/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 17, pins, notes and the layout across edits, on the 60 sample
 * incidents: a place pinned in the document is drawn at its pin by the
 * chart's network view, and back at its computed place once unpinned or
 * undone; an edit of the case (an incident added) moves no place that
 * still exists; a note on a place and on a flow is a callout mark of the
 * scene, drawn clear of the labels, and its text is in the SVG export. */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ot-case.h"
#include "ot-chart.h"
#include "ot-document.h"
#include "ot-export.h"
#include "ot-render.h"
#include "ot-scene-private.h"
#include "ot-test-load.h"
#include "ot-test-chart.h"

#define CHINA "country:CN"

static OtDocument *
sample_document (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_samples ();

  return ot_document_new (ds);
}

static OtChart *
document_chart (OtDocument *doc)
{
  OtChart *chart = ot_test_network_chart (ot_document_get_dataset (doc));

  ot_test_chart_update (chart);
  return chart;
}

/* Where the chart's scene draws the vertex @key: its node's centre. */
static gboolean
scene_position (OtChart    *chart,
                const char *key,
                OtPoint    *out)
{
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
  gint v = ot_network_find_vertex (network, key);

  if (v < 0)
    return FALSE;
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);

      if (node->id == (guint) v)
        {
          *out = (OtPoint) { node->x, node->y };
          return TRUE;
        }
    }
  return FALSE;
}

/* Every vertex key of the chart's network -> where the scene draws it. */
static GHashTable *
all_positions (OtChart *chart)
{
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const char *key = ot_network_get_vertex (network, v)->key;
      OtPoint *p = g_new (OtPoint, 1);

      g_assert_true (scene_position (chart, key, p));
      g_hash_table_insert (out, g_strdup (key), p);
    }
  return out;
}

static void
hand_pins (OtChart    *chart,
           OtDocument *doc)
{
  g_autoptr(GHashTable) pins = ot_document_dup_pins (doc, "network");

  ot_chart_set_pins (chart, pins);
  ot_test_chart_update (chart);
}

static void
test_pin_drawn_and_undone (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtChart) chart = document_chart (doc);
  g_autoptr(GHashTable) before = all_positions (chart);
  const OtPoint *computed = g_hash_table_lookup (before, CHINA);
  const char *keys[] = { CHINA };
  double x, y;
  OtPoint p;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_nonnull (computed);
  x = computed->x + 123.25;
  y = computed->y - 45.5;
  g_assert_true (ot_document_pin_vertices (doc, "network", keys, &x, &y, 1, NULL, NULL));
  hand_pins (chart, doc);
  g_assert_true (scene_position (chart, CHINA, &p));
  g_assert_cmpfloat (p.x, ==, x);
  g_assert_cmpfloat (p.y, ==, y);
  /* The chart's own answer (centring, edge middles) agrees. */
  {
    g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
    double cx, cy;

    g_assert_true (ot_chart_get_node_position (chart, ot_network_find_vertex (network, CHINA), &cx, &cy));
    g_assert_cmpfloat (cx, ==, x);
    g_assert_cmpfloat (cy, ==, y);
  }
  /* No other place moved. */
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (strcmp (key, CHINA) != 0)
      {
        const OtPoint *q = value;

        g_assert_true (scene_position (chart, key, &p));
        g_assert_cmpfloat (p.x, ==, q->x);
        g_assert_cmpfloat (p.y, ==, q->y);
      }

  /* Undo: back where the layout put it. */
  g_assert_true (ot_document_undo (doc));
  hand_pins (chart, doc);
  g_assert_true (scene_position (chart, CHINA, &p));
  g_assert_cmpfloat (p.x, ==, computed->x);
  g_assert_cmpfloat (p.y, ==, computed->y);

  /* Redo, then Re-layout: unpinned as one command, undone as one. */
  g_assert_true (ot_document_redo (doc));
  hand_pins (chart, doc);
  g_assert_true (ot_document_unpin_all (doc, "network"));
  g_assert_cmpstr (ot_document_get_undo_label (doc), ==, "Re-layout");
  hand_pins (chart, doc);
  g_assert_true (scene_position (chart, CHINA, &p));
  g_assert_cmpfloat (p.x, ==, computed->x);
  g_assert_cmpfloat (p.y, ==, computed->y);
  g_assert_true (ot_document_undo (doc));
  hand_pins (chart, doc);
  g_assert_true (scene_position (chart, CHINA, &p));
  g_assert_cmpfloat (p.x, ==, x);
  g_assert_cmpfloat (p.y, ==, y);
}

/* A drag (ot_chart_move_vertex ()) is replaced by the document's pins:
 * a drag whose pin was undone goes back. */
static void
test_drag_replaced_by_pins (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtChart) chart = document_chart (doc);
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  gint v = ot_network_find_vertex (network, CHINA);
  OtPoint computed, p;

  g_assert_cmpint (v, >=, 0);
  g_assert_true (scene_position (chart, CHINA, &computed));
  ot_chart_move_vertex (chart, v, computed.x + 50, computed.y + 50);
  ot_test_chart_update (chart);
  g_assert_true (scene_position (chart, CHINA, &p));
  g_assert_cmpfloat (p.x, ==, computed.x + 50);
  hand_pins (chart, doc);   /* none: the drag was not pinned */
  g_assert_true (scene_position (chart, CHINA, &p));
  g_assert_cmpfloat (p.x, ==, computed.x);
  g_assert_cmpfloat (p.y, ==, computed.y);
}

/* An incident added: a new dataset version; no place that was drawn
 * moves, the new ones are placed (finite), near a neighbour. */
static void
test_layout_kept_across_edit (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtChart) chart = document_chart (doc);
  g_autoptr(GHashTable) before = all_positions (chart);
  g_autoptr(GHashTable) after = NULL;
  OtIncident incident = *ot_dataset_get_incident (ot_document_get_dataset (doc), 1);
  GHashTableIter iter;
  gpointer key, value;
  guint n_new = 0;

  incident.id = "TEST-PINS-1";
  incident.exporter = "Test Exporter Made Up Ltd";
  incident.origin = (OtCountry) { "CN" };
  incident.destination = (OtCountry) { "VN" };
  g_assert_true (ot_document_add_incident (doc, &incident, NULL));
  g_assert_true (ot_dataset_is_version_of (ot_document_get_dataset (doc), ot_chart_get_dataset (chart)));
  ot_chart_set_dataset (chart, ot_document_get_dataset (doc));
  ot_test_chart_update (chart);
  after = all_positions (chart);
  g_assert_cmpuint (g_hash_table_size (after), >, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const OtPoint *p = value, *q = g_hash_table_lookup (before, key);

      g_assert_true (isfinite (p->x) && isfinite (p->y));
      if (q == NULL)
        {
          n_new++;
          continue;
        }
      g_assert_cmpfloat (p->x, ==, q->x);
      g_assert_cmpfloat (p->y, ==, q->y);
    }
  g_assert_cmpuint (n_new, >=, 1);

  /* Undone: the previous version, still the same places. */
  g_assert_true (ot_document_undo (doc));
  ot_chart_set_dataset (chart, ot_document_get_dataset (doc));
  ot_test_chart_update (chart);
  g_clear_pointer (&after, g_hash_table_unref);
  after = all_positions (chart);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const OtPoint *p = g_hash_table_lookup (after, key), *q = value;

      g_assert_nonnull (p);
      g_assert_cmpfloat (p->x, ==, q->x);
      g_assert_cmpfloat (p->y, ==, q->y);
    }
}

/* A note on China and on China's heaviest flow. */
static GHashTable *
sample_notes (OtChart  *chart,
              char    **flow_key)
{
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  GHashTable *notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint cn = ot_network_find_vertex (network, CHINA);
  guint best = G_MAXUINT;
  const char *kind = NULL;
  g_autofree char *target = NULL;

  g_assert_cmpint (cn, >=, 0);
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);

      if ((edge->from == (guint) cn || edge->to == (guint) cn) && edge->from != edge->to &&
          (best == G_MAXUINT || edge->n_incidents > ot_network_get_edge (network, best)->n_incidents))
        best = e;
    }
  g_assert_cmpuint (best, !=, G_MAXUINT);
  target = ot_chart_note_target (network, OT_HIT_EDGE, best, &kind);
  g_assert_cmpstr (kind, ==, "flow");
  g_hash_table_insert (notes, g_strdup ("place\x1f" CHINA),
                       g_strdup ("NOTE-ONE: export controls since 2023; check the customs data"));
  *flow_key = g_strconcat ("flow\x1f", target, NULL);
  g_hash_table_insert (notes, g_strdup (*flow_key), g_strdup ("NOTE-TWO on this route"));
  return notes;
}

static gboolean
rects_overlap (const OtRect *a,
               const OtRect *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static void
test_notes_as_callouts (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtChart) chart = document_chart (doc);
  g_autofree char *flow_key = NULL;
  g_autoptr(GHashTable) notes = sample_notes (chart, &flow_key);
  g_autoptr(OtScene) scene = NULL;
  g_autoptr(OtNetwork) network = ot_chart_get_network (chart);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-notes-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "notes.svg", NULL);
  g_autofree char *svg = NULL;
  OtExportOptions opts;
  OtRenderStats stats;
  OtViewport vp;
  gboolean seen_place = FALSE, seen_flow = FALSE;

  g_assert_no_error (error);
  ot_chart_set_notes (chart, notes);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  g_assert_cmpuint (ot_scene_get_n_callouts (scene), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      OtHitKind kind;
      guint id;
      OtPoint anchor;
      const char *text = ot_scene_get_callout (scene, i, &kind, &id, &anchor);

      if (kind == OT_HIT_NODE)
        {
          OtPoint at;

          seen_place = TRUE;
          g_assert_cmpuint (id, ==, ot_network_find_vertex (network, CHINA));
          g_assert_true (g_str_has_prefix (text, "NOTE-ONE"));
          g_assert_true (scene_position (chart, CHINA, &at));
          g_assert_cmpfloat (anchor.x, ==, at.x);
          g_assert_cmpfloat (anchor.y, ==, at.y);
        }
      else
        {
          seen_flow = TRUE;
          g_assert_cmpint (kind, ==, OT_HIT_EDGE);
          g_assert_cmpstr (text, ==, "NOTE-TWO on this route");
        }
    }
  g_assert_true (seen_place && seen_flow);

  /* Drawn at an export's size: both, inside the plot, over no label. */
  {
    OtRenderOptions ropts;

    ot_render_options_init (&ropts);
    ropts.exact = TRUE;
    ot_render_fit (scene, &ropts, 1600, 1000, &vp);
    ot_render_layout (scene, &vp, &ropts, &stats);
  }
  g_assert_cmpuint (stats.callouts->len, ==, 2);
  for (guint i = 0; i < stats.callouts->len; i++)
    {
      const OtRect *c = &g_array_index (stats.callouts, OtRect, i);

      g_assert_cmpfloat (c->x0, >=, stats.plot.x0);
      g_assert_cmpfloat (c->x1, <=, stats.plot.x1);
      g_assert_cmpfloat (c->y0, >=, stats.plot.y0);
      g_assert_cmpfloat (c->y1, <=, stats.plot.y1);
      /* About 30 characters a line: wrapped, not one long line. */
      g_assert_cmpfloat (c->x1 - c->x0, <, 260);
      for (guint k = 0; k < stats.labels->len; k++)
        g_assert_false (rects_overlap (c, &g_array_index (stats.labels, OtRect, k)));
    }
  g_assert_false (rects_overlap (&g_array_index (stats.callouts, OtRect, 0),
                                 &g_array_index (stats.callouts, OtRect, 1)));
  ot_render_stats_clear (&stats);

  /* The SVG export has the text. */
  ot_export_options_init (&opts);
  g_assert_true (ot_export_scene (scene, NULL, &opts, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "NOTE-ONE"));
  g_assert_nonnull (strstr (svg, "NOTE-TWO on this route"));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* The map draws them at its places too. */
  g_clear_pointer (&scene, ot_scene_unref);
  ot_chart_set_view (chart, OT_VIEW_MAP);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  g_assert_cmpuint (ot_scene_get_n_callouts (scene), ==, 2);
  ot_chart_set_view (chart, OT_VIEW_NETWORK);

  /* Show Notes off: no callout. */
  g_clear_pointer (&scene, ot_scene_unref);
  ot_chart_set_show_notes (chart, FALSE);
  ot_test_chart_update (chart);
  scene = ot_chart_get_scene (chart);
  g_assert_cmpuint (ot_scene_get_n_callouts (scene), ==, 0);
}

/* A case with a pin and two notes, exported by the program itself
 * (oretrace --export out.svg case.oretrace): China at its pin, both notes
 * in the file; --no-notes leaves them out. */
static void
test_cli_export_from_case (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtChart) chart = document_chart (doc);
  g_autofree char *flow_key = NULL;
  g_autoptr(GHashTable) notes = sample_notes (chart, &flow_key);
  g_autoptr(OtCaseTables) tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-notes-XXXXXX", &error);
  g_autofree char *case_path = g_build_filename (dir, "notes.oretrace", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "notes.svg", NULL);
  const char *keys[] = { CHINA };
  double x = 10, y = 20;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, notes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\x1f", 2);

      g_assert_true (ot_document_set_annotation (doc, parts[0], parts[1], value, NULL));
    }
  g_assert_true (ot_document_pin_vertices (doc, "network", keys, &x, &y, 1, NULL, NULL));
  tables = ot_document_dup_tables (doc);
  g_assert_true (ot_case_save (ot_document_get_dataset (doc), tables, case_path, NULL, &error));
  g_assert_no_error (error);

  for (guint run = 0; run < 2; run++)
    {
      const char *argv[] = { g_getenv ("OT_APP"), "--export", svg_path, case_path,
                             run == 1 ? "--no-notes" : NULL, NULL };
      g_autofree char *svg = NULL;
      int status = 0;

      g_assert_nonnull (argv[0]);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                   NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
      g_assert_true ((strstr (svg, "NOTE-ONE") != NULL) == (run == 0));
      g_assert_true ((strstr (svg, "NOTE-TWO on this route") != NULL) == (run == 0));
      g_assert_cmpint (g_unlink (svg_path), ==, 0);
    }
  g_assert_cmpint (g_unlink (case_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pins/drawn-and-undone", test_pin_drawn_and_undone);
  g_test_add_func ("/pins/drag-replaced-by-pins", test_drag_replaced_by_pins);
  g_test_add_func ("/layout/kept-across-edit", test_layout_kept_across_edit);
  g_test_add_func ("/notes/callouts", test_notes_as_callouts);
  g_test_add_func ("/notes/cli-export-from-case", test_cli_export_from_case);
  return g_test_run ();
}
