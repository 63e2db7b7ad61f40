/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The team store at scale (issue 21, docs/team-store.md "Scale"): a
 * generated set loaded, uploaded into a store with COPY, optionally
 * repeated in the server to ten times its size (new ids, the same
 * rows), then for each filter the time from the filter to the flows the
 * chart draws: aggregated in the server (ot_store_query_flows ()), and
 * from the same incidents in memory (ot_store_flows_from_dataset (),
 * and ot_filter_apply () + ot_network_refilter (), what the window does
 * after a filter change), and the whole case read back as the window
 * reads it when it opens the store.  Best of 3 runs (one run at TIMES > 1).  Run
 * by build-aux/bench-store:
 *
 *   bench-store ADDRESS CSV [TIMES]
 *
 * With OT_BENCH_STORE_FILLED=1 the store at ADDRESS is measured as it
 * is (filled by an earlier run: the CSV is not read, nothing uploaded,
 * one run of each).  The whole case is read back only up to
 * WHOLE_READ_MAX incidents: above, it would not fit in this machine's
 * memory (about 300 bytes an incident). */
#include <libpq-fe.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>

#include "ot-filter.h"
#include "ot-loader.h"
#include "ot-network.h"
#include "ot-store.h"
#include "ot-store-flows.h"
#include "ot-store-summary.h"
#include "ot-chart.h"

