/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-facets.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ot-mineral.h"
#include "ot-trade.h"

typedef struct {
  GArray     *items;    /* of OtFacetItem */
  GHashTable *by_key;   /* key (owned by the item) -> index + 1 */
} Facet;

struct _OtFacets
{
  OtDataset *dataset;
  Facet      facets[OT_N_FILTER_PARTS];
  guint      n_matching;
  /* What each incident has: pairs (part, item) from offsets[i] to
   * offsets[i + 1], so recounting under another filter touches no string. */
  GArray    *pairs;     /* of guint32: part << 24 | item */
  GArray    *offsets;   /* of guint, n_incidents + 1 */
  /* While building: interned string -> its items, so that a label met
   * again is not folded again (GArray of guint32 pairs). */
  GHashTable *seen_text[OT_N_FILTER_PARTS];
  /* A summary's (ot_dataset_set_summary ()): incidents per mineral,
   * status and illustrative flag, owned by the dataset; or NULL. */
  GArray    *cells;
};

static void
clear_item (gpointer data)
{
  OtFacetItem *item = data;

  g_free (item->key);
  g_free (item->label);
}

static gboolean
has_facet (OtFilterPart part)
{
  return part != OT_FILTER_PERIOD && part != OT_FILTER_MIN_KG && part < OT_N_FILTER_PARTS;
}

/* The item for @key, added (with @label) when new. */
static OtFacetItem *
facet_item (Facet      *facet,
            const char *key,
            const char *label,
            guint       value)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (facet->by_key, key));
  OtFacetItem item = { 0 };

  if (index > 0)
    return &g_array_index (facet->items, OtFacetItem, index - 1);

  item.key = g_strdup (key);
  item.label = g_strdup (label);
  item.value = value;
  g_array_append_val (facet->items, item);
  g_hash_table_insert (facet->by_key, item.key, GUINT_TO_POINTER (facet->items->len));
  return &g_array_index (facet->items, OtFacetItem, facet->items->len - 1);
}

static void
bump (OtFacets     *self,
      OtFilterPart  part,
      const char   *key,
      const char   *label,
      guint         value)
{
  Facet *facet = &self->facets[part];
  OtFacetItem *item = facet_item (facet, key, label, value);
  guint32 pair = (guint32) part << 24 | (guint32) (item - (OtFacetItem *) facet->items->data);

  item->total++;
  g_array_append_val (self->pairs, pair);
}

static void
bump_label (OtFacets     *self,
            OtFilterPart  part,
            const char   *text)
{
  g_autofree char *key = ot_filter_label_key (text);
  g_autofree char *label = g_strstrip (g_strdup (text));

  if (*key != '\0')
    bump (self, part, key, label, 0);
}

/* Bumps again the items a string had the first time it was met, or
 * returns FALSE when it is new (its pairs are then recorded from @mark). */
static gboolean
bump_seen (OtFacets     *self,
           OtFilterPart  part,
           const char   *text)
{
  GArray *pairs = g_hash_table_lookup (self->seen_text[part], text);

  if (pairs == NULL)
    return FALSE;
  for (guint i = 0; i < pairs->len; i++)
    {
      guint32 pair = g_array_index (pairs, guint32, i);

      g_array_index (self->facets[part].items, OtFacetItem, pair & 0xffffff).total++;
      g_array_append_val (self->pairs, pair);
    }
  return TRUE;
}

static void
remember_seen (OtFacets     *self,
               OtFilterPart  part,
               const char   *text,
               guint         mark)
{
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_array_append_vals (pairs, &g_array_index (self->pairs, guint32, mark), self->pairs->len - mark);
  g_hash_table_insert (self->seen_text[part], (gpointer) text, pairs);
}

