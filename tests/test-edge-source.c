/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A summary (issue 21, docs/team-store.md "Summary mode"): a dataset
 * that holds no incident and asks an OtEdgeSource for the legs under each
 * filter.  The source here sums the 60 samples in memory, the way a team
 * store's server sums them (tests/test-store.c holds the server to the
 * same), so the summary's networks and charts can be held to those of
 * the incidents themselves. */
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-edge-source.h"
#include "ot-test-summary.h"
#include "ot-timeline-data.h"
#include "ot-frame.h"
#include "ot-scene-private.h"
#include "ot-test-load.h"

/* ---- A source in memory ---------------------------------------------- */

#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource
{
  GObject    parent_instance;
  OtDataset *incidents;
  guint      n_queries;
  guint      n_place_queries;
  guint      n_cell_queries;
  OtFilter  *last_filter;    /* NULL: none given */
  gboolean   fail;
};

static void test_source_iface_init (OtEdgeSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSource, test_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (OT_TYPE_EDGE_SOURCE, test_source_iface_init))

static void
test_source_finalize (GObject *object)
{
  TestSource *self = TEST_SOURCE (object);

  g_clear_object (&self->incidents);
  g_clear_pointer (&self->last_filter, ot_filter_free);
  G_OBJECT_CLASS (test_source_parent_class)->finalize (object);
}

static void
test_source_class_init (TestSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_source_finalize;
}

static void
test_source_init (TestSource *self)
{
}

/* A network's edges as a source gives them. */
static GArray *
country_edges (OtNetwork *network)
{
  GArray *edges = g_array_new (FALSE, TRUE, sizeof (OtCountryEdge));

  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      OtCountryEdge c = { 0 };

      c.from = ot_network_get_vertex (network, edge->from)->country;
      c.to = ot_network_get_vertex (network, edge->to)->country;
      c.mineral = edge->mineral;
      c.n_incidents = edge->n_incidents;
      c.n_with_kg = edge->n_with_kg;
      c.kg = edge->kg;
      c.first_day = edge->first_day;
      c.last_day = edge->last_day;
      memcpy (c.n_status, edge->n_status, sizeof c.n_status);
      c.n_illustrative = edge->n_illustrative;
      c.kg_illustrative = edge->kg_illustrative;
      g_array_append_val (edges, c);
    }
  return edges;
}

static GArray *
test_source_query_edges (OtEdgeSource   *source,
                         const OtFilter *filter,
                         guint          *n_incidents,
                         GCancellable   *cancellable,
                         GError        **error)
{
  TestSource *self = TEST_SOURCE (source);
  g_autoptr(OtNetwork) network = NULL;

  self->n_queries++;
  g_clear_pointer (&self->last_filter, ot_filter_free);
  self->last_filter = filter != NULL ? ot_filter_copy (filter) : NULL;
  if (self->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The server went away");
      return NULL;
    }
  network = ot_network_new (self->incidents, filter, OT_PROJECTION_COUNTRIES);
  if (n_incidents != NULL)
    *n_incidents = ot_network_get_n_included (network);
  return country_edges (network);
}

/* The countries each incident the filter lets through touches, as a
 * store's derived column holds them. */