#define WHOLE_READ_MAX 20000000

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
admin (const char *address,
       const char *sql)
{
  PGconn *conn = PQconnectdb (address);
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s", PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

static OtFilter *
make_filter (guint which,
             const char **name)
{
  OtFilter *f = ot_filter_new ();
  OtMineral gallium;
  GDate a, b;

  g_assert_true (ot_mineral_parse ("gallium", &gallium));
  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, 1, 1, 2024);
  g_date_set_dmy (&b, 31, 12, 2024);
  switch (which)
    {
    case 0:
      *name = "no filter (the sums)";
      break;
    case 1:
      *name = "one mineral (gallium; the sums)";
      ot_filter_set_mineral (f, gallium, TRUE);
      break;
    case 2:
      *name = "seized or convicted, 2024 (whole months: the sums)";
      ot_filter_set_status (f, OT_STATUS_SEIZED, TRUE);
      ot_filter_set_status (f, OT_STATUS_CONVICTED, TRUE);
      ot_filter_set_period (f, g_date_get_julian (&a), g_date_get_julian (&b));
      break;
    case 3:
      *name = "touching HK, not US (the routes' sums)";
      ot_filter_set_country (f, "HK", OT_FILTER_INCLUDE);
      ot_filter_set_country (f, "US", OT_FILTER_EXCLUDE);
      break;
    case 4:
      *name = "medium confidence, ≥ 100 kg (every incident)";
      ot_filter_set_confidence (f, OT_CONFIDENCE_MEDIUM, TRUE);
      ot_filter_set_min_kg (f, 100);
      break;
    default:
      *name = "seized, 2024-03-02 – 2024-12-31 (a day: every incident)";
      g_date_set_dmy (&a, 2, 3, 2024);
      ot_filter_set_status (f, OT_STATUS_SEIZED, TRUE);
      ot_filter_set_period (f, g_date_get_julian (&a), g_date_get_julian (&b));
      break;
    }
  return f;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OtStore) store = NULL;
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(OtNetwork) base = NULL;
  guint times;
  guint64 n_store;
  gboolean filled;
  double t;

  setlocale (LC_ALL, "C.UTF-8");
  if (argc < 3)
    {
      g_printerr ("usage: bench-store ADDRESS CSV [TIMES]\n");
      return 2;
    }
  times = argc > 3 ? (guint) atoi (argv[3]) : 1;

  filled = g_strcmp0 (g_getenv ("OT_BENCH_STORE_FILLED"), "1") == 0;
  store = ot_store_connect (argv[1], NULL, &error);
  g_assert_no_error (error);
  if (!filled)
    {
      t = now ();
      file = g_file_new_for_path (argv[2]);
      dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_print ("load %s: %u incidents in %.1f s\n", argv[2], ot_dataset_get_n_incidents (dataset), now () - t);
      n_store = (guint64) times * ot_dataset_get_n_incidents (dataset);

      g_assert_true (ot_store_setup (store, NULL, &error));
      g_assert_no_error (error);
      t = now ();
      g_assert_true (ot_store_upload (store, dataset, NULL, TRUE, NULL, &error));
      g_assert_no_error (error);
      g_print ("upload (COPY, one transaction): %.1f s\n", now () - t);
    }
  else
    {
      /* Measured as it is: one run each, nothing compared with memory. */
      g_print ("the store as an earlier run filled it\n");
      times = 0;
      n_store = G_MAXUINT64;
    }
  if (times > 1)
    {
      g_autofree char *sql = g_strdup_printf (
        "ALTER TABLE oretrace.incidents DISABLE TRIGGER USER;"
        "INSERT INTO oretrace.incidents (id, date, mineral, form, hs_code, quantity_kg, value, currency,"
        " declared_as, concealment, origin, exporter, via, destination, consignee, status, confidence,"
        " reliability, credibility, event_country, event_place, authority, case_ref, illustrative, source,"
        " source_url, notes, file, line, first_date, last_date, month, legs, countries, declared_as_key,"
        " concealment_keys, exporter_key, consignee_key)"
        " SELECT id || '/' || k, date, mineral, form, hs_code, quantity_kg, value, currency,"
        " declared_as, concealment, origin, exporter, via, destination, consignee, status, confidence,"
        " reliability, credibility, event_country, event_place, authority, case_ref, illustrative, source,"
        " source_url, notes, file, line, first_date, last_date, month, legs, countries, declared_as_key,"
        " concealment_keys, exporter_key, consignee_key"
        " FROM oretrace.incidents, generate_series (2, %u) AS k;"
        "ALTER TABLE oretrace.incidents ENABLE TRIGGER USER;"
        "SELECT oretrace.rebuild_flow_sums (), oretrace.rebuild_route_sums ()", times);

      t = now ();
      admin (argv[1], sql);
      g_print ("repeated in the server to %u× (%u incidents): %.1f s\n", times,
               times * ot_dataset_get_n_incidents (dataset), now () - t);
    }
  if (!filled)
    {
      t = now ();
      admin (argv[1], "VACUUM ANALYZE oretrace.incidents");
      g_print ("VACUUM ANALYZE: %.1f s\n", now () - t);
    }
  if (n_store <= WHOLE_READ_MAX)
    {
      /* What the window does when it opens the store (below
       * store-summary-above): the whole case read in one snapshot. */
      g_autoptr(OtStoreCase) store_case = NULL;

      t = now ();
      store_case = ot_store_load (store, NULL, &error);
      g_assert_no_error (error);
      g_print ("the whole case read back (the window's opening): %u incidents in %.1f s\n",
               ot_dataset_get_n_incidents (store_case->dataset), now () - t);
    }
  if (times == 1)
    base = ot_network_new (dataset, NULL, OT_PROJECTION_COUNTRIES);

  g_print ("\n| filter | incidents | flows (leg, mineral, status, month) | server: flows | edges (leg, mineral) |"
           " server: edges | in memory: flows | in memory: filter + network |\n"
           "|---|---|---|---|---|---|---|---|\n");
  for (guint which = 0; which < 6; which++)
    {
      const char *name;
      g_autoptr(OtFilter) filter = make_filter (which, &name);
      double best_server = G_MAXDOUBLE, best_edges = G_MAXDOUBLE, best_flows = G_MAXDOUBLE;
      double best_network = G_MAXDOUBLE;
      guint n_flows = 0, n_incidents = 0, n_edges = 0;

      for (guint rep = 0; rep < (times > 1 ? 1u : 3u); rep++)
        {
          g_autoptr(OtStoreFlows) flows = NULL;

          t = now ();
          flows = ot_store_query_flows (store, filter, NULL, &error);
          g_assert_no_error (error);
          best_server = MIN (best_server, now () - t);
          n_flows = ot_store_flows_get_n_flows (flows);
          n_incidents = ot_store_flows_get_n_incidents (flows);
          {
            g_autoptr(GArray) edges = NULL;
            g_autoptr(GArray) collapsed = ot_store_flows_to_edges (flows);

            t = now ();
            edges = ot_store_query_edges (store, filter, NULL, NULL, &error);
            g_assert_no_error (error);
            best_edges = MIN (best_edges, now () - t);
            n_edges = edges->len;
            if (!ot_store_edges_equal (edges, collapsed))
              g_error ("the server's edges differ from its flows for %s", name);
          }
          if (times == 1)
            {
              g_autoptr(OtStoreFlows) local = NULL;
              g_autoptr(OtNetwork) network = NULL;

              t = now ();
              local = ot_store_flows_from_dataset (dataset, filter);
              best_flows = MIN (best_flows, now () - t);
              if (!ot_store_flows_equal (flows, local))
                g_error ("the server's flows differ from memory's for %s", name);
              t = now ();
              network = ot_network_refilter (base, filter);
              best_network = MIN (best_network, now () - t);
            }
        }
      if (times == 1)
        g_print ("| %s | %u | %u | %.2f s | %u | %.2f s | %.2f s | %.2f s |\n", name, n_incidents, n_flows,
                 best_server, n_edges, best_edges, best_flows, best_network);
      else
        g_print ("| %s | %u | %u | %.2f s | %u | %.2f s | – | – |\n", name, n_incidents, n_flows, best_server,
                 n_edges, best_edges);
    }

  /* The window's summary (docs/team-store.md, "Summary mode"): a store
   * above store-summary-above opens without its incidents, and each
   * filter change asks the server for the chart's legs. */
  {
    g_autoptr(OtDataset) summary = NULL;
    g_autoptr(OtChart) chart = ot_chart_new ();

    t = now ();
    summary = ot_store_summary_dataset_new (store, NULL, &error);
    g_assert_no_error (error);
    g_print ("\nopened as a summary (the window's opening above store-summary-above): %u incidents"
             " counted in %.2f s\n", ot_dataset_get_n_summarised (summary, NULL), now () - t);
    ot_chart_set_dataset (chart, summary);
    t = now ();
    g_assert_true (ot_chart_update (chart, NULL, &error));
    g_assert_no_error (error);
    g_print ("its first chart (network view, the legs asked and laid out): %.2f s\n\n", now () - t);
    /* What its sidebar asks after the chart: the countries every
     * incident touches (once, kept), and under a filter. */
    {
      g_autoptr(GArray) places = NULL;
      g_autoptr(GArray) cells = NULL;
      const char *unused;
      g_autoptr(OtFilter) gallium = make_filter (1, &unused);
      g_autoptr(OtFilter) hk = make_filter (3, &unused);

      t = now ();
      places = ot_store_query_places (store, NULL, NULL, &error);
      g_assert_no_error (error);
      g_print ("its sidebar's countries (%u, the routes' sums): %.2f s\n", places->len, now () - t);
      g_clear_pointer (&places, g_array_unref);
      t = now ();
      places = ot_store_query_places (store, gallium, NULL, &error);
      g_assert_no_error (error);
      g_print ("the countries under one mineral (gallium): %.2f s\n", now () - t);
      t = now ();
      cells = ot_store_query_filtered_cells (store, hk, NULL, &error);
      g_assert_no_error (error);
      g_print ("the sidebar's counts under a country filter (touching HK, not US; %u cells): %.2f s\n\n",
               cells->len, now () - t);
    }
    g_print ("| filter | incidents | summary: filter → chart (edges asked, network, scene) |\n|---|---|---|\n");
    for (guint which = 0; which < 6; which++)
      {
        const char *name;
        g_autoptr(OtFilter) filter = make_filter (which, &name);
        double best = G_MAXDOUBLE;
        g_autoptr(OtNetwork) network = NULL;

        for (guint rep = 0; rep < (times != 1 ? 1u : 3u); rep++)
          {
            /* From another filter each time: a change, as the sidebar makes. */
            ot_chart_set_filter (chart, NULL);
            g_assert_true (ot_chart_update (chart, NULL, &error));
            t = now ();
            ot_chart_set_filter (chart, filter);
            g_assert_true (ot_chart_update (chart, NULL, &error));
            g_assert_no_error (error);
            best = MIN (best, now () - t);
          }
        network = ot_chart_get_network (chart);
        g_print ("| %s | %u | %.2f s |\n", name, ot_network_get_n_included (network), best);
      }
  }
  return 0;
}