/* Methods, a declared-as label or a company, folded once per string. */
static void
bump_text (OtFacets     *self,
           OtFilterPart  part,
           const char   *text)
{
  guint mark = self->pairs->len;

  if (text == NULL || bump_seen (self, part, text))
    return;
  if (part == OT_FILTER_METHODS)
    {
      g_auto(GStrv) methods = ot_filter_split_methods (text);

      for (guint i = 0; methods[i]; i++)
        bump_label (self, part, methods[i]);
    }
  else
    bump_label (self, part, text);
  remember_seen (self, part, text, mark);
}

/* Each country once per incident: @seen holds the ones already counted. */
static void
bump_country (OtFacets        *self,
              const OtCountry *country,
              OtCountry       *seen,
              guint           *n_seen)
{
  const char *name;

  if (!OT_COUNTRY_IS_SET (*country))
    return;
  for (guint i = 0; i < *n_seen; i++)
    if (memcmp (seen[i].code, country->code, 2) == 0)
      return;
  seen[(*n_seen)++] = *country;
  /* The localised name is looked up once per country, not per record. */
  if (g_hash_table_contains (self->facets[OT_FILTER_COUNTRIES].by_key, country->code))
    name = country->code;
  else
    name = ot_country_is_known (country->code) ? ot_country_display_name (country->code) : NULL;
  bump (self, OT_FILTER_COUNTRIES, country->code, name ? name : country->code, 0);
}

/* Reliability and credibility (value: the grade, 0 for not given; key
 * "A".."F", "1".."6" or "none") and illustrative or reported (value 1 or
 * 0).  The labels are made once per value. */
static void
bump_grades (OtFacets         *self,
             const OtIncident *incident)
{
  char rel = g_ascii_isalpha (incident->reliability) ? g_ascii_toupper (incident->reliability) : 0;
  guint cred = incident->credibility <= 6 ? incident->credibility : 0;
  char key[2] = { 0 };
  g_autofree char *label = NULL;

  key[0] = rel;
  if (!g_hash_table_contains (self->facets[OT_FILTER_RELIABILITY].by_key, rel ? key : "none"))
    label = ot_filter_reliability_label (rel);
  bump (self, OT_FILTER_RELIABILITY, rel ? key : "none", label, (guchar) rel);
  g_clear_pointer (&label, g_free);

  key[0] = '0' + cred;
  if (!g_hash_table_contains (self->facets[OT_FILTER_CREDIBILITY].by_key, cred ? key : "none"))
    label = ot_filter_credibility_label (cred);
  bump (self, OT_FILTER_CREDIBILITY, cred ? key : "none", label, cred);

  bump (self, OT_FILTER_ILLUSTRATIVE, incident->illustrative ? "illustrative" : "reported",
        incident->illustrative ? _("Illustrative") : _("Reported"), incident->illustrative ? 1 : 0);
}

/* Records what @incident has in every facet. */
static void
add_incident (OtFacets         *self,
              const OtIncident *incident)
{
  OtCountry *seen = g_newa (OtCountry, incident->n_via + 3);
  guint n_seen = 0, before, mid;

  memset (seen, 0, sizeof (OtCountry) * (incident->n_via + 3));

  if (incident->mineral != OT_MINERAL_NONE)
    bump (self, OT_FILTER_MINERALS, ot_mineral_name (incident->mineral),
          ot_mineral_label (incident->mineral), incident->mineral);
  bump (self, OT_FILTER_STATUSES, ot_status_name (incident->status),
        ot_status_label (incident->status), incident->status);
  bump (self, OT_FILTER_CONFIDENCE, ot_confidence_name (incident->confidence),
        ot_filter_confidence_label (incident->confidence), incident->confidence);
  bump_grades (self, incident);
  bump_text (self, OT_FILTER_METHODS, incident->concealment);
  bump_text (self, OT_FILTER_DECLARED_AS, incident->declared_as);

  bump_country (self, &incident->origin, seen, &n_seen);
  for (guint i = 0; i < incident->n_via; i++)
    bump_country (self, &incident->via[i].country, seen, &n_seen);
  bump_country (self, &incident->destination, seen, &n_seen);
  bump_country (self, &incident->event_country, seen, &n_seen);

  /* A company is counted as its entity (merged companies: one row); one
   * that is both exporter and consignee counts once. */
  before = self->pairs->len;
  bump_text (self, OT_FILTER_COMPANIES, ot_dataset_resolve_company (self->dataset, incident->exporter));
  mid = self->pairs->len;
  bump_text (self, OT_FILTER_COMPANIES, ot_dataset_resolve_company (self->dataset, incident->consignee));
  if (mid - before == 1 && self->pairs->len - mid == 1 &&
      g_array_index (self->pairs, guint32, before) == g_array_index (self->pairs, guint32, mid))
    {
      guint32 pair = g_array_index (self->pairs, guint32, mid);

      g_array_index (self->facets[OT_FILTER_COMPANIES].items, OtFacetItem, pair & 0xffffff).total--;
      g_array_set_size (self->pairs, mid);
    }
}

