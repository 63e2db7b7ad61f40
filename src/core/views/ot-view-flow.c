/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-view-flow.c: a Sankey diagram, origin countries -> every transit
 * stop -> destination countries.  Each included incident with at least two
 * known places is one path through every column: its origin, its first,
 * second… via country, its destination.  A step that is missing goes
 * through an explicit node ("Origin not reported", "No transit reported",
 * "Destination not reported"), and a route with fewer stops than there are
 * transit columns passes the remaining ones through a thin "No further
 * stop" node, so no band skips a column or runs behind a bar and every
 * column holds the same records.  Heights are proportional to kg, on one
 * scale for every column; each column keeps a budget of bars and each gap
 * a budget of bands, the rest is merged and the caption says so.  See
 * docs/views.md. */
#include "ot-view-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-layout.h"
#include "ot-numeric.h"
#include "ot-text.h"

#define FLOW_MAX_STOPS   4        /* transit columns at most */
#define FLOW_MAX_COLUMNS (FLOW_MAX_STOPS + 2)
#define FLOW_MAX_HOPS    16       /* stops read per record */
#define FLOW_WIDTH   1400.0       /* world units */
#define FLOW_HEIGHT  1000.0
/* The space above a bar, at most: FLOW_LABEL_GAP above the FLOW_LABELLED
 * heaviest bars of each column (room for a label about 16 px tall down to
 * some 0.36 px per unit, a small window), FLOW_GAP above the others; a
 * column's gaps take at most FLOW_GAP_SHARE of the height. */
#define FLOW_GAP       32.0
#define FLOW_LABEL_GAP 44.0
#define FLOW_LABELLED   6
#define FLOW_GAP_SHARE  0.45
#define FLOW_BAR       16.0
#define FLOW_PASS_BAR   4.0       /* the "No further stop" bar */
/* Automatic budgets (OtViewInput.top_n overrides both): places per
 * column before "Other", and bands per gap between two columns. */
#define FLOW_PLACES_PER_COLUMN 12
#define FLOW_BANDS_PER_GAP     48
/* Thinnest band, world units: also records without a quantity. */
#define FLOW_MIN_BAND   1.5
/* Bands run straight for this share of the space between two columns
 * (at most FLOW_STUB), so a label above a middle bar sits on no band. */
#define FLOW_STUB_SHARE 0.25
#define FLOW_STUB     120.0
/* Room kept beside the outer columns for their labels: per character
 * (about 6 px at a fitted zoom of 0.55 px per unit, a 1200 x 760 page). */
#define FLOW_LABEL_CHAR  14.0
#define FLOW_LABEL_CHARS 24       /* longer names are shortened with "…" */
/* Small bands merged at a bar: a grey stub this share of FLOW_STUB long. */
#define FLOW_STUB_LENGTH 0.6

typedef enum {
  KIND_PLACE,
  KIND_OTHER,          /* the places beyond the budget, merged */
  KIND_NOT_REPORTED,
  KIND_PASS,           /* routes with fewer stops than columns */
} NodeKind;

#define FLOW_OTHER "*"   /* the code of the merged node */
#define FLOW_PASS  "-"   /* the code of the pass-through node */
#define FLOW_NONE  G_MAXUINT   /* the open end of a stub */

typedef struct {
  guint     column;
  NodeKind  kind;
  char     *key;          /* country code, "" for the not-reported node */
  double    in, out;      /* sums of band thicknesses */
  double    y, height;    /* world, after the layout */
  double    gap;          /* the space above the bar */
  guint     order;
  guint     mark;         /* index in layout->nodes */
} FlowNode;

typedef struct {
  guint     from, to;     /* FlowNode indices */
  OtMineral mineral;
  gboolean  stub;         /* small bands merged at one end: from or to
                           * is FLOW_NONE (their other ends are many) */
  gboolean  several;      /* merged bands of more than one mineral */
  gboolean  confirmed;
  gboolean  illustrative; /* every record in it is illustrative */
  double    kg;
  guint     n;            /* records */
  guint     n_merged;     /* bands merged into a stub */
  double    thickness;    /* world units */
  double    y_from, y_to; /* top of the band at each end */
} FlowBand;

typedef struct {
  OtViewLayout base;
  guint        n_columns;
  GArray      *nodes;     /* of FlowNode */
  GArray      *bands;     /* of FlowBand */
  double       scale;     /* world units per kg */
  double       crossings;
  guint        n_other[FLOW_MAX_COLUMNS];   /* places merged per column */
  guint        n_merged_bands;              /* small bands drawn as stubs */
  guint        n_stubs;                     /* stubs drawn */
  guint        n_mineral_merged;            /* bands merged into "other minerals" */
  double       stub_kg;                     /* kg of the small bands, the most
                                             * in one gap */
  guint        n_long;                      /* records with stops not drawn */
  double       total_kg;                    /* of the drawn records */
  guint        n_in_other;                  /* records through an "Other" bar */
  double       other_kg;                    /* their kg */
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
          (n > 0 && strcmp (hubs[n - 1], c) == 0) || n == FLOW_MAX_HOPS)
        continue;
      hubs[n++] = c;
    }
  return n;
}

/* The country of each column for @incident: NULL for "not reported",
 * FLOW_PASS after its last stop.  A route with more stops than transit
 * columns keeps its first ones and its last (@elided is set).  FALSE for
 * a record with fewer than two known places. */
static gboolean
route_steps (const OtIncident *incident,
             guint             n_columns,
             const char      **steps,
             gboolean         *elided)
{
  const char *hubs[FLOW_MAX_HOPS];
  guint n_hubs = route_of (incident, hubs);
  guint n_stops = n_columns - 2;

  if (n_hubs + OT_COUNTRY_IS_SET (incident->origin) +
      OT_COUNTRY_IS_SET (incident->destination) < 2)
    return FALSE;   /* an event in one place: the map marks it */
  steps[0] = OT_COUNTRY_IS_SET (incident->origin) ? incident->origin.code : NULL;
  for (guint c = 1; c <= n_stops; c++)
    {
      if (n_hubs == 0)
        steps[c] = c == 1 ? NULL : FLOW_PASS;
      else if (n_hubs > n_stops && c == n_stops)
        steps[c] = hubs[n_hubs - 1];
      else
        steps[c] = c - 1 < n_hubs ? hubs[c - 1] : FLOW_PASS;
    }
  steps[n_columns - 1] = OT_COUNTRY_IS_SET (incident->destination)
                         ? incident->destination.code : NULL;
  if (elided)
    *elided = n_hubs > n_stops;
  return TRUE;
}

