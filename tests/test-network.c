/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hand-checked small networks, one per rule of docs/network.md. */
#include "ot-analysis.h"
#include "ot-error.h"
#include "ot-generator.h"
#include "ot-network.h"
#include "ot-network-private.h"
#include "ot-test-load.h"
#include "ot-test-util.h"

static const OtVertex *
vertex (OtNetwork  *net,
        const char *key)
{
  gint v = ot_network_find_vertex (net, key);

  if (v < 0)
    g_error ("no vertex %s", key);
  return ot_network_get_vertex (net, v);
}

static const OtEdge *
edge (OtNetwork  *net,
      const char *from,
      const char *to,
      const char *mineral)
{
  OtMineral m = OT_MINERAL_NONE;
  gint e;

  if (mineral)
    g_assert_true (ot_mineral_parse (mineral, &m));
  e = ot_network_find_edge (net, ot_network_find_vertex (net, from),
                            ot_network_find_vertex (net, to), m);
  if (e < 0)
    g_error ("no edge %s -> %s (%s)", from, to, mineral);
  return ot_network_get_edge (net, e);
}

static gboolean
has_edge (OtNetwork  *net,
          const char *from,
          const char *to)
{
  gint f = ot_network_find_vertex (net, from), t = ot_network_find_vertex (net, to);

  for (guint e = 0; f >= 0 && t >= 0 && e < ot_network_get_n_edges (net); e++)
    if (ot_network_get_edge (net, e)->from == (guint) f && ot_network_get_edge (net, e)->to == (guint) t)
      return TRUE;
  return FALSE;
}

static void
test_entities_full_path (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  const OtVertex *v;

  ot_test_add (ds, "A", "antimony", "seized", 100, "2025-03-01",
               "CN", "ACME  Metals", "TH:Laem Chabang", "Buyer Inc", "US");
  net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);

  g_assert_cmpuint (ot_network_get_n_vertices (net), ==, 5);
  g_assert_cmpuint (ot_network_get_n_edges (net), ==, 4);
  g_assert_cmpuint (ot_network_count_kind (net, OT_VERTEX_COMPANY), ==, 2);
  g_assert_cmpuint (ot_network_count_kind (net, OT_VERTEX_HUB), ==, 1);
  g_assert_cmpuint (ot_network_count_kind (net, OT_VERTEX_COUNTRY), ==, 2);
  /* Sorted by key. */
  g_assert_cmpstr (ot_network_get_vertex (net, 0)->key, ==, "company:acme metals");
  g_assert_cmpstr (ot_network_get_vertex (net, 4)->key, ==, "hub:TH:laem chabang");

  v = vertex (net, "company:acme metals");
  g_assert_cmpstr (v->label, ==, "ACME Metals");
  g_assert_cmpstr (v->country.code, ==, "CN");
  g_assert_cmpuint (v->roles, ==, OT_ROLE_BIT (OT_ROLE_EXPORTER));
  v = vertex (net, "company:buyer inc");
  g_assert_cmpstr (v->country.code, ==, "US");
  g_assert_cmpuint (v->roles, ==, OT_ROLE_BIT (OT_ROLE_CONSIGNEE));
  v = vertex (net, "hub:TH:laem chabang");
  g_assert_cmpint (v->kind, ==, OT_VERTEX_HUB);
  g_assert_cmpstr (v->country.code, ==, "TH");
  g_assert_cmpstr (v->label, ==, "Laem Chabang");
  g_assert_cmpuint (v->roles, ==, OT_ROLE_BIT (OT_ROLE_HUB));
  g_assert_cmpuint (vertex (net, "country:CN")->roles, ==, OT_ROLE_BIT (OT_ROLE_ORIGIN));
  g_assert_cmpuint (vertex (net, "country:US")->roles, ==, OT_ROLE_BIT (OT_ROLE_DESTINATION));

  g_assert_true (has_edge (net, "country:CN", "company:acme metals"));
  g_assert_true (has_edge (net, "company:acme metals", "hub:TH:laem chabang"));
  g_assert_true (has_edge (net, "hub:TH:laem chabang", "company:buyer inc"));
  g_assert_true (has_edge (net, "company:buyer inc", "country:US"));
  g_assert_false (has_edge (net, "country:CN", "country:US"));
  g_assert_cmpfloat (edge (net, "country:CN", "company:acme metals", "antimony")->kg, ==, 100);
  g_assert_cmpuint (ot_network_get_n_events (net), ==, 0);
}

static void
test_via_without_port (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  const OtVertex *th;

  ot_test_add (ds, "A", "gallium", NULL, NAN, NULL, "CN", NULL, "TH", NULL, "US");
  ot_test_add (ds, "B", "gallium", NULL, NAN, NULL, "TH", NULL, NULL, NULL, "JP");
  net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);

  /* The country vertex TH is a hub on A's route and an origin on B's. */
  g_assert_cmpuint (ot_network_get_n_vertices (net), ==, 4);
  g_assert_cmpuint (ot_network_count_kind (net, OT_VERTEX_HUB), ==, 0);
  th = vertex (net, "country:TH");
  g_assert_cmpuint (th->roles, ==, OT_ROLE_BIT (OT_ROLE_HUB) | OT_ROLE_BIT (OT_ROLE_ORIGIN));
  g_assert_cmpuint (th->n_role[OT_ROLE_HUB], ==, 1);
  g_assert_cmpuint (th->n_incidents, ==, 2);
  g_assert_true (has_edge (net, "country:CN", "country:TH"));
  g_assert_true (has_edge (net, "country:TH", "country:US"));
  g_assert_true (has_edge (net, "country:TH", "country:JP"));
  g_assert_cmpuint (ot_network_get_n_edges (net), ==, 3);
}

