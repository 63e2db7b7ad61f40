/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the built `oretrace --summary --json` on the sample set and checks
 * the documented shape (docs/network.md), its numbers against the core,
 * and that two runs print the same.  Usage: test-summary ORETRACE. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "ot-analysis.h"
#include "ot-case.h"
#include "ot-document.h"
#include "ot-generator.h"
#include "ot-loader.h"
#include "ot-workspace.h"

static const char *oretrace;
static char *sample;
static char *last_err;   /* stderr of the last run () */

static char *
run (int          expected_status,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status;
  va_list ap;

  g_ptr_array_add (argv, (char *) oretrace);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL) || expected_status != 0)
    {
      g_assert_true (WIFEXITED (status));
      if (WEXITSTATUS (status) != expected_status)
        g_error ("exit %d, expected %d; stderr: %s", WEXITSTATUS (status), expected_status, err);
    }
  g_free (last_err);
  last_err = g_steal_pointer (&err);
  return g_steal_pointer (&out);
}

static JsonObject *
parse (const char *text,
       JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static gint64
member_int (JsonObject *o,
            const char *object,
            const char *name)
{
  JsonObject *inner = json_object_get_object_member (o, object);

  g_assert_nonnull (inner);
  g_assert_true (json_object_has_member (inner, name));
  return json_object_get_int_member (inner, name);
}

/* Each top list: at most 10, ranks 1.., scores positive and not rising,
 * each vertex with the documented fields. */
static void
check_top (JsonObject *root,
           const char *name,
           gboolean    throughput)
{
  JsonArray *top = json_object_get_array_member (root, name);
  double last = G_MAXDOUBLE;

  g_assert_nonnull (top);
  g_assert_cmpuint (json_array_get_length (top), >, 0);
  g_assert_cmpuint (json_array_get_length (top), <=, 10);
  for (guint k = 0; k < json_array_get_length (top); k++)
    {
      JsonObject *v = json_array_get_object_element (top, k);
      double score = json_object_get_double_member (v, "score");

      g_assert_cmpint (json_object_get_int_member (v, "rank"), ==, k + 1);
      g_assert_nonnull (json_object_get_string_member (v, "key"));
      g_assert_nonnull (json_object_get_string_member (v, "label"));
      g_assert_nonnull (json_object_get_string_member (v, "kind"));
      g_assert_true (json_object_has_member (v, "country"));
      g_assert_cmpfloat (score, >, 0);
      g_assert_cmpfloat (score, <=, last);
      last = score;
      if (throughput)
        {
          g_assert_cmpfloat (score, ==, MAX (json_object_get_double_member (v, "kg_in"),
                                             json_object_get_double_member (v, "kg_out")));
          g_assert_true (json_object_has_member (v, "incidents_in"));
          g_assert_true (json_object_has_member (v, "incidents_out"));
          g_assert_true (json_object_has_member (v, "transshipment"));
        }
    }
}

static void
test_summary_entities (void)
{
  g_autofree char *out = run (0, "--summary", "--json", "--projection", "entities", sample, NULL);
  g_autofree char *again = run (0, "--summary", "--json", "--projection", "entities", sample, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse (out, parser);
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(OtDataset) ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, NULL);
  g_autoptr(OtNetwork) net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
  g_autoptr(OtAnalysis) analysis = ot_analysis_new (net, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *minerals, *communities;
  gint64 sum = 0;

  /* The same input prints the same bytes. */
  g_assert_cmpstr (out, ==, again);

  g_assert_cmpint (json_object_get_int_member (root, "format"), ==, 4);
  /* 60 incidents: exact betweenness (format 4). */
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (root, "betweenness"),
                                                 "exact"));
  g_assert_true (json_object_get_null_member (json_object_get_object_member (root, "betweenness"),
                                              "sources"));
  /* No trade statistics: "trade" is null (format 3). */
  g_assert_true (json_object_has_member (root, "trade"));
  g_assert_true (json_node_is_null (json_object_get_member (root, "trade")));
  g_assert_cmpstr (json_object_get_string_member (root, "projection"), ==, "entities");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "files")), ==, 1);
  g_assert_nonnull (json_object_get_object_member (root, "filter"));
  g_assert_cmpint (member_int (root, "incidents", "loaded"), ==, ot_dataset_get_n_incidents (ds));
  g_assert_cmpint (member_int (root, "incidents", "loaded"), >, 0);
  g_assert_cmpint (member_int (root, "incidents", "rejected"), ==, 0);
  g_assert_cmpint (member_int (root, "incidents", "included"), ==, ot_dataset_get_n_incidents (ds));
  g_assert_cmpint (member_int (root, "incidents", "events"), ==, ot_network_get_n_events (net));
  g_assert_cmpint (member_int (root, "incidents", "on_edges") + member_int (root, "incidents", "events"),
                   ==, member_int (root, "incidents", "included"));
  g_assert_cmpint (member_int (root, "vertices", "total"), ==, ot_network_get_n_vertices (net));
  g_assert_cmpint (member_int (root, "vertices", "country") + member_int (root, "vertices", "company") +
                   member_int (root, "vertices", "hub"), ==, member_int (root, "vertices", "total"));
  g_assert_cmpint (member_int (root, "vertices", "company"), >, 0);
  g_assert_cmpint (json_object_get_int_member (root, "edges"), ==, ot_network_get_n_edges (net));

  minerals = json_object_get_array_member (root, "minerals");
  for (guint k = 0; k < json_array_get_length (minerals); k++)
    {
      JsonObject *m = json_array_get_object_element (minerals, k);

      g_assert_nonnull (json_object_get_string_member (m, "mineral"));
      g_assert_true (json_object_has_member (m, "kg"));
      g_assert_true (json_object_has_member (m, "with_quantity"));
      g_assert_true (json_object_has_member (m, "edges"));
      sum += json_object_get_int_member (m, "incidents");
    }
  g_assert_cmpint (sum, ==, member_int (root, "incidents", "included"));

  check_top (root, "top_betweenness", FALSE);
  check_top (root, "top_throughput", TRUE);
  {
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (root, "top_betweenness"), 0);
    g_autoptr(GArray) rank = ot_analysis_rank (analysis, OT_RANK_BETWEENNESS, 1);

    g_assert_cmpstr (json_object_get_string_member (first, "key"), ==,
                     ot_network_get_vertex (net, g_array_index (rank, guint, 0))->key);
  }

  /* Communities: at least two members each, no vertex in two. */
  communities = json_object_get_array_member (root, "communities");
  g_assert_cmpuint (json_array_get_length (communities), >, 0);
  for (guint c = 0; c < json_array_get_length (communities); c++)
    {
      JsonObject *ring = json_array_get_object_element (communities, c);
      JsonArray *members = json_object_get_array_member (ring, "members");

      g_assert_cmpint (json_object_get_int_member (ring, "id"), ==, c);
      g_assert_cmpint (json_object_get_int_member (ring, "size"), ==, json_array_get_length (members));
      g_assert_cmpuint (json_array_get_length (members), >=, 2);
      for (guint k = 0; k < json_array_get_length (members); k++)
        {
          const char *key = json_array_get_string_element (members, k);

          g_assert_cmpint (ot_network_find_vertex (net, key), >=, 0);
          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, (gpointer) key);
        }
    }
}

