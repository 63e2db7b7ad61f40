/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view-flow.c: a Sankey diagram, origin countries -> transit
 * countries -> destination countries.  Each included incident with at
 * least two known places is one path: its origin, its first via country
 * (the first stop abroad, where goods are usually relabelled; later stops
 * are in the details), its destination.  Missing steps go through explicit "not
 * reported" nodes rather than bands skipping a column, so no band runs
 * behind a node.  See docs/views.md. */
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-layout.h"
#include "ot-numeric.h"
#include "ot-text.h"

#define FLOW_MAX_HUB_COLUMNS 1
#define FLOW_WIDTH   1400.0   /* world units */
#define FLOW_HEIGHT  1000.0
#define FLOW_GAP       22.0     /* at most; less when a column is crowded */
#define FLOW_MAX_BARS  16       /* per column, then "Other"*/
#define FLOW_BAR       16.0
/* Band thickness relative to the heaviest band: sqrt of kg, never below
 * this share (also for unknown quantities). */
#define FLOW_MIN_SHARE 0.07

typedef enum {
  KIND_PLACE,
  KIND_OTHER,          /* the countries beyond FLOW_MAX_BARS, merged */
  KIND_NOT_REPORTED,
} NodeKind;

#define FLOW_OTHER "*"   /* the code of the merged node */

typedef struct {
  guint     column;
  NodeKind  kind;
  char     *key;          /* country code, or "" for the not-reported node */
  double    in, out;      /* sums of band shares */
  double    y, height;    /* world, after the layout */
  guint     order;
  guint     mark;         /* index in layout->nodes */
} FlowNode;

typedef struct {
  guint     from, to;     /* FlowNode indices */
  OtMineral mineral;
  double    kg;
  guint     n_confirmed;
  double    share;
  double    y_from, y_to; /* top of the band at each end */
  guint     mark;         /* index in layout->bands */
} FlowBand;

typedef struct {
  OtViewLayout base;
  guint        n_columns;
  GArray      *nodes;     /* of FlowNode */
  GArray      *bands;     /* of FlowBand */
  double       scale;     /* world units per share */
  double       crossings;
  guint        n_other[FLOW_MAX_HUB_COLUMNS + 2];   /* countries merged per column */
} FlowLayout;

static const char *
not_reported_label (guint column,
                    guint n_columns)
{
  if (column == 0)
    return _("Origin not reported");
  if (column == n_columns - 1)
    return _("Destination not reported");
  return _("No transit reported");
}

/* The countries of an incident's route: origin, distinct via countries
 * (not repeating a neighbour, the origin or the destination), destination. */
static guint
route_of (const OtIncident *incident,
          const char      **hubs)
{
  guint n = 0;

  for (guint h = 0; h < incident->n_via; h++)
    {
      const char *c = incident->via[h].country.code;

      if (!*c || strcmp (c, incident->origin.code) == 0 ||
          strcmp (c, incident->destination.code) == 0 ||
          (n > 0 && strcmp (hubs[n - 1], c) == 0) || n == 16)
        continue;
      hubs[n++] = c;
    }
  return n;
}

static guint
intern_node (FlowLayout *self,
             GHashTable *index,
             guint       column,
             const char *code)
{
  g_autofree char *key = g_strdup_printf ("%u:%s", column, code ? code : "");
  gpointer found;
  FlowNode node = { 0 };

  if (g_hash_table_lookup_extended (index, key, NULL, &found))
    return GPOINTER_TO_UINT (found);
  node.column = column;
  node.kind = code == NULL ? KIND_NOT_REPORTED
              : strcmp (code, FLOW_OTHER) == 0 ? KIND_OTHER : KIND_PLACE;
  node.key = g_strdup (code ? code : "");
  g_array_append_val (self->nodes, node);
  g_hash_table_insert (index, g_steal_pointer (&key), GUINT_TO_POINTER (self->nodes->len - 1));
  return self->nodes->len - 1;
}