static void
test_missing_parties (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;

  /* No exporter: origin goes straight to the consignee. */
  ot_test_add (ds, "A", "tungsten", NULL, 5, NULL, "CN", NULL, NULL, "Front Co", "MX");
  /* No origin, no destination: exporter to hub. */
  ot_test_add (ds, "B", "tungsten", NULL, 7, NULL, NULL, "Shell Ltd", "VN:Hai Phong", NULL, NULL);
  net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);

  g_assert_true (has_edge (net, "country:CN", "company:front co"));
  g_assert_true (has_edge (net, "company:front co", "country:MX"));
  g_assert_true (has_edge (net, "company:shell ltd", "hub:VN:hai phong"));
  g_assert_cmpuint (ot_network_get_n_edges (net), ==, 3);
  /* A company never seen with a country has none. */
  g_assert_false (OT_COUNTRY_IS_SET (vertex (net, "company:shell ltd")->country));
  g_assert_cmpstr (vertex (net, "company:front co")->country.code, ==, "MX");
}

static void
test_repeated_hubs (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  const OtEdge *e;

  /* The same port twice in a row (spelled differently) is one stop: the
   * self-leg is dropped.  TH again after MY is a real return. */
  ot_test_add (ds, "A", "antimony", NULL, 10, NULL, "CN", NULL,
               "TH:Laem Chabang,TH:LAEM  chabang,MY,TH:Laem Chabang,TH:Laem Chabang", NULL, "US");
  net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);

  g_assert_cmpuint (ot_network_get_n_vertices (net), ==, 4);
  g_assert_cmpuint (ot_network_get_n_edges (net), ==, 4);
  g_assert_true (has_edge (net, "country:CN", "hub:TH:laem chabang"));
  g_assert_true (has_edge (net, "hub:TH:laem chabang", "country:MY"));
  g_assert_true (has_edge (net, "country:MY", "hub:TH:laem chabang"));
  g_assert_true (has_edge (net, "hub:TH:laem chabang", "country:US"));
  g_assert_false (has_edge (net, "hub:TH:laem chabang", "hub:TH:laem chabang"));
  e = edge (net, "hub:TH:laem chabang", "country:MY", "antimony");
  g_assert_cmpuint (e->n_incidents, ==, 1);
  /* The hub counts the incident once. */
  g_assert_cmpuint (vertex (net, "hub:TH:laem chabang")->n_incidents, ==, 1);
  g_assert_cmpuint (vertex (net, "hub:TH:laem chabang")->n_in, ==, 1);
  g_assert_cmpfloat (vertex (net, "hub:TH:laem chabang")->kg_in, ==, 20);
}

static void
test_countries_projection (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  const OtEdge *e;

  ot_test_add (ds, "A", "antimony", "seized", 100, "2025-03", "CN", "ACME", "TH:Laem Chabang", "Buyer", "US");
  ot_test_add (ds, "B", "antimony", "alleged", 50, "2024", "CN", "ACME", "TH", NULL, "US");
  /* The exporter is seen in CN twice and in HK once: it counts as CN. */
  ot_test_add (ds, "C", "gallium", NULL, NAN, NULL, "HK", "acme", NULL, NULL, "KR");
  /* A company without a country disappears from the countries path. */
  ot_test_add (ds, "D", "gallium", NULL, 1, NULL, NULL, "Ghost", "SG", NULL, "KR");
  net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);

  g_assert_cmpuint (ot_network_count_kind (net, OT_VERTEX_COMPANY), ==, 0);
  g_assert_cmpuint (ot_network_count_kind (net, OT_VERTEX_HUB), ==, 0);
  g_assert_cmpuint (ot_network_get_n_vertices (net), ==, 6);  /* CN HK KR SG TH US */
  e = edge (net, "country:CN", "country:TH", "antimony");
  g_assert_cmpuint (e->n_incidents, ==, 2);
  g_assert_cmpfloat (e->kg, ==, 150);
  g_assert_cmpuint (e->n_status[OT_STATUS_SEIZED], ==, 1);
  g_assert_cmpuint (e->n_status[OT_STATUS_ALLEGED], ==, 1);
  {
    OtDate d2024 = { 2024, 1, 1, OT_DATE_DAY }, d2025 = { 2025, 3, 31, OT_DATE_DAY };

    g_assert_cmpuint (e->first_day, ==, ot_date_first_day (&d2024));
    g_assert_cmpuint (e->last_day, ==, ot_date_last_day (&d2025));
  }
  e = edge (net, "country:TH", "country:US", "antimony");
  g_assert_cmpuint (e->n_incidents, ==, 2);
  /* C: HK -> acme (CN) -> KR. */
  g_assert_true (has_edge (net, "country:HK", "country:CN"));
  g_assert_true (has_edge (net, "country:CN", "country:KR"));
  /* D: Ghost dropped, SG -> KR. */
  g_assert_true (has_edge (net, "country:SG", "country:KR"));
  /* CN is origin and stands in for the exporter ACME. */
  g_assert_cmpuint (vertex (net, "country:CN")->roles & OT_ROLE_BIT (OT_ROLE_EXPORTER), !=, 0);
  g_assert_cmpuint (vertex (net, "country:TH")->roles, ==, OT_ROLE_BIT (OT_ROLE_HUB));
  g_assert_cmpuint (ot_network_get_n_edges (net), ==, 5);
}