static gboolean
step_is_place (const char *step)
{
  return step != NULL && strcmp (step, FLOW_PASS) != 0;
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
              : strcmp (code, FLOW_OTHER) == 0 ? KIND_OTHER
              : strcmp (code, FLOW_PASS) == 0 ? KIND_PASS : KIND_PLACE;
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
   * encoding (solid or pale) is true of every record in it, in each column;
   * so do illustrative records and reported ones (dotted or not). */
  gboolean confirmed = ot_view_incident_confirmed (incident);
  g_autofree char *key = g_strdup_printf ("%u>%u>%u>%d>%d", from, to, incident->mineral, confirmed,
                                          incident->illustrative ? 1 : 0);
  gpointer found;
  FlowBand *band;
  guint b;

  if (!g_hash_table_lookup_extended (band_index, key, NULL, &found))
    {
      FlowBand nb = { 0 };

      nb.from = from;
      nb.to = to;
      nb.mineral = incident->mineral;
      nb.confirmed = confirmed;
      nb.illustrative = incident->illustrative ? TRUE : FALSE;
      g_array_append_val (self->bands, nb);
      g_ptr_array_add (band_incidents, g_array_new (FALSE, FALSE, sizeof (guint)));
      found = GUINT_TO_POINTER (self->bands->len - 1);
      g_hash_table_insert (band_index, g_steal_pointer (&key), found);
    }
  b = GPOINTER_TO_UINT (found);
  band = &g_array_index (self->bands, FlowBand, b);
  if (ot_incident_has_quantity (incident))
    band->kg = ot_kg_add (band->kg, incident->quantity_kg);
  band->n++;
  g_array_append_val (g_ptr_array_index (band_incidents, b), incident_index);
}

typedef struct {
  const char *code;
  double      kg;
  guint       n;
} CodeCount;

static int
compare_counts (gconstpointer pa,
                gconstpointer pb)
{
  const CodeCount *a = pa, *b = pb;

  if (a->kg != b->kg)
    return a->kg > b->kg ? -1 : 1;
  if (a->n != b->n)
    return a->n > b->n ? -1 : 1;
  return strcmp (a->code, b->code);
}

/* Places per column before "Other", and bands per gap before merging. */
static guint
places_budget (const OtViewInput *input)
{
  return input->top_n > 0 ? CLAMP (input->top_n, 2, 60) : FLOW_PLACES_PER_COLUMN;
}

static guint
bands_budget (const OtViewInput *input)
{
  return input->top_n > 0 ? MAX (input->top_n, 1) : FLOW_BANDS_PER_GAP;
}

/* Per column, the places kept as bars: all when there are at most
 * @budget, else the @budget - 1 heaviest (kg, then records), the rest
 * merged into "Other". */
static GHashTable *
kept_places (OtDataset    *dataset,
             const guint8 *mask,
             guint         n_mask,
             guint         n_columns,
             guint         budget,
             guint        *n_other)
{
  GHashTable *kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (CodeCount));

  for (guint i = 0; i < n_mask; i++)
    {
      const char *steps[FLOW_MAX_COLUMNS];
      const OtIncident *incident;

      if (!mask[i])
        continue;
      incident = ot_dataset_get_incident (dataset, i);
      if (!route_steps (incident, n_columns, steps, NULL))
        continue;
      for (guint c = 0; c < n_columns; c++)
        if (step_is_place (steps[c]))
          {
            char *key = g_strdup_printf ("%u:%s", c, steps[c]);
            CodeCount *cc = g_hash_table_lookup (counts, key);

            if (cc == NULL)
              {
                cc = g_new0 (CodeCount, 1);
                g_hash_table_insert (counts, key, cc);
                cc->code = key;
              }
            else
              g_free (key);
            cc->n++;
            if (ot_incident_has_quantity (incident))
              cc->kg = ot_kg_add (cc->kg, incident->quantity_kg);
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
          g_array_append_vals (sorted, value, 1);
      g_array_sort (sorted, compare_counts);
      n_other[c] = sorted->len > budget ? sorted->len - (budget - 1) : 0;
      for (guint k = 0; k < sorted->len && (n_other[c] == 0 || k < budget - 1); k++)
        g_hash_table_add (kept, g_strdup (g_array_index (sorted, CodeCount, k).code));
    }
  return kept;
}

/* Paths of the included incidents into nodes and bands. */
static void
collect_paths (FlowLayout        *self,
               const OtViewInput *input,
               GPtrArray         *band_incidents)
{
  OtDataset *dataset = ot_network_get_dataset (input->network);
  g_autoptr(GHashTable) node_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) band_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) kept = NULL;
  guint n_mask, n_hub_columns = 0;
  const guint8 *mask = ot_network_get_mask (input->network, &n_mask);
  const char *hubs[FLOW_MAX_HOPS];

  /* As many transit columns as the longest drawn route has stops. */
  for (guint i = 0; i < n_mask; i++)
    if (mask[i])
      {
        const OtIncident *incident = ot_dataset_get_incident (dataset, i);
        guint n_hubs = route_of (incident, hubs);

        if (n_hubs + OT_COUNTRY_IS_SET (incident->origin) +
            OT_COUNTRY_IS_SET (incident->destination) >= 2)
          n_hub_columns = MAX (n_hub_columns, n_hubs);
      }
  n_hub_columns = MIN (n_hub_columns, FLOW_MAX_STOPS);
  self->n_columns = n_hub_columns + 2;
  kept = kept_places (dataset, mask, n_mask, self->n_columns, places_budget (input),
                      self->n_other);

  for (guint i = 0; i < n_mask; i++)
    {
      const OtIncident *incident;
      const char *steps[FLOW_MAX_COLUMNS];
      guint prev = G_MAXUINT;
      gboolean elided = FALSE, in_other = FALSE;

      if (!mask[i])
        continue;
      incident = ot_dataset_get_incident (dataset, i);
      if (!route_steps (incident, self->n_columns, steps, &elided))
        continue;
      self->n_long += elided;
      if (ot_incident_has_quantity (incident))
        self->total_kg = ot_kg_add (self->total_kg, incident->quantity_kg);
      for (guint c = 0; c < self->n_columns; c++)
        {
          g_autofree char *key = step_is_place (steps[c])
                                 ? g_strdup_printf ("%u:%s", c, steps[c]) : NULL;
          guint node;

          if (key && !g_hash_table_contains (kept, key))
            {
              steps[c] = FLOW_OTHER;
              in_other = TRUE;
            }
          node = intern_node (self, node_index, c, steps[c]);
          if (prev != G_MAXUINT)
            add_leg (self, band_index, band_incidents, prev, node, incident, i);
          prev = node;
        }
      if (in_other)
        {
          self->n_in_other++;
          if (ot_incident_has_quantity (incident))
            self->other_kg = ot_kg_add (self->other_kg, incident->quantity_kg);
        }
    }
}

