/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Merged companies followed by every reader (issue 17): on the 60
 * researched sample incidents, through an OtDocument, two real exporters
 * merged into one entity are one vertex of the entities network with the
 * summed flows, one row of the companies facet with the summed count, one
 * company to filter on that picks both's incidents, and one search result
 * for either name; the countries projection does not change; the chart
 * lists the entity's aliases with their incidents; a split and an undo
 * give back the very network of before. */
#include <string.h>

#include "ot-chart.h"
#include "ot-document.h"
#include "ot-facets.h"
#include "ot-network.h"
#include "ot-search.h"
#include "ot-test-filter.h"
#include "ot-test-load.h"

/* Two exporters of data/samples/incidents.csv, each with a quantity. */
#define COMPANY_A "Vietnam Rare Earth JSC (VTRE)"
#define COMPANY_B "Ningbo Global Magnet Co., Ltd."
#define ENTITY    "Merged Test Entity"

static OtDocument *
sample_document (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_samples ();

  return ot_document_new (ds);
}

static void
merge (OtDocument *doc)
{
  const char *names[] = { COMPANY_A, COMPANY_B };
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_document_merge_companies (doc, names, 2, ENTITY, &error));
  g_assert_no_error (error);
}

static const OtVertex *
company (OtNetwork  *network,
         const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *key = g_strconcat ("company:", folded, NULL);
  gint v = ot_network_find_vertex (network, key);

  return v >= 0 ? ot_network_get_vertex (network, v) : NULL;
}

/* Every vertex and edge with its numbers, one per line: equal texts,
 * equal networks. */
static char *
network_text (OtNetwork *network)
{
  GString *out = g_string_new (NULL);

  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const OtVertex *x = ot_network_get_vertex (network, v);

      g_string_append_printf (out, "v %s|%s|%s|%s|%u|%x|%.3f|%.3f\n", x->key, x->label,
                              x->entity ? x->entity : "-", x->country.code, x->n_incidents,
                              x->roles, x->kg_in, x->kg_out);
    }
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *x = ot_network_get_edge (network, e);

      g_string_append_printf (out, "e %s>%s|%d|%u|%.3f\n",
                              ot_network_get_vertex (network, x->from)->key,
                              ot_network_get_vertex (network, x->to)->key,
                              x->mineral, x->n_incidents, x->kg);
    }
  return g_string_free (out, FALSE);
}

static char *
text_of (OtDataset    *ds,
         OtProjection  projection)
{
  g_autoptr(OtNetwork) network = ot_network_new (ds, NULL, projection);

  return network_text (network);
}

static void
test_network (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtDataset) before = g_object_ref (ot_document_get_dataset (doc));
  g_autoptr(OtNetwork) n0 = ot_network_new (before, NULL, OT_PROJECTION_ENTITIES);
  g_autoptr(OtNetwork) n1 = NULL;
  g_autofree char *countries0 = text_of (before, OT_PROJECTION_COUNTRIES);
  g_autofree char *countries1 = NULL;
  const OtVertex *a = company (n0, COMPANY_A), *b = company (n0, COMPANY_B), *e;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_null (a->entity);
  g_assert_cmpfloat (a->kg_in, >, 0);
  g_assert_cmpfloat (b->kg_in, >, 0);

  merge (doc);
  n1 = ot_network_new (ot_document_get_dataset (doc), NULL, OT_PROJECTION_ENTITIES);
  g_assert_cmpuint (ot_network_get_n_vertices (n1), ==, ot_network_get_n_vertices (n0) - 1);
  g_assert_null (company (n1, COMPANY_A));
  g_assert_null (company (n1, COMPANY_B));
  e = company (n1, ENTITY);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->label, ==, ENTITY);
  g_assert_cmpstr (e->entity, ==, ENTITY);
  g_assert_cmpuint (e->n_incidents, ==, a->n_incidents + b->n_incidents);
  g_assert_cmpfloat_with_epsilon (e->kg_in, a->kg_in + b->kg_in, 1e-6);
  g_assert_cmpfloat_with_epsilon (e->kg_out, a->kg_out + b->kg_out, 1e-6);
  g_assert_cmpuint (e->roles, ==, a->roles | b->roles);
  /* Each has one incident: the entity's are both. */
  {
    guint n = 0;
    const guint *inc = ot_network_get_vertex_incidents (n1, e - ot_network_get_vertex (n1, 0), &n);

    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpstr (ot_dataset_get_incident (ot_document_get_dataset (doc), inc[0])->exporter, !=,
                     ot_dataset_get_incident (ot_document_get_dataset (doc), inc[1])->exporter);
  }

  /* A merge never moves a flow between countries. */
  countries1 = text_of (ot_document_get_dataset (doc), OT_PROJECTION_COUNTRIES);
  g_assert_cmpstr (countries1, ==, countries0);
}