static void
add_leg (FlowLayout       *self,
         GHashTable       *band_index,
         GPtrArray        *band_incidents,
         guint             from,
         guint             to,
         const OtIncident *incident,
         guint             incident_index)
{
  /* Confirmed and alleged-only records go into separate bands, so a band's
   * encoding (solid or pale) is true of every record in it, in each column. */
  gboolean confirmed = ot_view_incident_confirmed (incident);
  g_autofree char *key = g_strdup_printf ("%u>%u>%u>%d", from, to, incident->mineral, confirmed);
  gpointer found;
  FlowBand *band;
  guint b;

  if (!g_hash_table_lookup_extended (band_index, key, NULL, &found))
    {
      FlowBand nb = { from, to, incident->mineral, 0, 0, 0, 0, 0, 0 };

      g_array_append_val (self->bands, nb);
      g_ptr_array_add (band_incidents, g_array_new (FALSE, FALSE, sizeof (guint)));
      found = GUINT_TO_POINTER (self->bands->len - 1);
      g_hash_table_insert (band_index, g_steal_pointer (&key), found);
    }
  b = GPOINTER_TO_UINT (found);
  band = &g_array_index (self->bands, FlowBand, b);
  if (ot_incident_has_quantity (incident))
    band->kg = ot_kg_add (band->kg, incident->quantity_kg);
  if (confirmed)
    band->n_confirmed++;
  g_array_append_val (g_ptr_array_index (band_incidents, b), incident_index);
}

/* Paths of the included incidents into nodes and bands. */
/* The country of each column for @incident (NULL: not reported), or
 * FALSE for a record with fewer than two known places. */
static gboolean
route_steps (const OtIncident *incident,
             guint             n_columns,
             const char      **steps)
{
  const char *hubs[16];
  guint n_hubs = route_of (incident, hubs);

  if (n_hubs + OT_COUNTRY_IS_SET (incident->origin) +
      OT_COUNTRY_IS_SET (incident->destination) < 2)
    return FALSE;   /* an event in one place: the map marks it */
  steps[0] = OT_COUNTRY_IS_SET (incident->origin) ? incident->origin.code : NULL;
  /* The first stops, one per transit column. */
  for (guint c = 1; c + 1 < n_columns; c++)
    steps[c] = c - 1 < n_hubs ? hubs[c - 1] : NULL;
  steps[n_columns - 1] = OT_COUNTRY_IS_SET (incident->destination)
                         ? incident->destination.code : NULL;
  return TRUE;
}

typedef struct {
  const char *code;
  guint       n;
} CodeCount;

static int
compare_counts (gconstpointer pa,
                gconstpointer pb)
{
  const CodeCount *a = pa, *b = pb;

  if (a->n != b->n)
    return a->n > b->n ? -1 : 1;
  return strcmp (a->code, b->code);
}

/* Per column, the countries kept as bars: the FLOW_MAX_BARS - 1 with the
 * most records when there are more, the rest merged into "Other". */
static GHashTable *
kept_countries (OtDataset    *dataset,
                const guint8 *mask,
                guint         n_mask,
                guint         n_columns,
                guint        *n_other)
{
  GHashTable *kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (CodeCount));

  for (guint i = 0; i < n_mask; i++)
    {
      const char *steps[FLOW_MAX_HUB_COLUMNS + 2];

      if (!mask[i] || !route_steps (ot_dataset_get_incident (dataset, i), n_columns, steps))
        continue;
      for (guint c = 0; c < n_columns; c++)
        if (steps[c])
          {
            char *key = g_strdup_printf ("%u:%s", c, steps[c]);
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

            g_hash_table_replace (counts, key, GUINT_TO_POINTER (n + 1));
          }
    }
  for (guint c = 0; c < n_columns; c++)
    {
      GHashTableIter iter;
      gpointer key, value;
      g_autofree char *prefix = g_strdup_printf ("%u:", c);

      g_array_set_size (sorted, 0);
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_prefix (key, prefix))
          {
            CodeCount cc = { key, GPOINTER_TO_UINT (value) };
            g_array_append_val (sorted, cc);
          }
      g_array_sort (sorted, compare_counts);
      n_other[c] = sorted->len > FLOW_MAX_BARS ? sorted->len - (FLOW_MAX_BARS - 1) : 0;
      for (guint k = 0; k < sorted->len && (n_other[c] == 0 || k < FLOW_MAX_BARS - 1); k++)
        g_hash_table_add (kept, g_strdup (g_array_index (sorted, CodeCount, k).code));
    }
  return kept;
}