static GArray *sort_bands_ref;   /* only during a sort, under the lock */
static GArray *sort_nodes_ref;
static GMutex  sort_lock;

/* Bands heaviest first (kg, then records), then in the order they came. */
static int
compare_band_weight (const void *pa,
                     const void *pb)
{
  guint ia = *(const guint *) pa, ib = *(const guint *) pb;
  const FlowBand *a = &g_array_index (sort_bands_ref, FlowBand, ia);
  const FlowBand *b = &g_array_index (sort_bands_ref, FlowBand, ib);

  if (a->kg != b->kg)
    return a->kg > b->kg ? -1 : 1;
  if (a->n != b->n)
    return a->n > b->n ? -1 : 1;
  return (ia > ib) - (ia < ib);
}

/* A stub's key: one per bar and side, within a gap. */
static char *
stub_key (const FlowBand *band,
          gboolean        out)
{
  return g_strdup_printf ("%c%u", out ? '>' : '<', out ? band->from : band->to);
}

static char *
pair_key (const FlowBand *band)
{
  return g_strdup_printf ("%u>%u", band->from, band->to);
}

/* Adds @band (its records @list) to the merged band @key of @merged,
 * made from @shape the first time. */
static void
merge_into (GArray         *bands,
            GPtrArray      *incidents,
            GHashTable     *merged,
            char           *key,
            const FlowBand *shape,
            const FlowBand *band,
            GArray         *list)
{
  gpointer found;
  FlowBand *into;

  if (!g_hash_table_lookup_extended (merged, key, NULL, &found))
    {
      g_array_append_vals (bands, shape, 1);
      g_ptr_array_add (incidents, g_array_new (FALSE, FALSE, sizeof (guint)));
      found = GUINT_TO_POINTER (bands->len - 1);
      g_hash_table_insert (merged, key, found);
    }
  else
    g_free (key);
  into = &g_array_index (bands, FlowBand, GPOINTER_TO_UINT (found));
  into->kg = ot_kg_add (into->kg, band->kg);
  into->n += band->n;
  into->n_merged++;
  into->confirmed |= band->confirmed;
  into->illustrative &= band->illustrative;
  into->several |= into->mineral != band->mineral;
  g_array_append_vals (g_ptr_array_index (incidents, GPOINTER_TO_UINT (found)),
                       list->data, list->len);
}

/* The largest k <= @budget such that k plus the number of distinct pairs
 * (from, to) of items k.. stays within @budget; 0 when none does.
 * Walking k down adds one item's pair at a time, so the first k that
 * fits is the largest. */
static guint
largest_fit (GArray *items,   /* of guint: band indices, sorted */
             GArray *bands,
             guint   budget)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint k;

  if (items->len <= budget)
    return items->len;
  for (k = items->len; k > budget; k--)
    g_hash_table_add (keys, pair_key (&g_array_index (bands, FlowBand,
                                                      g_array_index (items, guint, k - 1))));
  while (k > 0 && k + g_hash_table_size (keys) > budget)
    {
      k--;
      g_hash_table_add (keys, pair_key (&g_array_index (bands, FlowBand,
                                                        g_array_index (items, guint, k))));
    }
  return k;
}

/* Keeps at most @budget bands from one column to the next, in two steps.
 * Pairs of bars (all minerals together) heaviest first: the first
 * @budget / 2 stay connected, the others become stubs, one short grey
 * piece per bar and side (the small flows it sends or receives).  Then
 * within the kept pairs the heaviest k mineral bands stay and the rest of
 * each pair merges into one "other minerals" band, with the largest k for
 * which the kept and merged bands fit in @budget.  Every bar keeps its
 * height and every column its total. */
