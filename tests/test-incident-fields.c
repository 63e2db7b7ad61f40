/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 17, editing incidents: the form's fields checked by the loaders'
 * record rules (ot-incident-fields.c) give the loaders' messages, a new
 * incident that is not illustrative needs a source, and every sample
 * incident goes through its field texts and back unchanged. */
#include "ot-incident-fields.h"
#include "ot-writer.h"
#include "ot-csv.h"
#include "ot-test-load.h"

#include <math.h>

/* A good record; each case below changes one column of it. */
static const char *const good[][2] = {
  { "id", "FORM-0001" },
  { "date", "2024-05" },
  { "mineral", "antimony" },
  { "origin", "CN" },
  { "destination", "US" },
  { "source", "A customs notice" },
};

static void
fill_good (const char *values[OT_N_COLUMNS])
{
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    values[c] = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    values[ot_column_from_name (good[i][0])] = good[i][1];
}

/* The record's problems as "column severity message" lines. */
static char *
describe_problems (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *p = problems->pdata[i];

      g_string_append_printf (out, "%s %d %s\n", p->column ? p->column : "-", p->severity, p->message);
    }
  return g_string_free (out, FALSE);
}

/* @values as a CSV file of one record, every column in the header. */
static char *
values_to_csv (const char *values[OT_N_COLUMNS])
{
  GString *csv = g_string_new (NULL);

  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (csv, ',');
      g_string_append (csv, ot_column_name (c));
    }
  g_string_append_c (csv, '\n');
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (csv, ',');
      ot_csv_append_field (csv, values[c] ? values[c] : "");
    }
  g_string_append_c (csv, '\n');
  return g_string_free (csv, FALSE);
}

/* One bad (or doubtful) value per case: the CSV loader and the form give
 * the same problems, word for word. */
static void
test_same_messages (void)
{
  static const char *const cases[][2] = {
    { "date", "2024/07/01" }, { "date", "2024-02-30" }, { "date", "2999" },
    { "mineral", "unobtainium" }, { "form", "powder" }, { "hs_code", "12" },
    { "quantity", "5,5" }, { "quantity", "-5" }, { "unit", "stone" },
    { "value", "ten" }, { "currency", "US" }, { "origin", "Thailnd" },
    { "via", "TH:Laem Chabang; Atlantis" }, { "via", ":Port" }, { "destination", "Narnia" },
    { "event_country", "XX" }, { "status", "rumoured" }, { "confidence", "sure" },
    { "reliability", "G" }, { "credibility", "7" }, { "illustrative", "maybe" },
    { "source_url", "ftp://example.org/x" }, { "exporter", "Acme\xe2\x80\xae Ltd" },
    { "id", "" }, { "mineral", "  " },
  };
  guint n_errors = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *values[OT_N_COLUMNS];
      g_autofree char *csv = NULL;
      g_autoptr(OtDataset) loaded = NULL;
      g_autoptr(OtDataset) checked = NULL;
      g_autofree char *from_file = NULL;
      g_autofree char *from_form = NULL;

      fill_good (values);
      values[ot_column_from_name (cases[i][0])] = cases[i][1];
      csv = values_to_csv (values);
      loaded = ot_test_load ("form.csv", csv);
      checked = ot_incident_fields_check (values, "form.csv", NULL);

      from_file = describe_problems (loaded);
      from_form = describe_problems (checked);
      g_test_message ("%s = \"%s\": %s", cases[i][0], cases[i][1], from_form);
      g_assert_cmpstr (from_form, !=, "");
      g_assert_cmpstr (from_form, ==, from_file);
      g_assert_cmpuint (ot_dataset_get_n_incidents (checked), ==, ot_dataset_get_n_incidents (loaded));
      n_errors += ot_dataset_get_n_incidents (checked) == 0;
    }
  /* The warnings (future date, dropped URL, invisible character) keep the
   * record; every other case is an error. */
  g_assert_cmpuint (n_errors, ==, G_N_ELEMENTS (cases) - 3);
}

static void
test_no_place (void)
{
  const char *values[OT_N_COLUMNS];
  g_autoptr(OtDataset) checked = NULL;
  const OtProblem *problem;

  fill_good (values);
  values[OT_COLUMN_ORIGIN] = values[OT_COLUMN_DESTINATION] = NULL;
  checked = ot_incident_fields_check (values, "Form", NULL);
  g_assert_cmpuint (ot_dataset_get_n_incidents (checked), ==, 0);
  g_assert_cmpuint (ot_dataset_get_problems (checked)->len, ==, 1);
  problem = g_ptr_array_index (ot_dataset_get_problems (checked), 0);
  g_assert_null (problem->column);
  g_assert_cmpstr (problem->message, ==, "no place given (need at least one of origin, via, "
                                         "destination or event_country)");
}