/* A company seen as often in one country as in another counts as the
 * alphabetically first; each company on its own. */
static void
test_countries_tie (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;

  /* Tie Co: once in MX (exporter), once in KR (consignee): KR. */
  ot_test_add (ds, "E1", "tungsten", NULL, NAN, NULL, "MX", "Tie Co", NULL, NULL, "US");
  ot_test_add (ds, "E2", "tungsten", NULL, NAN, NULL, "CN", NULL, NULL, "Tie Co", "KR");
  /* Zeta: in ZA twice, in AE once: ZA, though AE sorts first. */
  ot_test_add (ds, "E3", "gallium", NULL, NAN, NULL, "ZA", "Zeta", NULL, NULL, "JP");
  ot_test_add (ds, "E4", "gallium", NULL, NAN, NULL, "ZA", "Zeta", NULL, NULL, "JP");
  ot_test_add (ds, "E5", "gallium", NULL, NAN, NULL, "AE", "Zeta", NULL, NULL, "DE");
  net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);

  /* E1: MX -> Tie Co (KR) -> US; as MX it would be MX -> US. */
  g_assert_true (has_edge (net, "country:MX", "country:KR"));
  g_assert_true (has_edge (net, "country:KR", "country:US"));
  g_assert_false (has_edge (net, "country:MX", "country:US"));
  /* E5: AE -> Zeta (ZA) -> DE. */
  g_assert_true (has_edge (net, "country:AE", "country:ZA"));
  g_assert_true (has_edge (net, "country:ZA", "country:DE"));
  g_assert_false (has_edge (net, "country:AE", "country:DE"));
}

static void
test_one_place_event (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  g_autoptr(OtNetwork) countries = NULL;
  const OtEvent *event;
  OtIncident extra = { 0 };

  ot_test_add (ds, "A", "gallium", "seized", NAN, "2024", "CN", NULL, NULL, NULL, NULL);
  ot_test_add (ds, "B", "gallium", "seized", 1, "2024", "CN", "Local Co", NULL, NULL, "CN");
  extra.id = ot_dataset_store (ds, "C");
  extra.quantity_kg = 25000;
  extra.mineral = OT_MINERAL_NONE;
  g_strlcpy (extra.event_country.code, "HK", 3);
  extra.event_place = ot_dataset_store (ds, "Lok Ma Chau");
  g_assert_true (ot_dataset_add (ds, &extra));

  net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
  /* B has two places in the entities projection: CN -> Local Co -> CN. */
  g_assert_cmpuint (ot_network_get_n_edges (net), ==, 2);
  g_assert_cmpuint (ot_network_get_n_events (net), ==, 2);
  event = ot_network_get_event (net, 0);
  g_assert_cmpuint (event->incident, ==, 0);
  g_assert_cmpint (event->vertex, ==, ot_network_find_vertex (net, "country:CN"));
  g_assert_cmpstr (event->country.code, ==, "CN");
  event = ot_network_get_event (net, 1);
  g_assert_cmpuint (event->incident, ==, 2);
  g_assert_cmpint (event->vertex, ==, -1);
  g_assert_cmpstr (event->country.code, ==, "HK");
  g_assert_cmpstr (event->place, ==, "Lok Ma Chau");
  g_assert_cmpuint (vertex (net, "country:CN")->n_incidents, ==, 2);

  /* In the countries projection B collapses to CN: an event too. */
  countries = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  g_assert_cmpuint (ot_network_get_n_edges (countries), ==, 0);
  g_assert_cmpuint (ot_network_get_n_events (countries), ==, 3);
  g_assert_cmpuint (ot_network_get_n_vertices (countries), ==, 1);
}

/* Every edge's numbers recomputed from its incidents in the dataset. */
static void
check_totals (OtNetwork *net)
{
  OtDataset *ds = ot_network_get_dataset (net);
  const guint8 *mask = ot_network_get_mask (net, NULL);
  guint sum_vertex_lists = 0, sum_places = 0;

  for (guint e = 0; e < ot_network_get_n_edges (net); e++)
    {
      const OtEdge *edge_info = ot_network_get_edge (net, e);
      guint n;
      const guint *ids = ot_network_get_edge_incidents (net, e, &n);
      double kg = 0;
      guint statuses = 0;

      g_assert_cmpuint (n, ==, edge_info->n_incidents);
      for (guint k = 0; k < n; k++)
        {
          const OtIncident *incident = ot_dataset_get_incident (ds, ids[k]);

          g_assert_true (mask[ids[k]]);
          g_assert_cmpuint (incident->mineral, ==, edge_info->mineral);
          if (k > 0)
            g_assert_cmpuint (ids[k - 1], <, ids[k]);
          if (!isnan (incident->quantity_kg))
            kg += incident->quantity_kg;
        }
      for (guint s = 0; s < OT_N_STATUS; s++)
        statuses += edge_info->n_status[s];
      g_assert_cmpfloat_with_epsilon (kg, edge_info->kg, 1e-9);
      g_assert_cmpuint (statuses, ==, n);
    }
  for (guint v = 0; v < ot_network_get_n_vertices (net); v++)
    {
      guint n;

      ot_network_get_vertex_incidents (net, v, &n);
      g_assert_cmpuint (n, ==, ot_network_get_vertex (net, v)->n_incidents);
      g_assert_cmpuint (n, >, 0);
      sum_vertex_lists += n;
    }
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      if (mask[i])
        sum_places += OT_COUNTRY_IS_SET (incident->origin) + OT_COUNTRY_IS_SET (incident->destination);
    }
  /* In the test data below every place is a distinct country. */
  g_assert_cmpuint (sum_vertex_lists, ==, sum_places);
}

