/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view-network.c: the network as a force-directed drawing.
 * Positions are kept per vertex key ("country:TH"): a filter that only
 * removes vertices moves nothing; one that brings new vertices, new data
 * or the other projection runs the layout again from the old positions
 * (ot_graph_layout_force with a seed), so the picture does not jump.  See docs/views.md. */
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "ot-graph.h"

#define LAYOUT_SEED 20240601u
#define PAGE_ASPECT 1.6
#define BEND_BASE 0.12
#define BEND_STEP 0.08
#define PAGE_HEIGHT 1000.0

typedef struct {
  OtViewLayout base;
  double       extent;   /* size of the drawing, world units */
} NetworkLayout;

static void
network_free (OtViewLayout *layout)
{
  ot_view_layout_clear (layout);
  g_free (layout);
}

static OtPoint *
new_point (double x,
           double y)
{
  OtPoint *p = g_new (OtPoint, 1);

  *p = (OtPoint) { x, y };
  return p;
}

/* A fresh layout is square-ish; pages are landscape.  Stretch it to the
 * page's shape (at most 1.6 times either way) in a box of fixed size, so
 * the crowded middle gets the room; later seeded runs keep this frame. */
static void
fit_to_page_shape (double *xy,
                   guint   n)
{
  double x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double w, h, aspect, sx, sy;

  for (guint v = 0; v < n; v++)
    {
      x0 = MIN (x0, xy[2 * v]);
      x1 = MAX (x1, xy[2 * v]);
      y0 = MIN (y0, xy[2 * v + 1]);
      y1 = MAX (y1, xy[2 * v + 1]);
    }
  w = MAX (x1 - x0, 1e-9);
  h = MAX (y1 - y0, 1e-9);
  /* sx / sy: how much more x is stretched than y. */
  aspect = CLAMP ((PAGE_ASPECT * h) / w, 1 / 1.6, 1.6);
  sx = PAGE_HEIGHT * PAGE_ASPECT / w;
  sy = sx / aspect;
  for (guint v = 0; v < n; v++)
    {
      xy[2 * v] = (xy[2 * v] - (x0 + x1) / 2) * sx;
      xy[2 * v + 1] = (xy[2 * v + 1] - (y0 + y1) / 2) * sy;
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Force layouts stretch chains (A -> B -> C -> D, one record each) far
 * out, leaving the page mostly empty.  Vertices with one or two
 * neighbours are pulled along their edges until no edge of theirs is
 * longer than 0.8 times the median edge, a few rounds so whole chains
 * fold in; in vertex order, so the result is deterministic. */
static void
pull_in_chains (OtNetwork *network,
                double    *xy)
{
  guint nv = ot_network_get_n_vertices (network), ne = ot_network_get_n_edges (network);
  g_autofree double *lengths = g_new (double, MAX (ne, 1));
  double limit;

  if (ne < 4)
    return;
  for (guint e = 0; e < ne; e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);

      lengths[e] = hypot (xy[2 * edge->to] - xy[2 * edge->from],
                          xy[2 * edge->to + 1] - xy[2 * edge->from + 1]);
    }
  qsort (lengths, ne, sizeof (double), compare_double);
  limit = 0.8 * lengths[ne / 2];
  for (guint round = 0; round < 4; round++)
    for (guint v = 0; v < nv; v++)
      {
        g_autoptr(GArray) nb = ot_network_get_neighbours (network, v);

        if (nb->len == 0 || nb->len > 2)
          continue;
        for (guint k = 0; k < nb->len; k++)
          {
            guint n = g_array_index (nb, guint, k);
            double dx = xy[2 * v] - xy[2 * n], dy = xy[2 * v + 1] - xy[2 * n + 1];
            double d = hypot (dx, dy);

            if (d <= limit)
              continue;
            xy[2 * v] = xy[2 * n] + dx * limit / d;
            xy[2 * v + 1] = xy[2 * n + 1] + dy * limit / d;
          }
      }
}

/* Runs the force layout, seeded from @old where it knows a vertex. */
static gboolean
run_force (OtNetwork    *network,
           GHashTable   *old,
           GHashTable   *positions,
           GCancellable *cancellable,
           GError      **error)
{
  guint nv = ot_network_get_n_vertices (network), ne = ot_network_get_n_edges (network);
  g_autofree double *xy = g_new (double, 2 * MAX (nv, 1));
  g_autofree guint *pairs = g_new (guint, 2 * MAX (ne, 1));
  gboolean seeded = FALSE;

  for (guint v = 0; v < nv; v++)
    {
      const char *key = ot_network_get_vertex (network, v)->key;
      const OtPoint *p = old ? g_hash_table_lookup (old, key) : NULL;

      xy[2 * v] = p ? p->x : NAN;
      xy[2 * v + 1] = p ? p->y : NAN;
      seeded |= p != NULL;
    }
  for (guint e = 0; e < ne; e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);

      pairs[2 * e] = edge->from;
      pairs[2 * e + 1] = edge->to;
    }
  if (nv > 0 && !ot_graph_layout_force (nv, pairs, ne, NULL, xy, seeded, LAYOUT_SEED,
                                         cancellable, error))
    return FALSE;
  if (!seeded)
    {
      pull_in_chains (network, xy);
      fit_to_page_shape (xy, nv);
    }
  for (guint v = 0; v < nv; v++)
    g_hash_table_insert (positions, g_strdup (ot_network_get_vertex (network, v)->key),
                         new_point (xy[2 * v], xy[2 * v + 1]));
  return TRUE;
}