static GArray *
test_source_query_places (OtEdgeSource   *source,
                          const OtFilter *filter,
                          GCancellable   *cancellable,
                          GError        **error)
{
  TestSource *self = TEST_SOURCE (source);
  g_autofree guint8 *mask = ot_filter_apply (filter, self->incidents, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *places = g_array_new (FALSE, TRUE, sizeof (OtPlaceCount));
  g_autoptr(GList) keys = NULL;

  self->n_place_queries++;
  if (self->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The server went away");
      g_array_unref (places);
      return NULL;
    }
  for (guint i = 0; i < ot_dataset_get_n_incidents (self->incidents); i++)
    {
      const OtIncident *in = ot_dataset_get_incident (self->incidents, i);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      if (!mask[i])
        continue;
      if (OT_COUNTRY_IS_SET (in->origin))
        g_hash_table_add (seen, (gpointer) in->origin.code);
      for (guint h = 0; h < in->n_via; h++)
        if (OT_COUNTRY_IS_SET (in->via[h].country))
          g_hash_table_add (seen, (gpointer) in->via[h].country.code);
      if (OT_COUNTRY_IS_SET (in->destination))
        g_hash_table_add (seen, (gpointer) in->destination.code);
      if (OT_COUNTRY_IS_SET (in->event_country))
        g_hash_table_add (seen, (gpointer) in->event_country.code);
      {
        GHashTableIter iter;
        gpointer code;

        g_hash_table_iter_init (&iter, seen);
        while (g_hash_table_iter_next (&iter, &code, NULL))
          g_hash_table_insert (counts, code,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, code)) + 1));
      }
    }
  keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      OtPlaceCount place = { { "" }, GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)) };

      g_strlcpy (place.country.code, l->data, sizeof place.country.code);
      g_array_append_val (places, place);
    }
  return places;
}

/* One cell per incident (the totals are what matter here), in the
 * dataset's order. */
static GArray *
cells_of (OtDataset *incidents)
{
  GArray *cells = g_array_new (FALSE, TRUE, sizeof (OtSummaryCell));

  for (guint i = 0; i < ot_dataset_get_n_incidents (incidents); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (incidents, i);
      OtSummaryCell cell = { incident->mineral, incident->status, incident->illustrative, -1, 1 };

      /* The store's month key: year × 100 + month, year × 100 alone. */
      if (incident->date.precision == OT_DATE_YEAR)
        cell.month = incident->date.year * 100;
      else if (incident->date.precision != OT_DATE_NONE)
        cell.month = incident->date.year * 100 + incident->date.month;
      g_array_append_val (cells, cell);
    }
  return cells;
}

/* The cells of the incidents the filter lets through. */
static GArray *
test_source_query_cells (OtEdgeSource   *source,
                         const OtFilter *filter,
                         GCancellable   *cancellable,
                         GError        **error)
{
  TestSource *self = TEST_SOURCE (source);
  g_autofree guint8 *mask = ot_filter_apply (filter, self->incidents, NULL);
  g_autoptr(GArray) all = cells_of (self->incidents);
  GArray *cells = g_array_new (FALSE, TRUE, sizeof (OtSummaryCell));

  self->n_cell_queries++;
  for (guint i = 0; i < all->len; i++)
    if (mask[i])
      g_array_append_val (cells, g_array_index (all, OtSummaryCell, i));
  return cells;
}

static void
test_source_iface_init (OtEdgeSourceInterface *iface)
{
  iface->query_edges = test_source_query_edges;
  iface->query_places = test_source_query_places;
  iface->query_cells = test_source_query_cells;
}

/* The samples, and a summary of them. */
static OtDataset *
summary_of (OtDataset   *incidents,
            TestSource **source_out)
{
  TestSource *source = g_object_new (TEST_TYPE_SOURCE, NULL);
  OtDataset *summary = ot_dataset_new ();
  g_autoptr(GArray) cells = cells_of (incidents);
  source->incidents = g_object_ref (incidents);
  ot_dataset_add_file (summary, "alice@db.example.org/smuggling");
  ot_dataset_set_summary (summary, G_OBJECT (source), cells);
  *source_out = source;
  return summary;
}

static OtMineral
mineral (const char *name)
{
  OtMineral m;

  g_assert_true (ot_mineral_parse (name, &m));
  return m;
}

/* ---- The tests --------------------------------------------------------- */