static OtDataset *
make_mixed (void)
{
  OtDataset *ds = ot_dataset_new ();

  ot_test_add (ds, "1", "antimony", "seized", 1000, "2024-09-10", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "2", "antimony", "alleged", NAN, "2025-02", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "3", "gallium", "convicted", 30, "2025-05-01", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "4", "gallium", "seized", 12.5, "2023", "TH", NULL, NULL, NULL, "US");
  ot_test_add (ds, "5", "germanium", "reported", 400, "2025-07-15", "CN", NULL, NULL, NULL, "MX");
  ot_test_add (ds, "6", "germanium", "seized", 100, "2025-08-01", "MX", NULL, NULL, NULL, "US");
  ot_test_add (ds, "7", "antimony", "seized", 250, NULL, "TH", NULL, NULL, NULL, "US");
  return ds;
}

static void
test_aggregation_totals (void)
{
  g_autoptr(OtDataset) ds = make_mixed ();
  g_autoptr(OtNetwork) net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  const OtEdge *e;
  OtThroughput t;

  check_totals (net);
  g_assert_cmpuint (ot_network_get_n_edges (net), ==, 6);
  e = edge (net, "country:CN", "country:TH", "antimony");
  g_assert_cmpuint (e->n_incidents, ==, 2);
  g_assert_cmpuint (e->n_with_kg, ==, 1);
  g_assert_cmpfloat (e->kg, ==, 1000);

  ot_network_get_throughput (net, ot_network_find_vertex (net, "country:TH"),
                             OT_NETWORK_ALL_MINERALS, &t);
  g_assert_cmpfloat (t.kg_in, ==, 1030);
  g_assert_cmpfloat (t.kg_out, ==, 262.5);
  g_assert_cmpuint (t.n_in, ==, 3);
  g_assert_cmpuint (t.n_out, ==, 2);
  {
    OtMineral ga;

    g_assert_true (ot_mineral_parse ("gallium", &ga));
    ot_network_get_throughput (net, ot_network_find_vertex (net, "country:TH"), ga, &t);
    g_assert_cmpfloat (t.kg_in, ==, 30);
    g_assert_cmpfloat (t.kg_out, ==, 12.5);
    g_assert_cmpuint (t.n_in, ==, 1);
    g_assert_cmpuint (t.n_out, ==, 1);
  }
  {
    g_autoptr(GArray) nb = ot_network_get_neighbours (net, ot_network_find_vertex (net, "country:US"));

    g_assert_cmpuint (nb->len, ==, 2);  /* MX, TH */
    g_assert_cmpstr (ot_network_get_vertex (net, g_array_index (nb, guint, 0))->key, ==, "country:MX");
  }
}

static void
test_transshipment (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  const OtVertex *th, *hub;

  ot_test_add (ds, "1", "antimony", NULL, 100, NULL, "CN", NULL, "TH", NULL, "US");
  ot_test_add (ds, "2", "antimony", NULL, 50, NULL, "TH", NULL, NULL, NULL, "US");
  ot_test_add (ds, "3", "antimony", NULL, 30, NULL, "CN", NULL, "TH:Bangkok", "Thai Co", "TH");
  net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);

  th = vertex (net, "country:TH");
  g_assert_cmpfloat (th->kg_out, ==, 150);
  g_assert_cmpfloat (th->kg_transshipped, ==, 100);
  g_assert_cmpfloat_with_epsilon (th->transshipment, 2.0 / 3.0, 1e-12);
  /* Bangkok got it from CN and passed it on to a Thai company. */
  hub = vertex (net, "hub:TH:bangkok");
  g_assert_cmpfloat (hub->transshipment, ==, 1.0);
  /* The Thai company got it from a Thai hub: not transshipped. */
  g_assert_cmpfloat (vertex (net, "company:thai co")->kg_out, ==, 30);
  g_assert_cmpfloat (vertex (net, "company:thai co")->transshipment, ==, 0);
  g_assert_cmpfloat (vertex (net, "country:US")->transshipment, ==, 0);
}

/* Two networks of one dataset are the same: every vertex, edge,
 * incident list and event, field by field. */
