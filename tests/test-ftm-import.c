/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 19: FollowTheMoney entities read back into incidents.  The
 * samples exported as FtM and read again give the same incidents, field
 * by field (docs/ftm.md, "Round trip"); merged companies come back merged;
 * a hand-made Aleph-like file (schemata Oretrace does not read, a
 * reference to an entity not in the file, a malformed line) loads what it
 * can and reports the rest at FILE:LINE, also through `oretrace --check`. */
#include <glib/gstdio.h>
#include <string.h>

#include "ot-document.h"
#include "ot-ftm.h"
#include "ot-ftm-summary.h"
#include "ot-mineral.h"
#include "ot-test-load.h"
#include "ot-writer.h"

/* Every column of every incident of @a is the same text in @b (found by
 * id), and @b holds no other incident. */
static void
assert_same_incidents (OtDataset *a,
                       OtDataset *b)
{
  guint n = ot_dataset_get_n_incidents (a);

  g_assert_cmpuint (ot_dataset_get_n_incidents (b), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *x = ot_dataset_get_incident (a, i);
      gint j = ot_dataset_find (b, x->id);
      const OtIncident *y;

      g_assert_cmpint (j, >=, 0);
      y = ot_dataset_get_incident (b, j);
      for (OtColumn c = 0; c < OT_N_COLUMNS; c++)
        {
          g_autofree char *xs = ot_writer_column_text (x, c);
          g_autofree char *ys = ot_writer_column_text (y, c);

          if (g_strcmp0 (xs, ys) != 0)
            g_test_message ("%s: %s \"%s\" came back as \"%s\"", x->id, ot_column_name (c), xs, ys);
          g_assert_cmpstr (xs, ==, ys);
        }
    }
}

static void
assert_date (const OtIncident *incident,
             const char       *expect)
{
  g_autofree char *date = ot_date_to_string (&incident->date);

  g_assert_cmpstr (date, ==, expect);
}

static OtDataset *
read_back (GBytes *bytes)
{
  return ot_test_load_len ("case.ftm.json", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_no_problems (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = ot_problem_to_string (problems->pdata[i]);

      g_test_message ("%s", text);
    }
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 0);
}

/* The 60 researched incidents: every column survives. */
static void
test_round_trip_samples (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autoptr(GBytes) bytes = ot_ftm_write (ds, NULL);
  g_autoptr(OtDataset) back = read_back (bytes);
  g_autoptr(GBytes) again = NULL;

  g_assert_cmpint (ot_loader_detect_format ("x.json", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)),
                   ==, OT_FORMAT_FTM);
  assert_no_problems (back);
  assert_same_incidents (ds, back);
  /* Written again, it is the very same file. */
  again = ot_ftm_write (back, NULL);
  g_assert_true (g_bytes_equal (bytes, again));
}

/* The made-up demo with two companies merged: the same incidents, and
 * the merge back in the document the file opens. */
static void
test_round_trip_merged (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_demo ();
  g_autoptr(OtDocument) doc = ot_document_new (ds);
  const char *names[] = { "Gulfline Metals Inc. (fictional)", "Rio Bravo Compounds LLC (fictional)" };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(OtDataset) back = NULL;
  g_autoptr(OtDocument) reopened = NULL;
  g_autoptr(GPtrArray) aliases = NULL;
  OtDataset *shown;

  g_assert_true (ot_document_merge_companies (doc, names, 2, "Gulfline group (fictional)", NULL));
  bytes = ot_ftm_write (ot_document_get_dataset (doc), NULL);
  back = read_back (bytes);
  assert_no_problems (back);
  assert_same_incidents (ds, back);

  reopened = ot_document_new (back);
  shown = ot_document_get_dataset (reopened);
  g_assert_cmpstr (ot_dataset_resolve_company (shown, names[0]), ==, "Gulfline group (fictional)");
  g_assert_cmpstr (ot_dataset_resolve_company (shown, names[1]), ==, "Gulfline group (fictional)");
  aliases = ot_dataset_get_company_aliases (shown, "Gulfline group (fictional)");
  g_assert_cmpuint (aliases->len, ==, 2);
  /* Unmerged companies stay as they are. */
  g_ptr_array_unref (aliases);
  aliases = ot_dataset_get_alias_keys (shown);
  g_assert_cmpuint (aliases->len, ==, 2);
}