/* Events (records with one place) as markers next to their vertex. */
static void
collect_marks (NetworkLayout *self,
               OtNetwork     *network)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint k = 0; k < ot_network_get_n_events (network); k++)
    {
      const OtEvent *ev = ot_network_get_event (network, k);
      const OtIncident *incident = ot_dataset_get_incident (dataset, ev->incident);
      gboolean confirmed = ot_view_incident_confirmed (incident);
      gpointer key, index;
      const OtVertex *vx;
      OtViewMark *mark;

      if (ev->vertex < 0)
        continue;
      key = GUINT_TO_POINTER (2 * (guint) ev->vertex + (confirmed ? 1 : 0) + 1);
      if (!g_hash_table_lookup_extended (by_key, key, NULL, &index))
        {
          OtViewMark m = { 0 };

          vx = ot_network_get_vertex (network, ev->vertex);
          m.vertex = ev->vertex;
          m.confirmed = confirmed;
          m.label = confirmed ? g_strdup_printf (_("Seizure or arrest at %s"), ot_view_vertex_label (vx))
                              : g_strdup_printf (_("Reported at %s"), ot_view_vertex_label (vx));
          index = GUINT_TO_POINTER (self->base.marks->len);
          g_array_append_val (self->base.marks, m);
          g_hash_table_insert (by_key, key, index);
        }
      mark = &g_array_index (self->base.marks, OtViewMark, GPOINTER_TO_UINT (index));
      ot_view_mark_add_incident (mark, ev->incident);
    }
}