static gint
compare_by_value (gconstpointer a,
                  gconstpointer b)
{
  const OtFacetItem *x = a, *y = b;

  return (x->value > y->value) - (x->value < y->value);
}

/* Grades in their order, "not given" (value 0) last. */
static gint
compare_grades (gconstpointer a,
                gconstpointer b)
{
  const OtFacetItem *x = a, *y = b;
  guint vx = x->value ? x->value : G_MAXUINT, vy = y->value ? y->value : G_MAXUINT;

  return (vx > vy) - (vx < vy);
}

static gint
compare_by_total (gconstpointer a,
                  gconstpointer b)
{
  const OtFacetItem *x = a, *y = b;

  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return g_utf8_collate (x->label, y->label);
}

/* Sorts the items and renumbers the pairs that point to them. */
static void
sort_facet (OtFacets     *self,
            OtFilterPart  part)
{
  Facet *facet = &self->facets[part];
  gboolean enumerated = part == OT_FILTER_MINERALS || part == OT_FILTER_STATUSES ||
                        part == OT_FILTER_CONFIDENCE || part == OT_FILTER_ILLUSTRATIVE;
  gboolean graded = part == OT_FILTER_RELIABILITY || part == OT_FILTER_CREDIBILITY;
  guint n = facet->items->len;
  g_autofree guint *new_index = g_new (guint, MAX (n, 1));

  /* Remember each item's old place in its (unused) count field. */
  for (guint i = 0; i < n; i++)
    g_array_index (facet->items, OtFacetItem, i).count = i;
  g_array_sort (facet->items, graded ? compare_grades
                              : enumerated ? compare_by_value : compare_by_total);
  g_hash_table_remove_all (facet->by_key);
  for (guint i = 0; i < n; i++)
    {
      OtFacetItem *item = &g_array_index (facet->items, OtFacetItem, i);

      new_index[item->count] = i;
      item->count = 0;
      g_hash_table_insert (facet->by_key, item->key, GUINT_TO_POINTER (i + 1));
    }
  for (guint p = 0; p < self->pairs->len; p++)
    {
      guint32 *pair = &g_array_index (self->pairs, guint32, p);

      if (*pair >> 24 == part)
        *pair = (guint32) part << 24 | new_index[*pair & 0xffffff];
    }
}

/* The minerals of the trade statistics, so that their layer can be
 * filtered by mineral too (issue 18): listed with the incidents' own,
 * with no incidents unless some have them.  Placebo lines (another
 * material) are not a mineral the chart draws. */