static void
test_facets_and_filter (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtFacets) f0 = ot_facets_new (ot_document_get_dataset (doc), NULL);
  g_autoptr(OtFacets) f1 = NULL;
  g_autoptr(OtFilter) include = ot_filter_new ();
  g_autoptr(OtFilter) exclude = ot_filter_new ();
  g_autoptr(OtFilter) alias = ot_filter_new ();
  g_autofree char *key_a = ot_filter_label_key (COMPANY_A);
  g_autofree char *key_b = ot_filter_label_key (COMPANY_B);
  g_autofree char *key_e = ot_filter_label_key (ENTITY);
  g_autofree char *excluded = NULL;
  const OtFacetItem *a = ot_facets_find (f0, OT_FILTER_COMPANIES, key_a);
  const OtFacetItem *b = ot_facets_find (f0, OT_FILTER_COMPANIES, key_b);
  const OtFacetItem *e;
  OtDataset *ds;
  guint total_a, total_b;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  total_a = a->total;
  total_b = b->total;

  merge (doc);
  ds = ot_document_get_dataset (doc);
  f1 = ot_facets_new (ds, NULL);
  g_assert_cmpuint (ot_facets_get_n_items (f1, OT_FILTER_COMPANIES), ==,
                    ot_facets_get_n_items (f0, OT_FILTER_COMPANIES) - 1);
  g_assert_null (ot_facets_find (f1, OT_FILTER_COMPANIES, key_a));
  g_assert_null (ot_facets_find (f1, OT_FILTER_COMPANIES, key_b));
  e = ot_facets_find (f1, OT_FILTER_COMPANIES, key_e);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->label, ==, ENTITY);
  g_assert_cmpuint (e->total, ==, total_a + total_b);
  g_assert_cmpuint (e->count, ==, total_a + total_b);

  /* The entity picks both companies' incidents (in the sample's order). */
  ot_filter_set_company (include, ENTITY, OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, include, "CMI-2023-0001,REAL-2025-0005");
  ot_facets_set_filter (f1, include);
  g_assert_cmpuint (ot_facets_get_n_matching (f1), ==, 2);
  ot_filter_set_company (exclude, ENTITY, OT_FILTER_EXCLUDE);
  excluded = ot_test_passing (ds, exclude);
  g_assert_null (strstr (excluded, "CMI-2023-0001"));
  g_assert_null (strstr (excluded, "REAL-2025-0005"));
  g_assert_nonnull (strstr (excluded, "REAL-2025-0004"));
  /* A filter made on one of the names before the merge keeps meaning it. */
  ot_filter_set_company (alias, COMPANY_B, OT_FILTER_INCLUDE);
  ot_test_assert_passing (ds, alias, "REAL-2025-0005");
}