static const OtProblem *
only_problem (OtDataset *ds)
{
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 1);
  return g_ptr_array_index (ot_dataset_get_problems (ds), 0);
}

/* A new incident needs a source unless it is marked illustrative; a
 * file's records (no rule) and edited ones need none. */
static void
test_source_rule (void)
{
  const OtFieldRules rules = { NULL, -1, TRUE };
  const char *values[OT_N_COLUMNS];
  g_autoptr(OtDataset) without = NULL;
  g_autoptr(OtDataset) blank = NULL;
  g_autoptr(OtDataset) illustrative = NULL;
  g_autoptr(OtDataset) sourced = NULL;
  g_autoptr(OtDataset) no_rule = NULL;
  const OtProblem *problem;

  fill_good (values);
  values[OT_COLUMN_SOURCE] = NULL;
  without = ot_incident_fields_check (values, "Form", &rules);
  g_assert_cmpuint (ot_dataset_get_n_incidents (without), ==, 0);
  problem = only_problem (without);
  g_assert_cmpstr (problem->column, ==, "source");
  g_assert_cmpint (problem->severity, ==, OT_SEVERITY_ERROR);
  g_assert_cmpstr (problem->message, ==, "missing source (required for a new incident that is "
                                         "not marked illustrative)");

  values[OT_COLUMN_SOURCE] = "   ";
  blank = ot_incident_fields_check (values, "Form", &rules);
  g_assert_cmpuint (ot_dataset_get_n_incidents (blank), ==, 0);
  g_assert_cmpstr (only_problem (blank)->column, ==, "source");

  values[OT_COLUMN_ILLUSTRATIVE] = "true";
  illustrative = ot_incident_fields_check (values, "Form", &rules);
  g_assert_cmpuint (ot_dataset_get_n_incidents (illustrative), ==, 1);
  g_assert_true (ot_dataset_get_incident (illustrative, 0)->illustrative);
  g_assert_cmpuint (ot_dataset_get_problems (illustrative)->len, ==, 0);

  values[OT_COLUMN_ILLUSTRATIVE] = "false";
  values[OT_COLUMN_SOURCE] = "Reuters, 3 May 2024";
  sourced = ot_incident_fields_check (values, "Form", &rules);
  g_assert_cmpuint (ot_dataset_get_n_incidents (sourced), ==, 1);
  g_assert_cmpstr (ot_dataset_get_incident (sourced, 0)->source, ==, "Reuters, 3 May 2024");

  values[OT_COLUMN_SOURCE] = NULL;
  no_rule = ot_incident_fields_check (values, "Form", NULL);
  g_assert_cmpuint (ot_dataset_get_n_incidents (no_rule), ==, 1);
}

/* An id already in the case is refused, except the edited incident's own. */
static void
test_duplicate_id (void)
{
  g_autoptr(OtDataset) samples = ot_test_load_samples ();
  const OtIncident *third = ot_dataset_get_incident (samples, 2);
  OtFieldRules rules = { samples, -1, FALSE };
  const char *values[OT_N_COLUMNS];
  g_autoptr(OtDataset) added = NULL;
  g_autoptr(OtDataset) edited = NULL;
  g_autoptr(OtDataset) other = NULL;
  g_autofree char *message = NULL;

  fill_good (values);
  values[OT_COLUMN_ID] = third->id;
  added = ot_incident_fields_check (values, "Form", &rules);
  g_assert_cmpuint (ot_dataset_get_n_incidents (added), ==, 0);
  message = g_strdup_printf ("duplicate id \"%s\" (another incident has it)", third->id);
  g_assert_cmpstr (only_problem (added)->message, ==, message);
  g_assert_cmpstr (only_problem (added)->column, ==, "id");

  rules.replacing = 2;
  edited = ot_incident_fields_check (values, "Form", &rules);
  g_assert_cmpuint (ot_dataset_get_n_incidents (edited), ==, 1);

  rules.replacing = 3;
  other = ot_incident_fields_check (values, "Form", &rules);
  g_assert_cmpuint (ot_dataset_get_n_incidents (other), ==, 0);
}