/* The summary's sentences, read back; a text that is not one is not
 * read at all. */
static void
test_summary (void)
{
  static const char csv[] =
    "id,date,mineral,form,quantity,unit,value,currency,declared_as,exporter,consignee,origin,status,"
    "confidence,reliability,credibility,case_ref,illustrative\n"
    "S-1,2024-07,rare earths,oxide,4.35,t,12.5,usd,\"Co. Ltd. parts.\",\"Acme Co., Ltd.\",B,CN,seized,high,"
    "C,3,\"A; B\",true\n";
  g_autoptr(OtDataset) ds = ot_test_load ("s.csv", csv);
  const OtIncident *incident = ot_dataset_get_incident (ds, 0);
  g_autofree char *text = ot_ftm_summary_write (incident);
  char *columns[OT_N_COLUMNS] = { NULL };

  g_assert_cmpstr (text, ==,
                   "Illustrative: a made-up example, not a reported fact. Status: seized. "
                   "Mineral: rare earths (mixed). Form: oxide. Quantity: 4350 kg. Value: 12.5 USD. "
                   "Declared as: Co. Ltd. parts.. Exporter: Acme Co., Ltd.. Consignee: B. Case: A; B. "
                   "Confidence: high. Source reliability: C. Information credibility: 3.");
  g_assert_true (ot_ftm_summary_read (text, columns));
  g_assert_cmpstr (columns[OT_COLUMN_ILLUSTRATIVE], ==, "true");
  g_assert_cmpstr (columns[OT_COLUMN_MINERAL], ==, "rare earths (mixed)");
  g_assert_cmpstr (columns[OT_COLUMN_QUANTITY], ==, "4350");
  g_assert_cmpstr (columns[OT_COLUMN_UNIT], ==, "kg");
  g_assert_cmpstr (columns[OT_COLUMN_VALUE], ==, "12.5");
  g_assert_cmpstr (columns[OT_COLUMN_CURRENCY], ==, "USD");
  g_assert_cmpstr (columns[OT_COLUMN_DECLARED_AS], ==, "Co. Ltd. parts.");
  g_assert_cmpstr (columns[OT_COLUMN_EXPORTER], ==, "Acme Co., Ltd.");
  g_assert_cmpstr (columns[OT_COLUMN_CASE_REF], ==, "A; B");
  g_assert_cmpstr (columns[OT_COLUMN_CREDIBILITY], ==, "3");
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    g_clear_pointer (&columns[c], g_free);

  /* Another's summary, out of order, or unfinished. */
  g_assert_false (ot_ftm_summary_read ("Antimony seized at the border.", columns));
  g_assert_false (ot_ftm_summary_read ("Mineral: antimony. Status: seized.", columns));
  g_assert_false (ot_ftm_summary_read ("Status: seized. Mineral: antimony", columns));
  g_assert_false (ot_ftm_summary_read ("Status: seized. Weather: fine.", columns));
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    g_assert_null (columns[c]);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "ftm", name, NULL);
}

/* The problems of @ds as "LINE: severity: message", by line. */
static char *
problem_lines (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = problems->pdata[i];

      g_ptr_array_add (lines, g_strdup_printf ("%4u: %s: %s", p->line,
                                               p->severity == OT_SEVERITY_ERROR ? "error" : "warning",
                                               p->message));
    }
  g_ptr_array_sort (lines, ot_dataset_compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) lines->pdata[i]);
  return g_strdup (out->str);
}

/* tests/data/ftm/aleph-like.ftm.json (made up, fictional names): a Trip
 * and an Event load; a Trip without a mineral, a malformed line and a
 * line that is no entity are errors at their lines; Person, Vessel,
 * Sanction and Ownership entities, properties without a place, a
 * reference to a missing entity and an Address no incident names are
 * warnings. */
