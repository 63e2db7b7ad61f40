/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "ot-loader.h"
#include "ot-writer.h"

static OtDataset *
load_sample (const char *name)
{
  const char *root = g_getenv ("OT_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root ? root : "..", "data", "samples", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GFile *files[] = { file };
  OtDataset *ds = ot_loader_load_files (files, 1, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return ds;
}

static OtDataset *
load_bytes (const char *name,
            GBytes     *bytes)
{
  OtDataset *ds = ot_dataset_new ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (ot_loader_load_data (ds, name, data, size, NULL, NULL));
  return ds;
}

static void
assert_same_number (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_cmpint (isnan (a), ==, isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_incident (const OtIncident *a,
                      const OtIncident *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpmem (&a->date, sizeof a->date, &b->date, sizeof b->date);
  g_assert_cmpuint (a->mineral, ==, b->mineral);
  g_assert_cmpuint (a->form, ==, b->form);
  g_assert_cmpuint (a->status, ==, b->status);
  g_assert_cmpuint (a->confidence, ==, b->confidence);
  g_assert_cmpint (a->reliability, ==, b->reliability);
  g_assert_cmpuint (a->credibility, ==, b->credibility);
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
  g_assert_cmpuint (a->n_extras, ==, b->n_extras);
  for (guint i = 0; i < a->n_extras; i++)
    {
      g_assert_cmpstr (a->extras[i].key, ==, b->extras[i].key);
      g_assert_cmpstr (a->extras[i].value, ==, b->extras[i].value);
    }
}

static void
assert_same_set (OtDataset *a,
                 OtDataset *b)
{
  g_assert_cmpuint (ot_dataset_get_n_incidents (a), ==, ot_dataset_get_n_incidents (b));
  for (guint i = 0; i < ot_dataset_get_n_incidents (a); i++)
    assert_same_incident (ot_dataset_get_incident (a, i), ot_dataset_get_incident (b, i));
}

static void
assert_clean (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *s = ot_problem_to_string (problems->pdata[i]);
      g_test_message ("%s", s);
    }
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The default sample: researched records only, each with its source. */
static void
test_samples_content (void)
{
  g_autoptr(OtDataset) ds = load_sample ("incidents.csv");
  gboolean minerals[256] = { FALSE };
  gboolean statuses[OT_N_STATUS] = { FALSE };
  guint n_minerals = 0, n_statuses = 0, n_illustrative = 0, n_sourced = 0;
  double smallest = INFINITY, largest = 0;

  assert_clean (ds);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 60);

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *inc = ot_dataset_get_incident (ds, i);

      n_minerals += !minerals[inc->mineral];
      minerals[inc->mineral] = TRUE;
      n_statuses += !statuses[inc->status];
      statuses[inc->status] = TRUE;
      n_illustrative += inc->illustrative;
      n_sourced += inc->source != NULL && inc->source_url != NULL;
      if (ot_incident_has_quantity (inc))
        {
          smallest = MIN (smallest, inc->quantity_kg);
          largest = MAX (largest, inc->quantity_kg);
        }
      /* No made-up company. */
      g_assert_null (inc->exporter ? strstr (inc->exporter, "fictional") : NULL);
      g_assert_null (inc->consignee ? strstr (inc->consignee, "fictional") : NULL);
    }

  /* Every record cites a source and none is made up. */
  g_assert_cmpuint (n_sourced, ==, ot_dataset_get_n_incidents (ds));
  g_assert_cmpuint (n_illustrative, ==, 0);
  /* Ten minerals; seven statuses (no court has acquitted or dismissed). */
  g_assert_cmpuint (n_minerals, ==, 10);
  g_assert_cmpuint (n_statuses, ==, 7);
  g_assert_false (statuses[OT_STATUS_ACQUITTED]);
  g_assert_false (statuses[OT_STATUS_DISMISSED]);
  g_assert_true (statuses[OT_STATUS_REPORTED]);
  g_assert_true (statuses[OT_STATUS_CONVICTED]);
  /* About 99 kg of ore in sacks in Kedah (REAL-2023-0006) to 41,700 t of
   * heavy rare earths out of Kachin in 2023 (CMI-2023-0002). */
  g_assert_cmpfloat (smallest, ==, 99.0);
  g_assert_cmpfloat (largest, ==, 41700000.0);
}

/* The demo file: made-up records only, and it says so in every record. */
static void
test_demo_content (void)
{
  g_autoptr(OtDataset) ds = load_sample ("illustrative-demo.csv");
  gboolean statuses[OT_N_STATUS] = { FALSE };
  guint n_statuses = 0;
  double smallest = INFINITY;

  assert_clean (ds);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 25);
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *inc = ot_dataset_get_incident (ds, i);

      g_assert_true (inc->illustrative);
      g_assert_true (g_str_has_prefix (inc->notes, "ILLUSTRATIVE:"));
      g_assert_true (inc->exporter == NULL || strstr (inc->exporter, "(fictional)"));
      g_assert_true (inc->consignee == NULL || strstr (inc->consignee, "(fictional)"));
      n_statuses += !statuses[inc->status];
      statuses[inc->status] = TRUE;
      if (ot_incident_has_quantity (inc))
        smallest = MIN (smallest, inc->quantity_kg);
    }
  g_assert_cmpuint (n_statuses, ==, OT_N_STATUS);  /* every status, for the legend */
  g_assert_cmpfloat_with_epsilon (smallest, 0.35, 1e-9);  /* 350 g of gallium (ILL-0016) */
}