static void
test_summary_countries_filtered (void)
{
  g_autofree char *out = run (0, "--summary", "--json", "--projection", "countries",
                              "--mineral", "antimony", "--from", "2025", sample, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse (out, parser);
  JsonArray *minerals = json_object_get_array_member (root, "minerals");
  JsonObject *filter = json_object_get_object_member (root, "filter");

  g_assert_cmpstr (json_object_get_string_member (root, "projection"), ==, "countries");
  g_assert_cmpint (member_int (root, "vertices", "company"), ==, 0);
  g_assert_cmpint (member_int (root, "vertices", "hub"), ==, 0);
  g_assert_cmpuint (json_array_get_length (minerals), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (minerals, 0), "mineral"),
                   ==, "antimony");
  g_assert_cmpstr (json_object_get_string_member (filter, "from"), ==, "2025");
  g_assert_true (json_object_get_null_member (filter, "to"));
  g_assert_cmpint (member_int (root, "incidents", "included"), <, member_int (root, "incidents", "loaded"));
}

/* Without --projection the command starts where the window does. */
static void
test_summary_default_projection (void)
{
  g_autofree char *out = run (0, "--summary", "--json", sample, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse (out, parser);
  g_autoptr(OtWorkspace) workspace = ot_workspace_new ();

  g_assert_cmpstr (json_object_get_string_member (root, "projection"), ==,
                   ot_projection_name (ot_workspace_get_projection (workspace)));
  g_assert_cmpstr (json_object_get_string_member (root, "projection"), ==, "countries");
  g_assert_cmpint (member_int (root, "vertices", "company"), ==, 0);
}

static void
test_summary_bad_options (void)
{
  g_free (run (2, "--summary", "--projection", "ports", sample, NULL));
  g_free (run (2, "--summary", "--mineral", "kryptonite", sample, NULL));
  g_free (run (2, "--summary", "--from", "yesterday", sample, NULL));
}

/* Bad rows: still a summary of the good ones, status 1. */
static void
test_summary_rejected_rows (void)
{
  g_autofree char *bad = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "tests", "data",
                                           "bad-incidents.csv", NULL);
  g_autofree char *out = run (1, "--summary", "--json", bad, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse (out, parser);

  g_assert_cmpint (member_int (root, "incidents", "rejected"), ==, 2);
  g_assert_cmpint (member_int (root, "incidents", "loaded"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (root, "edges"), >, 0);
}

/* A filter nothing passes: the summary (all zeros, valid JSON) is still
 * printed, stderr says why it is empty and with which filter, status 1. */
static void
test_summary_empty_match (void)
{
  g_autofree char *out = run (1, "--summary", "--json", "--mineral", "gallium",
                              "--from", "1990", "--to", "1990", sample, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse (out, parser);
  g_autofree char *text = NULL;

  g_assert_cmpint (member_int (root, "incidents", "included"), ==, 0);
  g_assert_cmpint (member_int (root, "incidents", "loaded"), ==, 60);
  g_assert_cmpint (json_object_get_int_member (root, "edges"), ==, 0);
  g_assert_nonnull (strstr (last_err, "No incident matches the filters: Gallium"));
  g_assert_nonnull (strstr (last_err, "(0 of 60 incidents)"));

  text = run (1, "--summary", "--status", "convicted", "--from", "1990", "--to", "1990", sample, NULL);
  g_assert_nonnull (strstr (text, "Incidents: 60 loaded, 0 rejected, 0 included"));
  g_assert_nonnull (strstr (last_err, "No incident matches the filters"));

  /* A filter with matches prints nothing on stderr. */
  g_free (run (0, "--summary", "--mineral", "gallium", sample, NULL));
  g_assert_cmpstr (last_err, ==, "");
}

static void
test_summary_text (void)
{
  g_autofree char *out = run (0, "--summary", sample, NULL);

  g_assert_nonnull (strstr (out, "Edges: "));
  g_assert_nonnull (strstr (out, "China"));
}

/* Above the limit of exact betweenness (here lowered to 0 through
 * OT_BETWEENNESS_EXACT_WORK, on 2,000 generated incidents with more
 * vertices than sources) the summary says it is an estimate and from how
 * many sources, in text and JSON; the scores are the core's estimate. */
static void
test_summary_estimated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-summary-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "generated.csv", NULL);
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (7, 2000, OT_FORMAT_CSV);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *title = NULL;
  g_autofree char *lc_all = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(OtDataset) ds = NULL;
  g_autoptr(OtNetwork) net = NULL;
  g_autoptr(OtAnalysis) estimate = NULL;
  g_autoptr(GArray) rank = NULL;
  JsonObject *root, *betweenness, *first;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &error));
  ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  net = ot_network_new (ds, NULL, OT_PROJECTION_ENTITIES);
  g_assert_cmpuint (ot_network_get_n_vertices (net), >, OT_ANALYSIS_SOURCES);
  estimate = ot_analysis_new_full (net, 0, OT_ANALYSIS_SOURCES, NULL, &error);
  g_assert_no_error (error);
  rank = ot_analysis_rank (estimate, OT_RANK_BETWEENNESS, 1);

  /* Below the limit (the default for 2,000 incidents): exact. */
  exact = run (0, "--summary", "--projection", "entities", path, NULL);
  g_assert_null (strstr (exact, "estimated"));
  g_assert_null (strstr (exact, "≈"));

  g_setenv ("OT_BETWEENNESS_EXACT_WORK", "0", TRUE);
  json = run (0, "--summary", "--json", "--projection", "entities", path, NULL);
  /* A UTF-8 terminal, where "≈" is not written as "?". */
  lc_all = g_strdup (g_getenv ("LC_ALL"));
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  text = run (0, "--summary", "--projection", "entities", path, NULL);
  if (lc_all != NULL)
    g_setenv ("LC_ALL", lc_all, TRUE);
  else
    g_unsetenv ("LC_ALL");
  g_unsetenv ("OT_BETWEENNESS_EXACT_WORK");

  root = parse (json, parser);
  betweenness = json_object_get_object_member (root, "betweenness");
  g_assert_false (json_object_get_boolean_member (betweenness, "exact"));
  g_assert_cmpint (json_object_get_int_member (betweenness, "sources"), ==, OT_ANALYSIS_SOURCES);
  check_top (root, "top_betweenness", FALSE);
  first = json_array_get_object_element (json_object_get_array_member (root, "top_betweenness"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "key"), ==,
                   ot_network_get_vertex (net, g_array_index (rank, guint, 0))->key);
  g_assert_cmpfloat (json_object_get_double_member (first, "score"), ==,
                     ot_analysis_get_score (estimate, g_array_index (rank, guint, 0),
                                            OT_RANK_BETWEENNESS));

  title = g_strdup_printf ("Top by betweenness (estimated from %u of %u vertices as sources)",
                           OT_ANALYSIS_SOURCES, ot_network_get_n_vertices (net));
  g_assert_nonnull (strstr (text, title));
  g_assert_nonnull (strstr (text, "≈"));

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* A case's merged companies (issue 17) are one company, as in the
 * window: the sample saved as a case with two exporters merged. */
