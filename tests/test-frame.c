/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OtFrame (issue 16): what a chart update gives the other views comes from
 * the chart's own filter pass and equals what each view would compute by
 * itself — the table's rows are the filter's incidents, the timeline's
 * histogram and the sidebar's counts those of the same filter — and a
 * frame stays as it was while the chart moves on. */
#include "ot-frame.h"
#include "ot-test-load.h"

static OtFrame *
frame_for (OtChart        *chart,
           OtFrameCache   *cache,
           OtDataset      *dataset,
           const OtFilter *filter)
{
  g_autoptr(GError) error = NULL;

  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_filter (chart, filter);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return ot_frame_new_from_chart (chart, cache, OT_HISTOGRAM_INCIDENTS);
}

/* The frame's rows, histogram and counts are the filter's, as computed
 * on their own. */
static void
check_frame (OtFrame        *frame,
             OtDataset      *dataset,
             const OtFilter *filter)
{
  g_autofree guint8 *mask = NULL;
  g_autoptr(OtHistogram) histogram = ot_histogram_new (dataset, filter, OT_HISTOGRAM_INCIDENTS);
  g_autoptr(OtFacets) facets = ot_facets_new (dataset, filter);
  OtHistogram *shown = ot_frame_get_histogram (frame);
  OtFacets *counted = ot_frame_get_facets (frame);
  GArray *rows = ot_frame_get_rows (frame);
  guint n_included = 0, k = 0;

  mask = ot_filter_apply (filter, dataset, &n_included);
  g_assert_cmpuint (n_included, >, 0);
  g_assert_cmpuint (rows->len, ==, n_included);
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    if (mask[i])
      g_assert_cmpuint (g_array_index (rows, guint, k++), ==, i);
  g_assert_cmpuint (ot_network_get_n_included (ot_frame_get_network (frame)), ==, n_included);
  g_assert_nonnull (ot_frame_get_scene (frame));

  g_assert_cmpuint (ot_histogram_get_n_months (shown), ==, ot_histogram_get_n_months (histogram));
  g_assert_cmpint (ot_histogram_get_first_month (shown), ==, ot_histogram_get_first_month (histogram));
  for (guint m = 0; m < ot_histogram_get_n_months (histogram); m++)
    g_assert_cmpfloat (ot_histogram_get_total (shown, m), ==, ot_histogram_get_total (histogram, m));

  g_assert_true (ot_facets_get_dataset (counted) == dataset);
  g_assert_cmpuint (ot_facets_get_n_matching (counted), ==, n_included);
  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    {
      g_assert_cmpuint (ot_facets_get_n_items (counted, part), ==, ot_facets_get_n_items (facets, part));
      for (guint i = 0; i < ot_facets_get_n_items (facets, part); i++)
        {
          const OtFacetItem *want = ot_facets_get_item (facets, part, i);
          const OtFacetItem *got = ot_facets_find (counted, part, want->key);

          g_assert_nonnull (got);
          g_assert_cmpuint (got->count, ==, want->count);
          g_assert_cmpuint (got->total, ==, want->total);
        }
    }
}

static void
test_frame_same_pass (void)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtDataset) demo = ot_test_load_demo ();
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(OtFrameCache) cache = ot_frame_cache_new ();
  g_autoptr(OtFilter) antimony = ot_filter_new ();
  g_autoptr(OtFilter) year = ot_filter_new ();
  g_autoptr(OtFrame) first = NULL;
  g_autoptr(OtFrame) second = NULL;
  g_autoptr(OtFrame) other = NULL;
  g_autoptr(OtChart) empty = ot_chart_new ();
  OtMineral sb;
  guint n_first;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  ot_filter_set_mineral (antimony, sb, TRUE);
  first = frame_for (chart, cache, dataset, antimony);
  check_frame (first, dataset, antimony);
  n_first = ot_frame_get_rows (first)->len;

  /* The chart moves on (another filter, the cache's values reused): the
   * first frame is unchanged. */
  ot_filter_set_period (year, ot_month_first_day (2024 * 12), ot_month_last_day (2024 * 12 + 11));
  second = frame_for (chart, cache, dataset, year);
  check_frame (second, dataset, year);
  g_assert_cmpuint (ot_frame_get_rows (first)->len, ==, n_first);
  g_assert_cmpuint (ot_facets_get_n_matching (ot_frame_get_facets (first)), ==, n_first);
  g_assert_cmpuint (ot_frame_get_rows (second)->len, !=, n_first);

  /* Another dataset: its own values. */
  other = frame_for (chart, cache, demo, NULL);
  check_frame (other, demo, NULL);

  /* No update, no network: no frame. */
  g_assert_null (ot_frame_new_from_chart (empty, cache, OT_HISTOGRAM_INCIDENTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame/same-pass", test_frame_same_pass);

  return g_test_run ();
}