/* Paths of the included incidents into nodes and bands. */
static void
collect_paths (FlowLayout *self,
               OtNetwork  *network,
               GPtrArray  *band_incidents)
{
  OtDataset *dataset = ot_network_get_dataset (network);
  g_autoptr(GHashTable) node_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) band_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) kept = NULL;
  guint n_mask, n_hub_columns = 0;
  const guint8 *mask = ot_network_get_mask (network, &n_mask);
  const char *hubs[16];

  for (guint i = 0; i < n_mask; i++)
    if (mask[i])
      n_hub_columns = MAX (n_hub_columns, route_of (ot_dataset_get_incident (dataset, i), hubs));
  n_hub_columns = MIN (n_hub_columns, FLOW_MAX_HUB_COLUMNS);
  self->n_columns = n_hub_columns + 2;
  kept = kept_countries (dataset, mask, n_mask, self->n_columns, self->n_other);

  for (guint i = 0; i < n_mask; i++)
    {
      const OtIncident *incident;
      const char *steps[FLOW_MAX_HUB_COLUMNS + 2];
      guint prev = G_MAXUINT;

      if (!mask[i])
        continue;
      incident = ot_dataset_get_incident (dataset, i);
      if (!route_steps (incident, self->n_columns, steps))
        continue;
      for (guint c = 0; c < self->n_columns; c++)
        {
          g_autofree char *key = steps[c] ? g_strdup_printf ("%u:%s", c, steps[c]) : NULL;
          guint node;

          if (key && !g_hash_table_contains (kept, key))
            steps[c] = FLOW_OTHER;
          node = intern_node (self, node_index, c, steps[c]);
          if (prev != G_MAXUINT)
            add_leg (self, band_index, band_incidents, prev, node, incident, i);
          prev = node;
        }
    }
}

static int
compare_nodes (const void *pa,
               const void *pb)
{
  const FlowNode *a = pa, *b = pb;
  double va = MAX (a->in, a->out), vb = MAX (b->in, b->out);

  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  if (va != vb)
    return va > vb ? -1 : 1;
  return strcmp (a->key, b->key);
}

/* Shares, then nodes sorted (column, heaviest first) with bands remapped. */
static void
weigh_and_sort (FlowLayout *self)
{
  double max_kg = 0;
  g_autofree guint *remap = NULL;
  g_autoptr(GArray) sorted = NULL;

  for (guint b = 0; b < self->bands->len; b++)
    max_kg = MAX (max_kg, g_array_index (self->bands, FlowBand, b).kg);
  for (guint b = 0; b < self->bands->len; b++)
    {
      FlowBand *band = &g_array_index (self->bands, FlowBand, b);

      band->share = max_kg > 0 && band->kg > 0 ? sqrt (band->kg / max_kg) : 0;
      band->share = MAX (band->share, FLOW_MIN_SHARE);
      g_array_index (self->nodes, FlowNode, band->from).out += band->share;
      g_array_index (self->nodes, FlowNode, band->to).in += band->share;
    }
  for (guint n = 0; n < self->nodes->len; n++)
    g_array_index (self->nodes, FlowNode, n).order = n;   /* old index */
  sorted = g_array_copy (self->nodes);
  if (sorted->len > 1)
    qsort (sorted->data, sorted->len, sizeof (FlowNode), compare_nodes);
  remap = g_new (guint, MAX (sorted->len, 1));
  for (guint n = 0; n < sorted->len; n++)
    remap[g_array_index (sorted, FlowNode, n).order] = n;
  for (guint b = 0; b < self->bands->len; b++)
    {
      FlowBand *band = &g_array_index (self->bands, FlowBand, b);

      band->from = remap[band->from];
      band->to = remap[band->to];
    }
  g_array_unref (self->nodes);
  self->nodes = g_steal_pointer (&sorted);
}