static void
assert_same_edges (OtNetwork *memory,
                   OtNetwork *summary)
{
  g_assert_cmpuint (ot_network_get_n_edges (summary), ==, ot_network_get_n_edges (memory));
  for (guint e = 0; e < ot_network_get_n_edges (memory); e++)
    {
      const OtEdge *m = ot_network_get_edge (memory, e);
      const OtEdge *s = ot_network_get_edge (summary, e);

      g_assert_cmpstr (ot_network_get_vertex (summary, s->from)->key, ==,
                       ot_network_get_vertex (memory, m->from)->key);
      g_assert_cmpstr (ot_network_get_vertex (summary, s->to)->key, ==,
                       ot_network_get_vertex (memory, m->to)->key);
      g_assert_cmpuint (s->mineral, ==, m->mineral);
      g_assert_cmpuint (s->n_incidents, ==, m->n_incidents);
      g_assert_cmpuint (s->n_with_kg, ==, m->n_with_kg);
      g_assert_cmpfloat (s->kg, ==, m->kg);
      g_assert_cmpuint (s->first_day, ==, m->first_day);
      g_assert_cmpuint (s->last_day, ==, m->last_day);
      g_assert_cmpmem (s->n_status, sizeof s->n_status, m->n_status, sizeof m->n_status);
      g_assert_cmpuint (s->n_illustrative, ==, m->n_illustrative);
      g_assert_cmpfloat (s->kg_illustrative, ==, m->kg_illustrative);
      /* No incident is held. */
      {
        guint n = 99;

        ot_network_get_edge_incidents (summary, e, &n);
        g_assert_cmpuint (n, ==, 0);
      }
    }
}

/* The summary's network is the countries network's: the same legs, and
 * places whose kg in and out are the incidents' own. */
static void
test_network (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtNetwork) memory = ot_network_new (incidents, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtNetwork) net = ot_network_new_summarised (summary, NULL, NULL, &error);
  guint32 f0, l0, f1, l1;
  guint n_places = 0;

  g_assert_no_error (error);
  g_assert_nonnull (net);
  g_assert_true (ot_network_is_summarised (net));
  g_assert_false (ot_network_is_summarised (memory));
  g_assert_cmpuint (source->n_queries, ==, 1);
  g_assert_cmpuint (ot_network_get_n_included (net), ==, 60);
  g_assert_cmpuint (ot_network_get_projection (net), ==, OT_PROJECTION_COUNTRIES);
  assert_same_edges (memory, net);
  g_assert_cmpuint (ot_network_get_n_events (net), ==, 0);
  g_assert_cmpuint (ot_network_get_n_illustrative_all (net), ==,
                    ot_network_get_n_illustrative_all (memory));
  g_assert_true (ot_network_get_day_span (net, &f1, &l1));
  g_assert_true (ot_network_get_day_span (memory, &f0, &l0));
  g_assert_cmpuint (f1, >=, f0);
  g_assert_cmpuint (l1, <=, l0);

  /* Every place a leg touches, with the kg of its legs. */
  for (guint v = 0; v < ot_network_get_n_vertices (memory); v++)
    {
      const OtVertex *m = ot_network_get_vertex (memory, v);
      gint w = ot_network_find_vertex (net, m->key);
      const OtVertex *s;
      guint n_out, n_in, n;

      ot_network_get_out_edges (memory, v, &n_out);
      ot_network_get_in_edges (memory, v, &n_in);
      if (n_out + n_in == 0)
        {
          g_assert_cmpint (w, ==, -1);   /* events only */
          continue;
        }
      n_places++;
      g_assert_cmpint (w, >=, 0);
      s = ot_network_get_vertex (net, w);
      g_assert_cmpuint (s->kind, ==, OT_VERTEX_COUNTRY);
      g_assert_cmpstr (s->label, ==, m->label);
      g_assert_cmpstr (s->country.code, ==, m->country.code);
      g_assert_cmpfloat_with_epsilon (s->kg_in, m->kg_in, 1e-9 * MAX (1, m->kg_in));
      g_assert_cmpfloat_with_epsilon (s->kg_out, m->kg_out, 1e-9 * MAX (1, m->kg_out));
      /* Summed over its legs: an incident arriving by two legs counts twice. */
      g_assert_cmpuint (s->n_in, >=, m->n_in);
      g_assert_cmpuint (s->n_out, >=, m->n_out);
      g_assert_cmpuint (s->n_incidents, ==, MAX (s->n_in, s->n_out));
      ot_network_get_vertex_incidents (net, w, &n);
      g_assert_cmpuint (n, ==, 0);
      /* A place only left is an origin, one only reached a destination. */
      if (s->n_in == 0)
        g_assert_cmpuint (s->roles, ==, OT_ROLE_BIT (OT_ROLE_ORIGIN));
      if (s->n_out == 0)
        g_assert_cmpuint (s->roles, ==, OT_ROLE_BIT (OT_ROLE_DESTINATION));
    }
  g_assert_cmpuint (ot_network_get_n_vertices (net), ==, n_places);
  g_assert_cmpuint (n_places, >, 10);

  /* China: the samples' main origin, and nearly nothing arrives. */
  {
    gint cn = ot_network_find_vertex (net, "country:CN");
    OtThroughput t;

    g_assert_cmpint (cn, >=, 0);
    g_assert_cmpuint (ot_network_get_vertex (net, cn)->n_out, >, 10);
    g_assert_true (ot_network_get_vertex (net, cn)->roles & OT_ROLE_BIT (OT_ROLE_ORIGIN));
    ot_network_get_throughput (net, cn, mineral ("antimony"), &t);
    {
      gint m_cn = ot_network_find_vertex (memory, "country:CN");
      OtThroughput tm;

      ot_network_get_throughput (memory, m_cn, mineral ("antimony"), &tm);
      g_assert_cmpfloat (t.kg_out, ==, tm.kg_out);
      g_assert_cmpuint (t.n_out, >=, tm.n_out);
      g_assert_cmpuint (t.n_out, >, 0);
    }
  }
}