/* A good record gives the incident its fields say. */
static void
test_good_record (void)
{
  const char *values[OT_N_COLUMNS] = { NULL };
  g_autoptr(OtDataset) checked = NULL;
  const OtIncident *incident;

  values[OT_COLUMN_ID] = " FORM-0002 ";
  values[OT_COLUMN_DATE] = "2024-12-03";
  values[OT_COLUMN_MINERAL] = "Ga";
  values[OT_COLUMN_FORM] = "metal";
  values[OT_COLUMN_QUANTITY] = "1.5";
  values[OT_COLUMN_UNIT] = "t";
  values[OT_COLUMN_VALUE] = "250000";
  values[OT_COLUMN_CURRENCY] = "usd";
  values[OT_COLUMN_ORIGIN] = "China";
  values[OT_COLUMN_VIA] = "TH:Laem Chabang; MX";
  values[OT_COLUMN_DESTINATION] = "United States";
  values[OT_COLUMN_STATUS] = "seized";
  values[OT_COLUMN_CONFIDENCE] = "high";
  values[OT_COLUMN_RELIABILITY] = "b";
  values[OT_COLUMN_CREDIBILITY] = "2";
  values[OT_COLUMN_ILLUSTRATIVE] = "false";
  values[OT_COLUMN_SOURCE] = "Court filing";
  values[OT_COLUMN_SOURCE_URL] = "https://example.org/filing";
  checked = ot_incident_fields_check (values, "Form", NULL);
  g_assert_cmpuint (ot_dataset_get_problems (checked)->len, ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_incidents (checked), ==, 1);
  incident = ot_dataset_get_incident (checked, 0);
  g_assert_cmpstr (incident->id, ==, "FORM-0002");
  g_assert_cmpint (incident->date.year, ==, 2024);
  g_assert_cmpint (incident->date.month, ==, 12);
  g_assert_cmpint (incident->date.day, ==, 3);
  g_assert_cmpint (incident->date.precision, ==, OT_DATE_DAY);
  g_assert_cmpstr (ot_mineral_name (incident->mineral), ==, "gallium");
  g_assert_cmpint (incident->form, ==, OT_FORM_METAL);
  g_assert_cmpfloat (incident->quantity_kg, ==, 1500.0);
  g_assert_cmpfloat (incident->value, ==, 250000.0);
  g_assert_cmpstr (incident->currency, ==, "USD");
  g_assert_cmpstr (incident->origin.code, ==, "CN");
  g_assert_cmpuint (incident->n_via, ==, 2);
  g_assert_cmpstr (incident->via[0].country.code, ==, "TH");
  g_assert_cmpstr (incident->via[0].port, ==, "Laem Chabang");
  g_assert_cmpstr (incident->via[1].country.code, ==, "MX");
  g_assert_null (incident->via[1].port);
  g_assert_cmpstr (incident->destination.code, ==, "US");
  g_assert_cmpint (incident->status, ==, OT_STATUS_SEIZED);
  g_assert_cmpint (incident->confidence, ==, OT_CONFIDENCE_HIGH);
  g_assert_cmpint (incident->reliability, ==, 'B');
  g_assert_cmpint (incident->credibility, ==, 2);
  g_assert_false (incident->illustrative);
  g_assert_cmpstr (incident->source, ==, "Court filing");
  g_assert_cmpstr (incident->source_url, ==, "https://example.org/filing");
  g_assert_null (incident->exporter);
  g_assert_null (incident->notes);
  g_assert_cmpstr (incident->file, ==, "Form");
}

static void
assert_same_number (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

/* Every member the columns give (not the file, line or extras). */
static void
assert_same_incident (const OtIncident *a,
                      const OtIncident *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpmem (&a->date, sizeof a->date, &b->date, sizeof b->date);
  g_assert_cmpint (a->mineral, ==, b->mineral);
  g_assert_cmpint (a->form, ==, b->form);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->confidence, ==, b->confidence);
  g_assert_cmpint (a->reliability, ==, b->reliability);
  g_assert_cmpint (a->credibility, ==, b->credibility);
  g_assert_cmpint (a->illustrative, ==, b->illustrative);
  g_assert_cmpstr (a->hs_code, ==, b->hs_code);
  assert_same_number (a->quantity_kg, b->quantity_kg);
  assert_same_number (a->value, b->value);
  g_assert_cmpstr (a->currency, ==, b->currency);
  g_assert_cmpstr (a->declared_as, ==, b->declared_as);
  g_assert_cmpstr (a->concealment, ==, b->concealment);
  g_assert_cmpstr (a->origin.code, ==, b->origin.code);
  g_assert_cmpstr (a->exporter, ==, b->exporter);
  g_assert_cmpuint (a->n_via, ==, b->n_via);
  for (guint i = 0; i < a->n_via; i++)
    {
      g_assert_cmpstr (a->via[i].country.code, ==, b->via[i].country.code);
      g_assert_cmpstr (a->via[i].port, ==, b->via[i].port);
    }
  g_assert_cmpstr (a->destination.code, ==, b->destination.code);
  g_assert_cmpstr (a->consignee, ==, b->consignee);
  g_assert_cmpstr (a->event_country.code, ==, b->event_country.code);
  g_assert_cmpstr (a->event_place, ==, b->event_place);
  g_assert_cmpstr (a->authority, ==, b->authority);
  g_assert_cmpstr (a->case_ref, ==, b->case_ref);
  g_assert_cmpstr (a->source, ==, b->source);
  g_assert_cmpstr (a->source_url, ==, b->source_url);
  g_assert_cmpstr (a->notes, ==, b->notes);
}