static void
order_nodes (FlowLayout *self)
{
  guint n = self->nodes->len;
  g_autofree guint *column = g_new (guint, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  g_autofree OtLayerLink *links = g_new (OtLayerLink, MAX (self->bands->len, 1));

  for (guint i = 0; i < n; i++)
    column[i] = g_array_index (self->nodes, FlowNode, i).column;
  for (guint b = 0; b < self->bands->len; b++)
    {
      const FlowBand *band = &g_array_index (self->bands, FlowBand, b);
      links[b] = (OtLayerLink) { band->from, band->to, band->share };
    }
  self->crossings = ot_layout_order_layers (n, column, self->n_columns, links,
                                            self->bands->len, 24, order);
  g_debug ("flow view: %u bars, %u bands, %.2f weighted crossings left",
           n, self->bands->len, self->crossings);
  for (guint i = 0; i < n; i++)
    g_array_index (self->nodes, FlowNode, i).order = order[i];
}

static GArray *sort_nodes_ref;   /* only during a sort, under the lock */
static GMutex  sort_lock;

static gboolean sort_by_target;

/* Bands at a node top to bottom: by the rank of their other end (the
 * target for bands leaving, the source for bands arriving), then the
 * near end, then mineral. */
static int
compare_band_ends (const void *pa,
                   const void *pb)
{
  const FlowBand *a = *(const FlowBand **) pa, *b = *(const FlowBand **) pb;
  guint ta = g_array_index (sort_nodes_ref, FlowNode, a->to).order;
  guint tb = g_array_index (sort_nodes_ref, FlowNode, b->to).order;
  guint fa = g_array_index (sort_nodes_ref, FlowNode, a->from).order;
  guint fb = g_array_index (sort_nodes_ref, FlowNode, b->from).order;
  guint ka1 = sort_by_target ? ta : fa, kb1 = sort_by_target ? tb : fb;
  guint ka2 = sort_by_target ? fa : ta, kb2 = sort_by_target ? fb : tb;

  if (ka1 != kb1)
    return ka1 < kb1 ? -1 : 1;
  if (ka2 != kb2)
    return ka2 < kb2 ? -1 : 1;
  return (int) a->mineral - (int) b->mineral;
}

/* Node heights and positions, then where each band meets its nodes. */
static void
place (FlowLayout *self)
{
  g_autofree double *total = g_new0 (double, self->n_columns);
  g_autofree guint *count = g_new0 (guint, self->n_columns);
  g_autofree double *cursor = g_new0 (double, self->n_columns);
  g_autoptr(GPtrArray) by_end = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_start = g_ptr_array_new ();
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();
  g_autofree double *out_cursor = g_new0 (double, MAX (self->nodes->len, 1));
  g_autofree double *in_cursor = g_new0 (double, MAX (self->nodes->len, 1));
  double scale = G_MAXDOUBLE, gap;
  guint max_count = 1;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FlowNode *node = &g_array_index (self->nodes, FlowNode, i);

      total[node->column] += MAX (node->in, node->out);
      count[node->column]++;
    }
  for (guint c = 0; c < self->n_columns; c++)
    max_count = MAX (max_count, count[c]);
  /* Gaps take at most 30 % of the tallest column. */
  gap = MIN (FLOW_GAP, 0.3 * FLOW_HEIGHT / max_count);
  for (guint c = 0; c < self->n_columns; c++)
    if (total[c] > 0)
      scale = MIN (scale, (FLOW_HEIGHT - (count[c] - 1) * gap) / total[c]);
  if (scale == G_MAXDOUBLE || scale <= 0)
    scale = 1;
  self->scale = scale;

  /* Stack each column top-down in rank order, centred vertically. */
  for (guint i = 0; i < self->nodes->len; i++)
    g_ptr_array_add (ranked, &g_array_index (self->nodes, FlowNode, i));
  for (guint c = 0; c < self->n_columns; c++)
    cursor[c] = (FLOW_HEIGHT - (total[c] * scale + (count[c] ? count[c] - 1 : 0) * gap)) / 2;
  for (guint rank = 0; rank < self->nodes->len; rank++)
    for (guint i = 0; i < self->nodes->len; i++)
      {
        FlowNode *node = &g_array_index (self->nodes, FlowNode, i);

        if (node->order != rank)
          continue;
        node->height = MAX (node->in, node->out) * scale;
        node->y = cursor[node->column];
        cursor[node->column] += node->height + gap;
      }

  for (guint b = 0; b < self->bands->len; b++)
    {
      g_ptr_array_add (by_end, &g_array_index (self->bands, FlowBand, b));
      g_ptr_array_add (by_start, &g_array_index (self->bands, FlowBand, b));
    }
  g_mutex_lock (&sort_lock);
  sort_nodes_ref = self->nodes;
  if (by_end->len > 1)
    {
      sort_by_target = TRUE;
      qsort (by_end->pdata, by_end->len, sizeof (gpointer), compare_band_ends);
      sort_by_target = FALSE;
      qsort (by_start->pdata, by_start->len, sizeof (gpointer), compare_band_ends);
    }
  sort_nodes_ref = NULL;
  g_mutex_unlock (&sort_lock);
  /* Outgoing bands stack at their source in the order of their targets,
   * incoming ones at their target in the order of their sources. */
  for (guint k = 0; k < by_end->len; k++)
    {
      FlowBand *band = by_end->pdata[k];
      const FlowNode *from = &g_array_index (self->nodes, FlowNode, band->from);

      band->y_from = from->y + out_cursor[band->from];
      out_cursor[band->from] += band->share * scale;
    }
  for (guint k = 0; k < by_start->len; k++)
    {
      FlowBand *band = by_start->pdata[k];
      const FlowNode *to = &g_array_index (self->nodes, FlowNode, band->to);

      band->y_to = to->y + in_cursor[band->to];
      in_cursor[band->to] += band->share * scale;
    }
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* The marks the chart reads: labels and incidents per node and band. */
static void
fill_marks (FlowLayout *self,
            GPtrArray  *band_incidents)
{
  for (guint i = 0; i < self->nodes->len; i++)
    {
      FlowNode *node = &g_array_index (self->nodes, FlowNode, i);
      OtViewMark mark = { 0 };

      mark.vertex = G_MAXUINT;
      if (node->kind == KIND_OTHER)
        mark.label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u other country",
                                                   "%u other countries",
                                                   self->n_other[node->column]),
                                      self->n_other[node->column]);
      else
        mark.label = g_strdup (node->kind == KIND_PLACE ? ot_country_display_name (node->key)
                                                        : not_reported_label (node->column, self->n_columns));
      if (mark.label == NULL)
        mark.label = g_strdup (node->key);
      node->mark = self->base.nodes->len;
      g_array_append_val (self->base.nodes, mark);
    }
  for (guint b = 0; b < self->bands->len; b++)
    {
      FlowBand *band = &g_array_index (self->bands, FlowBand, b);
      OtViewMark mark = { 0 };
      GArray *incidents = g_ptr_array_index (band_incidents, b);
      OtViewMark *from = &g_array_index (self->base.nodes, OtViewMark, band->from);
      OtViewMark *to = &g_array_index (self->base.nodes, OtViewMark, band->to);
      /* Isolated: right-to-left names must not swap around the arrow. */
      g_autofree char *from_label = ot_text_isolate (from->label);
      g_autofree char *to_label = ot_text_isolate (to->label);

      mark.vertex = G_MAXUINT;
      mark.confirmed = band->n_confirmed > 0;
      mark.label = g_strdup_printf ("%s → %s · %s", from_label, to_label,
                                    band->mineral == OT_MINERAL_NONE ? _("mineral not given")
                                                                     : ot_mineral_label (band->mineral));
      mark.incidents = g_array_ref (incidents);
      band->mark = b;
      g_array_append_val (self->base.bands, mark);
      /* A node's incidents: those of its bands (made unique below). */
      for (guint side = 0; side < 2; side++)
        {
          OtViewMark *n = side ? to : from;

          if (n->incidents == NULL)
            n->incidents = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_vals (n->incidents, incidents->data, incidents->len);
        }
    }
  for (guint i = 0; i < self->base.nodes->len; i++)
    {
      GArray *list = g_array_index (self->base.nodes, OtViewMark, i).incidents;
      guint kept = 0;

      if (list == NULL)
        continue;
      g_array_sort (list, compare_guint);
      for (guint k = 0; k < list->len; k++)
        if (k == 0 || g_array_index (list, guint, k) != g_array_index (list, guint, kept - 1))
          g_array_index (list, guint, kept++) = g_array_index (list, guint, k);
      g_array_set_size (list, kept);
    }
}