/* A filter goes to the source as it is; the places keep their uids. */
static void
test_filter (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtNetwork) whole = ot_network_new_summarised (summary, NULL, NULL, NULL);
  g_autoptr(OtNetwork) antimony = NULL;
  g_autoptr(OtNetwork) memory = NULL;
  g_autoptr(OtNetwork) again = NULL;
  gint cn_whole, cn;

  ot_filter_set_mineral (filter, mineral ("antimony"), TRUE);
  antimony = ot_network_refilter (whole, filter);
  g_assert_true (ot_network_is_summarised (antimony));
  g_assert_cmpuint (source->n_queries, ==, 2);
  g_assert_nonnull (source->last_filter);
  g_assert_true (ot_filter_equal (source->last_filter, filter));
  memory = ot_network_new (incidents, filter, OT_PROJECTION_COUNTRIES);
  g_assert_cmpuint (ot_network_get_n_included (antimony), ==, ot_network_get_n_included (memory));
  g_assert_cmpuint (ot_network_get_n_included (antimony), <, 60);
  g_assert_cmpuint (ot_network_get_n_included (antimony), >, 0);
  assert_same_edges (memory, antimony);
  for (guint e = 0; e < ot_network_get_n_edges (antimony); e++)
    g_assert_cmpuint (ot_network_get_edge (antimony, e)->mineral, ==, mineral ("antimony"));

  cn_whole = ot_network_find_vertex (whole, "country:CN");
  cn = ot_network_find_vertex (antimony, "country:CN");
  g_assert_cmpint (cn, >=, 0);
  g_assert_cmpuint (ot_network_get_vertex (antimony, cn)->uid, ==,
                    ot_network_get_vertex (whole, cn_whole)->uid);
  g_assert_cmpint (ot_network_find_uid (antimony, ot_network_get_vertex (whole, cn_whole)->uid), ==, cn);
  g_assert_cmpuint (ot_network_get_n_uids (antimony), ==, ot_network_get_n_uids (whole));

  /* Back to everything. */
  again = ot_network_refilter (antimony, NULL);
  g_assert_null (source->last_filter);
  assert_same_edges (whole, again);
}

/* A chart of the summary draws the legs of the incidents' countries
 * chart and says where they were summed. */