static void
test_summary_case_aliases (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) loaded = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_autoptr(OtDocument) document = NULL;
  g_autoptr(OtCaseTables) tables = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-summary-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "merged.oretrace", NULL);
  g_autofree char *out = NULL;
  const char *names[] = { "Vietnam Rare Earth JSC (VTRE)", "Ningbo Global Magnet Co., Ltd." };

  g_assert_no_error (error);
  document = ot_document_new (loaded);
  g_assert_true (ot_document_merge_companies (document, names, 2, "Merged Test Entity", &error));
  tables = ot_document_dup_tables (document);
  g_assert_true (ot_case_save (ot_document_get_dataset (document), tables, path, NULL, &error));
  g_assert_no_error (error);

  out = run (0, "--summary", "--projection", "entities", path, NULL);
  g_assert_nonnull (strstr (out, "Vertices: 28 (20 countries, 8 companies, 0 hubs)"));
  g_assert_nonnull (strstr (out, "Merged Test Entity"));
  g_assert_null (strstr (out, names[0]));
  g_assert_null (strstr (out, names[1]));
  g_clear_pointer (&out, g_free);
  /* The same file without the case's tables: nine companies. */
  out = run (0, "--summary", "--projection", "entities", sample, NULL);
  g_assert_nonnull (strstr (out, "Vertices: 29 (20 countries, 9 companies, 0 hubs)"));

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* Issue 18: trade statistics alone (no incidents) are summarised, in
 * text and in the JSON's "trade" member: rows, months, rows per mineral
 * and reporter. */