static void
flow_free (OtViewLayout *layout)
{
  FlowLayout *self = (FlowLayout *) layout;

  ot_view_layout_clear (layout);
  for (guint i = 0; self->nodes && i < self->nodes->len; i++)
    g_free (g_array_index (self->nodes, FlowNode, i).key);
  g_clear_pointer (&self->nodes, g_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);
  g_free (self);
}

static OtViewLayout *
flow_layout (const OtViewInput *input,
             OtViewLayout      *previous,
             GCancellable      *cancellable,
             GError           **error)
{
  FlowLayout *self = g_new0 (FlowLayout, 1);
  g_autoptr(GPtrArray) band_incidents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  ot_view_layout_init (&self->base, &ot_view_flow_class, OT_VIEW_FLOW);
  self->nodes = g_array_new (FALSE, TRUE, sizeof (FlowNode));
  self->bands = g_array_new (FALSE, TRUE, sizeof (FlowBand));
  collect_paths (self, input->network, band_incidents);
  weigh_and_sort (self);
  order_nodes (self);
  place (self);
  fill_marks (self, band_incidents);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      flow_free (&self->base);
      return NULL;
    }
  return &self->base;
}

/* ---- scene --------------------------------------------------------------- */

/* Emphasis follows incidents: a selected node or band lights up every
 * band and node that carries one of its incidents, i.e. whole routes. */