static void
test_chart (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(GError) error = NULL;

  for (OtViewKind view = 0; view < OT_N_VIEWS; view++)
    {
      g_autoptr(OtChart) chart = ot_chart_new ();
      g_autoptr(OtChart) memory = ot_chart_new ();
      g_autoptr(OtScene) scene = NULL;
      g_autoptr(OtScene) memory_scene = NULL;
      g_autoptr(OtNetwork) network = NULL;

      ot_chart_set_dataset (chart, summary);
      ot_chart_set_view (chart, view);
      ot_chart_set_countries_projection (chart, TRUE);
      g_assert_true (ot_chart_update (chart, NULL, &error));
      g_assert_no_error (error);
      ot_chart_set_dataset (memory, incidents);
      ot_chart_set_view (memory, view);
      ot_chart_set_countries_projection (memory, TRUE);
      g_assert_true (ot_chart_update (memory, NULL, &error));
      g_assert_no_error (error);

      scene = ot_chart_get_scene (chart);
      memory_scene = ot_chart_get_scene (memory);
      g_test_message ("%s: %s | %s", ot_view_kind_name (view), scene->subtitle, scene->source);
      g_assert_nonnull (scene);
      if (!(ot_view_kind_get_capabilities (view) & OT_VIEW_CAP_FROM_LEGS))
        {
          /* The flow diagram follows routes, which a summary lacks. */
          g_assert_nonnull (scene->empty_message);
          g_assert_nonnull (strstr (scene->empty_message, "summary"));
          g_assert_cmpuint (scene->bands->len, ==, 0);
          continue;
        }
      g_assert_null (scene->empty_message);
      g_assert_cmpuint (scene->edges->len + scene->bands->len, >, 0);
      g_assert_cmpuint (scene->edges->len, ==, memory_scene->edges->len);
      g_assert_cmpuint (scene->bands->len, ==, memory_scene->bands->len);
      g_assert_nonnull (strstr (scene->subtitle, "60 of 60 incidents"));
      g_assert_true (g_str_has_prefix (scene->source,
                                       "Source: 60 incidents in the team store "
                                       "alice@db.example.org/smuggling, summed by its server"));
      network = ot_chart_get_network (chart);
      g_assert_true (ot_network_is_summarised (network));

      /* A flow's tooltip and details from the legs' sums: what the
       * incidents give (a flow's incidents are its minerals' summed). */
      if (view == OT_VIEW_NETWORK)
        for (guint e = 0; e < ot_network_get_n_edges (network); e += 3)
          {
            g_autofree char *mine = ot_chart_describe (chart, OT_HIT_EDGE, e);
            g_autofree char *theirs = ot_chart_describe (memory, OT_HIT_EDGE, e);
            g_autoptr(GVariant) details = ot_chart_get_details (chart, NULL, OT_HIT_EDGE, e);
            g_autoptr(GVariant) memory_details = ot_chart_get_details (memory, NULL, OT_HIT_EDGE, e);
            g_autoptr(GVariantIter) rows = NULL;
            g_autoptr(GVariantIter) memory_rows = NULL;
            const char *label, *value, *heading;
            g_autofree char *count = NULL;
            g_autofree char *memory_count = NULL;

            g_assert_cmpstr (mine, ==, theirs);
            g_variant_get (details, "(&sa(ss))", &heading, &rows);
            while (g_variant_iter_next (rows, "(&s&s)", &label, &value))
              if (g_str_equal (label, "Incidents"))
                count = g_strdup (value);
            g_variant_get (memory_details, "(&sa(ss))", &heading, &memory_rows);
            while (g_variant_iter_next (memory_rows, "(&s&s)", &label, &value))
              if (g_str_equal (label, "Incidents"))
                memory_count = g_strdup (value);
            g_assert_nonnull (count);
            g_assert_true (g_str_has_prefix (count, memory_count));
            g_assert_nonnull (strstr (count, "team store"));
          }

      /* A filter change asks the source again. */
      ot_filter_set_mineral (filter, mineral ("gallium"), TRUE);
      ot_chart_set_filter (chart, filter);
      ot_chart_set_filter (memory, filter);
      g_assert_true (ot_chart_update (chart, NULL, &error));
      g_assert_true (ot_chart_update (memory, NULL, &error));
      g_clear_pointer (&scene, ot_scene_unref);
      g_clear_pointer (&memory_scene, ot_scene_unref);
      scene = ot_chart_get_scene (chart);
      memory_scene = ot_chart_get_scene (memory);
      g_assert_true (ot_filter_equal (source->last_filter, filter));
      g_assert_cmpuint (scene->edges->len, ==, memory_scene->edges->len);
      g_assert_cmpuint (scene->bands->len, ==, memory_scene->bands->len);
      g_assert_cmpstr (scene->subtitle, ==, memory_scene->subtitle);
      ot_filter_set_mineral (filter, mineral ("gallium"), FALSE);
    }
}

