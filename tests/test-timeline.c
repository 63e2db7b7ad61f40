/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Timeline data: months, binning by precision (a year-only record spread
 * over its twelve months), the kg measure, the filter without its period;
 * the export-control events file and bad rows in one. */
#include <math.h>
#include <string.h>

#include "ot-controls.h"
#include "ot-error.h"
#include "ot-test-util.h"
#include "ot-timeline-data.h"

static int
month (int year,
       int mon)
{
  return year * 12 + mon - 1;
}

static void
test_timeline_months (void)
{
  int m = month (2024, 2);
  g_autofree char *text = ot_month_to_string (m);
  GDate date;

  g_assert_cmpstr (text, ==, "2024-02");
  g_date_clear (&date, 1);
  g_date_set_julian (&date, ot_month_last_day (m));
  g_assert_cmpint (g_date_get_day (&date), ==, 29);   /* a leap year */
  g_assert_cmpint (ot_month_from_day (ot_month_first_day (m)), ==, m);
  g_assert_cmpint (ot_month_from_day (ot_month_last_day (m)), ==, m);
  g_assert_cmpint (ot_month_from_day (ot_month_last_day (m) + 1), ==, m + 1);
  g_assert_cmpint (ot_month_from_day (ot_month_first_day (month (2025, 1)) - 1), ==, month (2024, 12));
}

static OtDataset *
make_dataset (void)
{
  OtDataset *ds = ot_dataset_new ();

  ot_test_add (ds, "a", "antimony", "seized", 120, "2024-03-15", "CN", NULL, NULL, NULL, "TH");
  ot_test_add (ds, "b", "antimony", "seized", NAN, "2024-03", "CN", NULL, NULL, NULL, "MX");
  ot_test_add (ds, "c", "gallium", "alleged", 60, "2024", "CN", NULL, NULL, NULL, "US");
  ot_test_add (ds, "d", "gallium", "alleged", 10, "2025-01-02", "CN", NULL, NULL, NULL, "US");
  ot_test_add (ds, "e", NULL, "reported", 5, "2024-12", "CN", NULL, NULL, NULL, "VN");
  ot_test_add (ds, "f", "antimony", "seized", 1, NULL, "CN", NULL, NULL, NULL, "VN");
  return ds;
}

static void
test_timeline_binning (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtHistogram) h = ot_histogram_new (ds, NULL, OT_HISTOGRAM_INCIDENTS);
  OtMineral sb, ga;
  guint none;
  double sum = 0;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("gallium", &ga));
  none = ot_histogram_get_n_slots (h) - 1;
  g_assert_cmpint (ot_histogram_slot_mineral (h, none), ==, OT_MINERAL_NONE);
  g_assert_cmpint (ot_histogram_slot_mineral (h, sb), ==, sb);

  /* Jan 2024 (c's year) to Jan 2025 (d). */
  g_assert_cmpint (ot_histogram_get_first_month (h), ==, month (2024, 1));
  g_assert_cmpuint (ot_histogram_get_n_months (h), ==, 13);
  g_assert_cmpuint (ot_histogram_get_n_undated (h), ==, 1);

  /* March 2024: a and b (antimony), 1/12 of c (gallium). */
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (h, 2, sb), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (h, 2, ga), 1.0 / 12, 1e-9);
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_total (h, 2), 2.0 + 1.0 / 12, 1e-9);
  /* December 2024: e has no mineral. */
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (h, 11, none), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (h, 12, ga), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_max_total (h), 2.0 + 1.0 / 12, 1e-9);
  /* Every dated record counts once in all. */
  for (guint m = 0; m < ot_histogram_get_n_months (h); m++)
    sum += ot_histogram_get_total (h, m);
  g_assert_cmpfloat_with_epsilon (sum, 5.0, 1e-9);

  /* Where records begin (play stops there): c's year in January, a and b
   * in March, e in December, d in January 2025; nothing in between. */
  g_assert_cmpuint (ot_histogram_get_n_starting (h, 0), ==, 1);
  g_assert_cmpuint (ot_histogram_get_n_starting (h, 1), ==, 0);
  g_assert_cmpuint (ot_histogram_get_n_starting (h, 2), ==, 2);
  g_assert_cmpuint (ot_histogram_get_n_starting (h, 11), ==, 1);
  g_assert_cmpuint (ot_histogram_get_n_starting (h, 12), ==, 1);
  for (guint m = 3; m < 11; m++)
    g_assert_cmpuint (ot_histogram_get_n_starting (h, m), ==, 0);
}