static void
merge_bands (FlowLayout *self,
             GPtrArray  *band_incidents,
             guint       budget)
{
  g_autoptr(GArray) bands = g_array_new (FALSE, TRUE, sizeof (FlowBand));
  g_autoptr(GPtrArray) incidents = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) gap = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) pair_bands = g_array_new (FALSE, TRUE, sizeof (FlowBand));
  g_autoptr(GArray) in_pairs = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint c = 0; c + 1 < self->n_columns; c++)
    {
      g_autoptr(GHashTable) pair_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) stubs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) merged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree guint *pair_rank = NULL;
      guint n_pairs_kept, n_kept;
      double gap_kg = 0;

      g_array_set_size (gap, 0);
      for (guint b = 0; b < self->bands->len; b++)
        if (g_array_index (self->nodes, FlowNode,
                           g_array_index (self->bands, FlowBand, b).from).column == c)
          g_array_append_val (gap, b);
      if (gap->len <= budget)
        {
          for (guint k = 0; k < gap->len; k++)
            {
              guint b = g_array_index (gap, guint, k);

              g_array_append_val (bands, g_array_index (self->bands, FlowBand, b));
              g_ptr_array_add (incidents, g_array_ref (g_ptr_array_index (band_incidents, b)));
            }
          continue;
        }

      /* The pairs, as bands of their total. */
      g_array_set_size (pair_bands, 0);
      g_array_set_size (pairs, 0);
      pair_rank = g_new0 (guint, self->bands->len);
      for (guint k = 0; k < gap->len; k++)
        {
          guint b = g_array_index (gap, guint, k);
          const FlowBand *band = &g_array_index (self->bands, FlowBand, b);
          char *key = pair_key (band);
          gpointer found;
          FlowBand *pair;

          if (!g_hash_table_lookup_extended (pair_index, key, NULL, &found))
            {
              FlowBand nb = { 0 };
              guint p = pair_bands->len;

              nb.from = band->from;
              nb.to = band->to;
              g_array_append_val (pair_bands, nb);
              g_array_append_val (pairs, p);
              found = GUINT_TO_POINTER (p);
              g_hash_table_insert (pair_index, key, found);
            }
          else
            g_free (key);
          pair = &g_array_index (pair_bands, FlowBand, GPOINTER_TO_UINT (found));
          pair->kg = ot_kg_add (pair->kg, band->kg);
          pair->n += band->n;
          pair_rank[b] = GPOINTER_TO_UINT (found);   /* a pair index for now */
        }
      g_mutex_lock (&sort_lock);
      sort_bands_ref = pair_bands;
      g_array_sort (pairs, compare_band_weight);
      sort_bands_ref = self->bands;
      g_array_sort (gap, compare_band_weight);
      sort_bands_ref = NULL;
      g_mutex_unlock (&sort_lock);
      /* Pairs take at most half the budget: the rest is for minerals. */
      n_pairs_kept = MIN (pairs->len, MAX (budget / 2, 1));
      {
        g_autofree guint *rank_of = g_new0 (guint, pair_bands->len);

        for (guint r = 0; r < pairs->len; r++)
          rank_of[g_array_index (pairs, guint, r)] = r;
        for (guint k = 0; k < gap->len; k++)
          {
            guint b = g_array_index (gap, guint, k);

            pair_rank[b] = rank_of[pair_rank[b]];
          }
      }
      g_array_set_size (in_pairs, 0);
      for (guint k = 0; k < gap->len; k++)
        if (pair_rank[g_array_index (gap, guint, k)] < n_pairs_kept)
          g_array_append_val (in_pairs, g_array_index (gap, guint, k));
      n_kept = largest_fit (in_pairs, self->bands, budget);

      for (guint k = 0, kept = 0; k < gap->len; k++)
        {
          guint b = g_array_index (gap, guint, k);
          const FlowBand *band = &g_array_index (self->bands, FlowBand, b);
          GArray *list = g_ptr_array_index (band_incidents, b);
          FlowBand shape = *band;

          shape.kg = 0;
          shape.n = 0;
          shape.n_merged = 0;
          shape.confirmed = FALSE;
          shape.illustrative = TRUE;
          if (pair_rank[b] >= n_pairs_kept)
            {
              shape.stub = TRUE;
              shape.to = FLOW_NONE;
              merge_into (bands, incidents, stubs, stub_key (band, TRUE), &shape, band, list);
              shape.from = FLOW_NONE;
              shape.to = band->to;
              merge_into (bands, incidents, stubs, stub_key (band, FALSE), &shape, band, list);
              self->n_merged_bands++;
              gap_kg = ot_kg_add (gap_kg, band->kg);
            }
          else if (kept++ < n_kept)
            {
              g_array_append_val (bands, *band);
              g_ptr_array_add (incidents, g_array_ref (list));
            }
          else
            {
              merge_into (bands, incidents, merged, pair_key (band), &shape, band, list);
              self->n_mineral_merged++;
            }
        }
      self->n_stubs += g_hash_table_size (stubs);
      self->stub_kg = MAX (self->stub_kg, gap_kg);
    }
  g_array_unref (self->bands);
  self->bands = g_steal_pointer (&bands);
  g_ptr_array_set_size (band_incidents, 0);
  for (guint b = 0; b < incidents->len; b++)
    g_ptr_array_add (band_incidents, g_array_ref (g_ptr_array_index (incidents, b)));
}

/* The value a band's height is proportional to: kg, or records when no
 * drawn record gives a quantity. */
static double
band_value (const FlowLayout *self,
            const FlowBand   *band)
{
  return self->total_kg > 0 ? band->kg : band->n;
}

static double
band_thickness (const FlowLayout *self,
                const FlowBand   *band,
                double            scale)
{
  return MAX (band_value (self, band) * scale, FLOW_MIN_BAND);
}

/* Thicknesses at @scale into the nodes' in and out sums; returns the
 * largest share of its room that a column then takes (1: it just fits). */
static double
weigh (FlowLayout *self,
       double      scale)
{
  double height[FLOW_MAX_COLUMNS] = { 0 }, gaps[FLOW_MAX_COLUMNS] = { 0 };
  guint count[FLOW_MAX_COLUMNS] = { 0 };
  double worst = 0;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FlowNode *node = &g_array_index (self->nodes, FlowNode, i);

      node->in = node->out = 0;
    }
  for (guint b = 0; b < self->bands->len; b++)
    {
      FlowBand *band = &g_array_index (self->bands, FlowBand, b);

      band->thickness = band_thickness (self, band, scale);
      if (band->from != FLOW_NONE)
        g_array_index (self->nodes, FlowNode, band->from).out += band->thickness;
      if (band->to != FLOW_NONE)
        g_array_index (self->nodes, FlowNode, band->to).in += band->thickness;
    }
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const FlowNode *node = &g_array_index (self->nodes, FlowNode, i);

      height[node->column] += MAX (node->in, node->out);
      gaps[node->column] += node->gap;
      count[node->column]++;
    }
  for (guint c = 0; c < self->n_columns; c++)
    if (count[c] > 0)
      worst = MAX (worst, height[c] / MAX (FLOW_HEIGHT - gaps[c], 1));
  return worst;
}