static void
add_trade_minerals (OtFacets     *self,
                    OtTradeTable *table)
{
  g_autofree gboolean *seen = NULL;
  const guint16 *products;
  guint n, n_minerals = ot_mineral_count ();

  if (table == NULL)
    return;
  seen = g_new0 (gboolean, n_minerals);
  products = ot_trade_table_get_products (table);
  n = ot_trade_table_get_n_rows (table);
  for (guint i = 0; i < n; i++)
    {
      const OtTradeProduct *product = ot_trade_product_nth (products[i]);

      if (product->role != OT_TRADE_ROLE_PLACEBO && product->mineral < n_minerals)
        seen[product->mineral] = TRUE;
    }
  for (OtMineral m = 0; m < n_minerals; m++)
    if (seen[m])
      facet_item (&self->facets[OT_FILTER_MINERALS], ot_mineral_name (m), ot_mineral_label (m), m);
}

/* A summary's values: the parts its cells count (docs/team-store.md,
 * "Summary mode"). */
static void
add_cells (OtFacets *self)
{
  for (guint k = 0; k < self->cells->len; k++)
    {
      const OtSummaryCell *cell = &g_array_index (self->cells, OtSummaryCell, k);

      if (cell->mineral != OT_MINERAL_NONE)
        facet_item (&self->facets[OT_FILTER_MINERALS], ot_mineral_name (cell->mineral),
                    ot_mineral_label (cell->mineral), cell->mineral)->total += cell->n_incidents;
      facet_item (&self->facets[OT_FILTER_STATUSES], ot_status_name (cell->status),
                  ot_status_label (cell->status), cell->status)->total += cell->n_incidents;
      facet_item (&self->facets[OT_FILTER_ILLUSTRATIVE], cell->illustrative ? "illustrative" : "reported",
                  cell->illustrative ? _("Illustrative") : _("Reported"),
                  cell->illustrative ? 1 : 0)->total += cell->n_incidents;
    }
}

/* The counts of a summary's cells under @filter, each part's without
 * the part itself, within the filter's period.  Only the parts the cells
 * have count: a summary's sidebar offers no other. */
static void
count_cells (OtFacets       *self,
             const OtFilter *filter,
             GArray         *cells)
{
  static const OtFilterPart parts[] = { OT_FILTER_MINERALS, OT_FILTER_STATUSES, OT_FILTER_ILLUSTRATIVE };
  guint32 from = 0, to = 0;

  if (filter != NULL)
    ot_filter_get_period (filter, &from, &to);
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    for (guint i = 0; i < self->facets[parts[p]].items->len; i++)
      g_array_index (self->facets[parts[p]].items, OtFacetItem, i).count = 0;
  self->n_matching = 0;
  for (guint k = 0; k < cells->len; k++)
    {
      const OtSummaryCell *cell = &g_array_index (cells, OtSummaryCell, k);
      gboolean m = filter == NULL || ot_filter_includes_mineral (filter, cell->mineral);
      gboolean s = filter == NULL || ot_filter_includes_status (filter, cell->status);
      gboolean i = filter == NULL || !cell->illustrative || ot_filter_get_show_illustrative (filter);
      OtFacetItem *item;

      /* The period, as for an incident: the days the cell's month (or
       * year) can mean overlap it; an undated cell passes no period.
       * Exact for a period of whole months, the sums' grain. */
      if (from != 0 || to != 0)
        {
          guint32 first, last;

          if (!ot_summary_cell_days (cell, &first, &last) || (from != 0 && last < from) ||
              (to != 0 && first > to))
            continue;
        }

      if (m && s && i)
        self->n_matching += cell->n_incidents;
      if (s && i && cell->mineral != OT_MINERAL_NONE &&
          (item = (OtFacetItem *) ot_facets_find (self, OT_FILTER_MINERALS, ot_mineral_name (cell->mineral))))
        item->count += cell->n_incidents;
      if (m && i && (item = (OtFacetItem *) ot_facets_find (self, OT_FILTER_STATUSES, ot_status_name (cell->status))))
        item->count += cell->n_incidents;
      if (m && s && (item = (OtFacetItem *) ot_facets_find (self, OT_FILTER_ILLUSTRATIVE,
                                                            cell->illustrative ? "illustrative" : "reported")))
        item->count += cell->n_incidents;
    }
}

