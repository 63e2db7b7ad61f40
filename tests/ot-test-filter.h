/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a filter lets through, for the filter tests. */
#pragma once

#include "ot-filter.h"

/* The ids of the incidents @filter lets through, joined: "A,C".  The mask
 * (ot_filter_apply ()), its count and ot_filter_matches_in () must agree. */
static inline char *
ot_test_passing (OtDataset      *ds,
                 const OtFilter *filter)
{
  g_autofree guint8 *mask = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_included = 0, counted = 0;

  mask = ot_filter_apply (filter, ds, &n_included);
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      g_assert_cmpint (mask[i] != 0, ==, ot_filter_matches_in (filter, ds, incident));
      if (!ot_dataset_has_aliases (ds))
        g_assert_cmpint (mask[i] != 0, ==, ot_filter_matches (filter, incident));
      if (!mask[i])
        continue;
      if (out->len)
        g_string_append_c (out, ',');
      g_string_append (out, incident->id);
      counted++;
    }
  g_assert_cmpuint (counted, ==, n_included);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Asserts that @filter lets through exactly the ids @expected ("A,C"). */
#define ot_test_assert_passing(ds, filter, expected) \
  G_STMT_START { \
    g_autofree char *got_ = ot_test_passing ((ds), (filter)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END