/* Fields → incident → fields: each sample incident (and each made-up
 * one) gives texts that check back into the same incident, whose texts
 * are the same again; editing it keeps its own id. */
static void
roundtrip_dataset (OtDataset *ds)
{
  guint n_via = 0, n_quantity = 0;

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);
      const OtFieldRules rules = { ds, (gint) i, FALSE };
      char *texts[OT_N_COLUMNS];
      g_autoptr(OtDataset) checked = NULL;
      const OtIncident *again;

      for (guint c = 0; c < OT_N_COLUMNS; c++)
        texts[c] = ot_writer_column_text (incident, c);
      checked = ot_incident_fields_check ((const char *const *) texts, "Form", &rules);
      g_assert_cmpuint (ot_dataset_get_problems (checked)->len, ==, 0);
      g_assert_cmpuint (ot_dataset_get_n_incidents (checked), ==, 1);
      again = ot_dataset_get_incident (checked, 0);
      assert_same_incident (incident, again);
      for (guint c = 0; c < OT_N_COLUMNS; c++)
        {
          g_autofree char *text = ot_writer_column_text (again, c);

          g_assert_cmpstr (text, ==, texts[c]);
          g_free (texts[c]);
        }
      n_via += incident->n_via > 0;
      n_quantity += ot_incident_has_quantity (incident);
    }
  /* The sets hold what the round trip must keep. */
  g_assert_cmpuint (n_via, >, 0);
  g_assert_cmpuint (n_quantity, >, 0);
}

static void
test_roundtrip_samples (void)
{
  g_autoptr(OtDataset) samples = ot_test_load_samples ();
  g_autoptr(OtDataset) demo = ot_test_load_demo ();

  roundtrip_dataset (samples);
  roundtrip_dataset (demo);
}

static void
test_propose_id (void)
{
  g_autoptr(OtDataset) samples = ot_test_load_samples ();
  g_autoptr(OtDataset) empty = ot_dataset_new ();
  g_autoptr(OtDataset) odd = ot_test_load ("odd.csv",
                                           "id,date,mineral,origin\n"
                                           "A-9,2024,Sb,CN\n"
                                           "A-10,2024,Sb,CN\n"
                                           "A-09,2024,Sb,CN\n"
                                           "no number,2024,Sb,CN\n");
  g_autoptr(OtDataset) words = ot_test_load ("words.csv", "id,date,mineral,origin\nfirst,2024,Sb,CN\n");
  const OtIncident *last = ot_dataset_get_incident (samples, ot_dataset_get_n_incidents (samples) - 1);
  g_autofree char *proposed = ot_incident_fields_propose_id (samples);
  g_autofree char *first = ot_incident_fields_propose_id (empty);
  g_autofree char *skipped = ot_incident_fields_propose_id (odd);
  g_autofree char *plain = ot_incident_fields_propose_id (words);

  /* The samples' last id (REAL-YYYY-NNNN) with its number plus one. */
  {
    gsize n = strlen (last->id), at = n;
    g_autofree char *expected = NULL;

    while (at > 0 && g_ascii_isdigit (last->id[at - 1]))
      at--;
    g_assert_cmpuint (n - at, ==, 4);
    expected = g_strdup_printf ("%.*s%04" G_GINT64_FORMAT, (int) at, last->id,
                                g_ascii_strtoll (last->id + at, NULL, 10) + 1);
    g_assert_cmpstr (proposed, ==, expected);
    g_assert_cmpint (ot_dataset_find (samples, proposed), ==, -1);
  }

  g_assert_cmpstr (first, ==, "INC-0001");
  /* "A-09" is the last numbered id; A-10 is taken, so A-11. */
  g_assert_cmpstr (skipped, ==, "A-11");
  g_assert_cmpstr (plain, ==, "INC-0001");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/incident-fields/same-messages", test_same_messages);
  g_test_add_func ("/incident-fields/no-place", test_no_place);
  g_test_add_func ("/incident-fields/source-rule", test_source_rule);
  g_test_add_func ("/incident-fields/duplicate-id", test_duplicate_id);
  g_test_add_func ("/incident-fields/good-record", test_good_record);
  g_test_add_func ("/incident-fields/roundtrip-samples", test_roundtrip_samples);
  g_test_add_func ("/incident-fields/propose-id", test_propose_id);

  return g_test_run ();
}