/* One scale (world units per kg) for every column: the fullest column
 * fills the height.  Every drawn record passes through every column, so
 * the columns hold the same kg and differ only by the thinnest-band
 * floor and their gaps. */
static double
choose_scale (FlowLayout *self)
{
  double max_value = 0, scale, lo = 0, hi;

  for (guint b = 0; b < self->bands->len; b++)
    {
      const FlowBand *band = &g_array_index (self->bands, FlowBand, b);

      if (band->from != FLOW_NONE &&
          g_array_index (self->nodes, FlowNode, band->from).column == 0)
        max_value += band_value (self, band);
    }
  /* Heights grow with the scale (less than linearly, for the floor):
   * bisect for the largest scale at which every column fits, starting
   * from the one where the floor would not matter. */
  hi = max_value > 0 ? FLOW_HEIGHT / max_value : 1;
  for (guint round = 0; round < 64 && weigh (self, hi) < 1; round++)
    hi *= 2;
  for (guint round = 0; round < 40; round++)
    {
      double mid = (lo + hi) / 2;

      if (weigh (self, mid) <= 1)
        lo = mid;
      else
        hi = mid;
    }
  scale = lo > 0 ? lo : hi;
  weigh (self, scale);
  return scale;
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

/* Nodes sorted (column, kind, heaviest first) with bands remapped. */
static void
sort_nodes (FlowLayout *self)
{
  g_autofree guint *remap = NULL;
  g_autoptr(GArray) sorted = NULL;

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

      if (band->from != FLOW_NONE)
        band->from = remap[band->from];
      if (band->to != FLOW_NONE)
        band->to = remap[band->to];
    }
  g_array_unref (self->nodes);
  self->nodes = g_steal_pointer (&sorted);
}

static void
order_nodes (FlowLayout *self)
{
  guint n = self->nodes->len, n_links = 0;
  g_autofree guint *column = g_new (guint, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  g_autofree OtLayerLink *links = g_new (OtLayerLink, MAX (self->bands->len, 1));

  for (guint i = 0; i < n; i++)
    column[i] = g_array_index (self->nodes, FlowNode, i).column;
  for (guint b = 0; b < self->bands->len; b++)
    {
      const FlowBand *band = &g_array_index (self->bands, FlowBand, b);

      if (!band->stub)
        links[n_links++] = (OtLayerLink) { band->from, band->to, band->thickness / FLOW_HEIGHT };
    }
  self->crossings = ot_layout_order_layers (n, column, self->n_columns, links,
                                            n_links, 24, order);
  g_debug ("flow view: %u columns, %u bars, %u bands, %.2f weighted crossings left",
           self->n_columns, n, self->bands->len, self->crossings);
  for (guint i = 0; i < n; i++)
    g_array_index (self->nodes, FlowNode, i).order = order[i];
}

static gboolean sort_by_target;

/* A band end's rank in its column; the open end of a stub comes last. */
static guint
end_rank (guint node)
{
  return node == FLOW_NONE ? G_MAXUINT
                           : g_array_index (sort_nodes_ref, FlowNode, node).order;
}

/* Bands at a node top to bottom: by the rank of their other end (the
 * target for bands leaving, the source for bands arriving), then the
 * near end, then mineral. */
static int
compare_band_ends (const void *pa,
                   const void *pb)
{
  const FlowBand *a = *(const FlowBand **) pa, *b = *(const FlowBand **) pb;
  guint ta = end_rank (a->to), tb = end_rank (b->to);
  guint fa = end_rank (a->from), fb = end_rank (b->from);
  guint ka1 = sort_by_target ? ta : fa, kb1 = sort_by_target ? tb : fb;
  guint ka2 = sort_by_target ? fa : ta, kb2 = sort_by_target ? fb : tb;

  if (ka1 != kb1)
    return ka1 < kb1 ? -1 : 1;
  if (ka2 != kb2)
    return ka2 < kb2 ? -1 : 1;
  if (a->mineral != b->mineral)
    return (int) a->mineral - (int) b->mineral;
  if (a->confirmed != b->confirmed)
    return (int) b->confirmed - (int) a->confirmed;
  return (int) a->illustrative - (int) b->illustrative;
}

static int
compare_node_values (gconstpointer pa,
                     gconstpointer pb,
                     gpointer      data)
{
  const double *value = data;
  guint a = *(const guint *) pa, b = *(const guint *) pb;

  if (value[a] != value[b])
    return value[a] > value[b] ? -1 : 1;
  return (a > b) - (a < b);
}

/* The space above each bar: room for a label above the FLOW_LABELLED
 * heaviest bars of a column (the pass-through bar aside), less above the
 * others, all shrunk together when they would take more than
 * FLOW_GAP_SHARE of the height. */
static void
set_gaps (FlowLayout *self)
{
  guint n = self->nodes->len;
  g_autofree double *in = g_new0 (double, MAX (n, 1));
  g_autofree double *out = g_new0 (double, MAX (n, 1));
  g_autofree double *value = g_new0 (double, MAX (n, 1));
  g_autoptr(GArray) column = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint b = 0; b < self->bands->len; b++)
    {
      const FlowBand *band = &g_array_index (self->bands, FlowBand, b);
      /* The floor counts: a bar of records without kg still has a label. */
      double v = band_value (self, band) + 1e-9;

      if (band->from != FLOW_NONE)
        out[band->from] += v;
      if (band->to != FLOW_NONE)
        in[band->to] += v;
    }
  for (guint i = 0; i < n; i++)
    value[i] = g_array_index (self->nodes, FlowNode, i).kind == KIND_PASS ? 0 : MAX (in[i], out[i]);
  for (guint c = 0; c < self->n_columns; c++)
    {
      double total = 0;

      g_array_set_size (column, 0);
      for (guint i = 0; i < n; i++)
        if (g_array_index (self->nodes, FlowNode, i).column == c)
          g_array_append_val (column, i);
      g_array_sort_with_data (column, compare_node_values, value);
      for (guint k = 0; k < column->len; k++)
        {
          FlowNode *node = &g_array_index (self->nodes, FlowNode, g_array_index (column, guint, k));

          node->gap = k < FLOW_LABELLED && node->kind != KIND_PASS ? FLOW_LABEL_GAP : FLOW_GAP;
          total += node->gap;
        }
      if (total > FLOW_GAP_SHARE * FLOW_HEIGHT)
        for (guint k = 0; k < column->len; k++)
          g_array_index (self->nodes, FlowNode, g_array_index (column, guint, k)).gap *=
            FLOW_GAP_SHARE * FLOW_HEIGHT / total;
    }
}