static guint8 *
focus_incidents (FlowLayout        *self,
                 const OtViewInput *input)
{
  OtDataset *dataset = ot_network_get_dataset (input->network);
  const OtViewMark *mark = NULL;
  guint8 *set;

  if (input->sel_kind == OT_HIT_NODE && input->sel_id < self->base.nodes->len)
    mark = &g_array_index (self->base.nodes, OtViewMark, input->sel_id);
  else if (input->sel_kind == OT_HIT_BAND && input->sel_id < self->base.bands->len)
    mark = &g_array_index (self->base.bands, OtViewMark, input->sel_id);
  if (mark == NULL)
    return NULL;
  set = g_new0 (guint8, MAX (ot_dataset_get_n_incidents (dataset), 1));
  for (guint k = 0; mark->incidents && k < mark->incidents->len; k++)
    set[g_array_index (mark->incidents, guint, k)] = 1;
  return set;
}

static OtMarkFlags
flags_for (const guint8     *set,
           const OtViewMark *mark,
           gboolean          selected)
{
  if (set == NULL)
    return 0;
  if (selected)
    return OT_MARK_SELECTED;
  for (guint k = 0; mark->incidents && k < mark->incidents->len; k++)
    if (set[g_array_index (mark->incidents, guint, k)])
      return 0;
  return OT_MARK_FADED;
}

static double
column_x (const FlowLayout *self,
          guint             column)
{
  return self->n_columns > 1 ? column * FLOW_WIDTH / (self->n_columns - 1) : 0;
}

