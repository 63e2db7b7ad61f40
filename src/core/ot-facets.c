/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-facets.h"

#include <string.h>

typedef struct {
  GArray     *items;    /* of OtFacetItem */
  GHashTable *by_key;   /* key (owned by the item) -> index + 1 */
} Facet;

struct _OtFacets
{
  Facet facets[OT_N_FILTER_PARTS];
  guint n_matching;
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
bump (Facet      *facet,
      const char *key,
      const char *label,
      guint       value,
      gboolean    counted)
{
  OtFacetItem *item = facet_item (facet, key, label, value);

  item->total++;
  item->count += counted;
}

static void
bump_label (Facet      *facet,
            const char *text,
            gboolean    counted)
{
  g_autofree char *key = ot_filter_label_key (text);
  g_autofree char *label = g_strstrip (g_strdup (text));

  if (*key != '\0')
    bump (facet, key, label, 0, counted);
}

static void
bump_country (Facet           *facet,
              const OtCountry *country,
              GHashTable      *seen,
              gboolean         counted)
{
  const char *name;

  if (!OT_COUNTRY_IS_SET (*country) || !g_hash_table_add (seen, (gpointer) country->code))
    return;
  name = ot_country_is_known (country->code) ? ot_country_display_name (country->code) : NULL;
  bump (facet, country->code, name ? name : country->code, 0, counted);
}

static gboolean
same_label (const char *a,
            const char *b)
{
  g_autofree char *ka = NULL;
  g_autofree char *kb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  ka = ot_filter_label_key (a);
  kb = ot_filter_label_key (b);
  return strcmp (ka, kb) == 0;
}

/* Adds what @incident has to every facet; @pass[part] says whether it
 * passes the filter with that part left out. */
static void
add_incident (OtFacets         *self,
              const OtIncident *incident,
              const gboolean   *pass)
{
  g_auto(GStrv) methods = ot_filter_split_methods (incident->concealment);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Facet *countries = &self->facets[OT_FILTER_COUNTRIES];

  if (incident->mineral != OT_MINERAL_NONE)
    bump (&self->facets[OT_FILTER_MINERALS], ot_mineral_name (incident->mineral),
          ot_mineral_label (incident->mineral), incident->mineral, pass[OT_FILTER_MINERALS]);
  bump (&self->facets[OT_FILTER_STATUSES], ot_status_name (incident->status),
        ot_status_label (incident->status), incident->status, pass[OT_FILTER_STATUSES]);
  bump (&self->facets[OT_FILTER_CONFIDENCE], ot_confidence_name (incident->confidence),
        ot_filter_confidence_label (incident->confidence), incident->confidence,
        pass[OT_FILTER_CONFIDENCE]);
  for (guint i = 0; methods[i]; i++)
    bump_label (&self->facets[OT_FILTER_METHODS], methods[i], pass[OT_FILTER_METHODS]);
  if (incident->declared_as)
    bump_label (&self->facets[OT_FILTER_DECLARED_AS], incident->declared_as,
                pass[OT_FILTER_DECLARED_AS]);

  bump_country (countries, &incident->origin, seen, pass[OT_FILTER_COUNTRIES]);
  for (guint i = 0; i < incident->n_via; i++)
    bump_country (countries, &incident->via[i].country, seen, pass[OT_FILTER_COUNTRIES]);
  bump_country (countries, &incident->destination, seen, pass[OT_FILTER_COUNTRIES]);
  bump_country (countries, &incident->event_country, seen, pass[OT_FILTER_COUNTRIES]);

  if (incident->exporter)
    bump_label (&self->facets[OT_FILTER_COMPANIES], incident->exporter, pass[OT_FILTER_COMPANIES]);
  if (incident->consignee && !same_label (incident->exporter, incident->consignee))
    bump_label (&self->facets[OT_FILTER_COMPANIES], incident->consignee, pass[OT_FILTER_COMPANIES]);
}

static gint
compare_by_value (gconstpointer a,
                  gconstpointer b)
{
  const OtFacetItem *x = a, *y = b;

  return (x->value > y->value) - (x->value < y->value);
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

static void
sort_facet (Facet        *facet,
            OtFilterPart  part)
{
  gboolean enumerated = part == OT_FILTER_MINERALS || part == OT_FILTER_STATUSES ||
                        part == OT_FILTER_CONFIDENCE;

  g_array_sort (facet->items, enumerated ? compare_by_value : compare_by_total);
  g_hash_table_remove_all (facet->by_key);
  for (guint i = 0; i < facet->items->len; i++)
    g_hash_table_insert (facet->by_key, g_array_index (facet->items, OtFacetItem, i).key,
                         GUINT_TO_POINTER (i + 1));
}

OtFacets *
ot_facets_new (OtDataset      *dataset,
               const OtFilter *filter)
{
  OtFacets *self;
  OtFilter *without[OT_N_FILTER_PARTS] = { NULL };
  guint n;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  self = g_new0 (OtFacets, 1);
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    {
      self->facets[part].items = g_array_new (FALSE, TRUE, sizeof (OtFacetItem));
      g_array_set_clear_func (self->facets[part].items, clear_item);
      self->facets[part].by_key = g_hash_table_new (g_str_hash, g_str_equal);
      /* A filter without the part, only when it differs from the whole. */
      if (filter && has_facet (part) && ot_filter_has_part (filter, part))
        {
          without[part] = ot_filter_copy (filter);
          ot_filter_clear_part (without[part], part);
        }
    }

  n = ot_dataset_get_n_incidents (dataset);
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      gboolean whole = ot_filter_matches (filter, incident);
      gboolean pass[OT_N_FILTER_PARTS];

      for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
        pass[part] = without[part] ? ot_filter_matches (without[part], incident) : whole;
      self->n_matching += whole;
      add_incident (self, incident, pass);
    }

  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    {
      sort_facet (&self->facets[part], part);
      ot_filter_free (without[part]);
    }
  return self;
}

void
ot_facets_free (OtFacets *facets)
{
  if (facets == NULL)
    return;
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