/* A source that cannot answer: the update fails with its reason and the
 * chart keeps what it drew. */
static void
test_failure (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtScene) before = NULL;
  g_autoptr(OtScene) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtNetwork) net = NULL;
  g_autoptr(OtNetwork) empty = NULL;

  ot_chart_set_dataset (chart, summary);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  before = ot_chart_get_scene (chart);
  source->fail = TRUE;
  ot_filter_set_mineral (filter, mineral ("tungsten"), TRUE);
  ot_chart_set_filter (chart, filter);
  g_assert_false (ot_chart_update (chart, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  after = ot_chart_get_scene (chart);
  g_assert_true (after == before);

  /* Refiltered without an answer: nothing let through, said so. */
  net = ot_chart_get_network (chart);
  empty = ot_network_refilter (net, filter);
  g_assert_cmpuint (ot_network_get_n_edges (empty), ==, 0);
  g_assert_cmpuint (ot_network_get_n_included (empty), ==, 0);
}

static void
test_facets (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtFacets) memory = ot_facets_new (incidents, NULL);
  g_autoptr(OtFacets) facets = ot_facets_new (summary, NULL);
  guint n_illustrative = 0;

  g_assert_cmpuint (ot_dataset_get_n_summarised (summary, &n_illustrative), ==, 60);
  g_assert_cmpuint (ot_dataset_get_n_summarised (incidents, NULL), ==, 0);
  g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_MINERALS), >, 3);
  ot_test_assert_summary_facets (memory, facets);

  ot_filter_set_mineral (filter, mineral ("antimony"), TRUE);
  ot_filter_set_mineral (filter, mineral ("gallium"), TRUE);
  ot_facets_set_filter (memory, filter);
  ot_facets_set_filter (facets, filter);
  ot_test_assert_summary_facets (memory, facets);
  g_assert_cmpuint (ot_facets_get_n_matching (facets), <, 60);

  ot_filter_set_status (filter, OT_STATUS_SEIZED, TRUE);
  ot_facets_set_filter (memory, filter);
  ot_facets_set_filter (facets, filter);
  ot_test_assert_summary_facets (memory, facets);

  ot_filter_set_show_illustrative (filter, FALSE);
  ot_facets_set_filter (memory, filter);
  ot_facets_set_filter (facets, filter);
  ot_test_assert_summary_facets (memory, facets);

  /* A period of whole months: the sums' grain, exact. */
  {
    g_autoptr(GDate) from = g_date_new_dmy (1, G_DATE_JULY, 2023);
    g_autoptr(GDate) to = g_date_new_dmy (31, G_DATE_DECEMBER, 2024);

    ot_filter_set_show_illustrative (filter, TRUE);
    ot_filter_set_period (filter, g_date_get_julian (from), g_date_get_julian (to));
    ot_facets_set_filter (memory, filter);
    ot_facets_set_filter (facets, filter);
    ot_test_assert_summary_facets (memory, facets);
    g_assert_cmpuint (ot_facets_get_n_matching (facets), >, 0);
    ot_filter_set_period (filter, 0, 0);
  }

  /* A copy counts on its own. */
  {
    g_autoptr(OtFacets) copy = ot_facets_copy (facets);

    ot_facets_set_filter (copy, NULL);
    ot_facets_set_filter (memory, NULL);
    ot_test_assert_summary_facets (memory, copy);
  }
}