static void
test_timeline_kg_and_filter (void)
{
  g_autoptr(OtDataset) ds = make_dataset ();
  g_autoptr(OtHistogram) kg = ot_histogram_new (ds, NULL, OT_HISTOGRAM_KG);
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtHistogram) filtered = NULL;
  OtMineral sb, ga;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("gallium", &ga));
  /* b has no quantity: it adds nothing to the kg bars. */
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (kg, 2, sb), 120.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (kg, 5, ga), 5.0, 1e-9);

  /* The period is ignored; the rest of the filter applies; the axis
   * stays the dataset's. */
  ot_filter_set_mineral (filter, ga, TRUE);
  ot_filter_set_period (filter, ot_month_first_day (month (2024, 3)), ot_month_last_day (month (2024, 3)));
  filtered = ot_histogram_new (ds, filter, OT_HISTOGRAM_INCIDENTS);
  g_assert_cmpuint (ot_histogram_get_n_months (filtered), ==, 13);
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (filtered, 2, sb), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ot_histogram_get_value (filtered, 12, ga), 1.0, 1e-9);
  g_assert_cmpuint (ot_histogram_get_n_starting (filtered, 2), ==, 0);   /* a and b: antimony */
  g_assert_cmpuint (ot_histogram_get_n_starting (filtered, 0), ==, 1);   /* c: gallium */
  g_assert_cmpuint (ot_histogram_get_n_undated (filtered), ==, 0);
}

static void
test_timeline_empty (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtHistogram) h = NULL;

  ot_test_add (ds, "x", "antimony", NULL, NAN, NULL, "CN", NULL, NULL, NULL, NULL);
  h = ot_histogram_new (ds, NULL, OT_HISTOGRAM_INCIDENTS);
  g_assert_cmpuint (ot_histogram_get_n_months (h), ==, 0);
  g_assert_cmpuint (ot_histogram_get_n_undated (h), ==, 1);
}

static void
test_controls_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = ot_controls_load_default (&error);
  const OtControl *first, *antimony = NULL;
  g_autofree char *label = NULL;
  OtMineral sb, dy;

  g_assert_no_error (error);
  g_assert_nonnull (controls);
  g_assert_cmpuint (controls->len, >=, 6);
  first = g_ptr_array_index (controls, 0);
  g_assert_cmpstr (first->id, ==, "CN-2023-23");
  label = ot_control_label (first);
  g_assert_cmpstr (label, ==, "Ga, Ge");
  g_assert_true (g_str_has_prefix (first->source, "https://"));

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("dysprosium", &dy));
  for (guint i = 0; i < controls->len; i++)
    {
      const OtControl *c = g_ptr_array_index (controls, i);

      if (i > 0)
        g_assert_cmpuint (c->day, >=, ((OtControl *) g_ptr_array_index (controls, i - 1))->day);
      if (strcmp (c->id, "CN-2024-33") == 0)
        antimony = c;
      if (strcmp (c->id, "CN-2025-18") == 0)
        g_assert_true (ot_control_covers (c, dy));
    }
  g_assert_nonnull (antimony);
  g_assert_true (ot_control_covers (antimony, sb));
  g_assert_cmpint (antimony->effective.year, ==, 2024);
  g_assert_cmpint (antimony->effective.month, ==, 9);
  g_assert_cmpint (antimony->effective.day, ==, 15);
}

static void
test_controls_bad_rows (void)
{
  const char *text =
    "# comment\n"
    "ID,Effective,Minerals,source\n"
    "ok-2,2025-02,tungsten; bismuth,https://example.org\n"
    "bad-date,2025-13-01,tungsten,\n"
    "bad-mineral,2024-01-01,unobtainium;antimony,\n"
    ",2024-01-01,antimony,\n"
    "no-mineral,2024-01-01,,\n"
    "ok-1,2023,gallium,\n"
    "\"unterminated,2023,gallium\n";
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = ot_controls_parse (text, strlen (text), "x.csv", problems, &error);
  g_autofree char *first = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (controls->len, ==, 2);
  g_assert_cmpstr (((OtControl *) g_ptr_array_index (controls, 0))->id, ==, "ok-1");
  g_assert_cmpuint (((OtControl *) g_ptr_array_index (controls, 1))->n_minerals, ==, 2);
  g_assert_cmpuint (problems->len, ==, 5);
  first = ot_problem_to_string (g_ptr_array_index (problems, 0));
  g_assert_nonnull (strstr (first, "x.csv:4"));
  g_assert_nonnull (strstr (first, "2025-13-01"));
  g_assert_nonnull (strstr (((OtProblem *) g_ptr_array_index (problems, 1))->message, "unobtainium"));
}

static void
test_controls_bad_header (void)
{
  const char *text = "id,minerals\nx,antimony\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) controls = ot_controls_parse (text, strlen (text), "y.csv", NULL, &error);

  g_assert_null (controls);
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "effective"));
  g_clear_error (&error);
  controls = ot_controls_parse ("", 0, "z.csv", NULL, &error);
  g_assert_null (controls);
  g_assert_error (error, OT_ERROR, OT_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/months", test_timeline_months);
  g_test_add_func ("/timeline/binning", test_timeline_binning);
  g_test_add_func ("/timeline/kg-and-filter", test_timeline_kg_and_filter);
  g_test_add_func ("/timeline/empty", test_timeline_empty);
  g_test_add_func ("/controls/default", test_controls_default);
  g_test_add_func ("/controls/bad-rows", test_controls_bad_rows);
  g_test_add_func ("/controls/bad-header", test_controls_bad_header);

  return g_test_run ();
}