/* Node positions, then where each band meets its nodes. */
static void
place (FlowLayout *self)
{
  double total[FLOW_MAX_COLUMNS] = { 0 }, cursor[FLOW_MAX_COLUMNS] = { 0 };
  guint count[FLOW_MAX_COLUMNS] = { 0 };
  g_autoptr(GPtrArray) by_end = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_start = g_ptr_array_new ();
  g_autofree double *out_cursor = g_new0 (double, MAX (self->nodes->len, 1));
  g_autofree double *in_cursor = g_new0 (double, MAX (self->nodes->len, 1));
  g_autofree guint *by_rank = g_new0 (guint, MAX (self->nodes->len, 1));
  g_autofree guint *first = g_new0 (guint, self->n_columns + 1);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FlowNode *node = &g_array_index (self->nodes, FlowNode, i);

      node->height = MAX (node->in, node->out);
      total[node->column] += node->height + node->gap;
      count[node->column]++;
    }
  /* Nodes are sorted by column: the ranks index each column's slice. */
  for (guint c = 0; c < self->n_columns; c++)
    first[c + 1] = first[c] + count[c];
  for (guint i = 0; i < self->nodes->len; i++)
    {
      const FlowNode *node = &g_array_index (self->nodes, FlowNode, i);

      by_rank[first[node->column] + MIN (node->order, count[node->column] - 1)] = i;
    }
  /* Stack each column top-down in rank order, each bar below its gap,
   * centred vertically. */
  for (guint c = 0; c < self->n_columns; c++)
    cursor[c] = (FLOW_HEIGHT - total[c]) / 2;
  for (guint k = 0; k < self->nodes->len; k++)
    {
      FlowNode *node = &g_array_index (self->nodes, FlowNode, by_rank[k]);

      node->y = cursor[node->column] + node->gap;
      cursor[node->column] = node->y + node->height;
    }

  for (guint b = 0; b < self->bands->len; b++)
    {
      FlowBand *band = &g_array_index (self->bands, FlowBand, b);

      if (band->from != FLOW_NONE)
        g_ptr_array_add (by_end, band);
      if (band->to != FLOW_NONE)
        g_ptr_array_add (by_start, band);
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
   * incoming ones at their target in the order of their sources; the
   * shorter side of a bar is centred on it. */
  for (guint k = 0; k < by_end->len; k++)
    {
      FlowBand *band = by_end->pdata[k];
      const FlowNode *from = &g_array_index (self->nodes, FlowNode, band->from);

      band->y_from = from->y + (from->height - from->out) / 2 + out_cursor[band->from];
      out_cursor[band->from] += band->thickness;
    }
  for (guint k = 0; k < by_start->len; k++)
    {
      FlowBand *band = by_start->pdata[k];
      const FlowNode *to = &g_array_index (self->nodes, FlowNode, band->to);

      band->y_to = to->y + (to->height - to->in) / 2 + in_cursor[band->to];
      in_cursor[band->to] += band->thickness;
    }
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

static char *
node_label (const FlowLayout *self,
            const FlowNode   *node)
{
  const char *name;

  switch (node->kind)
    {
    case KIND_OTHER:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Other (%'u country)",
                                           "Other (%'u countries)",
                                           self->n_other[node->column]),
                              self->n_other[node->column]);
    case KIND_PASS:
      return g_strdup (_("No further stop"));
    case KIND_NOT_REPORTED:
      return g_strdup (not_reported_label (node->column, self->n_columns));
    case KIND_PLACE:
    default:
      name = ot_country_display_name (node->key);
      return g_strdup (name ? name : node->key);
    }
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
      mark.label = node_label (self, node);
      node->mark = self->base.nodes->len;
      g_array_append_val (self->base.nodes, mark);
    }
  for (guint b = 0; b < self->bands->len; b++)
    {
      FlowBand *band = &g_array_index (self->bands, FlowBand, b);
      OtViewMark mark = { 0 };
      GArray *incidents = g_ptr_array_index (band_incidents, b);
      OtViewMark *ends[2] = {
        band->from != FLOW_NONE ? &g_array_index (self->base.nodes, OtViewMark, band->from) : NULL,
        band->to != FLOW_NONE ? &g_array_index (self->base.nodes, OtViewMark, band->to) : NULL,
      };
      /* Isolated: right-to-left names must not swap around the arrow. */
      g_autofree char *from_label = ends[0] ? ot_text_isolate (ends[0]->label) : NULL;
      g_autofree char *to_label = ends[1] ? ot_text_isolate (ends[1]->label) : NULL;

      g_array_sort (incidents, compare_guint);
      mark.vertex = G_MAXUINT;
      mark.confirmed = band->confirmed;
      if (band->stub)
        /* Translators: a grey stub: the small flows a bar sends or
         * receives, to or from several places */
        mark.label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s → %s · %'u small flow",
                                                   "%s → %s · %'u small flows",
                                                   band->n_merged),
                                      from_label ? from_label : _("several places"),
                                      to_label ? to_label : _("several places"),
                                      band->n_merged);
      else
        mark.label = g_strdup_printf ("%s → %s · %s", from_label, to_label,
                                      band->several ? _("other minerals")
                                      : band->mineral == OT_MINERAL_NONE ? _("mineral not given")
                                      : ot_mineral_label (band->mineral));
      mark.incidents = g_array_ref (incidents);
      g_array_append_val (self->base.bands, mark);
      /* A node's incidents: those of its bands (made unique below). */
      for (guint side = 0; side < 2; side++)
        {
          OtViewMark *n = ends[side];

          if (n == NULL)
            continue;
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
  collect_paths (self, input, band_incidents);
  merge_bands (self, band_incidents, bands_budget (input));
  set_gaps (self);
  self->scale = choose_scale (self);
  sort_nodes (self);
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

static double
node_width (const FlowNode *node)
{
  return node->kind == KIND_PASS ? FLOW_PASS_BAR : FLOW_BAR;
}

static const char *
header_label (guint column,
              guint n_columns)
{
  static const char *stops[] = { N_("Stop 1"), N_("Stop 2"), N_("Stop 3"), N_("Stop 4") };

  G_STATIC_ASSERT (G_N_ELEMENTS (stops) >= FLOW_MAX_STOPS);
  if (column == 0)
    return _("Origin");
  if (column == n_columns - 1)
    return _("Destination");
  if (n_columns == 3)
    return _("Transit");
  if (column == n_columns - 2 && n_columns - 2 == FLOW_MAX_STOPS)
    return _("Last stop");
  return _(stops[column - 1]);
}

/* Room for the labels beside the first and last columns, world units:
 * unlabelled, invisible marks that widen the scene's bounds, so a fitted
 * view shows the names whole. */
static void
add_label_room (OtScene          *scene,
                const FlowLayout *self)
{
  guint chars[2] = { 0, 0 };

  for (guint i = 0; i < self->nodes->len; i++)
    {
      const FlowNode *node = &g_array_index (self->nodes, FlowNode, i);
      const char *label = g_array_index (self->base.nodes, OtViewMark, i).label;
      guint side = node->column == 0 ? 0 : node->column == self->n_columns - 1 ? 1 : 2;

      if (side < 2 && label)
        chars[side] = MAX (chars[side], g_utf8_strlen (label, -1));
    }
  for (guint side = 0; side < 2; side++)
    {
      OtSceneNode room = { 0 };
      double width = MIN (chars[side], FLOW_LABEL_CHARS) * FLOW_LABEL_CHAR;

      room.x = side == 0 ? -FLOW_BAR / 2 - width : FLOW_WIDTH + FLOW_BAR / 2 + width;
      room.y = FLOW_HEIGHT / 2;
      room.radius = 0.1;
      room.shape = OT_NODE_CIRCLE;
      room.stroke_width = 0.01;
      room.id = OT_SCENE_NO_ID;
      ot_scene_add_node (scene, &room);
    }
}

/* Column headers on one line above the tallest column and its label. */
static void
add_headers (OtScene          *scene,
             const FlowLayout *self)
{
  double top = FLOW_HEIGHT;

  for (guint i = 0; i < self->nodes->len; i++)
    top = MIN (top, g_array_index (self->nodes, FlowNode, i).y -
                    g_array_index (self->nodes, FlowNode, i).gap);
  for (guint c = 0; c < self->n_columns; c++)
    {
      OtSceneNode header = { 0 };

      header.x = column_x (self, c);
      header.y = top - 0.6 * FLOW_LABEL_GAP;   /* above the top labels */
      header.radius = 0.1;
      header.shape = OT_NODE_CIRCLE;
      header.stroke_width = 0.01;
      header.label = header_label (c, self->n_columns);
      header.label_importance = 1e9;
      header.label_side = OT_LABEL_AUTO;
      header.id = OT_SCENE_NO_ID;
      ot_scene_add_node (scene, &header);
    }
}

/* The straight run of bands next to their bars, world units. */
static double
flow_stub (guint n_columns)
{
  double spacing = n_columns > 1 ? FLOW_WIDTH / (n_columns - 1) : FLOW_WIDTH;

  return MIN (FLOW_STUB_SHARE * (spacing - FLOW_BAR), FLOW_STUB);
}

/* A band from x0 to x1 that runs straight for @stub at each end and
 * bends with horizontal tangents in between. */
static void
add_band (OtScene      *scene,
          double        x0,
          double        y0,
          double        x1,
          double        y1,
          double        h,
          double        stub,
          const OtRgba *color,
          OtDash        dash,
          guint         id,
          OtMarkFlags   flags)
{
  double a = x0 + stub, b = x1 - stub, m = (a + b) / 2;
  OtPoint outline[] = {
    { x0, y0 },
    { x0, y0 }, { a, y0 }, { a, y0 },
    { m, y0 }, { m, y1 }, { b, y1 },
    { b, y1 }, { x1, y1 }, { x1, y1 },
    { x1, y1 }, { x1, y1 + h }, { x1, y1 + h },
    { x1, y1 + h }, { b, y1 + h }, { b, y1 + h },
    { m, y1 + h }, { m, y0 + h }, { a, y0 + h },
    { a, y0 + h }, { x0, y0 + h }, { x0, y0 + h },
    { x0, y0 + h }, { x0, y0 }, { x0, y0 },
  };
  OtSceneBand band = { outline, G_N_ELEMENTS (outline), *color, id, flags, dash };

  ot_scene_add_band (scene, &band);
}

/* The subtitle and what the chart merged or left out. */
static void
set_caption (OtScene           *scene,
             const FlowLayout  *self,
             const OtViewInput *input)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n_places = 0;
  g_autofree char *joined = NULL;

  if (input->subtitle && *input->subtitle)
    g_ptr_array_add (parts, g_strdup (input->subtitle));
  for (guint c = 0; c < self->n_columns; c++)
    n_places += self->n_other[c];
  if (n_places > 0)
    {
      g_autofree char *places = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u country",
                                                              "%'u countries", n_places),
                                                 n_places);
      /* Translators: "Other" bars: 37 countries, 2,104 incidents, 12 % of kg */
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "“Other” bars: %s, %'u incident, %.0f %% of kg",
                                                            "“Other” bars: %s, %'u incidents, %.0f %% of kg",
                                                            self->n_in_other),
                                               places, self->n_in_other,
                                               self->total_kg > 0 ? 100 * self->other_kg / self->total_kg : 0));
    }
  if (self->n_merged_bands > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%'u small flow as grey stubs (up to %.0f %% of kg)",
                                                          "%'u small flows as grey stubs (up to %.0f %% of kg)",
                                                          self->n_merged_bands),
                                             self->n_merged_bands,
                                             self->total_kg > 0 ? 100 * self->stub_kg / self->total_kg : 0));
  if (self->n_long > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%'u route with more than %u stops: middle stops not drawn",
                                                          "%'u routes with more than %u stops: middle stops not drawn",
                                                          self->n_long),
                                             self->n_long, self->n_columns - 2));
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (" · ", (char **) parts->pdata);
  ot_scene_set_subtitle (scene, joined);
}

