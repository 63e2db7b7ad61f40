/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include <string.h>

#include "ot-dataset.h"
#include "ot-error.h"

static OtIncident
make_incident (OtDataset  *ds,
               const char *id,
               const char *origin)
{
  OtIncident incident = { 0 };

  incident.id = ot_dataset_store (ds, id);
  incident.quantity_kg = NAN;
  incident.value = NAN;
  g_strlcpy (incident.origin.code, origin, sizeof incident.origin.code);
  return incident;
}

static void
test_dataset_add_find (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  OtHop hops[2] = { { { "TH" }, NULL }, { { "MX" }, NULL } };
  OtIncident a = make_incident (ds, "A-1", "CN");
  OtIncident b = make_incident (ds, "B-2", "CN");

  hops[0].port = ot_dataset_intern (ds, "Laem Chabang");
  a.via = hops;
  a.n_via = 2;

  g_assert_true (ot_dataset_add (ds, &a));
  g_assert_true (ot_dataset_add (ds, &b));
  g_assert_false (ot_dataset_add (ds, &a));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
  g_assert_cmpint (ot_dataset_find (ds, "B-2"), ==, 1);
  g_assert_cmpint (ot_dataset_find (ds, "nope"), ==, -1);

  /* The via array was copied, not borrowed. */
  hops[0].country.code[0] = 'X';
  g_assert_cmpstr (ot_dataset_get_incident (ds, 0)->via[0].country.code, ==, "TH");
  g_assert_cmpstr (ot_dataset_get_incident (ds, 0)->via[0].port, ==, "Laem Chabang");
  g_assert_cmpstr (ot_dataset_get_incident (ds, 0)->via[1].country.code, ==, "MX");
}

static void
test_dataset_merge_duplicates (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtDataset) other = ot_dataset_new ();
  OtIncident a = make_incident (ds, "A-1", "CN");
  OtIncident a2 = make_incident (other, "A-1", "TH");
  OtIncident c = make_incident (other, "C-3", "VN");

  a.file = ot_dataset_intern (ds, "first.csv");
  a.line = 2;
  a2.file = ot_dataset_intern (other, "second.csv");
  a2.line = 7;
  c.exporter = ot_dataset_intern (other, "Front Co");
  g_assert_true (ot_dataset_add (ds, &a));
  g_assert_true (ot_dataset_add (other, &a2));
  g_assert_true (ot_dataset_add (other, &c));
  ot_dataset_add_file (other, "second.csv");

  ot_dataset_merge (ds, other);
  g_clear_object (&other);

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
  g_assert_cmpstr (ot_dataset_get_incident (ds, 0)->origin.code, ==, "CN");
  g_assert_cmpstr (ot_dataset_get_incident (ds, 1)->exporter, ==, "Front Co");
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_WARNING), ==, 1);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 1);
  {
    const OtProblem *p = g_ptr_array_index (ot_dataset_get_problems (ds), 0);
    g_assert_cmpstr (p->file, ==, "second.csv");
    g_assert_cmpuint (p->line, ==, 7);
    g_assert_nonnull (strstr (p->message, "first.csv:2"));
  }
  g_assert_cmpstr (ot_dataset_get_files (ds)[0], ==, "second.csv");
  g_assert_null (ot_dataset_get_files (ds)[1]);
}

static void
test_date_precision (void)
{
  OtDate d;
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_date_parse ("2024", &d, NULL));
  g_assert_cmpuint (d.precision, ==, OT_DATE_YEAR);
  g_assert_cmpuint (ot_date_last_day (&d) - ot_date_first_day (&d), ==, 365); /* leap year */
  g_assert_true (ot_date_parse ("2025-02", &d, NULL));
  g_assert_cmpuint (ot_date_last_day (&d) - ot_date_first_day (&d), ==, 27);
  g_assert_true (ot_date_parse (" 2025-07-15 ", &d, NULL));
  g_assert_cmpuint (d.day, ==, 15);
  g_assert_false (ot_date_parse ("2025-02-30", &d, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ot_date_parse ("15/07/2025", &d, &error));
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
}

/* Day numbers are GDate's Julian days (saved cases and exports hold
 * them), worked out without a GDate: the same for every day of years 1
 * to 9999, and 0 for a day that does not exist. */
static void
test_date_julian (void)
{
  OtDate bad = { 2025, 2, 29, OT_DATE_DAY };

  for (int y = 1; y <= 9999; y++)
    for (int m = 1; m <= 12; m++)
      for (int day = 1; day <= g_date_get_days_in_month (m, y); day++)
        {
          OtDate d = { y, m, day, OT_DATE_DAY };
          GDate g;

          g_date_clear (&g, 1);
          g_date_set_dmy (&g, day, m, y);
          if (ot_date_first_day (&d) != g_date_get_julian (&g))
            g_error ("%04d-%02d-%02d: %u, GDate %u", y, m, day, ot_date_first_day (&d), g_date_get_julian (&g));
        }
  g_assert_cmpuint (ot_date_first_day (&bad), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset/add-find", test_dataset_add_find);
  g_test_add_func ("/dataset/merge-duplicates", test_dataset_merge_duplicates);
  g_test_add_func ("/date/precision", test_date_precision);
  g_test_add_func ("/date/julian", test_date_julian);

  return g_test_run ();
}
