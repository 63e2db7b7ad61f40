/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts for the core tests: one built on a dataset and brought up to
 * date in the test's thread. */
#pragma once

#include "ot-chart.h"

/* Brings @chart up to date; the test fails on an error. */
static inline void
ot_test_chart_update (OtChart *chart)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
}

/* A network view of @dataset, not yet updated. */
static inline OtChart *
ot_test_network_chart (OtDataset *dataset)
{
  OtChart *chart = ot_chart_new ();

  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, OT_VIEW_NETWORK);
  return chart;
}