/* The timeline of a summary: incidents per month from its cells, as
 * the incidents give them; no kg per incident. */
static void
test_histogram (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtFilter) filter = ot_filter_new ();

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(OtHistogram) memory = ot_histogram_new (incidents, filter, OT_HISTOGRAM_INCIDENTS);
      g_autoptr(OtHistogram) mine = ot_histogram_new (summary, filter, OT_HISTOGRAM_INCIDENTS);
      g_autoptr(OtHistogram) kg = ot_histogram_new (summary, filter, OT_HISTOGRAM_KG);
      double total = 0;

      g_assert_cmpuint (ot_histogram_get_n_months (mine), ==, ot_histogram_get_n_months (memory));
      g_assert_cmpint (ot_histogram_get_first_month (mine), ==, ot_histogram_get_first_month (memory));
      g_assert_cmpuint (ot_histogram_get_n_slots (mine), ==, ot_histogram_get_n_slots (memory));
      g_assert_cmpuint (ot_histogram_get_n_undated (mine), ==, ot_histogram_get_n_undated (memory));
      for (guint m = 0; m < ot_histogram_get_n_months (memory); m++)
        {
          g_assert_cmpuint (ot_histogram_get_n_starting (mine, m), ==, ot_histogram_get_n_starting (memory, m));
          g_assert_cmpfloat_with_epsilon (ot_histogram_get_total (mine, m), ot_histogram_get_total (memory, m), 1e-9);
          for (guint slot = 0; slot < ot_histogram_get_n_slots (memory); slot++)
            g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (mine, m, slot),
                                            ot_histogram_get_value (memory, m, slot), 1e-9);
          total += ot_histogram_get_total (mine, m);
          g_assert_cmpfloat (ot_histogram_get_total (kg, m), ==, 0);
        }
      g_assert_cmpfloat (total, >, 0);
      g_assert_cmpfloat_with_epsilon (ot_histogram_get_max_total (mine), ot_histogram_get_max_total (memory), 1e-9);
      if (round == 0)
        ot_filter_set_mineral (filter, mineral ("antimony"), TRUE);
      else
        ot_filter_set_status (filter, OT_STATUS_SEIZED, TRUE);
    }
}

/* The sidebar's countries of a summary: counted by its source for each
 * frame, every incident's and under the rest of the filter, as the
 * incidents' own facets count them; never before the chart. */
static void
test_frame_places (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtFrameCache) cache = ot_frame_cache_new ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(GError) error = NULL;

  ot_chart_set_dataset (chart, summary);
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(OtFrame) frame = NULL;
      g_autoptr(OtFacets) memory = ot_facets_new (incidents, filter);
      OtFacets *facets;
      guint n_counted = 0;

      ot_chart_set_filter (chart, filter);
      g_assert_true (ot_chart_update (chart, NULL, &error));
      g_assert_no_error (error);
      frame = ot_frame_new_from_chart (chart, cache, OT_HISTOGRAM_INCIDENTS);
      facets = ot_frame_get_facets (frame);
      g_assert_nonnull (facets);
      g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_COUNTRIES), ==,
                        ot_facets_get_n_items (memory, OT_FILTER_COUNTRIES));
      for (guint i = 0; i < ot_facets_get_n_items (memory, OT_FILTER_COUNTRIES); i++)
        {
          const OtFacetItem *m = ot_facets_get_item (memory, OT_FILTER_COUNTRIES, i);
          const OtFacetItem *f = ot_facets_get_item (facets, OT_FILTER_COUNTRIES, i);

          /* The same order: by total, then label. */
          g_assert_cmpstr (f->key, ==, m->key);
          g_assert_cmpstr (f->label, ==, m->label);
          g_assert_cmpuint (f->total, ==, m->total);
          g_assert_cmpuint (f->count, ==, m->count);
          n_counted += f->count > 0;
        }
      g_assert_cmpuint (n_counted, >, 0);
      /* The minerals, statuses and illustrative records under the
       * country too (the server's cells of the incidents it lets
       * through), and how many pass. */
      ot_test_assert_cell_facets (memory, facets);
      if (round == 2)
        g_assert_cmpuint (source->n_cell_queries, >, 0);
      if (round == 0)
        ot_filter_set_mineral (filter, mineral ("antimony"), TRUE);
      else
        ot_filter_set_country (filter, "TH", OT_FILTER_INCLUDE);
    }

  /* A source that cannot count them (the server went away after the
   * chart): the frame's other values stay, no country is listed. */
  source->fail = TRUE;
  {
    g_autoptr(OtFrame) frame = ot_frame_new_from_chart (chart, cache, OT_HISTOGRAM_INCIDENTS);
    OtFacets *facets = ot_frame_get_facets (frame);

    g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_MINERALS), >, 0);
    g_assert_cmpuint (ot_facets_get_n_items (facets, OT_FILTER_COUNTRIES), ==, 0);
  }
}