static void
test_summary_trade (void)
{
  g_autofree char *published = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                                 "trade-published-figures.csv", NULL);
  g_autofree char *comtrade = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "tests", "data", "trade",
                                                "comtrade-api.csv", NULL);
  g_autofree char *text = run (0, "--summary", published, NULL);
  g_autofree char *json = run (0, "--summary", "--json", comtrade, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse (json, parser);
  JsonObject *trade = json_object_get_object_member (root, "trade");
  JsonArray *minerals;
  JsonObject *antimony;
  JsonArray *reporters;

  g_assert_nonnull (strstr (text, "Incidents: 0 loaded, 0 rejected, 0 included, 0 events\n"));
  g_assert_nonnull (strstr (text, "\nTrade statistics: 42 rows, 2022-08 to 2025-11\n"));
  g_assert_nonnull (strstr (text, "\n  Graphite: 29 rows, by reporter: China 29\n"));

  g_assert_nonnull (trade);
  g_assert_cmpint (json_object_get_int_member (trade, "rows"), ==, 13);
  g_assert_cmpstr (json_object_get_string_member (trade, "from"), ==, "2024-01");
  g_assert_cmpstr (json_object_get_string_member (trade, "to"), ==, "2025-01");
  minerals = json_object_get_array_member (trade, "minerals");
  g_assert_cmpuint (json_array_get_length (minerals), ==, 2);
  antimony = json_array_get_object_element (minerals, 0);
  g_assert_cmpstr (json_object_get_string_member (antimony, "mineral"), ==, "antimony");
  g_assert_cmpint (json_object_get_int_member (antimony, "rows"), ==, 10);
  reporters = json_object_get_array_member (antimony, "reporters");
  g_assert_cmpuint (json_array_get_length (reporters), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (reporters, 0), "reporter"),
                   ==, "US");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: test-summary ORETRACE\n");
      return 2;
    }
  oretrace = argv[1];
  sample = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples", "incidents.csv", NULL);
  g_setenv ("LC_ALL", "C", TRUE);

  g_test_add_func ("/summary/entities", test_summary_entities);
  g_test_add_func ("/summary/countries-filtered", test_summary_countries_filtered);
  g_test_add_func ("/summary/estimated", test_summary_estimated);
  g_test_add_func ("/summary/default-projection", test_summary_default_projection);
  g_test_add_func ("/summary/bad-options", test_summary_bad_options);
  g_test_add_func ("/summary/rejected-rows", test_summary_rejected_rows);
  g_test_add_func ("/summary/text", test_summary_text);
  g_test_add_func ("/summary/empty-match", test_summary_empty_match);
  g_test_add_func ("/summary/case-aliases", test_summary_case_aliases);
  g_test_add_func ("/summary/trade", test_summary_trade);

  return g_test_run ();
}