static void
assert_same_network (OtNetwork *a,
                     OtNetwork *b)
{
  guint32 a0, a1, b0, b1;

  g_assert_cmpuint (ot_network_get_n_included (a), ==, ot_network_get_n_included (b));
  g_assert_cmpuint (ot_network_get_n_illustrative_all (a), ==, ot_network_get_n_illustrative_all (b));
  g_assert_cmpint (ot_network_get_day_span (a, &a0, &a1), ==, ot_network_get_day_span (b, &b0, &b1));
  g_assert_cmpuint (a0, ==, b0);
  g_assert_cmpuint (a1, ==, b1);
  g_assert_cmpuint (ot_network_get_n_vertices (a), ==, ot_network_get_n_vertices (b));
  for (guint v = 0; v < ot_network_get_n_vertices (a); v++)
    {
      OtVertex x = *ot_network_get_vertex (a, v), y = *ot_network_get_vertex (b, v);
      guint nx, ny;
      const guint *ix = ot_network_get_vertex_incidents (a, v, &nx);
      const guint *iy = ot_network_get_vertex_incidents (b, v, &ny);

      g_assert_cmpstr (x.key, ==, y.key);
      g_assert_cmpstr (x.label, ==, y.label);
      g_assert_cmpstr (x.entity, ==, y.entity);
      x.key = y.key = x.label = y.label = x.entity = y.entity = NULL;
      g_assert_true (memcmp (&x, &y, sizeof x) == 0);
      g_assert_cmpuint (nx, ==, ny);
      g_assert_true (nx == 0 || memcmp (ix, iy, nx * sizeof (guint)) == 0);
    }
  g_assert_cmpuint (ot_network_get_n_edges (a), ==, ot_network_get_n_edges (b));
  for (guint e = 0; e < ot_network_get_n_edges (a); e++)
    {
      guint nx, ny;
      const guint *ix = ot_network_get_edge_incidents (a, e, &nx);
      const guint *iy = ot_network_get_edge_incidents (b, e, &ny);

      g_assert_true (memcmp (ot_network_get_edge (a, e), ot_network_get_edge (b, e), sizeof (OtEdge)) == 0);
      g_assert_cmpuint (nx, ==, ny);
      g_assert_true (nx == 0 || memcmp (ix, iy, nx * sizeof (guint)) == 0);
    }
  g_assert_cmpuint (ot_network_get_n_events (a), ==, ot_network_get_n_events (b));
  for (guint k = 0; k < ot_network_get_n_events (a); k++)
    {
      const OtEvent *x = ot_network_get_event (a, k), *y = ot_network_get_event (b, k);

      /* Field by field: an event's padding is not set. */
      g_assert_cmpuint (x->incident, ==, y->incident);
      g_assert_cmpint (x->vertex, ==, y->vertex);
      g_assert_cmpstr (x->country.code, ==, y->country.code);
      g_assert_true (x->place == y->place);
    }
}

static void
test_refilter (void)
{
  g_autoptr(OtDataset) ds = make_mixed ();
  g_autoptr(OtNetwork) all = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(OtNetwork) ga = NULL;
  g_autoptr(OtNetwork) back = NULL;
  g_autoptr(OtNetwork) fresh = NULL;
  g_autoptr(OtFilter) filter = ot_filter_new ();
  OtMineral m;
  guint32 th_uid = vertex (all, "country:TH")->uid;

  g_assert_true (ot_mineral_parse ("gallium", &m));
  ot_filter_set_mineral (filter, m, TRUE);
  ga = ot_network_refilter (all, filter);
  g_assert_cmpuint (ot_network_get_n_included (ga), ==, 2);
  g_assert_cmpuint (ot_network_get_n_edges (ga), ==, 2);
  g_assert_cmpuint (ot_network_get_n_vertices (ga), ==, 3);  /* CN TH US */
  g_assert_cmpint (ot_network_find_vertex (ga, "country:MX"), ==, -1);
  g_assert_cmpuint (vertex (ga, "country:TH")->uid, ==, th_uid);
  g_assert_cmpint (ot_network_find_uid (ga, th_uid), ==, ot_network_find_vertex (ga, "country:TH"));
  g_assert_cmpuint (ot_network_get_n_uids (ga), ==, ot_network_get_n_uids (all));
  g_assert_cmpuint (ot_network_get_n_uids (all), ==, ot_network_get_n_vertices (all));
  g_assert_cmpint (ot_network_find_uid (ga, vertex (all, "country:MX")->uid), ==, -1);
  check_totals (ga);

  /* Seized in 2025 or later, at least 50 kg. */
  ot_filter_set_mineral (filter, m, FALSE);
  ot_filter_set_status (filter, OT_STATUS_SEIZED, TRUE);
  {
    OtDate d = { 2025, 1, 1, OT_DATE_DAY };

    ot_filter_set_period (filter, ot_date_first_day (&d), 0);
  }
  ot_filter_set_min_kg (filter, 50);
  back = ot_network_refilter (ga, filter);
  g_assert_cmpuint (ot_network_get_n_included (back), ==, 1);  /* incident 6 */
  g_assert_true (has_edge (back, "country:MX", "country:US"));
  g_clear_pointer (&back, ot_network_unref);

  back = ot_network_refilter (ga, NULL);
  assert_same_network (back, all);

  /* Determinism: a second build from scratch gives the same network. */
  fresh = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  assert_same_network (fresh, all);
}