static void
test_samples_csv_equals_json (void)
{
  g_autoptr(OtDataset) csv = load_sample ("incidents.csv");
  g_autoptr(OtDataset) json = load_sample ("incidents.json");

  assert_clean (json);
  assert_same_set (csv, json);
}

static void
test_roundtrip_formats (void)
{
  g_autoptr(OtDataset) original = load_sample ("incidents.json");
  static const struct { OtFormat format; const char *name; } formats[] = {
    { OT_FORMAT_CSV, "round.csv" },
    { OT_FORMAT_JSON, "round.json" },
    { OT_FORMAT_JSONL, "round.jsonl" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) bytes = ot_writer_to_bytes (original, formats[i].format);
      g_autoptr(OtDataset) back = load_bytes (formats[i].name, bytes);
      g_autoptr(GBytes) again = ot_writer_to_bytes (back, formats[i].format);

      g_test_message ("%s", formats[i].name);
      assert_clean (back);
      assert_same_set (original, back);
      /* Writing what was read gives the same bytes. */
      g_assert_true (g_bytes_equal (bytes, again));
    }
}

static void
test_roundtrip_extras_and_numbers (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  const char *text =
    "id,date,mineral,quantity,unit,value,currency,origin,colour,notes\n"
    "A,2024,Sb,0.1,g,0.3,usd,CN,\"red, \"\"dark\"\"\",\"line1\nline2\"\n"
    "B,2024-02,Ga,1e-7,t,123456789.123,EUR,CN,,tab\there\n";

  g_assert_true (ot_loader_load_data (ds, "x.csv", text, strlen (text), NULL, NULL));
  for (OtFormat f = OT_FORMAT_CSV; f <= OT_FORMAT_JSONL; f++)
    {
      g_autoptr(GBytes) bytes = ot_writer_to_bytes (ds, f);
      g_autoptr(OtDataset) back = load_bytes (f == OT_FORMAT_CSV ? "y.csv" : "y.json", bytes);

      assert_same_set (ds, back);
      g_assert_cmpstr (ot_dataset_get_incident (back, 0)->extras[0].value, ==, "red, \"dark\"");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roundtrip/samples-content", test_samples_content);
  g_test_add_func ("/roundtrip/samples-csv-equals-json", test_samples_csv_equals_json);
  g_test_add_func ("/roundtrip/demo-content", test_demo_content);
  g_test_add_func ("/roundtrip/formats", test_roundtrip_formats);
  g_test_add_func ("/roundtrip/extras-and-numbers", test_roundtrip_extras_and_numbers);

  return g_test_run ();
}