static void
add_headers (OtScene          *scene,
             const FlowLayout *self)
{
  for (guint c = 0; c < self->n_columns; c++)
    {
      OtSceneNode header = { 0 };
      double top = FLOW_HEIGHT;

      for (guint i = 0; i < self->nodes->len; i++)
        if (g_array_index (self->nodes, FlowNode, i).column == c)
          top = MIN (top, g_array_index (self->nodes, FlowNode, i).y);
      header.x = column_x (self, c);
      header.y = top - 30;
      header.radius = 0.1;
      header.shape = OT_NODE_CIRCLE;
      header.fill = (OtRgba) { 0, 0, 0, 0 };
      header.stroke = (OtRgba) { 0, 0, 0, 0 };
      header.stroke_width = 0.01;
      header.label = c == 0 ? _("Origin")
                     : c == self->n_columns - 1 ? _("Destination")
                     : self->n_columns > 3 ? (c == 1 ? _("First transit") : _("Last transit"))
                     : _("Transit");
      header.label_importance = 1e9;
      header.label_side = OT_LABEL_AUTO;
      header.id = OT_SCENE_NO_ID;
      ot_scene_add_node (scene, &header);
    }
}

static OtScene *
flow_scene (OtViewLayout      *layout,
            const OtViewInput *input)
{
  FlowLayout *self = (FlowLayout *) layout;
  OtScene *scene = ot_scene_new (input->theme);
  g_autofree guint8 *set = focus_incidents (self, input);

  for (guint b = 0; b < self->bands->len; b++)
    {
      const FlowBand *band = &g_array_index (self->bands, FlowBand, b);
      const FlowNode *from = &g_array_index (self->nodes, FlowNode, band->from);
      const FlowNode *to = &g_array_index (self->nodes, FlowNode, band->to);
      const OtViewMark *mark = &g_array_index (self->base.bands, OtViewMark, b);
      double h = band->share * self->scale;
      OtRgba color = ot_view_mineral_rgba (input->theme, band->mineral, band->n_confirmed > 0 ? 0.8 : 0.45);

      ot_scene_add_sankey_band (scene,
                                column_x (self, from->column) + FLOW_BAR / 2,
                                band->y_from, band->y_from + h,
                                column_x (self, to->column) - FLOW_BAR / 2,
                                band->y_to, band->y_to + h,
                                &color, b,
                                flags_for (set, mark, input->sel_kind == OT_HIT_BAND &&
                                                      input->sel_id == b));
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const FlowNode *node = &g_array_index (self->nodes, FlowNode, i);
      const OtViewMark *mark = &g_array_index (self->base.nodes, OtViewMark, i);
      OtSceneNode sn = { 0 };
      const char *role = node->column == 0 ? OT_VIEW_COLOR_ORIGIN
                         : node->column == self->n_columns - 1 ? OT_VIEW_COLOR_DESTINATION
                         : OT_VIEW_COLOR_HUB;

      sn.x = column_x (self, node->column);
      sn.y = node->y + node->height / 2;
      sn.width = FLOW_BAR;
      sn.height = MAX (node->height, 2);
      sn.shape = OT_NODE_BAR;
      sn.fill = node->kind == KIND_PLACE ? ot_view_hex (role, 1) : input->theme->text_muted;
      sn.label = mark->label;
      sn.label_importance = node->height + (node->kind == KIND_PLACE ? 1000 : 0);
      sn.label_side = node->column == 0 ? OT_LABEL_LEFT : OT_LABEL_RIGHT;
      sn.id = i;
      sn.flags = flags_for (set, mark, input->sel_kind == OT_HIT_NODE && input->sel_id == i);
      ot_scene_add_node (scene, &sn);
    }
  if (self->nodes->len > 0)
    add_headers (scene, self);
  ot_view_add_chrome (scene, input, OT_VIEW_CHROME_BANDS);
  ot_scene_finish (scene);
  return scene;
}

static gboolean
flow_node_position (OtViewLayout *layout,
                    OtNetwork    *network,
                    guint         id,
                    OtPoint      *out)
{
  FlowLayout *self = (FlowLayout *) layout;
  const FlowNode *node;

  if (id >= self->nodes->len)
    return FALSE;
  node = &g_array_index (self->nodes, FlowNode, id);
  *out = (OtPoint) { column_x (self, node->column), node->y + node->height / 2 };
  return TRUE;
}

const OtViewClass ot_view_flow_class = {
  flow_layout,
  flow_scene,
  flow_free,
  flow_node_position,
  0,
  0,
  1.0,
};