static void
test_filter_matches (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtFilter) f = ot_filter_new ();
  g_autofree guint8 *mask = NULL;
  OtDate june1 = { 2024, 6, 1, OT_DATE_DAY }, june30 = { 2024, 6, 30, OT_DATE_DAY };
  guint n;

  ot_test_add (ds, "year", "antimony", "seized", 10, "2024", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "may", "antimony", "seized", 10, "2024-05", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "day", "antimony", "seized", NAN, "2024-06-15", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "undated", "antimony", "seized", 10, NULL, "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "alleged", "antimony", "alleged", 10, "2024-06-02", "CN", NULL, NULL, NULL, "TH");

  g_assert_true (ot_filter_is_empty (f));
  mask = ot_filter_apply (f, ds, &n);
  g_assert_cmpuint (n, ==, 5);
  g_clear_pointer (&mask, g_free);

  /* June 2024: the year-only date overlaps it, May does not, undated is out. */
  ot_filter_set_period (f, ot_date_first_day (&june1), ot_date_last_day (&june30));
  g_assert_false (ot_filter_is_empty (f));
  mask = ot_filter_apply (f, ds, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (mask[0]);
  g_assert_false (mask[1]);
  g_assert_true (mask[2]);
  g_assert_false (mask[3]);
  g_assert_true (mask[4]);
  g_clear_pointer (&mask, g_free);

  /* A minimum quantity drops the record without one; a status set drops
   * the alleged one. */
  ot_filter_set_min_kg (f, 5);
  ot_filter_set_status (f, OT_STATUS_SEIZED, TRUE);
  mask = ot_filter_apply (f, ds, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (mask[0]);
  {
    g_autoptr(OtFilter) copy = ot_filter_copy (f);

    g_assert_true (ot_filter_equal (copy, f));
    ot_filter_set_status (copy, OT_STATUS_SEIZED, FALSE);
    g_assert_false (ot_filter_equal (copy, f));
  }
}

static void
test_filter_from_strings (void)
{
  const char *minerals[] = { "Sb", "gallium", NULL };
  const char *bad[] = { "kryptonite", NULL };
  g_autoptr(OtFilter) f = NULL;
  g_autoptr(GError) error = NULL;
  guint32 from, to;
  OtMineral sb, ge;

  f = ot_filter_new_from_strings (minerals, NULL, "2024", "2025-02", &error);
  g_assert_no_error (error);
  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("germanium", &ge));
  g_assert_true (ot_filter_includes_mineral (f, sb));
  g_assert_false (ot_filter_includes_mineral (f, ge));
  ot_filter_get_period (f, &from, &to);
  g_assert_cmpuint (to - from, ==, 366 + 31 + 28 - 1);
  g_clear_pointer (&f, ot_filter_free);

  f = ot_filter_new_from_strings (bad, NULL, NULL, NULL, &error);
  g_assert_null (f);
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_clear_error (&error);
  f = ot_filter_new_from_strings (NULL, NULL, "2025", "2024", &error);
  g_assert_null (f);
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
}

static OtDataset *
make_routes (void)
{
  OtDataset *ds = ot_dataset_new ();

  ot_test_add (ds, "1", "antimony", NULL, 1000, NULL, "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "2", "antimony", NULL, 250, NULL, "TH", NULL, NULL, NULL, "US");
  ot_test_add (ds, "3", "gallium", NULL, 400, NULL, "CN", NULL, NULL, NULL, "MX");
  ot_test_add (ds, "4", "gallium", NULL, 100, NULL, "MX", NULL, NULL, NULL, "US");
  ot_test_add (ds, "5", "gallium", NULL, 10, NULL, "CN", NULL, NULL, NULL, "KR");
  ot_test_add (ds, "6", "gallium", NULL, 10, NULL, "KR", NULL, NULL, NULL, "US");
  ot_test_add (ds, "7", "antimony", NULL, 5, NULL, "CN", NULL, "TH", NULL, "US");
  return ds;
}

static guint
v_of (OtNetwork  *net,
      const char *key)
{
  gint v = ot_network_find_vertex (net, key);

  g_assert_cmpint (v, >=, 0);
  return v;
}

static void
test_analysis_rankings (void)
{
  g_autoptr(OtDataset) ds = make_routes ();
  g_autoptr(OtNetwork) net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(OtAnalysis) a = NULL;
  g_autoptr(OtAnalysis) b = NULL;
  g_autoptr(GArray) top = NULL;
  g_autoptr(GError) error = NULL;
  double sum = 0;

  a = ot_analysis_new (net, NULL, &error);
  g_assert_no_error (error);
  /* CN reaches US through TH, MX and KR alike: each carries 1/3 of the
   * one pair whose shortest paths pass through a middle vertex. */
  g_assert_cmpfloat_with_epsilon (ot_analysis_get_score (a, v_of (net, "country:TH"), OT_RANK_BETWEENNESS), 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (ot_analysis_get_score (a, v_of (net, "country:MX"), OT_RANK_BETWEENNESS), 1.0 / 3, 1e-12);
  g_assert_cmpfloat (ot_analysis_get_score (a, v_of (net, "country:CN"), OT_RANK_BETWEENNESS), ==, 0);

  /* Ties by key: KR < MX < TH. */
  top = ot_analysis_rank (a, OT_RANK_BETWEENNESS, 3);
  g_assert_cmpuint (top->len, ==, 3);
  g_assert_cmpstr (ot_network_get_vertex (net, g_array_index (top, guint, 0))->key, ==, "country:KR");
  g_assert_cmpstr (ot_network_get_vertex (net, g_array_index (top, guint, 2))->key, ==, "country:TH");
  g_clear_pointer (&top, g_array_unref);

  /* Throughput: max (kg in, kg out).  CN sends 1415; TH takes in 1005. */
  top = ot_analysis_rank (a, OT_RANK_THROUGHPUT, 0);
  g_assert_cmpuint (top->len, ==, 5);
  g_assert_cmpstr (ot_network_get_vertex (net, g_array_index (top, guint, 0))->key, ==, "country:CN");
  g_assert_cmpfloat (ot_analysis_get_score (a, g_array_index (top, guint, 0), OT_RANK_THROUGHPUT), ==, 1415);
  g_assert_cmpstr (ot_network_get_vertex (net, g_array_index (top, guint, 1))->key, ==, "country:TH");

  for (guint v = 0; v < ot_network_get_n_vertices (net); v++)
    sum += ot_analysis_get_score (a, v, OT_RANK_PAGERANK);
  g_assert_cmpfloat_with_epsilon (sum, 1, 1e-9);
  /* US, where everything ends, ranks first by PageRank. */
  g_clear_pointer (&top, g_array_unref);
  top = ot_analysis_rank (a, OT_RANK_PAGERANK, 1);
  g_assert_cmpstr (ot_network_get_vertex (net, g_array_index (top, guint, 0))->key, ==, "country:US");

  /* Determinism: the same numbers again. */
  b = ot_analysis_new (net, NULL, &error);
  for (guint v = 0; v < ot_network_get_n_vertices (net); v++)
    for (guint r = 0; r < OT_N_RANKS; r++)
      g_assert_cmpfloat (ot_analysis_get_score (a, v, r), ==, ot_analysis_get_score (b, v, r));
  for (guint v = 0; v < ot_network_get_n_vertices (net); v++)
    g_assert_cmpuint (ot_analysis_get_community (a, v), ==, ot_analysis_get_community (b, v));
}

static void
test_analysis_cycle_pagerank (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  g_autoptr(OtAnalysis) a = NULL;

  /* A symmetric cycle of equal flows: PageRank 1/4 each. */
  ot_test_add (ds, "1", "tungsten", NULL, 10, NULL, "AA", NULL, NULL, NULL, "BB");
  ot_test_add (ds, "2", "tungsten", NULL, 10, NULL, "BB", NULL, NULL, NULL, "CC");
  ot_test_add (ds, "3", "tungsten", NULL, 10, NULL, "CC", NULL, NULL, NULL, "DD");
  ot_test_add (ds, "4", "tungsten", NULL, 10, NULL, "DD", NULL, NULL, NULL, "AA");
  net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  a = ot_analysis_new (net, NULL, NULL);
  for (guint v = 0; v < 4; v++)
    g_assert_cmpfloat_with_epsilon (ot_analysis_get_score (a, v, OT_RANK_PAGERANK), 0.25, 1e-9);
}

static void
test_analysis_communities (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) net = NULL;
  g_autoptr(OtAnalysis) a = NULL;
  const guint *members;
  guint n;

  /* Two rings of heavy flows, one light link between them. */
  ot_test_add (ds, "1", "antimony", NULL, 500, NULL, "CN", NULL, "VN", NULL, "TH");
  ot_test_add (ds, "2", "antimony", NULL, 500, NULL, "TH", NULL, NULL, NULL, "CN");
  ot_test_add (ds, "3", "gallium", NULL, 500, NULL, "MX", NULL, "US", NULL, "CA");
  ot_test_add (ds, "4", "gallium", NULL, 500, NULL, "CA", NULL, NULL, NULL, "MX");
  ot_test_add (ds, "5", "gallium", NULL, 1, NULL, "TH", NULL, NULL, NULL, "MX");
  net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  a = ot_analysis_new (net, NULL, NULL);

  g_assert_cmpuint (ot_analysis_get_n_communities (a), ==, 2);
  /* Equal sizes: the ring with the first key (CA) first. */
  members = ot_analysis_get_community_members (a, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (ot_network_get_vertex (net, members[0])->key, ==, "country:CA");
  g_assert_cmpstr (ot_network_get_vertex (net, members[1])->key, ==, "country:MX");
  g_assert_cmpstr (ot_network_get_vertex (net, members[2])->key, ==, "country:US");
  members = ot_analysis_get_community_members (a, 1, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (ot_network_get_vertex (net, members[0])->key, ==, "country:CN");
}

static void
test_analysis_routes (void)
{
  g_autoptr(OtDataset) ds = make_routes ();
  g_autoptr(OtNetwork) net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(OtAnalysis) a = ot_analysis_new (net, NULL, NULL);
  g_autoptr(GPtrArray) routes = NULL;
  g_autoptr(OtRoute) best = NULL;
  g_autoptr(GError) error = NULL;
  guint cn = v_of (net, "country:CN"), us = v_of (net, "country:US");
  const OtRoute *r;

  routes = ot_analysis_find_routes (a, cn, us, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (routes->len, ==, 3);
  r = g_ptr_array_index (routes, 0);
  g_assert_cmpuint (r->n_vertices, ==, 3);
  g_assert_cmpuint (r->vertices[1], ==, v_of (net, "country:KR"));
  g_assert_cmpfloat (r->kg_min, ==, 10);

  /* CN -> TH carries 1005 kg, TH -> US 255 kg (both minerals merged). */
  best = ot_analysis_heaviest_route (a, cn, us, 3, NULL, &error);
  g_assert_nonnull (best);
  g_assert_cmpuint (best->vertices[1], ==, v_of (net, "country:TH"));
  g_assert_cmpfloat (best->kg_min, ==, 255);
  g_assert_cmpfloat (best->kg_total, ==, 1260);
  g_clear_pointer (&best, ot_route_free);

  /* No way back from US. */
  best = ot_analysis_heaviest_route (a, us, cn, 3, NULL, &error);
  g_assert_null (best);
  g_assert_no_error (error);
}

static void
test_analysis_degenerate (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtNetwork) empty = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
  g_autoptr(OtAnalysis) a = NULL;
  g_autoptr(OtNetwork) events = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (ot_network_get_n_vertices (empty), ==, 0);
  a = ot_analysis_new (empty, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_analysis_get_n_communities (a), ==, 0);
  g_clear_pointer (&a, ot_analysis_unref);

  /* Only events: vertices, no links. */
  ot_test_add (ds, "1", "gallium", NULL, 5, NULL, "CN", NULL, NULL, NULL, NULL);
  ot_test_add (ds, "2", "gallium", NULL, 5, NULL, NULL, NULL, NULL, NULL, "US");
  events = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
  a = ot_analysis_new (events, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_network_get_n_edges (events), ==, 0);
  g_assert_cmpuint (ot_analysis_get_n_communities (a), ==, 2);
  g_assert_cmpfloat_with_epsilon (ot_analysis_get_score (a, 0, OT_RANK_PAGERANK), 0.5, 1e-9);
  g_assert_cmpfloat (ot_analysis_get_score (a, 0, OT_RANK_THROUGHPUT), ==, 0);
}

static void
test_analysis_cancelled (void)
{
  g_autoptr(OtDataset) ds = make_routes ();
  g_autoptr(OtNetwork) net = ot_network_new (ds, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  OtAnalysis *a;

  g_cancellable_cancel (cancellable);
  a = ot_analysis_new (net, cancellable, &error);
  g_assert_null (a);
  g_assert_error (error, OT_ERROR, OT_ERROR_CANCELLED);
}

/* A big dataset's network is worked out by two threads (issue 20): the
 * same network as one thread's, in both projections, unfiltered and
 * refiltered, on generated incidents and on the samples (aliases too). */
static void
test_two_threads (void)
{
  g_autoptr(GBytes) csv = ot_generator_to_bytes (11, 3000, OT_FORMAT_CSV);
  g_autoptr(OtDataset) generated = ot_test_load_len ("generated.csv", g_bytes_get_data (csv, NULL),
                                                      g_bytes_get_size (csv));
  g_autoptr(OtDataset) samples = ot_test_load_samples ();
  OtDataset *datasets[] = { generated, samples };
  g_autoptr(OtFilter) gallium = ot_filter_new ();
  OtMineral ga;
  guint saved = ot_network_parallel_min;

  g_assert_true (ot_mineral_parse ("gallium", &ga));
  ot_filter_set_mineral (gallium, ga, TRUE);
  g_assert_cmpuint (ot_dataset_get_n_incidents (generated), ==, 3000);
  for (guint d = 0; d < G_N_ELEMENTS (datasets); d++)
    for (OtProjection projection = OT_PROJECTION_ENTITIES; projection <= OT_PROJECTION_COUNTRIES; projection++)
      {
        g_autoptr(OtNetwork) one = NULL, two = NULL, one_ga = NULL, two_ga = NULL;

        ot_network_parallel_min = G_MAXUINT;
        one = ot_network_new (datasets[d], NULL, projection);
        one_ga = ot_network_refilter (one, gallium);
        ot_network_parallel_min = 2;
        two = ot_network_new (datasets[d], NULL, projection);
        two_ga = ot_network_refilter (two, gallium);
        ot_network_parallel_min = saved;
        g_assert_cmpuint (ot_network_get_n_edges (one), >, 10);
        assert_same_network (one, two);
        assert_same_network (one_ga, two_ga);
        g_assert_cmpuint (ot_network_get_n_included (two_ga), <, ot_network_get_n_included (two));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/network/entities/full-path", test_entities_full_path);
  g_test_add_func ("/network/entities/via-without-port", test_via_without_port);
  g_test_add_func ("/network/entities/missing-parties", test_missing_parties);
  g_test_add_func ("/network/entities/repeated-hubs", test_repeated_hubs);
  g_test_add_func ("/network/countries/projection", test_countries_projection);
  g_test_add_func ("/network/countries/tie", test_countries_tie);
  g_test_add_func ("/network/events/one-place", test_one_place_event);
  g_test_add_func ("/network/aggregation/totals", test_aggregation_totals);
  g_test_add_func ("/network/transshipment", test_transshipment);
  g_test_add_func ("/network/refilter", test_refilter);
  g_test_add_func ("/network/two-threads", test_two_threads);
  g_test_add_func ("/filter/matches", test_filter_matches);
  g_test_add_func ("/filter/from-strings", test_filter_from_strings);
  g_test_add_func ("/analysis/rankings", test_analysis_rankings);
  g_test_add_func ("/analysis/cycle-pagerank", test_analysis_cycle_pagerank);
  g_test_add_func ("/analysis/communities", test_analysis_communities);
  g_test_add_func ("/analysis/routes", test_analysis_routes);
  g_test_add_func ("/analysis/degenerate", test_analysis_degenerate);
  g_test_add_func ("/analysis/cancelled", test_analysis_cancelled);

  return g_test_run ();
}