static void
test_search (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(OtSearchIndex) index = NULL;
  const char *queries[] = { ENTITY, COMPANY_A, COMPANY_B, "ningbo global" };

  merge (doc);
  network = ot_network_new (ot_document_get_dataset (doc), NULL, OT_PROJECTION_ENTITIES);
  index = ot_search_index_new (network);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GArray) results = ot_search_index_query (index, queries[q], 0);
      const OtSearchResult *first;

      g_assert_cmpuint (results->len, >, 0);
      first = &g_array_index (results, OtSearchResult, 0);
      g_assert_cmpint (first->kind, ==, OT_SEARCH_VERTEX);
      g_assert_cmpstr (first->title, ==, ENTITY);
      g_assert_cmpstr (first->field, ==, q == 0 ? "label" : "alias");
      /* No result is one of the merged names as a vertex of its own. */
      for (guint r = 0; r < results->len; r++)
        {
          const OtSearchResult *result = &g_array_index (results, OtSearchResult, r);

          if (result->kind == OT_SEARCH_VERTEX)
            {
              g_assert_cmpstr (result->title, !=, COMPANY_A);
              g_assert_cmpstr (result->title, !=, COMPANY_B);
            }
        }
    }
}

static void
test_chart_entity (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtNetwork) network = NULL;
  g_autoptr(GVariant) entity = NULL;
  g_autoptr(GVariant) none = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autoptr(GError) error = NULL;
  const char *name, *alias;
  const OtVertex *e;
  guint n, k = 0;

  merge (doc);
  ot_chart_set_dataset (chart, ot_document_get_dataset (doc));
  ot_chart_set_view (chart, OT_VIEW_NETWORK);
  ot_chart_set_countries_projection (chart, FALSE);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  network = ot_chart_get_network (chart);
  e = company (network, ENTITY);
  g_assert_nonnull (e);

  entity = ot_chart_get_entity (chart, OT_HIT_NODE, e - ot_network_get_vertex (network, 0));
  g_assert_nonnull (entity);
  g_variant_get (entity, "(&sa(su))", &name, &iter);
  g_assert_cmpstr (name, ==, ENTITY);
  while (g_variant_iter_next (iter, "(&su)", &alias, &n))
    {
      /* Sorted: "Ningbo…" before "Vietnam…"; one incident each. */
      g_assert_cmpstr (alias, ==, k == 0 ? COMPANY_B : COMPANY_A);
      g_assert_cmpuint (n, ==, 1);
      k++;
    }
  g_assert_cmpuint (k, ==, 2);

  /* A company that is no entity has none. */
  none = ot_chart_get_entity (chart, OT_HIT_NODE,
                              company (network, "Ningbo Yangshan Import & Export Co., Ltd.") -
                              ot_network_get_vertex (network, 0));
  g_assert_null (none);
}

/* Split, or undo the merge: the network of before, vertex for vertex. */
static void
test_split_and_undo (void)
{
  g_autoptr(OtDocument) doc = sample_document ();
  g_autofree char *before = text_of (ot_document_get_dataset (doc), OT_PROJECTION_ENTITIES);
  g_autofree char *merged = NULL;
  g_autofree char *split = NULL;
  g_autofree char *resplit = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autoptr(GError) error = NULL;

  merge (doc);
  merged = text_of (ot_document_get_dataset (doc), OT_PROJECTION_ENTITIES);
  g_assert_cmpstr (merged, !=, before);

  g_assert_true (ot_document_split_entity (doc, ENTITY, &error));
  g_assert_no_error (error);
  split = text_of (ot_document_get_dataset (doc), OT_PROJECTION_ENTITIES);
  g_assert_cmpstr (split, ==, before);

  g_assert_true (ot_document_undo (doc));   /* the split */
  resplit = text_of (ot_document_get_dataset (doc), OT_PROJECTION_ENTITIES);
  g_assert_cmpstr (resplit, ==, merged);
  g_assert_true (ot_document_undo (doc));   /* the merge */
  undone = text_of (ot_document_get_dataset (doc), OT_PROJECTION_ENTITIES);
  g_assert_cmpstr (undone, ==, before);
  g_assert_true (ot_document_redo (doc));
  redone = text_of (ot_document_get_dataset (doc), OT_PROJECTION_ENTITIES);
  g_assert_cmpstr (redone, ==, merged);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aliases/network", test_network);
  g_test_add_func ("/aliases/facets-and-filter", test_facets_and_filter);
  g_test_add_func ("/aliases/search", test_search);
  g_test_add_func ("/aliases/chart-entity", test_chart_entity);
  g_test_add_func ("/aliases/split-and-undo", test_split_and_undo);
  return g_test_run ();
}