static const char aleph_problems[] =
  "   2: warning: Address entities: properties not kept (no place for them in an incident), with the "
  "number of entities: city (1)\n"
  "   3: warning: Company entities: properties not kept (no place for them in an incident), with the "
  "number of entities: jurisdiction (1)\n"
  "   4: warning: 1 Person entity not read: Oretrace reads incidents from Trip and Event entities, with "
  "their Addresses, companies and court cases\n"
  "   5: warning: 1 Vessel entity not read: Oretrace reads incidents from Trip and Event entities, with "
  "their Addresses, companies and court cases\n"
  "   6: warning: Trip entities: properties not kept (no place for them in an incident), with the number "
  "of entities: vehicle (1), keywords (1)\n"
  "   6: warning: UnknownLink \"link-3\" refers to entity \"ghost-9\", which is not in the file; not kept\n"
  "   6: warning: involved refers to Person entity \"p-1\"; not kept\n"
  "   8: error: not valid JSON (scanner: unterminated string constant); line skipped\n"
  "   9: error: missing mineral (required)\n"
  "   9: warning: endLocation refers to entity \"addr-missing\", which is not in the file; not kept\n"
  "  10: warning: 1 Sanction entity not read: Oretrace reads incidents from Trip and Event entities, "
  "with their Addresses, companies and court cases\n"
  "  11: warning: 1 Ownership entity not read: Oretrace reads incidents from Trip and Event entities, "
  "with their Addresses, companies and court cases\n"
  "  12: warning: 1 Address entity not read: no incident uses it\n"
  "  14: error: not an FtM entity (a JSON object with an \"id\", a \"schema\" and \"properties\"); "
  "line skipped\n";

static void
test_aleph_like (void)
{
  g_autofree char *path = data_path ("aleph-like.ftm.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_autoptr(OtDocument) doc = NULL;
  g_autofree char *problems = NULL;
  const OtIncident *trip, *event;

  g_assert_no_error (error);
  problems = problem_lines (ds);
  g_assert_cmpstr (problems, ==, aleph_problems);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 3);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);

  trip = ot_dataset_get_incident (ds, ot_dataset_find (ds, "trip-1"));
  g_assert_cmpuint (trip->line, ==, 6);
  g_assert_cmpstr (ot_mineral_name (trip->mineral), ==, "antimony");
  g_assert_cmpint (trip->status, ==, OT_STATUS_SEIZED);
  assert_date (trip, "2024-11-05");
  g_assert_cmpstr (trip->origin.code, ==, "CN");
  g_assert_cmpstr (trip->destination.code, ==, "US");
  g_assert_cmpstr (trip->exporter, ==, "Example Antimony Trading Co. (fictional)");
  g_assert_null (trip->consignee);
  g_assert_cmpstr (trip->source, ==, "Example Gazette (fictional)");
  g_assert_cmpstr (trip->source_url, ==, "https://example.org/antimony-shipment");
  g_assert_cmpstr (trip->notes, ==, "Antimony shipment (fictional)");
  g_assert_cmpuint (trip->n_via, ==, 0);

  event = ot_dataset_get_incident (ds, ot_dataset_find (ds, "ev-1"));
  g_assert_cmpstr (ot_mineral_name (event->mineral), ==, "gallium");
  g_assert_cmpstr (event->event_country.code, ==, "HK");
  g_assert_cmpstr (event->case_ref, ==, "EX-1/2025");
  g_assert_cmpstr (event->authority, ==, "Example Court (fictional)");

  /* The Company's other name is an alias of it in the case it opens. */
  doc = ot_document_new (ds);
  g_assert_cmpstr (ot_dataset_resolve_company (ot_document_get_dataset (doc), "EAT Co. (fictional)"), ==,
                   "Example Antimony Trading Co. (fictional)");
}

/* Fragments of one entity, entities nested in a property, dates with a
 * time, an Event with one end through a link, a transit stop. */