/* A restyle (a selection) of a summary's frame keeps the counts of the
 * frame before: its server is not asked again; a filter change is. */
static void
test_frame_reuse (void)
{
  g_autoptr(OtDataset) incidents = ot_test_load_samples ();
  g_autoptr(TestSource) source = NULL;
  g_autoptr(OtDataset) summary = summary_of (incidents, &source);
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtFrameCache) cache = ot_frame_cache_new ();
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtFrame) counted = NULL;
  g_autoptr(OtFrame) restyled = NULL;
  g_autoptr(OtFrame) reused = NULL;
  g_autoptr(OtFrame) refiltered = NULL;
  g_autoptr(GError) error = NULL;
  guint asked;

  ot_chart_set_dataset (chart, summary);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  counted = ot_frame_new_from_chart (chart, cache, OT_HISTOGRAM_INCIDENTS);
  asked = source->n_place_queries;
  g_assert_cmpuint (asked, >, 0);

  ot_chart_select (chart, OT_HIT_NODE, 0);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  restyled = ot_frame_new_from_chart_parts (chart, NULL, NULL, OT_HISTOGRAM_INCIDENTS);
  g_assert_null (ot_frame_get_facets (restyled));
  reused = ot_frame_reuse_facets (restyled, counted);
  g_assert_nonnull (reused);
  g_assert_cmpuint (source->n_place_queries, ==, asked);
  g_assert_true (ot_frame_get_network (reused) == ot_frame_get_network (restyled));
  g_assert_cmpuint (ot_facets_get_n_matching (ot_frame_get_facets (reused)), ==,
                    ot_facets_get_n_matching (ot_frame_get_facets (counted)));
  g_assert_cmpuint (ot_facets_get_n_items (ot_frame_get_facets (reused), OT_FILTER_COUNTRIES), ==,
                    ot_facets_get_n_items (ot_frame_get_facets (counted), OT_FILTER_COUNTRIES));
  g_assert_null (ot_frame_reuse_facets (counted, counted));   /* counted already */

  ot_filter_set_mineral (filter, mineral ("gallium"), TRUE);
  ot_chart_set_filter (chart, filter);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  refiltered = ot_frame_new_from_chart_parts (chart, NULL, NULL, OT_HISTOGRAM_INCIDENTS);
  g_assert_null (ot_frame_reuse_facets (refiltered, counted));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/edge-source/network", test_network);
  g_test_add_func ("/edge-source/filter", test_filter);
  g_test_add_func ("/edge-source/chart", test_chart);
  g_test_add_func ("/edge-source/failure", test_failure);
  g_test_add_func ("/edge-source/facets", test_facets);
  g_test_add_func ("/edge-source/histogram", test_histogram);
  g_test_add_func ("/edge-source/frame-places", test_frame_places);
  g_test_add_func ("/edge-source/frame-reuse", test_frame_reuse);
  return g_test_run ();
}
