/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search: vertices by label and country name, incidents by id, declared-as
 * label, company and source text; ranking; several words; no match. */
#include <math.h>
#include <string.h>

#include "ot-search.h"
#include "ot-test-load.h"
#include "ot-test-util.h"

static OtNetwork *
make_network (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  OtIncident incident;

  ot_test_add (ds, "CMI-2025-0002", "bismuth", "detained", 600, "2025-03-18", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "ILL-0007", "antimony", "seized", 100, "2025-05", "CN", "Tin Star Trading", "MX", NULL, "US");
  ot_test_add (ds, "ILL-0008", "gallium", "alleged", NAN, "2024", "CN", NULL, "TH:Laem Chabang", "Thai Metals Co", "US");
  /* Declared-as and source are not in the helper: set them on a copy. */
  incident = *ot_dataset_get_incident (ds, 0);
  incident.id = ot_dataset_store (ds, "CMI-2025-0009");
  incident.declared_as = ot_dataset_intern (ds, "Low-temperature solder paste");
  incident.source = ot_dataset_store (ds, "Jiemian News, \"Nanning Customs clarification\" (2025-05-19)");
  g_assert_true (ot_dataset_add (ds, &incident));
  return ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
}

static GArray *
query (OtSearchIndex *index,
       const char    *text)
{
  return ot_search_index_query (index, text, 0);
}

static const OtSearchResult *
result (GArray *results,
        guint   i)
{
  g_assert_cmpuint (i, <, results->len);
  return &g_array_index (results, OtSearchResult, i);
}

static void
test_search_ids_and_text (void)
{
  g_autoptr(OtNetwork) network = make_network ();
  g_autoptr(OtSearchIndex) index = ot_search_index_new (network);
  g_autoptr(GArray) by_id = query (index, "ill-0007");
  g_autoptr(GArray) by_prefix = query (index, "CMI-2025");
  g_autoptr(GArray) declared = query (index, "SOLDER paste");
  g_autoptr(GArray) source = query (index, "nanning");
  g_autoptr(GArray) both_words = query (index, "  solder   jiemian ");
  g_autoptr(GArray) none = query (index, "solder mexico");
  g_autoptr(GArray) blank = query (index, "   ");

  g_assert_cmpuint (by_id->len, ==, 1);
  g_assert_cmpint (result (by_id, 0)->kind, ==, OT_SEARCH_INCIDENT);
  g_assert_cmpuint (result (by_id, 0)->index, ==, 1);
  g_assert_cmpstr (result (by_id, 0)->field, ==, "id");

  g_assert_cmpuint (by_prefix->len, ==, 2);
  g_assert_cmpstr (result (by_prefix, 0)->title, ==, "CMI-2025-0002");

  g_assert_cmpuint (declared->len, ==, 1);
  g_assert_cmpstr (result (declared, 0)->title, ==, "CMI-2025-0009");
  g_assert_cmpstr (result (declared, 0)->field, ==, "declared_as");
  g_assert_cmpuint (source->len, ==, 1);
  g_assert_cmpstr (result (source, 0)->field, ==, "source");
  g_assert_cmpuint (both_words->len, ==, 1);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
}

/* Ports on routes, event places, authorities and notes are found, also in
 * the countries projection, which draws no port (issue 16).  The
 * researched records name no port on a route: the ports are the demo's. */
static void
test_search_routes_and_places (void)
{
  g_autoptr(OtDataset) demo = ot_test_load_demo ();
  g_autoptr(OtNetwork) demo_network = ot_network_new (demo, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(OtSearchIndex) demo_index = ot_search_index_new (demo_network);
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autoptr(OtNetwork) network = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(OtSearchIndex) index = ot_search_index_new (network);
  g_autoptr(GArray) port = query (demo_index, "laem chabang");
  g_autoptr(GArray) place = query (demo_index, "Houston");
  g_autoptr(GArray) real_place = query (index, "gua musang");
  g_autoptr(GArray) region = query (index, "pangwa");
  gboolean found_ill_0001 = FALSE;

  g_assert_cmpuint (port->len, >=, 2);
  for (guint i = 0; i < port->len; i++)
    {
      g_assert_cmpint (result (port, i)->kind, ==, OT_SEARCH_INCIDENT);
      found_ill_0001 |= g_strcmp0 (result (port, i)->title, "ILL-0001") == 0;
    }
  g_assert_true (found_ill_0001);
  g_assert_cmpstr (result (port, 0)->field, ==, "via");
  g_assert_cmpuint (place->len, >=, 1);
  g_assert_cmpstr (result (place, 0)->field, ==, "event_place");
  /* The raid on an illegal mine in Kelantan; the Kachin mining hub. */
  g_assert_cmpuint (real_place->len, ==, 1);
  g_assert_cmpstr (result (real_place, 0)->title, ==, "REAL-2024-0005");
  g_assert_cmpstr (result (real_place, 0)->field, ==, "event_place");
  g_assert_cmpuint (region->len, >=, 1);
  g_assert_cmpstr (result (region, 0)->title, ==, "CMI-2023-0002");
}

static void
test_search_vertices (void)
{
  g_autoptr(OtNetwork) network = make_network ();
  g_autoptr(OtSearchIndex) index = ot_search_index_new (network);
  g_autoptr(GArray) thai = query (index, "thai");
  g_autoptr(GArray) port = query (index, "chabang");
  g_autoptr(GArray) limited = ot_search_index_query (index, "a", 2);
  const OtVertex *v;

  /* "Thailand" (a country) and "Thai Metals Co" (a company) start with
   * the word; names weigh more than an incident's consignee field. */
  g_assert_cmpuint (thai->len, ==, 3);
  g_assert_cmpint (result (thai, 0)->kind, ==, OT_SEARCH_VERTEX);
  g_assert_cmpint (result (thai, 1)->kind, ==, OT_SEARCH_VERTEX);
  g_assert_cmpint (result (thai, 2)->kind, ==, OT_SEARCH_INCIDENT);
  g_assert_cmpstr (result (thai, 2)->title, ==, "ILL-0008");
  g_assert_cmpstr (result (thai, 2)->field, ==, "consignee");
  v = ot_network_get_vertex (network, result (port, 0)->index);
  g_assert_cmpint (v->kind, ==, OT_VERTEX_HUB);
  g_assert_cmpstr (v->label, ==, "Laem Chabang");
  g_assert_cmpuint (limited->len, ==, 2);

  /* A whole-field match ranks above a prefix one. */
  {
    g_autoptr(GArray) us = query (index, "united states");
    g_assert_cmpuint (us->len, >=, 1);
    v = ot_network_get_vertex (network, result (us, 0)->index);
    g_assert_cmpstr (v->country.code, ==, "US");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/ids-and-text", test_search_ids_and_text);
  g_test_add_func ("/search/vertices", test_search_vertices);
  g_test_add_func ("/search/routes-and-places", test_search_routes_and_places);

  return g_test_run ();
}