OtFacets *
ot_facets_new (OtDataset      *dataset,
               const OtFilter *filter)
{
  OtFacets *self;
  guint n, offset = 0;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  self = g_new0 (OtFacets, 1);
  self->dataset = g_object_ref (dataset);
  self->pairs = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    {
      self->facets[part].items = g_array_new (FALSE, TRUE, sizeof (OtFacetItem));
      g_array_set_clear_func (self->facets[part].items, clear_item);
      self->facets[part].by_key = g_hash_table_new (g_str_hash, g_str_equal);
      self->seen_text[part] = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
    }

  n = ot_dataset_get_n_incidents (dataset);
  g_array_append_val (self->offsets, offset);
  if (ot_dataset_get_summary (dataset, &self->cells) != NULL)
    add_cells (self);
  for (guint i = 0; i < n; i++)
    {
      add_incident (self, ot_dataset_get_incident (dataset, i));
      offset = self->pairs->len;
      g_array_append_val (self->offsets, offset);
    }
  add_trade_minerals (self, ot_dataset_get_trade (dataset));
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    {
      g_clear_pointer (&self->seen_text[part], g_hash_table_unref);
      sort_facet (self, part);
    }

  ot_facets_set_filter (self, filter);
  return self;
}

void
ot_facets_set_filter (OtFacets       *self,
                      const OtFilter *filter)
{
  OtFilter *without[OT_N_FILTER_PARTS] = { NULL };
  g_autofree guint8 *whole = NULL;
  /* Not g_autofree: on an array it frees only the first element. */
  guint8 *masks[OT_N_FILTER_PARTS] = { NULL };
  guint n;

  g_return_if_fail (self != NULL);

  /* A summary counts the parts of its cells (a part set from elsewhere,
   * ot_facets_set_part (), stays). */
  if (self->cells != NULL)
    {
      count_cells (self, filter, self->cells);
      return;
    }
  n = ot_dataset_get_n_incidents (self->dataset);
  /* The dataset may have grown; only the incidents seen at build count. */
  n = MIN (n, self->offsets->len - 1);
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    for (guint i = 0; i < self->facets[part].items->len; i++)
      g_array_index (self->facets[part].items, OtFacetItem, i).count = 0;

  whole = ot_filter_apply (filter, self->dataset, &self->n_matching);
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    if (filter && has_facet (part) && ot_filter_has_part (filter, part))
      {
        /* A mask without the part, only when it differs from the whole. */
        without[part] = ot_filter_copy (filter);
        ot_filter_clear_part (without[part], part);
        masks[part] = ot_filter_apply (without[part], self->dataset, NULL);
        ot_filter_free (without[part]);
      }

  for (guint i = 0; i < n; i++)
    {
      guint from = g_array_index (self->offsets, guint, i);
      guint to = g_array_index (self->offsets, guint, i + 1);

      for (guint p = from; p < to; p++)
        {
          guint32 pair = g_array_index (self->pairs, guint32, p);
          guint part = pair >> 24;
          const guint8 *mask = masks[part] ? masks[part] : whole;

          if (mask[i])
            g_array_index (self->facets[part].items, OtFacetItem, pair & 0xffffff).count++;
        }
    }

  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    g_free (masks[part]);
}

OtDataset *
ot_facets_get_dataset (OtFacets *facets)
{
  g_return_val_if_fail (facets != NULL, NULL);
  return facets->dataset;
}