static void
test_fragments_and_nesting (void)
{
  static const char text[] =
    "{\"id\": \"t\", \"schema\": \"Trip\", \"properties\": {\"recordId\": [\"T-1\"], \"date\": [\"2023-05-06T00:00:00Z\"]}}\n"
    "{\"id\": \"t\", \"schema\": \"Trip\", \"properties\": {\"keywords\": [\"Germanium\"], "
    "\"startLocation\": [{\"id\": \"a\", \"schema\": \"Address\", \"properties\": {\"country\": [\"cn\"]}}], "
    "\"endLocation\": [\"b\"]}}\n"
    "{\"id\": \"b\", \"schema\": \"Address\", \"properties\": {\"country\": [\"de\"]}}\n"
    "{\"id\": \"l\", \"schema\": \"UnknownLink\", \"properties\": {\"subject\": [\"t\"], \"object\": [\"p\"], "
    "\"role\": [\"transit stop 1\"]}}\n"
    "{\"id\": \"p\", \"schema\": \"Address\", \"properties\": {\"name\": [\"Rotterdam\"], \"country\": [\"nl\"]}}\n"
    "{\"id\": \"e\", \"schema\": \"Event\", \"properties\": {\"name\": [\"E-1: antimony\"], \"recordId\": [\"E-1\"], "
    "\"date\": [\"2022\"], \"keywords\": [\"antimony\"]}}\n"
    "{\"id\": \"k\", \"schema\": \"UnknownLink\", \"properties\": {\"subject\": [\"e\"], \"object\": [\"b\"], "
    "\"role\": [\"destination\"]}}\n";
  g_autoptr(OtDataset) ds = ot_test_load ("f.ftm.json", text);
  GPtrArray *problems = ot_dataset_get_problems (ds);
  const OtIncident *trip, *event;

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
  trip = ot_dataset_get_incident (ds, ot_dataset_find (ds, "T-1"));
  assert_date (trip, "2023-05-06");
  g_assert_cmpstr (ot_mineral_name (trip->mineral), ==, "germanium");
  g_assert_cmpstr (trip->origin.code, ==, "CN");
  g_assert_cmpstr (trip->destination.code, ==, "DE");
  g_assert_cmpuint (trip->n_via, ==, 1);
  g_assert_cmpstr (trip->via[0].country.code, ==, "NL");
  g_assert_cmpstr (trip->via[0].port, ==, "Rotterdam");
  event = ot_dataset_get_incident (ds, ot_dataset_find (ds, "E-1"));
  g_assert_false (OT_COUNTRY_IS_SET (event->origin));
  g_assert_cmpstr (event->destination.code, ==, "DE");
  g_assert_null (event->notes);
  /* One warning: the repeated id, read as one entity. */
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (((OtProblem *) problems->pdata[0])->line, ==, 2);
  g_assert_nonnull (strstr (((OtProblem *) problems->pdata[0])->message, "whose id an earlier line has"));
}

/* Detection by content: an FtM line has a schema and properties; an
 * incident line (even with an id) is JSON Lines as before. */
static void
test_detect (void)
{
  static const char ftm[] = "\n  {\"id\": \"x\", \"schema\": \"Person\", \"properties\": {}}\n";
  static const char jsonl[] = "{\"id\": \"x\", \"date\": \"2024\", \"schema\": \"Trip\"}\n";

  g_assert_cmpint (ot_loader_detect_format ("a.json", ftm, strlen (ftm)), ==, OT_FORMAT_FTM);
  g_assert_cmpint (ot_loader_detect_format ("a.jsonl", ftm, strlen (ftm)), ==, OT_FORMAT_FTM);
  g_assert_cmpint (ot_loader_detect_format ("a.json", jsonl, strlen (jsonl)), ==, OT_FORMAT_JSONL);
}

/* `oretrace --check` on the hand-made file: the same problems at
 * FILE:LINE, exit 1 for its errors. */
static void
test_cli_check (void)
{
  const char *app = g_getenv ("OT_APP");
  g_autofree char *path = data_path ("aleph-like.ftm.json");
  const char *argv[] = { app, "--check", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *expect = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (app == NULL)
    {
      g_test_skip ("OT_APP is not set (run through meson test)");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  expect = g_strdup_printf ("%s:9: error: missing mineral (required)\n", path);
  g_assert_nonnull (strstr (out, expect));
  g_free (expect);
  expect = g_strdup_printf ("%s:8: error: not valid JSON", path);
  g_assert_nonnull (strstr (out, expect));
  g_free (expect);
  expect = g_strdup_printf ("%s:4: warning: 1 Person entity not read", path);
  g_assert_nonnull (strstr (out, expect));
  g_assert_nonnull (strstr (out, "incidents loaded: 2, rows skipped: 3, errors: 3, warnings: 11"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ftm-import/round-trip-samples", test_round_trip_samples);
  g_test_add_func ("/ftm-import/round-trip-merged", test_round_trip_merged);
  g_test_add_func ("/ftm-import/summary", test_summary);
  g_test_add_func ("/ftm-import/aleph-like", test_aleph_like);
  g_test_add_func ("/ftm-import/fragments-and-nesting", test_fragments_and_nesting);
  g_test_add_func ("/ftm-import/detect", test_detect);
  g_test_add_func ("/ftm-import/cli-check", test_cli_check);

  return g_test_run ();
}