static OtViewLayout *
network_layout (const OtViewInput *input,
                OtViewLayout      *previous,
                GCancellable      *cancellable,
                GError           **error)
{
  OtNetwork *network = input->network;
  NetworkLayout *self = g_new0 (NetworkLayout, 1);
  GHashTable *old = previous ? previous->positions : NULL;
  gboolean all_known = old != NULL;
  OtRect r;

  ot_view_layout_init (&self->base, &ot_view_network_class, OT_VIEW_NETWORK);
  self->base.positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Reuse as they are only within one dataset and projection (a filter
   * change); new data or another projection runs the layout from them. */
  all_known = all_known && input->same_base;
  for (guint v = 0; all_known && v < ot_network_get_n_vertices (network); v++)
    all_known = g_hash_table_contains (old, ot_network_get_vertex (network, v)->key);
  if (all_known)
    {
      /* Only vertices left: keep every position as it was. */
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, old);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const OtPoint *p = value;
          g_hash_table_insert (self->base.positions, g_strdup (key), new_point (p->x, p->y));
        }
    }
  else if (!run_force (network, old, self->base.positions, cancellable, error))
    {
      network_free (&self->base);
      return NULL;
    }
  else if (old != NULL && input->same_base)
    {
      /* Remember where filtered-out vertices were, for when they return. */
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, old);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (self->base.positions, key))
          g_hash_table_insert (self->base.positions, g_strdup (key),
                               new_point (((OtPoint *) value)->x, ((OtPoint *) value)->y));
    }

  ot_rect_init_empty (&r);
  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const OtPoint *p = g_hash_table_lookup (self->base.positions,
                                              ot_network_get_vertex (network, v)->key);
      if (p)
        ot_rect_add_point (&r, p->x, p->y);
    }
  self->extent = ot_rect_is_empty (&r) ? 1 : MAX (MAX (r.x1 - r.x0, r.y1 - r.y0), 1e-6);
  collect_marks (self, network);
  for (guint k = 0; k < self->base.marks->len; k++)
    {
      OtViewMark *m = &g_array_index (self->base.marks, OtViewMark, k);
      const OtPoint *p = g_hash_table_lookup (self->base.positions,
                                              ot_network_get_vertex (network, m->vertex)->key);
      m->x = p ? p->x : NAN;
      m->y = p ? p->y : NAN;
    }
  return &self->base;
}

static OtScene *
network_scene (OtViewLayout      *layout,
               const OtViewInput *input)
{
  OtNetwork *network = input->network;
  OtScene *scene = ot_scene_new (input->theme);
  guint nv = ot_network_get_n_vertices (network);
  g_autofree OtPoint *xy = g_new (OtPoint, MAX (nv, 1));
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (nv, 1));
  g_autofree double *bends = ot_view_edge_bends (network, BEND_BASE, BEND_STEP);
  OtViewFocus focus;

  ot_view_focus_init (&focus, input, layout);
  for (guint v = 0; v < nv; v++)
    {
      const OtPoint *p = g_hash_table_lookup (layout->positions,
                                              ot_network_get_vertex (network, v)->key);
      if (p && isfinite (p->x) && isfinite (p->y))
        {
          xy[v] = *p;
          placed[v] = TRUE;
        }
    }
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);

      if (placed[edge->from] && placed[edge->to] && edge->from != edge->to)
        ot_view_add_edge (scene, input, &focus, e, xy[edge->from], xy[edge->to], bends[e]);
    }
  /* Countries, then ports, get their labels before companies. */
  for (guint v = 0; v < nv; v++)
    if (placed[v])
      ot_view_add_vertex (scene, input, &focus, v, xy[v],
                          ot_view_kind_label_boost (ot_network_get_vertex (network, v)));
  ot_view_add_markers (scene, layout, &focus, OT_VIEW_MARKER_OFFSET);
  ot_view_add_chrome (scene, input, OT_VIEW_CHROME_NODES |
                      (layout->marks->len > 0 ? OT_VIEW_CHROME_MARKERS : 0));
  ot_view_focus_clear (&focus);
  ot_scene_finish (scene);
  return scene;
}

static gboolean
network_node_position (OtViewLayout *layout,
                       OtNetwork    *network,
                       guint         id,
                       OtPoint      *out)
{
  const OtPoint *p;

  if (id >= ot_network_get_n_vertices (network))
    return FALSE;
  p = g_hash_table_lookup (layout->positions,
                           ot_network_get_vertex (network, id)->key);
  if (p == NULL)
    return FALSE;
  *out = *p;
  return TRUE;
}

const OtViewClass ot_view_network_class = {
  network_layout,
  network_scene,
  network_free,
  network_node_position,
  BEND_BASE,
  BEND_STEP,
  1.0,
};