OtFacets *
ot_facets_copy (OtFacets *facets)
{
  OtFacets *copy;

  g_return_val_if_fail (facets != NULL, NULL);

  copy = g_new0 (OtFacets, 1);
  copy->dataset = g_object_ref (facets->dataset);
  copy->n_matching = facets->n_matching;
  /* What each incident has never changes after ot_facets_new (): shared. */
  copy->pairs = g_array_ref (facets->pairs);
  copy->offsets = g_array_ref (facets->offsets);
  copy->cells = facets->cells;
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    {
      const Facet *from = &facets->facets[part];
      Facet *to = &copy->facets[part];

      to->items = g_array_sized_new (FALSE, TRUE, sizeof (OtFacetItem), from->items->len);
      g_array_set_clear_func (to->items, clear_item);
      to->by_key = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < from->items->len; i++)
        {
          OtFacetItem item = g_array_index (from->items, OtFacetItem, i);

          item.key = g_strdup (item.key);
          item.label = g_strdup (item.label);
          g_array_append_val (to->items, item);
          g_hash_table_insert (to->by_key, item.key, GUINT_TO_POINTER (i + 1));
        }
    }
  return copy;
}

void
ot_facets_free (OtFacets *facets)
{
  if (facets == NULL)
    return;
  g_clear_object (&facets->dataset);
  g_clear_pointer (&facets->pairs, g_array_unref);
  g_clear_pointer (&facets->offsets, g_array_unref);
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    {
      g_clear_pointer (&facets->facets[part].by_key, g_hash_table_unref);
      g_clear_pointer (&facets->facets[part].items, g_array_unref);
    }
  g_free (facets);
}

guint
ot_facets_get_n_items (OtFacets     *facets,
                       OtFilterPart  part)
{
  g_return_val_if_fail (facets != NULL, 0);
  g_return_val_if_fail (part < OT_N_FILTER_PARTS, 0);

  return facets->facets[part].items->len;
}

const OtFacetItem *
ot_facets_get_item (OtFacets     *facets,
                    OtFilterPart  part,
                    guint         index)
{
  g_return_val_if_fail (facets != NULL, NULL);
  g_return_val_if_fail (part < OT_N_FILTER_PARTS, NULL);
  g_return_val_if_fail (index < facets->facets[part].items->len, NULL);

  return &g_array_index (facets->facets[part].items, OtFacetItem, index);
}

const OtFacetItem *
ot_facets_find (OtFacets     *facets,
                OtFilterPart  part,
                const char   *key)
{
  guint index;

  g_return_val_if_fail (facets != NULL, NULL);
  g_return_val_if_fail (part < OT_N_FILTER_PARTS, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (facets->facets[part].by_key, key));
  return index ? &g_array_index (facets->facets[part].items, OtFacetItem, index - 1) : NULL;
}

guint
ot_facets_get_n_matching (OtFacets *facets)
{
  g_return_val_if_fail (facets != NULL, 0);

  return facets->n_matching;
}

void
ot_facets_set_part (OtFacets          *self,
                    OtFilterPart       part,
                    const OtFacetItem *items,
                    guint              n_items)
{
  Facet *facet;
  g_autofree guint *counts = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (has_facet (part));
  g_return_if_fail (items != NULL || n_items == 0);

  facet = &self->facets[part];
  g_hash_table_remove_all (facet->by_key);
  g_array_set_size (facet->items, 0);
  counts = g_new (guint, MAX (n_items, 1));
  for (guint i = 0; i < n_items; i++)
    {
      OtFacetItem *item = facet_item (facet, items[i].key, items[i].label, items[i].value);

      item->total = items[i].total;
      counts[i] = items[i].count;
    }
  /* Sorted as the part's values are; the counts (which sorting uses)
   * put back after. */
  sort_facet (self, part);
  for (guint i = 0; i < n_items; i++)
    {
      OtFacetItem *item = (OtFacetItem *) ot_facets_find (self, part, items[i].key);

      if (item != NULL)
        item->count = counts[i];
    }
}

void
ot_facets_count_cells (OtFacets       *self,
                       const OtFilter *filter,
                       GArray         *cells)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->cells != NULL);
  g_return_if_fail (cells != NULL);

  count_cells (self, filter, cells);
}