/* Every record behind @mark is illustrative. */
static gboolean
mark_illustrative (OtDataset        *dataset,
                   const OtViewMark *mark)
{
  if (mark->incidents == NULL || mark->incidents->len == 0)
    return FALSE;
  for (guint k = 0; k < mark->incidents->len; k++)
    if (!ot_dataset_get_incident (dataset, g_array_index (mark->incidents, guint, k))->illustrative)
      return FALSE;
  return TRUE;
}

static void
add_node (OtScene           *scene,
          const FlowLayout  *self,
          const OtViewInput *input,
          const guint8      *set,
          guint              i)
{
  const FlowNode *node = &g_array_index (self->nodes, FlowNode, i);
  const OtViewMark *mark = &g_array_index (self->base.nodes, OtViewMark, i);
  OtSceneNode sn = { 0 };
  gboolean first = node->column == 0, last = node->column == self->n_columns - 1;
  g_autofree char *shortened = NULL;
  const char *role = first ? OT_VIEW_COLOR_ORIGIN
                     : last ? OT_VIEW_COLOR_DESTINATION : OT_VIEW_COLOR_HUB;

  sn.x = column_x (self, node->column);
  sn.y = node->y + node->height / 2;
  sn.width = node_width (node);
  sn.height = MAX (node->height, 2);
  sn.shape = OT_NODE_BAR;
  sn.fill = node->kind == KIND_PLACE ? ot_view_hex (role, 1) : input->theme->text_muted;
  if (node->kind == KIND_PASS)
    sn.fill.a = 0.35;
  sn.label = mark->label;
  if (g_utf8_strlen (mark->label, -1) > FLOW_LABEL_CHARS)
    {
      /* The whole name stays in the details. */
      g_autofree char *head = g_utf8_substring (mark->label, 0, FLOW_LABEL_CHARS - 1);

      shortened = g_strconcat (head, "…", NULL);
      sn.label = shortened;
    }
  /* Places first, heaviest first; "No further stop" last. */
  sn.label_importance = node->height + (node->kind == KIND_PLACE ? 1000
                                        : node->kind == KIND_PASS ? -1000 : 0);
  /* Outside the bands: left of the first column, right of the last,
   * above the bar in a middle one (bands run straight there). */
  sn.label_side = first ? OT_LABEL_LEFT : last ? OT_LABEL_RIGHT : OT_LABEL_ABOVE;
  sn.illustrative = node->kind == KIND_PLACE &&
                    mark_illustrative (ot_network_get_dataset (input->network), mark);
  sn.id = i;
  sn.flags = flags_for (set, mark, input->sel_kind == OT_HIT_NODE && input->sel_id == i);
  ot_scene_add_node (scene, &sn);
}

static OtScene *
flow_scene (OtViewLayout      *layout,
            const OtViewInput *input)
{
  FlowLayout *self = (FlowLayout *) layout;
  OtScene *scene = ot_scene_new (input->theme);
  g_autofree guint8 *set = focus_incidents (self, input);
  double stub = flow_stub (self->n_columns);

  for (guint b = 0; b < self->bands->len; b++)
    {
      const FlowBand *band = &g_array_index (self->bands, FlowBand, b);
      const OtViewMark *mark = &g_array_index (self->base.bands, OtViewMark, b);
      OtMarkFlags flags = flags_for (set, mark, input->sel_kind == OT_HIT_BAND && input->sel_id == b);
      OtRgba color = ot_view_mineral_rgba (input->theme, band->mineral, 0.8);
      /* Alleged only: hollow, never a lighter shade (docs/views.md). */
      OtDash dash = band->confirmed || band->several ? OT_DASH_SOLID : OT_DASH_HOLLOW;
      /* Illustrative only: a dotted texture over its form. */
      if (band->illustrative)
        dash |= OT_DASH_ILLUSTRATIVE;
      const FlowNode *from, *to;

      if (band->several)
        {
          /* Grey, and receding: the minerals are the story. */
          color = input->theme->text_muted;
          color.a = input->theme->dark ? 0.35 : 0.5;
        }

      if (band->stub)
        {
          /* A short straight grey piece at its one bar. */
          const FlowNode *at = &g_array_index (self->nodes, FlowNode,
                                               band->from != FLOW_NONE ? band->from : band->to);
          double x = column_x (self, at->column), w = node_width (at) / 2;
          double length = FLOW_STUB_LENGTH * stub;
          OtDash stub_dash;

          color = input->theme->text_muted;
          color.a = 0.35;
          stub_dash = band->illustrative ? OT_DASH_SOLID | OT_DASH_ILLUSTRATIVE : OT_DASH_SOLID;
          if (band->from != FLOW_NONE)
            add_band (scene, x + w, band->y_from, x + w + length, band->y_from,
                      band->thickness, 0, &color, stub_dash, b, flags);
          else
            add_band (scene, x - w - length, band->y_to, x - w, band->y_to,
                      band->thickness, 0, &color, stub_dash, b, flags);
          continue;
        }
      from = &g_array_index (self->nodes, FlowNode, band->from);
      to = &g_array_index (self->nodes, FlowNode, band->to);
      add_band (scene,
                column_x (self, from->column) + node_width (from) / 2, band->y_from,
                column_x (self, to->column) - node_width (to) / 2, band->y_to,
                band->thickness, stub, &color, dash, b, flags);
    }
  for (guint i = 0; i < self->nodes->len; i++)
    add_node (scene, self, input, set, i);
  if (self->nodes->len > 0)
    {
      add_headers (scene, self);
      add_label_room (scene, self);
    }
  ot_view_add_chrome (scene, input, OT_VIEW_CHROME_BANDS);
  set_caption (scene, self, input);
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
  0,   /* countries only; bars and bands are its own marks */
};
